"""An e-mail address for a user who came in through eHerkenning (issue 12): brokers rarely assert one, yet the
receipt, the decision and the team's invitations go by e-mail. The user gives it; a link sent to it (made when the
mail leaves) confirms it, and only then is it the account's address."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inschrijving import berichten
from inschrijving.models import Gebruiker
from toegang.models import EherkenningIdentiteit
from wlzportal.links import portaal_url

_ZOUT = "toegang.email"
GELDIG = 48 * 3600


def _link(bericht, sleutel: str) -> str:
    ident = EherkenningIdentiteit.objects.filter(gebruiker_id=sleutel).first()
    if ident is None or not ident.email_voorgesteld or ident.email_voorgesteld.lower() != bericht.aan.lower():
        return _("(deze link is niet meer geldig; vul uw e-mailadres opnieuw in)")
    token = signing.dumps({"g": ident.gebruiker_id, "e": ident.email_voorgesteld.lower()}, salt=_ZOUT)
    return portaal_url("toegang:email_bevestigen", token)


def registreer_links() -> None:
    berichten.registreer_link("email", _link)


def voorstellen(gebruiker: Gebruiker, email: str) -> None:
    with transaction.atomic():
        ident = EherkenningIdentiteit.objects.select_for_update().get(gebruiker=gebruiker)
        ident.email_voorgesteld = email.strip()
        ident.save(update_fields=["email_voorgesteld"])
        berichten.verstuur_met_link(
            aan=ident.email_voorgesteld, soort="email", sleutel=str(gebruiker.pk),
            onderwerp=_("Bevestig uw e-mailadres voor het Wlz inschrijvingsportaal"),
            tekst=_("Bevestig via deze link dat dit uw e-mailadres is voor het Wlz inschrijvingsportaal (48 uur "
                    "geldig):\n\n{link}\n\nHierheen gaan daarna uw ontvangstbevestigingen en berichten."))


def bevestigen(gebruiker: Gebruiker, token: str) -> str:
    try:
        inhoud = signing.loads(token, salt=_ZOUT, max_age=GELDIG)
    except signing.BadSignature as fout:
        raise ValidationError(_("Deze link is niet (meer) geldig. Vul uw e-mailadres opnieuw in.")) from fout
    with transaction.atomic():
        ident = EherkenningIdentiteit.objects.select_for_update().filter(gebruiker=gebruiker).first()
        if (ident is None or inhoud.get("g") != gebruiker.pk
                or (ident.email_voorgesteld or "").lower() != inhoud.get("e")):
            raise ValidationError(_("Deze link is niet (meer) geldig. Vul uw e-mailadres opnieuw in."))
        gebruiker.email, ident.email_voorgesteld = ident.email_voorgesteld, ""
        gebruiker.save(update_fields=["email"])
        ident.save(update_fields=["email_voorgesteld"])
    return gebruiker.email
