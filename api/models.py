"""Clients of the REST API (issue 13, item 1): one per system of a zorgkantoor, with a token that is shown once and
stored only as its SHA-256."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

VOORVOEGSEL = "wlz_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClient(models.Model):
    naam = models.CharField(_("naam"), max_length=100,
                            help_text=_("Het systeem, bijvoorbeeld 'contractadministratie'."))
    zorgkantoor = models.ForeignKey("inschrijving.Zorgkantoor", on_delete=models.PROTECT, related_name="api_clients",
                                    verbose_name=_("zorgkantoor"))
    sleutel_hash = models.CharField(max_length=64, unique=True, editable=False)
    sleutel_begin = models.CharField(_("sleutel begint met"), max_length=12, editable=False)
    actief = models.BooleanField(_("actief"), default=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    laatst_gebruikt = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        ordering = ["zorgkantoor__naam", "naam"]
        verbose_name = _("API-client")
        verbose_name_plural = _("API-clients")

    def __str__(self):
        return f"{self.naam} ({self.zorgkantoor})"

    def nieuwe_sleutel(self) -> str:
        """A new token (the old one stops working); returned once, stored only as its hash."""
        token = VOORVOEGSEL + secrets.token_urlsafe(32)
        self.sleutel_hash, self.sleutel_begin = token_hash(token), token[:12]
        return token
