"""A submit does only what must be atomic (issue 10, item 1): the snapshot, its hash and the receipt time are
stored and shown at once; the receipt PDF and its e-mails are a Celery task, queued after commit, retried, done
once; beat queues any receipt still missing after ten minutes. The signing password is checked with Argon2id."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from inschrijving import services
from inschrijving.models import Bericht, Indiening
from inschrijving.pdf import verstuur_ontvangstbevestiging
from inschrijving.tasks import WACHTEND_TE_LANG, ontbrekende_ontvangstbevestigingen
from tests.factories import WACHTWOORD, GebruikerFactory
from tests.inschrijving.maak import volledige_inschrijving

pytestmark = pytest.mark.django_db


def test_de_ontvangstbevestiging_volgt_na_het_antwoord_en_wordt_een_keer_verstuurd(
        client, django_capture_on_commit_callbacks, celery_meteen):
    inschrijving, bestuurder = volledige_inschrijving("3")
    client.force_login(bestuurder)
    with django_capture_on_commit_callbacks(execute=False) as na_commit:
        antwoord = client.post(reverse("inschrijving:indienen", args=[inschrijving.pk]),
                               {"wachtwoord": WACHTWOORD, "verklaring_juist": "on", "ondanks_bevindingen": "on"})
    assert antwoord.status_code == 302
    indiening = Indiening.objects.get(inschrijving=inschrijving)
    # Answered before any PDF: the page shows receipt time and hash at once, and says the PDF follows.
    assert not indiening.ontvangstbewijs and not Bericht.objects.exists()
    pagina = client.get(antwoord.url).content.decode()
    assert indiening.sha256 in pagina and 'data-testid="ontvangstbevestiging-volgt"' in pagina

    for callback in na_commit:  # the queueing after commit; the task runs in this process
        callback()
    indiening.refresh_from_db()
    assert indiening.ontvangstbewijs_sha256
    assert Bericht.objects.filter(inschrijving=inschrijving, bijlage_naam="ontvangstbevestiging-1.pdf").count() == 1
    assert 'data-testid="ontvangstbevestiging-volgt"' not in client.get(antwoord.url).content.decode()

    # A second run (a retry, or beat's recovery) sends nothing twice; two at the very same moment are stopped by the
    # database (no row lock that could deadlock with the pipeline).
    services.ontvangst_afhandelen(indiening.pk)
    assert Bericht.objects.filter(inschrijving=inschrijving).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        verstuur_ontvangstbevestiging(indiening)
    assert Bericht.objects.filter(inschrijving=inschrijving).count() == 1


def test_beat_maakt_een_ontbrekende_ontvangstbevestiging_alsnog(celery_meteen):
    inschrijving, bestuurder = volledige_inschrijving("3")
    # Submitted eleven minutes ago; on_commit never runs here, so its task was never queued.
    elf_minuten_geleden = timezone.now() - WACHTEND_TE_LANG - timedelta(minutes=1)
    vergeten = services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD,
                                 ondanks_bevindingen=True, moment=elf_minuten_geleden)
    ander, bestuurder2 = volledige_inschrijving("3")
    vers = services.indienen(inschrijving=ander, door=bestuurder2, wachtwoord=WACHTWOORD, ondanks_bevindingen=True)
    assert ontbrekende_ontvangstbevestigingen() == 1
    vergeten.refresh_from_db()
    vers.refresh_from_db()
    assert vergeten.ontvangstbewijs_sha256 and not vers.ontvangstbewijs
    assert Bericht.objects.filter(inschrijving=inschrijving).exists()
    assert ontbrekende_ontvangstbevestigingen() == 0


def test_wachtwoorden_met_argon2id_en_een_oude_hash_wordt_bij_inloggen_omgezet(client):
    nieuw = GebruikerFactory()
    hasher = identify_hasher(nieuw.password)
    assert hasher.algorithm == "argon2" and "$argon2id$v=19$m=19456,t=2,p=1$" in nieuw.password
    oud = GebruikerFactory()
    oud.password = make_password(WACHTWOORD, hasher="pbkdf2_sha256")
    oud.save(update_fields=["password"])
    assert client.post(reverse("login"), {"username": oud.username, "password": WACHTWOORD}).status_code == 302
    oud.refresh_from_db()
    assert oud.password.startswith("argon2$argon2id$")
