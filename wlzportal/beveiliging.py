"""The client's address, and rate limits on what costs the portal or someone else something.

``klant_ip`` is the one answer to "who is this client": django-axes counts failed passwords against it
(``AXES_CLIENT_IP_CALLABLE``) and the rate limits below key on it. Behind nginx every request comes from nginx's own
address; nginx replaces X-Forwarded-For with the address it sees (deploy/nginx.conf), so with
``WLZ_ACHTER_PROXY`` on that last hop is the client. Without it the header is ignored: a client that reaches
gunicorn itself could write anything there.

The limits (``WLZ_LIMIET_*``, "number/period" as django-ratelimit reads them: ``10/h``, ``5/15m``) are counted by
django-ratelimit in the shared cache, Redis when ``REDIS_URL`` is set. A request over a limit gets its page back with
status 429, a Dutch message, and what the user typed still in the form. When the cache cannot be reached the limits
let requests through (logged): an upload before the deadline matters more than a brake on it.
"""

import ipaddress
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

log = logging.getLogger(__name__)


def _geldig(adres: str) -> str | None:
    try:
        return str(ipaddress.ip_address(adres.strip()))
    except ValueError:
        return None


def klant_ip(request: HttpRequest) -> str | None:
    """The client's IP address: REMOTE_ADDR, or behind nginx (``WLZ_ACHTER_PROXY``) the last X-Forwarded-For hop."""
    if settings.WLZ_ACHTER_PROXY:
        doorgestuurd = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if doorgestuurd and (adres := _geldig(doorgestuurd.rpartition(",")[2])):
            return adres
    return request.META.get("REMOTE_ADDR") or None


def _netwerk(request: HttpRequest) -> str:
    """The client's address for counting; IPv6 per /64, which one subscriber usually has whole."""
    adres = klant_ip(request) or ""
    if ":" in adres:
        return str(ipaddress.ip_network(f"{adres}/64", strict=False).network_address)
    return adres


@dataclass(frozen=True)
class Limiet:
    groep: str
    instelling: str  # the setting with the rate, read per request (so a test or an operator can change it)
    sleutel: Callable[[HttpRequest], str]

    def gebruik(self, request: HttpRequest) -> dict | None:
        return get_usage(request, group=self.groep, key=lambda _groep, r: self.sleutel(r),
                         rate=getattr(settings, self.instelling), increment=True)


WACHTWOORD_HERSTEL_IP = Limiet("wachtwoord-herstel-ip", "WLZ_LIMIET_WACHTWOORD_IP", _netwerk)
# The address as typed, whether or not an account has it: the answer must not tell which addresses exist.
WACHTWOORD_HERSTEL_ADRES = Limiet("wachtwoord-herstel-adres", "WLZ_LIMIET_WACHTWOORD_ADRES",
                                  lambda r: r.POST.get("email", "").strip().lower())
NVI_VRAAG_GEBRUIKER = Limiet("nvi-vraag-gebruiker", "WLZ_LIMIET_NVI_GEBRUIKER", lambda r: str(r.user.pk))
NVI_VRAAG_ORGANISATIE = Limiet("nvi-vraag-organisatie", "WLZ_LIMIET_NVI_ORGANISATIE",
                               lambda r: str(r.user.zorgaanbieder_id))
AANMELDEN_IP = Limiet("aanmelden-ip", "WLZ_LIMIET_AANMELDEN", _netwerk)  # self-registrations per client address
CONTROLE_IP = Limiet("controle-ip", "WLZ_LIMIET_CONTROLE", _netwerk)  # receipts checked on the public page
UPLOAD_GEBRUIKER = Limiet("upload-gebruiker", "WLZ_LIMIET_UPLOAD", lambda r: str(r.user.pk))


def overschreden(request: HttpRequest, *limieten: Limiet) -> int | None:
    """Count this request against the limits in turn. None when all allow it, else the minutes until the first
    that refuses it allows again; the limits after that one do not count it (a user over a personal limit does
    not use up the organisation's)."""
    for limiet in limieten:
        try:
            gebruik = limiet.gebruik(request)
        except Exception:  # the cache is down: let the request through rather than refuse every upload
            log.warning("Limiet %s niet te tellen: de cache is niet bereikbaar", limiet.groep, exc_info=True)
            continue
        if gebruik and gebruik["should_limit"]:
            return max(1, math.ceil(gebruik["time_left"] / 60))
    return None


def over(minuten: int) -> str:
    return ngettext("over %(n)s minuut", "over %(n)s minuten", minuten) % {"n": minuten}


def upload_melding(minuten: int) -> str:
    """Beside the file field when UPLOAD_GEBRUIKER refuses an upload (documents, inregeling, verduidelijking)."""
    return _("U heeft in korte tijd veel documenten geüpload. Dit bestand is niet opgeslagen. Kies het %(wanneer)s "
             "opnieuw en upload het dan.") % {"wanneer": over(minuten)}
