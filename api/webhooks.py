"""Signed webhooks (issue 13, item 2), as Standard Webhooks (https://www.standardwebhooks.com) defines them.

Every POST carries three headers:

- ``webhook-id``: the event's id (a UUID), the same on every attempt, so a receiver can ignore a repeat;
- ``webhook-timestamp``: the attempt's time in Unix seconds;
- ``webhook-signature``: ``v1,`` and the base64 HMAC-SHA256 over ``{id}.{timestamp}.{body}``, keyed with the
  endpoint's secret (``whsec_`` + base64; the key is the decoded bytes).

A receiver checks it with ``verifieer`` (or any Standard Webhooks library) and refuses a timestamp older than a few
minutes (a replay). Delivery is at least once. Endpoints: https only, no user name or password in the URL, and
(outside development, ``DJANGO_DEBUG``) no address in a private, loopback or link-local network — the portal must
not become a way to reach its own network (SSRF).
"""

import base64
import hashlib
import hmac
import ipaddress
import json
import socket
import time
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import Aflevering

TIMEOUT = 10  # seconds per attempt
MAX_POGINGEN = 8


def _sleutel(geheim: str) -> bytes:
    return base64.b64decode(geheim.removeprefix("whsec_"))


def handtekening(geheim: str, gebeurtenis_id: str, tijdstip: int, body: bytes) -> str:
    inhoud = f"{gebeurtenis_id}.{tijdstip}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(_sleutel(geheim), inhoud, hashlib.sha256).digest()).decode()


def webhook_headers(geheim: str, gebeurtenis_id: str, body: bytes, tijdstip: int | None = None) -> dict[str, str]:
    tijdstip = int(time.time()) if tijdstip is None else tijdstip
    return {"webhook-id": gebeurtenis_id, "webhook-timestamp": str(tijdstip),
            "webhook-signature": handtekening(geheim, gebeurtenis_id, tijdstip, body),
            "content-type": "application/json"}


def verifieer(geheim: str, headers: dict, body: bytes, tolerantie: int = 300, nu: float | None = None) -> bool:
    """Whether a received POST is the portal's: a valid v1 signature (one of several, space-separated, may match:
    during a change of secret) over exactly this body, made at most ``tolerantie`` seconds from now."""
    kop = {k.lower(): v for k, v in headers.items()}
    try:
        gebeurtenis_id, tijdstip = kop["webhook-id"], int(kop["webhook-timestamp"])
        ontvangen = kop["webhook-signature"].split()
    except (KeyError, ValueError):
        return False
    if abs((time.time() if nu is None else nu) - tijdstip) > tolerantie:
        return False
    verwacht = handtekening(geheim, gebeurtenis_id, tijdstip, body)
    return any(hmac.compare_digest(verwacht, h) for h in ontvangen)


def body_van(aflevering: Aflevering) -> bytes:
    return json.dumps(aflevering.payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def controleer_url(url: str) -> None:
    """Raises a Dutch ValidationError for a URL the portal will not post to (see the module's docstring)."""
    delen = urlsplit(url)
    ontwikkeling = settings.DEBUG
    if delen.scheme not in ("https", "http") or (delen.scheme == "http" and not ontwikkeling):
        raise ValidationError(_("Gebruik een adres dat met https:// begint."), code="schema")
    if delen.username or delen.password:
        raise ValidationError(_("Zet geen gebruikersnaam of wachtwoord in het adres; het portaal ondertekent elke "
                                "melding met het geheim."), code="inlog")
    if not delen.hostname:
        raise ValidationError(_("Dit adres heeft geen server."), code="server")
    if ontwikkeling:
        return
    try:
        adressen = {info[4][0] for info in socket.getaddrinfo(delen.hostname, delen.port or 443,
                                                                proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError) as fout:
        raise ValidationError(_("De server %(server)s is niet te vinden.") % {"server": delen.hostname},
                              code="onbekend") from fout
    if not all(ipaddress.ip_address(adres.split("%")[0]).is_global for adres in adressen):
        raise ValidationError(_("Dit adres ligt in een intern netwerk; het portaal meldt alleen aan adressen op "
                                "internet."), code="intern")


def afleveren(aflevering_id: int) -> Aflevering | None:
    """One attempt: POST the event, record the outcome on the row. Returns the row, or None when there is nothing to
    send (delivered already, given up, unknown). A 2xx answer is delivered; anything else (a redirect too) is not."""
    aflevering = Aflevering.objects.select_related("eindpunt").filter(pk=aflevering_id).first()
    if aflevering is None or aflevering.status != Aflevering.Status.WACHTEND:
        return None
    eindpunt = aflevering.eindpunt
    aflevering.pogingen += 1
    aflevering.laatste_http_status, aflevering.volgende_poging = None, None
    if not eindpunt.actief:
        aflevering.status, aflevering.fout = Aflevering.Status.MISLUKT, _("Het eindpunt is verwijderd.")
        aflevering.save()
        return aflevering
    body = body_van(aflevering)
    try:
        controleer_url(eindpunt.url)  # again: the name may point elsewhere now
        antwoord = requests.post(eindpunt.url, data=body, timeout=TIMEOUT, allow_redirects=False,
                                 headers=webhook_headers(eindpunt.geheim, str(aflevering.gebeurtenis_id), body))
    except ValidationError as fout:
        aflevering.fout = " ".join(fout.messages)
    except requests.RequestException as fout:
        aflevering.fout = f"{type(fout).__name__}: {fout}"[:500]
    else:
        aflevering.laatste_http_status = antwoord.status_code
        if 200 <= antwoord.status_code < 300:
            aflevering.status, aflevering.fout, aflevering.afgeleverd_op = (
                Aflevering.Status.AFGELEVERD, "", timezone.now())
        else:
            aflevering.fout = f"HTTP {antwoord.status_code}: {antwoord.text[:200]}"[:500]
    if aflevering.status == Aflevering.Status.WACHTEND and aflevering.pogingen >= MAX_POGINGEN:
        aflevering.status = Aflevering.Status.MISLUKT
    aflevering.save()
    return aflevering


#: A waiting delivery whose attempt is this much overdue lost its message (a worker or Redis restarted between the
#: commit and the send, or during the backoff): ``vastgelopen`` finds it and beat queues it again.
VASTGELOPEN_NA = timedelta(minutes=10)


def vastgelopen(nu=None):
    """Waiting deliveries nobody is working on: never tried and made over ``VASTGELOPEN_NA`` ago, or with their next
    attempt that long overdue. Queued again by ``api.tasks.wachtende_afleveringen``: a receiver may so see an event
    twice, with the same ``webhook-id`` (delivery is at least once, as Standard Webhooks expects)."""
    grens = (nu or timezone.now()) - VASTGELOPEN_NA
    return Aflevering.objects.filter(status=Aflevering.Status.WACHTEND).filter(
        Q(volgende_poging__isnull=True, aangemaakt_op__lt=grens) | Q(volgende_poging__lt=grens))


def wachttijd(pogingen: int) -> int:
    """Seconds before the next attempt: the base (``WLZ_WEBHOOK_BACKOFF_SECONDEN``), doubled after each failure —
    with the default of 30 s, eight attempts span about an hour."""
    return settings.WLZ_WEBHOOK_BACKOFF_SECONDEN * 2 ** (pogingen - 1)
