"""A message that never reached the queue (Redis away at the commit) or whose task was lost is sent all the same:
beat's wachtende_berichten_versturen queues every message still waiting after ten minutes (issue 9, item 9)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from inschrijving.models import Bericht
from inschrijving.tasks import WACHTEND_TE_LANG, wachtende_berichten_versturen

pytestmark = pytest.mark.django_db


def test_een_bericht_dat_blijft_wachten_wordt_alsnog_verstuurd_en_maar_een_keer(celery_meteen):
    vergeten = Bericht.objects.create(aan="vergeten@example.nl", onderwerp="Ontvangstbevestiging", tekst="Ontvangen.")
    Bericht.objects.filter(pk=vergeten.pk).update(aangemaakt_op=timezone.now() - WACHTEND_TE_LANG - timedelta(1))
    vers = Bericht.objects.create(aan="vers@example.nl", onderwerp="Nog in de wachtrij", tekst="Net vastgelegd.")

    assert wachtende_berichten_versturen() == 1
    assert [m.to for m in mail.outbox] == [["vergeten@example.nl"]]
    assert Bericht.objects.get(pk=vergeten.pk).status == Bericht.Status.VERZONDEN
    assert Bericht.objects.get(pk=vers.pk).status == Bericht.Status.WACHTEND  # its own task may still come

    assert wachtende_berichten_versturen() == 0  # sent once
    assert len(mail.outbox) == 1
