"""Access (issue 12): the outgoing requests to the KvK Handelsregister, kept as a log."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KvkVerzoek(models.Model):
    """One request the portal sent to the KvK APIs: what, when, how it went. Never the API key, never the answer."""

    op = models.DateTimeField(_("op"), db_index=True)
    api = models.CharField(_("API"), max_length=20)  # basisprofiel, zoeken
    kvk_nummer = models.CharField(_("KvK-nummer"), max_length=8, blank=True)
    status = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=20)  # gevonden, niet_gevonden, te_veel, onbereikbaar, fout
    duur_ms = models.PositiveIntegerField(_("duur (ms)"), default=0)
    fout = models.CharField(_("foutmelding"), max_length=300, blank=True)

    class Meta:
        ordering = ["-op", "-pk"]
        verbose_name = _("verzoek aan de KvK")
        verbose_name_plural = _("verzoeken aan de KvK")

    def __str__(self):
        return f"{self.api} {self.kvk_nummer}: {self.uitkomst}"
