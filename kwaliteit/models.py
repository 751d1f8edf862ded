"""The quality frameworks (kwaliteitskaders) as data: Kader → Thema → Item, every row citing its seed.

One shape fits all five sources (DOMAIN.md "Kwaliteit"): a Kader is one framework in one version (year);
a Thema is a theme, norm group or niveau, with the Doel and Essentie the GZ niveaus give; an Item is one
starting point, norm, "wat is geborgd", kwalificatiecriterium, onderwerp, plan element, standard kind or
implementation theme. Items nest one level where the source does (a norm's criteria, the verbeterparagraaf's
elements). The catalogue itself lives in ``kwaliteit.catalogus``; this app depends on no other app.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    VV = "vv", _("Verpleging en verzorging (V&V)")
    GZ = "gz", _("Gehandicaptenzorg (GZ)")
    GGZ = "ggz", _("Geestelijke gezondheidszorg (GGZ)")
    ALGEMEEN = "algemeen", _("Algemeen (alle sectoren)")


class Rol(models.TextChoices):
    LEIDEND = "leidend", _("Leidend kader van de sector")
    ONDERSTEUNEND = "ondersteunend", _("Ondersteunend kader")


class Soort(models.TextChoices):
    UITGANGSPUNT = "uitgangspunt", _("Kwaliteitsuitgangspunt")
    NORM = "norm", _("Norm")
    GEBORGD = "geborgd", _("Wat is geborgd")
    KWALIFICATIECRITERIUM = "kwalificatiecriterium", _("Kwalificatiecriterium")
    ONDERWERP = "onderwerp", _("Onderwerp")
    ONDERDEEL = "onderdeel", _("Onderdeel")
    STANDAARD = "standaard", _("Soort kwaliteitsstandaard")
    IMPLEMENTATIETHEMA = "implementatiethema", _("Implementatiethema")


class Verband(models.TextChoices):
    """How a kwalificatiecriterium joins the one before it, as the Keurmerk handbook writes it."""

    EN = "en", _("én (ook vereist)")
    OF = "of", _("of (alternatief voor het vorige)")


class Kader(models.Model):
    code = models.SlugField(_("code"), max_length=50,
                            help_text=_("Blijft gelijk over de versies; de versie is het jaar."))
    jaar = models.PositiveSmallIntegerField(_("jaar (versie)"))
    naam = models.CharField(_("naam"), max_length=200)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    rol = models.CharField(_("rol"), max_length=15, choices=Rol.choices, default=Rol.LEIDEND,
                           help_text=_("Het leidende kader van een sector komt vóór de ondersteunende."))
    volgorde = models.PositiveSmallIntegerField(_("volgorde binnen de sector"), default=1)
    bron = models.CharField(_("bron"), max_length=300, help_text=_("Seedbestand en hoofdstuk of paragraaf."))
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["sector", "volgorde", "code", "-jaar"]
        verbose_name = _("kwaliteitskader")
        verbose_name_plural = _("kwaliteitskaders")
        constraints = [
            models.UniqueConstraint(fields=["code", "jaar"], name="kwaliteit_kader_code_jaar_uniek"),
        ]

    def __str__(self):
        return f"{self.naam} ({self.jaar})"


class Thema(models.Model):
    kader = models.ForeignKey(Kader, on_delete=models.CASCADE, related_name="themas", verbose_name=_("kader"))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    code = models.SlugField(_("code"), max_length=60)
    naam = models.CharField(_("naam"), max_length=200)
    doel = models.TextField(_("doel"), blank=True)
    essentie = models.TextField(_("essentie"), blank=True)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    bron = models.CharField(_("bron"), max_length=300)

    class Meta:
        ordering = ["kader", "volgorde"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        constraints = [
            models.UniqueConstraint(fields=["kader", "code"], name="kwaliteit_thema_code_uniek_per_kader"),
        ]

    def __str__(self):
        return f"{self.naam} – {self.kader}"


class Item(models.Model):
    thema = models.ForeignKey(Thema, on_delete=models.CASCADE, related_name="items", verbose_name=_("thema"))
    bovenliggend = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="onderdelen", verbose_name=_("bovenliggend item"))
    # One sequence per thema in reading order (a parent before its onderdelen), so ordering needs no tree walk.
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    code = models.SlugField(_("code"), max_length=80)
    soort = models.CharField(_("soort"), max_length=25, choices=Soort.choices)
    tekst = models.TextField(_("tekst"), help_text=_("Letterlijk uit de bron; opsommingen als regels met '- '."))
    toelichting = models.TextField(_("toelichting"), blank=True)
    doel = models.TextField(_("doel"), blank=True)
    essentie = models.TextField(_("essentie"), blank=True)
    verband = models.CharField(_("verband met het vorige criterium"), max_length=2, choices=Verband.choices,
                               blank=True)
    bron = models.CharField(_("bron"), max_length=300)

    class Meta:
        ordering = ["thema", "volgorde"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["thema", "code"], name="kwaliteit_item_code_uniek_per_thema"),
            # Every item quotes its source and says which it is.
            models.CheckConstraint(condition=~models.Q(tekst="") & ~models.Q(bron=""),
                                   name="kwaliteit_item_tekst_en_bron"),
        ]

    def __str__(self):
        tekst = self.tekst if len(self.tekst) <= 70 else f"{self.tekst[:69]}…"
        return f"{self.code}: {tekst}"

    def clean(self):
        if self.bovenliggend_id and self.bovenliggend.thema_id != self.thema_id:
            raise ValidationError({"bovenliggend": _("Het bovenliggende item hoort bij een ander thema.")})
