"""Issue 11: what the document itself says, compared with the declaration and the rule — a signal naming both values
with the snippet and its page, on text PDFs and on scans of the same pages; an unreadable document is "handmatig",
never a wrong fact and never a rejection by itself."""

from datetime import date
from decimal import Decimal

import pytest

from inschrijving.evaluator import GEWOGEN, HANDMATIG, VOLDOET, evalueer
from inschrijving.krachten import OORDEEL, SIGNAAL
from lezen import voorbeelden
from lezen.voorbeelden import Persoon
from tests.inschrijving.test_evaluator import _doc, _dossier
from tests.lezen.corpus import GOED, VORMEN, lezing, met

BEWIJS = {"kvk_uittreksel": 11, "polisblad": 15, "vog_rp": 13}


def _met_lezing(dossier, code, lees):
    _doc(dossier, code)["lezing"] = lees
    return dossier


def _inhoud(dossier):
    return {b.regel: b for b in evalueer(dossier) if b.regel.startswith("inhoud.")}


def _lees_alles(vorm):
    """Each document as the valid dossier declares it (the VOG dated 01-08-2031, the others 31-08-2031)."""
    dossier = _dossier()
    for code in ("kvk_uittreksel", "wtzi_toelating", "vog_rp", "polisblad"):
        g = met(GOED, datum=date(2031, 8, 1)) if code == "vog_rp" else GOED
        _met_lezing(dossier, code, lezing(code, g, vorm))
    return dossier


@pytest.mark.parametrize("vorm", VORMEN)
def test_documenten_die_kloppen_geven_geen_signaal_en_tonen_hun_bewijs(vorm):
    gevonden = _inhoud(_lees_alles(vorm))
    assert {r: b.uitkomst for r, b in gevonden.items()} == {
        "inhoud.kvk_uittreksel.kvk_nummer": VOLDOET, "inhoud.kvk_uittreksel.rechtspersoon": VOLDOET,
        "inhoud.kvk_uittreksel.datum": VOLDOET, "inhoud.kvk_uittreksel.bevoegdheid": VOLDOET,
        "inhoud.kvk_uittreksel.toezichthouders": VOLDOET, "inhoud.wtzi_toelating.kvk_nummer": VOLDOET,
        "inhoud.wtzi_toelating.rechtspersoon": VOLDOET, "inhoud.vog_rp.kvk_nummer": VOLDOET,
        "inhoud.vog_rp.rechtspersoon": VOLDOET, "inhoud.vog_rp.datum": VOLDOET, "inhoud.vog_rp.soort": VOLDOET,
        "inhoud.vog_rp.doel": VOLDOET, "inhoud.polisblad.rechtspersoon": VOLDOET, "inhoud.polisblad.bedrag": VOLDOET,
        "inhoud.polisblad.ingangsdatum": VOLDOET,
    }
    kvk = gevonden["inhoud.kvk_uittreksel.datum"]
    assert kvk.bewijs["pagina"] == 2 and "vervaardigd op 31-08-2031" in kvk.bewijs["fragment"]  # its last line
    assert kvk.bewijs["document_id"] == 11 and kvk.kracht == SIGNAAL
    assert "Volgens het document vervaardigd op 31 augustus 2031, 09:15 uur" in kvk.toelichting


@pytest.mark.parametrize("vorm", VORMEN)
def test_een_te_oud_uittreksel_of_een_andere_datum_dan_opgegeven(vorm):
    dossier = _met_lezing(_dossier(), "kvk_uittreksel", lezing("kvk_uittreksel", met(GOED, datum=date(2031, 2, 2)),
                                                               vorm))
    b = _inhoud(dossier)["inhoud.kvk_uittreksel.datum"]
    assert b.uitkomst == GEWOGEN and b.kracht == SIGNAAL
    assert "Volgens het document vervaardigd op 2 februari 2031" in b.toelichting
    assert "u vulde als afgiftedatum 31 augustus 2031 in" in b.toelichting
    assert "niet ouder zijn dan 6 maanden (dus van 30 maart 2031 of later)" in b.toelichting
    assert "02-02-2031" in b.bewijs["fragment"] and b.bewijs["op_document"].startswith("2031-02-02")


@pytest.mark.parametrize("vorm", VORMEN)
def test_een_andere_rechtspersoon_op_het_uittreksel(vorm):
    ander = met(GOED, statutaire_naam="Stichting Zorgcentrum De Eik", kvk_nummer="11223344")
    gevonden = _inhoud(_met_lezing(_dossier(), "kvk_uittreksel", lezing("kvk_uittreksel", ander, vorm)))
    naam = gevonden["inhoud.kvk_uittreksel.rechtspersoon"]
    assert naam.uitkomst == GEWOGEN
    assert naam.toelichting.startswith("Op het document staat 'Stichting Zorgcentrum De Eik' (pagina 1: “Statutaire "
                                       "naam Stichting Zorgcentrum De Eik”); de inschrijver is 'Stichting Zorggroep "
                                       "De Linde'. U vulde 'Stichting Zorggroep De Linde' in.")
    nummer = gevonden["inhoud.kvk_uittreksel.kvk_nummer"]
    assert nummer.uitkomst == GEWOGEN
    assert "KvK-nummer 11223344" in nummer.toelichting and "87654321" in nummer.toelichting


@pytest.mark.parametrize("vorm", VORMEN)
def test_een_verzekerd_bedrag_onder_het_minimum(vorm):
    laag = met(GOED, bedrag=Decimal("1000000"))
    b = _inhoud(_met_lezing(_dossier(), "polisblad", lezing("polisblad", laag, vorm)))["inhoud.polisblad.bedrag"]
    assert b.uitkomst == GEWOGEN
    assert b.toelichting.startswith("Op het polisblad staat EUR 1.000.000,00 per gebeurtenis (pagina 1: ")
    assert "vereist is minimaal EUR 2.500.000,00 per gebeurtenis. U vulde EUR 3.000.000,00 in." in b.toelichting


@pytest.mark.parametrize("vorm", VORMEN)
def test_een_ondertekenaar_zonder_bevoegdheid(vorm):
    anders = met(GOED, bestuurders=(Persoon("Anders, Karel", "Directeur", "Alleen/zelfstandig bevoegd"),))
    b = _inhoud(_met_lezing(_dossier(), "kvk_uittreksel", lezing("kvk_uittreksel", anders, vorm)))[
        "inhoud.kvk_uittreksel.bevoegdheid"]
    assert b.uitkomst == GEWOGEN
    assert b.toelichting == ("De ondertekenaar Bea Bestuur staat niet als bestuurder of gevolmachtigde op het "
                             "uittreksel. Op het uittreksel: Anders, Karel (Directeur, zelfstandig). Lever een "
                             "volmacht aan, of laat de verklaring tekenen door een bevoegde bestuurder.")


def test_gezamenlijk_bevoegd_is_een_signaal_en_een_volmacht_neemt_het_weg():
    dossier = _met_lezing(_dossier(), "kvk_uittreksel", lezing("kvk_uittreksel"))
    dossier["verklaring"]["ondertekenaar_naam"] = "P.H. de Vries"
    b = _inhoud(dossier)["inhoud.kvk_uittreksel.bevoegdheid"]
    assert b.uitkomst == GEWOGEN and "gezamenlijk bevoegd" in b.toelichting
    dossier["documenten"].append({**_doc(dossier, "statuten"), "id": 19, "code": "volmacht", "sha256": "9" * 64,
                                  "weergavenaam": "volmacht.pdf", "lezing": None})
    b = _inhoud(dossier)["inhoud.kvk_uittreksel.bevoegdheid"]
    assert b.uitkomst == VOLDOET and "Er is een volmacht aangeleverd (volmacht.pdf)" in b.toelichting


def test_geen_toezichthouders_op_het_uittreksel():
    zonder = met(GOED, toezichthouders=())
    b = _inhoud(_met_lezing(_dossier(), "kvk_uittreksel", lezing("kvk_uittreksel", zonder)))[
        "inhoud.kvk_uittreksel.toezichthouders"]
    assert b.uitkomst == GEWOGEN and "geen toezichthouders" in b.toelichting and "ten minste 2" in b.toelichting


@pytest.mark.parametrize(("soort", "woorden"), [("np", "een VOG voor een natuurlijk persoon"),
                                                ("gva", "een Gedragsverklaring Aanbesteden")])
def test_een_andere_verklaring_dan_een_vog_rp(soort, woorden):
    b = _inhoud(_met_lezing(_dossier(), "vog_rp", lezing("vog_rp", met(GOED, vog_soort=soort))))["inhoud.vog_rp.soort"]
    assert b.uitkomst == GEWOGEN and woorden in b.toelichting


def test_een_vog_voor_een_ander_doel():
    ander = met(GOED, doel="Werving en selectie van personeel")
    b = _inhoud(_met_lezing(_dossier(), "vog_rp", lezing("vog_rp", ander)))["inhoud.vog_rp.doel"]
    assert b.uitkomst == GEWOGEN and "'Werving en selectie van personeel'" in b.toelichting


def test_een_polis_die_te_laat_ingaat():
    laat = met(GOED, ingangsdatum=date(2032, 3, 1))
    b = _inhoud(_met_lezing(_dossier(), "polisblad", lezing("polisblad", laat)))["inhoud.polisblad.ingangsdatum"]
    assert b.uitkomst == GEWOGEN and "gaat de verzekering in op 1 maart 2032" in b.toelichting


def test_een_document_zonder_tekst_is_handmatig_en_geen_verkeerd_feit():
    leeg = voorbeelden.als_scan(_lege_pdf())
    from lezen import feiten, tekst

    paginas = tekst.lees(leeg)
    assert [p.bron for p in paginas] == [tekst.GEEN]
    assert feiten.lees_feiten("kvk_uittreksel", [p for p in paginas if p.bron != tekst.GEEN]) == {}
    dossier = _met_lezing(_dossier(), "kvk_uittreksel", {"status": "onleesbaar", "reden": "Geen tekst gevonden.",
                                                         "herkend": None, "feiten": {}, "paginas": 1,
                                                         "ocr_paginas": 0})
    gevonden = _inhoud(dossier)
    assert list(gevonden) == ["inhoud.kvk_uittreksel.leesbaar"]
    b = gevonden["inhoud.kvk_uittreksel.leesbaar"]
    assert b.uitkomst == HANDMATIG and b.kracht == OORDEEL
    assert b.toelichting.startswith("Dit document kon niet automatisch worden gelezen; het wordt handmatig beoordeeld.")


def test_een_ander_document_dan_het_type_vraagt():
    crazy = {"status": "gelezen", "reden": "", "herkend": False, "feiten": {}, "paginas": 1, "ocr_paginas": 0}
    gevonden = _inhoud(_met_lezing(_dossier(), "polisblad", crazy))
    assert list(gevonden) == ["inhoud.polisblad.soort"] and gevonden["inhoud.polisblad.soort"].uitkomst == GEWOGEN


def test_hetzelfde_bestand_voor_twee_documenttypen():
    dossier = _dossier()
    _doc(dossier, "statuten")["sha256"] = _doc(dossier, "wtzi_toelating")["sha256"]
    gevonden = _inhoud(dossier)
    assert {r for r, b in gevonden.items() if b.uitkomst == GEWOGEN} == {"inhoud.statuten.dubbel",
                                                                         "inhoud.wtzi_toelating.dubbel"}
    assert "hetzelfde bestand als Wtzi-toelating" in gevonden["inhoud.statuten.dubbel"].titel


def test_zonder_lezing_verandert_er_niets():
    """A dossier made before documents were read (or a document still being read) has the findings it had."""
    assert not _inhoud(_dossier())


def _lege_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<html><body></body></html>").write_pdf()
