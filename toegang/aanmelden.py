"""Self-registration of a zorgaanbieder without eHerkenning (issue 12, item 2).

1. ``aanmelden``: KvK-nummer, who the registrant is and an e-mail address; the organisation's name, legal form and
   address come from the KvK Handelsregister where the client is on (``toegang.kvk``), else as typed. A link to
   confirm the address is mailed (made when the mail leaves: ``inschrijving.berichten.verstuur_met_link``).
2. ``bevestigen``: the registrant confirms (a POST from the page the link opens, so a mail scanner that follows links
   confirms nothing); the beheerders are told an aanmelding waits.
3. ``goedkeuren`` / ``afwijzen`` by a beheerder of the zorgkantoor, with the organisation's data as checked. Approval
   creates the Zorgaanbieder and its first user (a tekenbevoegde) and mails a link to set a password; the second
   factor is set at the first login. Both land in the audit trail.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beoordeling import audit
from inschrijving import berichten
from inschrijving.models import Gebruiker, Rol, Zorgaanbieder
from toegang.models import Aanmelding
from wlzportal.links import portaal_url

BEVESTIGEN_GELDIG = 48 * 3600  # seconds a confirmation link works
_ZOUT = "toegang.aanmelding.bevestigen"


# --- links made when the mail leaves ----------------------------------------------------------------------------

def _bevestiglink(bericht, sleutel: str) -> str:
    aanmelding = Aanmelding.objects.filter(pk=sleutel).first()
    if (aanmelding is None or aanmelding.status != Aanmelding.Status.ONBEVESTIGD
            or aanmelding.email.lower() != bericht.aan.lower()):
        return _("(deze link is niet meer nodig: uw e-mailadres is al bevestigd of de aanmelding is vervallen)")
    return portaal_url("toegang:bevestigen",
                       signing.dumps({"a": aanmelding.pk, "e": aanmelding.email.lower()}, salt=_ZOUT))


def _welkomstlink(bericht, sleutel: str) -> str:
    """A link to set the first password of a new account: only while it has never been used to log in."""
    gebruiker = Gebruiker.objects.filter(pk=sleutel).first()
    geldig = (gebruiker is not None and gebruiker.is_active and gebruiker.last_login is None
              and gebruiker.email.lower() == bericht.aan.lower())
    return berichten.wachtwoordlink(gebruiker if geldig else None)


def registreer_links() -> None:
    berichten.registreer_link("bevestigen", _bevestiglink)
    berichten.registreer_link("welkom", _welkomstlink)


# --- the steps ---------------------------------------------------------------------------------------------------

def bestaat_al(kvk_nummer: str) -> bool:
    return Zorgaanbieder.objects.filter(kvk_nummer=kvk_nummer).exists()


def aanmelden(aanmelding: Aanmelding) -> Aanmelding:
    """Store a new (validated) aanmelding and mail the link to confirm its e-mail address."""
    with transaction.atomic():
        aanmelding.status, aanmelding.aangemeld_op = Aanmelding.Status.ONBEVESTIGD, timezone.now()
        aanmelding.email = aanmelding.email.strip()
        aanmelding.save()
        berichten.verstuur_met_link(
            aan=aanmelding.email, soort="bevestigen", sleutel=str(aanmelding.pk),
            onderwerp=_("Bevestig uw e-mailadres voor het Wlz inschrijvingsportaal"),
            tekst=_("Beste %(naam)s,\n\nU heeft %(org)s (KvK %(kvk)s) aangemeld bij het Wlz inschrijvingsportaal. "
                    "Bevestig uw e-mailadres binnen 48 uur via deze link:\n\n{link}\n\nDaarna beoordeelt een "
                    "beheerder van het zorgkantoor uw aanmelding; u krijgt bericht zodra die is goedgekeurd.\n\n"
                    "Heeft u zich niet aangemeld? Dan kunt u deze e-mail negeren.")
            % {"naam": aanmelding.voornaam, "org": aanmelding.statutaire_naam, "kvk": aanmelding.kvk_nummer})
    return aanmelding


def aanmelding_van_token(token: str) -> Aanmelding:
    """The aanmelding a confirmation link is for; ValidationError when the link is wrong, expired or used."""
    try:
        inhoud = signing.loads(token, salt=_ZOUT, max_age=BEVESTIGEN_GELDIG)
    except signing.SignatureExpired as fout:
        raise ValidationError(_("Deze link is verlopen. Meld u opnieuw aan; u krijgt dan een nieuwe link.")) from fout
    except signing.BadSignature as fout:
        raise ValidationError(_("Deze link is niet geldig. Gebruik de link uit de laatste e-mail.")) from fout
    aanmelding = Aanmelding.objects.filter(pk=inhoud.get("a")).first()
    if aanmelding is None or aanmelding.email.lower() != inhoud.get("e"):
        raise ValidationError(_("Deze link is niet geldig. Gebruik de link uit de laatste e-mail."))
    return aanmelding


def bevestigen(aanmelding: Aanmelding) -> Aanmelding:
    with transaction.atomic():
        aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
        if aanmelding.status != Aanmelding.Status.ONBEVESTIGD:
            return aanmelding  # confirmed before: the same page again
        aanmelding.status, aanmelding.bevestigd_op = Aanmelding.Status.TE_BEOORDELEN, timezone.now()
        aanmelding.save(update_fields=["status", "bevestigd_op"])
        beheerders = Gebruiker.objects.filter(rol=Rol.BEHEERDER, is_active=True)
        berichten.verstuur(
            aan=beheerders, onderwerp=_("Nieuwe aanmelding: %(org)s") % {"org": aanmelding.statutaire_naam},
            tekst=_("%(org)s (KvK %(kvk)s) heeft zich aangemeld; het e-mailadres van %(naam)s is bevestigd. "
                    "Beoordeel de aanmelding op %(url)s") % {
                "org": aanmelding.statutaire_naam, "kvk": aanmelding.kvk_nummer,
                "naam": f"{aanmelding.voornaam} {aanmelding.achternaam}",
                "url": portaal_url("toegang:aanmelding", aanmelding.pk)})
    return aanmelding


def _te_beoordelen(aanmelding: Aanmelding) -> Aanmelding:
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    if aanmelding.status != Aanmelding.Status.TE_BEOORDELEN:
        raise ValidationError(_("Deze aanmelding is al beoordeeld of het e-mailadres is nog niet bevestigd."))
    return aanmelding


def goedkeuren(aanmelding: Aanmelding, *, door: Gebruiker, gegevens: dict) -> Gebruiker:
    """Create the organisation with ``gegevens`` (statutaire_naam, rechtsvorm, straat, postcode, plaats, as the
    beheerder checked them) and its first user, a tekenbevoegde; mail the link to set a password."""
    if door.rol != Rol.BEHEERDER:
        raise ValidationError(_("Alleen een beheerder van het zorgkantoor keurt een aanmelding goed."))
    with transaction.atomic():
        aanmelding = _te_beoordelen(aanmelding)
        if bestaat_al(aanmelding.kvk_nummer):
            raise ValidationError(_("Er is al een zorgaanbieder met KvK-nummer %(kvk)s in het portaal. Wijs de "
                                    "aanmelding af; een tekenbevoegde van die organisatie kan de aanmelder "
                                    "uitnodigen.") % {"kvk": aanmelding.kvk_nummer})
        gebruikersnaam = aanmelding.email.lower()
        if Gebruiker.objects.filter(username__iexact=gebruikersnaam).exists():
            raise ValidationError(_("Er is al een account met het e-mailadres %(email)s.")
                                  % {"email": aanmelding.email})
        zorgaanbieder = Zorgaanbieder.objects.create(kvk_nummer=aanmelding.kvk_nummer, email=aanmelding.email,
                                                     **gegevens)
        gebruiker = Gebruiker(username=gebruikersnaam, email=aanmelding.email, first_name=aanmelding.voornaam,
                              last_name=aanmelding.achternaam, rol=Rol.TEKENBEVOEGDE, zorgaanbieder=zorgaanbieder)
        gebruiker.set_unusable_password()
        gebruiker.full_clean(exclude=["password"])
        gebruiker.save()
        for veld, waarde in gegevens.items():
            setattr(aanmelding, veld, waarde)
        aanmelding.status, aanmelding.gebruiker = Aanmelding.Status.GOEDGEKEURD, gebruiker
        aanmelding.beoordeeld_door, aanmelding.beoordeeld_op = door, timezone.now()
        aanmelding.save()
        audit.log(actie="aanmelding_goedgekeurd", zorgaanbieder=zorgaanbieder, door=door,
                  omschrijving=_("%(org)s (KvK %(kvk)s) toegelaten; eerste gebruiker %(naam)s (%(email)s), "
                                 "tekenbevoegde. Organisatiegegevens uit: %(bron)s.") % {
                      "org": zorgaanbieder.statutaire_naam, "kvk": zorgaanbieder.kvk_nummer,
                      "naam": gebruiker.get_full_name(), "email": gebruiker.email,
                      "bron": aanmelding.get_bron_display()})
        berichten.verstuur_met_link(
            aan=gebruiker, soort="welkom", sleutel=str(gebruiker.pk),
            onderwerp=_("Uw aanmelding bij het Wlz inschrijvingsportaal is goedgekeurd"),
            tekst=_("Beste %(naam)s,\n\nDe aanmelding van %(org)s is goedgekeurd. Stel via deze link uw wachtwoord "
                    "in:\n\n{link}\n\nUw gebruikersnaam is %(gebruikersnaam)s. Bij de eerste keer inloggen stelt u "
                    "ook een tweede factor in met een authenticator-app. Daarna kunt u collega's uitnodigen onder "
                    "'Mijn organisatie'.") % {"naam": gebruiker.first_name, "org": zorgaanbieder.statutaire_naam,
                                              "gebruikersnaam": gebruiker.username})
    return gebruiker


def afwijzen(aanmelding: Aanmelding, *, door: Gebruiker, reden: str) -> Aanmelding:
    if door.rol != Rol.BEHEERDER:
        raise ValidationError(_("Alleen een beheerder van het zorgkantoor wijst een aanmelding af."))
    if not reden.strip():
        raise ValidationError({"reden": _("Schrijf waarom de aanmelding wordt afgewezen; de aanmelder leest het.")})
    with transaction.atomic():
        aanmelding = _te_beoordelen(aanmelding)
        aanmelding.status, aanmelding.reden = Aanmelding.Status.AFGEWEZEN, reden.strip()
        aanmelding.beoordeeld_door, aanmelding.beoordeeld_op = door, timezone.now()
        aanmelding.save()
        audit.log(actie="aanmelding_afgewezen", door=door,
                  omschrijving=_("Aanmelding van %(org)s (KvK %(kvk)s) door %(email)s afgewezen: %(reden)s") % {
                      "org": aanmelding.statutaire_naam, "kvk": aanmelding.kvk_nummer, "email": aanmelding.email,
                      "reden": aanmelding.reden})
        berichten.verstuur(
            aan=[aanmelding.email], onderwerp=_("Uw aanmelding bij het Wlz inschrijvingsportaal"),
            tekst=_("Beste %(naam)s,\n\nDe aanmelding van %(org)s is niet goedgekeurd:\n\n%(reden)s\n\nHeeft u "
                    "vragen, neem dan contact op met het zorgkantoor.") % {
                "naam": aanmelding.voornaam, "org": aanmelding.statutaire_naam, "reden": aanmelding.reden})
    return aanmelding
