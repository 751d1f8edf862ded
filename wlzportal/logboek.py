"""Structured logs (issue 13, item 5): one JSON object per line on stdout (``LOG_FORMAAT=json``, the default with
``DJANGO_DEBUG=false``), or one readable line (``tekst``, the laptop default). Every line has its timestamp in ISO 8601
UTC, level, logger and event, and the context django-structlog binds: the ``request_id`` of the web request, the
``user_id``, and in a Celery task its ``task_id`` with the ``request_id`` of the request that queued it.

Django's, Celery's and gunicorn's records and our own ``logging.getLogger(__name__)`` lines all pass through the one
formatter made here. Configured once per process: Django calls ``inrichten`` with ``LOGGING`` (``LOGGING_CONFIG`` in
settings), the Celery worker and beat from ``setup_logging`` (wlzportal/celery.py), gunicorn's master through
``GunicornLogboek`` (the Dockerfile's ``--logger-class``).
"""

import logging.config
import os
import re
import uuid

import structlog
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import receiver
from django_structlog import signals
from gunicorn import glogging

FORMATEN = ("json", "tekst")

#: On a readable line these come before the event, in this order; the event's own fields follow it, so a line from
#: the standard library (Celery's "Task … succeeded in 0.1s: 5") still ends with its message.
CONTEXT = ("request_id", "task_id", "parent_task_id", "user_id", "ip")

#: A request id from upstream (nginx's ``$request_id``: 32 hex digits) is kept only in this shape; anything else a
#: client managed to send is replaced by a fresh one, so no client writes free text into the log.
GELDIG_REQUEST_ID = re.compile(r"[0-9A-Za-z-]{8,64}")

_GEDEELD = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def _tekst(_logger, _methode, gebeurtenis: dict) -> str:
    """One readable line: time, level, logger, the context, the event, its own fields; a traceback below."""
    uitzondering = gebeurtenis.pop("exception", None)
    kop = [gebeurtenis.pop("timestamp", ""), f"{gebeurtenis.pop('level', '').upper():<7}",
           gebeurtenis.pop("logger", "")]
    context = [f"{sleutel}={gebeurtenis.pop(sleutel)}" for sleutel in CONTEXT if sleutel in gebeurtenis]
    if context:
        kop.append(f"[{' '.join(context)}]")
    tekst = str(gebeurtenis.pop("event", ""))
    velden = " ".join(f"{sleutel}={waarde}" for sleutel, waarde in gebeurtenis.items())
    regel = " ".join([*kop, tekst] + ([velden] if velden else []))
    return f"{regel}\n{uitzondering}" if uitzondering else regel


def formatter(formaat: str) -> structlog.stdlib.ProcessorFormatter:
    """The formatter of every handler (``LOGGING["formatters"]``): structlog's own events and standard-library
    records alike, rendered as JSON or as a readable line."""
    if formaat not in FORMATEN:
        raise ImproperlyConfigured(f"LOG_FORMAAT={formaat!r}: kies uit {', '.join(FORMATEN)}.")
    weergave = structlog.processors.JSONRenderer() if formaat == "json" else _tekst
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_GEDEELD,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, weergave],
    )


def inrichten(config: dict) -> None:
    """structlog, then the standard library's logging from ``config`` (Django's ``LOGGING``)."""
    structlog.configure(
        processors=[structlog.stdlib.filter_by_level, *_GEDEELD, structlog.stdlib.PositionalArgumentsFormatter(),
                    structlog.processors.StackInfoRenderer(),
                    structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    logging.config.dictConfig(config)


@receiver(signals.bind_extra_request_metadata)
def _request_context(request, **kwargs) -> None:
    """A well-formed request id (else a fresh one), and the client's address as the lockout counts it."""
    from wlzportal.beveiliging import klant_ip

    if not GELDIG_REQUEST_ID.fullmatch(structlog.contextvars.get_contextvars().get("request_id", "")):
        structlog.contextvars.bind_contextvars(request_id=str(uuid.uuid4()))
    structlog.contextvars.bind_contextvars(ip=klant_ip(request))


class GunicornLogboek(glogging.Logger):
    """gunicorn's own messages (listening, a worker booted, a worker timed out) in the portal's format: through the
    root logger instead of gunicorn's handler. Its access log, off unless asked for, keeps its own format."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wlzportal.settings")
        from django.conf import settings

        inrichten(settings.LOGGING)
        self.error_log.handlers = []
        self.error_log.propagate = True
