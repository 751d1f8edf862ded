"""Issue 11: the facts each rule needs, read from documents in the layouts their issuers use — the KvK's uittreksel
(two layouts), the UBO uittreksel, Justis' VOG RP, two insurers' polisbladen and the CIBG's Wtzi-toelating — from
the text layer and, for the same pages scanned, with Tesseract's Dutch OCR."""

import pytest

from lezen import feiten, tekst, voorbeelden
from tests.lezen.corpus import GOED, VORMEN, gelezen, met

DOCUMENTEN = [("kvk_uittreksel", 0), ("kvk_uittreksel", 1), ("ubo_uittreksel", 0), ("vog_rp", 0),
              ("polisblad", 0), ("polisblad", 1), ("wtzi_toelating", 0)]


def test_tesseract_met_het_nederlandse_model_is_er():
    assert tekst.ocr_beschikbaar(), "apt-get install tesseract-ocr tesseract-ocr-nld poppler-utils"


@pytest.mark.parametrize("vorm", VORMEN)
@pytest.mark.parametrize(("code", "variant"), DOCUMENTEN)
def test_elk_feit_met_zijn_pagina_en_fragment(code, variant, vorm):
    g = met(GOED, variant=variant)
    paginas, gevonden = gelezen(code, g, vorm)
    assert {p.bron for p in paginas} == {tekst.TEKSTLAAG if vorm == "tekst" else tekst.OCR}
    assert feiten.herkend(code, paginas) is True
    verwacht = voorbeelden.verwacht(code, g)
    waarden = {naam: f["waarde"] for naam, f in gevonden.items()}
    if "functionarissen" in waarden:
        waarden["functionarissen"] = sorted(p["naam"] for p in waarden["functionarissen"])
    assert waarden == verwacht
    for naam, feit in gevonden.items():
        assert 1 <= feit["pagina"] <= len(paginas) and feit["fragment"], naam
        # The snippet is on that page (as read), so a person finds it there.
        assert feit["fragment"].split()[0].casefold() in paginas[feit["pagina"] - 1].tekst.casefold()


@pytest.mark.parametrize("vorm", VORMEN)
@pytest.mark.parametrize("variant", [0, 1])
def test_de_functionarissen_met_rol_en_bevoegdheid(vorm, variant):
    _paginas, gevonden = gelezen("kvk_uittreksel", met(GOED, variant=variant), vorm)
    personen = {p["naam"]: (p["rol"], p["bevoegdheid"]) for p in gevonden["functionarissen"]["waarde"]}
    assert personen == {"Bestuur, Bea": ("bestuurder", "zelfstandig"),
                        "Vries, Pieter Hendrik de": ("bestuurder", "gezamenlijk"),
                        "Een, Tineke": ("toezichthouder", ""), "Twee, Tom": ("toezichthouder", "")}


@pytest.mark.parametrize(("soort", "verwacht"), [("np", "np"), ("gva", "gva"), ("rp", "rp")])
def test_de_soort_verklaring_van_justis(soort, verwacht):
    _paginas, gevonden = gelezen("vog_rp", met(GOED, vog_soort=soort), "tekst")
    assert gevonden["vog_soort"]["waarde"] == verwacht


@pytest.mark.parametrize(("tekst_", "waarde"), [
    ("€ 2.500.000,- per aanspraak", "2500000.00"), ("EUR 1.250.000,00 per gebeurtenis", "1250000.00"),
    ("Verzekerd bedrag: € 2,5 miljoen", "2500000.00"), ("per schadegeval € 5.000.000", "5000000.00"),
])
def test_bedragen_zoals_verzekeraars_ze_schrijven(tekst_, waarde):
    gevonden = feiten.lees_feiten("polisblad", [tekst.Pagina(1, f"Polisblad\n{tekst_}\n", tekst.TEKSTLAAG)])
    assert gevonden["verzekerd_bedrag"].waarde == waarde


@pytest.mark.parametrize(("getypt", "kvk", "past"), [
    ("Bea Bestuur", "Bestuur, Bea", True), ("B. Bestuur", "Bestuur, Bea", True),
    ("drs. P.H. de Vries", "Vries, Pieter Hendrik de", True), ("Pieter de Vries", "Vries, Pieter Hendrik de", True),
    ("Jan de Vries", "Vries, Pieter Hendrik de", False), ("Bea Bestuurder", "Bestuur, Bea", False),
    ("Karel Anders", "Bestuur, Bea", False),
])
def test_de_ondertekenaar_tegen_de_naam_op_het_uittreksel(getypt, kvk, past):
    assert feiten.naam_past(getypt, kvk) is past
