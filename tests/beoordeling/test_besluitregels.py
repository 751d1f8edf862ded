"""The overeenkomst table as rules (002 §4.4/§4.6; 004 §2.2.3): every condition true and false, the first row that
holds for the aanbieder type wins, a positive decision lists its inregel-items with their vervaldatum (Z at the start
of the overeenkomst, 6 six months later), and an afwijzing names only what "voldoet niet" (never the conditions of
the integriteitstoets, which only choose a row), the gesprek's bezwaren, or that the inschrijving was incomplete.

The conditions and the inregel-items are tested on unsaved model instances (no database); ``bereken_voorstel``
reads the recorded results, the table and the contract history, so those tests build the few rows it queries.
Contract year 2022, so the inschrijfjaar is 2021.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from beoordeling.besluitregels import (
    GESPREK_BRON,
    Voorstel,
    _bezwaren,
    _gewogen_signalen,
    _inregelitems,
    bereken_voorstel,
    voorwaarde_geldt,
    zelfanalyse_ingediend,
)
from beoordeling.models import Beoordeling, Fase, Gesprek, Toetsresultaat
from inschrijving.models import (
    Gebruiker,
    Indiening,
    Inkoopronde,
    Inschrijving,
    Overeenkomst,
    OvereenkomstRegel,
    Regelset,
    Rol,
)
from inschrijving.sjablonen import OVEREENKOMSTEN_2016, OVEREENKOMSTEN_2022, laad_overeenkomsten
from tests.factories import InkooprondeFactory, OvereenkomstFactory, ZorgaanbiederFactory, ZorgkantoorFactory

AMS = ZoneInfo("Europe/Amsterdam")
SLUITING = datetime(2021, 7, 30, 17, 0, tzinfo=AMS)
ZK, ANDER = 7, 8  # zorgkantoor ids in the tests without a database
JAN, DEC = date(2021, 1, 1), date(2021, 12, 31)
DOCUMENTEN = [  # as the snapshot of the indiening records them (inschrijving.dossier)
    {"code": "governancecode", "naam": "Borging Governancecode Zorg", "moment": "Z"},
    {"code": "ao_ic", "naam": "Regeling AO/IC", "moment": "Z"},
    {"code": "clientenraad", "naam": "Cliëntenraad (Wmcz)", "moment": "6"},
    {"code": "statuten", "naam": "Statuten", "moment": "I"},
]


# --- without a database -------------------------------------------------------------------------

def _beoordeling_los(documenten=DOCUMENTEN, *, zelfanalyse=None, ingangsdatum=None) -> Beoordeling:
    inschrijving = Inschrijving(ronde=Inkoopronde(contractjaar=2022, ingangsdatum=ingangsdatum), zorgkantoor_id=ZK,
                                aanbieder_type="3")
    snapshot = {"regels": {"documenten": documenten}, "zelfanalyse": zelfanalyse}
    return Beoordeling(inschrijving=inschrijving, indiening=Indiening(snapshot=snapshot))


def _ok(zorgkantoor_id=ZK, van=JAN, tot=DEC, **kwargs) -> Overeenkomst:
    return Overeenkomst(zorgkantoor_id=zorgkantoor_id, ingangsdatum=van, einddatum=tot, **kwargs)


def _resultaat(regel, uitkomst, *, onderdeel="", titel=None, stap="controle") -> Toetsresultaat:
    return Toetsresultaat(regel=regel, uitkomst=uitkomst, onderdeel=onderdeel, titel=titel or f"Titel {regel}",
                          toelichting=f"Toelichting {regel}", bron=f"Bron {regel}", stap=stap)


def _geldt(code, geschiedenis=(), resultaten=None, zelfanalyse=None) -> bool:
    return voorwaarde_geldt(code, _beoordeling_los(zelfanalyse=zelfanalyse), resultaten or {}, list(geschiedenis))


def test_heel_inschrijfjaar_vraagt_overeenkomst_met_dit_zorgkantoor_van_1_januari_tot_31_december():
    assert _geldt("heel_inschrijfjaar", [_ok()])
    assert _geldt("heel_inschrijfjaar", [_ok(van=date(2019, 1, 1), tot=date(2023, 12, 31))])
    assert _geldt("heel_inschrijfjaar", [_ok(onder_voorwaarden=True)])  # that is the next condition's concern
    assert not _geldt("heel_inschrijfjaar", [_ok(van=date(2021, 1, 2))])
    assert not _geldt("heel_inschrijfjaar", [_ok(tot=date(2021, 12, 30))])
    assert not _geldt("heel_inschrijfjaar", [_ok(ANDER)])  # the whole year, but with another zorgkantoor
    assert not _geldt("heel_inschrijfjaar", [_ok(ANDER), _ok(van=date(2021, 3, 1))])
    assert not _geldt("heel_inschrijfjaar", [])


def test_niet_onder_voorwaarden_geldt_alleen_voor_de_overeenkomst_van_het_hele_jaar():
    assert _geldt("niet_onder_voorwaarden", [_ok()])
    assert not _geldt("niet_onder_voorwaarden", [_ok(onder_voorwaarden=True)])
    # A second whole-year overeenkomst under conditions spoils it; one for part of the year does not.
    assert not _geldt("niet_onder_voorwaarden", [_ok(), _ok(van=date(2020, 1, 1), onder_voorwaarden=True)])
    assert _geldt("niet_onder_voorwaarden", [_ok(), _ok(van=date(2021, 6, 1), onder_voorwaarden=True)])
    assert _geldt("niet_onder_voorwaarden", [_ok(), _ok(ANDER, onder_voorwaarden=True)])
    # Without a whole-year overeenkomst with this zorgkantoor there is nothing that is "not under conditions".
    assert not _geldt("niet_onder_voorwaarden", [])
    assert not _geldt("niet_onder_voorwaarden", [_ok(ANDER)])


def test_overeenkomst_vorig_jaar_met_elk_zorgkantoor_op_minstens_een_dag():
    assert _geldt("overeenkomst_vorig_jaar", [_ok(ANDER, van=date(2021, 12, 31), tot=date(2022, 12, 31))])
    assert _geldt("overeenkomst_vorig_jaar", [_ok(van=date(2020, 1, 1), tot=date(2021, 1, 1))])
    assert _geldt("overeenkomst_vorig_jaar", [_ok(van=date(2020, 1, 1), tot=date(2020, 12, 31)), _ok(ANDER)])
    assert not _geldt("overeenkomst_vorig_jaar", [_ok(van=date(2020, 1, 1), tot=date(2020, 12, 31))])
    assert not _geldt("overeenkomst_vorig_jaar", [_ok(van=date(2022, 1, 1), tot=date(2022, 12, 31))])
    assert not _geldt("overeenkomst_vorig_jaar", [])


@pytest.mark.parametrize("code", ["geen_verscherpt_toezicht", "geen_fraudeonderzoek", "geen_fraude_sinds_2010",
                                  "ontwikkelplan_akkoord"])
def test_handmatige_voorwaarde_geldt_alleen_als_de_zorginkoper_voldoet_vastlegde(code):
    regel = f"integriteit.{code}"
    assert _geldt(code, resultaten={regel: _resultaat(regel, "voldoet")})
    assert not _geldt(code, resultaten={regel: _resultaat(regel, "voldoet_niet")})
    assert not _geldt(code, resultaten={regel: _resultaat(regel, "handmatig")})  # not yet answered
    assert not _geldt(code)  # no result recorded
    # Another condition's result, or a contract history, does not count for this one.
    andere = f"integriteit.{'geen_fraudeonderzoek' if code != 'geen_fraudeonderzoek' else 'geen_verscherpt_toezicht'}"
    assert not _geldt(code, [_ok()], resultaten={andere: _resultaat(andere, "voldoet")})


def test_onbekende_voorwaarde_in_de_tabel_is_een_fout():
    with pytest.raises(ValueError, match="Onbekende voorwaarde 'heel_jaar' in de overeenkomsttabel"):
        _geldt("heel_jaar", [_ok()])


THEMA = "gz-niveaus/de-basis-versterken"


def test_zelfanalyse_telt_alleen_met_een_ingevuld_veld_naast_de_themanaam():
    assert zelfanalyse_ingediend({"zelfanalyse": {THEMA: {"thema": "De basis versterken", "invulling": "Beleid."}}})
    # One theme filled in is enough, whatever the others hold.
    assert zelfanalyse_ingediend({"zelfanalyse": {"a/leeg": {"thema": "Leeg", "invulling": ""},
                                                  THEMA: {"verbeterpunt": "Scholing"}}})
    assert zelfanalyse_ingediend({"zelfanalyse": {THEMA: {"score": 3}}})  # not only text counts
    # Nothing submitted: no snapshot, no zelfanalyse, no themes.
    assert not zelfanalyse_ingediend(None)
    assert not zelfanalyse_ingediend({})
    assert not zelfanalyse_ingediend({"zelfanalyse": None})
    assert not zelfanalyse_ingediend({"zelfanalyse": {}})
    # A theme with only its name, empty fields or whitespace is not a zelfanalyse.
    assert not zelfanalyse_ingediend({"zelfanalyse": {THEMA: {"thema": "De basis versterken"}}})
    assert not zelfanalyse_ingediend({"zelfanalyse": {THEMA: {"thema": "De basis versterken", "invulling": "",
                                                               "verbeterpunt": None}}})
    assert not zelfanalyse_ingediend({"zelfanalyse": {THEMA: {"invulling": "  \n ", "score": 0}}})
    assert not zelfanalyse_ingediend({"zelfanalyse": {THEMA: {}}})
    # A theme that is not a set of fields (a damaged snapshot) holds nothing.
    assert not zelfanalyse_ingediend({"zelfanalyse": {THEMA: "Beleid staat.", "b/lijst": ["Beleid"]}})


def test_voorwaarden_zelfanalyse_ingediend_en_geen_zelfanalyse_lezen_de_snapshot_van_de_indiening():
    ingevuld = {THEMA: {"thema": "De basis versterken", "invulling": "Beleid staat."}}
    alleen_naam = {THEMA: {"thema": "De basis versterken", "invulling": " "}}
    assert _geldt("zelfanalyse_ingediend", zelfanalyse=ingevuld)
    assert not _geldt("geen_zelfanalyse", zelfanalyse=ingevuld)
    for leeg in (None, {}, alleen_naam):
        assert not _geldt("zelfanalyse_ingediend", zelfanalyse=leeg)
        assert _geldt("geen_zelfanalyse", zelfanalyse=leeg)


def test_inregelitems_met_vervaldatum_z_bij_ingang_en_6_na_zes_maanden_op_volgorde():
    resultaten = {r.regel: r for r in [
        _resultaat("document.statuten.aanwezig", "voldoet", onderdeel="document:statuten"),
        _resultaat("document.clientenraad.aanwezig", "inregeltijd", onderdeel="document:clientenraad"),
        _resultaat("document.kvk_uittreksel.aanwezig", "voldoet_niet", onderdeel="document:kvk_uittreksel"),
        _resultaat("document.governancecode.aanwezig", "inregeltijd", onderdeel="document:governancecode"),
        _resultaat("document.ao_ic.aanwezig", "inregeltijd", onderdeel="document:ao_ic"),
        _resultaat("integriteit.geen_fraudeonderzoek", "handmatig"),
    ]}
    items = _inregelitems(_beoordeling_los(), resultaten)
    z = "vóór aanvang van de zorglevering"
    zes = "uiterlijk zes maanden na ingang van de overeenkomst"
    # Ordered by vervaldatum, then by title: the two Z items (AO/IC before Governancecode), then the 6 item.
    assert items == [
        {"regel": "document.governancecode.aanwezig", "code": "governancecode", "titel": "Borging Governancecode Zorg",
         "moment": "Z", "vervaldatum": "2022-01-01", "toelichting": z},
        {"regel": "document.ao_ic.aanwezig", "code": "ao_ic", "titel": "Regeling AO/IC", "moment": "Z",
         "vervaldatum": "2022-01-01", "toelichting": z},
        {"regel": "document.clientenraad.aanwezig", "code": "clientenraad", "titel": "Cliëntenraad (Wmcz)",
         "moment": "6", "vervaldatum": "2022-07-01", "toelichting": zes},
    ]


def test_inregelitem_dat_niet_meer_in_de_snapshot_staat_telt_als_zes_maanden_met_de_titel_van_het_resultaat():
    resultaten = {"document.klachtenregeling.aanwezig": _resultaat(
        "document.klachtenregeling.aanwezig", "inregeltijd", onderdeel="document:klachtenregeling",
        titel="Klachtenregeling (Wkkgz): mag later")}
    assert _inregelitems(_beoordeling_los(), resultaten) == [
        {"regel": "document.klachtenregeling.aanwezig", "code": "klachtenregeling",
         "titel": "Klachtenregeling (Wkkgz): mag later", "moment": "6", "vervaldatum": "2022-07-01",
         "toelichting": "uiterlijk zes maanden na ingang van de overeenkomst"}]


def test_inregelitems_van_een_tussentijdse_ronde_rekenen_vanaf_haar_eigen_ingangsdatum():
    resultaten = {r.regel: r for r in [
        _resultaat("document.clientenraad.aanwezig", "inregeltijd", onderdeel="document:clientenraad"),
        _resultaat("document.ao_ic.aanwezig", "inregeltijd", onderdeel="document:ao_ic"),
    ]}
    items = _inregelitems(_beoordeling_los(ingangsdatum=date(2022, 4, 1)), resultaten)
    # Z at the round's own start of the overeenkomst, 6 six months after it — not 1 January / 1 July.
    assert [(i["code"], i["moment"], i["vervaldatum"]) for i in items] == [
        ("ao_ic", "Z", "2022-04-01"), ("clientenraad", "6", "2022-10-01")]
    # Six months after 31 August is the end of February.
    items = _inregelitems(_beoordeling_los(ingangsdatum=date(2022, 8, 31)), resultaten)
    assert [i["vervaldatum"] for i in items] == ["2022-08-31", "2023-02-28"]


def test_geen_inregelitems_als_alles_in_orde_is():
    resultaten = {"document.ao_ic.aanwezig": _resultaat("document.ao_ic.aanwezig", "voldoet",
                                                        onderdeel="document:ao_ic")}
    assert _inregelitems(_beoordeling_los(), resultaten) == []


def test_bezwaren_uit_het_gesprek_in_de_volgorde_van_de_afwijzingsgronden():
    gesprek = Gesprek(oordelen={
        "klachten": {"bezwaar": True, "toelichting": "Geen lerend effect"},
        "plan": {"bezwaar": False, "toelichting": "Haalbaar"},
        "governance": {"bezwaar": True},
        "igj": None,
        "keten": {},
    })
    assert _bezwaren(gesprek) == [
        ("governance", "Een onvoldoende transparante bestuursstructuur"),
        ("klachten", "Ernstige, gegronde klachten zonder lerend effect"),
    ]
    assert _bezwaren(Gesprek(oordelen={})) == []


def _signaal(regel, titel=None) -> Toetsresultaat:
    return _resultaat(regel, "signaal", titel=titel)


def test_gewogen_signalen_met_bezwaar_zijn_redenen_en_zonder_bezwaar_overwegingen_met_de_bron_van_de_regel():
    resultaten = {r.regel: r for r in [
        _signaal("plan.continuiteit", "Continuïteit van zorg"),
        _resultaat("plan.financieel", "voldoet_niet"),
        _signaal("document.jaarrekening.resultaat", "Negatief resultaat"),
        _signaal("plan.groei"),
        _signaal("plan.personeel"),
        _signaal("plan.locaties"),
        _signaal("plan.clienten"),
        _signaal("plan.visie"),
    ]}
    gesprek = Gesprek(signaal_oordelen={
        "plan.continuiteit": {"bevinding": "Geen overbruggingsplan", "bezwaar": True, "grond": "plan"},
        # A judgement of a result that is no signal, or of a signal not recorded, does not count.
        "plan.financieel": {"bevinding": "Weggenomen", "bezwaar": False},
        "onbekend.signaal": {"bevinding": "?", "bezwaar": True},
        "document.jaarrekening.resultaat": {"bevinding": "Eenmalig verlies door verhuizing", "bezwaar": False,
                                            "grond": "financieel"},
        "plan.groei": {"bezwaar": True},  # no finding written down
        "plan.personeel": {"bezwaar": False},
        # Not (yet) judged: no bool for bezwaar, or no judgement at all.
        "plan.locaties": {"bevinding": "Nog te bespreken", "bezwaar": None},
        "plan.clienten": {"bevinding": "Nog te bespreken", "bezwaar": "ja"},
        "plan.visie": None,
    })
    redenen, overwegingen = _gewogen_signalen(gesprek.signaal_oordelen, resultaten, GESPREK_BRON)
    assert redenen == [
        {"regel": "plan.continuiteit", "titel": "Continuïteit van zorg", "toelichting": "Geen overbruggingsplan",
         "bron": "002 §4.6 (gesprek); Bron plan.continuiteit"},
        {"regel": "plan.groei", "titel": "Titel plan.groei", "toelichting": "",
         "bron": "002 §4.6 (gesprek); Bron plan.groei"},
    ]
    assert overwegingen == [
        {"regel": "document.jaarrekening.resultaat", "titel": "Negatief resultaat",
         "bevinding": "Eenmalig verlies door verhuizing",
         "bron": "002 §4.6 (gesprek); Bron document.jaarrekening.resultaat"},
        {"regel": "plan.personeel", "titel": "Titel plan.personeel", "bevinding": "",
         "bron": "002 §4.6 (gesprek); Bron plan.personeel"},
    ]


def test_geen_signaaloordelen_geeft_geen_redenen_en_geen_overwegingen():
    resultaten = {"plan.groei": _signaal("plan.groei")}
    assert _gewogen_signalen(None, resultaten, GESPREK_BRON) == ([], [])
    assert _gewogen_signalen({}, resultaten, GESPREK_BRON) == ([], [])


def test_als_dict_neemt_overwegingen_alleen_op_als_er_zijn():
    overweging = {"regel": "plan.groei", "titel": "Groei", "bevinding": "Beheerst", "bron": "002 §4.6 (gesprek); x"}
    gegevens = Voorstel("eenjarig", looptijd_jaren=1, overwegingen=[overweging]).als_dict()
    assert gegevens["overwegingen"] == [overweging]
    assert (gegevens["soort"], gegevens["looptijd_jaren"]) == ("eenjarig", 1)
    assert "overwegingen" not in Voorstel("eenjarig", looptijd_jaren=1).als_dict()


def test_voorstel_label_en_als_dict():
    voorstel = Voorstel("tweejarig", looptijd_jaren=2, bron="002 §4.4")
    assert voorstel.label == "Tweejarige overeenkomst"
    assert Voorstel("afwijzing").label == "Afwijzing"
    assert voorstel.als_dict() == {"soort": "tweejarig", "looptijd_jaren": 2, "verlenging_jaren": 0,
                                   "met_opslag": False, "onder_voorwaarden": False, "voorwaarden": [],
                                   "redenen": [], "regel": "", "bron": "002 §4.4"}


# --- bereken_voorstel, with the database -------------------------------------------------------

def _beoordeling(aanbieder_type="3", *, tabel=OVEREENKOMSTEN_2022, fase=Fase.BESLUIT, resultaten=(),
                 geschiedenis=(), gesprek=None, zelfanalyse=None, signaal_oordelen=None) -> Beoordeling:
    """A submitted inschrijving of ``aanbieder_type`` in a round with ``tabel`` as its overeenkomst table, its
    contract history (OvereenkomstFactory kwargs), its recorded results and optionally the gesprek's oordelen
    (per afwijzingsgrond and per signal)."""
    zk = ZorgkantoorFactory(naam="Zorgkantoor Hier")
    ronde = InkooprondeFactory(zorgkantoren=[zk], sluiting=SLUITING)
    ronde.regelset = Regelset.objects.create(naam=f"Regels {ronde.naam}")
    laad_overeenkomsten(ronde.regelset, OvereenkomstRegel, tabel)
    ronde.save()
    # Without a password: hashing one would cost more than everything else the test does.
    bestuurder = Gebruiker.objects.create(username=f"bestuurder {ronde.naam}", rol=Rol.TEKENBEVOEGDE,
                                          zorgaanbieder=ZorgaanbiederFactory())
    for kwargs in geschiedenis:
        OvereenkomstFactory(zorgaanbieder=bestuurder.zorgaanbieder, **{"zorgkantoor": zk, **kwargs})
    inschrijving = Inschrijving.objects.create(ronde=ronde, zorgaanbieder=bestuurder.zorgaanbieder, zorgkantoor=zk,
                                               aanbieder_type=aanbieder_type, type_reden="-", status="ingediend",
                                               aangemaakt_door=bestuurder)
    indiening = Indiening.objects.create(inschrijving=inschrijving, volgnummer=1, ingediend_op=SLUITING,
                                         ingediend_door=bestuurder, sha256="0" * 64,
                                         snapshot={"regels": {"documenten": DOCUMENTEN},
                                                   "zelfanalyse": zelfanalyse or {}})
    beoordeling = Beoordeling.objects.create(inschrijving=inschrijving, indiening=indiening, fase=fase)
    for r in resultaten:
        r.beoordeling, r.besloten_op = beoordeling, SLUITING
        r.save()
    if gesprek is not None or signaal_oordelen is not None:
        Gesprek.objects.create(beoordeling=beoordeling, datum=SLUITING, plaats="Op locatie", deelnemers="-",
                               tekenbevoegde=bestuurder, uitgenodigd_door=bestuurder, uitgenodigd_op=SLUITING,
                               oordelen=gesprek or {}, signaal_oordelen=signaal_oordelen or {})
    return Beoordeling.objects.get(pk=beoordeling.pk)


def _rij(voorstel) -> str:
    """Which row of the table, as the record names it ("<regelset> / rij <n>", counting from 1)."""
    return voorstel.regel.rpartition(" / ")[2]


def _reden(regel):
    """The reason an afwijzing gives for the recorded result ``regel`` (as ``_resultaat`` builds it)."""
    r = _resultaat(regel, "voldoet_niet")
    return {"regel": r.regel, "titel": r.titel, "toelichting": r.toelichting, "bron": r.bron}


@pytest.mark.parametrize("fase", [Fase.VOORSTEL_NIET_IN_BEHANDELING, Fase.NIET_IN_BEHANDELING])
@pytest.mark.django_db
def test_niet_in_behandeling_wordt_afgewezen_op_de_ontbrekende_stukken(fase):
    beoordeling = _beoordeling("3", fase=fase, resultaten=[
        _resultaat("document.statuten.aanwezig", "voldoet_niet", stap="volledigheid"),
        _resultaat("document.kvk_uittreksel.aanwezig", "voldoet", stap="volledigheid"),
        _resultaat("document.ao_ic.aanwezig", "inregeltijd", onderdeel="document:ao_ic", stap="volledigheid"),
        _resultaat("verklaring.ondertekend", "voldoet_niet", stap="volledigheid"),
    ])
    voorstel = bereken_voorstel(beoordeling)
    assert voorstel == Voorstel("afwijzing", redenen=[
        _reden("document.statuten.aanwezig"), _reden("verklaring.ondertekend")],
        bron="002 §4.6: onvolledige inschrijvingen worden niet in behandeling genomen")


@pytest.mark.django_db
def test_afwijzing_noemt_alleen_wat_niet_voldoet_en_nooit_de_voorwaarden_van_de_tabel():
    beoordeling = _beoordeling("3", resultaten=[
        _resultaat("integriteit.geen_fraudeonderzoek", "voldoet_niet"),
        _resultaat("integriteit.uitsluitingsgronden", "voldoet_niet"),
        _resultaat("document.ao_ic.aanwezig", "inregeltijd", onderdeel="document:ao_ic"),
        _resultaat("integriteit.ontwikkelplan_akkoord", "voldoet_niet"),
        _resultaat("plan.financieel", "voldoet_niet"),
        _resultaat("document.statuten.aanwezig", "voldoet"),
    ])
    voorstel = bereken_voorstel(beoordeling)
    assert voorstel == Voorstel("afwijzing", redenen=[_reden("integriteit.uitsluitingsgronden"),
                                                      _reden("plan.financieel")],
                                bron="002 §4.6: uitsluiting of afwijzing op de genoemde gronden")


@pytest.mark.django_db
def test_bezwaren_uit_het_gesprek_leiden_tot_afwijzing_na_de_toetsresultaten():
    beoordeling = _beoordeling("3", resultaten=[_resultaat("plan.financieel", "voldoet_niet")], gesprek={
        "financieel": {"bezwaar": True, "toelichting": "Negatief eigen vermogen over 2020"},
        "plan": {"bezwaar": False, "toelichting": "Reëel"},
        "igj": {"bezwaar": True},
    })
    voorstel = bereken_voorstel(beoordeling)
    assert voorstel.soort == "afwijzing"
    assert voorstel.bron == "002 §4.6: uitsluiting of afwijzing op de genoemde gronden"
    assert voorstel.redenen == [
        _reden("plan.financieel"),
        {"regel": "gesprek", "titel": "Een negatief eigen vermogen of financieel slechte positie",
         "toelichting": "Negatief eigen vermogen over 2020", "bron": "002 §4.6 (gesprek)"},
        {"regel": "gesprek", "titel": "De IGJ oordeelt dat de basiskwaliteit niet op orde is", "toelichting": "",
         "bron": "002 §4.6 (gesprek)"},
    ]


OORDEEL_GROEI = {"bevinding": "Groei is beheerst, met eigen personeel", "bezwaar": False, "grond": "plan"}
OVERWEGING_GROEI = {"regel": "plan.groei", "titel": "Titel plan.groei",
                    "bevinding": "Groei is beheerst, met eigen personeel",
                    "bron": "002 §4.6 (gesprek); Bron plan.groei"}


@pytest.mark.django_db
def test_signaal_met_bezwaar_in_het_gesprek_is_een_afwijzingsgrond_met_de_overwegingen_erbij():
    beoordeling = _beoordeling("1b", geschiedenis=[{"ingangsdatum": JAN, "einddatum": DEC}], resultaten=[
        _signaal("plan.groei"), _signaal("plan.continuiteit"), _resultaat("plan.financieel", "voldoet")],
        gesprek={"igj": {"bezwaar": True, "toelichting": "Rapport 2021"}}, signaal_oordelen={
            "plan.groei": OORDEEL_GROEI,
            "plan.continuiteit": {"bevinding": "Geen overbruggingsplan", "bezwaar": True, "grond": "plan"}})
    voorstel = bereken_voorstel(beoordeling)
    # The signal's own rule and source come first, then the gesprek's bezwaren per afwijzingsgrond.
    assert voorstel == Voorstel("afwijzing", redenen=[
        {"regel": "plan.continuiteit", "titel": "Titel plan.continuiteit", "toelichting": "Geen overbruggingsplan",
         "bron": "002 §4.6 (gesprek); Bron plan.continuiteit"},
        {"regel": "gesprek", "titel": "De IGJ oordeelt dat de basiskwaliteit niet op orde is",
         "toelichting": "Rapport 2021", "bron": "002 §4.6 (gesprek)"}],
        overwegingen=[OVERWEGING_GROEI], bron="002 §4.6: uitsluiting of afwijzing op de genoemde gronden")
    assert voorstel.als_dict()["overwegingen"] == [OVERWEGING_GROEI]


@pytest.mark.django_db
def test_signalen_zonder_bezwaar_volgen_de_tabel_en_zijn_de_overwegingen_van_het_voorstel():
    beoordeling = _beoordeling("1b", geschiedenis=[{"ingangsdatum": JAN, "einddatum": DEC}],
                               resultaten=[_signaal("plan.groei")], signaal_oordelen={"plan.groei": OORDEEL_GROEI})
    voorstel = bereken_voorstel(beoordeling)
    naam = beoordeling.inschrijving.ronde.regelset.naam
    assert voorstel == Voorstel("tweejarig", 2, 0, False, onder_voorwaarden=False, voorwaarden=[],
                                regel=f"{naam} / rij 2", overwegingen=[OVERWEGING_GROEI],
                                bron="002 §4.4: het hele voorafgaande jaar een overeenkomst, niet onder voorwaarden")


@pytest.mark.django_db
def test_geen_passende_rij_houdt_de_overwegingen_van_het_gesprek():
    beoordeling = _beoordeling("3", tabel=[("1a", [], "voortzetting", 0, 0, "002 §4.4")],
                               resultaten=[_signaal("plan.groei")], signaal_oordelen={"plan.groei": OORDEEL_GROEI})
    voorstel = bereken_voorstel(beoordeling)
    assert voorstel.soort == "afwijzing"
    assert [r["regel"] for r in voorstel.redenen] == ["overeenkomsttabel"]
    assert voorstel.overwegingen == [OVERWEGING_GROEI]


@pytest.mark.django_db
def test_gesprek_zonder_bezwaren_volgt_de_tabel():
    beoordeling = _beoordeling("3", gesprek={"plan": {"bezwaar": False, "toelichting": "Reëel"}})
    voorstel = bereken_voorstel(beoordeling)
    assert (voorstel.soort, voorstel.redenen) == ("eenjarig_verlenging", [])


@pytest.mark.django_db
def test_tabel_2022_bestaand_heel_jaar_niet_onder_voorwaarden_tweejarig():
    beoordeling = _beoordeling("1b", geschiedenis=[{"ingangsdatum": JAN, "einddatum": DEC}])
    voorstel = bereken_voorstel(beoordeling)
    naam = beoordeling.inschrijving.ronde.regelset.naam
    assert voorstel == Voorstel("tweejarig", 2, 0, False, onder_voorwaarden=False, voorwaarden=[],
                                regel=f"{naam} / rij 2",
                                bron="002 §4.4: het hele voorafgaande jaar een overeenkomst, niet onder voorwaarden")


@pytest.mark.parametrize("geschiedenis", [
    [{"ingangsdatum": date(2021, 3, 1), "einddatum": DEC}],  # part of the year
    [{"ingangsdatum": JAN, "einddatum": DEC, "onder_voorwaarden": True}],
])
@pytest.mark.django_db
def test_tabel_2022_bestaand_deel_van_het_jaar_of_onder_voorwaarden_eenjarig_met_verlenging(geschiedenis):
    beoordeling = _beoordeling("1b", geschiedenis=geschiedenis)
    voorstel = bereken_voorstel(beoordeling)
    assert (voorstel.soort, voorstel.looptijd_jaren, voorstel.verlenging_jaren) == ("eenjarig_verlenging", 1, 1)
    assert voorstel.regel.endswith(" / rij 3")
    assert voorstel.bron == "002 §4.4: een overeenkomst voor een deel van het voorafgaande jaar"


@pytest.mark.django_db
def test_tabel_2022_alleen_de_geschiedenis_van_deze_zorgaanbieder_telt():
    beoordeling = _beoordeling("1b", geschiedenis=[{"ingangsdatum": date(2021, 3, 1), "einddatum": DEC}])
    # Another aanbieder's whole-year overeenkomst with the same zorgkantoor.
    OvereenkomstFactory(zorgkantoor=beoordeling.inschrijving.zorgkantoor, ingangsdatum=JAN, einddatum=DEC)
    assert bereken_voorstel(beoordeling).soort == "eenjarig_verlenging"


@pytest.mark.django_db
def test_tabel_2022_nieuw_slaat_de_rijen_van_andere_typen_over_en_stelt_voorwaarden():
    beoordeling = _beoordeling("3", geschiedenis=[{"ingangsdatum": JAN, "einddatum": DEC}], resultaten=[
        _resultaat("document.clientenraad.aanwezig", "inregeltijd", onderdeel="document:clientenraad"),
        _resultaat("document.statuten.aanwezig", "voldoet"),
        _resultaat("document.governancecode.aanwezig", "inregeltijd", onderdeel="document:governancecode"),
    ])
    voorstel = bereken_voorstel(beoordeling)
    assert (voorstel.soort, voorstel.looptijd_jaren, voorstel.verlenging_jaren, voorstel.met_opslag) == (
        "eenjarig_verlenging", 1, 1, False)
    assert voorstel.regel == f"{beoordeling.inschrijving.ronde.regelset.naam} / rij 5"
    assert voorstel.bron == "002 §4.4/§4.6: nieuwe zorgaanbieder; onder voorwaarden bij inregeltijd"
    assert voorstel.onder_voorwaarden and voorstel.redenen == []
    assert [(v["code"], v["moment"], v["vervaldatum"]) for v in voorstel.voorwaarden] == [
        ("governancecode", "Z", "2022-01-01"), ("clientenraad", "6", "2022-07-01")]


@pytest.mark.django_db
def test_tabel_2016_integriteitsvoorwaarden_kiezen_de_rij_en_zijn_geen_afwijzingsgrond():
    voorwaarden = ["ontwikkelplan_akkoord", "geen_verscherpt_toezicht", "geen_fraudeonderzoek",
                   "geen_fraude_sinds_2010"]

    zelfanalyse = {"gz-niveaus/de-basis-versterken": {"thema": "De basis versterken", "invulling": "Beleid staat."}}

    def voorstel(voldoet, geschiedenis=({"ingangsdatum": JAN, "einddatum": DEC},), zelfanalyse=zelfanalyse):
        resultaten = [_resultaat(f"integriteit.{c}", "voldoet" if c in voldoet else "voldoet_niet")
                      for c in voorwaarden]
        return bereken_voorstel(_beoordeling("b", tabel=OVEREENKOMSTEN_2016, resultaten=resultaten,
                                             geschiedenis=geschiedenis, zelfanalyse=zelfanalyse))

    alles = voorstel(voorwaarden)
    assert (alles.soort, alles.looptijd_jaren, alles.met_opslag, _rij(alles)) == ("tweejarig", 2, True, "rij 1")
    assert alles.bron.startswith("004 §2.2.4: tweejarige overeenkomst met opslag")
    # 004 §2.2.3: without a zelfanalyse no opslag, whatever else holds; the row names the reason.
    zonder_zelfanalyse = voorstel(voorwaarden, zelfanalyse=None)
    assert (zonder_zelfanalyse.soort, zonder_zelfanalyse.met_opslag, _rij(zonder_zelfanalyse)) == (
        "eenjarig", False, "rij 3")
    assert "geen zelfanalyse" in zonder_zelfanalyse.bron
    zonder_vorig_jaar = voorstel(voorwaarden, geschiedenis=())
    assert (zonder_vorig_jaar.soort, zonder_vorig_jaar.met_opslag, _rij(zonder_vorig_jaar)) == (
        "eenjarig", True, "rij 2")
    fraude = voorstel(["ontwikkelplan_akkoord", "geen_verscherpt_toezicht", "geen_fraude_sinds_2010"])
    assert (fraude.soort, fraude.looptijd_jaren, fraude.met_opslag, _rij(fraude)) == ("eenjarig", 1, True, "rij 2")
    geen = voorstel([])
    assert (geen.soort, geen.looptijd_jaren, geen.met_opslag, _rij(geen)) == ("eenjarig", 1, False, "rij 4")
    assert geen.bron.startswith("004 §2.2.2, §2.2.4: toetredingseisen vervuld")
    assert geen.redenen == [] and not geen.onder_voorwaarden


EIGEN_TABEL = [
    ("2", [], "tweejarig", 2, 0, "rij voor type 2"),
    ("", ["heel_inschrijfjaar"], "tweejarig", 2, 1, "elk type met een heel jaar"),
    ("3", [], "eenjarig", 1, 0, "rij voor type 3"),
    ("", [], "eenjarig_verlenging", 1, 1, "elk type"),
]


@pytest.mark.django_db
def test_eerste_rij_die_voor_het_type_geldt_beslist():
    # Type 3 without history: the type 2 row is skipped, the generic row's condition fails, the type 3 row wins.
    nieuw = bereken_voorstel(_beoordeling("3", tabel=EIGEN_TABEL))
    assert (nieuw.soort, nieuw.bron, _rij(nieuw)) == ("eenjarig", "rij voor type 3", "rij 3")
    # A generic row (empty type) applies to every type and comes first when its conditions hold.
    heel_jaar = bereken_voorstel(_beoordeling("3", tabel=EIGEN_TABEL,
                                              geschiedenis=[{"ingangsdatum": JAN, "einddatum": DEC}]))
    assert (heel_jaar.soort, heel_jaar.verlenging_jaren, _rij(heel_jaar)) == ("tweejarig", 1, "rij 2")
    # Type 1a has no row of its own and falls through to the last generic row.
    assert _rij(bereken_voorstel(_beoordeling("1a", tabel=EIGEN_TABEL))) == "rij 4"
    assert bereken_voorstel(_beoordeling("2", tabel=EIGEN_TABEL)).bron == "rij voor type 2"


@pytest.mark.django_db
def test_geen_passende_rij_is_een_afwijzing_die_de_regelset_noemt():
    beoordeling = _beoordeling("3", tabel=[("1a", [], "voortzetting", 0, 0, "002 §4.4"),
                                           ("", ["heel_inschrijfjaar"], "tweejarig", 2, 0, "002 §4.4")])
    voorstel = bereken_voorstel(beoordeling)
    naam = beoordeling.inschrijving.ronde.regelset.naam
    assert voorstel == Voorstel("afwijzing", redenen=[{
        "regel": "overeenkomsttabel", "titel": "Geen passende overeenkomst in de regelset",
        "toelichting": "Geen rij van de overeenkomsttabel is van toepassing.", "bron": naam}])
