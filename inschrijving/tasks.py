"""Celery tasks of the inschrijving app. Each takes an id, reloads, and is safe to run twice."""

import logging
from datetime import timedelta

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from inschrijving import berichten, lezingen, scannen, services, virusscan
from inschrijving.models import Bericht, Document, Indiening

log = logging.getLogger(__name__)


def in_de_wachtrij(taak, pk: int, *, later: str) -> bool:
    """Queue ``taak`` for ``pk``; called after commit. Redis unreachable: kombu gives up within seconds, this logs and
    returns False, and the beat job ``later`` queues it again — the request whose transaction committed neither fails
    nor hangs."""
    from kombu.exceptions import OperationalError as BrokerOnbereikbaar

    try:
        taak.delay(pk)
    except BrokerOnbereikbaar as exc:
        log.warning("Broker onbereikbaar (%s): %s(%s) volgt via %s.", exc, taak.name, pk, later)
        return False
    return True


#: The database, not the message, failed (PostgreSQL restarted): Celery tries again after at most 2, 4, 8 … seconds
#: (random below that, capped at a minute), eight times, with a new connection; nothing is recorded as the message's
#: failure. A message sent whose status could not be saved goes out again: e-mail is delivered at least once.
DATABASEFOUTEN = (OperationalError, InterfaceError)


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=60, autoretry_for=DATABASEFOUTEN,
             retry_backoff=2, retry_backoff_max=60, retry_jitter=True, retry_kwargs={"max_retries": 8})
def verstuur_bericht(self, bericht_id: int) -> None:
    bericht = Bericht.objects.filter(pk=bericht_id).first()
    if bericht is None:
        return
    try:
        berichten.bezorg(bericht)
    except DATABASEFOUTEN:
        raise
    except Exception as exc:
        Bericht.objects.filter(pk=bericht_id).update(
            pogingen=bericht.pogingen + 1, fout=repr(exc)[:2000], status=Bericht.Status.MISLUKT)
        raise self.retry(exc=exc) from exc


#: A message still "wachtend" this long after it was recorded was never queued (Redis was away at the commit) or its
#: task was lost; long enough that a deadline-hour queue of receipts is worked through first.
WACHTEND_TE_LANG = timedelta(minutes=10)


@shared_task
def wachtende_berichten_versturen() -> int:
    """Beat: queue again every message that is still waiting; bezorg() does not send one twice."""
    grens = timezone.now() - WACHTEND_TE_LANG
    ids = list(Bericht.objects.filter(status=Bericht.Status.WACHTEND, aangemaakt_op__lt=grens)
               .order_by("pk").values_list("pk", flat=True)[:500])
    for pk in ids:
        verstuur_bericht.delay(pk)
    return len(ids)


@shared_task(bind=True, acks_late=True, autoretry_for=(Exception,), retry_backoff=5, retry_backoff_max=600,
             retry_jitter=True, retry_kwargs={"max_retries": 12})
def ontvangst_verwerken(self, indiening_id: int) -> None:
    """The receipt of a submission: its PDF and e-mails, out of the submit request (issue 10). Retried for about an
    hour; what is done is not done again."""
    services.ontvangst_afhandelen(indiening_id)


@shared_task
def ontbrekende_ontvangstbevestigingen() -> int:
    """Beat: queue the receipt of every submission of the last week that still has none after ten minutes (its task
    never reached Redis, or gave up)."""
    nu = timezone.now()
    ids = list(Indiening.objects.filter(ontvangstbewijs="", ingediend_op__lt=nu - WACHTEND_TE_LANG,
                                        ingediend_op__gte=nu - timedelta(days=7))
               .order_by("pk").values_list("pk", flat=True)[:500])
    for pk in ids:
        ontvangst_verwerken.delay(pk)
    return len(ids)


@shared_task(bind=True, acks_late=True, autoretry_for=(virusscan.ScanNietBeschikbaar, *DATABASEFOUTEN),
             retry_backoff=2, retry_backoff_max=300, retry_jitter=True, retry_kwargs={"max_retries": 20})
def document_scannen(self, document_id: int) -> None:
    """The virus scan of an uploaded document version (``inschrijving.scannen``). clamd away: tried again after
    at most 2, 4, 8 … seconds, capped at five minutes, for about an hour; beat's ``wachtende_scans`` after that."""
    scannen.scannen(document_id)


@shared_task(bind=True, acks_late=True, autoretry_for=DATABASEFOUTEN, retry_backoff=2, retry_backoff_max=300,
             retry_jitter=True, retry_kwargs={"max_retries": 8}, soft_time_limit=600, time_limit=660)
def document_lezen(self, document_id: int) -> None:
    """Read a scanned version (``inschrijving.lezingen``): text per page, OCR where a page has none, and the facts
    of its type. Forty scanned pages at 300 dpi take minutes on two cores, hence its own time limit."""
    lezingen.lezen(document_id)


#: A current version that has no reading this long after its upload: its task never reached Redis or gave up.
LEZEN_TE_LANG = timedelta(minutes=15)


@shared_task
def ongelezen_documenten() -> int:
    """Beat: queue the reading of every current version that has none yet; reading one twice stores one reading."""
    from django.db.models import Exists, OuterRef

    from inschrijving.models import Lezing

    gelezen = Lezing.objects.filter(sha256=OuterRef("sha256"), documenttype_code=OuterRef("documenttype__code"))
    ids = list(Document.objects.filter(vervangen_op__isnull=True, scan__in=lezingen.TE_LEZEN,
                                       geupload_op__lt=timezone.now() - LEZEN_TE_LANG)
               .exclude(Exists(gelezen)).order_by("pk").values_list("pk", flat=True)[:200])
    for pk in ids:
        document_lezen.delay(pk)
    return len(ids)


#: A version still waiting this long after its upload was never queued (Redis was away) or its task gave up.
SCAN_TE_LANG = timedelta(minutes=2)


@shared_task
def wachtende_scans() -> int:
    """Beat: queue the scan of every version still waiting; scanning one twice records one verdict."""
    ids = list(Document.objects.filter(scan=Document.Scan.WACHTEND, geupload_op__lt=timezone.now() - SCAN_TE_LANG)
               .order_by("pk").values_list("pk", flat=True)[:500])
    for pk in ids:
        document_scannen.delay(pk)
    return len(ids)
