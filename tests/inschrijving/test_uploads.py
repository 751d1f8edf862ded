"""The upload core (inschrijving/uploads.py): only real, readable, unencrypted PDFs within the size limit
pass the form field, without the upload being read whole; display names are safe; storage is private,
streamed and hashed."""

import hashlib
import io
import shutil
import struct
import tracemalloc
import zlib
from pathlib import Path
from unittest import mock

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile, UploadedFile
from django.test import override_settings
from django.utils import translation

from inschrijving import uploads
from inschrijving.opslag import prive_opslag
from inschrijving.uploads import OpgeslagenBestand, PdfBestandField, bewaar_pdf, veilige_weergavenaam
from tests.pdfs import MB, maak_grote_pdf, maak_pdf, maak_pdf_zonder_paginas, maak_versleutelde_pdf

GEEN_PDF = "Dit bestand is geen PDF. Upload het document als PDF-bestand."
VERSLEUTELD = "Dit PDF-bestand is beveiligd met een wachtwoord of versleuteld. Upload een onbeveiligde versie."
BESCHADIGD = "Dit PDF-bestand is beschadigd of onleesbaar."
EXTENSIE = "Alleen PDF-bestanden zijn toegestaan: de bestandsnaam moet eindigen op .pdf."


class DocumentFormulier(forms.Form):
    bestand = PdfBestandField(label="Statuten")


@pytest.fixture(autouse=True)
def nederlands():
    with translation.override("nl"):
        yield


@pytest.fixture(scope="module")
def pdf():
    return maak_pdf()


def tijdelijke_upload(inhoud: bytes | Path, naam: str = "statuten.pdf") -> TemporaryUploadedFile:
    """An upload as the project's TemporaryFileUploadHandler delivers it: on disk, in a temp file."""
    grootte = inhoud.stat().st_size if isinstance(inhoud, Path) else len(inhoud)
    upload = TemporaryUploadedFile(naam, "application/pdf", grootte, None)
    if isinstance(inhoud, Path):
        with inhoud.open("rb") as bron:
            shutil.copyfileobj(bron, upload.file)
    else:
        upload.write(inhoud)
    upload.flush()
    upload.seek(0)
    return upload


def fouten(upload) -> list[str]:
    formulier = DocumentFormulier(data={}, files={"bestand": upload})
    assert not formulier.is_valid()
    return formulier.errors["bestand"]


def png() -> bytes:
    """A real 1×1 PNG image."""
    def blok(soort, data):
        return struct.pack(">I", len(data)) + soort + data + struct.pack(">I", zlib.crc32(soort + data))

    return (b"\x89PNG\r\n\x1a\n" + blok(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + blok(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + blok(b"IEND", b""))


# --- what passes ---------------------------------------------------------------------------------------

def test_echte_pdf_in_het_geheugen_wordt_geaccepteerd(pdf):
    formulier = DocumentFormulier(data={}, files={"bestand": SimpleUploadedFile("statuten.pdf", pdf)})
    assert formulier.is_valid(), formulier.errors
    upload = formulier.cleaned_data["bestand"]
    assert upload.tell() == 0  # ready to be stored from the start


def test_pdf_met_hoofdletterextensie_wordt_geaccepteerd(pdf):
    assert DocumentFormulier(data={}, files={"bestand": SimpleUploadedFile("STATUTEN.PDF", pdf)}).is_valid()


def test_tijdelijk_bestand_wordt_gecontroleerd_zonder_het_geheel_te_lezen(tmp_path):
    """The production path: a 2 MB upload on disk. The field reads at most the first 2 KiB itself, and hands
    pypdf an open file handle (given a path, pypdf would read the whole file into memory)."""
    upload = tijdelijke_upload(maak_grote_pdf(2, tmp_path / "groot.pdf"))
    gelezen = []
    echte_read = upload.file.read

    def read(*args):
        gelezen.append(args)
        return echte_read(*args)

    try:
        with mock.patch.object(upload.file, "read", read), \
                mock.patch.object(uploads, "PdfReader", wraps=uploads.PdfReader) as lezer:
            formulier = DocumentFormulier(data={}, files={"bestand": upload})
            assert formulier.is_valid(), formulier.errors
        assert gelezen and all(args and 0 < args[0] <= 2048 for args in gelezen), gelezen
        bron = lezer.call_args.args[0]
        assert not isinstance(bron, str | Path) and hasattr(bron, "seek")
    finally:
        upload.close()


def test_widget_vraagt_de_browser_om_alleen_pdfs():
    assert 'accept="application/pdf,.pdf"' in str(DocumentFormulier()["bestand"])


# --- what is refused, with the message beside the field -----------------------------------------------

@pytest.mark.parametrize("inhoud", [
    pytest.param(png(), id="png"),
    pytest.param("Notulen van de ledenvergadering, 12 maart, Café De Brug.\n".encode(), id="tekst"),
    pytest.param(b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), id="zip-docx"),
    # Something else with a PDF header tucked inside (a polyglot): the header must come first.
    pytest.param(b"<html><body>%PDF-1.7 hallo</body></html>", id="html-met-pdf-kop"),
])
def test_geen_pdf_met_pdf_extensie_wordt_geweigerd(inhoud):
    assert fouten(SimpleUploadedFile("statuten.pdf", inhoud)) == [GEEN_PDF]


def test_pdf_met_andere_extensie_wordt_geweigerd(pdf):
    assert fouten(SimpleUploadedFile("statuten.exe", pdf)) == [EXTENSIE]
    assert fouten(SimpleUploadedFile("statuten.pdf.exe", pdf)) == [EXTENSIE]


@override_settings(WLZ_MAX_UPLOAD_MB=1)
def test_te_groot_bestand_wordt_geweigerd(tmp_path):
    upload = tijdelijke_upload(maak_grote_pdf(2, tmp_path / "groot.pdf"))
    try:
        assert fouten(upload) == ["Het bestand is 2,0 MB; de grens is 1 MB."]
    finally:
        upload.close()


class OnleesbaarBestand(io.RawIOBase):
    """A file that fails the test the moment anything tries to read or seek it."""

    def readable(self):
        return True

    def read(self, *args):
        raise AssertionError("de inhoud is gelezen voordat de grootte was gecontroleerd")

    readinto = readall = seek = tell = read


@override_settings(WLZ_MAX_UPLOAD_MB=25)
def test_grootte_wordt_gecontroleerd_voordat_er_iets_gelezen_wordt():
    upload = UploadedFile(OnleesbaarBestand(), name="scan.pdf", content_type="application/pdf",
                          size=int(31.2 * MB))
    assert fouten(upload) == ["Het bestand is 31,2 MB; de grens is 25 MB."]


@override_settings(WLZ_MAX_UPLOAD_MB=1)
def test_net_over_de_grens_leest_niet_als_gelijk_aan_de_grens():
    upload = UploadedFile(OnleesbaarBestand(), name="scan.pdf", size=MB + 1)
    assert fouten(upload) == ["Het bestand is 1,1 MB; de grens is 1 MB."]


def test_grens_per_veld_gaat_voor_de_instelling(pdf):
    class KleinFormulier(forms.Form):
        bestand = PdfBestandField(max_mb=0)

    formulier = KleinFormulier(data={}, files={"bestand": SimpleUploadedFile("a.pdf", pdf)})
    assert not formulier.is_valid()
    assert formulier.errors["bestand"][0].endswith("de grens is 0 MB.")


def test_versleutelde_pdf_wordt_geweigerd():
    assert fouten(SimpleUploadedFile("statuten.pdf", maak_versleutelde_pdf())) == [VERSLEUTELD]


def test_versleutelde_pdf_op_schijf_wordt_geweigerd():
    upload = tijdelijke_upload(maak_versleutelde_pdf())
    try:
        assert fouten(upload) == [VERSLEUTELD]
    finally:
        upload.close()


@pytest.mark.parametrize("inhoud", [
    pytest.param(b"%PDF-1.7\n garbage", id="alleen-kop"),
    pytest.param(b"%PDF-1.7\n" + bytes(range(256)) * 8, id="kop-en-binaire-rommel"),
    pytest.param(maak_pdf_zonder_paginas(), id="geen-paginas"),
])
def test_beschadigde_pdf_wordt_geweigerd(inhoud):
    assert fouten(SimpleUploadedFile("statuten.pdf", inhoud)) == [BESCHADIGD]


def test_beschadigde_pdf_op_schijf_wordt_geweigerd():
    upload = tijdelijke_upload(b"%PDF-1.7\n garbage")
    try:
        assert fouten(upload) == [BESCHADIGD]
    finally:
        upload.close()


def test_leeg_bestand_wordt_geweigerd():
    formulier = DocumentFormulier(data={}, files={"bestand": SimpleUploadedFile("statuten.pdf", b"")})
    assert not formulier.is_valid()
    assert formulier.errors.as_data()["bestand"][0].code == "empty"


def test_geen_bestand_is_verplicht():
    formulier = DocumentFormulier(data={}, files={})
    assert not formulier.is_valid()
    assert formulier.errors.as_data()["bestand"][0].code == "required"


# --- veilige_weergavenaam ------------------------------------------------------------------------------

@pytest.mark.parametrize(("origineel", "verwacht"), [
    # A name with / or \ is a path: only the last part is the name.
    ("../../etc/<script>alert(1)</script>rapport.pdf", "scriptrapport.pdf"),
    ("<script>alert(1)<script>rapport.pdf", "scriptalert(1)scriptrapport.pdf"),
    ("C:\\Users\\jan\\Documenten\\Statuten 2024.pdf", "Statuten 2024.pdf"),
    ("Jaarrekening Zorggroep Één & Co \"definitief\".pdf", "Jaarrekening Zorggroep Één Co definitief.pdf"),
    ("Verklaring  \t omtrent\nhet gedrag.PDF", "Verklaring omtrent het gedrag.pdf"),
    ("polis\x00\x1b[31m.pdf", "polis[31m.pdf"),
    ("factuur\u202efdp.exe", "factuurfdp.exe.pdf"),  # right-to-left override removed
    ("café-crème_(concept).pdf", "café-crème_(concept).pdf"),
    ("cafe\u0301.pdf", "café.pdf"),  # decomposed accent composed
    ("a:b|c?d*e.pdf", "abcde.pdf"),
    ("  ..verborgen.pdf", "verborgen.pdf"),
    ("rapport. .pdf", "rapport.pdf"),
    ("CON.pdf", "_CON.pdf"),
    ("", "document.pdf"),
    (".pdf", "document.pdf"),
    ("<>/\\.pdf", "document.pdf"),
    ("../", "document.pdf"),
])
def test_veilige_weergavenaam(origineel, verwacht):
    assert veilige_weergavenaam(origineel) == verwacht


def test_veilige_weergavenaam_houdt_lange_namen_op_150_tekens_met_extensie():
    naam = veilige_weergavenaam("Ondernemingsplan " + "zorg " * 60 + "bijlage.pdf")
    assert len(naam) <= 150
    assert naam.endswith("zorg.pdf") and not naam.endswith(" .pdf")


# --- bewaar_pdf ----------------------------------------------------------------------------------------

@pytest.fixture
def opgeslagen():
    """Names stored during the test, removed afterwards from the (shared) private storage."""
    namen = []
    yield namen
    for naam in namen:
        prive_opslag.delete(naam)


def test_bewaar_pdf_uit_het_geheugen(pdf, opgeslagen):
    resultaat = bewaar_pdf(SimpleUploadedFile("Statuten <definitief>.pdf", pdf), map="documenten/42")
    opgeslagen.append(resultaat.naam)

    assert isinstance(resultaat, OpgeslagenBestand)
    assert resultaat.sha256 == hashlib.sha256(pdf).hexdigest()
    assert resultaat.grootte == len(pdf)
    # A random name under the map: the user's filename never becomes a path.
    assert resultaat.naam.startswith("documenten/42/") and resultaat.naam.endswith(".pdf")
    assert "Statuten" not in resultaat.naam
    pad = Path(prive_opslag.path(resultaat.naam))
    assert pad.read_bytes() == pdf
    # Private storage: under PRIVATE_STORAGE_ROOT, never under a public URL.
    assert pad.is_relative_to(Path(settings.PRIVATE_STORAGE_ROOT))
    assert not pad.is_relative_to(Path(settings.MEDIA_ROOT)) and not pad.is_relative_to(settings.STATIC_ROOT)


def test_bewaar_pdf_van_schijf_streamt_en_hasht(tmp_path, opgeslagen):
    bron = maak_grote_pdf(3, tmp_path / "groot.pdf")
    upload = tijdelijke_upload(bron)
    try:
        resultaat = bewaar_pdf(upload, map="documenten/7")
        opgeslagen.append(resultaat.naam)
    finally:
        upload.close()  # the temp file was moved into place; closing must not fail

    inhoud = bron.read_bytes()
    assert resultaat.sha256 == hashlib.sha256(inhoud).hexdigest()
    assert resultaat.grootte == len(inhoud) == 3 * MB
    assert Path(prive_opslag.path(resultaat.naam)).read_bytes() == inhoud


GROTE_UPLOAD_MB = 20
# The peak of Python allocations while a 20 MB upload is checked and stored. Streaming needs a few 64 KiB
# chunks plus pypdf's parse of the trailer and page tree (measured: 0.3 MB); reading the upload whole
# needs at least the 20 MB itself. 4 MB leaves a wide margin on both sides.
GEHEUGENGRENS = 4 * MB


def test_grote_upload_van_schijf_wordt_gecontroleerd_en_bewaard_zonder_hem_in_het_geheugen_te_lezen(
        tmp_path, opgeslagen):
    """The production path for a large document: a 20 MB PDF arrives as a TemporaryUploadedFile on disk (the
    project's only upload handler), passes the form field and is stored by bewaar_pdf. The peak of Python's
    allocations during the check and the store stays a small fraction of the file, and what is stored is
    the file, byte for byte (hash and size)."""
    bron = maak_grote_pdf(GROTE_UPLOAD_MB, tmp_path / "bijlagen.pdf")
    with bron.open("rb") as fh:
        verwacht_sha256 = hashlib.file_digest(fh, "sha256").hexdigest()
    upload = tijdelijke_upload(bron, naam="Bijlagen bij het ondernemingsplan.pdf")
    assert isinstance(upload, TemporaryUploadedFile) and upload.size == GROTE_UPLOAD_MB * MB
    tracemalloc.start()
    try:
        voor, _piek = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        formulier = DocumentFormulier(data={}, files={"bestand": upload})
        geldig = formulier.is_valid()
        resultaat = bewaar_pdf(formulier.cleaned_data["bestand"], map="documenten/groot") if geldig else None
        _nu, piek = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        upload.close()
    assert geldig, formulier.errors
    opgeslagen.append(resultaat.naam)

    assert piek - voor < GEHEUGENGRENS, f"piek {(piek - voor) / MB:.1f} MB bij een upload van {GROTE_UPLOAD_MB} MB"
    assert resultaat.grootte == GROTE_UPLOAD_MB * MB
    assert resultaat.sha256 == verwacht_sha256
    pad = Path(prive_opslag.path(resultaat.naam))
    assert pad.stat().st_size == GROTE_UPLOAD_MB * MB
    with pad.open("rb") as fh:
        assert hashlib.file_digest(fh, "sha256").hexdigest() == verwacht_sha256


def test_bewaar_pdf_geeft_elke_versie_een_eigen_naam(pdf, opgeslagen):
    eerste = bewaar_pdf(SimpleUploadedFile("statuten.pdf", pdf), map="documenten/1")
    tweede = bewaar_pdf(SimpleUploadedFile("statuten.pdf", pdf), map="documenten/1")
    opgeslagen.extend([eerste.naam, tweede.naam])
    assert eerste.naam != tweede.naam
    assert eerste.sha256 == tweede.sha256
