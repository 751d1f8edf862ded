"""The parties: zorgkantoren, zorgaanbieders and the people who act for them."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inschrijving.fields import AgbCodeField, KvkNummerField, PostcodeField


class Regio(models.Model):
    naam = models.CharField(_("naam"), max_length=100, unique=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = _("zorgkantoorregio")
        verbose_name_plural = _("zorgkantoorregio's")

    def __str__(self):
        return self.naam


class Zorgkantoor(models.Model):
    naam = models.CharField(_("naam"), max_length=200, unique=True)
    regios = models.ManyToManyField(Regio, verbose_name=_("regio's"), related_name="zorgkantoren", blank=True)
    email = models.EmailField(_("e-mailadres inkoop"), blank=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = _("zorgkantoor")
        verbose_name_plural = _("zorgkantoren")

    def __str__(self):
        return self.naam


class Rechtsvorm(models.TextChoices):
    STICHTING = "stichting", _("Stichting")
    BV = "bv", _("Besloten vennootschap (B.V.)")
    NV = "nv", _("Naamloze vennootschap (N.V.)")
    VERENIGING = "vereniging", _("Vereniging")
    COOPERATIE = "cooperatie", _("Coöperatie")
    EENMANSZAAK = "eenmanszaak", _("Eenmanszaak")
    VOF = "vof", _("Vennootschap onder firma")
    MAATSCHAP = "maatschap", _("Maatschap")


class Zorgaanbieder(models.Model):
    statutaire_naam = models.CharField(_("statutaire naam"), max_length=200)
    kvk_nummer = KvkNummerField(unique=True)
    agb_code = AgbCodeField(blank=True)
    rechtsvorm = models.CharField(_("rechtsvorm"), max_length=20, choices=Rechtsvorm.choices)
    straat = models.CharField(_("straat en huisnummer"), max_length=200)
    postcode = PostcodeField()
    plaats = models.CharField(_("plaats"), max_length=100)
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)

    class Meta:
        ordering = ["statutaire_naam"]
        verbose_name = _("zorgaanbieder")
        verbose_name_plural = _("zorgaanbieders")

    def __str__(self):
        return f"{self.statutaire_naam} (KvK {self.kvk_nummer})"

    @property
    def naam(self) -> str:
        return self.statutaire_naam


class Rol(models.TextChoices):
    MEDEWERKER = "medewerker", _("Medewerker zorgaanbieder")
    TEKENBEVOEGDE = "tekenbevoegde", _("Tekenbevoegde bestuurder")
    ZORGINKOPER = "zorginkoper", _("Zorginkoper")
    BEHEERDER = "beheerder", _("Beheerder")


AANBIEDER_ROLLEN = (Rol.MEDEWERKER, Rol.TEKENBEVOEGDE)
ZORGKANTOOR_ROLLEN = (Rol.ZORGINKOPER, Rol.BEHEERDER)


class GebruikerManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("rol", Rol.BEHEERDER)
        return super().create_superuser(username, email, password, **extra_fields)


class Gebruiker(AbstractUser):
    """A person who works for exactly one organisation, in one role."""

    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices)
    zorgaanbieder = models.ForeignKey(
        Zorgaanbieder, verbose_name=_("zorgaanbieder"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="gebruikers",
    )
    zorgkantoor = models.ForeignKey(
        Zorgkantoor, verbose_name=_("zorgkantoor"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="gebruikers",
    )

    objects = GebruikerManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                name="gebruiker_hoort_bij_een_organisatie",
                condition=(
                    Q(rol__in=AANBIEDER_ROLLEN, zorgaanbieder__isnull=False, zorgkantoor__isnull=True)
                    | Q(rol=Rol.ZORGINKOPER, zorgaanbieder__isnull=True, zorgkantoor__isnull=False)
                    # A beheerder may work for one zorgkantoor or for the platform as a whole.
                    | Q(rol=Rol.BEHEERDER, zorgaanbieder__isnull=True)
                ),
                violation_error_message=_(
                    "Een medewerker of tekenbevoegde hoort bij een zorgaanbieder; een zorginkoper bij een "
                    "zorgkantoor."
                ),
            )
        ]

    def save(self, *args, **kwargs):
        # Beheerders work in Django admin; nobody else may.
        self.is_staff = self.rol == Rol.BEHEERDER or self.is_superuser
        super().save(*args, **kwargs)

    @property
    def is_aanbieder(self) -> bool:
        return self.rol in AANBIEDER_ROLLEN

    @property
    def is_zorgkantoor(self) -> bool:
        return self.rol in ZORGKANTOOR_ROLLEN

    @property
    def mag_tekenen(self) -> bool:
        return self.rol == Rol.TEKENBEVOEGDE

    @property
    def vereist_tweede_factor(self) -> bool:
        """Zorgkantoor staff and beheerders see other parties' records; an aanbieder's users submit and sign for
        their organisation (issue 12): all need a second factor. For aanbieder users ``WLZ_TWEEDE_FACTOR_AANBIEDERS``
        (on unless switched off) decides."""
        if self.is_aanbieder:
            return settings.TWEEDE_FACTOR_AANBIEDERS
        return self.is_zorgkantoor or self.is_staff or self.is_superuser

    @property
    def organisatie(self):
        return self.zorgaanbieder or self.zorgkantoor
