"""The Celery application: tasks of every app, configured from Django's settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wlzportal.settings")

app = Celery("wlzportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
