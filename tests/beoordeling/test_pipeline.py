"""The pipeline after closing through a real Celery worker on Redis: started by beat at the sluitingstijd,
idempotent when a step runs twice, and without half-written state when a worker is killed mid-step."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from beoordeling import pipeline, tasks
from beoordeling.models import Beoordeling, Fase, RondeVerwerking, Toetsresultaat
from inschrijving.evaluator import CONTROLE, VOLLEDIGHEID, evalueer
from tests.beoordeling.helpers import gesloten_ronde_met_indieningen
from tests.conftest import ROOT, wacht_tot

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def _klaar(pk):
    return Beoordeling.objects.get(pk=pk).fase != Fase.NIEUW


def test_beat_taken_bestaan():
    from wlzportal.celery import app

    app.loader.import_default_modules()
    for naam, regel in settings.CELERY_BEAT_SCHEDULE.items():
        assert regel["task"] in app.tasks, naam


def test_pijplijn_start_bij_sluiting_en_loopt_op_echte_worker(celery_worker):
    ronde, zk, _inkopers, inschrijvingen = gesloten_ronde_met_indieningen(("3", "1b", "3"), onvolledig=1)
    assert tasks.start_gesloten_rondes() == 3
    assert tasks.start_gesloten_rondes() == 0  # once per round and zorgkantoor
    assert RondeVerwerking.objects.get(ronde=ronde, zorgkantoor=zk).aantal == 3
    ids = list(Beoordeling.objects.values_list("pk", flat=True))
    assert wacht_tot(lambda: all(_klaar(pk) for pk in ids), 60), celery_worker.log.read_text()[-3000:]
    onvolledig = Beoordeling.objects.get(inschrijving=inschrijvingen[0])
    assert onvolledig.fase == Fase.NIET_IN_BEHANDELING
    assert onvolledig.resultaten.get(regel="document.statuten.aanwezig").uitkomst == "voldoet_niet"
    volledig = Beoordeling.objects.get(inschrijving=inschrijvingen[2])
    assert volledig.fase == Fase.CONTROLE
    # Every automated result names its rule, source and evidence, and was decided by the system.
    kvk = volledig.resultaten.get(regel="document.kvk_uittreksel.leeftijd")
    assert kvk.bron and kvk.bewijs["sha256"] and kvk.besloten_door is None and kvk.automatisch
    assert volledig.resultaten.filter(uitkomst="handmatig", regel="integriteit.uitsluitingsgronden").exists()
    assert "stap2_controle" in celery_worker.log.read_text()


def test_stap_twee_keer_geeft_geen_dubbele_resultaten(celery_worker):
    _ronde, _zk, _i, (inschrijving,) = gesloten_ronde_met_indieningen(("3",))
    with transaction.atomic():
        (pk,) = pipeline.beoordelingen_aanmaken(ronde=inschrijving.ronde, zorgkantoor=inschrijving.zorgkantoor)
    for _ in range(2):
        tasks.stap1_volledigheid.delay(pk)
        tasks.stap2_controle.delay(pk)
    tasks.keten(pk).apply_async()
    assert wacht_tot(lambda: Beoordeling.objects.get(pk=pk).fase == Fase.CONTROLE, 60), \
        celery_worker.log.read_text()[-3000:]
    time.sleep(2)  # let any duplicate deliveries finish
    b = Beoordeling.objects.get(pk=pk)
    bevindingen = evalueer(b.indiening.snapshot)
    verwacht = {x.regel for x in bevindingen if x.stap in (VOLLEDIGHEID, CONTROLE)}
    regels = list(b.resultaten.values_list("regel", flat=True))
    assert len(regels) == len(set(regels))
    assert verwacht <= set(regels)


def _start_trage_worker(log: Path):
    database = settings.DATABASES["default"]
    omgeving = {**os.environ, "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
                f"{database['NAME']}", "BEOORDELING_TESTVERTRAGING": "30", "DATABASE_CONN_MAX_AGE": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "wlzportal", "worker", "-Q", "traag", "-c", "1", "-l", "info",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", "traag@%h"],
        cwd=ROOT, env=omgeving, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def test_worker_gestopt_midden_in_stap_laat_niets_half_achter(celery_worker, tmp_path):
    _ronde, _zk, _i, (inschrijving,) = gesloten_ronde_met_indieningen(("3",))
    with transaction.atomic():
        (pk,) = pipeline.beoordelingen_aanmaken(ronde=inschrijving.ronde, zorgkantoor=inschrijving.zorgkantoor)
    log = tmp_path / "traag.log"
    traag = _start_trage_worker(log)
    try:
        assert wacht_tot(lambda: "ready." in log.read_text(), 60), log.read_text()
        tasks.stap1_volledigheid.apply_async((pk,), queue="traag")
        assert wacht_tot(lambda: "stap1_volledigheid" in log.read_text() and "received" in log.read_text(), 30)
        # Inside the step's transaction (it pauses there for 30 s): the results are written but not committed.
        time.sleep(3)
    finally:
        os.killpg(traag.pid, signal.SIGKILL)
        traag.wait(timeout=30)
    b = Beoordeling.objects.get(pk=pk)
    assert (b.fase, b.stap1_klaar_op) == (Fase.NIEUW, None)
    assert not Toetsresultaat.objects.filter(beoordeling=b).exists()
    # The beat task that resumes stuck assessments dispatches it again; the normal worker completes it.
    assert tasks.hervat_vastgelopen(minuten=0) == 1
    assert wacht_tot(lambda: Beoordeling.objects.get(pk=pk).fase == Fase.CONTROLE, 60), \
        celery_worker.log.read_text()[-3000:]
    regels = list(Toetsresultaat.objects.filter(beoordeling=b).values_list("regel", flat=True))
    assert regels and len(regels) == len(set(regels))


def test_mislukte_stap_wordt_vastgelegd_en_kan_opnieuw(monkeypatch):
    _ronde, _zk, (inkoper, _c), (inschrijving,) = gesloten_ronde_met_indieningen(("3",))
    with transaction.atomic():
        (pk,) = pipeline.beoordelingen_aanmaken(ronde=inschrijving.ronde, zorgkantoor=inschrijving.zorgkantoor)

    def stuk(_id):
        raise RuntimeError("regelset onleesbaar")

    monkeypatch.setattr(pipeline, "stap1_volledigheid", stuk)
    from celery.exceptions import Retry

    with pytest.raises(Retry):
        tasks.stap1_volledigheid.apply(args=(pk,), throw=True)
    b = Beoordeling.objects.get(pk=pk)
    assert b.mislukt and b.fout_stap == "volledigheid" and "regelset onleesbaar" in b.fout
    monkeypatch.undo()
    tasks.opnieuw_proberen(beoordeling=b, door=inkoper)
    b.refresh_from_db()
    assert not b.mislukt
    assert pipeline.stap1_volledigheid(pk) and pipeline.stap2_controle(pk)
    assert Beoordeling.objects.get(pk=pk).fase == Fase.CONTROLE
