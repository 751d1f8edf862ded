"""The corpus the tests read: per document type, the documents of ``lezen.voorbeelden`` in their issuers' layouts,
as text PDFs and as scans of the same pages, with the facts known. Readings are cached per session (OCR takes
seconds a page)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cache

from lezen import feiten, tekst, voorbeelden
from lezen.voorbeelden import Gegevens, Persoon
from tests.inschrijving.test_evaluator import NAAM

#: Matches the evaluator tests' valid type 3 dossier (sluiting 30-09-2031, overeenkomst from 01-01-2032).
GOED = Gegevens(statutaire_naam=NAAM, kvk_nummer="87654321", datum=date(2031, 8, 31), tijd="09.15",
                bestuurders=(Persoon("Bestuur, Bea", "Voorzitter raad van bestuur", "Alleen/zelfstandig bevoegd"),
                             Persoon("Vries, Pieter Hendrik de", "Bestuurder",
                                     "Gezamenlijk bevoegd (met andere bestuurder(s))")),
                toezichthouders=(Persoon("Een, Tineke", "Voorzitter raad van toezicht"),
                                 Persoon("Twee, Tom", "Lid raad van toezicht")),
                bedrag=Decimal("3000000"), ingangsdatum=date(2031, 12, 1),
                doel="Inschrijving inkoopprocedure Wlz 2032 Zorgkantoor Amstelland")
VORMEN = ("tekst", "scan")


def pdf(code: str, g: Gegevens, vorm: str) -> bytes:
    inhoud = voorbeelden.tekst_pdf(code, g)
    return voorbeelden.als_scan(inhoud, zaad=hash((code, vorm)) % 1000) if vorm == "scan" else inhoud


@cache
def gelezen(code: str, g: Gegevens, vorm: str) -> tuple[list[tekst.Pagina], dict]:
    paginas = tekst.lees(pdf(code, g, vorm))
    return paginas, {naam: f.als_dict() for naam, f in feiten.lees_feiten(code, paginas).items()}


def lezing(code: str, g: Gegevens = GOED, vorm: str = "tekst") -> dict:
    """The reading as the dossier carries it (``Lezing.als_dossier``)."""
    paginas, gevonden = gelezen(code, g, vorm)
    met_tekst = [p for p in paginas if p.bron != tekst.GEEN]
    return {"status": "gelezen" if met_tekst else "onleesbaar", "reden": "" if met_tekst else "Geen tekst gevonden.",
            "herkend": feiten.herkend(code, met_tekst), "feiten": gevonden, "paginas": len(paginas),
            "ocr_paginas": sum(1 for p in paginas if p.bron == tekst.OCR)}


def met(g: Gegevens = GOED, **wijziging) -> Gegevens:
    return replace(g, **wijziging)
