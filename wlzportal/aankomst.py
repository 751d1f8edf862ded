"""The arrival time of a request: the moment a submission counts as received (issue 9, "Receipt time is arrival
time").

A submission is on time when its request arrived before the sluitingstijd, however long the server then takes to
process it. Behind the reverse proxy (production: nginx, ``deploy/nginx.conf``) the arrival is the moment nginx had
the complete request, which it passes as ``X-Request-Start: t=<seconds since the epoch>`` — with sync gunicorn
workers a request can wait in the listen queue before any Python runs, so only the edge knows when it arrived.
That header is trusted only when ``AANKOMST_HEADER`` names it (the proxy overwrites whatever a client sent) and
only within ``AANKOMST_MAX_WACHT`` seconds before now; otherwise, and without a proxy, the arrival is the moment
this middleware — the first of the stack — sees the request.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone


def _uit_header(waarde: str) -> datetime | None:
    waarde = waarde.strip()
    if waarde.startswith("t="):
        waarde = waarde[2:]
    try:
        seconden = float(waarde)
    except ValueError:
        return None
    if seconden > 1e11:  # some proxies send milliseconds or microseconds
        seconden /= 1000 if seconden < 1e14 else 1_000_000
    try:
        return datetime.fromtimestamp(seconden, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def aankomsttijd(request, nu: datetime) -> datetime:
    header = getattr(settings, "AANKOMST_HEADER", "")
    if header:
        waarde = request.META.get("HTTP_" + header.upper().replace("-", "_"))
        moment = _uit_header(waarde) if waarde else None
        # Never later than now, never earlier than the longest a request may plausibly have waited.
        if moment is not None and nu - timedelta(seconds=settings.AANKOMST_MAX_WACHT) <= moment <= nu:
            return moment
    return nu


class AankomstMiddleware:
    """Stamps ``request.aangekomen_op``; first in MIDDLEWARE so no other middleware's work counts as waiting."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.aangekomen_op = aankomsttijd(request, timezone.now())
        return self.get_response(request)


def aangekomen_op(request) -> datetime:
    return getattr(request, "aangekomen_op", None) or timezone.now()
