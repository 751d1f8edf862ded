"""Laptop mode: a real Celery worker runs on kombu's filesystem transport without Redis."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_worker_op_bestandsbroker_voert_taak_uit(tmp_path):
    omgeving = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
    omgeving.update(WLZ_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="wlzportal.settings")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=omgeving, check=True)
    log = tmp_path / "worker.log"
    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "wlzportal", "worker", "-c", "1", "-l", "info",
                               "--without-gossip", "--without-mingle", "--without-heartbeat"],
                              cwd=ROOT, env=omgeving, stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        code = ("import django; django.setup(); from django.db import transaction; "
                "from inschrijving import berichten; "
                "transaction.atomic()(lambda: berichten.verstuur(aan=['a@example.nl'], onderwerp='Proef', "
                "tekst='x'))()")
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=omgeving, check=True)
        status = ""
        einde = time.monotonic() + 60
        while time.monotonic() < einde and status != "verzonden":
            status = subprocess.run(
                [sys.executable, "-c", "import django; django.setup(); from inschrijving.models import Bericht; "
                 "print(Bericht.objects.get().status)"], cwd=ROOT, env=omgeving, capture_output=True,
                text=True).stdout.strip()
            time.sleep(0.5)
        assert status == "verzonden", log.read_text()[-2000:]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
