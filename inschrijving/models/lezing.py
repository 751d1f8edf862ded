"""What was read from an uploaded file (issue 11, ``lezen``): the text of every page and the facts its document
type's extractor found, bound to the file's SHA-256. The file itself is never changed; a new upload is a new file
with its own reading."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Lezing(models.Model):
    class Status(models.TextChoices):
        GELEZEN = "gelezen", _("gelezen")
        ONLEESBAAR = "onleesbaar", _("kon niet automatisch worden gelezen")

    sha256 = models.CharField(_("SHA-256 van het bestand"), max_length=64)
    documenttype_code = models.CharField(_("documenttype"), max_length=40)
    # The reading belongs to the bytes (sha256), not to the row it was first read from: a concept's document that is
    # removed leaves the reading for the same file elsewhere.
    document = models.ForeignKey("inschrijving.Document", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", help_text=_("De versie waaruit het bestand het eerst is gelezen."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    reden = models.CharField(_("waarom niet gelezen"), max_length=300, blank=True)
    paginas = models.JSONField(_("tekst per pagina"), default=list)
    herkend = models.BooleanField(_("lijkt op het documenttype"), null=True)
    feiten = models.JSONField(_("gelezen feiten"), default=dict)
    aantal_paginas = models.PositiveSmallIntegerField(_("pagina's gelezen"), default=0)
    ocr_paginas = models.PositiveSmallIntegerField(_("pagina's met OCR gelezen"), default=0)
    gelezen_op = models.DateTimeField(_("gelezen op"))
    duur_ms = models.PositiveIntegerField(_("duur (ms)"), default=0)

    class Meta:
        verbose_name = _("lezing van een document")
        verbose_name_plural = _("lezingen van documenten")
        constraints = [models.UniqueConstraint(fields=["sha256", "documenttype_code"], name="een_lezing_per_bestand")]

    def __str__(self):
        return f"{self.documenttype_code} {self.sha256[:12]}: {self.status}"

    def als_dossier(self) -> dict:
        """The reading as the dossier (and so the evaluator and the snapshot) carries it: no page texts."""
        return {"status": self.status, "reden": self.reden, "herkend": self.herkend, "feiten": self.feiten,
                "paginas": self.aantal_paginas, "ocr_paginas": self.ocr_paginas}
