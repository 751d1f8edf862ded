"""The 2016 rules (seed 004 §2.2) that issue 8 found missing, each against the seed text it comes from:

- *nieuw zzp/vpt* and the sector condition of *bestaand* (004 §2.2.2), decided from the contract history and from
  what the inschrijving registers for;
- the zelfanalyse as the condition for an opslag (004 §2.2.3 "De zelfanalyse leidt niet tot een opslag op het
  basistarief. Wel is de zelfanalyse een voorwaarde ..."): without one, the eenjarige overeenkomst at the
  basistarief, with that reason;
- the dialogue with every provider that submitted a zelfanalyse, existing ones included (004 §2.2.3 "Het
  zorgkantoor gaat in gesprek met alle zorgaanbieders die een zorgvuldige zelfanalyse ... hebben aangeleverd");
- no onderaanneming guideline in a 2016 round (the 2/3 rule is the 2022 kader's, 002 §4.1);
- the 2016 overeenkomst table and the opslag cite §2.2.4 ("(Verbeter)afspraken vaststellen").

Everything runs through the real services on the timeline of tests/beoordeling/test_besluit.py (sluiting 30 July
2021, contract year 2022, so the "previous year" of 004 §2.2.2 is 2021).
"""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from beoordeling import ontwikkelplan as op
from beoordeling import services
from beoordeling.besluitregels import bereken_voorstel, voorwaarde_geldt
from beoordeling.models import Beoordeling, Besluit, Fase, Toetsresultaat
from inschrijving import kwaliteit_diensten
from inschrijving import services as inschrijving_services
from inschrijving.aanbiedertype import bepaal_type
from inschrijving.evaluator import evalueer
from inschrijving.kwaliteit_selectie import toepassing_van
from inschrijving.models import (
    Bestuursverklaring,
    Indiening,
    Inkoopronde,
    Inschrijving,
    Onderaannemer,
    OvereenkomstRegel,
    Regelset,
    TypeEis,
)
from inschrijving.sjablonen import DOCUMENTEN_2016, OVEREENKOMSTEN_2016, laad_overeenkomsten, sjabloon_2016
from kwaliteit.models import Thema
from tests.beoordeling.test_besluit import (
    NA,
    VOOR,
    VOORWAARDEN_2016,
    Geval,
    _automatisch,
    _controle,
    _integriteit,
    _reis,
    _ronde,
)
from tests.factories import WACHTWOORD, GebruikerFactory, OvereenkomstFactory, ZorgkantoorFactory
from tests.inschrijving.maak import vul_documenten, vul_verklaring

pytestmark = pytest.mark.django_db

JAN, DEC = date(2021, 1, 1), date(2021, 12, 31)
PLAN = {"doel": "Meer eigen regie voor bewoners.", "smart_aanpak": "Elke bewoner een eigen dagplan per 1 maart.",
        "planning": "Q1 scholing, Q2 invoering.", "investering": "EUR 25.000 scholing.",
        "risicos": "Verloop van personeel.", "resultaten": "90% van de bewoners heeft een dagplan.",
        "onderbouwing": "Cliëntervaringsonderzoek 2021."}


# --- builders ---------------------------------------------------------------------------------------

def _registreer(inschrijving, *, sectoren=(), leveringsvormen=()):
    """What the inschrijving registers for, in its ondernemingsplan (the bedrijfsplan's sectoren and
    leveringsvormen); the type follows it until submission."""
    plan = inschrijving_services.plan_van(inschrijving)
    plan.sectoren, plan.leveringsvormen = list(sectoren), list(leveringsvormen)
    plan.save()
    return inschrijving_services.type_bijwerken(inschrijving)


def vul_zelfanalyse(inschrijving, bestuurder, sector="gz"):
    """A zelfanalyse on the first theme of the kwaliteitskader that applies (GZ: the niveaus of 004 ch. 3)."""
    kwaliteit_diensten.keuze_opslaan(inschrijving=inschrijving, door=bestuurder, sectoren=[sector],
                                     dominante_sector=sector)
    thema = Thema.objects.filter(kader=toepassing_van(inschrijving).kaders[0]).order_by("volgorde").first()
    kwaliteit_diensten.zelfanalyse_opslaan(inschrijving=inschrijving, door=bestuurder, thema=thema, gegevens={
        "invulling": "Elke bewoner heeft een persoonlijk plan; het beleid is op twee van drie locaties ingevoerd.",
        "sterktes_ontwikkelpunten": "Sterk: vaste teams. Ontwikkelpunt: eigen regie in de dagbesteding.",
        "clientervaring": "De cliëntenraad herkent de vaste teams.", "niveau": "locatie",
        "niveau_toelichting": "Locatie Oost loopt achter.", "gegevens": "Cliëntervaringsonderzoek 2021."})


def ingediend_2016(ronde, zk, *, geschiedenis=(), zelfanalyse=False, onderaanneming=None, registratie=None):
    """A submitted inschrijving with this contract history (kwargs for OvereenkomstFactory); ``zelfanalyse`` adds one
    on a theme of the kader that applies, ``onderaanneming`` one onderaannemer with that share (%)."""
    with _reis(VOOR):
        bestuurder = GebruikerFactory(tekenbevoegd=True)
        for kwargs in geschiedenis:
            OvereenkomstFactory(zorgaanbieder=bestuurder.zorgaanbieder, **kwargs)
        inschrijving = inschrijving_services.inschrijving_starten(ronde=ronde, zorgkantoor=zk, door=bestuurder)
        if registratie:
            inschrijving = _registreer(inschrijving, **registratie)
        vul_verklaring(inschrijving)
        if onderaanneming is not None:
            verklaring = Bestuursverklaring.objects.get(inschrijving=inschrijving)
            verklaring.werkt_met_onderaannemers = True
            verklaring.save()
            Onderaannemer.objects.create(verklaring=verklaring, naam="Thuiszorg Onder B.V.", kvk_nummer="87654321",
                                         adres="Zorgpad 1, 1234 AB Zorgdorp", levering="begeleiding",
                                         aandeel=Decimal(onderaanneming))
        if zelfanalyse:
            vul_zelfanalyse(inschrijving, bestuurder)
        vul_documenten(inschrijving, bestuurder)
        inschrijving_services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD,
                                       ondanks_bevindingen=True)
    inschrijving.refresh_from_db()
    return inschrijving, bestuurder


class GevalMetZelfanalyse(Geval):
    """``test_besluit.Geval`` for a 2016 round whose inschrijving carries a zelfanalyse, the condition for an opslag
    (004 §2.2.3). A bestaande aanbieder with one goes to the dialogue; like ``Geval`` this moves it on to BESLUIT."""

    def __init__(self, geval="b", *, uitkomsten=None):
        self.ronde, self.zk = _ronde("2016")
        self.inkoper, self.collega = (GebruikerFactory(inkoper=True, zorgkantoor=self.zk) for _ in range(2))
        geschiedenis = [{"zorgkantoor": self.zk, **_bestaand_hier()}] if geval == "b" else []
        self.inschrijving, self.bestuurder = ingediend_2016(self.ronde, self.zk, geschiedenis=geschiedenis,
                                                            zelfanalyse=True)
        _automatisch(self.ronde, self.zk)
        self.beoordeling = Beoordeling.objects.get(inschrijving=self.inschrijving)
        if self.beoordeling.fase == Fase.CONTROLE:
            self.beoordeling = _controle(self.beoordeling, self.inkoper, uitkomsten)


def _beoordeeld(inschrijving, ronde, zk, inkoper, uitkomsten):
    """Steps 1 and 2, then the zorginkoper's checklist; returns the assessment before any shortcut of the gesprek."""
    _automatisch(ronde, zk)
    beoordeling = Beoordeling.objects.get(inschrijving=inschrijving)
    with _reis(NA):
        for resultaat in beoordeling.resultaten.all():
            if resultaat.uitkomst == "handmatig" or resultaat.regel in uitkomsten:
                services.resultaat_vastleggen(resultaat=resultaat, uitkomst=uitkomsten.get(resultaat.regel, "voldoet"),
                                              toelichting="Gecontroleerd in de eigen bronnen.", door=inkoper)
        services.controle_afronden(beoordeling=beoordeling, door=inkoper)
    beoordeling.refresh_from_db()
    return beoordeling


def _bestaand_hier(**extra):
    return {"ingangsdatum": JAN, "einddatum": DEC, **extra}


# --- 004 §2.2.2: nieuw zzp/vpt and the sector condition of bestaand -----------------------------------

def test_nieuw_zzp_vpt_uit_extramurale_historie_en_inschrijving_voor_zzp():
    """004 §2.2.2 "Nieuw zzp/vpt: zorgaanbieders die voor 2015 voor alleen extramurale zorgprestaties een
    overeenkomst hebben met enig zorgkantoor (ongeacht de regio), die willen inschrijven om de prestaties zzp en vpt
    te gaan leveren" — and, like every kind of nieuw, it hands in the bewijsstukken."""
    ronde, zk = _ronde("2016")
    elders = ZorgkantoorFactory(naam="Zorgkantoor Elders")
    with _reis(VOOR):
        bestuurder = GebruikerFactory(tekenbevoegd=True)
        za = bestuurder.zorgaanbieder
        # Extramural only, with this zorgkantoor and another, both with production in 2021.
        OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, **_bestaand_hier(leveringsvormen=["mpt"]))
        OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=elders,
                            **_bestaand_hier(leveringsvormen=["mpt", "dagbesteding"]))
        inschrijving = inschrijving_services.inschrijving_starten(ronde=ronde, zorgkantoor=zk, door=bestuurder)
        # Before it says what it registers for, the history alone makes it bestaand.
        assert inschrijving.aanbieder_type == "b"
        assert _registreer(inschrijving, sectoren=["gz"], leveringsvormen=["mpt"]).aanbieder_type == "b"
        inschrijving = _registreer(inschrijving, sectoren=["gz"], leveringsvormen=["mpt", "verblijf"])
    assert (inschrijving.aanbieder_type, inschrijving.get_aanbieder_type_display()) == (
        "nz", "Nieuw zzp/vpt (kader 2016)")
    assert inschrijving.type_reden == (
        "U had voor 2021 alleen overeenkomsten voor extramurale zorg (Dagbesteding en Modulair pakket thuis (MPT)) en "
        "schrijft nu in voor Verblijf in een instelling; u bent nieuw zzp/vpt en levert de bewijsstukken van een "
        "nieuwe zorgaanbieder (inkoopkader 2016 §2.2.2).")
    eis = inschrijving.eis()
    assert (eis.verklaring, eis.ondernemingsplan) == ("bestuur", "geen")
    assert sorted(eis.documenten.values_list("code", flat=True)) == sorted(DOCUMENTEN_2016)
    assert sjabloon_2016().eis_voor("b").documenten.count() == 0  # bestaand: only the bestuursverklaring


@pytest.mark.parametrize(("leveringsvormen_vorig_jaar", "type_"), [
    (["mpt"], "nz"),
    (["vpt"], "b"),  # vpt already delivered: not "alleen extramuraal"
    (["mpt", "verblijf"], "b"),
    ([], "b"),  # not recorded: no ground to call it extramural
])
def test_nieuw_zzp_vpt_alleen_bij_uitsluitend_extramurale_overeenkomsten(leveringsvormen_vorig_jaar, type_):
    """004 §2.2.2: "voor alleen extramurale zorgprestaties" — one intramural or vpt overeenkomst (or an unknown one)
    makes the provider no nieuw zzp/vpt; registering for vpt counts like zzp."""
    ronde, zk = _ronde("2016")
    with _reis(VOOR):
        bestuurder = GebruikerFactory(tekenbevoegd=True)
        OvereenkomstFactory(zorgaanbieder=bestuurder.zorgaanbieder, zorgkantoor=zk,
                            **_bestaand_hier(leveringsvormen=leveringsvormen_vorig_jaar))
        inschrijving = inschrijving_services.inschrijving_starten(ronde=ronde, zorgkantoor=zk, door=bestuurder)
        assert _registreer(inschrijving, leveringsvormen=["vpt"]).aanbieder_type == type_


def test_bestaand_vraagt_een_overeenkomst_voor_dezelfde_sector():
    """004 §2.2.2 "Bestaande zorgaanbieders": an overeenkomst with this zorgkantoor "met betrekking tot de
    desbetreffende sector en heeft daadwerkelijk productie in die sector geleverd"; for another sector the provider
    is new (nieuw in de regio where it produces that care elsewhere)."""
    ronde, zk = _ronde("2016")
    zk.naam = "Zorgkantoor Hier"
    zk.save()
    elders = ZorgkantoorFactory(naam="Zorgkantoor Elders")
    with _reis(VOOR):
        bestuurder = GebruikerFactory(tekenbevoegd=True)
        za = bestuurder.zorgaanbieder
        OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, **_bestaand_hier(sectoren=["vv"]))
        inschrijving = inschrijving_services.inschrijving_starten(ronde=ronde, zorgkantoor=zk, door=bestuurder)
        vv = _registreer(inschrijving, sectoren=["vv"])
        assert (vv.aanbieder_type, vv.type_reden) == ("b", (
            "U had voor 2021 een overeenkomst met Zorgkantoor Hier voor Verpleging en verzorging (V&V) waaronder "
            "zorg is geleverd; u bent een bestaande zorgaanbieder (inkoopkader 2016 §2.2.2)."))
        gz = _registreer(inschrijving, sectoren=["gz"])
        assert (gz.aanbieder_type, gz.type_reden) == ("gn", (
            "U had voor 2021 geen overeenkomst waaronder zorg is geleverd voor Gehandicaptenzorg (GZ); voor die zorg "
            "bent u een geheel nieuwe zorgaanbieder (inkoopkader 2016 §2.2.2)."))
        assert _registreer(inschrijving, sectoren=["vv", "gz"]).aanbieder_type == "gn"  # bestaand for every sector
        OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=elders, **_bestaand_hier(sectoren=["gz"]))
        gz = _registreer(inschrijving, sectoren=["gz"])
        assert (gz.aanbieder_type, gz.type_reden) == ("nr", (
            "U had voor 2021 een overeenkomst met Zorgkantoor Elders voor Gehandicaptenzorg (GZ), maar niet met "
            "Zorgkantoor Hier voor die zorg; u bent nieuw in de regio (inkoopkader 2016 §2.2.2)."))


def test_bestaand_met_productieafspraak_uit_overgeheveld_budget():
    """004 §2.2.2, second kind of bestaand: "een productieafspraak ... ten laste van de contracteerruimte van het
    zorgkantoor voor deze regio, waarbij het budget een overheveling vanuit een andere regio van het zorgkantoor of
    een ander zorgkantoor betreft" — bestaand without production of its own yet."""
    ronde, zk = _ronde("2016")
    za = GebruikerFactory(tekenbevoegd=True).zorgaanbieder
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, **_bestaand_hier(declaraties_sinds=None))
    assert bepaal_type(zorgaanbieder=za, zorgkantoor=zk, ronde=ronde).type == "gn"
    za.overeenkomsten.update(budget_overheveling=True)
    uitkomst = bepaal_type(zorgaanbieder=za, zorgkantoor=zk, ronde=ronde)
    assert uitkomst.type == "b"
    assert "met een productieafspraak uit overgeheveld budget" in uitkomst.reden


# --- 004 §2.2.3: the zelfanalyse is the condition for an opslag ---------------------------------------

def test_zonder_zelfanalyse_geen_opslag_maar_eenjarig_tegen_basistarief_met_de_reden():
    """004 §2.2.3 "De zelfanalyse leidt niet tot een opslag op het basistarief. Wel is de zelfanalyse een voorwaarde
    om een voorstel voor het ontwikkelplan te kunnen formuleren en daarmee een voorwaarde om in aanmerking te komen
    voor een opslag"; §2.2.2: the toetredingseisen give "een eenjarige overeenkomst. Op deze overeenkomst is het
    basistarief van toepassing". Even with every national condition and an "overeengekomen ontwikkelplan" recorded,
    no opslag without a zelfanalyse."""
    ronde, zk = _ronde("2016")
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk)
    inschrijving, bestuurder = ingediend_2016(ronde, zk, geschiedenis=[{"zorgkantoor": zk, **_bestaand_hier()}])
    assert inschrijving.aanbieder_type == "b"
    beoordeling = _beoordeeld(inschrijving, ronde, zk, inkoper,
                              _integriteit(**dict.fromkeys(VOORWAARDEN_2016, True)))
    assert beoordeling.fase == Fase.BESLUIT  # bestaand without a zelfanalyse: no dialogue
    voorstel = bereken_voorstel(beoordeling)
    assert (voorstel.soort, voorstel.looptijd_jaren, voorstel.met_opslag) == ("eenjarig", 1, False)
    assert voorstel.redenen == []
    assert voorstel.regel.endswith("rij 3")
    assert voorstel.bron == ("004 §2.2.3, §2.2.4: geen zelfanalyse bij de inschrijving; de zelfanalyse is een "
                             "voorwaarde voor een opslag, dus eenjarig tegen het basistarief")
    # The ontwikkelplan can be neither submitted nor scored, and names the reason.
    reden = op.geen_opslag_reden(beoordeling)
    assert "geen zelfanalyse ingediend" in reden and "§2.2.3" in reden
    with _reis(NA), pytest.raises(ValidationError) as fout:
        op.plan_indienen(beoordeling=beoordeling, gegevens=PLAN, door=bestuurder)
    assert fout.value.messages == [reden]
    assert op.voorgestelde_opslag(beoordeling) == Decimal("0.00")
    # An opslag typed in by hand is refused; the proposal is recorded with its ground, the letter follows.
    with _reis(NA), pytest.raises(ValidationError) as fout:
        services.voorstellen(beoordeling=beoordeling, door=inkoper, opslag=Decimal("2.50"))
    assert "opslag" in fout.value.message_dict
    with _reis(NA):
        besluit = services.voorstellen(beoordeling=beoordeling, door=inkoper)
    assert (besluit.soort, besluit.opslag) == ("eenjarig", Decimal("0"))
    assert "geen zelfanalyse" in besluit.voorstel["bron"]
    assert Besluit.objects.count() == 1


def test_met_zelfanalyse_leidt_het_overeengekomen_ontwikkelplan_tot_een_opslag():
    """The other side of 004 §2.2.3: with a zelfanalyse the ontwikkelplan is scored on the beoordelingskader of
    §2.2.4 and an agreed plan gives the opslag (tweejarig where the national conditions of §2.2.4 hold)."""
    ronde, zk = _ronde("2016")
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk)
    inschrijving, bestuurder = ingediend_2016(ronde, zk, geschiedenis=[{"zorgkantoor": zk, **_bestaand_hier()}],
                                          zelfanalyse=True)
    _automatisch(ronde, zk)
    beoordeling = _controle(Beoordeling.objects.get(inschrijving=inschrijving), inkoper,
                            _integriteit(**{**dict.fromkeys(VOORWAARDEN_2016, True), "ontwikkelplan_akkoord": False}))
    assert op.geen_opslag_reden(beoordeling) == ""
    with _reis(NA):
        plan = op.plan_indienen(beoordeling=beoordeling, gegevens=PLAN, door=bestuurder)
        plan = op.scoren(plan=plan, effect=10, ambitie=10, haalbaarheid=10, akkoord=True,
                         toelichting="Besproken in de dialoog.", door=inkoper)
    assert plan.opslag == Decimal("3.00")
    resultaat = Toetsresultaat.objects.get(beoordeling=beoordeling, regel=op.REGEL)
    assert resultaat.uitkomst == "voldoet" and "beoordelingskader ontwikkelplan, 004 §2.2.4" in resultaat.toelichting
    voorstel = bereken_voorstel(Beoordeling.objects.get(pk=beoordeling.pk))
    assert (voorstel.soort, voorstel.looptijd_jaren, voorstel.met_opslag) == ("tweejarig", 2, True)
    assert voorstel.bron.startswith("004 §2.2.4")
    with _reis(NA):
        besluit = services.voorstellen(beoordeling=beoordeling, door=inkoper)
    assert besluit.opslag == Decimal("3.00")


@pytest.mark.parametrize(("zelfanalyse", "ingediend"), [
    ({"gz-niveaus/de-basis-versterken": {"thema": "De basis versterken", "invulling": "Beleid staat."}}, True),
    ({"gz-niveaus/de-basis-versterken": {"thema": "De basis versterken", "invulling": " ", "gegevens": ""}},
     False),  # a theme opened but left empty is no zelfanalyse
    ({}, False),
    (None, False),
])
def test_voorwaarden_zelfanalyse_uit_het_ingediende_dossier(zelfanalyse, ingediend):
    """The conditions the 2016 table reads (004 §2.2.3): answered from the submitted dossier, not from what the
    aanbieder may have changed since."""
    snapshot = {"regels": {"documenten": []}, **({"zelfanalyse": zelfanalyse} if zelfanalyse is not None else {})}
    beoordeling = Beoordeling(inschrijving=Inschrijving(ronde=Inkoopronde(contractjaar=2022)),
                              indiening=Indiening(snapshot=snapshot))
    assert voorwaarde_geldt("zelfanalyse_ingediend", beoordeling, {}, []) is ingediend
    assert voorwaarde_geldt("geen_zelfanalyse", beoordeling, {}, []) is not ingediend


# --- 004 §2.2.3/§2.2.4: the dialogue with every provider that submitted a zelfanalyse -----------------

def test_bestaande_aanbieder_met_zelfanalyse_gaat_naar_het_gesprek():
    """004 §2.2.3 "Het zorgkantoor gaat in gesprek met alle zorgaanbieders die een zorgvuldige zelfanalyse en een
    voorstel voor een ontwikkelplan hebben aangeleverd"; §2.2.4 "In de dialoog lichten zorgaanbieders hun
    zelfanalyse ... toe" — existing providers included; without a zelfanalyse a bestaande aanbieder has none."""
    ronde, zk = _ronde("2016")
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk)
    met, _b = ingediend_2016(ronde, zk, geschiedenis=[{"zorgkantoor": zk, **_bestaand_hier()}], zelfanalyse=True)
    zonder, _b = ingediend_2016(ronde, zk, geschiedenis=[{"zorgkantoor": zk, **_bestaand_hier()}])
    assert (met.aanbieder_type, zonder.aanbieder_type) == ("b", "b")
    uitkomsten = _integriteit(**dict.fromkeys(VOORWAARDEN_2016, True))
    met = _beoordeeld(met, ronde, zk, inkoper, uitkomsten)
    zonder = _beoordeeld(zonder, ronde, zk, inkoper, uitkomsten)
    assert met.indiening.snapshot["zelfanalyse"]
    assert services.gesprek_nodig(met) and met.fase == Fase.GESPREK
    assert not services.gesprek_nodig(zonder) and zonder.fase == Fase.BESLUIT


def test_zelfanalyse_in_een_ronde_van_2022_geeft_geen_gesprek_voor_bestaande_aanbieder():
    """The dialogue of 004 §2.2.3 is the 2016 kader's: under the 2022 rules the gesprek stays with new providers
    (002 §4.6 stap 3), a zelfanalyse or not."""
    ronde, zk = _ronde("2022")
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk)
    inschrijving, _b = ingediend_2016(ronde, zk, geschiedenis=[{"zorgkantoor": zk, **_bestaand_hier()}],
                                  zelfanalyse=True)
    assert inschrijving.aanbieder_type == "1b"
    beoordeling = _beoordeeld(inschrijving, ronde, zk, inkoper, {})
    assert beoordeling.indiening.snapshot["zelfanalyse"]
    assert not services.gesprek_nodig(beoordeling) and beoordeling.fase == Fase.BESLUIT


# --- no 2/3 rule in 2016 (002 §4.1 is the 2022 kader) -------------------------------------------------

def test_geen_onderaannemingsregel_in_een_ronde_van_2016():
    """The onderaanneming guideline ("Onze richtlijn": at least 2/3 delivered by the provider itself) is seed 002
    §4.1, the 2022 kader; the 2016 kader (004 §2.2.2) names none. A 2016 round gives no finding on a 50% share, a
    2022 round weighs it as a signal."""
    assert sjabloon_2016().max_aandeel_onderaanneming is None
    ronde, zk = _ronde("2016")
    assert ronde.regelset.max_aandeel_onderaanneming is None
    inschrijving, _b = ingediend_2016(ronde, zk, geschiedenis=[{"zorgkantoor": zk, **_bestaand_hier()}],
                                  onderaanneming="50")
    snapshot = inschrijving.actuele_indiening().snapshot
    assert snapshot["verklaring"]["onderaannemers"][0]["aandeel"] == "50.00"
    assert "verklaring.onderaanneming" not in {b.regel for b in evalueer(snapshot)}
    _automatisch(ronde, zk)
    assert not Toetsresultaat.objects.filter(beoordeling__inschrijving=inschrijving,
                                             regel="verklaring.onderaanneming").exists()

    ronde_2022, zk_2022 = _ronde("2022")
    inschrijving, _b = ingediend_2016(ronde_2022, zk_2022, geschiedenis=[{"zorgkantoor": zk_2022, **_bestaand_hier()}],
                                  onderaanneming="50")
    _automatisch(ronde_2022, zk_2022)
    assert Toetsresultaat.objects.get(beoordeling__inschrijving=inschrijving,
                                      regel="verklaring.onderaanneming").uitkomst == "signaal"


# --- §2.2.4 cited where the table and the opslag are decided ------------------------------------------

def test_tabel_2016_noemt_paragraaf_2_2_4_en_geldt_voor_nieuw_zzp_vpt():
    """004 §2.2.4 "Afsluiten eenjarige dan wel tweejarige overeenkomst met opslag op basistarief": every row of the
    2016 table cites it, every opslag row needs the zelfanalyse (§2.2.3), and the rows hold for every type, nieuw
    zzp/vpt included."""
    rijen = list(OvereenkomstRegel.objects.filter(regelset=sjabloon_2016()).order_by("volgorde"))
    assert len(rijen) == 4
    assert all("§2.2.4" in rij.bron for rij in rijen), [rij.bron for rij in rijen]
    assert all("zelfanalyse_ingediend" in rij.voorwaarden for rij in rijen if rij.met_opslag)
    assert {rij.aanbieder_type for rij in rijen} == {""}
    ronde, zk = _ronde("2016")
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk)
    inschrijving, _b = ingediend_2016(ronde, zk, geschiedenis=[{"zorgkantoor": zk, **_bestaand_hier(
        leveringsvormen=["mpt"])}], registratie={"sectoren": ["gz"], "leveringsvormen": ["verblijf"]})
    assert inschrijving.aanbieder_type == "nz"
    beoordeling = _beoordeeld(inschrijving, ronde, zk, inkoper, _integriteit())
    assert beoordeling.fase == Fase.GESPREK  # nieuw: the gesprek, as every kind of nieuw
    voorstel = bereken_voorstel(beoordeling)
    assert (voorstel.soort, voorstel.met_opslag) == ("eenjarig", False)
    assert "§2.2.4" in voorstel.bron


# --- the data migration brings existing 2016 rule sets up to date -------------------------------------

def test_migratie_brengt_bestaande_regelsets_van_2016_bij():
    """Rule sets copied into rounds before this change: the nieuw zzp/vpt type with the bewijsstukken of their own
    gn type (004 §2.2.2), no onderaanneming guideline, the new table where the old one was unchanged, and the
    zelfanalyse condition on every opslag row of an edited table (004 §2.2.3)."""
    migratie = importlib.import_module("inschrijving.migrations.0011_kader_2016_nieuw_zzp_vpt")
    oude_tabel = [(*rij[:5], "oude bron", rij[5]) for rij in migratie.OUDE_TABEL_2016]
    ongewijzigd = sjabloon_2016().kopieer("Ronde 2016, ongewijzigd")
    bewerkt = sjabloon_2016().kopieer("Ronde 2016, regionaal bewerkt")
    eigen_documenten = list(bewerkt.eis_voor("gn").documenten.all()[:2])
    bewerkt.eis_voor("gn").documenten.set(eigen_documenten)
    for regelset in (ongewijzigd, bewerkt):
        TypeEis.objects.filter(regelset=regelset, aanbieder_type="nz").delete()
        Regelset.objects.filter(pk=regelset.pk).update(max_aandeel_onderaanneming=Decimal("33.33"))
        laad_overeenkomsten(regelset, OvereenkomstRegel, oude_tabel)
    OvereenkomstRegel.objects.filter(regelset=bewerkt, soort="tweejarig").update(looptijd_jaren=3)

    migratie.kader_2016(apps, None)

    for regelset in (ongewijzigd, bewerkt):
        regelset.refresh_from_db()
        assert regelset.max_aandeel_onderaanneming is None
        assert regelset.eis_voor("nz").verklaring == "bestuur"
    assert set(bewerkt.eis_voor("nz").documenten.all()) == set(eigen_documenten)
    assert [(r.voorwaarden, r.bron) for r in ongewijzigd.overeenkomst_regels.order_by("volgorde")] == [
        (rij[1], rij[5]) for rij in OVEREENKOMSTEN_2016]
    bewerkte_rijen = list(bewerkt.overeenkomst_regels.order_by("volgorde"))
    assert [r.looptijd_jaren for r in bewerkte_rijen] == [3, 1, 1]
    assert [r.voorwaarden[:1] == ["zelfanalyse_ingediend"] for r in bewerkte_rijen] == [True, True, False]
    migratie.kader_2016(apps, None)  # idempotent
    assert TypeEis.objects.filter(regelset=bewerkt, aanbieder_type="nz").count() == 1
    assert bewerkt.overeenkomst_regels.get(volgorde=0).voorwaarden.count("zelfanalyse_ingediend") == 1
