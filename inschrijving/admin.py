"""Django admin for beheerders: parties, users, rounds with their timeline, contract history."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from inschrijving.models import (
    AfwijkendePlanning,
    Bericht,
    DocumentType,
    Gebruiker,
    Indiening,
    Inkoopronde,
    Inschrijving,
    KwaliteitKeuze,
    OntwikkelplanVoorstel,
    Opening,
    Overeenkomst,
    RegelKracht,
    Regelset,
    Regio,
    TypeEis,
    Zelfanalyse,
    Zorgaanbieder,
    Zorgkantoor,
)
from inschrijving.verklaringen import LEVERINGSVORMEN, SECTOREN


@admin.register(Regio)
class RegioAdmin(admin.ModelAdmin):
    search_fields = ["naam"]


class GebruikerInline(admin.TabularInline):
    model = Gebruiker
    fields = ["username", "first_name", "last_name", "email", "rol", "is_active"]
    readonly_fields = ["username"]
    extra = 0
    show_change_link = True
    can_delete = False


class OvereenkomstForm(forms.ModelForm):
    """Sectors and leveringsvormen as checkboxes: they decide the 2016 type (004 §2.2.2). None ticked: not
    recorded, which counts as every sector and leveringsvorm."""

    sectoren = forms.MultipleChoiceField(label=_("sectoren"), choices=SECTOREN, required=False,
                                         widget=forms.CheckboxSelectMultiple,
                                         help_text=_("Geen aangevinkt: niet vastgelegd (telt voor elke sector)."))
    leveringsvormen = forms.MultipleChoiceField(
        label=_("leveringsvormen"), choices=LEVERINGSVORMEN, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Verblijf is het zzp. Alleen mpt of dagbesteding: alleen extramurale zorg (004 §2.2.2)."))

    class Meta:
        model = Overeenkomst
        fields = ["zorgaanbieder", "zorgkantoor", "ingangsdatum", "einddatum", "meerjarig", "onder_voorwaarden",
                  "declaraties_sinds", "omschrijving", "soort", "opslag", "sectoren", "leveringsvormen",
                  "budget_overheveling"]


class OvereenkomstInline(admin.TabularInline):
    model = Overeenkomst
    form = OvereenkomstForm
    extra = 0
    fields = ["zorgkantoor", "ingangsdatum", "einddatum", "meerjarig", "onder_voorwaarden", "declaraties_sinds",
              "sectoren", "leveringsvormen", "budget_overheveling"]


@admin.register(Zorgkantoor)
class ZorgkantoorAdmin(admin.ModelAdmin):
    list_display = ["naam", "regio_lijst"]
    search_fields = ["naam", "regios__naam"]
    filter_horizontal = ["regios"]
    inlines = [GebruikerInline]

    @admin.display(description=_("regio's"))
    def regio_lijst(self, obj):
        return ", ".join(r.naam for r in obj.regios.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regios")


@admin.register(Zorgaanbieder)
class ZorgaanbiederAdmin(admin.ModelAdmin):
    list_display = ["statutaire_naam", "kvk_nummer", "agb_code", "rechtsvorm", "plaats"]
    list_filter = ["rechtsvorm"]
    search_fields = ["statutaire_naam", "kvk_nummer", "agb_code", "plaats"]
    inlines = [GebruikerInline, OvereenkomstInline]


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin):
    list_display = ["username", "get_full_name", "email", "rol", "zorgaanbieder", "zorgkantoor", "is_active"]
    list_filter = ["rol", "is_active", "zorgkantoor"]
    search_fields = ["username", "first_name", "last_name", "email", "zorgaanbieder__statutaire_naam"]
    list_select_related = ["zorgaanbieder", "zorgkantoor"]
    autocomplete_fields = ["zorgaanbieder", "zorgkantoor"]
    fieldsets = (
        *UserAdmin.fieldsets[:2],
        (_("Organisatie en rol"), {"fields": ("rol", "zorgaanbieder", "zorgkantoor")}),
        (_("Status"), {"fields": ("is_active", "is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "email", "password1", "password2")}),
        (_("Organisatie en rol"), {"fields": ("rol", "zorgaanbieder", "zorgkantoor")}),
    )
    readonly_fields = ["last_login", "date_joined"]


class AfwijkendePlanningInline(admin.StackedInline):
    model = AfwijkendePlanning
    extra = 0


@admin.register(Inkoopronde)
class InkooprondeAdmin(admin.ModelAdmin):
    list_display = ["naam", "contractjaar", "soort", "ingang_overeenkomst", "vragen_tot", "sluiting_inschrijving"]
    list_filter = ["contractjaar", "soort", "zorgkantoren"]
    search_fields = ["naam"]
    filter_horizontal = ["zorgkantoren"]
    inlines = [AfwijkendePlanningInline]
    fieldsets = (
        (None, {"fields": ("naam", "contractjaar", "soort", "ingangsdatum", "zorgkantoren", "regelset")}),
        (_("Planning (Nederlandse tijd)"), {"fields": (
            "publicatie_inkoopkader", "vragen_tot", "publicatie_nvi", "sluiting_inschrijving",
            "gesprekken_afgerond", "voorlopige_contractering", "definitieve_contractering")}),
    )

    @admin.display(description=_("ingang overeenkomst"))
    def ingang_overeenkomst(self, obj):
        return obj.ingangsdatum_overeenkomst.strftime("%d-%m-%Y")

    def save_model(self, request, obj, form, change):
        # A round never uses a template itself: it gets its own copy, editable without touching the template.
        if obj.regelset and obj.regelset.is_sjabloon:
            obj.regelset = obj.regelset.kopieer(f"Regels {obj.naam}")
        super().save_model(request, obj, form, change)


class DocumentTypeInline(admin.TabularInline):
    model = DocumentType
    extra = 0
    fields = ["volgorde", "code", "naam", "moment", "controle", "max_leeftijd_maanden", "min_verzekerd_bedrag",
              "niet_voor_starters", "voorwaarde", "bron"]


class RegelKrachtInline(admin.TabularInline):
    model = RegelKracht
    extra = 0
    fields = ["regel", "kracht", "bron", "toelichting"]


class TypeEisInline(admin.StackedInline):
    model = TypeEis
    extra = 0
    filter_horizontal = ["documenten"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "documenten":
            regelset_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = DocumentType.objects.filter(regelset_id=regelset_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Regelset)
class RegelsetAdmin(admin.ModelAdmin):
    list_display = ["naam", "kader", "is_sjabloon", "max_aandeel_onderaanneming", "min_toezichthouders"]
    list_filter = ["kader", "is_sjabloon"]
    search_fields = ["naam"]
    inlines = [RegelKrachtInline, DocumentTypeInline, TypeEisInline]
    actions = ["kopie_maken"]

    @admin.action(description=_("Kopie maken (bijvoorbeeld als regionale variant)"))
    def kopie_maken(self, request, queryset):
        for regelset in queryset:
            kopie = regelset.kopieer(f"{regelset.naam} – kopie {Regelset.objects.count() + 1}")
            self.message_user(request, _("Kopie gemaakt: %(naam)s") % {"naam": kopie.naam})


class AlleenLezenAdmin(admin.ModelAdmin):
    """Submitted records are the legal record: beheerders may look, never change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Inschrijving)
class InschrijvingAdmin(AlleenLezenAdmin):
    list_display = ["zorgaanbieder", "zorgkantoor", "ronde", "aanbieder_type", "status", "gewijzigd_op"]
    list_filter = ["ronde", "zorgkantoor", "aanbieder_type", "status"]
    search_fields = ["zorgaanbieder__statutaire_naam", "zorgaanbieder__kvk_nummer"]
    list_select_related = ["zorgaanbieder", "zorgkantoor", "ronde"]


@admin.register(Indiening)
class IndieningAdmin(AlleenLezenAdmin):
    list_display = ["inschrijving", "volgnummer", "ingediend_op", "ingediend_door", "sha256", "ingetrokken_op"]
    list_filter = ["inschrijving__ronde"]
    list_select_related = ["inschrijving__zorgaanbieder", "inschrijving__zorgkantoor", "inschrijving__ronde",
                           "ingediend_door"]
    exclude = ["snapshot"]


@admin.register(Opening)
class OpeningAdmin(AlleenLezenAdmin):
    list_display = ["ronde", "zorgkantoor", "geopend_door", "geopend_op", "aantal_ingediend"]


@admin.register(Overeenkomst)
class OvereenkomstAdmin(admin.ModelAdmin):
    form = OvereenkomstForm
    list_display = ["zorgaanbieder", "zorgkantoor", "ingangsdatum", "einddatum", "meerjarig", "onder_voorwaarden",
                    "sectoren", "leveringsvormen"]
    list_filter = ["zorgkantoor", "meerjarig", "onder_voorwaarden", "budget_overheveling"]
    search_fields = ["zorgaanbieder__statutaire_naam", "zorgaanbieder__kvk_nummer"]
    list_select_related = ["zorgaanbieder", "zorgkantoor"]
    autocomplete_fields = ["zorgaanbieder"]
    date_hierarchy = "ingangsdatum"


@admin.register(Bericht)
class BerichtAdmin(admin.ModelAdmin):
    list_display = ["onderwerp", "aan", "status", "aangemaakt_op", "verzonden_op", "pogingen"]
    list_filter = ["status"]
    search_fields = ["aan", "onderwerp"]
    readonly_fields = [f.name for f in Bericht._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(KwaliteitKeuze)
class KwaliteitKeuzeAdmin(admin.ModelAdmin):
    list_display = ["inschrijving", "dominante_sector", "gewijzigd_op"]
    list_select_related = ["inschrijving__zorgaanbieder", "inschrijving__zorgkantoor", "inschrijving__ronde"]
    raw_id_fields = ["inschrijving"]
    filter_horizontal = ["extra_kaders"]


@admin.register(Zelfanalyse)
class ZelfanalyseAdmin(admin.ModelAdmin):
    list_display = ["inschrijving", "thema", "niveau", "gewijzigd_op"]
    list_filter = ["niveau", "thema__kader"]
    list_select_related = ["thema__kader", "inschrijving__zorgaanbieder", "inschrijving__zorgkantoor",
                           "inschrijving__ronde"]
    search_fields = ["inschrijving__zorgaanbieder__statutaire_naam", "thema__naam"]
    raw_id_fields = ["inschrijving", "thema"]


@admin.register(OntwikkelplanVoorstel)
class OntwikkelplanVoorstelAdmin(admin.ModelAdmin):
    list_display = ["inschrijving", "thema", "doel", "gewijzigd_op"]
    list_select_related = ["thema__kader", "inschrijving__zorgaanbieder", "inschrijving__zorgkantoor",
                           "inschrijving__ronde"]
    search_fields = ["inschrijving__zorgaanbieder__statutaire_naam", "doel", "aanpak"]
    raw_id_fields = ["inschrijving", "thema"]
