"""The Celery application: tasks of every app, configured from Django's settings (CELERY_*)."""

import os

from celery import Celery
from celery.signals import setup_logging
from django_structlog.celery.steps import DjangoStructLogInitStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wlzportal.settings")

app = Celery("wlzportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The request id (and user) of the request that queued a task, bound in the worker for every line the task logs.
app.steps["worker"].add(DjangoStructLogInitStep)


@setup_logging.connect
def _logboek(**kwargs) -> None:
    """Worker and beat log as the web does (wlzportal/logboek.py): Django's LOGGING instead of Celery's own format."""
    from django.conf import settings

    from wlzportal.logboek import inrichten

    inrichten(settings.LOGGING)

#: Where the periodic heartbeat leaves its time (wlzportal/gezondheid.py: beat scheduled it and a worker ran it).
HARTSLAG = "wlz:gezondheid:hartslag"


@app.task(name="wlzportal.hartslag", ignore_result=True)
def hartslag() -> None:
    import time

    from django.core.cache import cache

    cache.set(HARTSLAG, time.time(), timeout=24 * 3600)
