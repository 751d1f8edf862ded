"""After an upload the overview shows the virus scan running and follows it without a reload (issue 10: the scan
runs in a task after the upload; the list asks for itself again with htmx while a scan is pending), in Chromium."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inschrijving import scannen, services
from inschrijving.models import Document, DocumentType
from tests.e2e.hulp import inloggen
from tests.factories import WACHTWOORD
from tests.inschrijving.maak import nieuwe_inschrijving
from tests.pdfs import maak_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_het_overzicht_volgt_de_scan_zonder_herladen(page, monkeypatch):
    inschrijving, bestuurder = nieuwe_inschrijving("3")
    documenttype = DocumentType.objects.get(regelset=inschrijving.ronde.regelset, code="statuten")
    # Not queued: the suite's Celery worker would scan it before the page is open. This test scans it itself, at
    # the moment it chooses (tests/inschrijving/test_scan_na_upload.py shows the worker doing it).
    monkeypatch.setattr(scannen, "_in_de_wachtrij", lambda _pk: None)
    document = services.document_toevoegen(inschrijving=inschrijving, documenttype=documenttype,
                                           upload=SimpleUploadedFile("statuten.pdf", maak_pdf("Statuten")),
                                           gegevens={}, door=bestuurder)
    assert document.scan == Document.Scan.WACHTEND
    inloggen(page, bestuurder.username, WACHTWOORD)
    page.wait_for_url("**/aanbieder/")
    overzicht = reverse("inschrijving:overzicht", args=[inschrijving.pk])
    page.goto(overzicht)
    badge = page.get_by_test_id("scan-wachtend")
    assert badge.is_visible()
    laadtijd = page.evaluate("performance.timeOrigin")

    scannen.scannen(document.pk)  # as the Celery task does

    badge.wait_for(state="detached", timeout=10_000)
    assert page.get_by_role("link", name="statuten.pdf").is_visible()
    assert page.get_by_test_id("documenten-volgen").count() == 0  # polling stopped
    assert page.evaluate("performance.timeOrigin") == laadtijd  # the same page, not reloaded
    assert page.url.endswith(overzicht)
