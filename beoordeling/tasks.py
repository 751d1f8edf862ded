"""Celery tasks of the assessment. Each takes ids, reloads, checks the phase and calls a service, so
running one twice does nothing twice. Dispatched only after commit.

A round's automated steps go out in batches of ``PER_TAAK`` assessments (``automatische_stappen``: steps 1 and 2 for
the batch in one transaction, ``pipeline.uitvoeren``): one message and one commit per batch, not two of each per
inschrijving (issue 10). A dossier that fails is sent on its own ``keten`` (``stap1_volledigheid`` then
``stap2_controle``), whose tasks record the failure in the werkvoorraad and retry it, as for one inschrijving.

Faults heal by themselves (issue 9): a step's message may be delivered twice (Redis hands an unacknowledged message
out again) or not at all (sent while Redis was down, held by a worker that was killed, the next step of a chain not
sent). Twice is harmless: the step locks its row and finds its result there. Not at all is what
``hervat_vastgelopen`` mends: every half minute it dispatches again what still waits for a step and was not
dispatched or changed in the last half minute (in the last ten while the queue is busy). A lost database connection
is retried by Celery itself.
"""

import logging
from datetime import timedelta

from celery import chain, shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOnbereikbaar

from beoordeling import audit, pipeline
from beoordeling.models import Beoordeling, Fase, RondeVerwerking

logger = logging.getLogger(__name__)

TIJDSLIMIETEN = {"soft_time_limit": 120, "time_limit": 180}
#: The database, not the dossier, failed (PostgreSQL restarted, a failover): Celery retries the step after at most
#: 2, 4, 8 … seconds (random below that, capped at a minute), eight times; after that hervat_vastgelopen takes over.
#: Nothing is recorded as the step's failure: the next attempt opens a new connection (Celery's Django fix-up closes
#: the connection after every task).
DATABASEFOUTEN = pipeline.DATABASEFOUTEN
BIJ_DATABASEFOUT = {"autoretry_for": DATABASEFOUTEN, "retry_backoff": 2, "retry_backoff_max": 60, "retry_jitter": True,
                    "retry_kwargs": {"max_retries": 8}}
#: hervat_vastgelopen: dispatched again after this long without being dispatched or changed, at most this many a run.
#: While this many messages or more wait in the queue, what still waits for a step may just be in that queue: then
#: only after HERVAT_BIJ_DRUKTE_MINUTEN, so a large round is not sent twice while it is being worked through.
HERVAT_NA_MINUTEN = 0.5
HERVAT_PER_KEER = 2000
DRUKTE = 100
HERVAT_BIJ_DRUKTE_MINUTEN = 10
#: Assessments per ``automatische_stappen`` message: large enough that a round costs few commits and messages, small
#: enough that two workers share a round evenly to its end and a batch stays well inside its time limit.
PER_TAAK = 25


def keten(beoordeling_id: int):
    return chain(stap1_volledigheid.si(beoordeling_id), stap2_controle.si(beoordeling_id))


def verstuur(ids) -> int:
    """Dispatch the automated steps of these assessments, ``PER_TAAK`` to a message; the number sent. Called after
    commit, from a web request or a task. Redis unreachable: kombu gives up within seconds
    (``CELERY_TASK_PUBLISH_RETRY_POLICY``, ``socket_connect_timeout``); what was not sent is logged and left to
    ``hervat_vastgelopen``, so a caller whose transaction already committed neither fails nor hangs."""
    ids = list(ids)
    partijen = [ids[i:i + PER_TAAK] for i in range(0, len(ids), PER_TAAK)]
    return _verstuur([automatische_stappen.si(partij) for partij in partijen], [len(p) for p in partijen])


def verstuur_los(ids) -> int:
    """Each assessment on its own ``keten``: for a dossier that failed in its batch."""
    ids = list(ids)
    return _verstuur([keten(pk) for pk in ids], [1] * len(ids))


def _verstuur(berichten, aantallen: list[int]) -> int:
    verstuurd = 0
    for bericht, aantal in zip(berichten, aantallen, strict=True):
        try:
            bericht.apply_async()
        except BrokerOnbereikbaar as exc:
            logger.warning("Broker onbereikbaar (%s): %d van %d beoordeling(en) niet verstuurd; hervat_vastgelopen "
                           "verstuurt ze zodra hij terug is.", exc, sum(aantallen) - verstuurd, sum(aantallen))
            return verstuurd
        verstuurd += aantal
    return verstuurd


@shared_task(acks_late=True, reject_on_worker_lost=True, **TIJDSLIMIETEN, **BIJ_DATABASEFOUT)
def automatische_stappen(ids: list[int]) -> int:
    """Steps 1 and 2 for a batch of assessments in one transaction (``pipeline.uitvoeren``); the number of steps
    recorded. A dossier that raised is sent on its own chain (``verstuur_los``). Should the batch itself fail for
    another reason than the database (which Celery retries), every assessment of it goes on its own chain, so the
    failure is recorded where it belongs."""
    try:
        uit = pipeline.uitvoeren(ids)
    except DATABASEFOUTEN:
        raise
    except Exception:
        logger.exception("automatische_stappen: de partij van %d beoordeling(en) mislukte; elk apart opnieuw.",
                         len(ids))
        verstuur_los(ids)
        return 0
    if uit.mislukt:
        logger.warning("automatische_stappen: %d dossier(s) mislukten (%s); elk apart opnieuw.", len(uit.mislukt),
                       ", ".join(f"{pk}: {type(fout).__name__}" for pk, fout in uit.mislukt.items()))
        verstuur_los(uit.mislukt)
    return len(uit.stap1) + len(uit.stap2)


def _stap(task, naam: str, functie, beoordeling_id: int) -> bool:
    try:
        return functie(beoordeling_id)
    except Beoordeling.DoesNotExist:
        return False
    except DATABASEFOUTEN:
        raise  # BIJ_DATABASEFOUT: Celery tries again; not the step's failure
    except Exception as exc:
        pipeline.fout_vastleggen(beoordeling_id, naam, exc)
        Beoordeling.objects.filter(pk=beoordeling_id).update(pogingen=task.request.retries + 1)
        raise task.retry(exc=exc, countdown=min(60 * 2 ** task.request.retries, 900)) from exc


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3, **TIJDSLIMIETEN,
             **BIJ_DATABASEFOUT)
def stap1_volledigheid(self, beoordeling_id: int) -> bool:
    return _stap(self, "volledigheid", pipeline.stap1_volledigheid, beoordeling_id)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3, **TIJDSLIMIETEN,
             **BIJ_DATABASEFOUT)
def stap2_controle(self, beoordeling_id: int) -> bool:
    return _stap(self, "controle", pipeline.stap2_controle, beoordeling_id)


@shared_task(acks_late=True, **TIJDSLIMIETEN)
def start_gesloten_rondes() -> int:
    """Celery beat, every minute: start the pipeline for every round whose sluitingstijd (the zorgkantoor's
    own, where it has one) has passed, once per round and zorgkantoor."""
    from inschrijving.models import Inkoopronde

    nu = timezone.now()
    gestart = 0
    # Overrides can move a closing either way, so look at every round that closed for anyone recently.
    for ronde in Inkoopronde.objects.filter(sluiting_inschrijving__lte=nu + timedelta(days=365)).prefetch_related(
            "zorgkantoren"):
        for zorgkantoor in ronde.zorgkantoren.all():
            if ronde.planning(zorgkantoor).sluiting_inschrijving > nu:
                continue
            if RondeVerwerking.objects.filter(ronde=ronde, zorgkantoor=zorgkantoor).exists():
                continue
            gestart += start_ronde(ronde=ronde, zorgkantoor=zorgkantoor)
    return gestart


def start_ronde(*, ronde, zorgkantoor) -> int:
    try:
        with transaction.atomic():
            verwerking = RondeVerwerking.objects.create(ronde=ronde, zorgkantoor=zorgkantoor, gestart_op=timezone.now())
            ids = pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zorgkantoor)
            verwerking.aantal = len(ids)
            verwerking.save(update_fields=["aantal"])
            audit.log(actie="pipeline_gestart", ronde=ronde,
                      omschrijving=f"{zorgkantoor}: {len(ids)} inschrijvingen in de beoordeling")
            transaction.on_commit(lambda: verstuur(ids))
    except IntegrityError:  # another beat run started it
        return 0
    return len(ids)


def _wachtende_berichten(app) -> int:
    """Messages waiting in the default queue (with Redis, the length of its list); not those a worker has taken."""
    with app.connection_or_acquire() as verbinding:
        wachtrij = app.amqp.queues[app.conf.task_default_queue]
        return wachtrij(verbinding.default_channel).queue_declare().message_count


@shared_task(bind=True, acks_late=True, **TIJDSLIMIETEN)
def hervat_vastgelopen(self, minuten: float = HERVAT_NA_MINUTEN) -> int:
    """Celery beat, every 30 seconds: an assessment still waiting for an automated step that was neither dispatched
    nor changed for ``minuten`` (its message lost: sent while Redis was down, held by a worker that was killed, the
    next step of a chain not sent) is dispatched again, oldest first. Nothing waiting in the queue means nothing is
    on its way; while the queue is busy (DRUKTE), only what waited HERVAT_BIJ_DRUKTE_MINUTEN. A message that was only
    slow costs a no-op: the step finds its result. A step that failed on the dossier (``fout``, recorded by ``_stap``)
    is not retried every half minute: it waits in the werkvoorraad for "opnieuw proberen"."""
    wachtend = _wachtende_berichten(self.app)
    if wachtend >= DRUKTE:
        minuten = max(minuten, HERVAT_BIJ_DRUKTE_MINUTEN)
    grens = timezone.now() - timedelta(minutes=minuten)
    ids = list(Beoordeling.objects.filter(fase=Fase.NIEUW, mislukt_op__isnull=True, bijgewerkt_op__lt=grens)
               .order_by("bijgewerkt_op").values_list("pk", flat=True)[:HERVAT_PER_KEER])
    if not ids:
        return 0
    logger.info("hervat_vastgelopen: %d beoordeling(en) wachten al %s min op een stap (%d bericht(en) in de "
                "wachtrij); opnieuw verstuurd.", len(ids), minuten, wachtend)
    Beoordeling.objects.filter(pk__in=ids).update(bijgewerkt_op=timezone.now())  # not again for the next half minute
    return verstuur(ids)


def opnieuw_proberen(*, beoordeling: Beoordeling, door) -> None:
    """From the queue: clear a recorded failure and run the automated steps again."""
    Beoordeling.objects.filter(pk=beoordeling.pk).update(fout="", fout_stap="", mislukt_op=None, pogingen=0,
                                                         bijgewerkt_op=timezone.now())
    audit.log(actie="opnieuw_geprobeerd", inschrijving=beoordeling.inschrijving, door=door)
    transaction.on_commit(lambda: verstuur([beoordeling.pk]))


@shared_task(acks_late=True, **TIJDSLIMIETEN)
def verlopen_verduidelijkingen() -> int:
    """Celery beat, every five minutes: a verzoek om verduidelijking not answered within its termijn is
    marked expired (with an audit line); marking is idempotent, so a run twice marks nothing twice."""
    from beoordeling.verduidelijking import verlopen_afhandelen

    return verlopen_afhandelen()


@shared_task(acks_late=True, **TIJDSLIMIETEN)
def inregel_herinneringen() -> int:
    """Celery beat, hourly: the 30- and 7-day reminders for inregel items; each is sent once (flags on the
    item), so a run twice sends nothing twice."""
    from beoordeling.inregeling import herinneringen_versturen

    return herinneringen_versturen()
