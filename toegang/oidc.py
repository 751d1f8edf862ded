"""Logging in through OpenID Connect (issue 12), with mozilla-django-oidc, for two kinds of user:

* **eHerkenning** for zorgaanbieders, through an eHerkenning broker that speaks OIDC (the route Open Forms offers
  beside SAML). The broker asserts the organisation (the KvK-nummer as ``urn:etoegang:core:LegalSubjectID``), the
  employee's pseudonym (``…:ActingSubjectID``), the vestigingsnummer and the level of assurance; the portal asks for
  ``EHERKENNING_NIVEAU`` (EH3 unless configured otherwise: enough to sign and to accept) and refuses less. The first
  login of an organisation creates it from the KvK Handelsregister (``toegang.kvk``) — or, with that client off,
  from a short form with the KvK-nummer fixed — and makes its first user tekenbevoegde; a colleague's first login
  adds a medewerker (its tekenbevoegde may promote it); later logins find the user by KvK-nummer and pseudonym.
  The eHerkenning means is the second factor, and a login at the required level counts as the recent
  authentication signing asks (``wlzportal.accounts.recent_getypt``).
* **Single sign-on for zorgkantoor staff** through the zorgkantoor's own identity provider: an active staff account
  with the asserted e-mail address logs in (nobody is created this way). The portal's TOTP still follows unless the
  provider asserts a second factor (``MEDEWERKER_OIDC_MFA_CLAIM``, by default ``amr`` containing mfa/otp/hwk/swk).

Each is off until its variables are set (``settings.OIDC_AANBIEDERS``); both run side by side, each with its own
client, endpoints and callback: ``get_settings`` reads the provider's own dict first."""

import hashlib
import logging

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from beoordeling import audit
from inschrijving.models import Gebruiker, Rol, Zorgaanbieder
from toegang import kvk
from toegang.models import EherkenningIdentiteit
from wlzportal.accounts import wachtwoord_getypt

logger = logging.getLogger(__name__)

#: The session says the second factor was given outside the portal (the eHerkenning means, the staff IdP's MFA).
EXTERNE_FACTOR = "wlz_tweede_factor_extern"
#: An eHerkenning login whose organisation is not in the portal yet and the KvK client could not describe.
WACHTEND = "wlz_eherkenning_wachtend"

_NIVEAUS = {"loa1": 1.0, "loa2": 2.0, "loa2plus": 2.5, "loa3": 3.0, "loa4": 4.0}


def niveau_van(waarde) -> float:
    """An eHerkenning level of assurance as a number: ``urn:etoegang:core:assurance-class:loa3``, ``EH3``, ``3``,
    ``loa2plus`` (EH2+ is 2.5); 0 for anything else."""
    tekst = str(waarde or "").strip().lower().rsplit(":", 1)[-1].replace("eh", "loa").replace("+", "plus")
    if tekst.isdigit():
        tekst = f"loa{tekst}"
    return _NIVEAUS.get(tekst, 0.0)


def aan(naam: str) -> bool:
    instellingen = settings.OIDC_AANBIEDERS.get(naam) or {}
    return bool(instellingen.get("OIDC_RP_CLIENT_ID") and instellingen.get("OIDC_OP_AUTHORIZATION_ENDPOINT"))


class _Instellingen:
    naam = ""

    def get_settings(self, attr, *args):
        eigen = settings.OIDC_AANBIEDERS.get(self.naam) or {}
        if attr in eigen:
            return eigen[attr]
        return import_from_settings(attr, *args)

    def get_user(self, user_id):
        """The session's user, only while active: a colleague removed from the team is logged out at once
        (mozilla-django-oidc's own get_user does not look at is_active)."""
        gebruiker = super().get_user(user_id)
        return gebruiker if gebruiker is not None and gebruiker.is_active else None

    def authenticate(self, request, **kwargs):
        """Only on this provider's own callback: the other backend would send the code to its own token endpoint."""
        if request is None or not aan(self.naam) or request.path != reverse(
                self.get_settings("OIDC_AUTHENTICATION_CALLBACK_URL")):
            return None
        return super().authenticate(request, **kwargs)


# --- eHerkenning ----------------------------------------------------------------------------------------------------

class EherkenningBackend(_Instellingen, OIDCAuthenticationBackend):
    naam = "eherkenning"

    def _claim(self, claims: dict, sleutel: str) -> str:
        return str(claims.get(self.get_settings(sleutel)) or "").strip()

    def _identiteit(self, claims: dict) -> dict:
        return {"kvk_nummer": self._claim(claims, "EHERKENNING_CLAIM_KVK"),
                "pseudoniem": self._claim(claims, "EHERKENNING_CLAIM_PSEUDONIEM"),
                "vestigingsnummer": self._claim(claims, "EHERKENNING_CLAIM_VESTIGING"),
                "niveau": niveau_van(claims.get(self.get_settings("EHERKENNING_CLAIM_NIVEAU")))}

    def verify_claims(self, claims):
        ident = self._identiteit(claims)
        if not (ident["kvk_nummer"].isdigit() and len(ident["kvk_nummer"]) == 8) or not ident["pseudoniem"]:
            logger.warning("eHerkenning: geen KvK-nummer of pseudoniem in de claims (%s)", sorted(claims))
            return False
        if ident["niveau"] < float(self.get_settings("EHERKENNING_NIVEAU")):
            self.request.session["wlz_eherkenning_te_laag"] = ident["niveau"]
            return False
        return True

    def filter_users_by_claims(self, claims):
        ident = self._identiteit(claims)
        return Gebruiker.objects.filter(eherkenning__kvk_nummer=ident["kvk_nummer"],
                                        eherkenning__pseudoniem=ident["pseudoniem"])

    def update_user(self, user, claims):
        ident = self._identiteit(claims)
        EherkenningIdentiteit.objects.filter(gebruiker=user).update(
            laatst_op=timezone.now(), niveau=ident["niveau"], vestigingsnummer=ident["vestigingsnummer"])
        return user

    def create_user(self, claims):
        ident = self._identiteit(claims)
        zorgaanbieder = Zorgaanbieder.objects.filter(kvk_nummer=ident["kvk_nummer"]).first()
        if zorgaanbieder is None:
            profiel = None
            if kvk.aan():
                try:
                    profiel = kvk.basisprofiel(ident["kvk_nummer"])
                except kvk.KvkFout as fout:
                    logger.info("eHerkenning: KvK %s niet op te halen: %s", ident["kvk_nummer"], fout.melding)
            if profiel is None or not (profiel.rechtsvorm and profiel.straat and profiel.postcode and profiel.plaats):
                # The organisation is described by the user itself first (toegang.views_oidc.organisatie_aanvullen).
                self.request.session[WACHTEND] = {**ident, "naam": _naam_uit(claims), "email": claims.get("email", ""),
                                                  "profiel": profiel.__dict__ if profiel else None}
                return None
            gegevens = {v: getattr(profiel, v) for v in ("statutaire_naam", "rechtsvorm", "straat", "postcode",
                                                         "plaats")}
            return maak_gebruiker(ident, claims=claims, organisatie=gegevens, bron=_("het KvK Handelsregister"))
        return maak_gebruiker(ident, claims=claims, zorgaanbieder=zorgaanbieder)


def _naam_uit(claims: dict) -> tuple[str, str]:
    return (str(claims.get("given_name") or "").strip(), str(claims.get("family_name") or claims.get("name")
                                                               or "").strip())


def maak_gebruiker(ident: dict, *, claims: dict | None = None, zorgaanbieder: Zorgaanbieder | None = None,
                   organisatie: dict | None = None, bron: str = "") -> Gebruiker:
    """The user of an eHerkenning identity; with ``organisatie`` its organisation is created first (its first user is
    tekenbevoegde), else it joins ``zorgaanbieder`` as medewerker."""
    claims = claims or {}
    voornaam, achternaam = _naam_uit(claims) if claims else (ident.get("naam") or ("", ""))
    with transaction.atomic():
        nieuw = zorgaanbieder is None
        if nieuw:
            zorgaanbieder = Zorgaanbieder.objects.create(kvk_nummer=ident["kvk_nummer"], **organisatie)
        sleutel = hashlib.sha256(f"{ident['kvk_nummer']}:{ident['pseudoniem']}".encode()).hexdigest()[:12]
        gebruiker = Gebruiker(username=f"eh-{ident['kvk_nummer']}-{sleutel}", first_name=voornaam,
                              last_name=achternaam or _("(eHerkenning)"), email=claims.get("email", "") or "",
                              rol=Rol.TEKENBEVOEGDE if nieuw else Rol.MEDEWERKER, zorgaanbieder=zorgaanbieder)
        gebruiker.set_unusable_password()
        gebruiker.save()
        EherkenningIdentiteit.objects.create(gebruiker=gebruiker, kvk_nummer=ident["kvk_nummer"],
                                             pseudoniem=ident["pseudoniem"],
                                             vestigingsnummer=ident.get("vestigingsnummer", ""),
                                             niveau=ident["niveau"], laatst_op=timezone.now())
        audit.log(actie="eherkenning_eerste_login", zorgaanbieder=zorgaanbieder, door=gebruiker,
                  omschrijving=(_("Eerste login met eHerkenning (niveau %(niveau)s); organisatie aangemaakt met de "
                                  "gegevens uit %(bron)s; eerste gebruiker, tekenbevoegde.")
                                if nieuw else _("Eerste login met eHerkenning (niveau %(niveau)s); toegevoegd als "
                                                "medewerker.")) % {"niveau": _eh(ident["niveau"]), "bron": bron})
    return gebruiker


def eherkenning_ingelogd(request) -> None:
    """After an eHerkenning login at the required level: its means was the second factor, and the login is the
    recent authentication that signs (``wlzportal.accounts.recent_getypt``)."""
    request.session[EXTERNE_FACTOR] = "eherkenning"
    wachtwoord_getypt(request)


def _eh(niveau: float) -> str:
    return "EH2+" if niveau == 2.5 else f"EH{int(niveau)}"


class EherkenningStart(_Instellingen, OIDCAuthenticationRequestView):
    naam = "eherkenning"

    def get_extra_params(self, request):
        # Ask the broker for the level the portal needs (etoegang's assurance classes).
        niveau = float(self.get_settings("EHERKENNING_NIVEAU"))
        klasse = "loa2plus" if niveau == 2.5 else f"loa{int(niveau)}"
        return {"acr_values": f"urn:etoegang:core:assurance-class:{klasse}",
                **self.get_settings("OIDC_AUTH_REQUEST_EXTRA_PARAMS", {})}


class _Terug(_Instellingen, OIDCAuthenticationCallbackView):
    pass


class EherkenningTerug(_Terug):
    naam = "eherkenning"

    def login_success(self):
        antwoord = super().login_success()
        eherkenning_ingelogd(self.request)
        return antwoord

    def login_failure(self):
        if self.request.session.get(WACHTEND):
            return redirect("toegang:eherkenning_organisatie")
        te_laag = self.request.session.pop("wlz_eherkenning_te_laag", None)
        if te_laag is not None:
            messages.error(self.request, _(
                "Uw eHerkenningsmiddel heeft betrouwbaarheidsniveau %(heeft)s; het portaal vraagt %(nodig)s. Vraag een "
                "middel op dat niveau aan bij uw eHerkenningsleverancier.") % {
                "heeft": _eh(te_laag) if te_laag else _("onbekend"),
                "nodig": _eh(float(self.get_settings("EHERKENNING_NIVEAU")))})
        else:
            messages.error(self.request, _("Inloggen met eHerkenning is niet gelukt. Probeer het opnieuw."))
        return redirect("login")


# --- staff single sign-on ------------------------------------------------------------------------------------------

class MedewerkerBackend(_Instellingen, OIDCAuthenticationBackend):
    naam = "medewerkers"

    def verify_claims(self, claims):
        return bool(claims.get("email"))

    def filter_users_by_claims(self, claims):
        # Only an existing, active zorgkantoor account: nobody is created, and an aanbieder's user never logs in here.
        return Gebruiker.objects.filter(email__iexact=claims["email"].strip(), is_active=True,
                                        rol__in=(Rol.ZORGINKOPER, Rol.BEHEERDER))

    def create_user(self, claims):
        logger.info("Staff SSO: geen medewerker met dit e-mailadres")
        return None

    def update_user(self, user, claims):
        waarden = claims.get(self.get_settings("MEDEWERKER_OIDC_MFA_CLAIM"))
        waarden = waarden if isinstance(waarden, list) else str(waarden or "").split()
        mfa = {w.strip() for w in self.get_settings("MEDEWERKER_OIDC_MFA_WAARDEN").split(",") if w.strip()}
        self.request.session["wlz_sso_mfa"] = bool(mfa & set(waarden))
        return user

    def get_userinfo(self, access_token, id_token, payload):
        info = super().get_userinfo(access_token, id_token, payload)
        claim = self.get_settings("MEDEWERKER_OIDC_MFA_CLAIM")
        if claim not in info and claim in payload:
            info[claim] = payload[claim]
        return info


class MedewerkerStart(_Instellingen, OIDCAuthenticationRequestView):
    naam = "medewerkers"


class MedewerkerTerug(_Terug):
    naam = "medewerkers"

    def login_success(self):
        mfa = self.request.session.get("wlz_sso_mfa")
        antwoord = super().login_success()
        if mfa:
            self.request.session[EXTERNE_FACTOR] = "sso"
        return antwoord

    def login_failure(self):
        messages.error(self.request, _("Inloggen via het zorgkantoor is niet gelukt: er is geen actief "
                                       "medewerkersaccount met uw e-mailadres, of de aanmelding werd afgebroken."))
        return redirect("login")


def login_urls() -> dict:
    """The login page's buttons: which providers are on."""
    return {"eherkenning": reverse("toegang:eherkenning") if aan("eherkenning") else None,
            "medewerkers": reverse("toegang:sso") if aan("medewerkers") else None}
