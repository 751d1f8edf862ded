"""The assessment of a submitted inschrijving (seed 002 §4.6): the three steps as recorded results, the
verzoek om verduidelijking, the gesprek, the decision with four eyes, and the append-only audit trail."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inschrijving.models import OvereenkomstSoort
from inschrijving.opslag import prive
from wlzportal.datums import datum


class Fase(models.TextChoices):
    """Where an assessment stands. Each phase says whether it is final and what it means."""

    NIEUW = "nieuw", _("Wacht op de automatische controles")
    # Step 1 found items missing: the machine proposes, a zorginkoper decides (002 §4.6) — confirm "niet in
    # behandeling" (four eyes) or ask a toelichting. Not final.
    VOORSTEL_NIET_IN_BEHANDELING = "voorstel_onvolledig", _("Voorstel: niet in behandeling (onvolledig)")
    TOELICHTING = "toelichting", _("Toelichting gevraagd (onvolledig)")
    NIET_IN_BEHANDELING = "niet_in_behandeling", _("Niet in behandeling genomen (onvolledig)")
    CONTROLE = "controle", _("Controle verklaring en documenten")
    GESPREK = "gesprek", _("Gesprek")
    BESLUIT = "besluit", _("Besluit voorbereiden")
    GOEDKEURING = "goedkeuring", _("Wacht op goedkeuring (vier ogen)")
    AANGEBODEN = "aangeboden", _("Aanbod verstuurd")
    GEACCEPTEERD = "geaccepteerd", _("Aanbod geaccepteerd")
    GEWEIGERD = "geweigerd", _("Aanbod geweigerd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


EINDFASEN = {Fase.NIET_IN_BEHANDELING, Fase.GEACCEPTEERD, Fase.GEWEIGERD, Fase.AFGEWEZEN}
STAP = {Fase.NIEUW: 1, Fase.VOORSTEL_NIET_IN_BEHANDELING: 1, Fase.TOELICHTING: 1, Fase.NIET_IN_BEHANDELING: 1,
        Fase.CONTROLE: 2, Fase.GESPREK: 3, Fase.BESLUIT: 4, Fase.GOEDKEURING: 4, Fase.AANGEBODEN: 5,
        Fase.GEACCEPTEERD: 5, Fase.GEWEIGERD: 5, Fase.AFGEWEZEN: 5}


class Beoordeling(models.Model):
    inschrijving = models.OneToOneField("inschrijving.Inschrijving", on_delete=models.PROTECT,
                                        related_name="beoordeling")
    indiening = models.ForeignKey("inschrijving.Indiening", on_delete=models.PROTECT, related_name="+",
                                  help_text=_("De indiening die bij de sluitingstijd gold: het dossier dat wordt "
                                              "beoordeeld."))
    # The inschrijving's zorgkantoor and round, on the assessment itself (filled in by save() and the pipeline; the
    # database refuses any other value, migration 0010): the queue's counts are a look at one index of this table,
    # not a join of three tables of a whole round (issue 10; ``selectors.te_tellen_voor``). Only that composite
    # index, no index per column: a query that returns rows is never planned around them.
    zorgkantoor = models.ForeignKey("inschrijving.Zorgkantoor", on_delete=models.PROTECT, related_name="+",
                                    editable=False, db_index=False)
    ronde = models.ForeignKey("inschrijving.Inkoopronde", on_delete=models.PROTECT, related_name="+",
                              editable=False, db_index=False)
    fase = models.CharField(_("fase"), max_length=24, choices=Fase.choices, default=Fase.NIEUW, db_index=True)
    toegewezen_aan = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="toegewezen_beoordelingen", verbose_name=_("toegewezen aan"))
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True, db_index=True)
    stap1_klaar_op = models.DateTimeField(null=True, blank=True)
    stap2_klaar_op = models.DateTimeField(null=True, blank=True)
    # Where no gesprek follows (002 §4.6 step 3 is for new providers): the zorginkoper weighs each signal of the
    # controle here, {regel: {"bezwaar": bool, "bevinding": str, "door": name, "door_id": pk, "op": iso}}.
    signaal_oordelen = models.JSONField(_("weging van de signalen"), default=dict, blank=True)
    # A failed automated step is recorded here, visible in the queue and retryable there.
    fout = models.TextField(_("fout"), blank=True)
    fout_stap = models.CharField(max_length=20, blank=True)
    mislukt_op = models.DateTimeField(null=True, blank=True)
    pogingen = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["inschrijving__zorgaanbieder__statutaire_naam"]
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        indexes = [models.Index(fields=["fase", "toegewezen_aan"]),
                   models.Index(fields=["zorgkantoor", "ronde", "fase"], name="beoordeling_telling_idx")]

    def __str__(self):
        return f"Beoordeling {self.inschrijving}"

    def save(self, *args, **kwargs):
        if self.inschrijving_id and (self.zorgkantoor_id is None or self.ronde_id is None):
            self.zorgkantoor_id, self.ronde_id = self.inschrijving.zorgkantoor_id, self.inschrijving.ronde_id
        super().save(*args, **kwargs)

    @property
    def is_eindfase(self) -> bool:
        return self.fase in EINDFASEN

    @property
    def stap(self) -> int:
        return STAP[self.fase]

    @property
    def mislukt(self) -> bool:
        return self.mislukt_op is not None


class Uitkomst(models.TextChoices):
    VOLDOET = "voldoet", _("Voldoet")
    VOLDOET_NIET = "voldoet_niet", _("Voldoet niet")
    HANDMATIG = "handmatig", _("Handmatig te beoordelen")
    INREGELTIJD = "inregeltijd", _("Mag later (inregeltijd)")
    SIGNAAL = "signaal", _("Signaal: het zorgkantoor weegt dit")


class Toetsresultaat(models.Model):
    """One rule applied to one inschrijving: outcome, explanation naming rule and source, evidence, and
    who or what decided when."""

    beoordeling = models.ForeignKey(Beoordeling, on_delete=models.CASCADE, related_name="resultaten")
    regel = models.CharField(_("regel"), max_length=100)
    stap = models.CharField(_("stap"), max_length=20)
    uitkomst = models.CharField(_("uitkomst"), max_length=16, choices=Uitkomst.choices)
    titel = models.CharField(_("titel"), max_length=300)
    toelichting = models.TextField(_("toelichting"))
    bron = models.CharField(_("bron"), max_length=300)
    onderdeel = models.CharField(max_length=100, blank=True)
    bewijs = models.JSONField(_("bewijs"), default=dict, blank=True)
    automatisch = models.BooleanField(default=True)
    besloten_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    besloten_op = models.DateTimeField()

    class Meta:
        ordering = ["stap", "pk"]
        verbose_name = _("toetsresultaat")
        verbose_name_plural = _("toetsresultaten")
        # Running a step twice never duplicates a result.
        constraints = [models.UniqueConstraint(fields=["beoordeling", "regel"], name="een_resultaat_per_regel")]
        # The queue counts each row's results per uitkomst (``selectors.voor_tabel``): from the index alone.
        indexes = [models.Index(fields=["beoordeling", "uitkomst"], name="resultaat_per_uitkomst_idx")]

    def __str__(self):
        return f"{self.regel}: {self.uitkomst}"

    @property
    def beslisser(self) -> str:
        return self.besloten_door.get_full_name() if self.besloten_door else _("automatische controle")


class Volledigheidscontrole(models.Model):
    """One run of step 1 (002 §4.6): when, whether complete, and a copy of every result row of that run.

    Step 1 runs once after the sluitingstijd and again after a toelichting the zorginkoper accepted; the
    Toetsresultaat rows always show the latest run, these rows keep every run (only ever added). The run that
    found items missing also records the zorginkoper's confirmation of the proposal "niet in behandeling"."""

    beoordeling = models.ForeignKey(Beoordeling, on_delete=models.CASCADE, related_name="volledigheidscontroles")
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    uitgevoerd_op = models.DateTimeField(_("uitgevoerd op"))
    volledig = models.BooleanField(_("volledig"))
    # [{"regel", "uitkomst", "titel", "toelichting", "bron", "onderdeel", "bewijs", "automatisch", "besloten_door",
    #   "besloten_op"}]: the result rows of this run, as recorded.
    resultaten = models.JSONField(_("resultaten"), default=list)
    # [{"verzoek", "regel", "soort" ("document" or "toelichting"), "naam", "sha256", "datum"}]: the accepted
    # toelichtingen this run evaluated beside the snapshot (which itself never changes).
    aanvullingen = models.JSONField(_("aanvullingen"), default=list, blank=True)
    bevestigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    bevestigd_op = models.DateTimeField(null=True, blank=True)
    bevestigingsreden = models.TextField(_("reden om niet in behandeling te nemen"), blank=True)

    class Meta:
        ordering = ["beoordeling", "nummer"]
        verbose_name = _("volledigheidscontrole")
        verbose_name_plural = _("volledigheidscontroles")
        constraints = [models.UniqueConstraint(fields=["beoordeling", "nummer"], name="een_controle_per_nummer")]

    def __str__(self):
        return f"Volledigheidscontrole {self.nummer} {self.beoordeling.inschrijving}"

    @property
    def ontbrekend(self) -> list[dict]:
        return [r for r in self.resultaten if r.get("uitkomst") == Uitkomst.VOLDOET_NIET]


class Oordeel(models.TextChoices):
    AANVAARD = "aanvaard", _("Aanvaard")
    NIET_AANVAARD = "niet_aanvaard", _("Niet aanvaard")


class Verduidelijkingsverzoek(models.Model):
    """A verzoek om verduidelijking (002 §4.6): logged, time-boxed (five working days), and offered
    equally to every inschrijver in the same situation (``regel`` names the situation)."""

    beoordeling = models.ForeignKey(Beoordeling, on_delete=models.PROTECT, related_name="verduidelijkingen")
    regel = models.CharField(_("over regel"), max_length=100, blank=True,
                             help_text=_("De bevinding waarover de vraag gaat; bepaalt wie in dezelfde situatie zit."))
    vraag = models.TextField(_("vraag"))
    document_toegestaan = models.BooleanField(_("document als antwoord toegestaan"), default=False)
    gesteld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gesteld_op = models.DateTimeField(_("gesteld op"))
    termijn = models.DateTimeField(_("antwoord uiterlijk"))
    antwoord = models.TextField(_("antwoord"), blank=True)
    antwoord_document = models.FileField(storage=prive, upload_to="verduidelijking/", blank=True, max_length=200)
    antwoord_document_naam = models.CharField(max_length=200, blank=True)
    antwoord_document_sha256 = models.CharField(max_length=64, blank=True)
    antwoord_document_datum = models.DateField(_("datum van het document"), null=True, blank=True)
    beantwoord_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    verlopen_op = models.DateTimeField(null=True, blank=True)
    # Asked about a missing item of an incomplete inschrijving (002 §4.6 "bevoegdheid tot het vragen van een
    # toelichting"): the step-1 run that found it missing. The zorginkoper then accepts the answer or not, with a
    # reason; accepted answers join the next run of steps 1 and 2.
    volledigheidscontrole = models.ForeignKey(Volledigheidscontrole, on_delete=models.PROTECT, null=True, blank=True,
                                              related_name="verzoeken")
    oordeel = models.CharField(_("oordeel over het antwoord"), max_length=16, choices=Oordeel.choices, blank=True)
    oordeel_reden = models.TextField(_("reden van het oordeel"), blank=True)
    geoordeeld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    geoordeeld_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-gesteld_op"]
        verbose_name = _("verzoek om verduidelijking")
        verbose_name_plural = _("verzoeken om verduidelijking")

    def __str__(self):
        return self.vraag[:80]

    @property
    def open(self) -> bool:
        return self.beantwoord_op is None and self.verlopen_op is None

    @property
    def wacht_op_oordeel(self) -> bool:
        """An answered toelichting on a missing item that the zorginkoper has not yet accepted or declined."""
        return bool(self.volledigheidscontrole_id and self.beantwoord_op and not self.oordeel)


AFWIJZINGSGRONDEN = [
    ("governance", _("Een onvoldoende transparante bestuursstructuur")),
    ("financieel", _("Een negatief eigen vermogen of financieel slechte positie")),
    ("plan", _("Het ondernemingsplan is onvoldoende toekomstbestendig, reëel of haalbaar")),
    ("igj", _("De IGJ oordeelt dat de basiskwaliteit niet op orde is")),
    ("keten", _("Afspraken in de keten zijn niet of onvoldoende geborgd")),
    ("integriteit", _("Bevindingen op basis van de integriteitstoets")),
    ("klachten", _("Ernstige, gegronde klachten zonder lerend effect")),
    ("consistentie", _("Het beeld uit gesprek en bezoek is niet consistent met het ondernemingsplan")),
]


class Gesprek(models.Model):
    beoordeling = models.OneToOneField(Beoordeling, on_delete=models.PROTECT, related_name="gesprek")
    datum = models.DateTimeField(_("datum en tijd"))
    plaats = models.CharField(_("plaats"), max_length=300)
    op_locatie = models.BooleanField(_("op locatie van de zorgaanbieder"), default=True)
    deelnemers = models.TextField(_("deelnemers"), help_text=_("Eén naam en functie per regel."))
    tekenbevoegde = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("vertegenwoordigingsbevoegde bestuurder"))
    uitgenodigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uitgenodigd_op = models.DateTimeField()
    verslag = models.TextField(_("verslag"), blank=True)
    # {grond: {"bezwaar": bool, "toelichting": str}} for each of AFWIJZINGSGRONDEN.
    oordelen = models.JSONField(_("oordeel per afwijzingsgrond"), default=dict, blank=True)
    # {regel: {"bevinding": str, "bezwaar": bool, "grond": str}} for each signal of the beoordeling (a Toetsresultaat
    # with uitkomst "signaal"): what the gesprek showed, whether it is a bezwaar, and which afwijzingsgrond it feeds.
    signaal_oordelen = models.JSONField(_("oordeel per signaal"), default=dict, blank=True)
    # {thema code ("kader/thema"): bevinding} — the verslag per theme of the generated agenda.
    bevindingen_per_thema = models.JSONField(_("bevindingen per kwaliteitsthema"), default=dict, blank=True)
    afgerond_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                      blank=True)
    afgerond_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")

    def __str__(self):
        return f"Gesprek {self.beoordeling.inschrijving}"

    def bezwaren(self) -> list[str]:
        return [str(label) for code, label in AFWIJZINGSGRONDEN if (self.oordelen.get(code) or {}).get("bezwaar")]


class Besluit(models.Model):
    """The proposal (computed from the overeenkomst table), the four-eyes approval, the letter and the
    aanbieder's answer."""

    beoordeling = models.OneToOneField(Beoordeling, on_delete=models.PROTECT, related_name="besluit")
    voorstel = models.JSONField(_("voorstel van het systeem"))
    soort = models.CharField(_("besluit"), max_length=20)
    onder_voorwaarden = models.BooleanField(default=False)
    voorwaarden = models.JSONField(_("voorwaarden met vervaldatum"), default=list, blank=True)
    redenen = models.JSONField(_("redenen"), default=list, blank=True)
    opslag = models.DecimalField(_("opslag (%)"), max_digits=4, decimal_places=2, default=0)
    afwijkingsreden = models.TextField(_("reden van afwijken van het voorstel"), blank=True)
    voorgesteld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    voorgesteld_op = models.DateTimeField()
    goedgekeurd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                         null=True, blank=True)
    goedgekeurd_op = models.DateTimeField(null=True, blank=True)
    brief = models.FileField(storage=prive, upload_to="besluiten/", blank=True, max_length=200)
    brief_sha256 = models.CharField(max_length=64, blank=True)
    reageren_voor = models.DateField(_("reageren vóór"), null=True, blank=True)
    reactie = models.CharField(_("reactie"), max_length=12, blank=True,
                               choices=[("geaccepteerd", _("Geaccepteerd")), ("geweigerd", _("Geweigerd"))])
    reactie_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                     blank=True)
    reactie_op = models.DateTimeField(null=True, blank=True)
    overeenkomst = models.OneToOneField("inschrijving.Overeenkomst", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="besluit")

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        constraints = [models.CheckConstraint(
            name="vier_ogen",
            condition=Q(goedgekeurd_door__isnull=True) | ~Q(goedgekeurd_door=models.F("voorgesteld_door")),
            violation_error_message=_("Wie voorstelt, keurt niet zelf goed."))]
        # The public check of a letter finds it by its hash (api/controle.py).
        indexes = [models.Index(fields=["brief_sha256"], name="besluit_brief_sha256")]

    def __str__(self):
        return f"Besluit {self.beoordeling.inschrijving}: {self.soort}"

    @property
    def overwegingen(self) -> list[dict]:
        """The signals weighed without bezwaar (in the gesprek, or in the controle where none followed): the
        reasoning of a positive decision, as its proposal recorded it; none for an afwijzing."""
        if self.soort == OvereenkomstSoort.AFWIJZING:
            return []
        return (self.voorstel or {}).get("overwegingen", [])


class AuditRegel(models.Model):
    """Who did or saw what, when. Rows are only ever added."""

    inschrijving = models.ForeignKey("inschrijving.Inschrijving", on_delete=models.PROTECT, related_name="audit",
                                     null=True, blank=True)
    ronde = models.ForeignKey("inschrijving.Inkoopronde", on_delete=models.PROTECT, related_name="+", null=True,
                              blank=True)
    # What happened to an organisation's own accounts (issue 12: registration, its team): its history.
    zorgaanbieder = models.ForeignKey("inschrijving.Zorgaanbieder", on_delete=models.PROTECT, related_name="+",
                                      null=True, blank=True)
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

    @property
    def actie_label(self) -> str:
        from beoordeling.audit import actie_in_woorden

        return actie_in_woorden(self.actie)


class RondeVerwerking(models.Model):
    """That the pipeline was started for a round at a zorgkantoor (so beat starts it once)."""

    ronde = models.ForeignKey("inschrijving.Inkoopronde", on_delete=models.PROTECT, related_name="+")
    zorgkantoor = models.ForeignKey("inschrijving.Zorgkantoor", on_delete=models.PROTECT, related_name="+")
    gestart_op = models.DateTimeField()
    aantal = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("gestarte verwerking")
        verbose_name_plural = _("gestarte verwerkingen")
        constraints = [models.UniqueConstraint(fields=["ronde", "zorgkantoor"], name="een_verwerking_per_ronde_zk")]

    def __str__(self):
        return f"{self.ronde} – {self.zorgkantoor}"


class InregelMoment(models.TextChoices):
    ZORGLEVERING = "Z", _("Vóór aanvang van de zorglevering")
    ZES_MAANDEN = "6", _("Uiterlijk zes maanden na ingang van de overeenkomst")
    KWALITEITSVERSLAG = "kwaliteitsverslag", _("Kwaliteitsverslag over het eerste jaar")


class InregelStatus(models.TextChoices):
    OPEN = "open", _("Open")
    INGEDIEND = "ingediend", _("Ingediend, wacht op beoordeling")
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd")
    AFGEWEZEN = "afgewezen", _("Afgewezen, opnieuw indienen")


class InregelItem(models.Model):
    """Something a contracted aanbieder still has to put in order after accepting the offer (002 §4.9): a
    ``Z`` or ``6`` item given inregeltijd, or the kwaliteitsverslag over the first year. The aanbieder
    uploads the evidence; a zorginkoper accepts or rejects it."""

    besluit = models.ForeignKey(Besluit, on_delete=models.PROTECT, related_name="inregelitems")
    overeenkomst = models.ForeignKey("inschrijving.Overeenkomst", on_delete=models.PROTECT,
                                     related_name="inregelitems")
    code = models.CharField(_("code"), max_length=50)
    titel = models.CharField(_("titel"), max_length=300)
    moment = models.CharField(_("moment"), max_length=20, choices=InregelMoment.choices)
    vervaldatum = models.DateField(_("uiterlijk op"), db_index=True)
    bron = models.CharField(_("bron"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=InregelStatus.choices, default=InregelStatus.OPEN,
                              db_index=True)
    bewijs = models.FileField(storage=prive, upload_to="inregeling/", blank=True, max_length=200)
    bewijs_naam = models.CharField(max_length=200, blank=True)
    bewijs_sha256 = models.CharField(max_length=64, blank=True)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    ingediend_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    beoordeeld_op = models.DateTimeField(null=True, blank=True)
    beoordeeld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    toelichting = models.TextField(_("toelichting"), blank=True)
    herinnerd_30_op = models.DateTimeField(null=True, blank=True)
    herinnerd_7_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["vervaldatum", "titel", "pk"]
        verbose_name = _("inregelitem")
        verbose_name_plural = _("inregelitems")
        constraints = [models.UniqueConstraint(fields=["overeenkomst", "code"], name="een_inregelitem_per_code")]

    def __str__(self):
        return f"{self.titel} (uiterlijk {datum(self.vervaldatum)})"

    @property
    def kan_indienen(self) -> bool:
        return self.status in (InregelStatus.OPEN, InregelStatus.AFGEWEZEN)


class OntwikkelplanWeging(models.Model):
    """How a zorgkantoor weighs the three elements of an ontwikkelplan in a round (004 §2.2.3)."""

    ronde = models.ForeignKey("inschrijving.Inkoopronde", on_delete=models.CASCADE, related_name="+")
    zorgkantoor = models.ForeignKey("inschrijving.Zorgkantoor", on_delete=models.CASCADE, related_name="+")
    weging_effect = models.PositiveSmallIntegerField(_("weging effect voor de cliënt"), default=1)
    weging_ambitie = models.PositiveSmallIntegerField(_("weging ambitie tegenover omvang en capaciteit"), default=1)
    weging_haalbaarheid = models.PositiveSmallIntegerField(_("weging haalbaarheid"), default=1)

    class Meta:
        verbose_name = _("weging ontwikkelplan")
        verbose_name_plural = _("wegingen ontwikkelplan")
        constraints = [models.UniqueConstraint(fields=["ronde", "zorgkantoor"], name="een_weging_per_ronde_zk")]

    def __str__(self):
        return f"{self.ronde} – {self.zorgkantoor}"


class Ontwikkelplan(models.Model):
    """The definitive ontwikkelplan of a 2016-rules round and its scoring, which leads to the opslag."""

    beoordeling = models.OneToOneField(Beoordeling, on_delete=models.PROTECT, related_name="ontwikkelplan")
    doel = models.TextField(_("cliëntgericht doel"), blank=True)
    smart_aanpak = models.TextField(_("SMART-aanpak"), blank=True)
    planning = models.TextField(_("planning"), blank=True)
    investering = models.TextField(_("investering"), blank=True)
    risicos = models.TextField(_("risico's"), blank=True)
    resultaten = models.TextField(_("beoogde resultaten"), blank=True)
    onderbouwing = models.TextField(_("onderbouwing en bewijs"), blank=True)
    ingediend_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                       blank=True)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    score_effect = models.PositiveSmallIntegerField(_("score effect voor de cliënt"), null=True, blank=True)
    score_ambitie = models.PositiveSmallIntegerField(_("score ambitie"), null=True, blank=True)
    score_haalbaarheid = models.PositiveSmallIntegerField(_("score haalbaarheid"), null=True, blank=True)
    opslag = models.DecimalField(_("opslag (%)"), max_digits=4, decimal_places=2, null=True, blank=True)
    akkoord = models.BooleanField(_("overeengekomen"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting beoordeling"), blank=True)
    beoordeeld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                        null=True, blank=True)
    beoordeeld_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ontwikkelplan")
        verbose_name_plural = _("ontwikkelplannen")

    def __str__(self):
        return f"Ontwikkelplan {self.beoordeling.inschrijving}"
