"""Contract history: what decides next year's aanbieder type (DOMAIN.md, seed 002 §4.3)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from inschrijving.verklaringen import LEVERINGSVORMEN, SECTOREN
from wlzportal.datums import datum

from .partijen import Zorgaanbieder, Zorgkantoor

# 004 §2.2.2: zzp (verblijf in een instelling) and vpt; every other leveringsvorm (mpt, dagbesteding; formerly
# "functies en klassen") is extramural.
ZZP_VPT = frozenset({"verblijf", "vpt"})


class OvereenkomstQuerySet(models.QuerySet):
    def lopend_op(self, dag: date):
        return self.filter(ingangsdatum__lte=dag, einddatum__gte=dag)


class Overeenkomst(models.Model):
    zorgaanbieder = models.ForeignKey(Zorgaanbieder, on_delete=models.PROTECT, related_name="overeenkomsten")
    zorgkantoor = models.ForeignKey(Zorgkantoor, on_delete=models.PROTECT, related_name="overeenkomsten")
    ingangsdatum = models.DateField(_("ingangsdatum"))
    einddatum = models.DateField(_("einddatum"))
    meerjarig = models.BooleanField(_("meerjarige overeenkomst"), default=False)
    onder_voorwaarden = models.BooleanField(_("onder voorwaarden"), default=False)
    declaraties_sinds = models.DateField(
        _("zorgkosten gedeclareerd sinds"), null=True, blank=True,
        help_text=_("De eerste dag waarover onder deze overeenkomst zorgkosten zijn gedeclareerd."),
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    soort = models.CharField(_("soort overeenkomst"), max_length=20, blank=True,
                             choices=[("voortzetting", _("Voortzetting meerjarig")), ("tweejarig", _("Tweejarig")),
                                      ("eenjarig_verlenging", _("Eenjarig met mogelijke verlenging")),
                                      ("eenjarig", _("Eenjarig"))])
    opslag = models.DecimalField(_("opslag op het basistarief (%)"), max_digits=4, decimal_places=2, default=0)
    # What the overeenkomst was for (004 §2.2.2, the sector condition of "bestaand" and "nieuw zzp/vpt"). Empty:
    # not recorded, which counts as every sector and leveringsvorm (as before these fields existed).
    sectoren = models.JSONField(_("sectoren"), default=list, blank=True,
                                help_text=_("Voor welke sectoren de overeenkomst gold. Leeg: niet vastgelegd."))
    leveringsvormen = models.JSONField(
        _("leveringsvormen"), default=list, blank=True,
        help_text=_("Zzp (verblijf) en vpt, of alleen extramurale zorg (mpt, dagbesteding). Leeg: niet vastgelegd."))
    budget_overheveling = models.BooleanField(
        _("productieafspraak met overgeheveld budget"), default=False,
        help_text=_("Een productieafspraak ten laste van de contracteerruimte van dit zorgkantoor, met budget "
                    "overgeheveld uit een andere regio of van een ander zorgkantoor (004 §2.2.2)."))

    objects = OvereenkomstQuerySet.as_manager()

    class Meta:
        ordering = ["-ingangsdatum"]
        verbose_name = _("overeenkomst")
        verbose_name_plural = _("overeenkomsten")
        constraints = [
            models.CheckConstraint(
                name="overeenkomst_einde_na_begin", condition=Q(einddatum__gte=F("ingangsdatum")),
                violation_error_message=_("De einddatum ligt voor de ingangsdatum."),
            )
        ]

    def __str__(self):
        return _("%(zk)s – %(za)s, %(van)s t/m %(tot)s") % {
            "zk": self.zorgkantoor, "za": self.zorgaanbieder.statutaire_naam,
            "van": datum(self.ingangsdatum), "tot": datum(self.einddatum)}

    def dekt_jaar(self, jaar: int) -> bool:
        """Runs from 1 January to 31 December of ``jaar`` (or longer)."""
        return self.ingangsdatum <= date(jaar, 1, 1) and self.einddatum >= date(jaar, 12, 31)

    def loopt_in_jaar(self, jaar: int) -> bool:
        """Runs on at least one day of ``jaar``."""
        return self.ingangsdatum <= date(jaar, 12, 31) and self.einddatum >= date(jaar, 1, 1)

    def dekt_sector(self, sector: str) -> bool:
        """Was for ``sector``; an overeenkomst without recorded sectors counts for every sector."""
        return not self.sectoren or sector in self.sectoren

    @property
    def alleen_extramuraal(self) -> bool:
        """Only extramural prestaties (004 §2.2.2 "nieuw zzp/vpt"); unknown (False) without recorded leveringsvormen."""
        return bool(self.leveringsvormen) and not (set(self.leveringsvormen) & ZZP_VPT)

    def clean(self):
        if self.ingangsdatum and self.einddatum and self.einddatum < self.ingangsdatum:
            raise ValidationError({"einddatum": _("De einddatum ligt voor de ingangsdatum.")})
        fouten = {}
        for veld, keuzes in (("sectoren", SECTOREN), ("leveringsvormen", LEVERINGSVORMEN)):
            waarde = getattr(self, veld)
            bekend = {code for code, _label in keuzes}
            if not isinstance(waarde, list) or any(w not in bekend for w in waarde):
                fouten[veld] = _("Kies uit: %(keuzes)s.") % {"keuzes": ", ".join(sorted(bekend))}
        if fouten:
            raise ValidationError(fouten)
