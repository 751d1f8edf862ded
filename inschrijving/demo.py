"""The demo: a regular round on the 2022 timeline (DOMAIN.md), shifted so its sluitingstijd lies ahead.

Idempotent: running it twice changes nothing but the passwords and TOTP keys it resets to the printed
values. Every aanbieder type (1a, 1b, 2, 3) gets the contract history that makes it that type.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
    for soort, naam, kvk, rechtsvorm, plaats, prefix in AANBIEDERS:
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
            _gebruiker(gebruikersnaam, rol=rol, voornaam=voornaam, achternaam=achternaam, zorgaanbieder=za)
            logins.append(DemoLogin(gebruikersnaam, f"{Rol(rol).label} (type {soort})", naam))

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


def demo_indienen(nu: datetime | None = None) -> list:
    """Fill in and submit a complete inschrijving at the first demo zorgkantoor for every demo aanbieder
    (signed by its tekenbevoegde), so the assessment can be shown without typing everything first."""
    from inschrijving import services
    from inschrijving.models import Inschrijving, Status
    from inschrijving.voorbeeld import vul_alles

    ronde = Inkoopronde.objects.filter(naam__startswith="Zorginkoop Wlz").order_by("-contractjaar").first()
    zorgkantoor = Zorgkantoor.objects.get(naam=ZORGKANTOREN[0][0])
    ingediend = []
    for *_rest, prefix in AANBIEDERS:
        bestuurder = Gebruiker.objects.get(username=f"{prefix}.bestuurder")
        inschrijving = services.inschrijving_starten(ronde=ronde, zorgkantoor=zorgkantoor, door=bestuurder, moment=nu)
        if inschrijving.status == Status.INGEDIEND:
            continue
        vul_alles(inschrijving, bestuurder)
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
            vul_alles(inschrijving, bestuurder)
            services.indienen(inschrijving=Inschrijving.objects.get(pk=inschrijving.pk), door=bestuurder,
                              wachtwoord=DEMO_WACHTWOORD, moment=nu)
            ingediend.append(inschrijving)
    return ingediend


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
