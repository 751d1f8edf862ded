"""The pipeline after closing through a real Celery worker on Redis: started by beat at the sluitingstijd,
idempotent when a step runs twice, and without half-written state when a worker is killed mid-step."""

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from beoordeling import pipeline, tasks
from beoordeling.models import AuditRegel, Beoordeling, Fase, RondeVerwerking, Toetsresultaat
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
    assert onvolledig.fase == Fase.VOORSTEL_NIET_IN_BEHANDELING  # a proposal for the zorginkoper (002 §4.6)
    assert onvolledig.resultaten.get(regel="document.statuten.aanwezig").uitkomst == "voldoet_niet"
    volledig = Beoordeling.objects.get(inschrijving=inschrijvingen[2])
    assert volledig.fase == Fase.CONTROLE
    # Every automated result names its rule, source and evidence, and was decided by the system.
    kvk = volledig.resultaten.get(regel="document.kvk_uittreksel.leeftijd")
    assert kvk.bron and kvk.bewijs["sha256"] and kvk.besloten_door is None and kvk.automatisch
    assert volledig.resultaten.filter(uitkomst="handmatig", regel="integriteit.uitsluitingsgronden").exists()
    # One message for the round's three: step 1 for all three and step 2 for the two complete ones (issue 10).
    assert re.search(r"automatische_stappen\[[0-9a-f-]+\] succeeded in [\d.e-]+s: 5$", celery_worker.log.read_text(),
                     re.M), celery_worker.log.read_text()[-3000:]


SUCCES = re.compile(r"Task (?P<naam>[\w.]+)\[(?P<id>[0-9a-f-]+)\] succeeded in [\d.e-]+s: (?P<uitkomst>.*)$")


def _geslaagd(log: Path) -> dict[str, tuple[str, str]]:
    """Per task id that the worker log reports as succeeded: (task name, return value)."""
    uit = {}
    for regel in log.read_text().splitlines():
        if gevonden := SUCCES.search(regel):
            uit[gevonden["id"]] = (gevonden["naam"], gevonden["uitkomst"])
    return uit


def test_stap_twee_keer_geeft_geen_dubbele_resultaten(celery_worker):
    _ronde, _zk, _i, (inschrijving,) = gesloten_ronde_met_indieningen(("3",))
    with transaction.atomic():
        (pk,) = pipeline.beoordelingen_aanmaken(ronde=inschrijving.ronde, zorgkantoor=inschrijving.zorgkantoor)
    stap1, stap2 = "beoordeling.tasks.stap1_volledigheid", "beoordeling.tasks.stap2_controle"
    verstuurd = {}
    for _ in range(2):
        verstuurd[tasks.stap1_volledigheid.delay(pk).id] = stap1
        verstuurd[tasks.stap2_controle.delay(pk).id] = stap2
    laatste = tasks.keten(pk).apply_async()
    verstuurd[laatste.parent.id], verstuurd[laatste.id] = stap1, stap2
    assert len(verstuurd) == 6
    # Wait for exactly these six deliveries, each reported as succeeded by the worker (with a generous bound).
    assert wacht_tot(lambda: verstuurd.keys() <= _geslaagd(celery_worker.log).keys(), 90), \
        celery_worker.log.read_text()[-3000:]
    geslaagd = _geslaagd(celery_worker.log)
    assert {i: geslaagd[i][0] for i in verstuurd} == verstuurd
    # The step's lock and phase check: of the three deliveries of each step, exactly one did the work.
    for naam in (stap1, stap2):
        uitkomsten = sorted(geslaagd[i][1] for i, n in verstuurd.items() if n == naam)
        assert uitkomsten == ["False", "False", "True"], (naam, uitkomsten)
    b = Beoordeling.objects.get(pk=pk)
    assert b.fase == Fase.CONTROLE
    bevindingen = evalueer(b.indiening.snapshot)
    verwacht = {x.regel for x in bevindingen if x.stap in (VOLLEDIGHEID, CONTROLE)}
    regels = list(b.resultaten.values_list("regel", flat=True))
    assert len(regels) == len(set(regels))
    assert verwacht <= set(regels)
    acties = list(AuditRegel.objects.filter(inschrijving=inschrijving, actie__startswith="stap")
                  .values_list("actie", flat=True))
    assert sorted(acties) == ["stap1_volledigheid", "stap2_controle"]


def test_hervat_vastgelopen_stuurt_een_blijven_hangende_beoordeling_opnieuw(celery_worker):
    _ronde, _zk, _i, (inschrijving,) = gesloten_ronde_met_indieningen(("3",))
    with transaction.atomic():  # created, but its chain never dispatched (a lost message)
        (pk,) = pipeline.beoordelingen_aanmaken(ronde=inschrijving.ronde, zorgkantoor=inschrijving.zorgkantoor)
    assert tasks.hervat_vastgelopen(minuten=10) == 0  # not stuck yet
    assert tasks.hervat_vastgelopen(minuten=0) == 1
    assert wacht_tot(lambda: Beoordeling.objects.get(pk=pk).fase == Fase.CONTROLE, 60), \
        celery_worker.log.read_text()[-3000:]
    assert tasks.hervat_vastgelopen(minuten=0) == 0  # done: nothing to resume


# --- a worker killed inside a step's transaction ---------------------------------------------------------

def _start_onderbroken_worker(log: Path, meldingen: Path) -> subprocess.Popen:
    """A real worker (as the celery_worker fixture starts it) on its own queue, from the test-only entry module
    tests/beoordeling/werker_onderbroken.py, which stops step 1 just before its last write."""
    database = settings.DATABASES["default"]
    omgeving = {**os.environ, "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
                f"{database['NAME']}", "DATABASE_CONN_MAX_AGE": "0", "WLZ_ONDERBREKING_MAP": str(meldingen)}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.beoordeling.werker_onderbroken", "worker", "-Q", "onderbroken",
         "-c", "1", "-l", "info", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", "onderbroken@%h"],
        cwd=ROOT, env=omgeving, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def _melding(meldingen: Path, nummer: int) -> dict | None:
    pad = meldingen / f"bereikt-{nummer}.json"
    return json.loads(pad.read_text()) if pad.exists() else None


def _backend_bestaat(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 1


def _backend_status(pid: int) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", [pid])
        rij = cursor.fetchone()
    return rij[0] if rij else None


def _proces_leeft(pid: int) -> bool:
    """Running, i.e. neither gone nor a zombie waiting for the worker's main process to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def test_worker_gestopt_midden_in_stap_laat_niets_half_achter(tmp_path):
    _ronde, _zk, _i, (inschrijving,) = gesloten_ronde_met_indieningen(("3",))
    with transaction.atomic():
        (pk,) = pipeline.beoordelingen_aanmaken(ronde=inschrijving.ronde, zorgkantoor=inschrijving.zorgkantoor)
    meldingen = tmp_path / "meldingen"
    meldingen.mkdir()
    log = tmp_path / "onderbroken.log"
    worker = _start_onderbroken_worker(log, meldingen)
    try:
        assert wacht_tot(lambda: "ready." in log.read_text(), 60), log.read_text()
        taak = tasks.stap1_volledigheid.apply_async((pk,), queue="onderbroken")

        # 1. The pool process signals from inside the step's transaction, just before its last write: the
        #    results and the step's own row are written there, but nothing is committed.
        assert wacht_tot(lambda: _melding(meldingen, 1), 60), log.read_text()
        eerste = _melding(meldingen, 1)
        assert eerste["beoordeling"] == pk and eerste["in_transactie"] and eerste["transactie_schreef_al"]
        assert eerste["stap1_klaar_in_transactie"] and eerste["resultaten_in_transactie"] > 0
        assert _backend_status(eerste["backend_pid"]) == "idle in transaction"
        assert (Beoordeling.objects.get(pk=pk).stap1_klaar_op, Toetsresultaat.objects.filter(beoordeling=pk).count()) \
            == (None, 0)

        # 2. Kill that process (SIGKILL: no cleanup, no rollback by the worker) and wait until PostgreSQL has
        #    dropped its connection, i.e. has rolled its transaction back.
        os.kill(eerste["pid"], signal.SIGKILL)
        assert wacht_tot(lambda: not _proces_leeft(eerste["pid"]), 30)
        assert wacht_tot(lambda: not _backend_bestaat(eerste["backend_pid"]), 30)
        b = Beoordeling.objects.get(pk=pk)
        assert (b.fase, b.stap1_klaar_op, b.fout, b.pogingen) == (Fase.NIEUW, None, "", 0)
        assert not Toetsresultaat.objects.filter(beoordeling=b).exists()
        assert not AuditRegel.objects.filter(inschrijving=inschrijving, actie="stap1_volledigheid").exists()

        # 3. acks_late + reject_on_worker_lost: the worker requeues the message and a fresh pool process gets it.
        assert wacht_tot(lambda: _melding(meldingen, 2), 60), log.read_text()
        tweede = _melding(meldingen, 2)
        assert tweede["pid"] != eerste["pid"] and tweede["beoordeling"] == pk and tweede["in_transactie"]
        assert "signal 9 (SIGKILL)" in log.read_text()
        (meldingen / "door").touch()
        assert wacht_tot(lambda: taak.id in _geslaagd(log), 60), log.read_text()[-3000:]
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)

    # 4. The step completed exactly once: one delivery did the work, one audit line, no result twice.
    assert _geslaagd(log)[taak.id] == ("beoordeling.tasks.stap1_volledigheid", "True")
    assert log.read_text().count(f"[{taak.id}] succeeded") == 1
    assert not _melding(meldingen, 3)
    b = Beoordeling.objects.get(pk=pk)
    assert b.stap1_klaar_op is not None and b.fase == Fase.NIEUW  # step 2 was not dispatched in this test
    verwacht = {x.regel for x in evalueer(b.indiening.snapshot) if x.stap == VOLLEDIGHEID}
    regels = list(Toetsresultaat.objects.filter(beoordeling=b).values_list("regel", flat=True))
    assert len(regels) == len(set(regels)) == tweede["resultaten_in_transactie"]
    assert set(regels) == verwacht
    assert AuditRegel.objects.filter(inschrijving=inschrijving, actie="stap1_volledigheid").count() == 1


def test_mislukte_stap_wordt_vastgelegd_en_kan_opnieuw(monkeypatch, celery_meteen):
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
    tasks.opnieuw_proberen(beoordeling=b, door=inkoper)  # dispatched after commit: here, at once (celery_meteen)
    b.refresh_from_db()
    assert not b.mislukt and b.fout == "" and b.fase == Fase.CONTROLE
    assert b.volledigheidscontroles.count() == 1 and b.resultaten.filter(stap=CONTROLE).exists()
    assert not pipeline.stap1_volledigheid(pk) and not pipeline.stap2_controle(pk)  # done: nothing twice
