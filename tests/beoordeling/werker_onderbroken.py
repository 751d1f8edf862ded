"""Test-only Celery entry point: the project's app, with step 1 (volledigheid) interrupted just before its last
write, so a test can kill the worker at a known point inside the step's transaction.

Started by tests/beoordeling/test_pipeline.py as ``celery -A tests.beoordeling.werker_onderbroken worker``,
with ``WLZ_ONDERBREKING_MAP`` set to a directory the test watches. In each pool process, the audit lines that
the steps write last inside their transaction (``audit.log_alle``) are wrapped; when they hold step 1's line,
before the real write, the process

1. writes ``bereikt-<n>.json`` (atomically, by rename) with its pid, the PostgreSQL backend pid of its
   connection, whether it is inside an atomic block, and what its own transaction sees of the step so far;
2. waits until the test creates ``door`` in that directory (at most ``MAX_WACHT`` seconds, then it fails the
   step rather than hang).

Production code knows nothing of this: nothing is patched outside this worker's processes.
"""

import json
import os
import time
from pathlib import Path

from celery.signals import worker_process_init

from wlzportal.celery import app

__all__ = ["app"]

MAX_WACHT = 120


def _map() -> Path:
    return Path(os.environ["WLZ_ONDERBREKING_MAP"])


def _meld_en_wacht(inschrijving) -> None:
    from django.db import connection

    from beoordeling.models import Beoordeling, Toetsresultaat

    meldingen = _map()
    b = Beoordeling.objects.get(inschrijving=inschrijving)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), txid_current_if_assigned() IS NOT NULL")
        backend_pid, schreef = cursor.fetchone()
    melding = {
        "pid": os.getpid(),
        "backend_pid": backend_pid,
        "in_transactie": connection.in_atomic_block,
        "transactie_schreef_al": schreef,
        "beoordeling": b.pk,
        "stap1_klaar_in_transactie": b.stap1_klaar_op is not None,
        "resultaten_in_transactie": Toetsresultaat.objects.filter(beoordeling=b).count(),
    }
    nummer = len(list(meldingen.glob("bereikt-*.json"))) + 1
    tijdelijk = meldingen / f".bereikt-{nummer}.tmp"
    tijdelijk.write_text(json.dumps(melding))
    tijdelijk.rename(meldingen / f"bereikt-{nummer}.json")
    einde = time.monotonic() + MAX_WACHT
    while not (meldingen / "door").exists():
        if time.monotonic() > einde:
            raise RuntimeError(f"De test gaf binnen {MAX_WACHT} s geen teken om door te gaan.")
        time.sleep(0.05)


@worker_process_init.connect
def _onderbreek_stap1(**_kwargs) -> None:
    """In every pool process (also the one forked after a kill): wrap the last write of step 1."""
    from beoordeling import audit

    echte_log_alle = audit.log_alle

    def log_alle(regels):
        for regel in regels:
            if regel.actie == "stap1_volledigheid":
                _meld_en_wacht(regel.inschrijving)
        return echte_log_alle(regels)

    audit.log_alle = log_alle
