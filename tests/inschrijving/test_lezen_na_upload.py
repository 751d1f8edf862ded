"""Issue 11: every upload is read after its virus scan (a Celery task), the reading is bound to the file's SHA-256,
and the aanbieder sees what the document says beside what was typed in the voorcontrole — before the deadline, so a
wrong uittreksel is replaced while it still can be."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from inschrijving import lezingen, services, tasks
from inschrijving.models import Document, Lezing
from inschrijving.voorbeeld import echt_document, geldige_gegevens
from lezen import voorbeelden
from tests.conftest import wacht_tot
from tests.factories import WACHTWOORD
from tests.inschrijving.maak import volledige_inschrijving
from tests.pdfs import maak_pdf

pytestmark = pytest.mark.django_db


def _upload(client, inschrijving, code, inhoud, **gegevens):
    url = reverse("inschrijving:document", args=[inschrijving.pk, code])
    velden = {k: v.isoformat() if isinstance(v, date) else v
              for k, v in {**geldige_gegevens(code, inschrijving), **gegevens}.items()}
    antwoord = client.post(url, {"bestand": SimpleUploadedFile(f"{code}.pdf", inhoud), **velden}, follow=True)
    assert antwoord.status_code == 200, antwoord.content.decode()[:2000]
    return antwoord, Document.objects.get(inschrijving=inschrijving, documenttype__code=code,
                                          vervangen_op__isnull=True)


def _gescand_en_gelezen(document):
    tasks.document_scannen(document.pk)
    tasks.document_lezen(document.pk)
    return Lezing.objects.get(sha256=document.sha256, documenttype_code=document.documenttype.code)


def _voorcontrole(client, inschrijving):
    return client.get(reverse("inschrijving:voorcontrole", args=[inschrijving.pk])).content.decode()


def test_de_aanbieder_ziet_een_uittreksel_van_een_andere_rechtspersoon_en_vervangt_het(client):
    inschrijving, bestuurder = volledige_inschrijving("3")
    client.force_login(bestuurder)
    gegevens = geldige_gegevens("kvk_uittreksel", inschrijving)
    fout = echt_document("kvk_uittreksel", inschrijving, gegevens, statutaire_naam="Stichting Heel Iets Anders")
    _antwoord, document = _upload(client, inschrijving, "kvk_uittreksel", fout)
    lezing = _gescand_en_gelezen(document)
    assert lezing.status == Lezing.Status.GELEZEN and lezing.feiten["statutaire_naam"]["waarde"] == (
        "Stichting Heel Iets Anders")
    assert lezing.paginas[0]["bron"] == "tekstlaag" and "Uittreksel Handelsregister" in lezing.paginas[0]["tekst"]
    pagina = _voorcontrole(client, inschrijving)
    assert 'data-regel="inhoud.kvk_uittreksel.rechtspersoon" data-uitkomst="signaal"' in pagina
    assert "Op het document staat &#x27;Stichting Heel Iets Anders&#x27;" in pagina
    assert 'data-testid="bewijs-fragment"' in pagina and f"{document.pk}/?inline=1#page=1" in pagina
    assert "Inkoopkader Wlz 2022 §4.9" in pagina  # the source in words, not "002 §4.9"
    # Replaced in time with the right one: read again (a new file), and the signal is gone.
    _antwoord, nieuw = _upload(client, inschrijving, "kvk_uittreksel", echt_document("kvk_uittreksel", inschrijving,
                                                                                     gegevens))
    _gescand_en_gelezen(nieuw)
    pagina = _voorcontrole(client, inschrijving)
    assert 'data-regel="inhoud.kvk_uittreksel.rechtspersoon" data-uitkomst="voldoet"' in pagina


def test_lezen_wacht_op_de_scan_en_een_bestand_wordt_eenmaal_gelezen(client):
    inschrijving, bestuurder = volledige_inschrijving("3")
    client.force_login(bestuurder)
    inhoud = echt_document("polisblad", inschrijving, geldige_gegevens("polisblad", inschrijving))
    _antwoord, document = _upload(client, inschrijving, "polisblad", inhoud)
    assert document.scan == Document.Scan.WACHTEND
    assert lezingen.lezen(document.pk) is None and not Lezing.objects.exists()  # nothing read before its scan
    overzicht = client.get(reverse("inschrijving:overzicht", args=[inschrijving.pk])).content.decode()
    assert 'data-testid="scan-wachtend"' in overzicht
    tasks.document_scannen(document.pk)
    overzicht = client.get(reverse("inschrijving:overzicht", args=[inschrijving.pk])).content.decode()
    assert 'data-testid="wordt-gelezen"' in overzicht and 'data-testid="documenten-volgen"' in overzicht
    eerste = _gescand_en_gelezen(document)
    overzicht = client.get(reverse("inschrijving:overzicht", args=[inschrijving.pk])).content.decode()
    assert 'data-testid="wordt-gelezen"' not in overzicht
    # The same file uploaded again: a new version, the same reading — not a second one.
    _antwoord, tweede = _upload(client, inschrijving, "polisblad", inhoud)
    assert tweede.pk != document.pk and tweede.sha256 == document.sha256
    tasks.document_scannen(tweede.pk)
    assert lezingen.lezen(tweede.pk) == eerste and Lezing.objects.count() == 1
    assert eerste.document_id == document.pk and eerste.feiten["verzekerd_bedrag"]["waarde"] == "2500000.00"
    # The reading belongs to the bytes: the row it was first read from may go (a concept's document removed, a test
    # building its scenario), the reading of the same file stays for the version that remains.
    document.delete()
    eerste.refresh_from_db()
    assert eerste.document_id is None and lezingen.lezen(tweede.pk) == eerste


def test_hetzelfde_bestand_bij_twee_documenten_wordt_meteen_gemeld(client):
    inschrijving, bestuurder = volledige_inschrijving("3")
    client.force_login(bestuurder)
    inhoud = maak_pdf()
    _upload(client, inschrijving, "statuten", inhoud)
    antwoord, _document = _upload(client, inschrijving, "organogram", inhoud)
    assert "precies hetzelfde bestand als uw Statuten" in antwoord.content.decode()
    pagina = _voorcontrole(client, inschrijving)
    assert 'data-regel="inhoud.organogram.dubbel" data-uitkomst="signaal"' in pagina
    assert 'data-regel="inhoud.statuten.dubbel" data-uitkomst="signaal"' in pagina


def test_de_indiening_legt_de_lezing_vast_en_de_beoordeling_vult_later_gelezen_bestanden_aan(client):
    inschrijving, bestuurder = volledige_inschrijving("3")
    client.force_login(bestuurder)
    laag = echt_document("polisblad", inschrijving, geldige_gegevens("polisblad", inschrijving), bedrag=1000000)
    _antwoord, polis = _upload(client, inschrijving, "polisblad", laag)
    _gescand_en_gelezen(polis)
    _antwoord, kvk = _upload(client, inschrijving, "kvk_uittreksel", echt_document(
        "kvk_uittreksel", inschrijving, geldige_gegevens("kvk_uittreksel", inschrijving)))
    tasks.document_scannen(kvk.pk)  # scanned, not yet read when it is submitted
    indiening = services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD)
    documenten = {d["code"]: d for d in indiening.snapshot["documenten"]}
    assert documenten["polisblad"]["lezing"]["feiten"]["verzekerd_bedrag"]["waarde"] == "1000000.00"
    assert documenten["kvk_uittreksel"]["lezing"] is None
    tasks.document_lezen(kvk.pk)
    aangevuld = {d["code"]: d for d in lezingen.met_lezingen(indiening.snapshot)["documenten"]}
    assert aangevuld["kvk_uittreksel"]["lezing"]["feiten"]["kvk_nummer"]["waarde"] == (
        inschrijving.zorgaanbieder.kvk_nummer)
    assert aangevuld["polisblad"]["lezing"] == documenten["polisblad"]["lezing"]  # the sealed reading stays
    indiening.refresh_from_db()
    assert indiening.snapshot["documenten"] == list(documenten.values())  # the record itself is unchanged


def test_beat_zet_wat_nooit_gelezen_werd_in_de_wachtrij(celery_meteen, client):
    inschrijving, bestuurder = volledige_inschrijving("3")
    client.force_login(bestuurder)
    _antwoord, document = _upload(client, inschrijving, "statuten", maak_pdf())
    tasks.document_scannen(document.pk)
    assert tasks.ongelezen_documenten() == 0  # its own task is on its way
    with time_machine.travel(timezone.now() + tasks.LEZEN_TE_LANG * 2):
        assert tasks.ongelezen_documenten() >= 1
    assert Lezing.objects.filter(sha256=document.sha256).exists()


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_een_echte_worker_scant_en_leest_de_upload(client, celery_worker):
    inschrijving, bestuurder = volledige_inschrijving("3")
    client.force_login(bestuurder)
    g = voorbeelden.Gegevens(statutaire_naam=inschrijving.zorgaanbieder.statutaire_naam,
                             kvk_nummer=inschrijving.zorgaanbieder.kvk_nummer)
    _antwoord, document = _upload(client, inschrijving, "kvk_uittreksel",
                                  voorbeelden.als_scan(voorbeelden.tekst_pdf("kvk_uittreksel", g)))
    assert wacht_tot(lambda: Lezing.objects.filter(sha256=document.sha256).exists(), seconden=120), \
        celery_worker.log.read_text()[-3000:]
    lezing = Lezing.objects.get(sha256=document.sha256)
    assert lezing.ocr_paginas == len(lezing.paginas) >= 1
    assert lezing.feiten["kvk_nummer"]["waarde"] == inschrijving.zorgaanbieder.kvk_nummer
    assert "inschrijving.tasks.document_lezen[" in celery_worker.log.read_text()


def test_te_lang_lezen_wordt_vastgelegd_als_niet_gelezen(client, monkeypatch):
    """A scan too long for the task's time limit: recorded as not read ("handmatig"), not retried forever."""
    from celery.exceptions import SoftTimeLimitExceeded

    inschrijving, bestuurder = volledige_inschrijving("3")
    client.force_login(bestuurder)
    _antwoord, document = _upload(client, inschrijving, "statuten", maak_pdf())
    tasks.document_scannen(document.pk)

    def te_lang(*_args, **_kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("lezen.tekst.lees", te_lang)
    lezing = lezingen.lezen(document.pk)
    assert lezing.status == Lezing.Status.ONLEESBAAR and "duurde te lang" in lezing.reden
    assert tasks.ongelezen_documenten() == 0
