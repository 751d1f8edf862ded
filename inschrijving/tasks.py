"""Celery tasks of the inschrijving app. Each takes an id, reloads, and is safe to run twice."""

from celery import shared_task

from inschrijving import berichten
from inschrijving.models import Bericht


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=60)
def verstuur_bericht(self, bericht_id: int) -> None:
    bericht = Bericht.objects.filter(pk=bericht_id).first()
    if bericht is None:
        return
    try:
        berichten.bezorg(bericht)
    except Exception as exc:
        Bericht.objects.filter(pk=bericht_id).update(
            pogingen=bericht.pogingen + 1, fout=repr(exc)[:2000], status=Bericht.Status.MISLUKT)
        raise self.retry(exc=exc) from exc
