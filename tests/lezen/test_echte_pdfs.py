"""Issue 11: real-world PDFs from a public sample corpus (``echte_pdfs/README.md``) pass through reading and every
extractor without an error: text layers, forms, scans with and without an OCR layer, fax images, a damaged file; a
password-protected file is "onleesbaar", never a crash."""

from pathlib import Path

import pytest

from lezen import feiten, tekst

MAP = Path(__file__).with_name("echte_pdfs")
BESTANDEN = sorted(MAP.glob("*.pdf"))


def test_de_verzameling_is_er():
    assert len(BESTANDEN) >= 15


@pytest.mark.parametrize("pad", BESTANDEN, ids=lambda p: p.name)
def test_lezen_en_elke_extractor_zonder_fout(pad):
    try:
        paginas = tekst.lees(pad.read_bytes())
    except tekst.Onleesbaar as fout:
        assert "wachtwoord" in str(fout) or "pdf" in str(fout).lower()
        return
    assert paginas and all(p.bron in (tekst.TEKSTLAAG, tekst.OCR, tekst.GEEN) for p in paginas)
    for code in feiten.extractors():
        gevonden = feiten.lees_feiten(code, paginas)
        # None of these is a Dutch register extract or polis: no KvK-nummer or insured amount is invented.
        assert "kvk_nummer" not in gevonden and "verzekerd_bedrag" not in gevonden, (code, gevonden)


def test_een_scan_met_ocr_laag_wordt_uit_die_laag_gelezen_en_een_fax_met_ocr():
    vicksburg = tekst.lees((MAP / "Seige_of_Vicksburg_Sample_OCR.pdf").read_bytes())
    assert all(p.bron == tekst.TEKSTLAAG for p in vicksburg) and "Vicksburg" in vicksburg[0].tekst
    fax = tekst.lees((MAP / "imagemagick-CCITTFaxDecode.pdf").read_bytes())
    assert [p.bron for p in fax] in ([tekst.OCR], [tekst.GEEN])
