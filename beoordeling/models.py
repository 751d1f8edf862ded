"""Assessment records. For now the audit trail; the pipeline's results follow in the beoordeling issue."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditRegel(models.Model):
    """Who did or saw what, when. Rows are only ever added."""

    inschrijving = models.ForeignKey("inschrijving.Inschrijving", on_delete=models.PROTECT, related_name="audit",
                                     null=True, blank=True)
    ronde = models.ForeignKey("inschrijving.Inkoopronde", on_delete=models.PROTECT, related_name="+", null=True,
                              blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                             blank=True)
    op = models.DateTimeField(_("op"), db_index=True)
    actie = models.CharField(_("actie"), max_length=50)
    omschrijving = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["-op", "-pk"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")

    def __str__(self):
        return f"{self.op:%Y-%m-%d %H:%M:%S} {self.actie}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("De audittrail wordt alleen aangevuld, nooit gewijzigd.")
        super().save(*args, **kwargs)
