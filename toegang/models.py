"""Access (issue 12): the outgoing requests to the KvK Handelsregister, kept as a log."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from inschrijving.fields import KvkNummerField, PostcodeField
from inschrijving.models import Rechtsvorm, Rol


class KvkVerzoek(models.Model):
    """One request the portal sent to the KvK APIs: what, when, how it went. Never the API key, never the answer."""

    op = models.DateTimeField(_("op"), db_index=True)
    api = models.CharField(_("API"), max_length=20)  # basisprofiel, zoeken
    kvk_nummer = models.CharField(_("KvK-nummer"), max_length=8, blank=True)
    status = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=20)  # gevonden, niet_gevonden, te_veel, onbereikbaar, fout
    duur_ms = models.PositiveIntegerField(_("duur (ms)"), default=0)
    fout = models.CharField(_("foutmelding"), max_length=300, blank=True)

    class Meta:
        ordering = ["-op", "-pk"]
        verbose_name = _("verzoek aan de KvK")
        verbose_name_plural = _("verzoeken aan de KvK")

    def __str__(self):
        return f"{self.api} {self.kvk_nummer}: {self.uitkomst}"


class Aanmelding(models.Model):
    """A zorgaanbieder that signs itself up (issue 12, item 2): KvK-nummer and e-mail address, the address verified by
    a link, then approved or declined by a beheerder of the zorgkantoor. Approval creates the organisation (from the
    KvK Handelsregister where the client is on) and its first user, a tekenbevoegde, who sets a password and a second
    factor."""

    class Status(models.TextChoices):
        ONBEVESTIGD = "onbevestigd", _("e-mailadres nog niet bevestigd")
        TE_BEOORDELEN = "te_beoordelen", _("wacht op goedkeuring")
        GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")
        AFGEWEZEN = "afgewezen", _("afgewezen")

    class Bron(models.TextChoices):
        KVK = "kvk", _("KvK Handelsregister")
        ZELF = "zelf", _("zelf ingevuld")

    kvk_nummer = KvkNummerField(db_index=True)
    statutaire_naam = models.CharField(_("statutaire naam"), max_length=200)
    rechtsvorm = models.CharField(_("rechtsvorm"), max_length=20, choices=Rechtsvorm.choices, blank=True)
    straat = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = PostcodeField(blank=True)
    plaats = models.CharField(_("plaats"), max_length=100, blank=True)
    bron = models.CharField(_("organisatiegegevens uit"), max_length=4, choices=Bron.choices)
    voornaam = models.CharField(_("voornaam"), max_length=150)
    achternaam = models.CharField(_("achternaam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    functie = models.CharField(_("functie"), max_length=150)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.ONBEVESTIGD)
    aangemeld_op = models.DateTimeField(_("aangemeld op"))
    bevestigd_op = models.DateTimeField(_("e-mailadres bevestigd op"), null=True, blank=True)
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    beoordeeld_door = models.ForeignKey("inschrijving.Gebruiker", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("beoordeeld door"))
    reden = models.TextField(_("reden van afwijzing"), blank=True)
    gebruiker = models.OneToOneField("inschrijving.Gebruiker", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="aanmelding", verbose_name=_("account"))

    class Meta:
        ordering = ["-aangemeld_op", "-pk"]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")

    def __str__(self):
        return f"{self.statutaire_naam} (KvK {self.kvk_nummer}): {self.get_status_display()}"


class Uitnodiging(models.Model):
    """A tekenbevoegde invites a colleague by e-mail (issue 12, item 4). The link is made when the mail leaves and
    works for ``GELDIG_DAGEN`` days, once."""

    GELDIG_DAGEN = 7

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        AANVAARD = "aanvaard", _("aanvaard")
        INGETROKKEN = "ingetrokken", _("ingetrokken")

    zorgaanbieder = models.ForeignKey("inschrijving.Zorgaanbieder", on_delete=models.PROTECT,
                                      related_name="uitnodigingen", verbose_name=_("zorgaanbieder"))
    email = models.EmailField(_("e-mailadres"))
    voornaam = models.CharField(_("voornaam"), max_length=150)
    achternaam = models.CharField(_("achternaam"), max_length=150)
    rol = models.CharField(_("rol"), max_length=20, choices=[(Rol.MEDEWERKER.value, Rol.MEDEWERKER.label),
                                                            (Rol.TEKENBEVOEGDE.value, Rol.TEKENBEVOEGDE.label)])
    grond = models.CharField(_("grond voor tekenbevoegdheid"), max_length=20, blank=True,
                             choices=[("register", _("staat als bevoegd in het KvK Handelsregister")),
                                      ("volmacht", _("heeft een volmacht"))])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    uitgenodigd_door = models.ForeignKey("inschrijving.Gebruiker", on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("uitgenodigd door"))
    uitgenodigd_op = models.DateTimeField(_("uitgenodigd op"))
    gebruiker = models.OneToOneField("inschrijving.Gebruiker", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="uitnodiging", verbose_name=_("account"))

    class Meta:
        ordering = ["-uitgenodigd_op", "-pk"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self):
        return f"{self.email} ({self.zorgaanbieder.statutaire_naam}): {self.get_status_display()}"

    @property
    def geldig_tot(self):
        from datetime import timedelta

        return self.uitgenodigd_op + timedelta(days=self.GELDIG_DAGEN)

    @property
    def verlopen(self) -> bool:
        from django.utils import timezone

        return self.status == self.Status.OPEN and timezone.now() >= self.geldig_tot


class EherkenningIdentiteit(models.Model):
    """Who a user is for eHerkenning: the organisation's KvK-nummer and the employee's pseudonym (ActingSubjectID)
    as the broker asserts them; a later login finds the user by these two."""

    gebruiker = models.OneToOneField("inschrijving.Gebruiker", on_delete=models.PROTECT, related_name="eherkenning")
    kvk_nummer = KvkNummerField()
    pseudoniem = models.CharField(_("pseudoniem (ActingSubjectID)"), max_length=500)
    vestigingsnummer = models.CharField(_("vestigingsnummer"), max_length=12, blank=True)
    niveau = models.FloatField(_("betrouwbaarheidsniveau bij de laatste login"), default=0)
    laatst_op = models.DateTimeField(_("laatste login met eHerkenning"))
    # The address the user gave and has not confirmed yet (toegang/email.py).
    email_voorgesteld = models.EmailField(_("e-mailadres, nog niet bevestigd"), blank=True)

    class Meta:
        verbose_name = _("eHerkenning-identiteit")
        verbose_name_plural = _("eHerkenning-identiteiten")
        constraints = [models.UniqueConstraint(fields=["kvk_nummer", "pseudoniem"],
                                               name="een_gebruiker_per_pseudoniem")]

    def __str__(self):
        return f"KvK {self.kvk_nummer} · {self.gebruiker}"
