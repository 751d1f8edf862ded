"""The upload core for documents: a form field that accepts only real PDFs, a safe display name for the
original filename, and streaming storage in private storage with size and SHA-256.

An upload is never read whole into memory: the size is checked from ``upload.size`` before any byte is
read, the type from the first 2 KiB, the structure by pypdf on an open file handle (it seeks to what it
needs), and storage streams in chunks (or moves the temporary file when the upload is on disk).
"""

import hashlib
import logging
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from uuid import uuid4

import magic
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

from inschrijving import virusscan
from inschrijving.opslag import prive_opslag

logger = logging.getLogger(__name__)

PDF_MIME = "application/pdf"
PDF_ACCEPT = "application/pdf,.pdf"
MB = 1024 * 1024
# libmagic needs no more than this to recognise a PDF; we never pass it the whole file.
KOP_BYTES = 2048
# PDF readers look for the header within the first 1024 bytes; we allow only PDF whitespace before it,
# so a file that is something else with "%PDF-" tucked inside (a polyglot) is refused.
HEADER_VENSTER = 1024
PDF_WITRUIMTE = b"\x00\t\n\x0c\r "


class PdfBestandField(forms.FileField):
    """A file field that accepts only a real, readable, unencrypted PDF within the upload size limit.

    The limit is ``settings.WLZ_MAX_UPLOAD_MB`` (read at validation time), unless ``max_mb`` is given. The virus scan
    runs here, before the file is accepted, unless ``scan_achteraf``: the documents of an inschrijving, uploaded by
    the hundreds before a deadline, are accepted in quarantine and scanned by a task (``inschrijving.scannen``).
    """

    default_error_messages = {
        "te_groot": _("Het bestand is %(grootte)s MB; de grens is %(grens)s MB."),
        "extensie": _("Alleen PDF-bestanden zijn toegestaan: de bestandsnaam moet eindigen op .pdf."),
        "geen_pdf": _("Dit bestand is geen PDF. Upload het document als PDF-bestand."),
        "versleuteld": _("Dit PDF-bestand is beveiligd met een wachtwoord of versleuteld. "
                         "Upload een onbeveiligde versie."),
        "beschadigd": _("Dit PDF-bestand is beschadigd of onleesbaar."),
        "actieve_inhoud": _("Dit PDF-bestand bevat %(wat)s. Een document voor de inschrijving mag geen actieve "
                            "inhoud of ingesloten bestanden bevatten: sla het op als gewone PDF (bijvoorbeeld met "
                            "'Afdrukken naar PDF') en upload het opnieuw."),
        "virus": _("In dit bestand is schadelijke inhoud gevonden (%(naam)s). Het is niet opgeslagen. Upload een "
                   "schone versie van het document."),
        "scan_niet_beschikbaar": _("Het bestand kon nu niet op virussen worden gescand en is daarom niet "
                                   "opgeslagen. Probeer het over enkele minuten opnieuw; wat u heeft ingevuld, blijft "
                                   "staan."),
        "aangehangen": _("Na het einde van dit PDF-bestand staan nog andere gegevens. Sla het document opnieuw op "
                         "als PDF en upload het dan."),
    }

    def __init__(self, *, max_mb: int | None = None, scan_achteraf: bool = False, **kwargs):
        self.max_mb = max_mb
        self.scan_achteraf = scan_achteraf
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("accept", PDF_ACCEPT)
        return attrs

    @property
    def grens_mb(self) -> int:
        return self.max_mb if self.max_mb is not None else getattr(settings, "WLZ_MAX_UPLOAD_MB", 25)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        # Cheapest first: size and name need no byte of the content.
        self._controleer_grootte(upload)
        if not upload.name.lower().endswith(".pdf"):
            raise ValidationError(self.error_messages["extensie"], code="extensie")
        self._controleer_inhoud(upload)
        self._controleer_virus(upload)
        self._controleer_structuur(upload)
        upload.seek(0)
        return upload

    def _controleer_grootte(self, upload) -> None:
        grens = self.grens_mb
        if upload.size > grens * MB:
            # Round up, so a file just over the limit never reads as "25,0 MB; de grens is 25 MB".
            grootte = math.ceil(upload.size * 10 / MB) / 10
            raise ValidationError(self.error_messages["te_groot"], code="te_groot",
                                  params={"grootte": number_format(grootte, 1), "grens": number_format(grens)})

    def _controleer_inhoud(self, upload) -> None:
        upload.seek(0)
        kop = upload.read(KOP_BYTES)
        upload.seek(0)
        positie = kop.find(b"%PDF-", 0, HEADER_VENSTER)
        if positie < 0 or kop[:positie].strip(PDF_WITRUIMTE):
            raise ValidationError(self.error_messages["geen_pdf"], code="geen_pdf")
        if magic.from_buffer(kop, mime=True) != PDF_MIME:
            raise ValidationError(self.error_messages["geen_pdf"], code="geen_pdf")

    def _controleer_virus(self, upload) -> None:
        if self.scan_achteraf or not virusscan.ingeschakeld():
            return
        try:
            if hasattr(upload, "temporary_file_path"):
                with open(upload.temporary_file_path(), "rb") as bestand:
                    uitslag = virusscan.scan(bestand)
            else:
                uitslag = virusscan.scan(upload.file)
        except virusscan.ScanNietBeschikbaar as fout:
            logger.error("Virusscan niet beschikbaar: %s", fout)
            raise ValidationError(self.error_messages["scan_niet_beschikbaar"], code="scan_niet_beschikbaar") from None
        if not uitslag.schoon:
            raise ValidationError(self.error_messages["virus"], code="virus", params={"naam": uitslag.naam})

    def _controleer_structuur(self, upload) -> None:
        try:
            if hasattr(upload, "temporary_file_path"):
                # An open handle, not the path: given a path, pypdf reads the whole file into memory.
                with open(upload.temporary_file_path(), "rb") as bestand:
                    versleuteld, paginas, actief, schoon = _lees_pdf(bestand)
            else:
                upload.seek(0)
                versleuteld, paginas, actief, schoon = _lees_pdf(upload.file)
        except Exception as fout:
            # A parser fed arbitrary bytes can fail in any way (PdfReadError, ValueError, KeyError,
            # RecursionError, ...); each of them means the same to the user: unreadable.
            logger.info("PDF geweigerd als onleesbaar (%s): %s", type(fout).__name__, fout)
            raise ValidationError(self.error_messages["beschadigd"], code="beschadigd") from None
        if versleuteld:
            raise ValidationError(self.error_messages["versleuteld"], code="versleuteld")
        if paginas < 1:
            raise ValidationError(self.error_messages["beschadigd"], code="beschadigd")
        if not schoon:
            raise ValidationError(self.error_messages["aangehangen"], code="aangehangen")
        if actief:
            raise ValidationError(self.error_messages["actieve_inhoud"], code="actieve_inhoud",
                                  params={"wat": _opsomming(actief)})


def _opsomming(delen: list[str]) -> str:
    if len(delen) == 1:
        return delen[0]
    return _("%(eerste)s en %(laatste)s") % {"eerste": ", ".join(delen[:-1]), "laatste": delen[-1]}


def _lees_pdf(bestand) -> tuple[bool, int, list[str], bool]:
    """(encrypted?, number of pages, active content found, nothing after the final %%EOF?). pypdf seeks to the
    xref, the page tree and the dictionaries a reader acts on; content streams, images and attachments are not
    read. Repairing a broken xref does scan the whole file, but only after the size limit has been checked."""
    schoon = _staart_schoon(bestand)
    reader = PdfReader(bestand)
    if reader.is_encrypted:
        return True, 0, [], schoon
    return False, len(reader.pages), _actieve_inhoud(reader), schoon


# Actions a PDF reader may run by itself or on a click, which a document for a tender never needs (issue 9):
# scripts, starting a program, fetching or sending data, and opening other files.
GEVAARLIJKE_ACTIES = {"/JavaScript": _("JavaScript"), "/Launch": _("een opdracht die een programma start"),
                      "/ImportData": _("het inlezen van gegevens"),
                      "/SubmitForm": _("het verzenden van een formulier"),
                      "/GoToE": _("het openen van een ingesloten bestand"), "/Rendition": _("multimedia met script"),
                      "/RichMediaExecute": _("multimedia met script")}
# Data after the final %%EOF: a PDF with another file stuck on (a polyglot). Only whitespace may follow it.
STAART_BYTES = 1024


def _actieve_inhoud(reader) -> list[str]:
    """What the PDF would run or carry besides its pages: found by walking the places a reader acts on (the
    catalogue's OpenAction, its additional actions and name trees, each page's additional actions and the
    actions, additional actions and file attachments of its annotations), never the content streams."""
    gevonden: list[str] = []

    def actie(obj, diepte=0):
        obj = obj.get_object() if hasattr(obj, "get_object") else obj
        if not hasattr(obj, "get") or diepte > 20:
            return
        soort = obj.get("/S")
        if soort in GEVAARLIJKE_ACTIES:
            gevonden.append(GEVAARLIJKE_ACTIES[soort])
        elif "/JS" in obj:
            gevonden.append(_("JavaScript"))
        volgende = obj.get("/Next")
        volgende = volgende.get_object() if hasattr(volgende, "get_object") else volgende
        for stap in (volgende if isinstance(volgende, list) else [volgende] if volgende is not None else []):
            actie(stap, diepte + 1)

    def extra_acties(obj):
        aa = obj.get("/AA")
        aa = aa.get_object() if hasattr(aa, "get_object") else aa
        if hasattr(aa, "values"):
            for a in aa.values():
                actie(a)

    root = reader.trailer["/Root"].get_object()
    openactie = root.get("/OpenAction")
    openactie = openactie.get_object() if hasattr(openactie, "get_object") else openactie
    if hasattr(openactie, "get"):  # an action, not a destination to open at
        actie(openactie)
        if not gevonden:
            gevonden.append(_("een actie bij het openen"))
    extra_acties(root)
    namen = root.get("/Names")
    namen = namen.get_object() if hasattr(namen, "get_object") else namen
    if hasattr(namen, "get"):
        if "/JavaScript" in namen:
            gevonden.append(_("JavaScript"))
        if "/EmbeddedFiles" in namen:
            gevonden.append(_("ingesloten bestanden"))
    if "/AcroForm" in root and "/XFA" in (root["/AcroForm"].get_object() or {}):
        gevonden.append(_("een XFA-formulier"))
    for pagina in reader.pages:
        extra_acties(pagina)
        for annotatie in pagina.get("/Annots") or []:
            annotatie = annotatie.get_object()
            if annotatie.get("/Subtype") == "/FileAttachment":
                gevonden.append(_("ingesloten bestanden"))
            if "/A" in annotatie:
                actie(annotatie["/A"])
            extra_acties(annotatie)
    return list(dict.fromkeys(str(wat) for wat in gevonden))


def _staart_schoon(bestand) -> bool:
    """Nothing but whitespace after the final %%EOF (an incremental update ends in its own %%EOF)."""
    bestand.seek(0, 2)
    lengte = bestand.tell()
    bestand.seek(max(0, lengte - STAART_BYTES))
    staart = bestand.read(STAART_BYTES)
    bestand.seek(0)
    einde = staart.rfind(b"%%EOF")
    return einde >= 0 and not staart[einde + 5:].strip(PDF_WITRUIMTE)


# Characters that are unsafe in a filename on some system, or significant in HTML.
_VERBODEN_TEKENS = set('<>:"/\\|?*&\'`')
_WINDOWS_GERESERVEERD = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                         *(f"LPT{i}" for i in range(1, 10))}
WEERGAVENAAM_MAX = 150


def veilige_weergavenaam(naam: str) -> str:
    """The original filename, cleaned for display (and a download name): no directory, no control or
    direction characters, nothing HTML- or filesystem-significant; spaces and accented letters stay.
    At most 150 characters, always ending in ``.pdf``; ``document.pdf`` when nothing is left."""
    naam = unicodedata.normalize("NFC", naam or "")
    # Browsers on Windows used to send the full path; any / or \ means a path, keep the last part.
    naam = re.split(r"[\\/]", naam)[-1]
    tekens = []
    for teken in naam:
        categorie = unicodedata.category(teken)
        if teken.isspace() or categorie.startswith("Z"):
            tekens.append(" ")
        elif categorie.startswith("C") or teken in _VERBODEN_TEKENS:
            # Control, format (e.g. U+202E right-to-left override, used to disguise ".exe"), unassigned.
            continue
        else:
            tekens.append(teken)
    naam = re.sub(r" +", " ", "".join(tekens)).strip()

    # The extension is written back in lower case below; a name without one gets it (the content is a PDF).
    stam = naam[:-4] if naam.lower().endswith(".pdf") else naam
    # No hidden files ("..", ".pdf"), no trailing dots or spaces (Windows drops them).
    stam = stam.strip(" .")[: WEERGAVENAAM_MAX - 4].rstrip(" .")
    if not stam:
        return "document.pdf"
    if PurePath(stam).stem.upper() in _WINDOWS_GERESERVEERD:
        stam = f"_{stam}"[: WEERGAVENAAM_MAX - 4]
    return f"{stam}.pdf"


@dataclass(frozen=True)
class OpgeslagenBestand:
    naam: str
    grootte: int
    sha256: str


def bewaar_pdf(upload, *, map: str) -> OpgeslagenBestand:
    """Store a validated upload in private storage as ``<map>/<random>.pdf``; return name, size, SHA-256.

    The hash was computed while the upload arrived (``uploadhandlers.HashendeUploadHandler``), or else in one
    streaming pass here; then the storage moves the temporary file into place (or, for an upload held in memory,
    writes it chunk by chunk). The original filename is never used as path.
    """
    if getattr(upload, "sha256", None):  # hashed while it arrived (uploadhandlers.py)
        sha256, grootte = upload.sha256, upload.size
    else:
        teller = hashlib.sha256()
        grootte = 0
        for chunk in upload.chunks():
            teller.update(chunk)
            grootte += len(chunk)
        sha256 = teller.hexdigest()
    upload.seek(0)
    naam = prive_opslag.save(f"{map.strip('/')}/{uuid4().hex}.pdf", upload)
    return OpgeslagenBestand(naam=naam, grootte=grootte, sha256=sha256)
