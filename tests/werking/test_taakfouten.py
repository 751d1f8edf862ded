"""Task failures visible to beheerders (issue 13, item 5): a Celery task that fails for good is recorded — task, id,
the arguments' shape (never their content), exception, traceback, moment and the request id of whoever queued it —
and shown read-only in admin to beheerders only; old records are cleared."""

from datetime import timedelta

import pytest
import structlog
from django.urls import reverse
from django.utils import timezone

from tests.conftest import wacht_tot
from tests.factories import GebruikerFactory
from werking.models import TaakFout
from werking.services import argumenten_samenvatting, oude_taakfouten_opruimen
from werking.tasks import taakfouten_opruimen
from wlzportal.celery import app

pytestmark = pytest.mark.django_db


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_een_mislukte_taak_op_de_echte_worker_wordt_vastgelegd(celery_worker):
    # A real task sent a message it cannot take (send_task skips the caller's signature check): the worker raises
    # TypeError, which no retry cures. The text argument stands for personal data that must not reach the record.
    structlog.contextvars.bind_contextvars(request_id="proefverzoek-1234")
    try:
        resultaat = app.send_task("werking.tasks.taakfouten_opruimen", args=["bea@example.nl"])
    finally:
        structlog.contextvars.clear_contextvars()
    assert wacht_tot(lambda: TaakFout.objects.filter(taak_id=resultaat.id).exists()), \
        celery_worker.log.read_text()[-3000:]
    fout = TaakFout.objects.get(taak_id=resultaat.id)
    assert fout.taak == "werking.tasks.taakfouten_opruimen"
    assert fout.uitzondering == "TypeError"
    assert "positional argument" in fout.melding
    assert "Traceback" in fout.traceback and "TypeError" in fout.traceback
    assert fout.argumenten == "(<str>)"
    assert "bea@example.nl" not in f"{fout.argumenten} {fout.melding} {fout.traceback}"
    # The request id travelled with the message (django-structlog) into the worker that recorded the failure.
    assert fout.request_id == "proefverzoek-1234"
    assert abs(fout.opgetreden_op - timezone.now()) < timedelta(minutes=1)


def test_argumenten_alleen_hun_vorm():
    assert argumenten_samenvatting((12, None, True), {}) == "(12, None, True)"
    assert argumenten_samenvatting(("Jan Jansen", 3.5), {"email": "jan@example.nl", "pk": 7}) == \
        "(<str>, <float>, email=<str>, pk=7)"
    assert argumenten_samenvatting(None, None) == "()"


def _fout(**velden):
    return TaakFout.objects.create(**{"taak": "inschrijving.tasks.verstuur_bericht", "taak_id": "abc",
                                      "argumenten": "(41)", "uitzondering": "SMTPServerDisconnected",
                                      "melding": "Connection unexpectedly closed",
                                      "traceback": "Traceback (most recent call last):\n  ...",
                                      "request_id": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                                      "opgetreden_op": timezone.now(), **velden})


def test_beheerder_ziet_mislukte_taken_in_admin(client, login):
    fout = _fout()
    login(client, GebruikerFactory(beheerder=True))  # a beheerder without superuser rights
    lijst = client.get(reverse("admin:werking_taakfout_changelist"))
    assert lijst.status_code == 200
    inhoud = lijst.content.decode()
    assert "inschrijving.tasks.verstuur_bericht" in inhoud and "SMTPServerDisconnected" in inhoud
    assert "0f1e2d3c4b5a69788796a5b4c3d2e1f0" in inhoud
    detail = client.get(reverse("admin:werking_taakfout_change", args=[fout.pk]))
    assert detail.status_code == 200
    assert "Connection unexpectedly closed" in detail.content.decode()
    assert 'name="melding"' not in detail.content.decode()  # read only: nothing to edit
    assert client.get(reverse("admin:werking_taakfout_add")).status_code == 403
    # Old records can be cleared by hand.
    weg = client.post(reverse("admin:werking_taakfout_delete", args=[fout.pk]), {"post": "yes"})
    assert weg.status_code == 302 and not TaakFout.objects.exists()


@pytest.mark.parametrize("rol", ["inkoper", "tekenbevoegd"])
def test_wie_geen_beheerder_is_ziet_ze_niet(client, login, rol):
    fout = _fout()
    login(client, GebruikerFactory(**{rol: True}))
    for url in (reverse("admin:werking_taakfout_changelist"), reverse("admin:werking_taakfout_change", args=[fout.pk])):
        antwoord = client.get(url)
        assert antwoord.status_code == 302 and antwoord["Location"].startswith(reverse("admin:login"))
    assert TaakFout.objects.filter(pk=fout.pk).exists()


def test_oude_taakfouten_worden_opgeruimd(settings):
    settings.WLZ_TAAKFOUTEN_BEWAREN_DAGEN = 90
    oud = _fout(opgetreden_op=timezone.now() - timedelta(days=91))
    recent = _fout(opgetreden_op=timezone.now() - timedelta(days=89))
    assert taakfouten_opruimen() == 1  # what beat runs daily
    assert list(TaakFout.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not TaakFout.objects.filter(pk=oud.pk).exists()
    assert oude_taakfouten_opruimen(dagen=0) == 1
