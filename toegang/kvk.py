"""A client for the KvK Handelsregister APIs (issue 12): Zoeken (v2) and Basisprofiel (v1), in the published response
format (``application/hal+json``; errors as ``{"fout": [{"code", "omschrijving"}]}``).

Off by default: switched on by ``KVK_API_URL`` (``https://api.kvk.nl/api``, or ``…/test/api`` for KvK's test
environment) and ``KVK_API_SLEUTEL`` (the ``apikey`` header). KvK's certificates chain to the *Staat der Nederlanden
Private Root CA – G1*, which is not in the usual CA bundles: ``KVK_CA_BUNDEL`` names a PEM file with that chain.

Every call has a timeout (``KVK_TIMEOUT`` seconds), answers are cached (``KVK_CACHE_SECONDEN``; a "not found" for a
tenth of that), and every request that leaves the portal is logged in ``KvkVerzoek`` — without the key or the answer.
Failures are ``KvkFout`` subclasses with a Dutch message for the page: not found, too many requests (HTTP 429, with
the wait the API asks for), unreachable (timeout, connection error, HTTP 5xx).

KvK's public APIs do not give the functionarissen (who may sign); the signing-authority check reads them from the
uploaded uittreksel (issue 11, ``inhoud.kvk_uittreksel.bevoegdheid``)."""

import logging
import time
from dataclasses import asdict, dataclass

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from inschrijving.models import Rechtsvorm

logger = logging.getLogger(__name__)

_CACHE = "kvk:v1:"


class KvkFout(Exception):
    """The register could not answer; ``melding`` says so in Dutch, for beside the field."""

    def __init__(self, melding: str, *, status: int | None = None):
        super().__init__(melding)
        self.melding, self.status = melding, status


class KvkNietGevonden(KvkFout):
    pass


class KvkTeVeelVerzoeken(KvkFout):
    def __init__(self, melding: str, *, status: int | None = 429, wachten: int = 60):
        super().__init__(melding, status=status)
        self.wachten = wachten


class KvkNietBereikbaar(KvkFout):
    pass


@dataclass(frozen=True)
class Basisprofiel:
    kvk_nummer: str
    statutaire_naam: str
    naam: str
    rechtsvorm: str  # one of Rechtsvorm's values, "" when the register's form is not one the portal knows
    rechtsvorm_kvk: str  # as the register writes it
    straat: str
    postcode: str
    plaats: str
    vestigingsnummer: str


@dataclass(frozen=True)
class Zoekresultaat:
    kvk_nummer: str
    vestigingsnummer: str
    naam: str
    type: str  # hoofdvestiging, nevenvestiging, rechtspersoon
    straat: str
    plaats: str


def aan() -> bool:
    return bool(settings.KVK_API_URL and settings.KVK_API_SLEUTEL)


# The register's legal forms (rechtsvorm / uitgebreideRechtsvorm) as the portal's choices.
_RECHTSVORMEN = (
    ("besloten vennootschap", Rechtsvorm.BV), ("naamloze vennootschap", Rechtsvorm.NV),
    ("stichting", Rechtsvorm.STICHTING), ("coöperatie", Rechtsvorm.COOPERATIE), ("cooperatie", Rechtsvorm.COOPERATIE),
    ("vereniging", Rechtsvorm.VERENIGING), ("eenmanszaak", Rechtsvorm.EENMANSZAAK),
    ("vennootschap onder firma", Rechtsvorm.VOF), ("maatschap", Rechtsvorm.MAATSCHAP),
)


def rechtsvorm_van(tekst: str) -> str:
    tekst = (tekst or "").lower()
    for woord, vorm in _RECHTSVORMEN:
        if woord in tekst:
            return vorm.value
    return ""


def _log(*, api: str, kvk_nummer: str, status: int | None, uitkomst: str, begin: float, fout: str = "") -> None:
    from toegang.models import KvkVerzoek

    KvkVerzoek.objects.create(op=timezone.now(), api=api, kvk_nummer=kvk_nummer, status=status, uitkomst=uitkomst,
                              duur_ms=int((time.monotonic() - begin) * 1000), fout=fout[:300])


def _foutmelding(antwoord: requests.Response) -> str:
    try:
        fouten = antwoord.json().get("fout") or []
        return "; ".join(f"{f.get('code', '')} {f.get('omschrijving', '')}".strip() for f in fouten)
    except ValueError:
        return antwoord.text[:200]


def _get(api: str, pad: str, *, kvk_nummer: str = "", params: dict | None = None) -> dict:
    if not aan():
        raise KvkNietBereikbaar(_("De koppeling met het KvK Handelsregister staat uit."))
    url = settings.KVK_API_URL.rstrip("/") + pad
    begin = time.monotonic()
    try:
        antwoord = requests.get(url, params=params, timeout=settings.KVK_TIMEOUT,
                                verify=settings.KVK_CA_BUNDEL or True,
                                headers={"apikey": settings.KVK_API_SLEUTEL, "Accept": "application/hal+json"})
    except requests.Timeout as fout:
        _log(api=api, kvk_nummer=kvk_nummer, status=None, uitkomst="onbereikbaar", begin=begin, fout=f"timeout: {fout}")
        raise KvkNietBereikbaar(_("Het KvK Handelsregister antwoordde niet op tijd. Probeer het zo opnieuw, of vul de "
                                  "gegevens zelf in.")) from fout
    except requests.RequestException as fout:
        _log(api=api, kvk_nummer=kvk_nummer, status=None, uitkomst="onbereikbaar", begin=begin, fout=str(fout))
        raise KvkNietBereikbaar(_("Het KvK Handelsregister is nu niet bereikbaar. Probeer het zo opnieuw, of vul de "
                                  "gegevens zelf in.")) from fout
    status = antwoord.status_code
    if status == 200:
        try:
            gegevens = antwoord.json()
        except ValueError as fout:
            _log(api=api, kvk_nummer=kvk_nummer, status=status, uitkomst="fout", begin=begin, fout="geen JSON")
            raise KvkNietBereikbaar(_("Het KvK Handelsregister gaf een onleesbaar antwoord.")) from fout
        _log(api=api, kvk_nummer=kvk_nummer, status=status, uitkomst="gevonden", begin=begin)
        return gegevens
    melding = _foutmelding(antwoord)
    if status == 404:
        _log(api=api, kvk_nummer=kvk_nummer, status=status, uitkomst="niet_gevonden", begin=begin, fout=melding)
        raise KvkNietGevonden(_("Het KvK Handelsregister kent KvK-nummer %(nummer)s niet. Controleer het nummer.")
                              % {"nummer": kvk_nummer}, status=status)
    if status == 429:
        try:
            wachten = max(1, int(antwoord.headers.get("Retry-After", "60")))
        except ValueError:
            wachten = 60
        _log(api=api, kvk_nummer=kvk_nummer, status=status, uitkomst="te_veel", begin=begin, fout=melding)
        raise KvkTeVeelVerzoeken(_("Het KvK Handelsregister krijgt nu te veel vragen. Probeer het over %(n)s seconden "
                                   "opnieuw, of vul de gegevens zelf in.") % {"n": wachten}, wachten=wachten)
    _log(api=api, kvk_nummer=kvk_nummer, status=status, uitkomst="fout", begin=begin, fout=melding)
    if status == 400:
        raise KvkNietGevonden(_("Het KvK Handelsregister wijst KvK-nummer %(nummer)s af als ongeldig.")
                              % {"nummer": kvk_nummer}, status=status)
    logger.warning("KvK %s %s: HTTP %s %s", api, kvk_nummer, status, melding)
    raise KvkNietBereikbaar(_("Het KvK Handelsregister gaf een fout (HTTP %(status)s). Probeer het later opnieuw, of "
                              "vul de gegevens zelf in.") % {"status": status}, status=status)


def _adres(vestiging: dict) -> tuple[str, str, str]:
    adressen = vestiging.get("adressen") or []
    adres = next((a for a in adressen if a.get("type") == "bezoekadres"), adressen[0] if adressen else {})
    if adres.get("indAfgeschermd") == "Ja":
        return "", "", ""
    straat = " ".join(str(d) for d in (adres.get("straatnaam"), adres.get("huisnummer")) if d)
    toevoeging = f"{adres.get('huisletter') or ''}{adres.get('huisnummerToevoeging') or ''}"
    if toevoeging:
        straat = f"{straat}{toevoeging}" if adres.get("huisletter") else f"{straat}-{toevoeging}"
    postcode = (adres.get("postcode") or "").replace(" ", "")
    postcode = f"{postcode[:4]} {postcode[4:]}" if len(postcode) == 6 else postcode
    return straat, postcode, adres.get("plaats") or ""


def basisprofiel(kvk_nummer: str) -> Basisprofiel:
    """The register's basic profile of ``kvk_nummer``: names, legal form, the head office's visiting address."""
    sleutel = f"{_CACHE}basisprofiel:{kvk_nummer}"
    bewaard = cache.get(sleutel)
    if isinstance(bewaard, dict):
        return Basisprofiel(**bewaard)
    if bewaard == "niet_gevonden":
        raise KvkNietGevonden(_("Het KvK Handelsregister kent KvK-nummer %(nummer)s niet. Controleer het nummer.")
                              % {"nummer": kvk_nummer}, status=404)
    try:
        gegevens = _get("basisprofiel", f"/v1/basisprofielen/{kvk_nummer}", kvk_nummer=kvk_nummer)
    except KvkNietGevonden:
        cache.set(sleutel, "niet_gevonden", max(1, settings.KVK_CACHE_SECONDEN // 10))
        raise
    ingebed = gegevens.get("_embedded") or {}
    eigenaar, hoofdvestiging = ingebed.get("eigenaar") or {}, ingebed.get("hoofdvestiging") or {}
    rechtsvorm_kvk = eigenaar.get("uitgebreideRechtsvorm") or eigenaar.get("rechtsvorm") or ""
    straat, postcode, plaats = _adres(hoofdvestiging)
    profiel = Basisprofiel(
        kvk_nummer=gegevens.get("kvkNummer") or kvk_nummer,
        statutaire_naam=gegevens.get("statutaireNaam") or gegevens.get("naam") or "",
        naam=gegevens.get("naam") or "", rechtsvorm=rechtsvorm_van(rechtsvorm_kvk), rechtsvorm_kvk=rechtsvorm_kvk,
        straat=straat, postcode=postcode, plaats=plaats, vestigingsnummer=hoofdvestiging.get("vestigingsnummer") or "")
    cache.set(sleutel, asdict(profiel), settings.KVK_CACHE_SECONDEN)
    return profiel


def zoeken(*, kvk_nummer: str = "", naam: str = "") -> list[Zoekresultaat]:
    """Zoeken v2 by KvK-nummer or name: the establishments found (none is an empty list, not an error)."""
    params = {k: v for k, v in (("kvkNummer", kvk_nummer), ("naam", naam)) if v}
    sleutel = f"{_CACHE}zoeken:{kvk_nummer}:{naam.lower()}"
    bewaard = cache.get(sleutel)
    if bewaard is not None:
        return [Zoekresultaat(**r) for r in bewaard]
    try:
        gegevens = _get("zoeken", "/v2/zoeken", kvk_nummer=kvk_nummer, params=params)
    except KvkNietGevonden as fout:
        if fout.status != 404:
            raise
        gegevens = {"resultaten": []}
    resultaten = []
    for r in gegevens.get("resultaten") or []:
        adres = (r.get("adres") or {}).get("binnenlandsAdres") or {}
        resultaten.append(Zoekresultaat(
            kvk_nummer=r.get("kvkNummer") or "", vestigingsnummer=r.get("vestigingsnummer") or "",
            naam=r.get("naam") or "", type=r.get("type") or "", straat=adres.get("straatnaam") or "",
            plaats=adres.get("plaats") or ""))
    cache.set(sleutel, [asdict(r) for r in resultaten], settings.KVK_CACHE_SECONDEN)
    return resultaten
