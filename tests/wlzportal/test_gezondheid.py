"""Health endpoints (issue 13, item 5): the web app with its database and cache, the Celery workers (a real one,
pinged over Redis), and beat (its heartbeat, run by a worker, must be recent)."""

import time

import pytest
from django.core.cache import cache

from wlzportal.celery import HARTSLAG, hartslag

pytestmark = pytest.mark.django_db


def test_web_met_database_en_cache(client):
    antwoord = client.get("/gezondheid/")
    assert antwoord.status_code == 200
    assert antwoord.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in antwoord["Cache-Control"] or "max-age=0" in antwoord["Cache-Control"]


@pytest.mark.celery
def test_worker_antwoordt_op_een_ping(client, celery_worker):
    antwoord = client.get("/gezondheid/worker/")
    assert antwoord.status_code == 200, antwoord.content
    assert any(naam.startswith("test@") for naam in antwoord.json()["workers"])


def test_beat_gezond_na_een_recente_hartslag_en_niet_daarna(client):
    cache.delete(HARTSLAG)
    geen = client.get("/gezondheid/beat/")
    assert geen.status_code == 503 and geen.json() == {"status": "storing", "laatste_hartslag_seconden_geleden": None}
    hartslag()  # what the worker does each minute when beat schedules it
    assert client.get("/gezondheid/beat/").status_code == 200
    cache.set(HARTSLAG, time.time() - 600)
    oud = client.get("/gezondheid/beat/")
    assert oud.status_code == 503 and oud.json()["laatste_hartslag_seconden_geleden"] >= 600
