"""The evaluator of the inkoopkader rules, as a pure function over a dossier (no database).

A complete, valid dossier (type 3: bestuursverklaring, volledig ondernemingsplan, the documents with their
checks; or type 1a: instemmingsverklaring) passes every rule; each test then changes one thing and shows the
exact finding the aanbieder (voorcontrole) and the zorginkoper (beoordeling) read: the rule code, the step,
the outcome, the title and explanation with the dates, amounts, limits and missing items it names, the source
it cites, where the aanbieder fixes it and the document evidence it rests on.
"""

import copy
from datetime import date

import pytest

from inschrijving.evaluator import (
    CONTROLE,
    GEWOGEN,
    HANDMATIG,
    INREGELTIJD,
    VOLDOET,
    VOLDOET_NIET,
    VOLLEDIGHEID,
    Bevinding,
    evalueer,
    handmatige_controles,
)
from inschrijving.krachten import OORDEEL, SIGNAAL, STANDAARD, UITSLUITING
from inschrijving.verklaringen import GESCHIKTHEIDSEISEN, INSTEMMINGEN, UITSLUITINGSGRONDEN, WIE
from wlzportal.datums import datum

NAAM = "Stichting Zorggroep De Linde"
SLUITING = "2031-09-30T17:00:00+02:00"  # peildatum 30 september 2031; the overeenkomst starts 1 januari 2032
VERKLARING_BRON = "002 §4.5, §4.6"
PLAN_BRON = "002 §4.10"
OVERAL_AANWEZIG = "002 §4.9"

# The document requirements as regels_van() puts them in the dossier (codes and checks of the 2022 template).
EISEN = [
    {"code": "kvk_uittreksel", "naam": "Uittreksel KvK", "moment": "I", "controle": "uittreksel",
     "max_leeftijd_maanden": 6, "min_verzekerd_bedrag": None, "niet_voor_starters": False, "bron": "002 §4.9 KvK",
     "toelichting": "Met de namen van de toezichthouders."},
    {"code": "wtzi_toelating", "naam": "Wtzi-toelating", "moment": "I", "controle": "toelating",
     "max_leeftijd_maanden": None, "min_verzekerd_bedrag": None, "niet_voor_starters": False,
     "bron": "002 §4.9 Wtzi", "toelichting": "Dezelfde rechtspersoon."},
    {"code": "vog_rp", "naam": "VOG RP", "moment": "I", "controle": "vog", "max_leeftijd_maanden": 12,
     "min_verzekerd_bedrag": None, "niet_voor_starters": False, "bron": "002 §4.9 VOG", "toelichting": ""},
    {"code": "statuten", "naam": "Statuten", "moment": "I", "controle": "aanwezig", "max_leeftijd_maanden": None,
     "min_verzekerd_bedrag": None, "niet_voor_starters": False, "bron": "002 §4.9 statuten",
     "toelichting": "Actuele statuten."},
    {"code": "polisblad", "naam": "Polisblad", "moment": "I", "controle": "polis", "max_leeftijd_maanden": None,
     "min_verzekerd_bedrag": "2500000.00", "niet_voor_starters": False, "bron": "002 §4.9 polis",
     "toelichting": "Minimaal EUR 2.500.000 per gebeurtenis."},
    {"code": "jaarrekeningen", "naam": "Jaarrekeningen", "moment": "I", "controle": "aanwezig",
     "max_leeftijd_maanden": None, "min_verzekerd_bedrag": None, "niet_voor_starters": True, "bron": "002 §4.10",
     "toelichting": "Niet voor starters."},
    {"code": "governancecode", "naam": "Borging Governancecode", "moment": "Z", "controle": "aanwezig",
     "max_leeftijd_maanden": None, "min_verzekerd_bedrag": None, "niet_voor_starters": False,
     "bron": "002 §4.9 governance", "toelichting": ""},
    {"code": "clientenraad", "naam": "Cliëntenraad", "moment": "6", "controle": "aanwezig",
     "max_leeftijd_maanden": None, "min_verzekerd_bedrag": None, "niet_voor_starters": False,
     "bron": "002 §4.9 Wmcz", "toelichting": ""},
]


def _document(nummer: int, code: str, **gegevens) -> dict:
    """A current document as document_gegevens() puts it in the dossier."""
    doc = {"id": nummer, "code": code, "naam": code, "versie": 1, "weergavenaam": f"{code}.pdf", "grootte": 1000,
           "sha256": f"{nummer:064x}", "geupload_op": "2031-09-01T10:00:00+02:00", "afgiftedatum": None,
           "rechtspersoon": "", "verzekerd_bedrag": None, "polis_ingangsdatum": None, "verzekeringnemer": "",
           "vog_soort": "", "vog_voor_deze_procedure": None}
    doc.update(gegevens)
    return doc


def _bewijs(nummer: int, versie: int = 1) -> dict:
    return {"document_id": nummer, "versie": versie, "sha256": f"{nummer:064x}"}


def _bestuursverklaring() -> dict:
    return {
        "soort": "bestuur", "ondertekenaar_naam": "Bea Bestuur", "ondertekenaar_functie": "voorzitter",
        "uitsluitingsgronden": {code: {wie: False for wie, _l in WIE} for code, _v, _a in UITSLUITINGSGRONDEN},
        "geschiktheid": {code: True for code, _t in GESCHIKTHEIDSEISEN},
        "werkt_met_onderaannemers": True,
        "onderaannemers": [{"naam": "Thuiszorg Noord", "kvk_nummer": "12345678", "adres": "Noord 1",
                            "levering": "MPT", "aandeel": "20.00"}],
        "bijlage3_van_toepassing": False, "bijlage3_zorgkantoren": [], "bijlage3_toelichting": "",
        "akkoord_voorwaarden": True,
    }


def _plan() -> dict:
    return {
        "bestuur": "Bea Bestuur", "toezichthouders": ["T. Een", "T. Twee", "T. Drie"], "clientenraad": "Ja",
        "holding": "", "missie": "Goede zorg", "strategie": "Groei", "sectoren": ["vv", "gz"],
        "leveringsvormen": ["verblijf"], "prestaties": "ZZP VV 4", "verwacht_aantal_clienten": 40,
        "gemeenten_locaties": "Amsterdam", "personeel_aantal": 30, "personeel_niveau": "niveau 3",
        "ervaring": ["wmo"], "samenwerking": "Huisartsen", "onderscheidend": "", "starter": False,
        "eigen_vermogen": "150000.00", "verwacht_resultaat": "25000.00",
        "begroting": {"vv": "1000000.00", "gz": "500000.00", "ggz": None},
    }


def _dossier() -> dict:
    """A complete, valid type 3 dossier: every rule passes."""
    return {
        "versie": 1,
        "inschrijving": {"id": 7, "ronde": "Inkoop 2032", "ronde_id": 1, "contractjaar": 2032,
                         "zorgkantoor": "Zorgkantoor Amstelland", "zorgkantoor_id": 1, "aanbieder_type": "3",
                         "type_reden": "nieuw", "sluiting": SLUITING},
        "zorgaanbieder": {"statutaire_naam": NAAM, "kvk_nummer": "87654321", "agb_code": "12345678",
                          "rechtsvorm": "Stichting", "adres": "Lindelaan 1, 1000 AA Amsterdam"},
        "regels": {
            "regelset": "Regels 2032", "kader": "2022", "bron": "Inkoopkader", "max_aandeel_onderaanneming": "33.33",
            "min_toezichthouders": 2, "verklaring": "bestuur", "ondernemingsplan": "volledig",
            "documenten": copy.deepcopy(EISEN), "zelfanalyse_vereist": False, "kwaliteit_sectoren": [],
            "dominante_sector": None, "kwaliteitskaders": [], "zelfanalyse_themas": [],
            "zelfanalyse_thema_namen": {}, "krachten": dict(STANDAARD),
        },
        "verklaring": _bestuursverklaring(),
        "ondernemingsplan": _plan(),
        "documenten": [
            _document(11, "kvk_uittreksel", afgiftedatum="2031-08-31", rechtspersoon=NAAM),
            _document(12, "wtzi_toelating", rechtspersoon=NAAM),
            _document(13, "vog_rp", afgiftedatum="2031-08-01", rechtspersoon=NAAM, vog_soort="rp",
                      vog_voor_deze_procedure=True),
            _document(14, "statuten"),
            _document(15, "polisblad", verzekerd_bedrag="3000000.00", polis_ingangsdatum="2031-12-01",
                      verzekeringnemer=NAAM),
            _document(16, "jaarrekeningen"),
        ],
        "zelfanalyse": {},
        "ontwikkelplan": [],
    }


def _instemmingsdossier() -> dict:
    """A complete, valid type 1a dossier: an instemmingsverklaring, no plan, no documents."""
    dossier = _dossier()
    dossier["inschrijving"]["aanbieder_type"] = "1a"
    dossier["regels"].update({"verklaring": "instemming", "ondernemingsplan": "geen", "documenten": []})
    dossier["verklaring"] = {"soort": "instemming", "ondertekenaar_naam": "Bea Bestuur",
                             "ondertekenaar_functie": "voorzitter",
                             "instemmingen": {code: True for code, _t in INSTEMMINGEN},
                             "geen_wijzigingen": True, "wijzigingen": ""}
    dossier["ondernemingsplan"] = None
    dossier["documenten"] = []
    return dossier


def _per_regel(dossier: dict) -> dict[str, Bevinding]:
    return {b.regel: b for b in evalueer(dossier)}


def _doc(dossier: dict, code: str) -> dict:
    return next(d for d in dossier["documenten"] if d["code"] == code)


def _eis(dossier: dict, code: str) -> dict:
    return next(e for e in dossier["regels"]["documenten"] if e["code"] == code)


def _zonder_document(dossier: dict, code: str) -> dict:
    dossier["documenten"] = [d for d in dossier["documenten"] if d["code"] != code]
    return dossier


def _verklaring(uitkomst, titel, toelichting, regel="verklaring.volledig", stap=VOLLEDIGHEID,
                bron=VERKLARING_BRON, kracht=UITSLUITING) -> Bevinding:
    return Bevinding(regel, stap, uitkomst, titel, toelichting, bron, "verklaring", {}, kracht)


# --- the complete dossiers -------------------------------------------------------------------------------------


def test_volledig_type_3_dossier_voldoet_aan_elke_regel_in_vaste_volgorde():
    uitkomsten = [(b.regel, b.stap, b.uitkomst) for b in evalueer(_dossier())]
    assert uitkomsten == [
        ("verklaring.volledig", VOLLEDIGHEID, VOLDOET),
        ("verklaring.uitsluitingsgronden", CONTROLE, VOLDOET),
        ("verklaring.uitsluitingsgronden_facultatief", CONTROLE, VOLDOET),
        ("verklaring.geschiktheid", CONTROLE, VOLDOET),
        ("verklaring.akkoord", CONTROLE, VOLDOET),
        ("verklaring.onderaanneming", CONTROLE, VOLDOET),
        ("plan.volledig", VOLLEDIGHEID, VOLDOET),
        ("plan.financieel", CONTROLE, VOLDOET),
        ("plan.toezichthouders", CONTROLE, VOLDOET),
        ("document.kvk_uittreksel.aanwezig", VOLLEDIGHEID, VOLDOET),
        ("document.kvk_uittreksel.leeftijd", CONTROLE, VOLDOET),
        ("document.kvk_uittreksel.rechtspersoon", CONTROLE, VOLDOET),
        ("document.wtzi_toelating.aanwezig", VOLLEDIGHEID, VOLDOET),
        ("document.wtzi_toelating.rechtspersoon", CONTROLE, VOLDOET),
        ("document.vog_rp.aanwezig", VOLLEDIGHEID, VOLDOET),
        ("document.vog_rp.leeftijd", CONTROLE, VOLDOET),
        ("document.vog_rp.rechtspersoon", CONTROLE, VOLDOET),
        ("document.vog_rp.soort", CONTROLE, VOLDOET),
        ("document.statuten.aanwezig", VOLLEDIGHEID, VOLDOET),
        ("document.polisblad.aanwezig", VOLLEDIGHEID, VOLDOET),
        ("document.polisblad.bedrag", CONTROLE, VOLDOET),
        ("document.polisblad.ingangsdatum", CONTROLE, VOLDOET),
        ("document.polisblad.verzekeringnemer", CONTROLE, VOLDOET),
        ("document.jaarrekeningen.aanwezig", VOLLEDIGHEID, VOLDOET),
        ("document.governancecode.aanwezig", VOLLEDIGHEID, INREGELTIJD),
        ("document.clientenraad.aanwezig", VOLLEDIGHEID, INREGELTIJD),
    ]
    assert not any(b.blokkerend for b in evalueer(_dossier()))


def test_volledige_bestuursverklaring_toelichtingen():
    b = _per_regel(_dossier())
    assert b["verklaring.volledig"] == _verklaring(VOLDOET, "De bestuursverklaring is volledig ingevuld",
                                                   "Alle vragen van de bestuursverklaring zijn beantwoord.")
    assert b["verklaring.uitsluitingsgronden"] == _verklaring(
        VOLDOET, "Verplichte uitsluitingsgronden", "Op geen enkele verplichte uitsluitingsgrond is 'ja' geantwoord.",
        "verklaring.uitsluitingsgronden", CONTROLE, "002 §4.6; Aanbestedingswet 2012 art. 2.86")
    assert b["verklaring.uitsluitingsgronden_facultatief"] == _verklaring(
        VOLDOET, "Facultatieve uitsluitingsgronden",
        "Op geen enkele facultatieve uitsluitingsgrond is 'ja' geantwoord.",
        "verklaring.uitsluitingsgronden_facultatief", CONTROLE, "002 §4.6; Aanbestedingswet 2012 art. 2.87",
        SIGNAAL)
    assert b["verklaring.geschiktheid"] == _verklaring(
        VOLDOET, "Geschiktheidseisen", "Alle geschiktheidseisen zijn bevestigd.", "verklaring.geschiktheid",
        CONTROLE, "002 §4.6")
    assert b["verklaring.akkoord"] == _verklaring(
        VOLDOET, "Akkoord met de voorwaarden van het inkoopkader",
        "U gaat akkoord met de eisen en voorwaarden van het inkoopkader.", "verklaring.akkoord", CONTROLE,
        "002 §4.6")
    assert b["verklaring.onderaanneming"] == _verklaring(
        VOLDOET, "Aandeel onderaanneming",
        "Onderaannemers leveren samen 20.00% van de zorg; de richtlijn is ten hoogste 33.33% (u levert ten minste "
        "twee derde zelf).", "verklaring.onderaanneming", CONTROLE, "002 §4.1", SIGNAAL)


def test_volledig_instemmingsdossier_type_1a():
    assert evalueer(_instemmingsdossier()) == [
        _verklaring(VOLDOET, "De instemmingsverklaring is volledig ingevuld",
                    "Alle vragen van de instemmingsverklaring zijn beantwoord."),
        _verklaring(VOLDOET, "Wijzigingen sinds de vorige inschrijving",
                    "U meldt geen wijzigingen ten opzichte van de eerdere inschrijvingsdocumenten of overeenkomst.",
                    "verklaring.wijzigingen", CONTROLE, "002 §4.5", OORDEEL),
        _verklaring(VOLDOET, "Instemming met de voorwaarden",
                    "U stemt in met alle vier de verklaringen van de instemmingsverklaring.",
                    "verklaring.instemming", CONTROLE, "002 §4.5 punt 1"),
    ]


def test_bevinding_als_dict_en_labels():
    b = _per_regel(_dossier())["document.polisblad.aanwezig"]
    assert b.als_dict() == {
        "regel": "document.polisblad.aanwezig", "stap": VOLLEDIGHEID, "uitkomst": VOLDOET,
        "titel": "Polisblad: aanwezig", "toelichting": "Aangeleverd: polisblad.pdf (versie 1).",
        "bron": "002 §4.9 polis", "onderdeel": "document:polisblad", "bewijs": _bewijs(15), "kracht": UITSLUITING,
    }
    assert b.uitkomst_label == "Voldoet" and not b.blokkerend
    assert b.kracht_label == "Uitsluiting: volgt zonder tussenkomst van een persoon"
    niet = Bevinding("x", CONTROLE, VOLDOET_NIET, "t", "u", "b", "verklaring")
    assert niet.blokkerend and niet.uitkomst_label == "Voldoet niet" and niet.bewijs == {}
    assert niet.kracht == UITSLUITING
    gewogen = Bevinding("x", CONTROLE, GEWOGEN, "t", "u", "b", "verklaring", {}, SIGNAAL)
    assert not gewogen.blokkerend and gewogen.uitkomst_label == "Signaal: het zorgkantoor weegt dit"


# --- rule set ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("regelset", "bron"), [("Regels 2032", "Inkoopkader Wlz (Regels 2032)"),
                                                (None, "Inkoopkader Wlz (geen regelset)")])
def test_zonder_eisen_voor_het_aanbiedertype_alleen_een_blokkerende_melding(regelset, bron):
    dossier = _dossier()
    dossier["regels"]["regelset"] = regelset
    dossier["regels"]["verklaring"] = None
    assert evalueer(dossier) == [Bevinding(
        "regelset", VOLLEDIGHEID, VOLDOET_NIET, "Geen regels voor dit aanbiedertype",
        "De ronde heeft voor uw aanbiedertype geen eisen vastgelegd. Neem contact op met het zorgkantoor.",
        bron, "verklaring", {})]


# --- the force of each rule (inschrijving.krachten) ---------------------------------------------------------------


def _te_oud_en_zonder_toezicht(dossier: dict) -> dict:
    """Three rules not met: an old uittreksel (uitsluiting by default), too few toezichthouders (signaal) and
    another verzekeringnemer (signaal)."""
    _doc(dossier, "kvk_uittreksel")["afgiftedatum"] = "2030-01-01"
    dossier["ondernemingsplan"]["toezichthouders"] = ["A"]
    _doc(dossier, "polisblad")["verzekeringnemer"] = "Holding"
    return dossier


def _krachten(dossier: dict) -> dict:
    b = _per_regel(dossier)
    return {r: (b[r].uitkomst, b[r].kracht) for r in ("document.kvk_uittreksel.leeftijd", "plan.toezichthouders",
                                                      "document.polisblad.verzekeringnemer", "plan.volledig")}


def test_snapshot_zonder_krachten_krijgt_de_standaardkrachten():
    dossier = _te_oud_en_zonder_toezicht(_dossier())
    del dossier["regels"]["krachten"]
    assert _krachten(dossier) == {
        "document.kvk_uittreksel.leeftijd": (VOLDOET_NIET, UITSLUITING),
        "plan.toezichthouders": (GEWOGEN, SIGNAAL),
        "document.polisblad.verzekeringnemer": (GEWOGEN, SIGNAAL),
        "plan.volledig": (VOLDOET, UITSLUITING),
    }
    assert [b.regel for b in evalueer(dossier) if b.blokkerend] == ["document.kvk_uittreksel.leeftijd"]


def test_krachten_van_de_regelset_bepalen_wat_volgt():
    dossier = _te_oud_en_zonder_toezicht(_dossier())
    # This rule set leaves the age of documents to the zorginkoper, weighs governance after the gesprek and
    # names no force for the verzekeringnemer (so a person judges it).
    dossier["regels"]["krachten"] = {"document.*.leeftijd": OORDEEL, "plan.toezichthouders": "gesprek",
                                     "plan.*": UITSLUITING}
    assert _krachten(dossier) == {
        "document.kvk_uittreksel.leeftijd": (HANDMATIG, OORDEEL),
        "plan.toezichthouders": (GEWOGEN, "gesprek"),
        "document.polisblad.verzekeringnemer": (HANDMATIG, OORDEEL),
        "plan.volledig": (VOLDOET, UITSLUITING),  # a rule that is met stays met, whatever its force
    }
    b = _per_regel(dossier)
    assert b["document.governancecode.aanwezig"].uitkomst == INREGELTIJD
    assert b["document.kvk_uittreksel.leeftijd"].toelichting.startswith("Afgegeven op 1 januari 2030;")
    assert not any(x.blokkerend for x in b.values())


# --- bestuursverklaring ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("soort", "naam"), [("bestuur", "bestuursverklaring"),
                                             ("instemming", "instemmingsverklaring")])
def test_ontbrekende_verklaring(soort, naam):
    dossier = _dossier() if soort == "bestuur" else _instemmingsdossier()
    dossier["verklaring"] = None
    b = _per_regel(dossier)
    assert b["verklaring.aanwezig"] == _verklaring(
        VOLDOET_NIET, f"De {naam} ontbreekt",
        f"Een inschrijving is pas volledig met een {naam} (§4.6, stap 1). Vul de {naam} in.",
        "verklaring.aanwezig")
    assert not [r for r in b if r.startswith("verklaring.") and r != "verklaring.aanwezig"]
    if soort == "bestuur":
        assert "plan.volledig" in b  # the rest of the dossier is still checked


def test_lege_bestuursverklaring_noemt_elke_open_vraag_in_volgorde():
    dossier = _dossier()
    dossier["verklaring"].update({
        "ondertekenaar_naam": "", "uitsluitingsgronden": {}, "geschiktheid": {}, "werkt_met_onderaannemers": None,
        "bijlage3_van_toepassing": True, "bijlage3_zorgkantoren": [], "bijlage3_toelichting": "",
    })
    open_vragen = (["naam en functie van de ondertekenaar"]
                   + [f"uitsluitingsgrond: {vraag}" for _c, vraag, _a in UITSLUITINGSGRONDEN]
                   + [f"geschiktheidseis: {tekst}" for _c, tekst in GESCHIKTHEIDSEISEN]
                   + ["bijlage 2: of u met onderaannemers werkt", "bijlage 3: de lijst met zorgkantoren"])
    b = _per_regel(dossier)
    assert b["verklaring.volledig"] == _verklaring(
        VOLDOET_NIET, "De bestuursverklaring is niet volledig ingevuld",
        "Nog niet beantwoord: " + "; ".join(open_vragen) + ".")
    assert "voor omkoping" in b["verklaring.volledig"].toelichting
    # Unanswered is not "ja" and not "nee": the controls do not fail on it, and without an answer on
    # onderaanneming there is no share to check.
    assert b["verklaring.uitsluitingsgronden"].uitkomst == VOLDOET
    assert b["verklaring.geschiktheid"].uitkomst == VOLDOET
    assert "verklaring.onderaanneming" not in b


def test_ondertekenaar_zonder_functie_is_onvolledig():
    dossier = _dossier()
    dossier["verklaring"]["ondertekenaar_functie"] = ""
    assert _per_regel(dossier)["verklaring.volledig"].toelichting == (
        "Nog niet beantwoord: naam en functie van de ondertekenaar.")


def test_een_kolom_van_een_uitsluitingsgrond_open_is_onvolledig():
    dossier = _dossier()
    dossier["verklaring"]["uitsluitingsgronden"]["fraude"] = {"organisatie": False}
    vraag = dict((c, str(v)) for c, v, _a in UITSLUITINGSGRONDEN)["fraude"]
    assert _per_regel(dossier)["verklaring.volledig"].toelichting == f"Nog niet beantwoord: uitsluitingsgrond: {vraag}."


def test_geschiktheidseis_niet_bevestigd_sluit_uit_en_noemt_de_eisen():
    dossier = _dossier()
    dossier["verklaring"]["geschiktheid"].update({"wet_en_regelgeving": False, "governancecode": False})
    b = _per_regel(dossier)
    assert b["verklaring.geschiktheid"] == _verklaring(
        VOLDOET_NIET, "Geschiktheidseisen",
        "Niet bevestigd: Wij voldoen aan de geldende wet- en regelgeving voor de Wlz-zorg die wij leveren.; "
        "Wij passen de Governancecode Zorg toe, met een toezichthoudend orgaan.. Wie niet aan een geschiktheidseis "
        "voldoet (ook niet gedurende de looptijd), wordt uitgesloten.", "verklaring.geschiktheid", CONTROLE,
        "002 §4.6")
    assert b["verklaring.volledig"].uitkomst == VOLDOET  # "nee" is an answer


def test_ja_op_verplichte_en_facultatieve_uitsluitingsgronden_noemt_ze_elk_onder_hun_regel():
    dossier = _dossier()
    gronden = dossier["verklaring"]["uitsluitingsgronden"]
    gronden["fraude"]["bestuurders"] = True
    gronden["belastingschuld"]["organisatie"] = True
    gronden["faillissement"]["organisatie"] = True
    gronden["ernstige_fout"]["bestuurders"] = True
    b = _per_regel(dossier)
    assert b["verklaring.uitsluitingsgronden"] == _verklaring(
        VOLDOET_NIET, "Verplichte uitsluitingsgronden",
        "Met 'ja' beantwoord: Onherroepelijke veroordeling in de afgelopen vijf jaar voor fraude (een bestuurder, "
        "leidinggevende of toezichthouder; Aw 2012 art. 2.86 lid 1); Onherroepelijk vastgestelde, niet betaalde "
        "belastingen of sociale premies (zonder betalingsregeling) (de organisatie; Aw 2012 art. 2.86 lid 2). Een "
        "inschrijving waarop een verplichte uitsluitingsgrond van toepassing is, wordt uitgesloten.",
        "verklaring.uitsluitingsgronden", CONTROLE, "002 §4.6; Aanbestedingswet 2012 art. 2.86")
    # Optional grounds (art. 2.87) are a signal for the zorgkantoor, not an exclusion by themselves.
    assert b["verklaring.uitsluitingsgronden_facultatief"] == _verklaring(
        GEWOGEN, "Facultatieve uitsluitingsgronden",
        "Met 'ja' beantwoord: Faillissement, surseance van betaling of een akkoord met schuldeisers (de organisatie; "
        "Aw 2012 art. 2.87 lid 1 sub b); Een ernstige beroepsfout die de integriteit aantast (een bestuurder, "
        "leidinggevende of toezichthouder; Aw 2012 art. 2.87 lid 1 sub c). Het zorgkantoor weegt of deze grond tot "
        "uitsluiting leidt.", "verklaring.uitsluitingsgronden_facultatief", CONTROLE,
        "002 §4.6; Aanbestedingswet 2012 art. 2.87", SIGNAAL)
    assert not b["verklaring.uitsluitingsgronden_facultatief"].blokkerend


@pytest.mark.parametrize("akkoord", [False, None])
def test_niet_akkoord_met_de_voorwaarden_sluit_uit(akkoord):
    dossier = _dossier()
    dossier["verklaring"]["akkoord_voorwaarden"] = akkoord
    assert _per_regel(dossier)["verklaring.akkoord"] == _verklaring(
        VOLDOET_NIET, "Akkoord met de voorwaarden van het inkoopkader",
        "U heeft niet verklaard akkoord te gaan met de voorwaarden; een inschrijving die niet akkoord gaat met het "
        "inkoopkader wordt uitgesloten.", "verklaring.akkoord", CONTROLE, "002 §4.6")


def test_onderaannemers_aangekondigd_maar_niet_genoemd():
    dossier = _dossier()
    del dossier["verklaring"]["onderaannemers"]
    b = _per_regel(dossier)
    assert b["verklaring.volledig"].toelichting == (
        "Nog niet beantwoord: bijlage 2: de onderaannemers (u gaf aan met onderaannemers te werken).")
    assert b["verklaring.onderaanneming"].toelichting.startswith("Onderaannemers leveren samen 0% van de zorg;")


def test_geen_onderaannemers_dan_geen_lijst_en_geen_aandeelcontrole():
    dossier = _dossier()
    dossier["verklaring"].update({"werkt_met_onderaannemers": False, "onderaannemers": []})
    b = _per_regel(dossier)
    assert b["verklaring.volledig"].uitkomst == VOLDOET
    assert "verklaring.onderaanneming" not in b


@pytest.mark.parametrize(("zorgkantoren", "toelichting"), [(["Zorgkantoor West"], ""), ([], "Alle kantoren")])
def test_bijlage3_is_ingevuld_met_zorgkantoren_of_een_toelichting(zorgkantoren, toelichting):
    dossier = _dossier()
    dossier["verklaring"].update({"bijlage3_van_toepassing": True, "bijlage3_zorgkantoren": zorgkantoren,
                                  "bijlage3_toelichting": toelichting})
    assert _per_regel(dossier)["verklaring.volledig"].uitkomst == VOLDOET


@pytest.mark.parametrize(("aandelen", "totaal", "uitkomst"), [
    (["20.00", "13.33"], "33.33", VOLDOET),  # exactly the guideline
    (["20.00", "13.34"], "33.34", GEWOGEN),  # above it: a signal the zorgkantoor weighs
    (["33.33", None, ""], "33.33", VOLDOET),  # a share not filled in counts as nothing
])
def test_aandeel_onderaanneming_tot_en_met_de_grens(aandelen, totaal, uitkomst):
    dossier = _dossier()
    dossier["verklaring"]["onderaannemers"] = [{"naam": f"OA {i}", "aandeel": a} for i, a in enumerate(aandelen)]
    advies = ("" if uitkomst == VOLDOET
              else " Licht in bijlage 2 toe waarom het aandeel hoger is; het zorgkantoor weegt dit.")
    assert _per_regel(dossier)["verklaring.onderaanneming"] == _verklaring(
        uitkomst, "Aandeel onderaanneming",
        f"Onderaannemers leveren samen {totaal}% van de zorg; de richtlijn is ten hoogste 33.33% (u levert ten "
        f"minste twee derde zelf).{advies}", "verklaring.onderaanneming", CONTROLE, "002 §4.1", SIGNAAL)


def test_zonder_grens_voor_onderaanneming_geen_aandeelcontrole():
    dossier = _dossier()
    dossier["regels"]["max_aandeel_onderaanneming"] = None
    dossier["verklaring"]["onderaannemers"][0]["aandeel"] = "90.00"
    assert "verklaring.onderaanneming" not in _per_regel(dossier)


# --- instemmingsverklaring ---------------------------------------------------------------------------------------


def test_lege_instemmingsverklaring_noemt_elke_open_vraag():
    dossier = _instemmingsdossier()
    dossier["verklaring"].update({"ondertekenaar_naam": "", "instemmingen": {}, "geen_wijzigingen": None})
    b = _per_regel(dossier)
    teksten = [str(t) for _c, t in INSTEMMINGEN]
    assert b["verklaring.volledig"] == _verklaring(
        VOLDOET_NIET, "De instemmingsverklaring is niet volledig ingevuld",
        "Nog niet beantwoord: naam en functie van de ondertekenaar; " + "; ".join(teksten)
        + "; of er wijzigingen zijn sinds de vorige inschrijving.")
    assert b["verklaring.instemming"].uitkomst == VOLDOET  # unanswered is not "nee"


@pytest.mark.parametrize(("wijzigingen", "onvolledig"), [("", True), ("   ", True), (None, True),
                                                           ("Nieuwe locatie in Diemen", False)])
def test_wijzigingen_gemeld_vraagt_een_beschrijving(wijzigingen, onvolledig):
    dossier = _instemmingsdossier()
    dossier["verklaring"].update({"geen_wijzigingen": False, "wijzigingen": wijzigingen})
    b = _per_regel(dossier)["verklaring.volledig"]
    if onvolledig:
        assert (b.uitkomst, b.toelichting) == (VOLDOET_NIET, "Nog niet beantwoord: de beschrijving van de wijzigingen.")
    else:
        assert b.uitkomst == VOLDOET


def test_niet_ingestemd_sluit_uit_en_noemt_de_verklaringen():
    dossier = _instemmingsdossier()
    dossier["verklaring"]["instemmingen"].update({"voldoet_voorwaarden": False, "stemt_in_beleid": False})
    b = _per_regel(dossier)
    assert b["verklaring.instemming"] == _verklaring(
        VOLDOET_NIET, "Instemming met de voorwaarden",
        "Niet ingestemd met: Wij voldoen en blijven voldoen aan de gestelde voorwaarden voor contractering.; "
        "Wij stemmen in met het geformuleerde beleid voor contractering in het inkoopkader.. Zonder instemming komt "
        "u niet in aanmerking.", "verklaring.instemming", CONTROLE, "002 §4.5 punt 1")
    assert b["verklaring.volledig"].uitkomst == VOLDOET


# --- ondernemingsplan --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("omvang", ["volledig", "beknopt"])
def test_ontbrekend_ondernemingsplan(omvang):
    dossier = _dossier()
    dossier["regels"]["ondernemingsplan"] = omvang
    dossier["ondernemingsplan"] = None
    b = _per_regel(dossier)
    assert b["plan.aanwezig"] == Bevinding(
        "plan.aanwezig", VOLLEDIGHEID, VOLDOET_NIET, "Het ondernemingsplan ontbreekt",
        f"Voor uw aanbiedertype is een {omvang} ondernemingsplan vereist.", "002 §4.5, §4.10", "ondernemingsplan", {})
    assert not [r for r in b if r.startswith("plan.") and r != "plan.aanwezig"]


def test_leeg_volledig_plan_noemt_elk_onderdeel():
    dossier = _dossier()
    dossier["ondernemingsplan"] = {"starter": False, "bestuur": "", "toezichthouders": [], "eigen_vermogen": None}
    b = _per_regel(dossier)
    assert b["plan.volledig"] == Bevinding(
        "plan.volledig", VOLLEDIGHEID, VOLDOET_NIET, "Het volledig ondernemingsplan is niet volledig",
        "Nog in te vullen: sectoren, leveringsvormen, prestaties, verwacht aantal cliënten, gemeenten en locaties, "
        "aantal medewerkers, deskundigheidsniveau personeel, eigen vermogen, verwacht resultaat, raad van bestuur / "
        "directie, toezichthouders, cliëntenraad, missie, strategie, ervaring, samenwerking in de keten.",
        PLAN_BRON, "ondernemingsplan", {})
    assert "plan.financieel" not in b  # nothing to judge without figures
    assert b["plan.toezichthouders"].uitkomst == GEWOGEN
    assert b["plan.toezichthouders"].toelichting.startswith("0 toezichthouder(s) genoemd;")


def test_beknopt_plan_vraagt_geen_governance_en_telt_geen_toezichthouders():
    dossier = _dossier()
    dossier["regels"]["ondernemingsplan"] = "beknopt"
    for veld in ("bestuur", "toezichthouders", "clientenraad", "missie", "strategie", "ervaring", "samenwerking"):
        dossier["ondernemingsplan"][veld] = None
    dossier["ondernemingsplan"]["prestaties"] = ""
    b = _per_regel(dossier)
    assert (b["plan.volledig"].titel, b["plan.volledig"].toelichting) == (
        "Het beknopt ondernemingsplan is niet volledig", "Nog in te vullen: prestaties.")
    assert "plan.toezichthouders" not in b


def test_begroting_per_gekozen_sector():
    dossier = _dossier()
    dossier["ondernemingsplan"]["sectoren"] = ["vv", "gz", "ggz"]
    dossier["ondernemingsplan"]["begroting"]["vv"] = None
    dossier["ondernemingsplan"]["missie"] = ""
    assert _per_regel(dossier)["plan.volledig"].toelichting == "Nog in te vullen: missie, begroting VV, begroting GGZ."


def test_geen_plan_gevraagd_dan_geen_planregels():
    dossier = _dossier()
    del dossier["regels"]["ondernemingsplan"]
    dossier["ondernemingsplan"] = None
    assert not [r for r in _per_regel(dossier) if r.startswith("plan.")]


def test_volledig_plan_toelichtingen():
    b = _per_regel(_dossier())
    assert b["plan.volledig"] == Bevinding(
        "plan.volledig", VOLLEDIGHEID, VOLDOET, "Het volledig ondernemingsplan is volledig",
        "Alle vereiste onderdelen van het ondernemingsplan zijn ingevuld.", PLAN_BRON, "ondernemingsplan", {})
    assert b["plan.financieel"] == Bevinding(
        "plan.financieel", CONTROLE, VOLDOET, "Financiële positie",
        "Geen negatief eigen vermogen en een positief verwacht resultaat.", "002 §4.6, §4.10", "ondernemingsplan", {},
        SIGNAAL)
    assert b["plan.toezichthouders"] == Bevinding(
        "plan.toezichthouders", CONTROLE, VOLDOET, "Toezichthoudend orgaan",
        "3 toezichthouder(s) genoemd; vereist is een toezichthoudend orgaan van ten minste 2 personen op het moment "
        "van inschrijving.", "002 §4.9 (Governancecode Zorg); ECLI:NL:RBZWB:2018:7334", "ondernemingsplan", {},
        SIGNAAL)


@pytest.mark.parametrize(("eigen", "resultaat", "zwak"), [
    ("0", "0.01", []),  # zero equity is not negative; any profit is positive
    ("-1234567.8", "25000.00", ["het eigen vermogen is negatief (EUR -1.234.567,80)"]),
    ("150000.00", "0", ["het verwachte resultaat is niet positief (EUR 0,00)"]),
    ("-0.01", "-2500.5", ["het eigen vermogen is negatief (EUR -0,01)",
                          "het verwachte resultaat is niet positief (EUR -2.500,50)"]),
])
def test_financiele_positie(eigen, resultaat, zwak):
    dossier = _dossier()
    dossier["ondernemingsplan"].update({"eigen_vermogen": eigen, "verwacht_resultaat": resultaat})
    toelichting = ("Uit het financieel plan blijkt dat " + " en ".join(zwak) + "; het zorgkantoor weegt de "
                   "financiële positie in het eindoordeel." if zwak
                   else "Geen negatief eigen vermogen en een positief verwacht resultaat.")
    # A weak financial position is a signal for the zorgkantoor, never an exclusion by itself.
    assert _per_regel(dossier)["plan.financieel"] == Bevinding(
        "plan.financieel", CONTROLE, GEWOGEN if zwak else VOLDOET, "Financiële positie", toelichting,
        "002 §4.6, §4.10", "ondernemingsplan", {}, SIGNAAL)


@pytest.mark.parametrize(("eigen", "resultaat"), [(None, "1000"), ("1000", ""), ("onbekend", "1000")])
def test_zonder_beide_cijfers_geen_financieel_oordeel(eigen, resultaat):
    dossier = _dossier()
    dossier["ondernemingsplan"].update({"eigen_vermogen": eigen, "verwacht_resultaat": resultaat})
    assert "plan.financieel" not in _per_regel(dossier)


@pytest.mark.parametrize(("namen", "uitkomst"), [(["A"], GEWOGEN), (["A", "B"], VOLDOET), (None, GEWOGEN)])
def test_toezichthoudend_orgaan_heeft_het_minimum_aantal_leden(namen, uitkomst):
    dossier = _dossier()
    dossier["ondernemingsplan"]["toezichthouders"] = namen
    b = _per_regel(dossier)["plan.toezichthouders"]
    assert (b.uitkomst, b.toelichting) == (
        uitkomst, f"{len(namen or [])} toezichthouder(s) genoemd; vereist is een toezichthoudend orgaan van ten "
                  "minste 2 personen op het moment van inschrijving.")


def test_zonder_minimum_geen_toezichthouderscontrole():
    dossier = _dossier()
    dossier["regels"]["min_toezichthouders"] = None
    assert "plan.toezichthouders" not in _per_regel(dossier)


# --- documents ---------------------------------------------------------------------------------------------------


def test_aanwezige_documenten_met_bewijs():
    b = _per_regel(_dossier())
    assert b["document.statuten.aanwezig"] == Bevinding(
        "document.statuten.aanwezig", VOLLEDIGHEID, VOLDOET, "Statuten: aanwezig",
        "Aangeleverd: statuten.pdf (versie 1).", "002 §4.9 statuten", "document:statuten", _bewijs(14))
    assert b["document.jaarrekeningen.aanwezig"].bron == "002 §4.10"


def test_ontbrekend_document_bij_inschrijving():
    b = _per_regel(_zonder_document(_dossier(), "statuten"))
    assert b["document.statuten.aanwezig"] == Bevinding(
        "document.statuten.aanwezig", VOLLEDIGHEID, VOLDOET_NIET, "Statuten ontbreekt",
        "Dit document moet bij de inschrijving worden meegestuurd. Actuele statuten.", "002 §4.9 statuten",
        "document:statuten", {})
    assert b["document.polisblad.aanwezig"].uitkomst == VOLDOET  # the next documents are still checked


def test_ontbrekend_document_zonder_toelichting_en_zonder_eigen_bron():
    dossier = _zonder_document(_dossier(), "vog_rp")
    _eis(dossier, "vog_rp")["bron"] = ""
    b = _per_regel(dossier)
    assert b["document.vog_rp.aanwezig"] == Bevinding(
        "document.vog_rp.aanwezig", VOLLEDIGHEID, VOLDOET_NIET, "VOG RP ontbreekt",
        "Dit document moet bij de inschrijving worden meegestuurd.", OVERAL_AANWEZIG, "document:vog_rp", {})
    assert "document.vog_rp.leeftijd" not in b


def test_zonder_documentenlijst_ontbreken_alle_documenten_bij_inschrijving():
    dossier = _dossier()
    del dossier["documenten"]
    b = _per_regel(dossier)
    assert [r for r, x in b.items() if r.startswith("document.") and x.uitkomst == VOLDOET_NIET] == [
        f"document.{code}.aanwezig" for code in ("kvk_uittreksel", "wtzi_toelating", "vog_rp", "statuten",
                                                  "polisblad", "jaarrekeningen")]


def test_zonder_documenteisen_geen_documentregels():
    dossier = _dossier()
    del dossier["regels"]["documenten"]
    b = _per_regel(dossier)
    assert not [r for r in b if r.startswith("document.")]
    assert list(b)[-1] == "plan.toezichthouders"


def test_documenten_voor_later_mogen_ontbreken():
    b = _per_regel(_dossier())
    assert b["document.governancecode.aanwezig"] == Bevinding(
        "document.governancecode.aanwezig", VOLLEDIGHEID, INREGELTIJD, "Borging Governancecode: mag later",
        "Dit moet op het moment van zorglevering in orde zijn. Ontbreekt het bij de inschrijving, dan volgt bij een "
        "positieve beoordeling een overeenkomst onder voorwaarden.", "002 §4.9 governance",
        "document:governancecode", {})
    assert b["document.clientenraad.aanwezig"] == Bevinding(
        "document.clientenraad.aanwezig", VOLLEDIGHEID, INREGELTIJD, "Cliëntenraad: mag later",
        "Dit moet uiterlijk zes maanden na de ingangsdatum van de overeenkomst in orde zijn. Ontbreekt het bij de "
        "inschrijving, dan volgt bij een positieve beoordeling een overeenkomst onder voorwaarden.",
        "002 §4.9 Wmcz", "document:clientenraad", {})


def test_documenten_voor_later_al_aangeleverd():
    dossier = _dossier()
    dossier["documenten"] += [_document(21, "governancecode", versie=2), _document(22, "clientenraad")]
    b = _per_regel(dossier)
    assert b["document.governancecode.aanwezig"] == Bevinding(
        "document.governancecode.aanwezig", VOLLEDIGHEID, VOLDOET, "Borging Governancecode: aangeleverd",
        "Aangeleverd (governancecode.pdf), terwijl het pas op het moment van zorglevering in orde moet zijn.",
        "002 §4.9 governance", "document:governancecode", _bewijs(21, versie=2))
    assert b["document.clientenraad.aanwezig"] == Bevinding(
        "document.clientenraad.aanwezig", VOLLEDIGHEID, VOLDOET, "Cliëntenraad: aangeleverd",
        "Aangeleverd (clientenraad.pdf), terwijl het pas uiterlijk zes maanden na de ingangsdatum van de "
        "overeenkomst in orde moet zijn.", "002 §4.9 Wmcz", "document:clientenraad", _bewijs(22))
    assert [r for r in b if r.startswith(("document.governancecode.", "document.clientenraad."))] == [
        "document.governancecode.aanwezig", "document.clientenraad.aanwezig"]  # no checks on later documents


def test_starter_hoeft_geen_jaarrekeningen():
    dossier = _zonder_document(_dossier(), "jaarrekeningen")
    dossier["ondernemingsplan"]["starter"] = True
    b = _per_regel(dossier)
    assert not [r for r in b if r.startswith("document.jaarrekeningen.")]
    assert "document.governancecode.aanwezig" in b  # the documents after it are still checked
    # Not a starter: jaarrekeningen are required.
    dossier["ondernemingsplan"]["starter"] = False
    assert _per_regel(dossier)["document.jaarrekeningen.aanwezig"].uitkomst == VOLDOET_NIET


def test_zonder_ondernemingsplan_geen_starter():
    dossier = _zonder_document(_dossier(), "jaarrekeningen")
    dossier["regels"]["ondernemingsplan"] = "geen"
    dossier["ondernemingsplan"] = None
    assert _per_regel(dossier)["document.jaarrekeningen.aanwezig"].uitkomst == VOLDOET_NIET


@pytest.mark.parametrize(("afgifte", "te_oud"), [("2031-03-30", False), ("2031-03-29", True)])
def test_uittreksel_mag_bij_de_sluiting_niet_ouder_zijn_dan_zes_maanden(afgifte, te_oud):
    dossier = _dossier()
    _doc(dossier, "kvk_uittreksel")["afgiftedatum"] = afgifte
    dag = datum(date.fromisoformat(afgifte))
    assert _per_regel(dossier)["document.kvk_uittreksel.leeftijd"] == Bevinding(
        "document.kvk_uittreksel.leeftijd", CONTROLE, VOLDOET_NIET if te_oud else VOLDOET,
        "Uittreksel KvK: te oud" if te_oud else "Uittreksel KvK: actueel genoeg",
        f"Afgegeven op {dag}; mag bij de sluiting op 30 september 2031 niet ouder zijn dan 6 maanden"
        + (", dus afgegeven op of na 30 maart 2031. Vraag een nieuw exemplaar aan." if te_oud else "."),
        "002 §4.9 KvK", "document:kvk_uittreksel", _bewijs(11))


def test_vog_mag_niet_ouder_zijn_dan_een_jaar():
    dossier = _dossier()
    _doc(dossier, "vog_rp")["afgiftedatum"] = "2030-09-29"
    b = _per_regel(dossier)["document.vog_rp.leeftijd"]
    assert (b.uitkomst, b.titel, b.toelichting) == (
        VOLDOET_NIET, "VOG RP: te oud", "Afgegeven op 29 september 2030; mag bij de sluiting op 30 september 2031 "
        "niet ouder zijn dan 12 maanden, dus afgegeven op of na 30 september 2030. Vraag een nieuw exemplaar aan.")


def test_afgiftedatum_ontbreekt():
    dossier = _dossier()
    _doc(dossier, "kvk_uittreksel")["afgiftedatum"] = None
    assert _per_regel(dossier)["document.kvk_uittreksel.leeftijd"] == Bevinding(
        "document.kvk_uittreksel.leeftijd", CONTROLE, VOLDOET_NIET, "Uittreksel KvK: afgiftedatum ontbreekt",
        "Vul de afgiftedatum van het document in.", "002 §4.9 KvK", "document:kvk_uittreksel", _bewijs(11))


def test_zelfde_rechtspersoon_vergelijkt_los_van_hoofdletters_accenten_en_leestekens():
    dossier = _dossier()
    dossier["zorgaanbieder"]["statutaire_naam"] = "Stichting Zorggroep Ørestad-Café"
    _doc(dossier, "kvk_uittreksel")["rechtspersoon"] = "STICHTING  ZORGGROEP ØRESTAD, CAFE"
    _doc(dossier, "wtzi_toelating")["rechtspersoon"] = "Stichting Zorggroep Orestad Cafe"  # Ø is not O
    b = _per_regel(dossier)
    assert b["document.kvk_uittreksel.rechtspersoon"] == Bevinding(
        "document.kvk_uittreksel.rechtspersoon", CONTROLE, VOLDOET, "Uittreksel KvK: rechtspersoon",
        "Op het document staat 'STICHTING  ZORGGROEP ØRESTAD, CAFE'; de inschrijver is 'Stichting Zorggroep "
        "Ørestad-Café'. Dat is dezelfde rechtspersoon.", "002 §4.9 KvK", "document:kvk_uittreksel", _bewijs(11),
        SIGNAAL)
    assert b["document.wtzi_toelating.rechtspersoon"].uitkomst == GEWOGEN


def test_andere_rechtspersoon_op_het_document():
    dossier = _dossier()
    _doc(dossier, "wtzi_toelating")["rechtspersoon"] = "Zorggroep De Linde B.V."
    # Another rechtspersoon contradicts the verklaring: a signal the zorgkantoor weighs with the evidence.
    assert _per_regel(dossier)["document.wtzi_toelating.rechtspersoon"] == Bevinding(
        "document.wtzi_toelating.rechtspersoon", CONTROLE, GEWOGEN, "Wtzi-toelating: rechtspersoon",
        "Op het document staat 'Zorggroep De Linde B.V.'; de inschrijver is 'Stichting Zorggroep De Linde'. Het "
        "document moet op naam van dezelfde juridische entiteit staan als de inschrijver.", "002 §4.9 Wtzi",
        "document:wtzi_toelating", _bewijs(12), SIGNAAL)


@pytest.mark.parametrize("op_document", ["---", "", None])
def test_lege_naam_is_nooit_dezelfde_rechtspersoon(op_document):
    """A name that normalises to nothing ("---"), or none at all, is not the same legal entity as an empty
    statutaire naam."""
    dossier = _dossier()
    dossier["zorgaanbieder"]["statutaire_naam"] = ""
    _doc(dossier, "vog_rp")["rechtspersoon"] = op_document
    assert _per_regel(dossier)["document.vog_rp.rechtspersoon"].uitkomst == GEWOGEN


@pytest.mark.parametrize("leeg", ["", None])
def test_rechtspersoon_niet_ingevuld(leeg):
    dossier = _dossier()
    _doc(dossier, "vog_rp")["rechtspersoon"] = leeg
    assert _per_regel(dossier)["document.vog_rp.rechtspersoon"] == Bevinding(
        "document.vog_rp.rechtspersoon", CONTROLE, GEWOGEN, "VOG RP: rechtspersoon",
        "Niet ingevuld welke rechtspersoon op het document staat; de inschrijver is 'Stichting Zorggroep De Linde'. "
        "Het document moet op naam van dezelfde juridische entiteit staan als de inschrijver.", "002 §4.9 VOG",
        "document:vog_rp", _bewijs(13), SIGNAAL)


GEEN_VOG_RP = ("Alleen een VOG voor rechtspersonen (VOG RP) telt; een VOG natuurlijk persoon of een Gedragsverklaring "
               "Aanbesteding volstaat niet")
VOOR_DEZE_PROCEDURE = "De VOG moet specifiek zijn aangevraagd voor deze inkoopprocedure"


@pytest.mark.parametrize(("soort", "doel", "redenen"), [
    ("np", True, [GEEN_VOG_RP]),
    ("rp", False, [VOOR_DEZE_PROCEDURE]),
    ("rp", None, [VOOR_DEZE_PROCEDURE]),
    ("gva", None, [GEEN_VOG_RP, VOOR_DEZE_PROCEDURE]),
])
def test_vog_moet_een_vog_rp_voor_deze_procedure_zijn(soort, doel, redenen):
    dossier = _dossier()
    _doc(dossier, "vog_rp").update({"vog_soort": soort, "vog_voor_deze_procedure": doel})
    b = _per_regel(dossier)["document.vog_rp.soort"]
    assert (b.regel, b.stap, b.uitkomst, b.titel, b.bron, b.onderdeel, b.bewijs) == (
        "document.vog_rp.soort", CONTROLE, VOLDOET_NIET, "VOG RP: soort en doel", "002 §4.9 VOG", "document:vog_rp",
        _bewijs(13))
    # The reasons, joined into one sentence that starts with a capital; "VOG RP" keeps its capitals.
    verwacht = "; ".join(r[0].lower() + r[1:] for r in redenen) + "."
    assert b.toelichting == verwacht[0].upper() + verwacht[1:]
    assert "VOG RP" in b.toelichting or redenen == [VOOR_DEZE_PROCEDURE]


def test_vog_rp_voor_deze_procedure_voldoet():
    assert _per_regel(_dossier())["document.vog_rp.soort"] == Bevinding(
        "document.vog_rp.soort", CONTROLE, VOLDOET, "VOG RP: soort en doel",
        "VOG RP, aangevraagd voor deze inkoopprocedure.", "002 §4.9 VOG", "document:vog_rp", _bewijs(13))


def test_volledige_polis_toelichtingen():
    b = _per_regel(_dossier())
    assert b["document.polisblad.bedrag"] == Bevinding(
        "document.polisblad.bedrag", CONTROLE, VOLDOET, "Polisblad: verzekerd bedrag",
        "Verzekerd EUR 3.000.000,00 per gebeurtenis; vereist is minimaal EUR 2.500.000,00 per gebeurtenis.",
        "002 §4.9 polis", "document:polisblad", _bewijs(15))
    assert b["document.polisblad.ingangsdatum"] == Bevinding(
        "document.polisblad.ingangsdatum", CONTROLE, VOLDOET, "Polisblad: ingangsdatum",
        "De polis gaat in op 1 december 2031; de verzekering moet uiterlijk op 1 januari 2032 (ingang van de "
        "overeenkomst) "
        "ingaan.", "002 §4.9 polis", "document:polisblad", _bewijs(15))
    assert b["document.polisblad.verzekeringnemer"] == Bevinding(
        "document.polisblad.verzekeringnemer", CONTROLE, VOLDOET, "Polisblad: rechtspersoon",
        "Op het document staat 'Stichting Zorggroep De Linde'; de inschrijver is 'Stichting Zorggroep De Linde'. "
        "Dat is dezelfde rechtspersoon.", "002 §4.9 polis", "document:polisblad", _bewijs(15), SIGNAAL)
    # A polis has no rechtspersoon check of its own: the verzekeringnemer is the rechtspersoon.
    assert "document.polisblad.rechtspersoon" not in b


@pytest.mark.parametrize(("bedrag", "uitkomst", "tekst"), [
    ("2500000.00", VOLDOET, "Verzekerd EUR 2.500.000,00 per gebeurtenis"),
    ("2499999.99", VOLDOET_NIET, "Verzekerd EUR 2.499.999,99 per gebeurtenis"),
    (None, VOLDOET_NIET, "Geen bedrag ingevuld"),
])
def test_verzekerd_bedrag_minimaal_het_vereiste(bedrag, uitkomst, tekst):
    dossier = _dossier()
    _doc(dossier, "polisblad")["verzekerd_bedrag"] = bedrag
    b = _per_regel(dossier)["document.polisblad.bedrag"]
    assert (b.uitkomst, b.toelichting) == (uitkomst, f"{tekst}; vereist is minimaal EUR 2.500.000,00 per gebeurtenis.")


def test_zonder_minimumbedrag_geen_bedragcontrole():
    dossier = _dossier()
    _eis(dossier, "polisblad")["min_verzekerd_bedrag"] = None
    _doc(dossier, "polisblad")["verzekerd_bedrag"] = "1.00"
    b = _per_regel(dossier)
    assert "document.polisblad.bedrag" not in b
    assert b["document.polisblad.ingangsdatum"].uitkomst == VOLDOET


@pytest.mark.parametrize(("ingang", "uitkomst", "tekst"), [
    ("2032-01-01", VOLDOET, "De polis gaat in op 1 januari 2032"),
    ("2032-01-02", VOLDOET_NIET, "De polis gaat in op 2 januari 2032"),
    (None, VOLDOET_NIET, "Geen ingangsdatum ingevuld"),
])
def test_polis_gaat_uiterlijk_op_de_ingang_van_de_overeenkomst_in(ingang, uitkomst, tekst):
    dossier = _dossier()
    _doc(dossier, "polisblad")["polis_ingangsdatum"] = ingang
    b = _per_regel(dossier)["document.polisblad.ingangsdatum"]
    assert (b.uitkomst, b.toelichting) == (
        uitkomst, f"{tekst}; de verzekering moet uiterlijk op 1 januari 2032 (ingang van de overeenkomst) ingaan.")


def test_polis_op_naam_van_een_ander():
    dossier = _dossier()
    _doc(dossier, "polisblad")["verzekeringnemer"] = "Zorggroep Holding"
    b = _per_regel(dossier)["document.polisblad.verzekeringnemer"]
    assert (b.uitkomst, b.titel, b.kracht) == (GEWOGEN, "Polisblad: rechtspersoon", SIGNAAL)
    assert b.toelichting.startswith("Op het document staat 'Zorggroep Holding';")


# --- the moment of inschrijving and the start of the overeenkomst (002 §4.9, §4.7) --------------------------------

MOMENT = "2031-09-15T11:30:00+02:00"  # submitted (or the voorcontrole run) on 15 september 2031, before sluiting
OP_HET_MOMENT = "op het moment van inschrijving (gemeten op 15 september 2031)"
INGANG_OVEREENKOMST = "; de verzekering moet uiterlijk op 1 januari 2032 (ingang van de overeenkomst) ingaan."
NIET_EERDER = (", en niets wijst op een eerdere datum. De verzekering moet op de datum van inschrijving zijn "
               "afgesloten; lever een polisblad aan waaruit dat blijkt.")


def _op_moment(dossier: dict, moment: str = MOMENT) -> dict:
    dossier["inschrijving"]["moment_van_inschrijving"] = moment
    return dossier


def _polis(dossier: dict) -> Bevinding:
    return _per_regel(dossier)["document.polisblad.ingangsdatum"]


def _polisbevinding(uitkomst, titel, toelichting) -> Bevinding:
    return Bevinding("document.polisblad.ingangsdatum", CONTROLE, uitkomst, f"Polisblad: {titel}", toelichting,
                     "002 §4.9 polis", "document:polisblad", _bewijs(15))


@pytest.mark.parametrize(("afgifte", "te_oud"), [("2031-03-15", False), ("2031-03-14", True)])
def test_uittreksel_mag_op_het_moment_van_inschrijving_niet_ouder_zijn_dan_zes_maanden(afgifte, te_oud):
    """002 §4.9 KvK: "niet ouder dan zes maanden op het moment van inschrijving". Measured at the sluiting
    (30 september 2031) both would be too old; a current one says until when it stays current enough to submit."""
    dossier = _op_moment(_dossier())
    _doc(dossier, "kvk_uittreksel")["afgiftedatum"] = afgifte
    dag = datum(date.fromisoformat(afgifte))
    assert _per_regel(dossier)["document.kvk_uittreksel.leeftijd"] == Bevinding(
        "document.kvk_uittreksel.leeftijd", CONTROLE, VOLDOET_NIET if te_oud else VOLDOET,
        "Uittreksel KvK: te oud" if te_oud else "Uittreksel KvK: actueel genoeg",
        f"Afgegeven op {dag}; mag {OP_HET_MOMENT} niet ouder zijn dan 6 maanden"
        + (", dus afgegeven op of na 15 maart 2031. Vraag een nieuw exemplaar aan." if te_oud
           else ". Het is actueel genoeg voor een inschrijving tot en met 15 september 2031; wie later indient, "
                "vraagt een "
                "nieuw exemplaar aan."),
        "002 §4.9 KvK", "document:kvk_uittreksel", _bewijs(11))


def test_actueel_genoeg_tot_en_met_de_laatste_dag_van_de_geldigheid():
    b = _per_regel(_op_moment(_dossier()))["document.vog_rp.leeftijd"]  # VOG of 1 augustus 2031, twelve months
    assert (b.uitkomst, b.toelichting) == (
        VOLDOET, f"Afgegeven op 1 augustus 2031; mag {OP_HET_MOMENT} niet ouder zijn dan 12 maanden. Het is actueel "
        "genoeg voor een inschrijving tot en met 1 augustus 2032; wie later indient, vraagt een nieuw exemplaar aan.")


@pytest.mark.parametrize(("moment", "indiening", "gemeten"), [
    (MOMENT, None, "15 september 2031"),  # the dossier's own moment
    (None, {"volgnummer": 1, "ontvangen_op": MOMENT}, "15 september 2031"),  # a snapshot made before it carried that
    ("2031-09-10T09:00:00+02:00", {"volgnummer": 2, "ontvangen_op": MOMENT}, "10 september 2031"),  # its own wins
])
def test_moment_van_inschrijving_uit_het_dossier_of_uit_de_indiening(moment, indiening, gemeten):
    dossier = _dossier()
    if moment:
        _op_moment(dossier, moment)
    if indiening:
        dossier["indiening"] = indiening
    assert _per_regel(dossier)["document.kvk_uittreksel.leeftijd"].toelichting == (
        f"Afgegeven op 31 augustus 2031; mag op het moment van inschrijving (gemeten op {gemeten}) niet ouder zijn "
        f"dan 6 "
        "maanden. Het is actueel genoeg voor een inschrijving tot en met 29 februari 2032; wie later indient, vraagt "
        "een "
        "nieuw exemplaar aan.")


def test_polis_afgesloten_op_het_moment_van_inschrijving_noemt_beide_helften_van_de_regel():
    """002 §4.9 polisblad: "op de datum van inschrijving een schadeverzekering afgesloten", ingaand uiterlijk op de
    ingang van de overeenkomst. The polisblad lies in the inschrijving (uploaded 1 september 2031): taken out."""
    assert _polis(_op_moment(_dossier())) == _polisbevinding(
        VOLDOET, "afgesloten en ingangsdatum",
        f"De verzekering was {OP_HET_MOMENT} afgesloten: het polisblad is aangeleverd op 1 september 2031. De polis "
        f"gaat "
        f"in op 1 december 2031{INGANG_OVEREENKOMST}")


@pytest.mark.parametrize(("gegevens", "bewijs", "ingang"), [
    ({"afgiftedatum": "2031-08-15"}, "het polisblad is gedateerd op 15 augustus 2031", "1 december 2031"),
    ({"polis_ingangsdatum": "2031-01-01"}, "de polis gaat in op 1 januari 2031", "1 januari 2031"),  # already running
    # On the same day the polisblad's own date is named before the ingangsdatum.
    ({"afgiftedatum": "2031-07-01", "polis_ingangsdatum": "2031-07-01"}, "het polisblad is gedateerd op 1 juli 2031",
     "1 juli 2031"),
    ({"geupload_op": "2031-09-15T16:59:00+02:00"}, "het polisblad is aangeleverd op 15 september 2031",  # that very day
     "1 december 2031"),
])
def test_polis_afgesloten_blijkt_uit_het_vroegste_bewijs(gegevens, bewijs, ingang):
    dossier = _op_moment(_dossier())
    _doc(dossier, "polisblad").update(gegevens)
    assert _polis(dossier) == _polisbevinding(
        VOLDOET, "afgesloten en ingangsdatum",
        f"De verzekering was {OP_HET_MOMENT} afgesloten: {bewijs}. De polis gaat in op {ingang}{INGANG_OVEREENKOMST}")


@pytest.mark.parametrize(("afgifte", "bewijs"), [
    (None, "het polisblad is aangeleverd op 20 september 2031"),
    ("2031-09-18", "het polisblad is gedateerd op 18 september 2031"),
])
def test_polisblad_dat_pas_na_het_moment_van_inschrijving_bestaat_voldoet_niet(afgifte, bewijs):
    """A polisblad that only arrives after the moment of inschrijving, dated no earlier and starting later, does not
    show the verzekering was taken out at it, even though it starts in time."""
    dossier = _op_moment(_dossier())
    _doc(dossier, "polisblad").update({"geupload_op": "2031-09-20T10:00:00+02:00", "afgiftedatum": afgifte})
    assert _polis(dossier) == _polisbevinding(
        VOLDOET_NIET, "afgesloten en ingangsdatum",
        f"Niet aangetoond dat de verzekering {OP_HET_MOMENT} was afgesloten: {bewijs}{NIET_EERDER} De polis gaat in "
        f"op 1 december 2031{INGANG_OVEREENKOMST}")


def test_polis_op_tijd_afgesloten_maar_te_laat_ingaand_voldoet_niet():
    dossier = _op_moment(_dossier())
    _doc(dossier, "polisblad")["polis_ingangsdatum"] = "2032-01-02"
    assert _polis(dossier) == _polisbevinding(
        VOLDOET_NIET, "afgesloten en ingangsdatum",
        f"De verzekering was {OP_HET_MOMENT} afgesloten: het polisblad is aangeleverd op 1 september 2031. De polis "
        f"gaat "
        f"in op 2 januari 2032{INGANG_OVEREENKOMST}")


def test_zonder_moment_noemt_de_polis_het_afsluiten_alleen_als_het_niet_blijkt():
    """A dossier without its moment of inschrijving keeps its finding as it was (test_volledige_polis_toelichtingen);
    a polisblad that only arrived after the sluiting adds why it does not meet the rule."""
    dossier = _dossier()
    _doc(dossier, "polisblad")["geupload_op"] = "2031-10-01T09:00:00+02:00"
    assert _polis(dossier) == _polisbevinding(
        VOLDOET_NIET, "afgesloten en ingangsdatum",
        "Niet aangetoond dat de verzekering bij de sluiting op 30 september 2031 was afgesloten: het polisblad is "
        "aangeleverd "
        f"op 1 oktober 2031{NIET_EERDER} De polis gaat in op 1 december 2031{INGANG_OVEREENKOMST}")


def test_polis_zonder_enig_bewijs_van_afsluiten():
    dossier = _dossier()
    _doc(dossier, "polisblad").update({"geupload_op": None, "afgiftedatum": None, "polis_ingangsdatum": None})
    assert _polis(dossier) == _polisbevinding(
        VOLDOET_NIET, "afgesloten en ingangsdatum",
        "Niet aangetoond dat de verzekering bij de sluiting op 30 september 2031 was afgesloten. Geen ingangsdatum "
        f"ingevuld{INGANG_OVEREENKOMST}")


@pytest.mark.parametrize(("ingang", "uitkomst"), [("2032-04-01", VOLDOET), ("2032-04-02", VOLDOET_NIET)])
def test_polis_gaat_uiterlijk_op_de_contractstart_van_een_tussentijdse_ronde_in(ingang, uitkomst):
    """002 §4.7: a tussentijdse ronde has its own start of the overeenkomst, not 1 January of the contract year."""
    dossier = _dossier()
    dossier["inschrijving"]["contractstart"] = "2032-04-01"
    _doc(dossier, "polisblad")["polis_ingangsdatum"] = ingang
    dag = datum(date.fromisoformat(ingang))
    assert _polis(dossier) == _polisbevinding(
        uitkomst, "ingangsdatum",
        f"De polis gaat in op {dag}; de verzekering moet uiterlijk op 1 april 2032 (ingang van de overeenkomst) "
        f"ingaan.")


# --- zelfanalyse kwaliteit ---------------------------------------------------------------------------------------

ELEMENTEN = {"invulling": "Beleid", "sterktes_ontwikkelpunten": "Sterk", "clientervaring": "Goed",
             "niveau": "team", "gegevens": "Enquête"}


def _met_zelfanalyse(dossier: dict, themas: list[str]) -> dict:
    dossier["regels"].update({"zelfanalyse_vereist": True, "zelfanalyse_themas": themas,
                              "zelfanalyse_thema_namen": {"vv-1": "Persoonsgerichte zorg", "vv-2": "Wonen en welzijn"}})
    dossier["zelfanalyse"] = {code: dict(ELEMENTEN) for code in themas}
    return dossier


def test_zelfanalyse_volledig():
    b = _per_regel(_met_zelfanalyse(_dossier(), ["vv-1", "vv-2"]))
    assert b["kwaliteit.zelfanalyse"] == Bevinding(
        "kwaliteit.zelfanalyse", VOLLEDIGHEID, VOLDOET, "De zelfanalyse kwaliteit is volledig",
        "Voor alle 2 thema's van het leidende kwaliteitskader zijn de vijf onderdelen van de zelfanalyse ingevuld.",
        "004 §2.2.3", "zelfanalyse", {"themas": ["vv-1", "vv-2"]})
    assert list(b)[-1] == "kwaliteit.zelfanalyse"


def test_zelfanalyse_onvolledig_noemt_thema_en_ontbrekende_onderdelen():
    dossier = _met_zelfanalyse(_dossier(), ["vv-1", "vv-2", "vv-3"])
    dossier["zelfanalyse"]["vv-1"].update({"niveau": "  ", "gegevens": None})
    del dossier["zelfanalyse"]["vv-3"]
    assert _per_regel(dossier)["kwaliteit.zelfanalyse"] == Bevinding(
        "kwaliteit.zelfanalyse", VOLLEDIGHEID, VOLDOET_NIET, "De zelfanalyse kwaliteit is niet volledig",
        "Nog niet volledig ingevuld voor de thema's: Persoonsgerichte zorg (niveau van de analyse, onderliggende "
        "gegevens); vv-3 (huidige invulling en implementatie van beleid, sterktes en ontwikkelpunten, ervaring van "
        "de cliënt(vertegenwoordiging), niveau van de analyse, onderliggende gegevens).", "004 §2.2.3",
        "zelfanalyse", {"themas": ["vv-1", "vv-2", "vv-3"]})


def test_zelfanalyse_vereist_zonder_themas():
    dossier = _met_zelfanalyse(_dossier(), [])
    del dossier["regels"]["zelfanalyse_themas"]
    assert _per_regel(dossier)["kwaliteit.zelfanalyse"] == Bevinding(
        "kwaliteit.zelfanalyse", VOLLEDIGHEID, VOLDOET_NIET, "De zelfanalyse kwaliteit ontbreekt",
        "Deze ronde vraagt een zelfanalyse per kwaliteitsthema. Geef op de pagina Zelfanalyse kwaliteit uw sectoren "
        "en de dominante sector op; daaruit volgt het kwaliteitskader en de thema's.", "004 §2.2.3", "zelfanalyse",
        {})


def test_zelfanalyse_zonder_namen_en_zonder_antwoorden_noemt_de_themacodes():
    dossier = _met_zelfanalyse(_dossier(), ["ggz-1"])
    del dossier["regels"]["zelfanalyse_thema_namen"]
    dossier["zelfanalyse"] = None
    assert _per_regel(dossier)["kwaliteit.zelfanalyse"].toelichting.startswith(
        "Nog niet volledig ingevuld voor de thema's: ggz-1 (huidige invulling")


def test_zelfanalyse_niet_vereist_geen_bevinding():
    dossier = _met_zelfanalyse(_dossier(), ["vv-1"])
    dossier["regels"]["zelfanalyse_vereist"] = False
    dossier["zelfanalyse"] = {}
    assert "kwaliteit.zelfanalyse" not in _per_regel(dossier)


# --- handmatige controles ----------------------------------------------------------------------------------------


def test_handmatige_controles_per_gevraagd_document_met_bewijs():
    dossier = _zonder_document(_dossier(), "wtzi_toelating")
    assert handmatige_controles(dossier) == [
        Bevinding("handmatig.kvk_bevoegdheid", CONTROLE, HANDMATIG, "Bevoegdheid ondertekenaar",
                  "De bevoegdheid van de ondertekenaar blijkt uit het KvK-uittreksel, of er is een volmacht.",
                  "002 §4.9", "document:kvk_uittreksel", _bewijs(11), OORDEEL),
        Bevinding("handmatig.wtzi_functies", CONTROLE, HANDMATIG, "Toelating dekt de functies",
                  "De functies uit het ondernemingsplan staan op de Wtzi-toelating of Wtza-vergunning.",
                  "002 §4.9", "document:wtzi_toelating", {}, OORDEEL),
        Bevinding("handmatig.statuten_plan", CONTROLE, HANDMATIG, "Statuten passen bij het plan",
                  "De statuten komen overeen met het ondernemingsplan en borgen de Governancecode Zorg.",
                  "002 §4.9", "document:statuten", _bewijs(14), OORDEEL),
    ]
    assert handmatige_controles(dossier)[0].uitkomst_label == "Handmatig te beoordelen"


def test_handmatige_controles_alleen_voor_documenten_die_het_type_indient():
    assert handmatige_controles(_instemmingsdossier()) == []
    dossier = _dossier()
    dossier["regels"]["documenten"] = [e for e in dossier["regels"]["documenten"] if e["code"] == "statuten"]
    del dossier["documenten"]
    assert [(b.regel, b.bewijs) for b in handmatige_controles(dossier)] == [("handmatig.statuten_plan", {})]
    del dossier["regels"]["documenten"]
    assert handmatige_controles(dossier) == []
