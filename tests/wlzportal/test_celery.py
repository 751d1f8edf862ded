"""A task dispatched after commit runs on a real Celery worker on the test Redis."""

import pytest
from django.urls import reverse

from inschrijving.models import Bericht
from tests.conftest import wacht_tot
from tests.factories import GebruikerFactory


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_bericht_wordt_door_echte_worker_verzonden(client, celery_worker, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    GebruikerFactory(email="bea@example.nl")
    client.post(reverse("password_reset"), {"email": "bea@example.nl"})
    bericht = Bericht.objects.get(aan="bea@example.nl")
    assert wacht_tot(lambda: Bericht.objects.get(pk=bericht.pk).status == Bericht.Status.VERZONDEN), \
        celery_worker.log.read_text()[-3000:]
    assert "inschrijving.tasks.verstuur_bericht[" in celery_worker.log.read_text()
    assert Bericht.objects.get(pk=bericht.pk).verzonden_op is not None
