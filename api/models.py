"""Clients of the REST API (issue 13, item 1): one per system of a zorgkantoor, with a token that is shown once and
stored only as its SHA-256. Exports (item 3). Webhooks (item 2): a zorgkantoor's endpoints and the log of what was
delivered to them."""

import base64
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


class Gebeurtenis(models.TextChoices):
    """What a zorgkantoor's endpoint can be told of (issue 13, item 2); the payloads are in api/gebeurtenissen.py."""

    INGEDIEND = "inschrijving.ingediend", _("Inschrijving ingediend (alleen het aantal)")
    INGETROKKEN = "inschrijving.ingetrokken", _("Inschrijving ingetrokken (alleen het aantal)")
    GEOPEND = "ronde.geopend", _("Inschrijvingen van een ronde geopend")
    BESLOTEN = "besluit.genomen", _("Besluit genomen (vier ogen)")
    GEACCEPTEERD = "overeenkomst.geaccepteerd", _("Aanbod geaccepteerd")


class Eindpunt(models.Model):
    """A URL of a zorgkantoor's own system that the portal posts signed events to (Standard Webhooks). Its secret
    is made by the portal and shown once to the beheerder who registered it; the HMAC needs it in plain text."""

    zorgkantoor = models.ForeignKey("inschrijving.Zorgkantoor", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("zorgkantoor"))
    url = models.URLField(_("URL"), max_length=500)
    omschrijving = models.CharField(_("omschrijving"), max_length=100, blank=True)
    geheim = models.CharField(max_length=100, editable=False)
    gebeurtenissen = models.JSONField(_("gebeurtenissen"), default=list)
    actief = models.BooleanField(_("actief"), default=True, help_text=_("Verwijderd: krijgt niets meer."))
    aangemaakt_door = models.ForeignKey("inschrijving.Gebruiker", on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("aangemaakt door"))
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["zorgkantoor__naam", "-aangemaakt_op"]
        verbose_name = _("eindpunt")
        verbose_name_plural = _("eindpunten")

    def __str__(self):
        return f"{self.url} ({self.zorgkantoor})"

    def nieuw_geheim(self) -> str:
        """A new secret (the old one stops verifying), in the Standard Webhooks form: ``whsec_`` and 32 random
        bytes in base64, which are the HMAC key."""
        self.geheim = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
        return self.geheim


class Aflevering(models.Model):
    """One event for one endpoint, and every attempt to deliver it: the delivery log."""

    class Status(models.TextChoices):
        WACHTEND = "wachtend", _("wachtend")
        AFGELEVERD = "afgeleverd", _("afgeleverd")
        MISLUKT = "mislukt", _("mislukt")

    eindpunt = models.ForeignKey(Eindpunt, on_delete=models.PROTECT, related_name="afleveringen",
                                 verbose_name=_("eindpunt"))
    soort = models.CharField(_("gebeurtenis"), max_length=40, choices=Gebeurtenis.choices)
    gebeurtenis_id = models.UUIDField(_("gebeurtenis-id"), help_text=_("De header webhook-id, gelijk bij elke poging."))
    payload = models.JSONField(_("inhoud"))
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WACHTEND)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    laatste_http_status = models.PositiveSmallIntegerField(_("laatste HTTP-status"), null=True, blank=True)
    fout = models.CharField(_("laatste fout"), max_length=500, blank=True)
    volgende_poging = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    afgeleverd_op = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op", "-pk"]
        verbose_name = _("aflevering")
        verbose_name_plural = _("afleveringen (webhooks)")
        constraints = [models.UniqueConstraint(fields=["eindpunt", "gebeurtenis_id"],
                                               name="aflevering_eenmaal_per_eindpunt")]

    def __str__(self):
        return f"{self.soort} → {self.eindpunt.url} ({self.get_status_display()})"
