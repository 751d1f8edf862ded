from django.db import models
from django.utils.translation import gettext_lazy as _


class TaakFout(models.Model):
    """A Celery task that failed for good (after its retries): what a beheerder needs to see it and look further —
    which task, with which arguments (their shape, never their content), what was raised and where, and the request id
    that leads to the request that queued it in the logs."""

    taak = models.CharField(_("taak"), max_length=200)
    taak_id = models.CharField(_("taak-id"), max_length=64, blank=True)
    argumenten = models.CharField(_("argumenten"), max_length=500, blank=True,
                                  help_text=_("Getallen zoals ze waren; van andere waarden alleen het soort."))
    uitzondering = models.CharField(_("uitzondering"), max_length=200)
    melding = models.TextField(_("melding"), blank=True)
    traceback = models.TextField(_("traceback"), blank=True)
    request_id = models.CharField(_("request-id"), max_length=64, blank=True)
    opgetreden_op = models.DateTimeField(_("opgetreden op"), db_index=True)

    class Meta:
        ordering = ["-opgetreden_op"]
        verbose_name = _("mislukte taak")
        verbose_name_plural = _("mislukte taken")

    def __str__(self):
        return f"{self.taak} ({self.uitzondering})"
