"""Faults heal by themselves (issue 9, item 9): with a worker on Redis, kill -9 the worker mid-step, stop Redis for
60 s, restart PostgreSQL; each time, every inschrijving of the round ends with exactly one result per step within two
minutes after the fault ends, without anyone acting.

The shared servers of the test run stay untouched: this module starts its OWN PostgreSQL cluster and Redis server
(the start functions of ``scripts/testenv.py``; Redis with ``--appendonly yes``, as docker-compose runs it), migrates
the database, and runs a real ``celery worker`` (prefork, 2 processes) and ``celery beat`` as subprocesses with the
commands of docker-compose.yml, with the project's own settings (no test hooks). Rounds are seeded by the benchmark's
seeder (``tests/beoordeling/storing_ronde.py`` → ``bench/beoordeling.py``) and started as beat starts them.

"A worker" is what docker-compose runs as the ``worker`` service: the ``celery worker`` main process with its pool
processes. Killed with SIGKILL (the kernel's OOM killer, a crashed host, ``docker kill``), all of it dies at once and
the messages it had taken stay unacknowledged in Redis; compose's ``restart: unless-stopped`` starts a new one, which
is what the test does. (One pool process killed alone is the milder case: the main process gives its message back at
once, see ``test_pipeline.py::test_worker_gestopt_midden_in_stap_laat_niets_half_achter``.)

One result per step, per inschrijving: step 1's run (its ``Volledigheidscontrole``, number 1) and audit line, step 2's
time stamp and audit line, and no result row twice; a duplicate fails the test the moment it is seen.

Before the fix (HEAD b7c02cb: hervat_vastgelopen every 5 min for assessments untouched for 10 min, Redis's
visibility_timeout of an hour, a dispatch after commit that raises when Redis is down, a lost database connection
handled as the dossier's failure) each of the three tests failed on its 120 s bound: after the kill 298 of 300
inschrijvingen were complete, after Redis came back 298 of 300 (and the dispatch during the outage raised kombu's
OperationalError after its commit), after the PostgreSQL restart 283 of 300.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
import redis

from scripts import testenv
from tests.conftest import ROOT, wacht_tot

pytestmark = pytest.mark.celery

BINNEN = 120  # seconds after the fault ends
REDIS_WEG = 60  # seconds
AANTAL = 300  # inschrijvingen per round: enough that steps are still running when the fault strikes

STAND = """
SELECT count(*) AS inschrijvingen,
       count(b.id) AS beoordelingen,
       count(b.stap1_klaar_op) AS stap1_klaar,
       count(*) FILTER (WHERE v.n = 1 AND a1.n = 1 AND a2.n = 1 AND b.stap1_klaar_op IS NOT NULL
                              AND b.stap2_klaar_op IS NOT NULL) AS klaar,
       coalesce(max(greatest(v.n, a1.n, a2.n)), 0) AS meeste
FROM inschrijving_inschrijving i
LEFT JOIN beoordeling_beoordeling b ON b.inschrijving_id = i.id
LEFT JOIN LATERAL (SELECT count(*) AS n FROM beoordeling_volledigheidscontrole WHERE beoordeling_id = b.id) v ON true
LEFT JOIN LATERAL (SELECT count(*) AS n FROM beoordeling_auditregel
                   WHERE inschrijving_id = i.id AND actie = 'stap1_volledigheid') a1 ON true
LEFT JOIN LATERAL (SELECT count(*) AS n FROM beoordeling_auditregel
                   WHERE inschrijving_id = i.id AND actie = 'stap2_controle') a2 ON true
WHERE i.ronde_id = %(ronde)s AND i.zorgkantoor_id = %(zk)s AND i.status = 'ingediend'
"""
DUBBELE_RESULTATEN = """
SELECT count(*) FROM (
    SELECT 1 FROM beoordeling_toetsresultaat t
    JOIN beoordeling_beoordeling b ON b.id = t.beoordeling_id
    JOIN inschrijving_inschrijving i ON i.id = b.inschrijving_id
    WHERE i.ronde_id = %(ronde)s GROUP BY t.beoordeling_id, t.regel HAVING count(*) > 1) AS dubbel
"""
STAPTAAK = r"Task beoordeling\.tasks\.(?:automatische_stappen|stap\d_\w+)"  # a batch, or one step of one dossier
HERKANSING = re.compile(STAPTAAK + r"\[[0-9a-f-]+\] retry")
HERVAT = re.compile(r"hervat_vastgelopen: (?P<n>\d+) beoordeling")
ONTVANGEN = re.compile(STAPTAAK + r"\[(?P<id>[0-9a-f-]+)\] received")
AFGEROND = re.compile(STAPTAAK + r"\[(?P<id>[0-9a-f-]+)\] (succeeded|failed|retry|raised)")


class Stapel:
    """Its own PostgreSQL and Redis, migrated, with a Celery worker and beat as docker-compose runs them."""

    def __init__(self, werkmap: Path):
        self.werkmap = werkmap
        self.processen: list[subprocess.Popen] = []
        self.stop_pg = self.stop_redis = None

    def starten(self) -> None:
        werkmap = self.werkmap
        self.logs = werkmap / "logs"
        self.logs.mkdir()
        self.app_map = werkmap / "app"  # the processes' working directory (beat's pid file)
        self.app_map.mkdir()
        self.redis_map = werkmap / "redis"
        self.redis_map.mkdir()
        self.database_url, self.stop_pg = testenv.start_postgres(werkmap)
        self.redis_url, self.stop_redis = testenv.start_redis(self.redis_map, appendonly=True)
        self.redis_poort = int(self.redis_url.rsplit(":", 1)[1].split("/")[0])
        self.omgeving = {**os.environ, "DATABASE_URL": self.database_url, "REDIS_URL": self.redis_url,
                         "WLZ_VAR_DIR": str(werkmap / "var"), "PYTHONPATH": str(ROOT)}
        self.omgeving.pop("DATABASE_CONN_MAX_AGE", None)  # the settings' own (60 s, with health checks)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT,
                       env=self.omgeving, check=True, timeout=300)
        self.workers = 0
        self.worker = self.start_worker()
        self.beat = self._start(["beat", "-l", "info"], self.logs / "beat.log", "beat: Starting")

    def _start(self, opdracht: list[str], log: Path, klaar: str) -> subprocess.Popen:
        proces = subprocess.Popen([sys.executable, "-m", "celery", "-A", "wlzportal", *opdracht], cwd=self.app_map,
                                  env=self.omgeving, stdout=log.open("w"), stderr=subprocess.STDOUT,
                                  start_new_session=True)
        proces.log = log
        self.processen.append(proces)
        if not wacht_tot(lambda: klaar in log.read_text() or proces.poll() is not None, 90) or proces.poll():
            raise RuntimeError(f"{opdracht[0]} startte niet:\n{log.read_text()[-3000:]}")
        return proces

    def start_worker(self) -> subprocess.Popen:
        """docker-compose.yml's worker (``--concurrency 4`` there; two here, on two shared cores)."""
        self.workers += 1
        return self._start(["worker", "-l", "info", "--concurrency", "2"], self.logs / f"worker-{self.workers}.log",
                           "ready.")

    def leven(self) -> bool:
        return self.worker.poll() is None and self.beat.poll() is None

    def zaai(self, aantal: int, kvk: int, *opties: str) -> dict:
        uit = self.helper("zaai", "--aantal", str(aantal), "--kvk", str(kvk), *opties)
        assert uit.returncode == 0, uit.stderr[-3000:]
        return json.loads(uit.stdout.strip().splitlines()[-1])

    def helper(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "tests.beoordeling.storing_ronde", *args], cwd=ROOT,
                              env=self.omgeving, capture_output=True, text=True, timeout=300)

    def stand(self, ronde: dict) -> dict | None:
        """The round's progress from the database; None while PostgreSQL does not answer."""
        try:
            verbinding = psycopg2.connect(self.database_url, connect_timeout=3)
        except psycopg2.OperationalError:
            return None
        try:
            with verbinding.cursor() as cursor:
                parameters = {"ronde": ronde["ronde"], "zk": ronde["zorgkantoor"]}
                cursor.execute(STAND, parameters)
                stand = dict(zip([k.name for k in cursor.description], cursor.fetchone(), strict=True))
                cursor.execute(DUBBELE_RESULTATEN, parameters)
                stand["dubbele_resultaten"] = cursor.fetchone()[0]
            return stand
        except psycopg2.OperationalError:
            return None
        finally:
            verbinding.close()

    def wacht_op_stap1(self, ronde: dict, minstens: int = 10) -> None:
        """Until the pipeline is under way: at least ``minstens`` inschrijvingen through step 1, not all through 2."""
        assert wacht_tot(lambda: (self.stand(ronde) or {}).get("stap1_klaar", 0) >= minstens, 120, 0.05), \
            self.staart()
        stand = self.stand(ronde)
        assert stand["klaar"] < stand["inschrijvingen"], ("te snel: de ronde was al klaar", stand)

    def tot_alles_klaar(self, ronde: dict, sinds: float) -> float:
        """Seconds from ``sinds`` until every inschrijving of the round has exactly one result per step; fails at
        once on a duplicate, and after BINNEN seconds."""
        while True:
            stand = self.stand(ronde)
            if stand is not None:
                assert stand["meeste"] <= 1 and stand["dubbele_resultaten"] == 0, ("dubbel", stand)
                assert stand["beoordelingen"] <= stand["inschrijvingen"]
                if stand["klaar"] == stand["inschrijvingen"] > 0:
                    return time.monotonic() - sinds
            if time.monotonic() - sinds > BINNEN:
                pytest.fail(f"Na {BINNEN} s niet klaar: {stand}\n{self.staart()}")
            time.sleep(0.5)

    def hoe_genezen(self, sinds: dict[Path, int]) -> str:
        """What the worker logs say healed it, since the offsets in ``sinds`` (log → size then)."""
        tekst = "".join(log.read_text()[sinds.get(log, 0):] for log in self.logstand())
        return (f"{len(HERKANSING.findall(tekst))} stap(pen) door Celery opnieuw geprobeerd, "
                f"{sum(int(m['n']) for m in HERVAT.finditer(tekst))} door hervat_vastgelopen opnieuw verstuurd")

    def logstand(self) -> dict[Path, int]:
        return {p.log: len(p.log.read_text()) for p in self.processen if "worker" in p.log.name}

    def staart(self) -> str:
        return "\n".join(f"--- {p.log.name}\n{p.log.read_text()[-2500:]}" for p in (self.worker, self.beat))

    def opruimen(self) -> None:
        for proces in self.processen:
            if proces.poll() is None:
                os.killpg(proces.pid, signal.SIGTERM)
        for proces in self.processen:
            try:
                proces.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proces.pid, signal.SIGKILL)
                proces.wait(timeout=30)
        for stop in (self.stop_redis, self.stop_pg):
            if stop is not None:
                try:
                    stop()
                except Exception as exc:  # a server the test stopped itself
                    sys.stderr.write(f"opruimen: {exc}\n")


@pytest.fixture(scope="module")
def stapel():
    werkmap = Path(tempfile.mkdtemp(prefix="wlz-storingen-"))
    werkmap.chmod(0o755)  # PostgreSQL runs as the postgres user under root
    s = Stapel(werkmap)
    try:
        s.starten()
        yield s
    finally:
        s.opruimen()
        shutil.rmtree(werkmap, ignore_errors=True)


@pytest.fixture
def hersteltijden(stapel, record_property):
    """Per fault, the measured seconds from its end until the round was complete (printed with -s)."""
    tijden = {}
    logstand = stapel.logstand()
    yield tijden
    if stapel.worker.poll() is not None:
        stapel.worker = stapel.start_worker()  # as compose's restart policy would, for the next test
    for naam, seconden in tijden.items():
        record_property(naam, round(seconden, 1))
        print(f"\nhersteltijd {naam}: {seconden:.1f} s")
    if tijden:
        print(f"genezen: {stapel.hoe_genezen(logstand)}")


def _onderweg(log: Path) -> set[str]:
    """Step messages the worker log shows as received and never as finished."""
    tekst = log.read_text()
    return {m["id"] for m in ONTVANGEN.finditer(tekst)} - {m["id"] for m in AFGEROND.finditer(tekst)}


def test_worker_met_kill_9_midden_in_een_stap(stapel, hersteltijden):
    ronde = stapel.zaai(AANTAL, 61_000_000, "--start")
    stapel.wacht_op_stap1(ronde)

    os.killpg(stapel.worker.pid, signal.SIGKILL)  # the main process and its pool processes, no clean-up
    gedood = time.monotonic()
    stapel.worker.wait(timeout=30)
    onderweg = _onderweg(stapel.worker.log)
    assert onderweg, "geen stap onderweg toen de worker stierf"
    # What it had taken waits unacknowledged in Redis, for its visibility_timeout (an hour), not for us.
    assert redis.Redis.from_url(stapel.redis_url).hlen("unacked") >= 1

    stapel.worker = stapel.start_worker()  # docker-compose's restart: unless-stopped
    hersteltijden["worker kill -9"] = stapel.tot_alles_klaar(ronde, gedood)
    assert stapel.leven()


def test_redis_een_minuut_weg(stapel, hersteltijden):
    later = stapel.zaai(30, 63_000_000, "--niet-gesloten")
    ronde = stapel.zaai(AANTAL, 62_000_000, "--start")
    stapel.wacht_op_stap1(ronde)

    stapel.stop_redis()
    gestopt = time.monotonic()
    try:
        # While Redis is down, a process commits work and dispatches it after commit (as start_gesloten_rondes,
        # the queue's "opnieuw proberen" or an accepted toelichting do): the commit stands, and the call neither
        # fails nor hangs.
        begin = time.monotonic()
        start = stapel.helper("start", "--ronde", str(later["ronde"]), "--zorgkantoor", str(later["zorgkantoor"]))
        duur = time.monotonic() - begin
        time.sleep(max(0.0, gestopt + REDIS_WEG - time.monotonic()))
        leefden = stapel.leven()  # worker and beat wait for Redis; neither gives up
    finally:
        stapel.redis_url, stapel.stop_redis = testenv.start_redis(stapel.redis_map, stapel.redis_poort,
                                                                  appendonly=True)
    terug = time.monotonic()
    hersteltijden["Redis 60 s weg (lopende ronde)"] = stapel.tot_alles_klaar(ronde, terug)
    hersteltijden["Redis 60 s weg (ronde gestart tijdens de storing)"] = stapel.tot_alles_klaar(later, terug)
    assert leefden and stapel.leven(), stapel.staart()
    assert start.returncode == 0, start.stderr[-3000:]
    uit = json.loads(start.stdout.strip().splitlines()[-1])
    assert uit["gestart"] == 30 and uit["seconden"] < 10 and duur < 60, (uit, duur)
    assert "Broker onbereikbaar" in start.stdout  # the log line (logs go to stdout: wlzportal/logboek.py)


def test_postgres_herstart(stapel, hersteltijden):
    ronde = stapel.zaai(AANTAL, 64_000_000, "--start")
    stapel.wacht_op_stap1(ronde)

    testenv.herstart_postgres(stapel.werkmap)  # pg_ctl restart -m fast: every connection ended, rolled back
    hersteld = time.monotonic()
    hersteltijden["PostgreSQL herstart"] = stapel.tot_alles_klaar(ronde, hersteld)
    assert stapel.leven(), stapel.staart()
