"""Recording a Celery task that failed for good, and clearing old records."""

import logging
import traceback as tb
from datetime import timedelta

import structlog
from django.conf import settings
from django.utils import timezone

from werking.models import TaakFout

log = logging.getLogger(__name__)

MELDING_MAX = 2000


def argumenten_samenvatting(args, kwargs) -> str:
    """The arguments' shape: a number (the tasks take ids) as it is, any other value only by its type, so no name,
    e-mail address or text of a person reaches the record."""

    def vorm(waarde) -> str:
        if waarde is None or isinstance(waarde, bool | int):
            return repr(waarde)
        return f"<{type(waarde).__name__}>"

    delen = [vorm(a) for a in args or ()] + [f"{k}={vorm(v)}" for k, v in sorted((kwargs or {}).items())]
    return f"({', '.join(delen)})"[:500]


def taakfout_vastleggen(*, taak: str, taak_id: str, args, kwargs, uitzondering: BaseException,
                        traceback_tekst: str) -> TaakFout:
    return TaakFout.objects.create(
        taak=taak[:200], taak_id=(taak_id or "")[:64], argumenten=argumenten_samenvatting(args, kwargs),
        uitzondering=type(uitzondering).__qualname__[:200], melding=str(uitzondering)[:MELDING_MAX],
        traceback=traceback_tekst, opgetreden_op=timezone.now(),
        # Bound by django-structlog when the task started, from the request that queued it (wlzportal/logboek.py).
        request_id=str(structlog.contextvars.get_contextvars().get("request_id") or "")[:64])


def bij_mislukte_taak(sender=None, task_id=None, exception=None, args=None, kwargs=None, einfo=None, **_):
    """Celery's ``task_failure``: sent once a task raised and will not be retried. Recording must never hide the
    failure itself, so an error here is only logged."""
    try:
        taakfout_vastleggen(
            taak=getattr(sender, "name", str(sender)), taak_id=task_id, args=args, kwargs=kwargs,
            uitzondering=exception,
            traceback_tekst=str(einfo.traceback) if einfo is not None else "".join(tb.format_exception(exception)))
    except Exception:
        log.exception("Mislukte taak %s[%s] niet vastgelegd", getattr(sender, "name", sender), task_id)


def oude_taakfouten_opruimen(*, dagen: int | None = None) -> int:
    """Removes the records older than ``WLZ_TAAKFOUTEN_BEWAREN_DAGEN`` days; returns how many."""
    dagen = settings.WLZ_TAAKFOUTEN_BEWAREN_DAGEN if dagen is None else dagen
    verwijderd, _n = TaakFout.objects.filter(opgetreden_op__lt=timezone.now() - timedelta(days=dagen)).delete()
    return verwijderd
