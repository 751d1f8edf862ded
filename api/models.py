"""Clients of the REST API (issue 13, item 1): one per system of a zorgkantoor, with a token that is shown once and
stored only as its SHA-256."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from inschrijving.opslag import prive

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


class Export(models.Model):
    """The werkvoorraad or a round's results as CSV or XLSX (issue 13, item 3), made by a Celery task with its
    progress, downloadable only by staff of the zorgkantoor it belongs to."""

    class Soort(models.TextChoices):
        WERKVOORRAAD = "werkvoorraad", _("werkvoorraad")
        RESULTATEN = "resultaten", _("resultaten van een ronde")

    class Formaat(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    class Status(models.TextChoices):
        WACHTEND = "wachtend", _("wacht op een worker")
        BEZIG = "bezig", _("wordt gemaakt")
        KLAAR = "klaar", _("klaar")
        MISLUKT = "mislukt", _("mislukt")

    zorgkantoor = models.ForeignKey("inschrijving.Zorgkantoor", on_delete=models.PROTECT, related_name="+")
    ronde = models.ForeignKey("inschrijving.Inkoopronde", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    soort = models.CharField(_("soort"), max_length=15, choices=Soort.choices)
    formaat = models.CharField(_("formaat"), max_length=4, choices=Formaat.choices)
    aangevraagd_door = models.ForeignKey("inschrijving.Gebruiker", on_delete=models.PROTECT, related_name="+")
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WACHTEND)
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    aantal_rijen = models.PositiveIntegerField(default=0)
    bestand = models.FileField(storage=prive, upload_to="exports/", blank=True, max_length=200)
    klaar_op = models.DateTimeField(null=True, blank=True)
    fout = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-aangevraagd_op", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.get_soort_display()} ({self.formaat}) {self.zorgkantoor}"

    @property
    def bestandsnaam(self) -> str:
        deel = f"-{self.ronde.naam}" if self.ronde_id else ""
        return f"{self.soort}{deel}-{self.aangevraagd_op:%Y%m%d-%H%M}.{self.formaat}".replace(" ", "_")
