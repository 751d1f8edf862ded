"""The organisation runs its own team (issue 12, item 4): a tekenbevoegde invites colleagues by e-mail, sets their
role and removes them; each change lands in the audit trail under the organisation. ``collegas`` and
``uitnodigingen`` are the one scope: a user sees only its own organisation's people, and any other id is a 404.

A removed colleague is deactivated, never deleted (what they did stays attributable); its session ends with it.
The organisation always keeps a tekenbevoegde: the last one can neither be removed nor made medewerker."""

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from beoordeling import audit
from inschrijving import berichten
from inschrijving.models import AANBIEDER_ROLLEN, Gebruiker, Rol
from toegang.models import Uitnodiging
from wlzportal.links import portaal_url

_ZOUT = "toegang.uitnodiging"


def collegas(gebruiker: Gebruiker) -> QuerySet[Gebruiker]:
    """The users of ``gebruiker``'s own organisation (none for anyone who is not an aanbieder's user)."""
    if not gebruiker.is_authenticated or not gebruiker.is_aanbieder or not gebruiker.zorgaanbieder_id:
        return Gebruiker.objects.none()
    return Gebruiker.objects.filter(zorgaanbieder_id=gebruiker.zorgaanbieder_id, rol__in=AANBIEDER_ROLLEN)


def uitnodigingen(gebruiker: Gebruiker) -> QuerySet[Uitnodiging]:
    if not gebruiker.is_authenticated or not gebruiker.is_aanbieder or not gebruiker.zorgaanbieder_id:
        return Uitnodiging.objects.none()
    return Uitnodiging.objects.filter(zorgaanbieder_id=gebruiker.zorgaanbieder_id)


def _beheert_team(door: Gebruiker) -> None:
    if not door.is_aanbieder or not door.mag_tekenen:
        raise PermissionDenied(_("Alleen een tekenbevoegde beheert het team van de organisatie."))


def _naam(g) -> str:
    return g.get_full_name() or g.username


def _rolnaam(rol: str) -> str:
    return str(Rol(rol).label)


def _grond_nodig(rol: str, grond: str) -> None:
    if rol == Rol.TEKENBEVOEGDE and grond not in ("register", "volmacht"):
        raise ValidationError({"grond": _("Geef aan waarop de tekenbevoegdheid berust: de inschrijving in het KvK "
                                          "Handelsregister of een volmacht. De zorginkoper controleert dat met het "
                                          "uittreksel of de volmacht bij de inschrijving.")})


def _grond_tekst(rol: str, grond: str) -> str:
    if rol != Rol.TEKENBEVOEGDE:
        return ""
    return {"register": _(" (staat als bevoegd in het KvK Handelsregister)"),
            "volmacht": _(" (met volmacht)")}.get(grond, "")


# --- invitations ---------------------------------------------------------------------------------------------------

def _uitnodigingslink(bericht, sleutel: str) -> str:
    uitnodiging = Uitnodiging.objects.filter(pk=sleutel).first()
    if (uitnodiging is None or uitnodiging.status != Uitnodiging.Status.OPEN or uitnodiging.verlopen
            or uitnodiging.email.lower() != bericht.aan.lower()):
        return _("(deze uitnodiging is niet meer geldig; vraag uw collega om een nieuwe)")
    token = signing.dumps({"u": uitnodiging.pk, "e": uitnodiging.email.lower()}, salt=_ZOUT)
    return portaal_url("toegang:uitnodiging", token)


def registreer_links() -> None:
    berichten.registreer_link("uitnodiging", _uitnodigingslink)


def uitnodigen(*, door: Gebruiker, email: str, voornaam: str, achternaam: str, rol: str,
               grond: str = "") -> Uitnodiging:
    _beheert_team(door)
    _grond_nodig(rol, grond)
    email = email.strip()
    with transaction.atomic():
        if collegas(door).filter(email__iexact=email, is_active=True).exists():
            raise ValidationError({"email": _("%(email)s is al een collega in het portaal.") % {"email": email}})
        open_ = uitnodigingen(door).select_for_update().filter(email__iexact=email, status=Uitnodiging.Status.OPEN)
        if any(not u.verlopen for u in open_):
            raise ValidationError({"email": _("%(email)s is al uitgenodigd. Trek die uitnodiging in om een nieuwe te "
                                              "sturen.") % {"email": email}})
        uitnodiging = Uitnodiging.objects.create(
            zorgaanbieder_id=door.zorgaanbieder_id, email=email, voornaam=voornaam, achternaam=achternaam, rol=rol,
            grond=grond if rol == Rol.TEKENBEVOEGDE else "", uitgenodigd_door=door, uitgenodigd_op=timezone.now())
        audit.log(actie="collega_uitgenodigd", zorgaanbieder=door.zorgaanbieder, door=door,
                  omschrijving=_("%(naam)s (%(email)s) uitgenodigd als %(rol)s%(grond)s.") % {
                      "naam": f"{voornaam} {achternaam}", "email": email, "rol": _rolnaam(rol),
                      "grond": _grond_tekst(rol, grond)})
        berichten.verstuur_met_link(
            aan=email, soort="uitnodiging", sleutel=str(uitnodiging.pk),
            onderwerp=_("Uitnodiging voor het Wlz inschrijvingsportaal van %(org)s") % {
                "org": door.zorgaanbieder.statutaire_naam},
            tekst=_("Beste %(voornaam)s,\n\n%(door)s nodigt u uit om namens %(org)s te werken in het Wlz "
                    "inschrijvingsportaal, als %(rol)s. Maak uw account aan via deze link (%(dagen)s dagen "
                    "geldig):\n\n{link}\n\nBij de eerste keer inloggen stelt u een tweede factor in met een "
                    "authenticator-app.") % {
                "voornaam": voornaam, "door": _naam(door), "org": door.zorgaanbieder.statutaire_naam,
                "rol": _rolnaam(rol).lower(), "dagen": Uitnodiging.GELDIG_DAGEN})
    return uitnodiging


def intrekken(*, door: Gebruiker, uitnodiging: Uitnodiging) -> None:
    _beheert_team(door)
    with transaction.atomic():
        uitnodiging = uitnodigingen(door).select_for_update().get(pk=uitnodiging.pk)
        if uitnodiging.status != Uitnodiging.Status.OPEN:
            raise ValidationError(_("Deze uitnodiging is al aanvaard of ingetrokken."))
        uitnodiging.status = Uitnodiging.Status.INGETROKKEN
        uitnodiging.save(update_fields=["status"])
        audit.log(actie="uitnodiging_ingetrokken", zorgaanbieder=door.zorgaanbieder, door=door,
                  omschrijving=_("Uitnodiging van %(email)s ingetrokken.") % {"email": uitnodiging.email})


def uitnodiging_van_token(token: str) -> Uitnodiging:
    try:
        inhoud = signing.loads(token, salt=_ZOUT, max_age=Uitnodiging.GELDIG_DAGEN * 24 * 3600)
    except signing.BadSignature as fout:  # SignatureExpired included
        raise ValidationError(_("Deze uitnodiging is niet (meer) geldig. Vraag uw collega om een nieuwe.")) from fout
    uitnodiging = Uitnodiging.objects.select_related("zorgaanbieder", "uitgenodigd_door").filter(
        pk=inhoud.get("u")).first()
    if (uitnodiging is None or uitnodiging.email.lower() != inhoud.get("e")
            or uitnodiging.status != Uitnodiging.Status.OPEN or uitnodiging.verlopen):
        raise ValidationError(_("Deze uitnodiging is niet (meer) geldig. Vraag uw collega om een nieuwe."))
    return uitnodiging


def aanvaarden(uitnodiging: Uitnodiging, *, wachtwoord: str) -> Gebruiker:
    """The invited colleague's account, with the password it chose; the second factor follows at the first login."""
    with transaction.atomic():
        uitnodiging = Uitnodiging.objects.select_for_update().get(pk=uitnodiging.pk)
        if uitnodiging.status != Uitnodiging.Status.OPEN or uitnodiging.verlopen:
            raise ValidationError(_("Deze uitnodiging is niet (meer) geldig. Vraag uw collega om een nieuwe."))
        if Gebruiker.objects.filter(username__iexact=uitnodiging.email).exists():
            raise ValidationError(_("Er bestaat al een account met dit e-mailadres. Log daarmee in, of vraag uw "
                                    "collega om een uitnodiging op een ander e-mailadres."))
        gebruiker = Gebruiker(username=uitnodiging.email.lower(), email=uitnodiging.email,
                              first_name=uitnodiging.voornaam, last_name=uitnodiging.achternaam, rol=uitnodiging.rol,
                              zorgaanbieder_id=uitnodiging.zorgaanbieder_id)
        gebruiker.set_password(wachtwoord)
        gebruiker.save()
        uitnodiging.status, uitnodiging.gebruiker = Uitnodiging.Status.AANVAARD, gebruiker
        uitnodiging.save(update_fields=["status", "gebruiker"])
        audit.log(actie="uitnodiging_aanvaard", zorgaanbieder=uitnodiging.zorgaanbieder, door=gebruiker,
                  omschrijving=_("%(naam)s heeft de uitnodiging aanvaard; account %(gebruikersnaam)s, %(rol)s.") % {
                      "naam": _naam(gebruiker), "gebruikersnaam": gebruiker.username,
                      "rol": _rolnaam(gebruiker.rol).lower()})
    return gebruiker


# --- roles and removal --------------------------------------------------------------------------------------------

def _laatste_tekenbevoegde(door: Gebruiker, collega: Gebruiker) -> bool:
    return (collega.rol == Rol.TEKENBEVOEGDE and not collegas(door).filter(
        rol=Rol.TEKENBEVOEGDE, is_active=True).exclude(pk=collega.pk).exists())


def rol_wijzigen(*, door: Gebruiker, collega: Gebruiker, rol: str, grond: str = "") -> Gebruiker:
    _beheert_team(door)
    _grond_nodig(rol, grond)
    with transaction.atomic():
        collega = collegas(door).select_for_update().get(pk=collega.pk, is_active=True)
        if collega.rol == rol:
            return collega
        if rol != Rol.TEKENBEVOEGDE and _laatste_tekenbevoegde(door, collega):
            raise ValidationError(_("%(naam)s is de laatste tekenbevoegde van de organisatie. Maak eerst iemand anders "
                                    "tekenbevoegd.") % {"naam": _naam(collega)})
        oud, collega.rol = collega.rol, rol
        collega.save(update_fields=["rol"])
        audit.log(actie="rol_gewijzigd", zorgaanbieder=door.zorgaanbieder, door=door,
                  omschrijving=_("%(naam)s: %(oud)s → %(nieuw)s%(grond)s.") % {
                      "naam": _naam(collega), "oud": _rolnaam(oud).lower(), "nieuw": _rolnaam(rol).lower(),
                      "grond": _grond_tekst(rol, grond)})
    return collega


def verwijderen(*, door: Gebruiker, collega: Gebruiker) -> Gebruiker:
    _beheert_team(door)
    with transaction.atomic():
        collega = collegas(door).select_for_update().get(pk=collega.pk, is_active=True)
        if _laatste_tekenbevoegde(door, collega):
            raise ValidationError(_("%(naam)s is de laatste tekenbevoegde van de organisatie en kan niet worden "
                                    "verwijderd.") % {"naam": _naam(collega)})
        collega.is_active = False
        collega.save(update_fields=["is_active"])
        audit.log(actie="collega_verwijderd", zorgaanbieder=door.zorgaanbieder, door=door,
                  omschrijving=_("%(naam)s (%(gebruikersnaam)s) heeft geen toegang meer.") % {
                      "naam": _naam(collega), "gebruikersnaam": collega.username})
    return collega
