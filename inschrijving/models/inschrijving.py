"""An inschrijving: one per zorgaanbieder per zorgkantoor per round, with its verklaring, plan,
documents and the immutable snapshots made at each submission (the legal record)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inschrijving.opslag import prive

from .partijen import Zorgaanbieder, Zorgkantoor
from .regels import AanbiederType, DocumentType
from .ronde import Inkoopronde


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class Inschrijving(models.Model):
    ronde = models.ForeignKey(Inkoopronde, on_delete=models.PROTECT, related_name="inschrijvingen")
    zorgaanbieder = models.ForeignKey(Zorgaanbieder, on_delete=models.PROTECT, related_name="inschrijvingen")
    zorgkantoor = models.ForeignKey(Zorgkantoor, on_delete=models.PROTECT, related_name="inschrijvingen")
    aanbieder_type = models.CharField(_("aanbiedertype"), max_length=2, choices=AanbiederType.choices)
    type_reden = models.TextField(_("reden aanbiedertype"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CONCEPT,
                              db_index=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Set by the assessment when an afwijzing (or "niet in behandeling") is approved by a second person: the
    # rejection that allows one re-registration in that contract year (002 §4.6).
    afgewezen_op = models.DateTimeField(_("afgewezen op"), null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op"]
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        constraints = [models.UniqueConstraint(fields=["ronde", "zorgaanbieder", "zorgkantoor"],
                                               name="een_inschrijving_per_aanbieder_zk_ronde")]

    def __str__(self):
        return f"{self.zorgaanbieder.statutaire_naam} – {self.zorgkantoor} ({self.ronde})"

    @property
    def planning(self):
        return self.ronde.planning(self.zorgkantoor)

    def sluiting(self):
        return self.planning.sluiting_inschrijving

    def bewerkbaar(self, moment=None) -> bool:
        """Before the sluitingstijd an aanbieder may edit, withdraw and resubmit; never after."""
        return (moment or timezone.now()) < self.sluiting()

    def regelset(self):
        return self.ronde.regelset_voor(self.zorgkantoor)

    def eis(self):
        regelset = self.regelset()
        return regelset.eis_voor(self.aanbieder_type) if regelset else None

    def actuele_indiening(self):
        return self.indieningen.filter(ingetrokken_op__isnull=True).order_by("-volgnummer").first()


class Bestuursverklaring(models.Model):
    inschrijving = models.OneToOneField(Inschrijving, on_delete=models.CASCADE, related_name="bestuursverklaring")
    ondertekenaar_naam = models.CharField(_("naam ondertekenaar"), max_length=200, blank=True)
    ondertekenaar_functie = models.CharField(_("functie ondertekenaar"), max_length=200, blank=True)
    # {grond: {"organisatie": bool, "bestuurders": bool}}; a missing key is an unanswered question.
    uitsluitingsgronden = models.JSONField(_("uitsluitingsgronden"), default=dict, blank=True)
    geschiktheid = models.JSONField(_("geschiktheidseisen"), default=dict, blank=True)
    # 002 §4.9: the signer's authority shows on the KvK uittreksel, or a volmacht is attached.
    bevoegdheid_uit_kvk = models.BooleanField(_("bevoegdheid blijkt uit het KvK-uittreksel"), null=True, blank=True)
    werkt_met_onderaannemers = models.BooleanField(_("werkt met onderaannemers"), null=True, blank=True)
    # 002 §4.5 punt 2: a bestaande zorgaanbieder (1b) reports changes since its earlier inschrijving.
    geen_wijzigingen = models.BooleanField(_("geen wijzigingen sinds de vorige inschrijving"), null=True, blank=True)
    wijzigingen = models.TextField(_("wijzigingen sinds de vorige inschrijving"), blank=True)
    bijlage3_van_toepassing = models.BooleanField(_("bijlage 3 (lijst met zorgkantoren) van toepassing"),
                                                  default=False)
    bijlage3_zorgkantoren = models.ManyToManyField(Zorgkantoor, blank=True, related_name="+",
                                                   verbose_name=_("andere zorgkantoren (bijlage 3)"))
    bijlage3_toelichting = models.TextField(_("toelichting bijlage 3"), blank=True)
    akkoord_voorwaarden = models.BooleanField(_("akkoord met de voorwaarden van het inkoopkader"), default=False)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bestuursverklaring")
        verbose_name_plural = _("bestuursverklaringen")

    def __str__(self):
        return f"Bestuursverklaring – {self.inschrijving}"


class Onderaannemer(models.Model):
    """Bijlage 2 of the bestuursverklaring, or bijlage 1 of the instemmingsverklaring (002 §4.1): one row per
    onderaannemer (ZZP'ers included)."""

    verklaring = models.ForeignKey(Bestuursverklaring, on_delete=models.CASCADE, related_name="onderaannemers",
                                   null=True, blank=True)
    instemmingsverklaring = models.ForeignKey("Instemmingsverklaring", on_delete=models.CASCADE,
                                              related_name="onderaannemers", null=True, blank=True)
    naam = models.CharField(_("naam"), max_length=200)
    kvk_nummer = models.CharField(_("KvK-nummer"), max_length=8)
    adres = models.CharField(_("adres"), max_length=300)
    levering = models.CharField(_("wat levert de onderaannemer"), max_length=300)
    aandeel = models.DecimalField(_("aandeel in de zorg (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("onderaannemer")
        verbose_name_plural = _("onderaannemers")
        constraints = [
            models.CheckConstraint(name="aandeel_tussen_0_en_100", condition=Q(aandeel__gte=0, aandeel__lte=100)),
            models.CheckConstraint(name="onderaannemer_bij_een_verklaring",
                                   condition=Q(verklaring__isnull=False, instemmingsverklaring__isnull=True)
                                   | Q(verklaring__isnull=True, instemmingsverklaring__isnull=False)),
        ]

    def __str__(self):
        return f"{self.naam} ({self.aandeel}%)"


class Instemmingsverklaring(models.Model):
    inschrijving = models.OneToOneField(Inschrijving, on_delete=models.CASCADE,
                                        related_name="instemmingsverklaring")
    ondertekenaar_naam = models.CharField(_("naam ondertekenaar"), max_length=200, blank=True)
    ondertekenaar_functie = models.CharField(_("functie ondertekenaar"), max_length=200, blank=True)
    instemmingen = models.JSONField(_("instemmingen"), default=dict, blank=True)
    geen_wijzigingen = models.BooleanField(_("geen wijzigingen sinds de vorige inschrijving"), null=True, blank=True)
    wijzigingen = models.TextField(_("wijzigingen sinds de vorige inschrijving"), blank=True)
    # Bijlage 1 (002 §4.1): whether the provider works with onderaannemers in the contract year, and which.
    werkt_met_onderaannemers = models.BooleanField(_("werkt met onderaannemers"), null=True, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("instemmingsverklaring")
        verbose_name_plural = _("instemmingsverklaringen")

    def __str__(self):
        return f"Instemmingsverklaring – {self.inschrijving}"


# The begroting of the financieel plan: opbrengsten and kosten per domein (002 §4.9, §4.10).
BEGROTING_DOMEINEN = [("wlz", _("Wlz")), ("wmo", _("Wmo")), ("zvw", _("Zvw")), ("overig", _("Overig"))]
BEGROTING_SOORTEN = ("opbrengsten", "kosten")


class Ondernemingsplan(models.Model):
    inschrijving = models.OneToOneField(Inschrijving, on_delete=models.CASCADE, related_name="ondernemingsplan")
    # Organisatie-inrichting
    bestuur = models.TextField(_("raad van bestuur / directie"), blank=True)
    toezichthouders = models.TextField(_("leden van het toezichthoudend orgaan"), blank=True,
                                       help_text=_("Eén naam per regel."))
    clientenraad = models.TextField(_("cliëntenraad of andere cliëntenmedezeggenschap"), blank=True)
    holding = models.TextField(_("toelichting holdingstructuur"), blank=True)
    # Missie en strategie
    missie = models.TextField(_("missie"), blank=True)
    strategie = models.TextField(_("strategie"), blank=True)
    # Bedrijfsplan
    sectoren = models.JSONField(_("sectoren"), default=list, blank=True)
    leveringsvormen = models.JSONField(_("leveringsvormen"), default=list, blank=True)
    prestaties = models.TextField(_("prestaties (NZa-prestaties)"), blank=True)
    verwacht_aantal_clienten = models.PositiveIntegerField(_("verwacht aantal cliënten"), null=True, blank=True)
    gemeenten_locaties = models.TextField(_("gemeenten en locaties"), blank=True)
    personeel_aantal = models.PositiveIntegerField(_("aantal medewerkers (fte)"), null=True, blank=True)
    personeel_niveau = models.TextField(_("deskundigheidsniveau van het personeel"), blank=True)
    ervaring = models.JSONField(_("ervaring in andere domeinen"), default=list, blank=True)
    samenwerking = models.TextField(_("samenwerking in de keten"), blank=True)
    onderscheidend = models.TextField(_("onderscheidend vermogen"), blank=True)
    governancecode_praktijk = models.TextField(_("Governancecode Zorg in de praktijk"), blank=True)
    # Financieel plan (002 §4.10): a general explanation, an omzetprognose, the jaarrekeningen (documents) and a
    # begroting for the contract year with opbrengsten and kosten per domein.
    financiele_toelichting = models.TextField(_("algemene toelichting op de financiële positie"), blank=True)
    omzetprognose = models.TextField(_("omzetprognose"), blank=True)
    starter = models.BooleanField(_("startende organisatie (nog geen jaarrekeningen)"), default=False)
    moedermaatschappij = models.BooleanField(_("onderdeel van een groep met een (groot)moedermaatschappij"),
                                             null=True, blank=True)
    eigen_vermogen = models.DecimalField(_("eigen vermogen (EUR)"), max_digits=14, decimal_places=2, null=True,
                                         blank=True)
    verwacht_resultaat = models.DecimalField(_("verwacht resultaat contractjaar (EUR)"), max_digits=14,
                                             decimal_places=2, null=True, blank=True)
    begroting_wlz_opbrengsten = models.DecimalField(_("begroting Wlz opbrengsten (EUR)"), max_digits=14,
                                                    decimal_places=2, null=True, blank=True)
    begroting_wlz_kosten = models.DecimalField(_("begroting Wlz kosten (EUR)"), max_digits=14,
                                               decimal_places=2, null=True, blank=True)
    begroting_wmo_opbrengsten = models.DecimalField(_("begroting Wmo opbrengsten (EUR)"), max_digits=14,
                                                    decimal_places=2, null=True, blank=True)
    begroting_wmo_kosten = models.DecimalField(_("begroting Wmo kosten (EUR)"), max_digits=14,
                                               decimal_places=2, null=True, blank=True)
    begroting_zvw_opbrengsten = models.DecimalField(_("begroting Zvw opbrengsten (EUR)"), max_digits=14,
                                                    decimal_places=2, null=True, blank=True)
    begroting_zvw_kosten = models.DecimalField(_("begroting Zvw kosten (EUR)"), max_digits=14,
                                               decimal_places=2, null=True, blank=True)
    begroting_overig_opbrengsten = models.DecimalField(_("begroting overige opbrengsten (EUR)"), max_digits=14,
                                                       decimal_places=2, null=True, blank=True)
    begroting_overig_kosten = models.DecimalField(_("begroting overige kosten (EUR)"), max_digits=14,
                                                  decimal_places=2, null=True, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ondernemingsplan")
        verbose_name_plural = _("ondernemingsplannen")

    def __str__(self):
        return f"Ondernemingsplan – {self.inschrijving}"

    def begroting_per_domein(self) -> dict:
        return {domein: {soort: getattr(self, f"begroting_{domein}_{soort}") for soort in BEGROTING_SOORTEN}
                for domein, _label in BEGROTING_DOMEINEN}

    def toezichthouder_namen(self) -> list[str]:
        return [regel.strip() for regel in self.toezichthouders.splitlines() if regel.strip()]


class VogSoort(models.TextChoices):
    RP = "rp", _("VOG rechtspersoon (RP)")
    NP = "np", _("VOG natuurlijk persoon (NP)")
    GVA = "gva", _("Gedragsverklaring Aanbesteding (GVA)")


def _document_pad(instance, filename):
    # A random name: the original filename is display-only and never reaches the file system.
    return f"documenten/{instance.inschrijving_id}/{uuid.uuid4().hex}.pdf"


class Document(models.Model):
    """One uploaded version of a document; replacing it adds a version and keeps this one."""

    class Scan(models.TextChoices):
        """The virus scan of the file (``inschrijving.scannen``): done by a Celery task after the upload is stored,
        so the upload request does not wait for clamd. A version that is not yet scanned is not opened by anyone and
        is scanned at the latest when it is submitted; an infected one is refused and its file removed."""

        WACHTEND = "wachtend", _("wordt op virussen gescand")
        SCHOON = "schoon", _("gescand, geen virus gevonden")
        BESMET = "besmet", _("geweigerd: schadelijke inhoud gevonden")
        UIT = "uit", _("niet gescand (geen virusscanner ingesteld)")

    inschrijving = models.ForeignKey(Inschrijving, on_delete=models.PROTECT, related_name="documenten")
    documenttype = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="+")
    versie = models.PositiveSmallIntegerField(_("versie"), default=1)
    bestand = models.FileField(_("bestand"), upload_to=_document_pad, storage=prive, max_length=200)
    weergavenaam = models.CharField(_("bestandsnaam"), max_length=200)
    grootte = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    mime = models.CharField(_("bestandssoort"), max_length=100, default="application/pdf")
    geupload_op = models.DateTimeField(_("geüpload op"), default=timezone.now)
    geupload_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vervangen_op = models.DateTimeField(_("vervangen op"), null=True, blank=True)
    scan = models.CharField(_("virusscan"), max_length=8, choices=Scan.choices, default=Scan.WACHTEND)
    scan_vondst = models.CharField(_("gevonden door de virusscan"), max_length=200, blank=True)
    gescand_op = models.DateTimeField(_("gescand op"), null=True, blank=True)
    # Metadata the checks need (which fields apply follows DocumentType.controle).
    afgiftedatum = models.DateField(_("afgiftedatum"), null=True, blank=True)
    rechtspersoon = models.CharField(_("rechtspersoon op het document"), max_length=200, blank=True)
    verzekerd_bedrag = models.DecimalField(_("verzekerd bedrag per gebeurtenis (EUR)"), max_digits=12,
                                           decimal_places=2, null=True, blank=True)
    polis_ingangsdatum = models.DateField(_("ingangsdatum polis"), null=True, blank=True)
    verzekeringnemer = models.CharField(_("verzekeringnemer"), max_length=200, blank=True)
    vog_soort = models.CharField(_("soort verklaring"), max_length=3, choices=VogSoort.choices, blank=True)
    vog_voor_deze_procedure = models.BooleanField(_("aangevraagd voor deze inkoopprocedure"), null=True, blank=True)

    class Meta:
        ordering = ["documenttype__volgorde", "-versie"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        constraints = [
            models.UniqueConstraint(fields=["inschrijving", "documenttype", "versie"], name="document_versie_uniek"),
            models.UniqueConstraint(fields=["inschrijving", "documenttype"], condition=Q(vervangen_op__isnull=True),
                                    name="een_actuele_versie_per_documenttype"),
        ]

    def __str__(self):
        return f"{self.documenttype.naam} v{self.versie} ({self.weergavenaam})"


class Indiening(models.Model):
    """What was submitted, as it was: an immutable, hashed snapshot. Withdrawal only stamps it.

    Enforced by database triggers (migration 0007, PostgreSQL and SQLite), so QuerySet.update() and raw SQL
    are refused as well as save(): a stored row is never deleted, and id, inschrijving, volgnummer,
    ingediend_op, ingediend_door, snapshot and sha256 never change. The documents of the submission (the
    ``documenten`` link rows) are never changed or removed, and only documents in the snapshot can be linked.

    Exactly two pairs of columns may still be written, once each, from empty, and only together:
    - ``ontvangstbewijs`` + ``ontvangstbewijs_sha256``: the receipt PDF, rendered after commit (or at the
      first download when that failed) by ``pdf.bewaar_ontvangstbevestiging``;
    - ``ingetrokken_op`` + ``ingetrokken_door``: the withdrawal stamp set by ``services.intrekken``.
    After that they are as fixed as the rest. A refused write raises ``django.db.IntegrityError``.
    """

    inschrijving = models.ForeignKey(Inschrijving, on_delete=models.PROTECT, related_name="indieningen")
    volgnummer = models.PositiveSmallIntegerField(_("volgnummer"))
    ingediend_op = models.DateTimeField(_("ontvangen op"))
    ingediend_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField(_("inhoud"))
    sha256 = models.CharField(_("SHA-256 van de inhoud"), max_length=64)
    documenten = models.ManyToManyField(Document, related_name="indieningen", blank=True)
    ontvangstbewijs = models.FileField(_("ontvangstbevestiging"), storage=prive, upload_to="ontvangst/",
                                       blank=True, max_length=200)
    ontvangstbewijs_sha256 = models.CharField(max_length=64, blank=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                         null=True, blank=True)

    class Meta:
        ordering = ["-volgnummer"]
        verbose_name = _("indiening")
        verbose_name_plural = _("indieningen")
        constraints = [models.UniqueConstraint(fields=["inschrijving", "volgnummer"], name="indiening_volgnummer")]
        # The public check of a receipt finds it by its hash (api/controle.py).
        indexes = [models.Index(fields=["ontvangstbewijs_sha256"], name="indiening_bewijs_sha256")]

    def __str__(self):
        return f"{self.inschrijving} – indiening {self.volgnummer}"


class OpeningVerzoek(models.Model):
    """The first of the two people who open a zorgkantoor's vault after the sluitingstijd: a request that a
    colleague confirms (then the Opening is recorded) or that its maker withdraws. Opens nothing by itself."""

    ronde = models.ForeignKey(Inkoopronde, on_delete=models.PROTECT, related_name="openingverzoeken")
    zorgkantoor = models.ForeignKey(Zorgkantoor, on_delete=models.PROTECT, related_name="openingverzoeken")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(_("verzocht op"))

    class Meta:
        verbose_name = _("verzoek tot opening")
        verbose_name_plural = _("verzoeken tot opening")
        constraints = [models.UniqueConstraint(fields=["ronde", "zorgkantoor"], name="een_openingverzoek_per_ronde_zk")]

    def __str__(self):
        return f"Verzoek tot opening {self.ronde} – {self.zorgkantoor}"


class Opening(models.Model):
    """Proces-verbaal van opening: two of the zorgkantoor's staff, each with their second factor, opened the
    round's sealed inschrijvingen; until this record exists nobody sees who submitted what (selectors). Recorded
    once, with its PDF and that PDF's hash; a database trigger refuses any change (migration 0015)."""

    ronde = models.ForeignKey(Inkoopronde, on_delete=models.PROTECT, related_name="openingen")
    zorgkantoor = models.ForeignKey(Zorgkantoor, on_delete=models.PROTECT, related_name="openingen")
    geopend_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("verzocht door"))
    verzocht_op = models.DateTimeField(_("verzocht op"), null=True, blank=True)
    tweede_opener = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      null=True, blank=True, verbose_name=_("bevestigd door"))
    geopend_op = models.DateTimeField(_("geopend op"))
    aantal_ingediend = models.PositiveIntegerField(_("aantal ingediende inschrijvingen"))
    aantal_ingetrokken = models.PositiveIntegerField(_("aantal ingetrokken inschrijvingen"), default=0)
    vingerafdruk = models.CharField(
        _("vingerafdruk van de ingediende inschrijvingen"), max_length=64, blank=True,
        help_text=_("SHA-256 over de gesorteerde hashes van de inschrijvingen die meetellen."))
    proces_verbaal = models.FileField(_("proces-verbaal (PDF)"), storage=prive, upload_to="processen-verbaal/",
                                      max_length=200, blank=True)
    proces_verbaal_sha256 = models.CharField(_("SHA-256 van het proces-verbaal"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("proces-verbaal van opening")
        verbose_name_plural = _("processen-verbaal van opening")
        constraints = [models.UniqueConstraint(fields=["ronde", "zorgkantoor"], name="een_opening_per_ronde_zk")]

    def __str__(self):
        return f"Opening {self.ronde} – {self.zorgkantoor}"


class NotaVanInlichtingen(models.Model):
    ronde = models.OneToOneField(Inkoopronde, on_delete=models.PROTECT, related_name="nota_van_inlichtingen")
    inleiding = models.TextField(_("inleiding"), blank=True)
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    gepubliceerd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                          null=True, blank=True)

    class Meta:
        verbose_name = _("Nota van Inlichtingen")
        verbose_name_plural = _("Nota's van Inlichtingen")

    def __str__(self):
        return f"Nota van Inlichtingen – {self.ronde}"


class NvIAntwoord(models.Model):
    """One entry of the NvI: a (possibly merged, always anonymised) question and its answer."""

    nota = models.ForeignKey(NotaVanInlichtingen, on_delete=models.CASCADE, related_name="antwoorden")
    vraag = models.TextField(_("vraag (geanonimiseerd)"))
    antwoord = models.TextField(_("antwoord"))
    paragraaf = models.CharField(_("paragraaf van het inkoopkader"), max_length=50, blank=True)
    volgorde = models.PositiveIntegerField(default=0)
    beantwoord_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["volgorde", "pk"]
        verbose_name = _("antwoord in de Nota van Inlichtingen")
        verbose_name_plural = _("antwoorden in de Nota van Inlichtingen")

    def __str__(self):
        return self.vraag[:80]


class Vraag(models.Model):
    """A question of an aanbieder for the Nota van Inlichtingen; who asked is never published."""

    ronde = models.ForeignKey(Inkoopronde, on_delete=models.PROTECT, related_name="vragen")
    zorgaanbieder = models.ForeignKey(Zorgaanbieder, on_delete=models.PROTECT, related_name="vragen")
    gesteld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    paragraaf = models.CharField(_("paragraaf van het inkoopkader"), max_length=50, blank=True)
    tekst = models.TextField(_("vraag"))
    gesteld_op = models.DateTimeField(_("gesteld op"), default=timezone.now)
    antwoord = models.ForeignKey(NvIAntwoord, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="vragen")

    class Meta:
        ordering = ["gesteld_op"]
        verbose_name = _("vraag voor de Nota van Inlichtingen")
        verbose_name_plural = _("vragen voor de Nota van Inlichtingen")

    def __str__(self):
        return self.tekst[:80]

