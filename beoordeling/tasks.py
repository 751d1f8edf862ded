"""Celery tasks of the assessment. Each takes an id, reloads, checks the phase and calls a service, so
running one twice does nothing twice. Dispatched only after commit."""

from datetime import timedelta

from celery import chain, shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone

from beoordeling import audit, pipeline
from beoordeling.models import Beoordeling, Fase, RondeVerwerking

TIJDSLIMIETEN = {"soft_time_limit": 120, "time_limit": 180}


def keten(beoordeling_id: int):
    return chain(stap1_volledigheid.si(beoordeling_id), stap2_controle.si(beoordeling_id))


def _stap(task, naam: str, functie, beoordeling_id: int) -> bool:
    try:
        return functie(beoordeling_id)
    except Beoordeling.DoesNotExist:
        return False
    except Exception as exc:
        pipeline.fout_vastleggen(beoordeling_id, naam, exc)
        Beoordeling.objects.filter(pk=beoordeling_id).update(pogingen=task.request.retries + 1)
        raise task.retry(exc=exc, countdown=min(60 * 2 ** task.request.retries, 900)) from exc


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3, **TIJDSLIMIETEN)
def stap1_volledigheid(self, beoordeling_id: int) -> bool:
    return _stap(self, "volledigheid", pipeline.stap1_volledigheid, beoordeling_id)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3, **TIJDSLIMIETEN)
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
            transaction.on_commit(lambda: [keten(i).apply_async() for i in ids])
    except IntegrityError:  # another beat run started it
        return 0
    return len(ids)


@shared_task(acks_late=True, **TIJDSLIMIETEN)
def hervat_vastgelopen(minuten: int = 10) -> int:
    """Celery beat: an assessment still waiting for its automated steps long after it was created (a lost
    message, a worker killed mid-step) is dispatched again; the steps skip what is already done."""
    grens = timezone.now() - timedelta(minutes=minuten)
    ids = list(Beoordeling.objects.filter(fase=Fase.NIEUW, bijgewerkt_op__lt=grens).values_list("pk", flat=True))
    for pk in ids:
        Beoordeling.objects.filter(pk=pk).update(bijgewerkt_op=timezone.now())
        keten(pk).apply_async()
    return len(ids)


def opnieuw_proberen(*, beoordeling: Beoordeling, door) -> None:
    """From the queue: clear a recorded failure and run the automated steps again."""
    Beoordeling.objects.filter(pk=beoordeling.pk).update(fout="", fout_stap="", mislukt_op=None, pogingen=0)
    audit.log(actie="opnieuw_geprobeerd", inschrijving=beoordeling.inschrijving, door=door)
    transaction.on_commit(lambda: keten(beoordeling.pk).apply_async())


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
