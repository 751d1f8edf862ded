from celery import shared_task

from api import exports
from api.models import Export


@shared_task(bind=True, max_retries=3, soft_time_limit=600, time_limit=660)
def export_maken(self, export_pk: int) -> None:
    try:
        exports.maken(export_pk)
    except Exception as fout:
        if self.request.retries >= self.max_retries:
            Export.objects.filter(pk=export_pk).update(status=Export.Status.MISLUKT, fout=str(fout)[:300])
            raise
        raise self.retry(exc=fout, countdown=10) from fout
