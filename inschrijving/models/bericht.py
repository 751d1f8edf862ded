"""Every e-mail the portal sends is a row first, then a Celery task: logged, retried, never lost."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inschrijving.opslag import prive


class Bericht(models.Model):
    class Status(models.TextChoices):
        WACHTEND = "wachtend", _("Wachtend")
        VERZONDEN = "verzonden", _("Verzonden")
        MISLUKT = "mislukt", _("Mislukt")

    aan = models.EmailField(_("aan"))
    onderwerp = models.CharField(_("onderwerp"), max_length=250)
    tekst = models.TextField(_("tekst"))
    bijlage = models.FileField(_("bijlage"), blank=True, storage=prive)
    bijlage_naam = models.CharField(max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.WACHTEND)
    pogingen = models.PositiveSmallIntegerField(default=0)
    fout = models.TextField(blank=True)
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="berichten")
    # The inschrijving a message is about, where it tells who submitted to whom (the receipt): admin lists it only
    # once that round's vault is opened (inschrijving.admin.BerichtAdmin).
    inschrijving = models.ForeignKey("inschrijving.Inschrijving", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("inschrijving"))

    class Meta:
        ordering = ["-aangemaakt_op"]
        verbose_name = _("verzonden bericht")
        verbose_name_plural = _("verzonden berichten")
        constraints = [
            # A receipt goes to each address once, however often its task runs (services.ontvangst_afhandelen).
            models.UniqueConstraint(fields=["inschrijving", "aan", "bijlage_naam"], name="een_bijlage_per_ontvanger",
                                    condition=models.Q(inschrijving__isnull=False) & ~models.Q(bijlage_naam="")),
        ]

    def __str__(self):
        return f"{self.onderwerp} → {self.aan}"
