"""Every upload is scanned by ClamAV through clamd (issue 9, item 7): a real clamd, started by ``scripts/testenv.py``
with the local signature database ``scripts/clamav/eicar.ndb`` (no signature download is possible here;
production runs freshclam), reached through ``CLAMD_URL`` as in production.

A file scanned by its form field before acceptance (a gesprek's or inregeling's document): a PDF carrying the EICAR
test signature is refused with a Dutch message beside the field; a clean PDF passes; when clamd cannot be reached the
upload is refused too (fail closed). ``check --deploy`` warns when no scanner is configured. An inschrijving's
documents are scanned after they are stored: ``tests/inschrijving/test_scan_na_upload.py``.
"""

import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, StreamObject

from inschrijving import virusscan
from inschrijving.apps import virusscan_ingesteld
from inschrijving.uploads import PdfBestandField
from tests.pdfs import maak_pdf

# The EICAR anti-virus test string, in two parts so this file itself is not flagged.
EICAR = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*").encode()
SIGNATUUR = "Eicar-Test-Signature.UNOFFICIAL"


class Formulier(forms.Form):
    bestand = PdfBestandField()


def _besmette_pdf() -> bytes:
    """A real, readable PDF with the EICAR string in an uncompressed stream object, as malware rides along."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(maak_pdf("Polisblad"))))
    stroom = StreamObject()
    stroom.set_data(EICAR)
    stroom[NameObject("/Type")] = NameObject("/Metadata")
    writer._add_object(stroom)
    uit = io.BytesIO()
    writer.write(uit)
    inhoud = uit.getvalue()
    assert EICAR in inhoud and len(PdfReader(io.BytesIO(inhoud)).pages) == 1
    return inhoud


def _fouten(inhoud: bytes) -> list[str]:
    formulier = Formulier(data={}, files={"bestand": SimpleUploadedFile("polis.pdf", inhoud)})
    return [] if formulier.is_valid() else formulier.errors["bestand"]


def test_de_testomgeving_scant_met_een_echte_clamd():
    assert virusscan.ingeschakeld()
    assert virusscan.scan(io.BytesIO(maak_pdf())) == virusscan.Uitslag(True)
    assert virusscan.scan(io.BytesIO(_besmette_pdf())) == virusscan.Uitslag(False, SIGNATUUR)


def test_een_besmette_pdf_wordt_geweigerd_en_een_schone_geaccepteerd():
    assert _fouten(_besmette_pdf()) == [
        f"In dit bestand is schadelijke inhoud gevonden ({SIGNATUUR}). Het is niet opgeslagen. Upload een schone "
        "versie van het document."]
    assert _fouten(maak_pdf()) == []


@pytest.mark.django_db
def test_zonder_bereikbare_scanner_wordt_de_upload_geweigerd_niet_ongescand_aanvaard(client, tmp_path):
    with override_settings(CLAMD_URL=f"unix://{tmp_path / 'geen-clamd.sock'}"):
        assert _fouten(maak_pdf()) == [
            "Het bestand kon nu niet op virussen worden gescand en is daarom niet opgeslagen. Probeer het over "
            "enkele minuten opnieuw; wat u heeft ingevuld, blijft staan."]
    with override_settings(CLAMD_URL="tcp://127.0.0.1:9"):  # nothing listens on the discard port
        assert len(_fouten(maak_pdf())) == 1


def test_check_deploy_waarschuwt_zonder_scanner():
    with override_settings(CLAMD_URL=""):
        assert [w.id for w in virusscan_ingesteld(None)] == ["wlz.W001"]
        assert not virusscan.ingeschakeld()
        assert _fouten(maak_pdf()) == []  # the laptop default: no scanner, no scan
    with override_settings(CLAMD_URL="tcp://clamav:3310"):
        assert virusscan_ingesteld(None) == []
