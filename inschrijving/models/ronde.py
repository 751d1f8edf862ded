"""Inkooprondes and their timeline (DOMAIN.md "Inkoopronde and deadlines", seed 002 §4.7).

Every milestone is an aware moment; a zorgkantoor may override any of them ("de planning van het
contracterende zorgkantoor prevaleert"). Deadlines are read from the database on every request, so a
sluitingstijd changed in admin takes effect at once.
"""

from dataclasses import dataclass, fields
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inschrijving.geschiedenis import geschiedenis
from wlzportal.datums import datum

from .partijen import Zorgkantoor

# The milestones in the order they must fall.
MIJLPALEN = (
    ("publicatie_inkoopkader", _("publicatie inkoopkader")),
    ("vragen_tot", _("vragen voor de Nota van Inlichtingen tot")),
    ("publicatie_nvi", _("publicatie Nota van Inlichtingen")),
    ("sluiting_inschrijving", _("sluiting inschrijving")),
    ("gesprekken_afgerond", _("gesprekken afgerond")),
    ("voorlopige_contractering", _("voorlopige contractering")),
    ("definitieve_contractering", _("definitieve contractering")),
)


@dataclass(frozen=True)
class Planning:
    """The effective timeline of a round for one zorgkantoor."""

    publicatie_inkoopkader: datetime
    vragen_tot: datetime
    publicatie_nvi: datetime
    sluiting_inschrijving: datetime
    gesprekken_afgerond: datetime
    voorlopige_contractering: datetime
    definitieve_contractering: datetime

    def gesloten(self, moment: datetime | None = None) -> bool:
        return (moment or timezone.now()) >= self.sluiting_inschrijving

    def vragen_open(self, moment: datetime | None = None) -> bool:
        return (moment or timezone.now()) < self.vragen_tot


def controleer_volgorde(waarden: dict) -> dict:
    """Errors per milestone that does not fall after the one before it."""
    fouten = {}
    vorige = None
    for naam, label in MIJLPALEN:
        waarde = waarden.get(naam)
        if waarde is None:
            continue
        if vorige and waarde <= vorige[1]:
            fouten[naam] = _("%(deze)s moet na %(vorige)s liggen.") % {
                "deze": str(label).capitalize(), "vorige": vorige[2]}
        vorige = (naam, waarde, label)
    return fouten


class Soort(models.TextChoices):
    REGULIER = "regulier", _("Regulier")
    TUSSENTIJDS = "tussentijds", _("Tussentijds")


def _mijlpaal(label, **kwargs):
    return models.DateTimeField(label, **kwargs)


@geschiedenis
class Inkoopronde(models.Model):
    naam = models.CharField(_("naam"), max_length=200)
    contractjaar = models.PositiveSmallIntegerField(_("contractjaar"))
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices, default=Soort.REGULIER)
    zorgkantoren = models.ManyToManyField(Zorgkantoor, related_name="inkooprondes",
                                          verbose_name=_("deelnemende zorgkantoren"))
    regelset = models.ForeignKey("inschrijving.Regelset", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="rondes", verbose_name=_("regelset"),
                                 help_text=_("Wat elk aanbiedertype indient en waarop wordt gecontroleerd."))
    publicatie_inkoopkader = _mijlpaal(MIJLPALEN[0][1])
    vragen_tot = _mijlpaal(MIJLPALEN[1][1])
    publicatie_nvi = _mijlpaal(MIJLPALEN[2][1])
    sluiting_inschrijving = _mijlpaal(MIJLPALEN[3][1], db_index=True)
    gesprekken_afgerond = _mijlpaal(MIJLPALEN[4][1])
    voorlopige_contractering = _mijlpaal(MIJLPALEN[5][1])
    definitieve_contractering = _mijlpaal(MIJLPALEN[6][1])
    # 002 §4.7: "Zorgaanbieders die verwachten pas in de loop van 2022 te starten, wijzen we uitdrukkelijk op de
    # mogelijkheid om tussentijds te contracteren": a tussentijdse round has its own contract start.
    ingangsdatum = models.DateField(
        _("ingangsdatum van de overeenkomst"), null=True, blank=True,
        help_text=_("De dag waarop de overeenkomsten uit deze ronde ingaan; leeg is 1 januari van het contractjaar. "
                    "Een tussentijdse ronde heeft een eigen ingangsdatum (bijvoorbeeld 1 april of 1 juli). De "
                    "ingangsdatum van de polis, de vervaldata van de inregelitems (Z en 6) en de looptijd volgen "
                    "hieruit."))

    class Meta:
        ordering = ["-contractjaar", "sluiting_inschrijving"]
        verbose_name = _("inkoopronde")
        verbose_name_plural = _("inkooprondes")

    def __str__(self):
        return self.naam

    @property
    def inschrijfjaar(self) -> int:
        """The year in which one registers for the contract year (DOMAIN.md, "Aanbieder type")."""
        return self.contractjaar - 1

    @property
    def contractjaar_start(self) -> date:
        """1 January of the contract year (the calendar: e.g. whether a contract runs on into it). The start of the
        overeenkomsten of this round is ``ingangsdatum_overeenkomst``."""
        return date(self.contractjaar, 1, 1)

    @property
    def ingangsdatum_overeenkomst(self) -> date:
        """The start of the overeenkomst every date of this round follows from (polis start, Z/6 due dates,
        looptijd, the letter): the round's own ingangsdatum, else 1 January of the contract year."""
        return self.ingangsdatum or self.contractjaar_start

    def clean(self):
        fouten = controleer_volgorde({naam: getattr(self, naam) for naam, _label in MIJLPALEN})
        fouten.update(self._ingangsdatum_fouten())
        if fouten:
            raise ValidationError(fouten)

    def _ingangsdatum_fouten(self) -> dict:
        if not self.contractjaar:
            return {}
        start = self.ingangsdatum_overeenkomst
        if start.year != self.contractjaar:
            return {"ingangsdatum": _("De ingangsdatum van de overeenkomst moet in het contractjaar %(jaar)s liggen "
                                      "(1 januari tot en met 31 december %(jaar)s).") % {"jaar": self.contractjaar}}
        # Checked where the round names a start of its own, or is tussentijds (whose 1 January default may well lie
        # before its sluiting): a regular round keeps 1 January, as the kader's 2022 timeline does.
        eigen = self.ingangsdatum is not None or self.soort == Soort.TUSSENTIJDS
        if eigen and self.sluiting_inschrijving and start <= timezone.localtime(self.sluiting_inschrijving).date():
            return {"ingangsdatum": _("De overeenkomst kan niet ingaan op of vóór de sluiting van de inschrijving "
                                      "(%(sluiting)s). Kies een ingangsdatum na de sluiting, in %(jaar)s.") % {
                "sluiting": datum(self.sluiting_inschrijving),
                "jaar": self.contractjaar}}
        return {}

    def regelset_voor(self, zorgkantoor: Zorgkantoor | None = None):
        """The zorgkantoor's regional rule set where it has one, else the round's."""
        if zorgkantoor is not None:
            afwijking = self._afwijking(zorgkantoor)
            if afwijking is not None and afwijking.regelset_id:
                return afwijking.regelset
        return self.regelset

    def planning(self, zorgkantoor: Zorgkantoor | None = None) -> Planning:
        waarden = {f.name: getattr(self, f.name) for f in fields(Planning)}
        if zorgkantoor is not None:
            afwijking = self._afwijking(zorgkantoor)
            if afwijking is not None:
                waarden.update(afwijking.ingevulde_mijlpalen())
        return Planning(**waarden)

    def _afwijking(self, zorgkantoor):
        """The zorgkantoor's own planning for this round, or None. Looked up every time, unless this instance was
        told to remember it (``afwijkingen_onthouden``)."""
        onthouden = self.__dict__.get("_afwijkingen")
        sleutel = getattr(zorgkantoor, "pk", zorgkantoor)
        if onthouden is not None and sleutel in onthouden:
            return onthouden[sleutel]
        afwijking = self.afwijkende_planningen.filter(zorgkantoor=sleutel).select_related("regelset").first()
        if onthouden is not None:
            onthouden[sleutel] = afwijking
        return afwijking

    def afwijkingen_onthouden(self) -> "Inkoopronde":
        """Remember the zorgkantoren's own plannings on this instance from now on: for an instance that lives only
        inside one short transaction (a submit asks for the planning and the rule set five times). Never for an
        instance that outlives it: a deadline moved meanwhile would not be seen."""
        self.__dict__.setdefault("_afwijkingen", {})
        return self


@geschiedenis
class AfwijkendePlanning(models.Model):
    """A zorgkantoor's own timeline for a round; empty milestones follow the round."""

    ronde = models.ForeignKey(Inkoopronde, on_delete=models.CASCADE, related_name="afwijkende_planningen")
    zorgkantoor = models.ForeignKey(Zorgkantoor, on_delete=models.CASCADE, related_name="afwijkende_planningen")
    regelset = models.ForeignKey("inschrijving.Regelset", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("regionale regelset"))
    publicatie_inkoopkader = _mijlpaal(MIJLPALEN[0][1], null=True, blank=True)
    vragen_tot = _mijlpaal(MIJLPALEN[1][1], null=True, blank=True)
    publicatie_nvi = _mijlpaal(MIJLPALEN[2][1], null=True, blank=True)
    sluiting_inschrijving = _mijlpaal(MIJLPALEN[3][1], null=True, blank=True)
    gesprekken_afgerond = _mijlpaal(MIJLPALEN[4][1], null=True, blank=True)
    voorlopige_contractering = _mijlpaal(MIJLPALEN[5][1], null=True, blank=True)
    definitieve_contractering = _mijlpaal(MIJLPALEN[6][1], null=True, blank=True)

    class Meta:
        verbose_name = _("afwijkende planning van een zorgkantoor")
        verbose_name_plural = _("afwijkende planningen van zorgkantoren")
        constraints = [
            models.UniqueConstraint(fields=["ronde", "zorgkantoor"], name="een_afwijkende_planning_per_zk"),
        ]

    def __str__(self):
        return f"{self.ronde} – {self.zorgkantoor}"

    def ingevulde_mijlpalen(self) -> dict:
        return {naam: getattr(self, naam) for naam, _label in MIJLPALEN if getattr(self, naam) is not None}

    def clean(self):
        if not self.ronde_id:
            return
        samen = {naam: getattr(self.ronde, naam) for naam, _label in MIJLPALEN}
        samen.update(self.ingevulde_mijlpalen())
        fouten = controleer_volgorde(samen)
        eigen = {k: v for k, v in fouten.items() if getattr(self, k) is not None}
        if fouten:
            raise ValidationError(eigen or {"__all__": list(fouten.values())})


class Termijnwijziging(models.Model):
    """A deadline moved after publication (issue 9, "Een termijn verschuift alleen in het openbaar"): the
    sluitingstijd or the NvI question deadline, of the round or of one zorgkantoor's planning, only forward, with a
    reason, requested by one person and approved by another (a heropening after the sluitingstijd by two others);
    every organisation concerned is e-mailed when it takes effect. The rows are the deadline's history: old and
    new value, who, when and why (inschrijving.termijnen)."""

    class Mijlpaal(models.TextChoices):
        VRAGEN_TOT = "vragen_tot", _("vragen voor de Nota van Inlichtingen tot")
        SLUITING = "sluiting_inschrijving", _("sluiting inschrijving")

    class Soort(models.TextChoices):
        VERLENGING = "verlenging", _("Verlenging")
        HEROPENING = "heropening", _("Heropening")

    ronde = models.ForeignKey(Inkoopronde, on_delete=models.PROTECT, related_name="termijnwijzigingen",
                              verbose_name=_("inkoopronde"))
    zorgkantoor = models.ForeignKey(
        Zorgkantoor, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("zorgkantoor"),
        help_text=_("Leeg: de termijn van de ronde (voor elk zorgkantoor zonder eigen planning voor deze termijn)."))
    mijlpaal = models.CharField(_("termijn"), max_length=30, choices=Mijlpaal.choices)
    soort = models.CharField(_("soort"), max_length=12, choices=Soort.choices, default=Soort.VERLENGING)
    oud = models.DateTimeField(_("oude termijn"))
    nieuw = models.DateTimeField(_("nieuwe termijn"))
    reden = models.TextField(_("reden"))
    aangevraagd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("aangevraagd door"))
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"))
    goedgekeurd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                         null=True, blank=True, verbose_name=_("goedgekeurd door"))
    goedgekeurd_op = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    tweede_goedkeurder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                           null=True, blank=True, verbose_name=_("tweede goedkeuring door"))
    tweede_goedgekeurd_op = models.DateTimeField(_("tweede goedkeuring op"), null=True, blank=True)
    afgewezen_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                       null=True, blank=True, verbose_name=_("afgewezen door"))
    afgewezen_op = models.DateTimeField(_("afgewezen op"), null=True, blank=True)
    doorgevoerd_op = models.DateTimeField(_("doorgevoerd op"), null=True, blank=True)
    aantal_berichten = models.PositiveIntegerField(_("e-mails verstuurd"), default=0)

    class Meta:
        ordering = ["-aangevraagd_op"]
        verbose_name = _("termijnwijziging")
        verbose_name_plural = _("termijnwijzigingen")

    def __str__(self):
        return f"{self.get_soort_display()} {self.get_mijlpaal_display()} – {self.ronde}"

    @property
    def open(self) -> bool:
        return self.doorgevoerd_op is None and self.afgewezen_op is None

    @property
    def benodigde_goedkeuringen(self) -> int:
        return 2 if self.soort == self.Soort.HEROPENING else 1
