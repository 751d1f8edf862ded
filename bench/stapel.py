"""The production processes a benchmark measures against: gunicorn as the Dockerfile runs it (its command, its four
workers, DEBUG off, the production variables of ``.env.example``, the database connection kept as the settings keep
it) and Celery workers as docker-compose runs them, on the PostgreSQL and Redis that ``scripts/testenv.py
--productie`` started (``make bench``: fsync, synchronous_commit and full_page_writes on).

Call ``django.setup()`` first (the benchmark seeds through the ORM in its own process).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.productie import ProductieServer, gunicorn_opdracht  # noqa: E402


class Gunicorn(ProductieServer):
    """The Dockerfile's gunicorn, unchanged but for the loopback port: four sync workers, timeout 120 s."""

    def __init__(self, werkmap: Path, *, workers: int | None = None, extra: dict | None = None):
        from django.conf import settings

        werkmap.mkdir(parents=True, exist_ok=True)
        super().__init__(werkmap, settings.DATABASES["default"], Path(settings.PRIVATE_STORAGE_ROOT))
        self.omgeving.pop("DATABASE_CONN_MAX_AGE", None)  # production keeps connections (the settings' 60 s)
        self.omgeving.update(extra or {})
        dockerfile = gunicorn_opdracht()
        self.workers = workers or int(dockerfile[dockerfile.index("--workers") + 1])

    def opdracht(self) -> list[str]:
        opdracht = super().opdracht()
        opdracht[opdracht.index("--workers") + 1] = str(self.workers)
        return opdracht

    def pids(self) -> list[int]:
        """The worker processes (children of gunicorn's arbiter)."""
        kinderen = Path(f"/proc/{self.proces.pid}/task/{self.proces.pid}/children").read_text().split()
        return [int(p) for p in kinderen]


def worker_opdracht() -> list[str]:
    """docker-compose.yml's ``worker`` command (with its ``nice``)."""
    import yaml

    return list(yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["worker"]["command"])


class CeleryWorkers:
    """``aantal`` workers as docker-compose's ``worker`` service runs them (its command, ``nice`` included), each with
    ``concurrency`` prefork processes instead of compose's four (two shared cores), with the environment of this
    process (DATABASE_URL, REDIS_URL) and ``extra`` on top. A failed start stops what did start."""

    def __init__(self, log_map: Path, aantal: int = 1, concurrency: int = 1, naam: str = "bench",
                 extra: dict | None = None):
        self.log_map = log_map
        self.extra = extra or {}
        self.aantal, self.concurrency, self.naam = aantal, concurrency, naam
        self.processen: list[subprocess.Popen] = []

    def __enter__(self) -> CeleryWorkers:
        self.log_map.mkdir(parents=True, exist_ok=True)
        omgeving = {**os.environ, "PYTHONPATH": str(ROOT), **self.extra}
        omgeving.pop("DATABASE_CONN_MAX_AGE", None)
        opdracht = worker_opdracht()
        opdracht[opdracht.index("--concurrency") + 1] = str(self.concurrency)
        celery = opdracht.index("celery")
        opdracht[celery:celery + 1] = [sys.executable, "-m", "celery"]
        for n in range(self.aantal):
            log = self.log_map / f"{self.naam}-worker-{n}.log"
            self.processen.append(subprocess.Popen(
                [*opdracht, "-n", f"{self.naam}{n}@%h"], cwd=ROOT, env=omgeving,
                stdout=log.open("w"), stderr=subprocess.STDOUT))
            proces = self.processen[-1]
            proces.log = log
        einde = time.monotonic() + 90
        for proces in self.processen:
            while "ready." not in proces.log.read_text():
                if proces.poll() is not None or time.monotonic() > einde:
                    self.__exit__()
                    raise RuntimeError(f"celery worker startte niet:\n{proces.log.read_text()[-3000:]}")
                time.sleep(0.2)
        return self

    def __exit__(self, *_exc) -> None:
        for proces in self.processen:
            proces.terminate()
        for proces in self.processen:
            try:
                proces.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proces.kill()
                proces.wait(timeout=30)
