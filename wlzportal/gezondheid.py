"""Health endpoints for the operation (issue 13, item 5), each answering 200 when healthy and 503 when not, with a
small JSON body an orchestrator or a monitor reads: the web app (its database and cache), the Celery workers (a
ping over the broker), and beat (its heartbeat task, scheduled every minute and run by a worker, ran recently)."""

import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wlzportal.celery import HARTSLAG, app

HARTSLAG_MAX = 180  # seconds: three missed beats


def _antwoord(gezond: bool, **details) -> JsonResponse:
    return JsonResponse({"status": "ok" if gezond else "storing", **details}, status=200 if gezond else 503)


@never_cache
@require_GET
def web(request):
    details = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        details["database"] = "ok"
    except Exception as fout:  # any failure is the answer, not an error page
        details["database"] = f"storing: {type(fout).__name__}"
    try:
        cache.set("wlz:gezondheid:web", 1, timeout=10)
        details["cache"] = "ok" if cache.get("wlz:gezondheid:web") == 1 else "storing"
    except Exception as fout:
        details["cache"] = f"storing: {type(fout).__name__}"
    return _antwoord(all(v == "ok" for v in details.values()), **details)


@never_cache
@require_GET
def worker(request):
    try:
        antwoorden = app.control.ping(timeout=1.0) or []
    except Exception as fout:
        return _antwoord(False, workers=[], fout=type(fout).__name__)
    namen = sorted(naam for antwoord in antwoorden for naam in antwoord)
    return _antwoord(bool(namen), workers=namen)


@never_cache
@require_GET
def beat(request):
    laatst = cache.get(HARTSLAG)
    leeftijd = None if laatst is None else round(time.time() - laatst)
    return _antwoord(leeftijd is not None and leeftijd < HARTSLAG_MAX, laatste_hartslag_seconden_geleden=leeftijd)
