"""The quality part of an inschrijving (004 §2.2.3, stap 4): which kwaliteitskader applies, the zelfanalyse
per quality theme and the proposals for the ontwikkelplan. The themes come from the ``kwaliteit`` catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from inschrijving.verklaringen import SECTOREN

from .inschrijving import Inschrijving


class KwaliteitKeuze(models.Model):
    """Sectors and dominant sector that decide the kader; defaults to the sectors of the ondernemingsplan.

    With several sectors the dominant verstrekking leads (000 "Hoe te gebruiken?!"); the aanbieder may add
    further kaders of its own choice."""

    inschrijving = models.OneToOneField(Inschrijving, on_delete=models.CASCADE, related_name="kwaliteit_keuze")
    sectoren = models.JSONField(_("sectoren"), default=list, blank=True)
    dominante_sector = models.CharField(_("dominante sector"), max_length=3, choices=SECTOREN, blank=True)
    # What the inschrijving registers for where no ondernemingsplan says it (the 2016 types ask none): under the
    # 2016 kader the leveringsvormen decide whether a provider is nieuw zzp/vpt (004 §2.2.2).
    leveringsvormen = models.JSONField(_("leveringsvormen"), default=list, blank=True)
    extra_kaders = models.ManyToManyField("kwaliteit.Kader", blank=True, related_name="+",
                                          verbose_name=_("aanvullende kaders"))
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("keuze kwaliteitskader")
        verbose_name_plural = _("keuzes kwaliteitskader")

    def __str__(self):
        return f"Kwaliteitskader – {self.inschrijving}"


class Niveau(models.TextChoices):
    REGIO = "regio", _("Regio")
    LOCATIE = "locatie", _("Locatie")
    LEVERINGSVORM = "leveringsvorm", _("Leveringsvorm")


class Zelfanalyse(models.Model):
    """The beknopte zelfanalyse of one quality theme: the five elements of 004 §2.2.3."""

    inschrijving = models.ForeignKey(Inschrijving, on_delete=models.CASCADE, related_name="zelfanalyses")
    thema = models.ForeignKey("kwaliteit.Thema", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("thema"))
    invulling = models.TextField(
        _("huidige invulling en implementatie van beleid"), blank=True,
        help_text=_("Hoe u nu invulling geeft aan de doelstellingen van het thema en in welke mate het beleid "
                    "hierover geïmplementeerd is."))
    sterktes_ontwikkelpunten = models.TextField(_("sterktes en ontwikkelpunten"), blank=True)
    clientervaring = models.TextField(
        _("ervaring van de cliënt(vertegenwoordiging)"), blank=True,
        help_text=_("De ervaring van cliënten of de cliëntenraad met uw aanpak op dit thema."))
    niveau = models.CharField(_("niveau van de analyse"), max_length=13, choices=Niveau.choices, blank=True)
    niveau_toelichting = models.TextField(
        _("toelichting op het niveau"), blank=True,
        help_text=_("Eventuele verschillen tussen regio's, locaties of leveringsvormen."))
    gegevens = models.TextField(_("onderliggende gegevens"), blank=True,
                                help_text=_("De gegevens die ten grondslag liggen aan de analyse."))
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["thema__kader", "thema__volgorde"]
        verbose_name = _("zelfanalyse")
        verbose_name_plural = _("zelfanalyses")
        constraints = [models.UniqueConstraint(fields=["inschrijving", "thema"],
                                               name="een_zelfanalyse_per_thema")]

    def __str__(self):
        return f"Zelfanalyse {self.thema.naam} – {self.inschrijving}"


class OntwikkelplanVoorstel(models.Model):
    """A proposal for the ontwikkelplan: a client-centred goal and the global approach."""

    inschrijving = models.ForeignKey(Inschrijving, on_delete=models.CASCADE, related_name="ontwikkelvoorstellen")
    thema = models.ForeignKey("kwaliteit.Thema", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("thema"))
    doel = models.TextField(_("cliëntgericht doel"))
    aanpak = models.TextField(_("globale aanpak"))
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["aangemaakt_op", "pk"]
        verbose_name = _("voorstel ontwikkelplan")
        verbose_name_plural = _("voorstellen ontwikkelplan")

    def __str__(self):
        return self.doel[:80]
