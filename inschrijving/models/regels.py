"""The rules of an inkoopkader as data (DOMAIN.md "What each type submits", seed 002 §4.5, §4.9).

A Regelset says, per aanbieder type, which verklaring and ondernemingsplan are asked and which
documents, each with its moment (I, Z or 6) and the parameters of its checks. Template sets
(``is_sjabloon``) are loaded by a data migration; a round gets its own copy, editable in admin, and a
zorgkantoor may have its own regional copy. One evaluator (``inschrijving.evaluator``) reads them.
"""

from decimal import Decimal

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from inschrijving.geschiedenis import geschiedenis


class Kader(models.TextChoices):
    WLZ_2022 = "2022", _("Inkoopkader Wlz 2021-2023, aanvulling 2022")
    LZ_2016 = "2016", _("Inkoopkader Langdurige Zorg 2016")


class AanbiederType(models.TextChoices):
    # Kader 2022 (002 §4.3)
    BESTAAND_MEERJARIG = "1a", _("1a – bestaand voor het zorgkantoor, meerjarige overeenkomst")
    BESTAAND_EENJARIG = "1b", _("1b – bestaand voor het zorgkantoor, overeenkomst eindigt 31 december")
    BESTAAND_NIEUW_VOOR_ZK = "2", _("2 – bestaand, maar nieuw voor het zorgkantoor")
    NIEUW = "3", _("3 – nieuwe zorgaanbieder")
    # Kader 2016 (004 §2.2.2)
    BESTAAND_2016 = "b", _("Bestaande zorgaanbieder (kader 2016)")
    NIEUW_IN_REGIO = "nr", _("Nieuw in de regio (kader 2016)")
    GEHEEL_NIEUW = "gn", _("Geheel nieuwe zorgaanbieder (kader 2016)")
    NIEUW_ZZP_VPT = "nz", _("Nieuw zzp/vpt (kader 2016)")


class Verklaring(models.TextChoices):
    INSTEMMING = "instemming", _("Instemmingsverklaring")
    BESTUUR = "bestuur", _("Bestuursverklaring")


class PlanOmvang(models.TextChoices):
    GEEN = "geen", _("Geen ondernemingsplan")
    BEKNOPT = "beknopt", _("Beknopt ondernemingsplan (bedrijfsplan en financieel plan)")
    VOLLEDIG = "volledig", _("Volledig ondernemingsplan")


class Moment(models.TextChoices):
    INSCHRIJVING = "I", _("Bij de inschrijving")
    ZORGLEVERING = "Z", _("Op het moment van zorglevering")
    ZES_MAANDEN = "6", _("Uiterlijk zes maanden na ingang van de overeenkomst")


class Controle(models.TextChoices):
    """What an uploaded document of this type is checked on; decides the metadata the form asks."""

    AANWEZIG = "aanwezig", _("Alleen aanwezigheid")
    UITTREKSEL = "uittreksel", _("Uittreksel: afgiftedatum en rechtspersoon")
    TOELATING = "toelating", _("Toelating: rechtspersoon")
    VOG = "vog", _("VOG: soort, doel, afgiftedatum en rechtspersoon")
    POLIS = "polis", _("Polis: verzekerd bedrag, ingangsdatum en verzekeringnemer")


class TariefGrondslag(models.TextChoices):
    NZA_MAXIMUM = "nza", _("Percentage van het NZa-maximumtarief (kader 2022, 002 §2.2)")
    BASISTARIEF = "basistarief", _("Regionaal basistarief van het zorgkantoor, met opslag (kader 2016, 004 §2.2)")


@geschiedenis
class Regelset(models.Model):
    naam = models.CharField(_("naam"), max_length=200, unique=True)
    kader = models.CharField(_("kader"), max_length=8, choices=Kader.choices, default=Kader.WLZ_2022)
    is_sjabloon = models.BooleanField(_("sjabloon"), default=False,
                                      help_text=_("Een sjabloon wordt gekopieerd naar een ronde, niet zelf gebruikt."))
    bron = models.CharField(_("bron"), max_length=300, blank=True)
    afgeleid_van = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="kopieen",
        verbose_name=_("afgeleid van"), help_text=_("De regelset (meestal een sjabloon) waarvan deze een kopie is."))
    max_aandeel_onderaanneming = models.DecimalField(
        _("maximaal aandeel onderaanneming (%)"), max_digits=5, decimal_places=2, default=Decimal("33.33"),
        null=True, blank=True,
        help_text=_("Richtlijn: de zorgaanbieder levert ten minste 2/3 van de zorg zelf (002 §4.1). Leeg: geen "
                    "richtlijn (het kader 2016 kent er geen)."))
    min_toezichthouders = models.PositiveSmallIntegerField(
        _("minimaal aantal toezichthouders"), default=2,
        help_text=_("Leden van het toezichthoudend orgaan op het moment van inschrijving (ECLI:NL:RBZWB:2018:7334)."))
    zelfanalyse_vereist = models.BooleanField(_("zelfanalyse vereist"), default=False)
    max_opslag = models.DecimalField(_("maximale opslag op het basistarief (%)"), max_digits=4, decimal_places=2,
                                     default=Decimal("0"), help_text=_("Kader 2016: ten hoogste 3% (004 §2.2.3)."))
    richttarief = models.DecimalField(_("richttariefpercentage (%)"), max_digits=5, decimal_places=2,
                                      default=Decimal("95.8"), help_text=_("Van het NZa-maximumtarief (002 §2.2)."))
    tarief_grondslag = models.CharField(_("tariefgrondslag"), max_length=12, choices=TariefGrondslag.choices,
                                        default=TariefGrondslag.NZA_MAXIMUM)
    nhc_nic_percentage = models.DecimalField(
        _("NHC/NIC-component (%)"), max_digits=5, decimal_places=2, null=True, blank=True, default=Decimal("100"),
        help_text=_("Bij het NZa-maximumtarief: het percentage van de NHC/NIC-component (2022: 100%, 002 §2.2)."))
    tarief_bron = models.CharField(_("bron van het tarief"), max_length=200, blank=True, default="002 §2.2")
    bezwaar_termijn_dagen = models.PositiveSmallIntegerField(
        _("bezwaartermijn (kalenderdagen)"), default=20,
        help_text=_("Binnen deze termijn na de datum van de besluitbrief kan de zorgaanbieder bezwaar maken."))
    bezwaar_procedure = models.TextField(
        _("hoe bezwaar te maken"), default="Stuur uw bezwaar schriftelijk en gemotiveerd, met het kenmerk van deze "
        "brief, aan het zorgkantoor.", help_text=_("Staat in de besluitbrief, na de bezwaartermijn."))
    reactietermijn_dagen = models.PositiveSmallIntegerField(
        _("reactietermijn aanbod (dagen)"), default=14,
        help_text=_("Binnen deze termijn accepteert of weigert de tekenbevoegde het aanbod."))
    gesprek_type_2 = models.BooleanField(_("gesprek ook voor type 2"), default=False)

    class Meta:
        ordering = ["-is_sjabloon", "naam"]
        verbose_name = _("regelset")
        verbose_name_plural = _("regelsets")

    def __str__(self):
        return self.naam

    @transaction.atomic
    def kopieer(self, naam: str) -> "Regelset":
        """A full, independent copy (document types and type requirements) under a new name."""
        kopie = Regelset.objects.get(pk=self.pk)
        kopie.pk = None
        kopie.naam = naam
        kopie.is_sjabloon = False
        kopie.afgeleid_van = self
        kopie.save()
        nieuwe_types = {}
        for doc in self.documenttypen.all():
            oud = doc.pk
            doc.pk = None
            doc.regelset = kopie
            doc.save()
            nieuwe_types[oud] = doc
        for regel in self.overeenkomst_regels.all():
            regel.pk = None
            regel.regelset = kopie
            regel.save()
        for kracht in self.krachten.all():
            kracht.pk = None
            kracht.regelset = kopie
            kracht.save()
        for eis in self.type_eisen.prefetch_related("documenten"):
            documenten = list(eis.documenten.all())
            eis.pk = None
            eis.regelset = kopie
            eis.save()
            eis.documenten.set([nieuwe_types[d.pk] for d in documenten])
        return kopie

    def eis_voor(self, aanbieder_type: str) -> "TypeEis | None":
        return self.type_eisen.filter(aanbieder_type=aanbieder_type).first()


class Kracht(models.TextChoices):
    """What follows when a rule is not met (``inschrijving.krachten`` explains each)."""

    UITSLUITING = "uitsluiting", _("Uitsluiting: volgt zonder tussenkomst van een persoon")
    SIGNAAL = "signaal", _("Signaal: het zorgkantoor weegt het, met het bewijs")
    OORDEEL = "oordeel", _("Oordeel: de zorginkoper beoordeelt het, met een reden")
    GESPREK = "gesprek", _("Gesprek: gewogen in de laatste fase, na het gesprek")


@geschiedenis
class RegelKracht(models.Model):
    """The force of one rule (or of every rule matching a pattern such as ``document.*.leeftijd``) in a rule set.
    The exact code wins over a pattern, a more specific pattern over a broader one."""

    regelset = models.ForeignKey(Regelset, on_delete=models.CASCADE, related_name="krachten")
    regel = models.CharField(_("regel"), max_length=100,
                             help_text=_("De code van de regel, of een patroon met * (bv. document.*.leeftijd)."))
    kracht = models.CharField(_("kracht"), max_length=12, choices=Kracht.choices)
    bron = models.CharField(_("bron"), max_length=200, blank=True)
    toelichting = models.CharField(_("waarom"), max_length=300, blank=True)

    class Meta:
        ordering = ["regelset", "regel"]
        verbose_name = _("kracht van een regel")
        verbose_name_plural = _("krachten van de regels")
        constraints = [models.UniqueConstraint(fields=["regelset", "regel"], name="een_kracht_per_regel")]

    def __str__(self):
        return f"{self.regel}: {self.get_kracht_display()}"


class DocumentVoorwaarde(models.TextChoices):
    """When a document is required beyond its type (002 §4.9, §4.10, §4.5): the evaluator reads the dossier."""

    MOEDERMAATSCHAPPIJ = "moedermaatschappij", _("de inschrijver een (groot)moedermaatschappij heeft")
    VOLMACHT = "volmacht", _("de bevoegdheid van de ondertekenaar niet uit het KvK-uittreksel blijkt")
    WIJZIGINGEN = "wijzigingen", _("er wijzigingen zijn sinds de vorige inschrijving (nooit verplicht)")


@geschiedenis
class DocumentType(models.Model):
    regelset = models.ForeignKey(Regelset, on_delete=models.CASCADE, related_name="documenttypen")
    code = models.SlugField(_("code"), max_length=50)
    naam = models.CharField(_("naam"), max_length=200)
    toelichting = models.TextField(_("toelichting"), blank=True)
    moment = models.CharField(_("moment"), max_length=1, choices=Moment.choices, default=Moment.INSCHRIJVING)
    controle = models.CharField(_("controle"), max_length=12, choices=Controle.choices, default=Controle.AANWEZIG)
    max_leeftijd_maanden = models.PositiveSmallIntegerField(
        _("maximale leeftijd (maanden)"), null=True, blank=True,
        help_text=_("Gerekend van de afgiftedatum tot de sluitingstijd."))
    niet_voor_starters = models.BooleanField(
        _("niet voor starters"), default=False,
        help_text=_("Een startende organisatie hoeft dit document niet te leveren (bv. jaarrekeningen)."))
    voorwaarde = models.CharField(
        _("alleen als"), max_length=20, choices=DocumentVoorwaarde.choices, blank=True, default="",
        help_text=_("Leeg: altijd vereist. Anders alleen vereist in de genoemde situatie."))
    min_verzekerd_bedrag = models.DecimalField(_("minimaal verzekerd bedrag per gebeurtenis (EUR)"), max_digits=12,
                                               decimal_places=2, null=True, blank=True)
    bron = models.CharField(_("bron"), max_length=200, blank=True)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = _("documenttype")
        verbose_name_plural = _("documenttypen")
        constraints = [models.UniqueConstraint(fields=["regelset", "code"], name="documenttype_code_uniek")]

    def __str__(self):
        return self.naam


@geschiedenis
class TypeEis(models.Model):
    """What one aanbieder type submits under a rule set."""

    regelset = models.ForeignKey(Regelset, on_delete=models.CASCADE, related_name="type_eisen")
    aanbieder_type = models.CharField(_("aanbiedertype"), max_length=2, choices=AanbiederType.choices)
    verklaring = models.CharField(_("verklaring"), max_length=12, choices=Verklaring.choices)
    ondernemingsplan = models.CharField(_("ondernemingsplan"), max_length=10, choices=PlanOmvang.choices,
                                        default=PlanOmvang.GEEN)
    documenten = models.ManyToManyField(DocumentType, blank=True, verbose_name=_("documenten"),
                                        related_name="type_eisen")
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["aanbieder_type"]
        verbose_name = _("eis per aanbiedertype")
        verbose_name_plural = _("eisen per aanbiedertype")
        constraints = [models.UniqueConstraint(fields=["regelset", "aanbieder_type"], name="een_eis_per_type")]

    def __str__(self):
        return f"{self.regelset} – {self.get_aanbieder_type_display()}"


class OvereenkomstSoort(models.TextChoices):
    VOORTZETTING = "voortzetting", _("Voortzetting van de lopende meerjarige overeenkomst")
    TWEEJARIG = "tweejarig", _("Tweejarige overeenkomst")
    EENJARIG_VERLENGING = "eenjarig_verlenging", _("Eenjarige overeenkomst met een mogelijke verlenging van een jaar")
    EENJARIG = "eenjarig", _("Eenjarige overeenkomst")
    AFWIJZING = "afwijzing", _("Afwijzing")


class OvereenkomstRegel(models.Model):
    """One row of the overeenkomst table: the first row (by order) whose type and conditions hold decides
    what a positively assessed inschrijving is offered (002 §4.4/§4.6; 004 §2.2). The condition codes are
    the fixed vocabulary of ``beoordeling.besluitregels.VOORWAARDEN``."""

    regelset = models.ForeignKey(Regelset, on_delete=models.CASCADE, related_name="overeenkomst_regels")
    volgorde = models.PositiveSmallIntegerField(default=0)
    aanbieder_type = models.CharField(_("aanbiedertype"), max_length=2, choices=AanbiederType.choices, blank=True,
                                      help_text=_("Leeg: elk type."))
    voorwaarden = models.JSONField(_("voorwaarden"), default=list, blank=True,
                                   help_text=_("Codes die allemaal moeten gelden, bv. [\"heel_inschrijfjaar\"]."))
    soort = models.CharField(_("overeenkomst"), max_length=20, choices=OvereenkomstSoort.choices)
    looptijd_jaren = models.PositiveSmallIntegerField(_("looptijd (jaren)"), default=1)
    verlenging_jaren = models.PositiveSmallIntegerField(_("mogelijke verlenging (jaren)"), default=0)
    met_opslag = models.BooleanField(_("met opslag op het basistarief"), default=False)
    bron = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta:
        ordering = ["regelset", "volgorde"]
        verbose_name = _("overeenkomstregel")
        verbose_name_plural = _("overeenkomstregels")

    def __str__(self):
        return f"{self.get_aanbieder_type_display() or _('elk type')}: {self.get_soort_display()}"
