"""The text of each page of a PDF: the embedded text layer (pypdf), and OCR with Tesseract's Dutch model for a page
without one (a scan). The file is only read, never changed."""

import io
import logging
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from pypdf import PdfReader

logger = logging.getLogger(__name__)

TEKSTLAAG = "tekstlaag"
OCR = "ocr"
GEEN = "geen"  # no text layer and no OCR available (or OCR found nothing)

#: A page with fewer letters and digits than this in its text layer is treated as a scan.
MIN_TEKENS = 25
#: Rendering resolution for OCR: 300 dpi is what Tesseract is trained for; less loses the digits of a KvK-nummer.
DPI = 300
#: Tesseract's mean word confidence (0-100) below which a line is taken for noise.
MIN_ZEKERHEID = 60
#: Scanned pages read side by side (each Tesseract on one thread): the machine's cores, unless WLZ_OCR_TEGELIJK says.
OCR_TEGELIJK = int(os.environ.get("WLZ_OCR_TEGELIJK") or os.cpu_count() or 1)
#: Pages beyond this are not read (a 200-page jaarrekening is not a fact source); the reading says so.
MAX_PAGINAS = 40


@dataclass(frozen=True)
class Pagina:
    nummer: int  # 1-based, as a person counts
    tekst: str
    bron: str  # TEKSTLAAG, OCR or GEEN

    def als_dict(self) -> dict:
        return asdict(self)


class Onleesbaar(Exception):
    """The file is not a PDF that can be opened (damaged, encrypted with a password)."""


@cache
def ocr_beschikbaar() -> bool:
    """Tesseract with its Dutch model, and pdftoppm to render a page (Debian: tesseract-ocr, tesseract-ocr-nld,
    poppler-utils). Asked of Tesseract once per process, not per document (installing it means restarting the
    worker)."""
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        return False
    try:
        import pytesseract

        return "nld" in pytesseract.get_languages(config="")
    except Exception:  # a broken install is "not available", never a crash of the reading
        return False


def _tekens(tekst: str) -> int:
    return sum(1 for c in tekst if c.isalnum())


def _tekstlaag(lezer: PdfReader, index: int) -> str:
    try:
        return lezer.pages[index].extract_text() or ""
    except Exception as exc:  # one bad page is a page without text, not a failed document
        logger.warning("Tekstlaag van pagina %s onleesbaar: %s", index + 1, exc)
        return ""


def _ocr(pdf: Path, nummer: int, werkmap: Path) -> str:
    """One page: rendered by pdftoppm as an uncompressed TIFF (a PNG costs seconds to compress), the speckle taken
    away, then Tesseract on the file itself (no re-encoding) with one thread."""
    import pytesseract
    from PIL import Image, ImageFilter

    prefix = werkmap / f"p{nummer}"
    opdracht = ["pdftoppm", "-r", str(DPI), "-gray", "-tiff", "-f", str(nummer), "-l", str(nummer), "-singlefile",
                str(pdf), str(prefix)]
    subprocess.run(opdracht, check=True, capture_output=True, timeout=120)  # noqa: S603 — our own temporary file
    schoon = werkmap / f"p{nummer}-schoon.tif"
    with Image.open(f"{prefix}.tif") as beeld:
        # A median filter takes the scanner's speckle away (Tesseract reads speckle as letters).
        beeld.filter(ImageFilter.MedianFilter(3)).save(schoon, dpi=(DPI, DPI))
    # psm 4: one column of text of variable sizes, so the label/value lines of a register extract stay lines.
    gegevens = pytesseract.image_to_data(str(schoon), lang="nld", config=f"--psm 4 --dpi {DPI}",
                                         output_type=pytesseract.Output.DICT, timeout=300)
    return _zekere_regels(gegevens)


def _zekere_regels(gegevens: dict) -> str:
    """The lines Tesseract is sure of (mean word confidence at least ``MIN_ZEKERHEID``): a smudge or the grain of the
    paper gives lines of a few low-confidence "words", which are dropped instead of read as facts."""
    regels: dict[tuple, list[tuple[str, float]]] = {}
    for i, woord in enumerate(gegevens["text"]):
        if woord.strip() and float(gegevens["conf"][i]) >= 0:
            sleutel = (gegevens["block_num"][i], gegevens["par_num"][i], gegevens["line_num"][i])
            regels.setdefault(sleutel, []).append((woord, float(gegevens["conf"][i])))
    return "\n".join(" ".join(w for w, _z in woorden) for woorden in regels.values()
                     if sum(z for _w, z in woorden) / len(woorden) >= MIN_ZEKERHEID)


def lees(inhoud: bytes, *, ocr: bool | None = None) -> list[Pagina]:
    """Every page's text, in order. ``ocr``: whether pages without a text layer are OCR'd (default: when Tesseract
    with Dutch is installed). Raises ``Onleesbaar`` for a file that is not a readable PDF."""
    try:
        lezer = PdfReader(io.BytesIO(inhoud))
        if lezer.is_encrypted and not lezer.decrypt(""):
            raise Onleesbaar("versleuteld met een wachtwoord")
        aantal = len(lezer.pages)
    except Onleesbaar:
        raise
    except Exception as exc:
        raise Onleesbaar(str(exc)) from exc
    ocr = ocr_beschikbaar() if ocr is None else ocr
    teksten = {index: _tekstlaag(lezer, index) for index in range(min(aantal, MAX_PAGINAS))}
    scans = [index for index, tekst in teksten.items() if _tekens(tekst) < MIN_TEKENS]
    gelezen: dict[int, str] = {}
    if ocr and scans:
        with tempfile.TemporaryDirectory(prefix="wlz-lezen-") as map_:
            werkmap = Path(map_)
            pdf = werkmap / "document.pdf"
            pdf.write_bytes(inhoud)

            def pagina(index: int) -> str:
                try:
                    return _ocr(pdf, index + 1, werkmap)
                except (subprocess.SubprocessError, OSError, RuntimeError) as exc:
                    logger.warning("OCR van pagina %s mislukt: %s", index + 1, exc)
                    return ""

            # Tesseract's own threads (OpenMP) cost more than they bring on two cores: one thread per page, and
            # the pages side by side.
            os.environ.setdefault("OMP_THREAD_LIMIT", "1")
            with ThreadPoolExecutor(max_workers=OCR_TEGELIJK) as uitvoerder:
                gelezen = dict(zip(scans, uitvoerder.map(pagina, scans), strict=True))
    paginas = []
    for index, tekst in teksten.items():
        if index not in scans:
            paginas.append(Pagina(index + 1, tekst, TEKSTLAAG))
        elif index in gelezen and _tekens(gelezen[index]) >= MIN_TEKENS:
            paginas.append(Pagina(index + 1, gelezen[index], OCR))
        else:
            paginas.append(Pagina(index + 1, gelezen.get(index, tekst), GEEN))
    return paginas
