from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from api import exports, webhooks
from api.models import Aflevering, Export


@shared_task(bind=True, max_retries=3, soft_time_limit=600, time_limit=660)
def export_maken(self, export_pk: int) -> None:
    try:
        exports.maken(export_pk)
    except Exception as fout:
        if self.request.retries >= self.max_retries:
            Export.objects.filter(pk=export_pk).update(status=Export.Status.MISLUKT, fout=str(fout)[:300])
            raise
        raise self.retry(exc=fout, countdown=10) from fout


@shared_task(bind=True, acks_late=True, max_retries=None, soft_time_limit=60, time_limit=90)
def aflevering_bezorgen(self, aflevering_id: int) -> str | None:
    """One attempt to deliver a webhook; a failed one is tried again after a doubling wait (api.webhooks.wachttijd),
    at most ``MAX_POGINGEN`` times in all. The count lives on the row, not in the message."""
    aflevering = webhooks.afleveren(aflevering_id)
    if aflevering is None:
        return None
    if aflevering.status == Aflevering.Status.WACHTEND:
        wacht = webhooks.wachttijd(aflevering.pogingen)
        Aflevering.objects.filter(pk=aflevering_id).update(volgende_poging=timezone.now() + timedelta(seconds=wacht))
        raise self.retry(countdown=wacht)
    return aflevering.status


@shared_task
def wachtende_afleveringen() -> int:
    """Beat, every five minutes: queue again the waiting deliveries whose message was lost (``webhooks.vastgelopen``);
    their attempt count and backoff go on from the row. Returns how many."""
    ids = list(webhooks.vastgelopen().values_list("pk", flat=True)[:500])
    Aflevering.objects.filter(pk__in=ids).update(volgende_poging=timezone.now())
    for pk in ids:
        aflevering_bezorgen.delay(pk)
    return len(ids)
