"""Every upload is scanned by ClamAV through clamd (issue 9, item 7): a real clamd, started by ``scripts/testenv.py``
with the local signature database ``scripts/clamav/eicar.ndb`` (no signature download is possible here;
production runs freshclam), reached through ``CLAMD_URL`` as in production.

A PDF carrying the EICAR test signature is refused with a Dutch message beside the field and nothing is stored;
a clean PDF passes; when clamd cannot be reached the upload is refused too (fail closed), and what was typed stays;
``check --deploy`` warns when no scanner is configured.
"""

import hashlib
import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, StreamObject

from inschrijving import virusscan
from inschrijving.apps import virusscan_ingesteld
from inschrijving.models import Document
from inschrijving.uploads import PdfBestandField
from tests.inschrijving.maak import nieuwe_inschrijving
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
def test_op_de_uploadpagina_wordt_niets_opgeslagen_en_staat_de_melding_bij_het_veld(client):
    inschrijving, bestuurder = nieuwe_inschrijving("3")
    client.force_login(bestuurder)
    url = reverse("inschrijving:document", args=[inschrijving.pk, "polisblad"])
    antwoord = client.post(url, {"bestand": SimpleUploadedFile("polis.pdf", _besmette_pdf()),
                                 "verzekeringnemer": "Zorg B.V.", "verzekerd_bedrag": "2500000"})
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert f"In dit bestand is schadelijke inhoud gevonden ({SIGNATUUR})" in html
    assert 'value="Zorg B.V."' in html  # what was typed stays
    assert not Document.objects.filter(inschrijving=inschrijving).exists()


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


@pytest.mark.django_db
def test_de_upload_wordt_gescand_en_gehasht_terwijl_hij_binnenkomt(client, monkeypatch):
    """The upload handler streams the body to clamd and hashes it in the pass that writes it to disk (issue 10: a 25
    MB document read once, not three times). Reading the stored temporary file again for the scan or the hash fails
    this test."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    inschrijving, bestuurder = nieuwe_inschrijving("3")
    client.force_login(bestuurder)
    url = reverse("inschrijving:document", args=[inschrijving.pk, "statuten"])

    def niet_nog_eens(*_args, **_kwargs):
        raise AssertionError("het bestand werd na ontvangst nog eens gelezen voor de scan of de hash")

    monkeypatch.setattr(virusscan, "scan", niet_nog_eens)
    monkeypatch.setattr(TemporaryUploadedFile, "chunks", niet_nog_eens)
    besmet = client.post(url, {"bestand": SimpleUploadedFile("statuten.pdf", _besmette_pdf())})
    assert f"In dit bestand is schadelijke inhoud gevonden ({SIGNATUUR})" in besmet.content.decode()
    inhoud = maak_pdf()
    schoon = client.post(url, {"bestand": SimpleUploadedFile("statuten.pdf", inhoud)})
    assert schoon.status_code == 302, schoon.content.decode()[:2000]
    document = Document.objects.get(inschrijving=inschrijving)
    assert document.sha256 == hashlib.sha256(inhoud).hexdigest()
    with document.bestand.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == document.sha256


@pytest.mark.django_db
def test_via_de_uploadpagina_zonder_bereikbare_scanner_geweigerd(client, tmp_path):
    inschrijving, bestuurder = nieuwe_inschrijving("3")
    client.force_login(bestuurder)
    url = reverse("inschrijving:document", args=[inschrijving.pk, "statuten"])
    with override_settings(CLAMD_URL=f"unix://{tmp_path / 'geen-clamd.sock'}"):
        antwoord = client.post(url, {"bestand": SimpleUploadedFile("statuten.pdf", maak_pdf())})
    assert "Het bestand kon nu niet op virussen worden gescand" in antwoord.content.decode()
    assert not Document.objects.filter(inschrijving=inschrijving).exists()
