"""One Dutch date format throughout (issue 11, item 5): every date a person reads — on a page, in an e-mail, a letter,
a receipt, a rule's explanation — is written as "7 december 2026", a moment as "7 december 2026, 16:59", a legal
timestamp with its seconds, and a deadline with its weekday. Machine data (the snapshot JSON, the API) stays ISO 8601.

The formats are Django format strings, also set as the locale's DATE_FORMAT and DATETIME_FORMAT
(``wlzportal/formats``), so a date rendered without a filter (the admin, a form) reads the same. Month and weekday
names follow the active language. Aware datetimes are shown in Europe/Amsterdam time.

In templates the filters are built in (``TEMPLATES.OPTIONS.builtins``): ``{{ d|datum }}``, ``{{ dt|moment }}``,
``{{ dt|tijdstip }}``, ``{{ dt|termijn }}``."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import dateformat, timezone, translation

DATUM = "j F Y"
MOMENT = "j F Y, H:i"
TIJDSTIP = "j F Y, H:i:s"
TERMIJN = "l j F Y, H:i"

NEDERLANDSE_TIJD = ZoneInfo("Europe/Amsterdam")  # the legal time of the procedure, whatever zone is active

register = template.Library()


def _lokaal(waarde):
    if isinstance(waarde, datetime) and timezone.is_aware(waarde):
        return timezone.localtime(waarde, NEDERLANDSE_TIJD)
    return waarde


def _opmaak(waarde, formaat: str) -> str:
    if waarde in (None, ""):
        return ""
    if not isinstance(waarde, date):
        return str(waarde)
    return dateformat.format(_lokaal(waarde), formaat)


@register.filter(expects_localtime=True)
def datum(waarde) -> str:
    """7 december 2026."""
    return _opmaak(waarde, DATUM)


@register.filter(expects_localtime=True)
def moment(waarde) -> str:
    """7 december 2026, 16:59."""
    return _opmaak(waarde, MOMENT)


@register.filter(expects_localtime=True)
def tijdstip(waarde) -> str:
    """7 december 2026, 16:59:07: a legal timestamp (receipt, audit trail, upload)."""
    return _opmaak(waarde, TIJDSTIP)


@register.filter(expects_localtime=True)
def termijn(waarde) -> str:
    """maandag 7 december 2026, 17:00 — a deadline, with its seconds when it does not end on a whole minute."""
    if isinstance(waarde, datetime) and _lokaal(waarde).second:
        return _opmaak(waarde, TERMIJN + ":s")
    return _opmaak(waarde, TERMIJN)


def uur(waarde: datetime) -> str:
    """A moment in a Dutch sentence, as a deadline is written: "dinsdag 3 september 2024, 10:00 uur"."""
    with translation.override("nl"):
        return f"{termijn(waarde)} uur"
