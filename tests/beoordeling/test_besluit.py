"""The decision: every row of the overeenkomst table under both kaders (002 §4.4/§4.6; 004 §2.2), four eyes,
the letter (PDF read back with pypdf), the e-mail, and the aanbieder's online answer that becomes the contract
history next year's aanbieder type is computed from.

Everything runs through the real services on the 2022 timeline of DOMAIN.md: inschrijvingen submitted before the
sluitingstijd of 30 July 2021 for contract year 2022, assessed the day after. (A past timeline: the zorgkantoor's
vault opens by the database clock, which time travel does not move.)
"""

import hashlib
import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfReader

from beoordeling import pipeline, services
from beoordeling.besluitregels import bereken_voorstel
from beoordeling.brief import bewaar_brief, brief
from beoordeling.models import Beoordeling, Besluit, Fase
from inschrijving import services as inschrijving_services
from inschrijving.aanbiedertype import bepaal_type
from inschrijving.models import Bericht, Overeenkomst
from inschrijving.sjablonen import sjabloon_2016, sjabloon_2022
from inschrijving.templatetags.bronnen import bron_in_woorden
from tests.factories import (
    WACHTWOORD,
    GebruikerFactory,
    InkooprondeFactory,
    OvereenkomstFactory,
    ZorgkantoorFactory,
    kluis_geopend,
)
from tests.inschrijving.maak import vul_documenten, vul_plan, vul_verklaring

AMS = ZoneInfo("Europe/Amsterdam")
SLUITING = datetime(2021, 7, 30, 17, 0, tzinfo=AMS)  # contract year 2022, inschrijfjaar 2021
VOOR = SLUITING - timedelta(days=10)
NA = SLUITING + timedelta(days=1)  # the assessment; reageren_voor = 14 August 2021
Z_ITEMS = {"governancecode", "kwaliteitskader", "bedrijfsadministratie", "privacybeleid", "klachtenregeling", "ao_ic"}
ZES_ITEMS = {"clientenraad"}
VOORWAARDEN_2016 = ("ontwikkelplan_akkoord", "geen_verscherpt_toezicht", "geen_fraudeonderzoek",
                    "geen_fraude_sinds_2010")
pytestmark = pytest.mark.django_db


def _reis(moment):
    return time_machine.travel(moment, tick=False)


def _tekst(pdf: bytes) -> str:
    return "\n".join(pagina.extract_text() for pagina in PdfReader(io.BytesIO(pdf)).pages)


def _plat(tekst: str) -> str:
    return re.sub(r"\s+", "", tekst)


# --- builders -------------------------------------------------------------------------------------

def _ronde(kader="2022", zk=None, sluiting=SLUITING):
    zk = zk or ZorgkantoorFactory()
    with _reis(sluiting - timedelta(days=10)):
        ronde = InkooprondeFactory(zorgkantoren=[zk], sluiting=sluiting)
        sjabloon = sjabloon_2016() if kader == "2016" else sjabloon_2022()
        ronde.regelset = sjabloon.kopieer(f"Regels {ronde.naam}")
        ronde.save()
    return ronde, zk


def _geschiedenis(soort, zk) -> list[dict]:
    """The contract history (kwargs for OvereenkomstFactory) that makes an aanbieder this case in 2021."""
    jan, dec = date(2021, 1, 1), date(2021, 12, 31)
    elders = ZorgkantoorFactory() if soort == "2" else None
    return {
        "1a": [{"zorgkantoor": zk, "ingangsdatum": jan, "einddatum": date(2023, 12, 31), "meerjarig": True}],
        "1b": [{"zorgkantoor": zk, "ingangsdatum": jan, "einddatum": dec}],
        "1b_deel": [{"zorgkantoor": zk, "ingangsdatum": date(2021, 3, 1), "einddatum": dec}],
        "1b_ov": [{"zorgkantoor": zk, "ingangsdatum": jan, "einddatum": dec, "onder_voorwaarden": True}],
        "2": [{"zorgkantoor": elders, "ingangsdatum": jan, "einddatum": dec}],
        "3": [],
        "b": [{"zorgkantoor": zk, "ingangsdatum": jan, "einddatum": dec}],
        "gn": [],
    }[soort]


def _ingediend(ronde, zk, geval, *, alles=False, behalve=(), bestuurder=None, moment=VOOR, zelfanalyse=False):
    """A signed and submitted inschrijving; ``alles`` also supplies the Z and 6 documents, ``zelfanalyse`` a
    zelfanalyse (under the 2016 rules the condition for an opslag, 004 §2.2.3)."""
    with _reis(moment):
        bestuurder = bestuurder or GebruikerFactory(tekenbevoegd=True)
        for kwargs in _geschiedenis(geval, zk):
            OvereenkomstFactory(zorgaanbieder=bestuurder.zorgaanbieder, **kwargs)
        inschrijving = inschrijving_services.inschrijving_starten(ronde=ronde, zorgkantoor=zk, door=bestuurder)
        vul_verklaring(inschrijving)
        vul_plan(inschrijving)
        vul_documenten(inschrijving, bestuurder, alleen_bij_inschrijving=not alles, behalve=behalve)
        if zelfanalyse:
            from tests.beoordeling.test_kader_2016 import vul_zelfanalyse

            vul_zelfanalyse(inschrijving, bestuurder)
        inschrijving_services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD,
                                       ondanks_bevindingen=True)
    return inschrijving, bestuurder


def _automatisch(ronde, zk, moment=NA) -> None:
    """Steps 1 and 2 after the sluitingstijd, and the vault opened (the opening itself: test_opening.py)."""
    with _reis(moment):
        for pk in pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zk):
            pipeline.stap1_volledigheid(pk)
            pipeline.stap2_controle(pk)
    kluis_geopend(ronde, zk)


def _controle(beoordeling, inkoper, uitkomsten=None, moment=NA) -> Beoordeling:
    """The zorginkoper records every open item ("voldoet" unless ``uitkomsten`` says otherwise) and closes step 2;
    a new provider's gesprek is someone else's module, so a GESPREK assessment is moved on to BESLUIT."""
    uitkomsten = uitkomsten or {}
    with _reis(moment):
        for resultaat in beoordeling.resultaten.all():
            if resultaat.uitkomst == "handmatig" or resultaat.regel in uitkomsten:
                services.resultaat_vastleggen(resultaat=resultaat, uitkomst=uitkomsten.get(resultaat.regel, "voldoet"),
                                              toelichting="Gecontroleerd in de eigen bronnen.", door=inkoper)
        services.controle_afronden(beoordeling=beoordeling, door=inkoper)
    beoordeling.refresh_from_db()
    if beoordeling.fase == Fase.GESPREK:
        Beoordeling.objects.filter(pk=beoordeling.pk).update(fase=Fase.BESLUIT)
        beoordeling.refresh_from_db()
    return beoordeling


class Geval:
    """One assessed inschrijving with its people."""

    def __init__(self, geval="3", *, kader="2022", alles=False, uitkomsten=None, behalve=(), zelfanalyse=False):
        self.ronde, self.zk = _ronde(kader)
        self.inkoper, self.collega = (GebruikerFactory(inkoper=True, zorgkantoor=self.zk) for _ in range(2))
        self.inschrijving, self.bestuurder = _ingediend(self.ronde, self.zk, geval, alles=alles, behalve=behalve,
                                                        zelfanalyse=zelfanalyse)
        _automatisch(self.ronde, self.zk)
        self.beoordeling = Beoordeling.objects.get(inschrijving=self.inschrijving)
        if self.beoordeling.fase == Fase.CONTROLE:
            self.beoordeling = _controle(self.beoordeling, self.inkoper, uitkomsten)

    def voorstel(self):
        return bereken_voorstel(Beoordeling.objects.get(pk=self.beoordeling.pk))

    def voorstellen(self, **kwargs) -> Besluit:
        with _reis(NA):
            return services.voorstellen(beoordeling=self.beoordeling, door=self.inkoper, **kwargs)

    def goedkeuren(self, besluit, capture) -> Besluit:
        with _reis(NA), capture(execute=True):
            services.goedkeuren(besluit=besluit, door=self.collega)
        besluit.refresh_from_db()
        return besluit

    def besloten(self, capture, **kwargs) -> Besluit:
        return self.goedkeuren(self.voorstellen(**kwargs), capture)


# --- the overeenkomst table, kader 2022 -----------------------------------------------------------

@pytest.mark.parametrize(("geval", "type_", "soort", "jaren"), [
    ("1a", "1a", "voortzetting", 0),
    ("1b", "1b", "tweejarig", 2),
    ("1b_deel", "1b", "eenjarig_verlenging", 1),
    ("1b_ov", "1b", "eenjarig_verlenging", 1),
    ("2", "2", "eenjarig_verlenging", 1),
])
def test_tabel_2022_bestaande_aanbieders(geval, type_, soort, jaren):
    g = Geval(geval)
    assert g.inschrijving.aanbieder_type == type_
    assert g.beoordeling.fase == Fase.BESLUIT
    voorstel = g.voorstel()
    assert (voorstel.soort, voorstel.looptijd_jaren) == (soort, jaren)
    assert not voorstel.onder_voorwaarden and not voorstel.voorwaarden and not voorstel.redenen
    assert voorstel.bron.startswith("002 §4.4")


def test_tabel_2022_nieuw_positief_zonder_voorwaarden():
    g = Geval("3", alles=True)
    voorstel = g.voorstel()
    assert g.inschrijving.aanbieder_type == "3"
    assert (voorstel.soort, voorstel.looptijd_jaren, voorstel.verlenging_jaren) == ("eenjarig_verlenging", 1, 1)
    assert not voorstel.onder_voorwaarden and voorstel.voorwaarden == []


def test_tabel_2022_nieuw_onder_voorwaarden_met_elke_vervaldatum():
    g = Geval("3")
    voorstel = g.voorstel()
    assert voorstel.soort == "eenjarig_verlenging" and voorstel.onder_voorwaarden
    per_code = {v["code"]: v for v in voorstel.voorwaarden}
    assert set(per_code) == Z_ITEMS | ZES_ITEMS
    for code in Z_ITEMS:  # before care is first delivered: the start of the overeenkomst
        assert (per_code[code]["moment"], per_code[code]["vervaldatum"]) == ("Z", "2022-01-01")
    for code in ZES_ITEMS:  # six months after the start
        assert (per_code[code]["moment"], per_code[code]["vervaldatum"]) == ("6", "2022-07-01")
    assert per_code["clientenraad"]["titel"] == "Cliëntenraad (Wmcz)"


def test_tabel_2022_voldoet_niet_is_afwijzing_met_elke_reden():
    g = Geval("3", alles=True, uitkomsten={"handmatig.statuten_plan": "voldoet_niet",
                                          "integriteit.uitsluitingsgronden": "voldoet_niet"})
    assert g.beoordeling.fase == Fase.BESLUIT  # negative after step 2: no gesprek
    voorstel = g.voorstel()
    assert voorstel.soort == "afwijzing"
    assert {r["regel"] for r in voorstel.redenen} == {"handmatig.statuten_plan", "integriteit.uitsluitingsgronden"}
    assert all(r["bron"] and r["titel"] and r["toelichting"] for r in voorstel.redenen)


def test_tabel_2022_bestaande_aanbieder_met_voldoet_niet_afgewezen():
    g = Geval("1b", uitkomsten={"integriteit.uitsluitingsgronden": "voldoet_niet"})
    voorstel = g.voorstel()
    assert voorstel.soort == "afwijzing"
    assert [r["regel"] for r in voorstel.redenen] == ["integriteit.uitsluitingsgronden"]


def test_tabel_2022_niet_in_behandeling_is_afwijzing():
    g = Geval("3", behalve=("statuten",))
    assert g.beoordeling.fase == Fase.VOORSTEL_NIET_IN_BEHANDELING
    voorstel = g.voorstel()
    assert voorstel.soort == "afwijzing"
    assert [r["regel"] for r in voorstel.redenen] == ["document.statuten.aanwezig"]
    assert "niet in behandeling" in voorstel.bron


# --- the overeenkomst table, kader 2016 -----------------------------------------------------------

def _integriteit(**voldoet) -> dict:
    return {f"integriteit.{code}": "voldoet" if voldoet.get(code) else "voldoet_niet" for code in VOORWAARDEN_2016}


@pytest.mark.parametrize(("geval", "type_", "voldoet", "soort", "jaren", "opslag"), [
    ("gn", "gn", {}, "eenjarig", 1, False),  # nothing agreed: eenjarig at the basistarief
    ("gn", "gn", {"ontwikkelplan_akkoord": True}, "eenjarig", 1, True),
    ("b", "b", dict.fromkeys(VOORWAARDEN_2016, True), "tweejarig", 2, True),
    ("b", "b", {**dict.fromkeys(VOORWAARDEN_2016, True), "geen_fraudeonderzoek": False}, "eenjarig", 1, True),
    ("gn", "gn", dict.fromkeys(VOORWAARDEN_2016, True), "eenjarig", 1, True),  # no overeenkomst in 2021
])
def test_tabel_2016(geval, type_, voldoet, soort, jaren, opslag):
    # With a zelfanalyse, the condition for an opslag (004 §2.2.3; without one: tests/beoordeling/test_kader_2016.py).
    g = Geval(geval, kader="2016", uitkomsten=_integriteit(**voldoet), zelfanalyse=True)
    assert g.inschrijving.aanbieder_type == type_
    assert g.beoordeling.fase == Fase.BESLUIT
    voorstel = g.voorstel()
    # A condition the zorginkoper answered "voldoet niet" only chooses the row; it is no reason to reject.
    assert (voorstel.soort, voorstel.looptijd_jaren, voorstel.met_opslag) == (soort, jaren, opslag)
    assert voorstel.redenen == []
    assert voorstel.bron.startswith("004 §2.2")


def test_2016_onvervulde_voorwaarde_slaat_het_gesprek_niet_over():
    ronde, zk = _ronde("2016")
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk)
    inschrijving, _b = _ingediend(ronde, zk, "gn")
    _automatisch(ronde, zk)
    beoordeling = Beoordeling.objects.get(inschrijving=inschrijving)
    with _reis(NA):
        for resultaat in beoordeling.resultaten.filter(uitkomst="handmatig"):
            services.resultaat_vastleggen(resultaat=resultaat, toelichting="Geen ontwikkelplan.", door=inkoper,
                                          uitkomst=_integriteit().get(resultaat.regel, "voldoet"))
        services.controle_afronden(beoordeling=beoordeling, door=inkoper)
    beoordeling.refresh_from_db()
    assert beoordeling.fase == Fase.GESPREK


def test_2016_opslag_tot_het_maximum_van_de_regelset(django_capture_on_commit_callbacks):
    g = Geval("b", kader="2016", uitkomsten=_integriteit(**dict.fromkeys(VOORWAARDEN_2016, True)), zelfanalyse=True)
    with pytest.raises(ValidationError) as fout:
        g.voorstellen(opslag=Decimal("3.01"))
    assert "opslag" in fout.value.message_dict
    assert not Besluit.objects.exists()
    besluit = g.besloten(django_capture_on_commit_callbacks, opslag=Decimal("3.00"))
    assert besluit.opslag == Decimal("3.00")
    with besluit.brief.open("rb") as fh:
        tekst = _plat(_tekst(fh.read()))
    assert _plat("Tweejarige overeenkomst") in tekst
    assert _plat("1 januari 2022 tot en met 31 december 2023") in tekst
    assert _plat(f"het basistarief van {g.zk.naam} per prestatie, zoals beschreven in de regionale paragraaf van het "
                 "zorgkantoor, met een opslag van 3% op het basistarief") in tekst


def test_2022_kent_geen_opslag():
    g = Geval("2")
    with pytest.raises(ValidationError) as fout:
        g.voorstellen(opslag=Decimal("1"))
    assert "opslag" in fout.value.message_dict


# --- four eyes and deviating ----------------------------------------------------------------------

def test_vier_ogen_wie_voorstelt_keurt_niet_goed():
    g = Geval("2")
    besluit = g.voorstellen()
    with _reis(NA), pytest.raises(ValidationError, match="Vier ogen"):
        services.goedkeuren(besluit=besluit, door=g.inkoper)
    besluit.refresh_from_db()
    assert besluit.goedgekeurd_op is None and not besluit.brief
    # The database refuses it as well, whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Besluit.objects.filter(pk=besluit.pk).update(goedgekeurd_door=g.inkoper, goedgekeurd_op=besluit.voorgesteld_op)


def test_afwijken_zonder_reden_geweigerd_met_reden_toegestaan():
    g = Geval("1b")
    with pytest.raises(ValidationError) as fout:
        g.voorstellen(soort="eenjarig_verlenging")
    assert "afwijkingsreden" in fout.value.message_dict
    with pytest.raises(ValidationError):
        g.voorstellen(soort="eenjarig_verlenging", afwijkingsreden="   ")
    besluit = g.voorstellen(soort="eenjarig_verlenging", afwijkingsreden="Interne reden: financiële positie.")
    assert besluit.voorstel["soort"] == "tweejarig" and besluit.soort == "eenjarig_verlenging"
    # The deviating soort has its own term, not the proposal's two years.
    assert services.looptijd(besluit) == (date(2022, 1, 1), date(2022, 12, 31))


# --- the letter and the e-mail --------------------------------------------------------------------

def test_brief_voorlopige_gunning_onder_voorwaarden(django_capture_on_commit_callbacks):
    g = Geval("3")
    GebruikerFactory(zorgaanbieder=g.bestuurder.zorgaanbieder)  # a medewerker gets the e-mail too
    GebruikerFactory(zorgaanbieder=g.bestuurder.zorgaanbieder, is_active=False)  # an inactive user does not
    besluit = g.besloten(django_capture_on_commit_callbacks)
    assert besluit.reageren_voor == date(2021, 8, 14)
    assert re.fullmatch(rf"besluiten/{g.inschrijving.pk}(_\w+)?\.pdf", besluit.brief.name)
    with besluit.brief.open("rb") as fh:
        pdf = fh.read()
    assert hashlib.sha256(pdf).hexdigest() == besluit.brief_sha256
    tekst = _plat(_tekst(pdf))
    aanbieder = g.bestuurder.zorgaanbieder
    for verwacht in (
        g.zk.naam, aanbieder.statutaire_naam, f"KvK-nummer {aanbieder.kvk_nummer}", "Zorgstraat 1", "31 juli 2021",
        "Voorlopige gunning", "Eenjarige overeenkomst met een mogelijke verlenging van een jaar, onder voorwaarden",
        "1 januari 2022 tot en met 31 december 2022", "95,8% van het NZa-maximumtarief",
        "Cliëntenraad (Wmcz)", "1 juli 2022", "Klachtenregeling (Wkkgz)", "Privacybeleid (AVG)",
        "vóór 14 augustus 2021", f"/zorgkantoor/aanbod/{g.inschrijving.pk}/",
    ):
        assert _plat(verwacht) in tekst, verwacht
    # Each voorwaarde with its own due date, in the order of the table.
    assert re.search(re.escape(_plat("Klachtenregeling (Wkkgz)")) + r".*?1januari2022", tekst)
    assert re.search(re.escape(_plat("Cliëntenraad (Wmcz)")) + r".*?1juli2022", tekst)
    assert "opslag" not in tekst and "tussentijdse" not in tekst
    berichten = Bericht.objects.order_by("pk")
    assert sorted(b.aan for b in berichten) == sorted(
        u.email for u in aanbieder.gebruikers.filter(is_active=True))
    assert len(berichten) == 2
    for bericht in berichten:
        assert bericht.onderwerp == f"Besluit op uw inschrijving {g.ronde.naam} – {g.zk.naam}"
        assert bericht.bijlage_naam == f"besluit-{g.inschrijving.pk}.pdf"
        with bericht.bijlage.open("rb") as fh:
            assert fh.read() == pdf
        assert besluit.brief_sha256 in bericht.tekst and "14 augustus 2021" in bericht.tekst


def test_brief_afwijzing_met_redenen_en_tussentijdse_procedure(django_capture_on_commit_callbacks):
    g = Geval("3", alles=True, uitkomsten={"handmatig.statuten_plan": "voldoet_niet",
                                          "handmatig.wtzi_functies": "voldoet_niet"})
    besluit = g.besloten(django_capture_on_commit_callbacks)
    assert besluit.soort == "afwijzing" and besluit.reageren_voor is None
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.AFGEWEZEN
    with besluit.brief.open("rb") as fh:
        tekst = _plat(_tekst(fh.read()))
    for reden in besluit.redenen:
        assert _plat(reden["titel"]) in tekst
        assert _plat(f"Regel {reden['regel']}") in tekst
        assert _plat(f"Bron: {bron_in_woorden(reden['bron'])}") in tekst  # the source in words (issue 11)
    assert _plat("Statuten passen bij het plan") in tekst and _plat("Toelating dekt de functies") in tekst
    assert _plat("U kunt zich voor contractjaar 2022 nog één keer inschrijven, via de tussentijdse procedure") in tekst
    assert "Voorlopigegunning" not in tekst and "accepteert" not in tekst
    assert Bericht.objects.filter(onderwerp__startswith="Besluit op uw inschrijving").count() == 1


def test_brief_niet_in_behandeling(django_capture_on_commit_callbacks):
    g = Geval("3", behalve=("statuten",))
    besluit = g.besloten(django_capture_on_commit_callbacks, reden="Statuten zijn verplicht bij inschrijving.")
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.NIET_IN_BEHANDELING
    with besluit.brief.open("rb") as fh:
        tekst = _plat(_tekst(fh.read()))
    assert _plat("Statuten ontbreekt") in tekst and _plat("Bron: Inkoopkader Wlz 2022 §4.9") in tekst
    assert "tussentijdseprocedure" in tekst


def test_afwijking_staat_niet_in_de_brief(django_capture_on_commit_callbacks):
    g = Geval("1b")
    besluit = g.besloten(django_capture_on_commit_callbacks, soort="eenjarig_verlenging",
                         afwijkingsreden="Interne reden XYZ: financiële positie.")
    with besluit.brief.open("rb") as fh:
        tekst = _tekst(fh.read())
    assert "XYZ" not in tekst and "afwijk" not in tekst.lower() and "voorstel van het systeem" not in tekst.lower()
    assert _plat("Eenjarige overeenkomst met een mogelijke verlenging van een jaar") in _plat(tekst)
    assert _plat("1 januari 2022 tot en met 31 december 2022") in _plat(tekst)


def test_bewaar_brief_eenmalig_en_pas_na_goedkeuring(django_capture_on_commit_callbacks):
    g = Geval("2")
    besluit = g.voorstellen()
    with pytest.raises(ValueError):
        bewaar_brief(besluit)
    besluit = g.goedkeuren(besluit, django_capture_on_commit_callbacks)
    naam, sha = besluit.brief.name, besluit.brief_sha256
    opnieuw = Besluit.objects.get(pk=besluit.pk)
    bewaar_brief(opnieuw)
    assert (opnieuw.brief.name, opnieuw.brief_sha256) == (naam, sha)
    assert Besluit.objects.filter(pk=besluit.pk, brief=naam, brief_sha256=sha).exists()


def test_besluitbrief_pad_bewaart_de_brief_met_hash_en_maakt_het_bericht(django_capture_on_commit_callbacks):
    """What approving produces, end to end (its duration is measured in bench/beoordeling.py): a stored PDF whose
    hash is recorded, a letter that renders again identically from the approved decision, and one e-mail row per
    active user with that same PDF attached and its hash in the text."""
    g = Geval("3")
    besluit = g.besloten(django_capture_on_commit_callbacks)
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.AANGEBODEN
    with besluit.brief.open("rb") as fh:
        opgeslagen = fh.read()
    assert opgeslagen.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(opgeslagen)).pages) >= 1
    assert Besluit.objects.get(pk=besluit.pk).brief_sha256 == hashlib.sha256(opgeslagen).hexdigest()

    html, pdf = brief(besluit)
    kenmerk = f"2022-{g.zk.pk}-{g.inschrijving.pk}"
    assert f'<span class="sleutel">Kenmerk</span>{kenmerk}</p>' in html
    tekst = _tekst(pdf)
    assert tekst == _tekst(opgeslagen)  # the same letter, whenever it is rendered
    assert _plat(f"Kenmerk {kenmerk}") in _plat(tekst) and _plat("Voorlopige gunning") in _plat(tekst)

    (bericht,) = Bericht.objects.all()
    assert bericht.aan == g.bestuurder.email and bericht.gebruiker == g.bestuurder
    assert bericht.bijlage_naam == f"besluit-{g.inschrijving.pk}.pdf"
    with bericht.bijlage.open("rb") as fh:
        assert fh.read() == opgeslagen
    assert f"SHA-256 van de brief: {besluit.brief_sha256}" in bericht.tekst
    assert f"/zorgkantoor/aanbod/{g.inschrijving.pk}/" in bericht.tekst


# --- the aanbieder's answer -----------------------------------------------------------------------

def _post_reactie(client, inschrijving, keuze="accepteren", wachtwoord=WACHTWOORD, bevestiging=True):
    data = {"keuze": keuze, "wachtwoord": wachtwoord}
    if bevestiging:
        data["bevestiging"] = "on"
    return client.post(reverse("beoordeling:aanbod_reageren", args=[inschrijving.pk]), data)


def test_accepteren_maakt_de_overeenkomst_voor_het_volgende_jaar(client, django_capture_on_commit_callbacks):
    g = Geval("3")
    besluit = g.besloten(django_capture_on_commit_callbacks)
    client.force_login(g.bestuurder)
    url = reverse("beoordeling:aanbod", args=[g.inschrijving.pk])
    with _reis(NA + timedelta(days=3)):
        pagina = client.get(url).content.decode()
        assert "Voorlopige gunning" in pagina and "Ondertekenen en versturen" in pagina
        assert "14 augustus 2021" in pagina and besluit.brief_sha256 in pagina
        antwoord = _post_reactie(client, g.inschrijving)
    assert antwoord.status_code == 302
    besluit.refresh_from_db()
    assert besluit.reactie == "geaccepteerd" and besluit.reactie_door == g.bestuurder
    overeenkomst = besluit.overeenkomst
    assert (overeenkomst.zorgaanbieder, overeenkomst.zorgkantoor) == (g.bestuurder.zorgaanbieder, g.zk)
    assert (overeenkomst.ingangsdatum, overeenkomst.einddatum) == (date(2022, 1, 1), date(2022, 12, 31))
    assert overeenkomst.onder_voorwaarden and overeenkomst.soort == "eenjarig_verlenging"
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.GEACCEPTEERD
    with _reis(NA + timedelta(days=3)):
        assert "geaccepteerd" in client.get(url).content.decode()

    # Next year: registering during 2022 for contract year 2023, the aanbieder is type 1b for this zorgkantoor,
    # and because this overeenkomst was onder voorwaarden it is offered eenjarig, not tweejarig.
    volgende_sluiting = datetime(2022, 7, 30, 17, 0, tzinfo=AMS)
    volgende, _zk = _ronde(zk=g.zk, sluiting=volgende_sluiting)
    assert volgende.contractjaar == 2023
    uitkomst = bepaal_type(zorgaanbieder=g.bestuurder.zorgaanbieder, zorgkantoor=g.zk, ronde=volgende,
                           moment=datetime(2022, 7, 1, 12, tzinfo=AMS))
    assert uitkomst.type == "1b", uitkomst.reden
    inschrijving, _b = _ingediend(volgende, g.zk, "3", bestuurder=g.bestuurder,
                                  moment=volgende_sluiting - timedelta(days=10))
    assert inschrijving.aanbieder_type == "1b"
    _automatisch(volgende, g.zk, moment=volgende_sluiting + timedelta(days=1))
    beoordeling = _controle(Beoordeling.objects.get(inschrijving=inschrijving), g.inkoper,
                            moment=volgende_sluiting + timedelta(days=1))
    assert bereken_voorstel(beoordeling).soort == "eenjarig_verlenging"


def test_geaccepteerd_zonder_voorwaarden_geeft_volgend_jaar_tweejarig(django_capture_on_commit_callbacks):
    g = Geval("3", alles=True)
    besluit = g.besloten(django_capture_on_commit_callbacks)
    with _reis(NA):
        services.reageren(besluit=besluit, door=g.bestuurder, accepteren=True)
    besluit.refresh_from_db()
    assert not besluit.overeenkomst.onder_voorwaarden
    volgende_sluiting = datetime(2022, 7, 30, 17, 0, tzinfo=AMS)
    volgende, _zk = _ronde(zk=g.zk, sluiting=volgende_sluiting)
    inschrijving, _b = _ingediend(volgende, g.zk, "3", bestuurder=g.bestuurder,
                                  moment=volgende_sluiting - timedelta(days=10))
    assert inschrijving.aanbieder_type == "1b"
    _automatisch(volgende, g.zk, moment=volgende_sluiting + timedelta(days=1))
    beoordeling = _controle(Beoordeling.objects.get(inschrijving=inschrijving), g.inkoper,
                            moment=volgende_sluiting + timedelta(days=1))
    assert bereken_voorstel(beoordeling).soort == "tweejarig"


def test_voortzetting_houdt_de_lopende_overeenkomst(django_capture_on_commit_callbacks):
    g = Geval("1a")
    lopend = Overeenkomst.objects.get(zorgaanbieder=g.bestuurder.zorgaanbieder)
    besluit = g.besloten(django_capture_on_commit_callbacks)
    with besluit.brief.open("rb") as fh:
        assert _plat("loopt door") in _plat(_tekst(fh.read()))
    with _reis(NA):
        services.reageren(besluit=besluit, door=g.bestuurder, accepteren=True)
    besluit.refresh_from_db()
    assert besluit.overeenkomst == lopend
    assert Overeenkomst.objects.filter(zorgaanbieder=g.bestuurder.zorgaanbieder).count() == 1


def test_weigeren_maakt_geen_overeenkomst(client, django_capture_on_commit_callbacks):
    g = Geval("2")
    besluit = g.besloten(django_capture_on_commit_callbacks)
    aantal = Overeenkomst.objects.count()
    client.force_login(g.bestuurder)
    with _reis(NA):
        assert _post_reactie(client, g.inschrijving, keuze="weigeren").status_code == 302
    besluit.refresh_from_db()
    assert besluit.reactie == "geweigerd" and besluit.overeenkomst is None
    assert Overeenkomst.objects.count() == aantal
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.GEWEIGERD
    with _reis(NA), pytest.raises(ValidationError):  # one answer only
        services.reageren(besluit=besluit, door=g.bestuurder, accepteren=True)


def test_medewerker_kan_niet_accepteren(client, django_capture_on_commit_callbacks):
    g = Geval("2")
    besluit = g.besloten(django_capture_on_commit_callbacks)
    medewerker = GebruikerFactory(zorgaanbieder=g.bestuurder.zorgaanbieder)
    with _reis(NA), pytest.raises(PermissionDenied):
        services.reageren(besluit=besluit, door=medewerker, accepteren=True)
    client.force_login(medewerker)
    with _reis(NA):
        pagina = client.get(reverse("beoordeling:aanbod", args=[g.inschrijving.pk])).content.decode()
        assert "Alleen een tekenbevoegde bestuurder" in pagina and "Ondertekenen en versturen" not in pagina
        assert _post_reactie(client, g.inschrijving).status_code == 403
        assert client.get(reverse("beoordeling:aanbod_brief", args=[g.inschrijving.pk])).status_code == 200
    besluit.refresh_from_db()
    assert not besluit.reactie and besluit.overeenkomst is None


def test_wachtwoord_en_bevestiging_verplicht(client, django_capture_on_commit_callbacks):
    g = Geval("2")
    besluit = g.besloten(django_capture_on_commit_callbacks)
    client.force_login(g.bestuurder)
    with _reis(NA):
        fout = _post_reactie(client, g.inschrijving, wachtwoord="verkeerd")
        assert fout.status_code == 200 and "Het wachtwoord klopt niet" in fout.content.decode()
        assert _post_reactie(client, g.inschrijving, bevestiging=False).status_code == 200
    besluit.refresh_from_db()
    assert not besluit.reactie


def test_na_de_termijn_niet_meer_accepteren(client, django_capture_on_commit_callbacks):
    g = Geval("2")
    besluit = g.besloten(django_capture_on_commit_callbacks)
    te_laat = datetime(2021, 8, 15, 9, 0, tzinfo=AMS)
    with _reis(te_laat), pytest.raises(ValidationError, match="verstreken"):
        services.reageren(besluit=besluit, door=g.bestuurder, accepteren=True)
    client.force_login(g.bestuurder)
    with _reis(te_laat):
        pagina = client.get(reverse("beoordeling:aanbod", args=[g.inschrijving.pk])).content.decode()
        assert "De termijn om te reageren is verstreken" in pagina and "Ondertekenen en versturen" not in pagina
        antwoord = _post_reactie(client, g.inschrijving)
        assert antwoord.status_code == 302
        assert "verstreken" in client.get(antwoord.url).content.decode()
    besluit.refresh_from_db()
    assert not besluit.reactie and besluit.overeenkomst is None
    with _reis(datetime(2021, 8, 14, 23, 59, tzinfo=AMS)):  # the last day still counts
        services.reageren(besluit=besluit, door=g.bestuurder, accepteren=True)


def test_andere_organisatie_krijgt_404(client, login, django_capture_on_commit_callbacks):
    g = Geval("2")
    g.besloten(django_capture_on_commit_callbacks)
    urls = [reverse(naam, args=[g.inschrijving.pk]) for naam in ("beoordeling:aanbod", "beoordeling:aanbod_brief")]
    for url in urls:  # anonymous: to the login page
        assert client.get(url).url.startswith(reverse("login"))
    client.force_login(GebruikerFactory(tekenbevoegd=True))
    with _reis(NA):
        for url in urls:
            assert client.get(url).status_code == 404
        assert _post_reactie(client, g.inschrijving).status_code == 404
    # Zorgkantoor staff: another zorgkantoor gets a 404 for the letter; their own may download it.
    login(client, GebruikerFactory(inkoper=True))
    with _reis(NA):
        assert client.get(urls[1]).status_code == 404
    login(client, g.collega)
    with _reis(NA):
        assert client.get(urls[0]).status_code == 404  # the offer page is the aanbieder's
        antwoord = client.get(urls[1])
        assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
        assert hashlib.sha256(b"".join(antwoord.streaming_content)).hexdigest() == Besluit.objects.get().brief_sha256


def test_aanbod_pas_zichtbaar_na_goedkeuring(client):
    g = Geval("2")
    g.voorstellen()
    client.force_login(g.bestuurder)
    with _reis(NA):
        pagina = client.get(reverse("beoordeling:aanbod", args=[g.inschrijving.pk])).content.decode()
        assert "Er is nog geen besluit" in pagina and "Eenjarige" not in pagina
        assert client.get(reverse("beoordeling:aanbod_brief", args=[g.inschrijving.pk])).status_code == 404


# --- the zorginkoper's panel ----------------------------------------------------------------------

def test_paneel_laadt_zich_met_alleen_de_beoordeling():
    g = Geval("2")
    verzoek = RequestFactory().get(f"/zorgkantoor/beoordeling/{g.beoordeling.pk}/")
    verzoek.user = g.inkoper
    html = render_to_string("beoordeling/_besluit.html", {"beoordeling": g.beoordeling}, verzoek)
    assert f'hx-get="{reverse("beoordeling:besluit", args=[g.beoordeling.pk])}?fragment=1' in html
    assert reverse("beoordeling:besluit", args=[g.beoordeling.pk]) + "?next=" in html


def test_voorstellen_en_goedkeuren_via_de_paneelviews(client, login, django_capture_on_commit_callbacks):
    g = Geval("1b")
    paneel = reverse("beoordeling:besluit", args=[g.beoordeling.pk])
    detail = reverse("beoordeling:beoordeling", args=[g.beoordeling.pk])
    login(client, g.inkoper)
    with _reis(NA):
        html = client.get(paneel + "?fragment=1").content.decode()
        assert "Voorstel van het systeem" in html and "Tweejarige overeenkomst" in html
        assert "1 januari 2022 tot en met 31 december 2023" in html
        assert "<html" not in html  # the fragment only
        assert "<html" in client.get(paneel).content.decode()
        # Deviating without a reason: the form again, with the error beside the field.
        antwoord = client.post(reverse("beoordeling:voorstellen", args=[g.beoordeling.pk]),
                               {"soort": "eenjarig_verlenging", "afwijkingsreden": "", "next": detail})
        assert antwoord.status_code == 200 and "U wijkt af van het voorstel" in antwoord.content.decode()
        assert not Besluit.objects.exists()
        antwoord = client.post(reverse("beoordeling:voorstellen", args=[g.beoordeling.pk]),
                               {"soort": "tweejarig", "next": detail})
        assert antwoord.status_code == 302 and antwoord.url == detail + "#besluit"
        besluit = Besluit.objects.get()
        assert besluit.voorgesteld_door == g.inkoper and besluit.soort == "tweejarig"
        # The proposer sees no approve button, and cannot approve through the view either.
        html = client.get(paneel + "?fragment=1").content.decode()
        assert "Wacht op goedkeuring door een collega" in html and 'data-testid="goedkeuren"' not in html
        client.post(reverse("beoordeling:goedkeuren", args=[g.beoordeling.pk]))
        besluit.refresh_from_db()
        assert besluit.goedgekeurd_op is None
    login(client, g.collega)
    with _reis(NA):
        assert 'data-testid="goedkeuren"' in client.get(paneel + "?fragment=1").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            antwoord = client.post(reverse("beoordeling:goedkeuren", args=[g.beoordeling.pk]), {"next": detail})
        assert antwoord.status_code == 302
        besluit.refresh_from_db()
        assert besluit.goedgekeurd_door == g.collega and besluit.brief_sha256
        html = client.get(paneel + "?fragment=1").content.decode()
        assert besluit.brief_sha256 in html and "nog niet ontvangen (reageren vóór 14 augustus 2021)" in html


def test_paneel_afwijking_en_opslag_formulier(client, login):
    g = Geval("b", kader="2016", uitkomsten=_integriteit(**dict.fromkeys(VOORWAARDEN_2016, True)), zelfanalyse=True)
    login(client, g.inkoper)
    with _reis(NA):
        html = client.get(reverse("beoordeling:besluit", args=[g.beoordeling.pk]) + "?fragment=1").content.decode()
        assert 'name="opslag"' in html and "Ten hoogste 3%" in html.replace("3,00", "3")
        antwoord = client.post(reverse("beoordeling:voorstellen", args=[g.beoordeling.pk]),
                               {"soort": "tweejarig", "opslag": "3,5"})
        assert antwoord.status_code == 200 and "De opslag ligt tussen 0 en" in antwoord.content.decode()
        antwoord = client.post(reverse("beoordeling:voorstellen", args=[g.beoordeling.pk]),
                               {"soort": "eenjarig", "afwijkingsreden": "Twijfel over de planning.", "opslag": "2,5"})
        assert antwoord.status_code == 302
        besluit = Besluit.objects.get()
        assert (besluit.soort, besluit.opslag) == ("eenjarig", Decimal("2.50"))
        html = client.get(reverse("beoordeling:besluit", args=[g.beoordeling.pk]) + "?fragment=1").content.decode()
        assert 'data-testid="afwijking"' in html and "Twijfel over de planning." in html


def test_paneelviews_alleen_voor_het_eigen_zorgkantoor(client, login):
    g = Geval("2")
    login(client, GebruikerFactory(inkoper=True))
    with _reis(NA):
        assert client.get(reverse("beoordeling:besluit", args=[g.beoordeling.pk])).status_code == 404
        assert client.post(reverse("beoordeling:voorstellen", args=[g.beoordeling.pk]), {}).status_code == 404
        assert client.post(reverse("beoordeling:goedkeuren", args=[g.beoordeling.pk])).status_code == 404
    client.force_login(g.bestuurder)
    with _reis(NA):
        assert client.get(reverse("beoordeling:besluit", args=[g.beoordeling.pk])).status_code == 403
    assert not Besluit.objects.exists()
