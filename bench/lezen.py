#!/usr/bin/env python
"""Benchmark: reading documents (issue 11) — how many of the facts the rules need are read correctly from documents
in their issuers' layouts, how fast, and how long an aanbieder waits for the signals of a 10-page scan.

Five figures (``bench.meting.meld``), the names ``bench/run_all.py`` expects:

1. **lezen: feiten uit tekst-PDF's (recall)** — of every fact the corpus documents carry (``lezen.voorbeelden``: the
   KvK's uittreksel in two layouts, the UBO uittreksel, Justis' VOG RP, two insurers' polisbladen, the CIBG's
   Wtzi-toelating; ``VARIANTEN`` per type with other names, numbers, dates, amounts and people), the share read
   with the right value. Goal ≥ 95 %. Baseline: the same extractors on the text of poppler's ``pdftotext -layout``.
   Printed per type and per fact.
2. **lezen: feiten uit scans (recall)** — the same documents as image-only scans (200 dpi, grey, slightly rotated,
   with noise: ``voorbeelden.als_scan``), read with the portal's OCR. Goal ≥ 85 %. Baseline: the same extractors on
   the text of the ``tesseract`` command line (its defaults) over the same pages.
3. **lezen: pagina's per seconde, tekstlaag** — pages read per second from text PDFs (``lezen.tekst.lees``).
   Goal ≥ 10 pages/s (a national round's documents, thousands of providers, read well within the last day).
   Baseline: ``pdftotext`` over the same files, process start included.
4. **lezen: pagina's per seconde, OCR** — pages per second from the scans. Goal ≥ 0.15 pages/s (a 10-page scan in
   about a minute). Baseline: the ``tesseract`` command line over the same pages rendered once.
5. **lezen: van upload tot signalen, scan van 10 pagina's** — from the moment an upload of a 10-page scanned
   polisblad (facts on page 1, nine pages of conditions) is committed until the voorcontrole of its inschrijving
   shows the signals read from it: virus scan (clamd) and reading by a real Celery worker (docker-compose's worker
   command), PostgreSQL with fsync on. Goal ≤ 120 s. Baseline: the same for the 10-page text PDF.

Run: ``make bench`` or ``.venv/bin/python scripts/testenv.py --productie -- .venv/bin/python bench/run_all.py
lezen.py``. Exit code 0: every goal met.
"""

from __future__ import annotations

import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wlzportal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.meting import meld  # noqa: E402
from bench.stapel import CeleryWorkers  # noqa: E402
from lezen import feiten, tekst, voorbeelden  # noqa: E402
from lezen.voorbeelden import Gegevens, Persoon  # noqa: E402

VARIANTEN = 4
DOEL_TEKST, DOEL_SCAN = 0.95, 0.85
DOEL_TEKST_PPS, DOEL_OCR_PPS = 10.0, 0.15
DOEL_SIGNALEN_S = 120.0
FIGUREN = {
    "tekst": "lezen: feiten uit tekst-PDF's (recall)",
    "scan": "lezen: feiten uit scans (recall)",
    "tekst_pps": "lezen: pagina's per seconde, tekstlaag",
    "ocr_pps": "lezen: pagina's per seconde, OCR",
    "signalen": "lezen: van upload tot signalen, scan van 10 pagina's",
}
NAMEN = ["Stichting Zorggroep De Linde", "Woonzorg De Brug B.V.", "Stichting Thuiszorg 't Anker",
         "GGZ Nieuw Begin B.V.", "Coöperatie Zorg Samen U.A.", "Stichting Ouderenzorg Sint-Jozef"]
PERSONEN = [("Jansen, Pieter Hendrik", "Bestuurder"), ("Vries, Anna Maria de", "Voorzitter raad van bestuur"),
            ("Bakker, Mohamed", "Directeur"), ("Berg, Els van den", "Bestuurder")]


class BenchFout(Exception):
    pass


def corpus() -> list[tuple[str, Gegevens]]:
    """``VARIANTEN`` documents per type, each with other details (a fixed seed: every run reads the same corpus)."""
    rnd = random.Random(11)
    uit = []
    for code in voorbeelden.MAKERS:
        for n in range(VARIANTEN):
            naam, (persoon, titel) = NAMEN[(n + len(uit)) % len(NAMEN)], PERSONEN[n % len(PERSONEN)]
            g = Gegevens(
                statutaire_naam=naam, kvk_nummer=f"{rnd.randrange(10**7, 10**8):08d}",
                rechtsvorm="Stichting" if naam.startswith("Stichting") else "Besloten Vennootschap",
                datum=date(2026, 1, 1) + timedelta(days=rnd.randrange(300)),
                tijd=f"{rnd.randrange(8, 18):02d}.{rnd.randrange(60):02d}",  # as the KvK prints it: "09.05"
                bestuurders=(Persoon(persoon, titel, rnd.choice(["Alleen/zelfstandig bevoegd",
                                                                 "Gezamenlijk bevoegd (met andere bestuurder(s))"])),),
                toezichthouders=(Persoon("Smit, Karin", "Voorzitter raad van toezicht"),
                                 Persoon("Mulder, Joost", "Lid raad van toezicht"))[: 1 + n % 2],
                bedrag=Decimal(rnd.choice([1250000, 2500000, 3000000, 5000000])),
                ingangsdatum=date(2027, 1, 1) - timedelta(days=rnd.randrange(400)),
                vog_soort="rp", variant=n % 2, zaad=n,
                doel=f"Inschrijving zorginkoop Wlz 2027 bij Zorgkantoor {rnd.choice(['Amstelland', 'Oost', 'Noord'])}")
            uit.append((code, g))
    return uit


def _vergelijk(code: str, g: Gegevens, gevonden: dict) -> dict[str, bool]:
    goed = {}
    for naam, waarde in voorbeelden.verwacht(code, g).items():
        feit = gevonden.get(naam)
        gelezen = None if feit is None else (feit.waarde if hasattr(feit, "waarde") else feit)
        if naam == "functionarissen" and gelezen is not None:
            gelezen = sorted(p["naam"] for p in gelezen)
        goed[naam] = gelezen == waarde
    return goed


def _pdftotext(pdf: Path) -> list[tekst.Pagina]:
    uit = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [tekst.Pagina(n + 1, t, tekst.TEKSTLAAG) for n, t in enumerate(uit.split("\f")) if t.strip()]


def _tesseract_cli(pdf: Path, werkmap: Path) -> tuple[list[tekst.Pagina], float, int]:
    """The pages rendered once (not timed), then ``tesseract`` with its defaults on each (timed)."""
    prefix = werkmap / pdf.stem
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(prefix)], check=True, capture_output=True)
    paginas, duur = [], 0.0
    for n, beeld in enumerate(sorted(werkmap.glob(f"{pdf.stem}-*.png"))):
        begin = time.perf_counter()
        t = subprocess.run(["tesseract", str(beeld), "-", "-l", "nld"], capture_output=True, text=True,
                           check=True).stdout
        duur += time.perf_counter() - begin
        paginas.append(tekst.Pagina(n + 1, t, tekst.OCR))
    return paginas, duur, len(paginas)


def recall_en_snelheid(werkmap: Path) -> None:
    documenten = corpus()
    per_type: dict[tuple[str, str], list[bool]] = {}
    per_feit: dict[tuple[str, str, str], list[bool]] = {}
    basis: dict[str, list[bool]] = {"tekst": [], "scan": []}
    pagina_s = {"tekst": [0, 0.0], "scan": [0, 0.0], "pdftotext": [0, 0.0], "tesseract": [0, 0.0]}
    for i, (code, g) in enumerate(documenten):
        tekst_pdf = voorbeelden.tekst_pdf(code, g)
        scan_pdf = voorbeelden.als_scan(tekst_pdf, zaad=i)
        for vorm, inhoud in (("tekst", tekst_pdf), ("scan", scan_pdf)):
            begin = time.perf_counter()
            paginas = tekst.lees(inhoud, ocr=True)
            gevonden = feiten.lees_feiten(code, [p for p in paginas if p.bron != tekst.GEEN])
            pagina_s[vorm][0] += len(paginas)
            pagina_s[vorm][1] += time.perf_counter() - begin
            for naam, goed in _vergelijk(code, g, gevonden).items():
                per_type.setdefault((vorm, code), []).append(goed)
                per_feit.setdefault((vorm, code, naam), []).append(goed)
            pad = werkmap / f"{code}-{i}-{vorm}.pdf"
            pad.write_bytes(inhoud)
            if vorm == "tekst":
                begin = time.perf_counter()
                paginas_b = _pdftotext(pad)
                pagina_s["pdftotext"][0] += len(paginas_b)
                pagina_s["pdftotext"][1] += time.perf_counter() - begin
            else:
                paginas_b, duur, aantal = _tesseract_cli(pad, werkmap)
                pagina_s["tesseract"][0] += aantal
                pagina_s["tesseract"][1] += duur
            basis[vorm] += _vergelijk(code, g, feiten.lees_feiten(code, paginas_b)).values()
        print(f"  {i + 1}/{len(documenten)} {code} gelezen", flush=True)

    for vorm in ("tekst", "scan"):
        print(f"\nrecall per type en per feit ({vorm}):")
        for (v, code), uitslagen in sorted(per_type.items()):
            if v != vorm:
                continue
            feitjes = ", ".join(f"{naam} {sum(u)}/{len(u)}" for (v2, c2, naam), u in sorted(per_feit.items())
                                if v2 == vorm and c2 == code)
            print(f"  {code:16} {sum(uitslagen) / len(uitslagen):6.1%}  ({feitjes})")
        alle = [u for (v, _c), lijst in per_type.items() if v == vorm for u in lijst]
        recall, recall_b = sum(alle) / len(alle), sum(basis[vorm]) / len(basis[vorm])
        doel = DOEL_TEKST if vorm == "tekst" else DOEL_SCAN
        meld(FIGUREN[vorm], doel=f"≥ {doel:.0%} van de feiten juist gelezen", gemeten=(
            f"{recall:.1%} ({sum(alle)} van {len(alle)} feiten, {len(documenten)} documenten, 5 typen)"),
            basis=(f"{recall_b:.1%} met dezelfde extractors op " + ("pdftotext -layout" if vorm == "tekst"
                                                                    else "de tesseract-commandoregel")),
            verhouding=recall / recall_b if recall_b else None, gehaald=recall >= doel)
    for figuur, vorm, basisvorm, doel in (("tekst_pps", "tekst", "pdftotext", DOEL_TEKST_PPS),
                                           ("ocr_pps", "scan", "tesseract", DOEL_OCR_PPS)):
        pps = pagina_s[vorm][0] / pagina_s[vorm][1]
        pps_b = pagina_s[basisvorm][0] / pagina_s[basisvorm][1]
        meld(FIGUREN[figuur], doel=f"≥ {doel} pagina's/s op deze machine", gemeten=(
            f"{pps:.2f} pagina's/s ({pagina_s[vorm][0]} pagina's in {pagina_s[vorm][1]:.1f} s, feiten inbegrepen)"),
            basis=f"{basisvorm}: {pps_b:.2f} pagina's/s over dezelfde pagina's", verhouding=pps / pps_b,
            gehaald=pps >= doel)


def upload_tot_signalen(werkmap: Path) -> None:
    from inschrijving import services
    from inschrijving.dossier import dossier_van
    from inschrijving.evaluator import evalueer
    from inschrijving.models import DocumentType, Lezing, Zorgaanbieder
    from inschrijving.voorbeeld import geldige_gegevens
    from tests.factories import GebruikerFactory, ZorgaanbiederFactory, ZorgkantoorFactory
    from tests.inschrijving.maak import nieuwe_inschrijving, ronde_met_regels

    call_command("migrate", verbosity=0, interactive=False)
    # Names and numbers of its own: make bench runs every benchmark in one database.
    merk = secrets.token_hex(4)
    zk = ZorgkantoorFactory(naam=f"Zorgkantoor lees-bench {merk}")
    ronde = ronde_met_regels(naam=f"Lees-bench {merk}", zorgkantoren=[zk])
    bezet = set(Zorgaanbieder.objects.values_list("kvk_nummer", flat=True))
    kvk = next(f"{n:08d}" for n in range(97_000_000, 99_999_999) if f"{n:08d}" not in bezet)
    za = ZorgaanbiederFactory(statutaire_naam=f"Stichting Lees-bench {merk}", kvk_nummer=kvk)
    gebruiker = GebruikerFactory(username=f"lees.bench.{merk}", tekenbevoegd=True, zorgaanbieder=za)
    inschrijving, bestuurder = nieuwe_inschrijving("3", ronde=ronde, zorgkantoor=zk, bestuurder=gebruiker)
    za = inschrijving.zorgaanbieder
    documenttype = DocumentType.objects.get(pk=inschrijving.eis().documenten.get(code="polisblad").pk)
    gegevens = geldige_gegevens("polisblad", inschrijving)
    laag = Gegevens(statutaire_naam=za.statutaire_naam, kvk_nummer=za.kvk_nummer, bedrag=Decimal("1250000"),
                    ingangsdatum=gegevens["polis_ingangsdatum"], extra_paginas=9)

    def meet(inhoud: bytes, naam: str) -> float:
        from django.core.files.uploadedfile import SimpleUploadedFile

        begin = time.monotonic()
        document = services.document_toevoegen(inschrijving=inschrijving, documenttype=documenttype, door=bestuurder,
                                               upload=SimpleUploadedFile(naam, inhoud), gegevens=gegevens)
        while True:
            if Lezing.objects.filter(sha256=document.sha256, documenttype_code="polisblad").exists():
                regels = {b.regel: b.uitkomst for b in evalueer(dossier_van(inschrijving))}
                if regels.get("inhoud.polisblad.bedrag") == "signaal":
                    return time.monotonic() - begin
            if time.monotonic() - begin > 600:
                raise BenchFout(f"geen signalen van {naam} binnen 600 s")
            time.sleep(0.1)

    tekst_pdf = voorbeelden.tekst_pdf("polisblad", laag)
    scan_pdf = voorbeelden.als_scan(tekst_pdf, zaad=7)
    aantal = len(tekst.lees(tekst_pdf, ocr=False))
    if aantal != 10:
        raise BenchFout(f"het polisblad heeft {aantal} pagina's, niet 10")
    with CeleryWorkers(werkmap / "celery", aantal=1, concurrency=1, naam="lezen"):
        meet(voorbeelden.tekst_pdf("polisblad", replace(laag, extra_paginas=0)), "opwarmen.pdf")  # not measured
        basis = meet(tekst_pdf, "polisblad-tekst.pdf")
        scan = meet(scan_pdf, "polisblad-scan.pdf")
    meld(FIGUREN["signalen"], doel=f"≤ {DOEL_SIGNALEN_S:.0f} s tot het signaal in de voorcontrole staat",
         gemeten=f"{scan:.1f} s voor een scan van {aantal} pagina's (virusscan, OCR, feiten, regels)",
         basis=f"{basis:.1f} s voor dezelfde {aantal} pagina's als tekst-PDF", verhouding=scan / basis,
         gehaald=scan <= DOEL_SIGNALEN_S)


def main() -> int:
    werkmap = Path(tempfile.mkdtemp(prefix="wlz-bench-lezen-"))
    try:
        if not tekst.ocr_beschikbaar():
            raise BenchFout("geen Tesseract met het Nederlandse model (apt-get install tesseract-ocr-nld)")
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" \
                or not os.environ.get("REDIS_URL") or not os.environ.get("CLAMD_URL"):
            raise BenchFout("geen PostgreSQL, Redis en ClamAV: start onder scripts/testenv.py --productie")
        print(f"corpus: {VARIANTEN} documenten per type, als tekst-PDF en als scan", flush=True)
        recall_en_snelheid(werkmap)
        upload_tot_signalen(werkmap)
        return 0
    except BenchFout as fout:
        print(f"\nBENCHMARK MISLUKT: {fout}", file=sys.stderr, flush=True)
        for figuur in FIGUREN.values():
            meld(figuur, doel="-", gemeten=f"niet gemeten: {fout}", basis="-", verhouding=None, gehaald=False)
        return 1
    finally:
        shutil.rmtree(werkmap, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
