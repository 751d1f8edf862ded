"""Absolute links to the portal, for what is read outside it: e-mails, letters and receipts, webhook events, the
rules' ``$schema``."""

from django.conf import settings
from django.urls import reverse


def portaal_url(naam: str, *args, **kwargs) -> str:
    """``SITE_URL`` and the path of the named URL, e.g. ``portaal_url("beoordeling:aanbod", 12)``."""
    return settings.SITE_URL.rstrip("/") + reverse(naam, args=args or None, kwargs=kwargs or None)
