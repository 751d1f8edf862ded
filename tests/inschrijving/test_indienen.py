"""Submitting: signing by a tekenbevoegde, the sluitingstijd to the second on every path, immutable
hashed snapshots, withdrawal and resubmission, and the receipt."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inschrijving import services
from inschrijving.dossier import hash_van
from inschrijving.models import Bericht, Document, Indiening, Status
from tests.factories import WACHTWOORD, GebruikerFactory, ZorgkantoorFactory
from tests.inschrijving.maak import pdf_upload, ronde_met_regels, volledige_inschrijving

AMS = ZoneInfo("Europe/Amsterdam")
SLUITING = datetime(2031, 7, 25, 17, 0, 0, tzinfo=AMS)
pytestmark = pytest.mark.django_db


@pytest.fixture
def klaar():
    with time_machine.travel(SLUITING - timedelta(days=10), tick=False):
        zk = ZorgkantoorFactory()
        ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=SLUITING)
        return volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)


def _indienen(inschrijving, door, wachtwoord=WACHTWOORD, **kwargs):
    return services.indienen(inschrijving=inschrijving, door=door, wachtwoord=wachtwoord, **kwargs)


def test_indienen_om_16_59_59_lukt(klaar, django_capture_on_commit_callbacks):
    inschrijving, bestuurder = klaar
    with time_machine.travel(datetime(2031, 7, 25, 16, 59, 59, 999000, tzinfo=AMS), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        indiening = _indienen(inschrijving, bestuurder)
    assert indiening.ingediend_op == datetime(2031, 7, 25, 16, 59, 59, 999000, tzinfo=AMS)
    assert Inschrijving_status(inschrijving) == Status.INGEDIEND
    indiening.refresh_from_db()
    assert indiening.sha256 == hash_van(indiening.snapshot)
    assert indiening.snapshot["indiening"]["ontvangen_op"].startswith("2031-07-25T16:59:59.999")
    assert indiening.ontvangstbewijs_sha256  # the receipt was rendered after commit
    # Every user of the organisation gets the receipt by e-mail.
    assert Bericht.objects.filter(aan=bestuurder.email, bijlage_naam="ontvangstbevestiging-1.pdf").exists()


def Inschrijving_status(inschrijving):
    return type(inschrijving).objects.get(pk=inschrijving.pk).status


def test_indienen_om_17_00_00_geweigerd(klaar):
    inschrijving, bestuurder = klaar
    with time_machine.travel(SLUITING, tick=False), pytest.raises(ValidationError) as fout:
        _indienen(inschrijving, bestuurder)
    assert "gesloten sinds 25-07-2031 17:00:00" in fout.value.messages[0]
    assert not Indiening.objects.exists()


def test_pagina_voor_sluiting_geopend_en_na_sluiting_verstuurd(client, klaar):
    inschrijving, bestuurder = klaar
    url = reverse("inschrijving:indienen", args=[inschrijving.pk])
    with time_machine.travel(SLUITING - timedelta(minutes=5), tick=False):
        client.force_login(bestuurder)
        assert "Ondertekenen en indienen" in client.get(url).content.decode()
    with time_machine.travel(SLUITING + timedelta(seconds=1), tick=False):
        antwoord = client.post(url, {"wachtwoord": WACHTWOORD, "verklaring_juist": "on"}, follow=True)
    assert "De inschrijving is gesloten sinds 25-07-2031 17:00:00" in antwoord.content.decode()
    assert not Indiening.objects.exists()


def test_na_sluiting_kan_niets_meer_op_elk_pad(client, klaar):
    inschrijving, bestuurder = klaar
    statuten = inschrijving.eis().documenten.get(code="statuten")
    document = Document.objects.filter(inschrijving=inschrijving, vervangen_op__isnull=True).first()
    with time_machine.travel(SLUITING, tick=False):
        for actie in (
            lambda: services.document_toevoegen(inschrijving=inschrijving, documenttype=statuten,
                                                upload=pdf_upload(), gegevens={}, door=bestuurder),
            lambda: services.document_gegevens_wijzigen(document=document, gegevens={"rechtspersoon": "x"},
                                                        door=bestuurder),
            lambda: services.intrekken(inschrijving=inschrijving, door=bestuurder),
        ):
            with pytest.raises(ValidationError):
                actie()
        client.force_login(bestuurder)
        for url, data in [
            (reverse("inschrijving:verklaring", args=[inschrijving.pk]),
             {"ondertekenaar_naam": "Ander", "oa-TOTAL_FORMS": 0, "oa-INITIAL_FORMS": 0}),
            (reverse("inschrijving:ondernemingsplan", args=[inschrijving.pk]), {"missie": "Anders"}),
            (reverse("inschrijving:document", args=[inschrijving.pk, "statuten"]), {"bestand": pdf_upload()}),
        ]:
            antwoord = client.post(url, data, follow=True)
            assert "gesloten" in antwoord.content.decode(), url
    inschrijving.bestuursverklaring.refresh_from_db()
    assert inschrijving.bestuursverklaring.ondertekenaar_naam == "Bea Bestuur"
    assert inschrijving.ondernemingsplan.missie == "Goede zorg dichtbij"
    assert Document.objects.filter(inschrijving=inschrijving, documenttype=statuten).count() == 1


def test_alleen_tekenbevoegde_met_juist_wachtwoord(klaar):
    inschrijving, bestuurder = klaar
    medewerker = GebruikerFactory(zorgaanbieder=inschrijving.zorgaanbieder)
    with time_machine.travel(SLUITING - timedelta(hours=1), tick=False):
        with pytest.raises(PermissionDenied):
            _indienen(inschrijving, medewerker)
        with pytest.raises(ValidationError) as fout:
            _indienen(inschrijving, bestuurder, wachtwoord="fout")
        assert "wachtwoord" in fout.value.message_dict
        anderen = GebruikerFactory(tekenbevoegd=True)
        with pytest.raises(PermissionDenied):
            _indienen(inschrijving, anderen)
    assert not Indiening.objects.exists()


def test_bevindingen_vragen_om_bevestiging(klaar):
    inschrijving, bestuurder = klaar
    Document.objects.filter(inschrijving=inschrijving, documenttype__code="statuten").delete()
    with time_machine.travel(SLUITING - timedelta(hours=1), tick=False):
        with pytest.raises(ValidationError) as fout:
            _indienen(inschrijving, bestuurder)
        assert "ondanks_bevindingen" in fout.value.message_dict
        indiening = _indienen(inschrijving, bestuurder, ondanks_bevindingen=True)
    assert "statuten" not in {d["code"] for d in indiening.snapshot["documenten"]}


def test_snapshot_is_onveranderlijk_en_herindienen_maakt_nieuwe(klaar):
    inschrijving, bestuurder = klaar
    with time_machine.travel(SLUITING - timedelta(hours=2), tick=False):
        eerste = _indienen(inschrijving, bestuurder)
        statuten = inschrijving.eis().documenten.get(code="statuten")
        oude_statuten = Document.objects.get(inschrijving=inschrijving, documenttype=statuten)
        services.document_toevoegen(inschrijving=inschrijving, documenttype=statuten,
                                    upload=pdf_upload("statuten-2.pdf"), gegevens={}, door=bestuurder)
        # Correcting the details of a submitted version makes a new version; the submitted one is untouched.
        kvk = Document.objects.get(inschrijving=inschrijving, documenttype__code="kvk_uittreksel")
        services.document_gegevens_wijzigen(document=kvk, gegevens={"rechtspersoon": "Nieuwe Naam"}, door=bestuurder)
        tweede = _indienen(inschrijving, bestuurder, ondanks_bevindingen=True)
    eerste.refresh_from_db()
    assert eerste.sha256 == hash_van(eerste.snapshot)
    assert oude_statuten.pk in {d["id"] for d in eerste.snapshot["documenten"]}
    assert oude_statuten.pk not in {d["id"] for d in tweede.snapshot["documenten"]}
    kvk.refresh_from_db()
    assert kvk.rechtspersoon == inschrijving.zorgaanbieder.statutaire_naam and kvk.vervangen_op is not None
    assert (eerste.volgnummer, tweede.volgnummer) == (1, 2)
    assert inschrijving.actuele_indiening() == tweede
    assert eerste.sha256 != tweede.sha256


def test_intrekken_en_opnieuw_indienen(klaar):
    inschrijving, bestuurder = klaar
    with time_machine.travel(SLUITING - timedelta(hours=2), tick=False):
        eerste = _indienen(inschrijving, bestuurder)
        services.intrekken(inschrijving=inschrijving, door=bestuurder)
        assert Inschrijving_status(inschrijving) == Status.INGETROKKEN
        assert inschrijving.actuele_indiening() is None
        tweede = _indienen(inschrijving, bestuurder)
    eerste.refresh_from_db()
    assert eerste.ingetrokken_op is not None
    assert inschrijving.actuele_indiening() == tweede


def test_indienen_in_de_browser_met_ontvangstbevestiging(client, klaar, django_capture_on_commit_callbacks):
    inschrijving, bestuurder = klaar
    with time_machine.travel(SLUITING - timedelta(minutes=1), tick=False):
        client.force_login(bestuurder)
        with django_capture_on_commit_callbacks(execute=True):
            antwoord = client.post(reverse("inschrijving:indienen", args=[inschrijving.pk]),
                                   {"wachtwoord": WACHTWOORD, "verklaring_juist": "on"})
        assert antwoord.status_code == 302
        indiening = Indiening.objects.get()
        pagina = client.get(antwoord.url).content.decode()
        pdf = client.get(reverse("inschrijving:ontvangstbevestiging", args=[inschrijving.pk, 1]))
    assert indiening.sha256 in pagina and "16:59:00" in pagina
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_intrekken_na_twee_indieningen_trekt_alles_in(klaar):
    inschrijving, bestuurder = klaar
    with time_machine.travel(SLUITING - timedelta(hours=2), tick=False):
        _indienen(inschrijving, bestuurder)
        _indienen(inschrijving, bestuurder)
        services.intrekken(inschrijving=inschrijving, door=bestuurder)
        assert inschrijving.actuele_indiening() is None
        assert not inschrijving.indieningen.filter(ingetrokken_op__isnull=True).exists()
        with pytest.raises(ValidationError):
            services.intrekken(inschrijving=inschrijving, door=bestuurder)
