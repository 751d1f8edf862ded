"""The Celery application: tasks of every app, configured from Django's settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wlzportal.settings")

app = Celery("wlzportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

#: Where the periodic heartbeat leaves its time (wlzportal/gezondheid.py: beat scheduled it and a worker ran it).
HARTSLAG = "wlz:gezondheid:hartslag"


@app.task(name="wlzportal.hartslag", ignore_result=True)
def hartslag() -> None:
    import time

    from django.core.cache import cache

    cache.set(HARTSLAG, time.time(), timeout=24 * 3600)
