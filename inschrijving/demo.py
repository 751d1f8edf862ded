"""The demo: a regular round on the 2022 timeline (DOMAIN.md), shifted so its sluitingstijd lies ahead.

Idempotent: running it twice changes nothing but the passwords and TOTP keys it resets to the printed
values. Every aanbieder type (1a, 1b, 2, 3) gets the contract history that makes it that type.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from inschrijving.models import (
    Gebruiker,
    Inkoopronde,
    Overeenkomst,
    Regio,
    Rol,
    Zorgaanbieder,
    Zorgkantoor,
)
from inschrijving.sjablonen import sjabloon_2016, sjabloon_2022
from lezen.voorbeelden import Persoon

AMS = ZoneInfo("Europe/Amsterdam")
DEMO_WACHTWOORD = "Wlz-demo-2026!"
RONDE_2016 = "Inkoop langdurige zorg volgens kader 2016 (demo)"

# The 2022 round (seed 002 §4.7): the milestones as published, in Dutch time.
TIJDLIJN_2022 = {
    "publicatie_inkoopkader": datetime(2021, 5, 28, 9, 0, tzinfo=AMS),
    "vragen_tot": datetime(2021, 6, 17, 12, 0, tzinfo=AMS),
    "publicatie_nvi": datetime(2021, 6, 30, 17, 0, tzinfo=AMS),
    "sluiting_inschrijving": datetime(2021, 7, 30, 17, 0, tzinfo=AMS),
    "gesprekken_afgerond": datetime(2021, 10, 1, 17, 0, tzinfo=AMS),
    "voorlopige_contractering": datetime(2021, 10, 22, 17, 0, tzinfo=AMS),
    "definitieve_contractering": datetime(2021, 11, 15, 17, 0, tzinfo=AMS),
}


def verschoven_tijdlijn(nu: datetime) -> dict[str, datetime]:
    """The 2022 timeline moved by whole weeks (weekdays and clock times kept, DST respected) so that
    the sluitingstijd lies at least two weeks ahead of ``nu``, in the year one registers in.

    Where that would push the closing into the next calendar year, the round moves on to next
    summer instead, as the real rounds do, so the inschrijfjaar is always the closing's year.
    """
    weken = 0
    while True:
        kandidaat = {k: _verschuif(v, weken) for k, v in TIJDLIJN_2022.items()}
        sluiting = kandidaat["sluiting_inschrijving"]
        if sluiting >= nu + timedelta(days=14) and (
            sluiting.year == nu.astimezone(AMS).year or 6 <= sluiting.month <= 9
        ):
            return kandidaat
        weken += 1


def _verschuif(moment: datetime, weken: int) -> datetime:
    lokaal = moment.astimezone(AMS).replace(tzinfo=None) + timedelta(weeks=weken)
    return lokaal.replace(tzinfo=AMS)


@dataclass(frozen=True)
class DemoLogin:
    gebruikersnaam: str
    rol: str
    organisatie: str
    totp_geheim: str = ""


ZORGKANTOREN = [
    ("Zorgkantoor Amstelland", ["Amsterdam", "Zaanstreek/Waterland"]),
    ("Zorgkantoor Rijn en Vecht", ["Utrecht", "Midden-Holland"]),
    ("Zorgkantoor Oost", ["Twente", "Arnhem"]),
]

AANBIEDERS = [
    # (type, naam, kvk, rechtsvorm, plaats, gebruikersprefix)
    ("1a", "Stichting Zorggroep De Linde", "41234567", "stichting", "Amsterdam", "linde"),
    ("1b", "Stichting Thuiszorg Het Anker", "52345678", "stichting", "Zaandam", "anker"),
    ("2", "Woonzorg De Brug B.V.", "63456789", "bv", "Utrecht", "brug"),
    ("3", "GGZ Nieuw Begin B.V.", "74567890", "bv", "Amsterdam", "nieuwbegin"),
]
# Two more new aanbieders (type 3) whose inschrijving shows that the judgement is the zorgkantoor's (issue 8): one
# with a signal (40% onderaanneming, above the 2/3 guideline of 002 §4.1) that goes to the gesprek, one without its
# statuten (incomplete: a proposal "niet in behandeling", on which the zorginkoper may ask a toelichting, §4.6).
# They submit with ``demo_indienen_signaal_en_onvolledig``; ``demo_indienen`` leaves them alone.
# A third (issue 11) whose documents contradict what it typed: the portal reads them, and its voorcontrole shows the
# difference before the deadline — its inschrijving is prepared by ``manage.py demo`` itself (``demo_concept_tegen-
# strijdig``) and submitted by ``demo_indienen``.
SIGNAAL, ONVOLLEDIG, TEGENSTRIJDIG = "signaal", "onvolledig", "tegenstrijdig"
BIJZONDERE_AANBIEDERS = [
    # (type, naam, kvk, rechtsvorm, plaats, gebruikersprefix, wat de demo laat zien)
    ("3", "Thuiszorg De Horizon B.V.", "85678901", "bv", "Amsterdam", "horizon", SIGNAAL),
    ("3", "Stichting Zorghuis De Wilg", "96789012", "stichting", "Zaandam", "wilg", ONVOLLEDIG),
    ("3", "Stichting Zorgcentrum De Eik", "30456781", "stichting", "Utrecht", "eik", TEGENSTRIJDIG),
]
BIJZONDER_LABEL = {SIGNAAL: "signaal: 40% onderaanneming", ONVOLLEDIG: "onvolledig: statuten ontbreken",
                   TEGENSTRIJDIG: "documenten: KvK-uittreksel van een andere rechtspersoon, polis te laag"}
# What De Eik's documents say, against what it typed: the uittreksel of its holding, a polis of EUR 1,250,000.
TEGENSTRIJDIGE_DOCUMENTEN = {
    # The holding's uittreksel: another legal entity, and its bestuurder is not the one who signs (issue 12: a
    # signer not in the register is flagged to the zorginkoper).
    "kvk_uittreksel": {"statutaire_naam": "Stichting Eikenhof Zorg Holding", "kvk_nummer": "30456799",
                       "bestuurders": (Persoon("Eikema, Evert Jan", "Bestuurder", "Alleen/zelfstandig bevoegd"),)},
    "polisblad": {"bedrag": Decimal("1250000")},
}
# Bijlage 2 of the signal aanbieder's bestuursverklaring: together 40% of the care (25 + 15).
DEMO_ONDERAANNEMERS = [
    ("Nachtzorg Noord ZZP", "87650001", "Zorgstraat 9, Amsterdam", "nachtzorg", Decimal("25")),
    ("Begeleiding Oost ZZP", "87650002", "Zorgstraat 11, Amsterdam", "begeleiding", Decimal("15")),
]
ONTBREKEND_DOCUMENT = "statuten"


def _totp_sleutel(gebruikersnaam: str) -> str:
    # A fixed key per demo user, so the printed secret stays valid across runs.
    return hashlib.sha256(f"wlz-demo-totp:{gebruikersnaam}".encode()).hexdigest()[:40]


def _gebruiker(gebruikersnaam, *, rol, voornaam, achternaam, zorgaanbieder=None, zorgkantoor=None,
               superuser=False) -> Gebruiker:
    gebruiker, _nieuw = Gebruiker.objects.update_or_create(
        username=gebruikersnaam,
        defaults={"rol": rol, "first_name": voornaam, "last_name": achternaam,
                  "email": f"{gebruikersnaam}@demo.wlzportal.nl", "zorgaanbieder": zorgaanbieder,
                  "zorgkantoor": zorgkantoor, "is_superuser": superuser, "is_active": True},
    )
    gebruiker.set_password(DEMO_WACHTWOORD)
    gebruiker.save()
    if gebruiker.vereist_tweede_factor:
        TOTPDevice.objects.update_or_create(
            user=gebruiker, name="demo",
            defaults={"key": _totp_sleutel(gebruikersnaam), "confirmed": True, "last_t": -1},
        )
    return gebruiker


def _catalogus_aanwezig() -> None:
    """The quality catalogue comes with a data migration; load it again if it is missing (a flushed
    database), so the demo's zelfanalyse and gesprek agenda always have their themes."""
    from kwaliteit.catalogus import laad_catalogus
    from kwaliteit.models import Item, Kader, Thema

    if not Kader.objects.exists():
        laad_catalogus(Kader, Thema, Item)


@transaction.atomic
def maak_demo(nu: datetime | None = None) -> tuple[Inkoopronde, list[DemoLogin]]:
    nu = nu or timezone.now()
    _catalogus_aanwezig()
    tijdlijn = verschoven_tijdlijn(nu)
    contractjaar = tijdlijn["sluiting_inschrijving"].astimezone(AMS).year + 1
    inschrijfjaar = contractjaar - 1

    zorgkantoren = []
    for naam, regios in ZORGKANTOREN:
        zk, _n = Zorgkantoor.objects.get_or_create(
            naam=naam, defaults={"email": f"inkoop@{naam.split()[-1].lower()}.demo.nl"})
        zk.regios.set([Regio.objects.get_or_create(naam=r)[0] for r in regios])
        zorgkantoren.append(zk)
    hoofd, ander = zorgkantoren[0], zorgkantoren[1]

    ronde, _n = Inkoopronde.objects.update_or_create(
        naam=f"Zorginkoop Wlz {contractjaar} – regulier",
        defaults={"contractjaar": contractjaar, "soort": "regulier", **tijdlijn},
    )
    ronde.zorgkantoren.set(zorgkantoren)
    if ronde.regelset is None:
        ronde.regelset = sjabloon_2022().kopieer(f"Regels {ronde.naam}")
        ronde.save(update_fields=["regelset"])
    # A second round under the 2016 rules (ontwikkelplan and opslag), at the third zorgkantoor only.
    ronde_2016, _n = Inkoopronde.objects.update_or_create(
        naam=f"{RONDE_2016} {contractjaar}", defaults={"contractjaar": contractjaar, "soort": "regulier", **tijdlijn})
    ronde_2016.zorgkantoren.set([zorgkantoren[2]])
    if ronde_2016.regelset is None:
        ronde_2016.regelset = sjabloon_2016().kopieer(f"Regels {ronde_2016.naam}")
        ronde_2016.save(update_fields=["regelset"])

    logins: list[DemoLogin] = []
    # Contracts that run from this calendar year (or earlier) through the inschrijfjaar, so they are
    # current at the moment of inschrijving whenever the demo is loaded.
    jan1 = date(min(inschrijfjaar, nu.astimezone(AMS).year), 1, 1)
    dec31 = date(inschrijfjaar, 12, 31)
    for soort, naam, kvk, rechtsvorm, plaats, prefix, *bijzonder in [
            *AANBIEDERS, *BIJZONDERE_AANBIEDERS]:
        za, _n = Zorgaanbieder.objects.update_or_create(
            kvk_nummer=kvk,
            defaults={"statutaire_naam": naam, "rechtsvorm": rechtsvorm, "straat": "Zorgstraat 1",
                      "postcode": "1011 AB", "plaats": plaats, "email": f"info@{prefix}.demo.nl"},
        )
        geschiedenis = {
            # 1a: a multi-year overeenkomst with this zorgkantoor that runs on into the contract year.
            "1a": [dict(zorgkantoor=hoofd, ingangsdatum=date(inschrijfjaar - 1, 1, 1),
                        einddatum=date(contractjaar + 1, 12, 31), meerjarig=True,
                        declaraties_sinds=date(inschrijfjaar - 1, 1, 1))],
            # 1b: a one-year overeenkomst for the whole inschrijfjaar, ending 31 December.
            "1b": [dict(zorgkantoor=hoofd, ingangsdatum=jan1, einddatum=dec31, declaraties_sinds=jan1)],
            # 2: no overeenkomst here, but one with another zorgkantoor for the whole year, declaring.
            "2": [dict(zorgkantoor=ander, ingangsdatum=jan1, einddatum=dec31, declaraties_sinds=jan1)],
            # 3: never contracted.
            "3": [],
        }[soort]
        for regel in geschiedenis:
            Overeenkomst.objects.update_or_create(
                zorgaanbieder=za, zorgkantoor=regel.pop("zorgkantoor"), ingangsdatum=regel.pop("ingangsdatum"),
                defaults=regel,
            )
        for rol, achtervoegsel, voornaam, achternaam in [
            (Rol.TEKENBEVOEGDE, "bestuurder", "Bea", "Bestuur"),
            (Rol.MEDEWERKER, "medewerker", "Mo", "Medewerker"),
        ]:
            gebruikersnaam = f"{prefix}.{achtervoegsel}"
            gebruiker = _gebruiker(gebruikersnaam, rol=rol, voornaam=voornaam, achternaam=achternaam,
                                   zorgaanbieder=za)
            toelichting = f"type {soort}" + "".join(f", {BIJZONDER_LABEL[b]}" for b in bijzonder)
            # Aanbieders log in with a second factor too (issue 12): their key is printed like the staff's.
            logins.append(DemoLogin(gebruikersnaam, f"{Rol(rol).label} ({toelichting})", naam,
                                    _base32(_totp_sleutel(gebruikersnaam)) if gebruiker.vereist_tweede_factor
                                    else ""))

    for zk, prefix in zip(zorgkantoren, ["amstelland", "rijnvecht", "oost"], strict=True):
        for nummer, (voornaam, achternaam) in enumerate([("Ina", "Inkoper"), ("Kees", "Collega")], start=1):
            gebruikersnaam = f"{prefix}.inkoper{nummer}"
            _gebruiker(gebruikersnaam, rol=Rol.ZORGINKOPER, voornaam=voornaam, achternaam=achternaam,
                       zorgkantoor=zk)
            logins.append(DemoLogin(gebruikersnaam, Rol.ZORGINKOPER.label, zk.naam,
                                    _base32(_totp_sleutel(gebruikersnaam))))
    _gebruiker("beheerder", rol=Rol.BEHEERDER, voornaam="Bert", achternaam="Beheer", zorgkantoor=hoofd,
               superuser=True)
    logins.append(DemoLogin("beheerder", Rol.BEHEERDER.label, hoofd.naam, _base32(_totp_sleutel("beheerder"))))
    return ronde, logins


def _base32(hex_key: str) -> str:
    import base64

    return base64.b32encode(bytes.fromhex(hex_key)).decode()


def _demo_ronde() -> Inkoopronde:
    return Inkoopronde.objects.filter(naam__startswith="Zorginkoop Wlz").order_by("-contractjaar").first()


def demo_indienen(nu: datetime | None = None) -> list:
    """Fill in and submit a complete inschrijving at the first demo zorgkantoor for the four demo aanbieders of
    each type (signed by its tekenbevoegde), so the assessment can be shown without typing everything first.
    The two aanbieders of ``BIJZONDERE_AANBIEDERS`` submit with ``demo_indienen_signaal_en_onvolledig``."""
    from inschrijving import services
    from inschrijving.models import Inschrijving, Status
    from inschrijving.voorbeeld import vul_alles

    ronde = _demo_ronde()
    zorgkantoor = Zorgkantoor.objects.get(naam=ZORGKANTOREN[0][0])
    ingediend = []
    for *_rest, prefix in AANBIEDERS:
        bestuurder = Gebruiker.objects.get(username=f"{prefix}.bestuurder")
        inschrijving = services.inschrijving_starten(ronde=ronde, zorgkantoor=zorgkantoor, door=bestuurder, moment=nu)
        if inschrijving.status == Status.INGEDIEND:
            continue
        vul_alles(inschrijving, bestuurder, echt=True)
        services.indienen(inschrijving=Inschrijving.objects.get(pk=inschrijving.pk), door=bestuurder,
                          wachtwoord=DEMO_WACHTWOORD, moment=nu)
        ingediend.append(inschrijving)
    # The new GGZ aanbieder also registers in the 2016-rules round, where an ontwikkelplan leads to an opslag.
    ronde_2016 = Inkoopronde.objects.filter(naam__startswith=RONDE_2016).order_by("-contractjaar").first()
    if ronde_2016 is not None:
        bestuurder = Gebruiker.objects.get(username=f"{AANBIEDERS[3][-1]}.bestuurder")
        inschrijving = services.inschrijving_starten(ronde=ronde_2016, zorgkantoor=ronde_2016.zorgkantoren.first(),
                                                     door=bestuurder, moment=nu)
        if inschrijving.status != Status.INGEDIEND:
            vul_alles(inschrijving, bestuurder, echt=True)
            # 004 §2.2.3: the zelfanalyse is the condition for an opslag (and brings the dialogue).
            demo_zelfanalyse_2016(inschrijving, bestuurder, moment=nu)
            services.indienen(inschrijving=Inschrijving.objects.get(pk=inschrijving.pk), door=bestuurder,
                              wachtwoord=DEMO_WACHTWOORD, moment=nu)
            ingediend.append(inschrijving)
    return ingediend


def demo_zelfanalyse_2016(inschrijving, bestuurder, *, moment) -> None:
    """A zelfanalyse on the first theme of the kader that applies to the GGZ aanbieder."""
    from inschrijving import kwaliteit_diensten
    from inschrijving.kwaliteit_selectie import toepassing_van
    from kwaliteit.models import Thema

    kwaliteit_diensten.keuze_opslaan(inschrijving=inschrijving, door=bestuurder, sectoren=["ggz"],
                                     dominante_sector="ggz", moment=moment)
    thema = Thema.objects.filter(kader=toepassing_van(inschrijving).kaders[0]).order_by("volgorde").first()
    kwaliteit_diensten.zelfanalyse_opslaan(inschrijving=inschrijving, door=bestuurder, thema=thema, moment=moment,
                                           gegevens={
        "invulling": "Elke cliënt heeft een herstelplan; het beleid is op twee van de drie locaties ingevoerd.",
        "sterktes_ontwikkelpunten": "Sterk: ervaringsdeskundigen in elk team. Ontwikkelpunt: nachtzorg.",
        "clientervaring": "De cliëntenraad waardeert de ervaringsdeskundigen.", "niveau": "locatie",
        "niveau_toelichting": "Locatie Noord loopt achter.", "gegevens": "Cliëntervaringsonderzoek van dit jaar."})


def demo_signaal_vullen(inschrijving) -> None:
    """Bijlage 2 of the bestuursverklaring: the aanbieder works with two onderaannemers that together deliver 40%
    of the care, more than the guideline's one third (002 §4.1 "Onze richtlijn"): a signal, never a verdict."""
    from inschrijving.models import Bestuursverklaring, Onderaannemer

    verklaring = Bestuursverklaring.objects.get(inschrijving=inschrijving)
    verklaring.werkt_met_onderaannemers = True
    verklaring.save()
    verklaring.onderaannemers.all().delete()
    for naam, kvk, adres, levering, aandeel in DEMO_ONDERAANNEMERS:
        Onderaannemer.objects.create(verklaring=verklaring, naam=naam, kvk_nummer=kvk, adres=adres,
                                     levering=levering, aandeel=aandeel)


def demo_concept_tegenstrijdig(nu: datetime | None = None):
    """De Eik's inschrijving at the first demo zorgkantoor, filled in and with its documents uploaded and read (here,
    not by the worker: text PDFs read in milliseconds, so the voorcontrole shows it as soon as ``make run`` is up).
    What it typed is valid; its KvK uittreksel names its holding and its polis is too low — signals from the
    documents' content. Left as it is once it exists."""
    from inschrijving import lezingen, scannen, services
    from inschrijving.voorbeeld import vul_documenten, vul_plan, vul_verklaring

    ronde = _demo_ronde()
    zorgkantoor = Zorgkantoor.objects.get(naam=ZORGKANTOREN[0][0])
    prefix = next(regel[5] for regel in BIJZONDERE_AANBIEDERS if regel[6] == TEGENSTRIJDIG)
    bestuurder = Gebruiker.objects.get(username=f"{prefix}.bestuurder")
    inschrijving = services.inschrijving_starten(ronde=ronde, zorgkantoor=zorgkantoor, door=bestuurder, moment=nu)
    if inschrijving.documenten.exists():
        return inschrijving
    vul_verklaring(inschrijving)
    vul_plan(inschrijving)
    vul_documenten(inschrijving, bestuurder, echt=True, afwijkend=TEGENSTRIJDIGE_DOCUMENTEN)
    scannen.wachtende_scannen(inschrijving)  # with a virus scanner configured: scanned first (clamd away: the worker)
    for document in inschrijving.documenten.filter(scan__in=lezingen.TE_LEZEN):
        lezingen.lezen(document.pk)
    return inschrijving


def demo_indienen_signaal_en_onvolledig(nu: datetime | None = None, *,
                                        alleen: tuple[str, ...] = (SIGNAAL, ONVOLLEDIG, TEGENSTRIJDIG)) -> list:
    """Submit, at the first demo zorgkantoor, the inschrijvingen of ``BIJZONDERE_AANBIEDERS`` (those of ``alleen``):
    Thuiszorg De Horizon with everything required at inschrijving and 40% onderaanneming (a signal: it reaches the
    gesprek, and without the Z and 6 documents it is offered an overeenkomst onder voorwaarden), Zorghuis De Wilg
    without its statuten (incomplete: "voorstel: niet in behandeling"), and Zorgcentrum De Eik with documents that
    contradict its declaration (signals from their content). Idempotent, like ``demo_indienen``."""
    from inschrijving import services
    from inschrijving.models import Inschrijving, Status
    from inschrijving.voorbeeld import vul_documenten, vul_plan, vul_verklaring

    ronde = _demo_ronde()
    zorgkantoor = Zorgkantoor.objects.get(naam=ZORGKANTOREN[0][0])
    ingediend = []
    for *_rest, prefix, bijzonder in BIJZONDERE_AANBIEDERS:
        if bijzonder not in alleen:
            continue
        bestuurder = Gebruiker.objects.get(username=f"{prefix}.bestuurder")
        inschrijving = services.inschrijving_starten(ronde=ronde, zorgkantoor=zorgkantoor, door=bestuurder, moment=nu)
        if inschrijving.status == Status.INGEDIEND:
            continue
        if bijzonder == TEGENSTRIJDIG:
            demo_concept_tegenstrijdig(nu)
        else:
            vul_verklaring(inschrijving)
            vul_plan(inschrijving)
        if bijzonder == SIGNAAL:
            vul_documenten(inschrijving, bestuurder, echt=True)
            demo_signaal_vullen(inschrijving)
        elif bijzonder == ONVOLLEDIG:
            vul_documenten(inschrijving, bestuurder, behalve=(ONTBREKEND_DOCUMENT,), echt=True)
        services.indienen(inschrijving=Inschrijving.objects.get(pk=inschrijving.pk), door=bestuurder,
                          wachtwoord=DEMO_WACHTWOORD, moment=nu, ondanks_bevindingen=bijzonder == ONVOLLEDIG)
        ingediend.append(inschrijving)
    return ingediend


def is_demo(inschrijving) -> bool:
    """Whether an inschrijving belongs to the demo: a demo aanbieder (by KvK-nummer) in a demo round. Demo-only
    commands (``demo_gesprek``) refuse anything else, whatever the settings."""
    kvk = {regel[2] for regel in [*AANBIEDERS, *BIJZONDERE_AANBIEDERS]}
    jaar = inschrijving.ronde.contractjaar
    return inschrijving.zorgaanbieder.kvk_nummer in kvk and inschrijving.ronde.naam in (
        f"Zorginkoop Wlz {jaar} – regulier", f"{RONDE_2016} {jaar}")


def sluit_demo_ronde(nu: datetime | None = None) -> Inkoopronde:
    """Move the demo rounds' whole timelines so that their sluitingstijd lies one minute in the past;
    returns the 2022 round."""
    nu = nu or timezone.now()
    rondes = [Inkoopronde.objects.filter(naam__startswith=begin).order_by("-contractjaar").first()
              for begin in ("Zorginkoop Wlz", RONDE_2016)]
    for ronde in filter(None, rondes):
        verschil = (nu - timedelta(minutes=1)) - ronde.sluiting_inschrijving
        for naam in TIJDLIJN_2022:
            setattr(ronde, naam, getattr(ronde, naam) + verschil)
        ronde.full_clean()
        ronde.save()
    return rondes[0]
