"""Django admin for beheerders: parties, users, rounds with their timeline, contract history."""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from inschrijving import termijnen
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
    Termijnwijziging,
    TypeEis,
    Zelfanalyse,
    Zorgaanbieder,
    Zorgkantoor,
)
from inschrijving.selectors import alleen_geopend
from inschrijving.verklaringen import LEVERINGSVORMEN, SECTOREN
from wlzportal.datums import datum


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


class GelabeldeDatumTijd(AdminSplitDateTime):
    """Admin's date + time inputs, each with its own label (Django's widget leaves both unlabelled)."""

    template_name = "inschrijving/widgets/gesplitste_datumtijd.html"


DATUMTIJD = {models.DateTimeField: {"widget": GelabeldeDatumTijd}}


# After publication these move only through a Termijnwijziging (inschrijving.termijnen): forward, with a reason,
# approved by a second person, announced to everyone concerned.
VASTE_TERMIJNEN = ("publicatie_inkoopkader", "vragen_tot", "sluiting_inschrijving")


class TermijnenVastNaPublicatie:
    """Admin of a round (``obj``) or of its inlines: VASTE_TERMIJNEN read-only once the round is published."""

    def get_readonly_fields(self, request, obj=None):
        vast = VASTE_TERMIJNEN if obj is not None and termijnen.gepubliceerd(obj) else ()
        return [*super().get_readonly_fields(request, obj), *vast]


class AfwijkendePlanningInline(TermijnenVastNaPublicatie, admin.StackedInline):
    model = AfwijkendePlanning
    extra = 0
    formfield_overrides = DATUMTIJD

    def has_delete_permission(self, request, obj=None):
        # Removing a zorgkantoor's own planning would move its deadlines back to the round's, unannounced.
        return (obj is None or not termijnen.gepubliceerd(obj)) and super().has_delete_permission(request, obj)


class TermijnwijzigingInline(admin.StackedInline):
    """The round's deadline history, read-only: old and new value, who, when and why."""

    model = Termijnwijziging
    fk_name = "ronde"
    extra = 0
    can_delete = False
    verbose_name_plural = _("termijnwijzigingen (geschiedenis)")
    fields = ["mijlpaal", "zorgkantoor", "soort", "oud", "nieuw", "reden", "aangevraagd_door", "goedgekeurd_door",
              "tweede_goedkeurder", "doorgevoerd_op", "afgewezen_op"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Inkoopronde)
class InkooprondeAdmin(TermijnenVastNaPublicatie, admin.ModelAdmin):
    list_display = ["naam", "contractjaar", "soort", "ingang_overeenkomst", "vragen_tot", "sluiting_inschrijving"]
    list_filter = ["contractjaar", "soort", "zorgkantoren"]
    search_fields = ["naam"]
    # Checkboxes rather than admin's two-list selector: labelled, keyboard-friendly, and a round has a handful.
    formfield_overrides = {**DATUMTIJD, models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    inlines = [AfwijkendePlanningInline, TermijnwijzigingInline]
    fieldsets = (
        (None, {"fields": ("naam", "contractjaar", "soort", "ingangsdatum", "zorgkantoren", "regelset")}),
        (_("Planning (Nederlandse tijd)"), {"fields": (
            "publicatie_inkoopkader", "vragen_tot", "publicatie_nvi", "sluiting_inschrijving",
            "gesprekken_afgerond", "voorlopige_contractering", "definitieve_contractering")}),
    )

    @admin.display(description=_("ingang overeenkomst"))
    def ingang_overeenkomst(self, obj):
        return datum(obj.ingangsdatum_overeenkomst)

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


class VerzegeldAdmin(AlleenLezenAdmin):
    """What an aanbieder prepared or submitted: read-only always, and invisible until two of the zorgkantoor's
    staff opened the round's vault (the proces-verbaal van opening) — for superusers too. Before that the
    round's list shows a count only. ``verzegeld_via`` is the path from the row to its inschrijving."""

    verzegeld_via = "inschrijving__"

    def get_queryset(self, request):
        return alleen_geopend(super().get_queryset(request), via=self.verzegeld_via)


@admin.register(Inschrijving)
class InschrijvingAdmin(VerzegeldAdmin):
    verzegeld_via = ""
    list_display = ["zorgaanbieder", "zorgkantoor", "ronde", "aanbieder_type", "status", "gewijzigd_op"]
    list_filter = ["ronde", "zorgkantoor", "aanbieder_type", "status"]
    search_fields = ["zorgaanbieder__statutaire_naam", "zorgaanbieder__kvk_nummer"]
    list_select_related = ["zorgaanbieder", "zorgkantoor", "ronde"]


@admin.register(Indiening)
class IndieningAdmin(VerzegeldAdmin):
    list_display = ["inschrijving", "volgnummer", "ingediend_op", "ingediend_door", "sha256", "ingetrokken_op"]
    list_filter = ["inschrijving__ronde"]
    list_select_related = ["inschrijving__zorgaanbieder", "inschrijving__zorgkantoor", "inschrijving__ronde",
                           "ingediend_door"]
    exclude = ["snapshot"]


@admin.register(Opening)
class OpeningAdmin(AlleenLezenAdmin):
    list_display = ["ronde", "zorgkantoor", "geopend_door", "tweede_opener", "geopend_op", "aantal_ingediend",
                    "aantal_ingetrokken", "proces_verbaal_sha256"]
    exclude = ["proces_verbaal"]  # the PDF is downloaded by the zorgkantoor's staff, through a view that checks


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
    exclude = ["tekst"]
    readonly_fields = [("inhoud" if f.name == "tekst" else f.name) for f in Bericht._meta.fields]

    # A password-reset mail is recorded without its link (inschrijving/berichten.py); one recorded before that was
    # so is shown with the token blanked out.
    _HERSTELLINK = re.compile(r"(/account/wachtwoord-herstellen/)[^/\s]+/[^/\s]+/?")

    def get_queryset(self, request):
        # A receipt tells who submitted to whom: listed only once that round's vault is opened (VerzegeldAdmin).
        qs = super().get_queryset(request)
        return qs.filter(inschrijving__isnull=True) | alleen_geopend(qs.filter(inschrijving__isnull=False),
                                                                    via="inschrijving__")

    @admin.display(description=_("tekst"))
    def inhoud(self, obj):
        return self._HERSTELLINK.sub(r"\1[verwijderd]/", obj.tekst)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(KwaliteitKeuze)
class KwaliteitKeuzeAdmin(VerzegeldAdmin):
    list_display = ["inschrijving", "dominante_sector", "gewijzigd_op"]
    list_select_related = ["inschrijving__zorgaanbieder", "inschrijving__zorgkantoor", "inschrijving__ronde"]
    raw_id_fields = ["inschrijving"]
    filter_horizontal = ["extra_kaders"]


@admin.register(Zelfanalyse)
class ZelfanalyseAdmin(VerzegeldAdmin):
    list_display = ["inschrijving", "thema", "niveau", "gewijzigd_op"]
    list_filter = ["niveau", "thema__kader"]
    list_select_related = ["thema__kader", "inschrijving__zorgaanbieder", "inschrijving__zorgkantoor",
                           "inschrijving__ronde"]
    search_fields = ["inschrijving__zorgaanbieder__statutaire_naam", "thema__naam"]
    raw_id_fields = ["inschrijving", "thema"]


@admin.register(OntwikkelplanVoorstel)
class OntwikkelplanVoorstelAdmin(VerzegeldAdmin):
    list_display = ["inschrijving", "thema", "doel", "gewijzigd_op"]
    list_select_related = ["thema__kader", "inschrijving__zorgaanbieder", "inschrijving__zorgkantoor",
                           "inschrijving__ronde"]
    search_fields = ["inschrijving__zorgaanbieder__statutaire_naam", "doel", "aanpak"]
    raw_id_fields = ["inschrijving", "thema"]


class TermijnwijzigingForm(forms.ModelForm):
    class Meta:
        model = Termijnwijziging
        fields = ["ronde", "zorgkantoor", "mijlpaal", "nieuw", "reden"]


@admin.register(Termijnwijziging)
class TermijnwijzigingAdmin(admin.ModelAdmin):
    """Request a deadline change (forward only, with a reason); another beheerder approves it in the list, and it
    takes effect on that approval (two approvals for a heropening). Nothing here is ever edited or deleted."""

    form = TermijnwijzigingForm
    formfield_overrides = DATUMTIJD
    list_display = ["ronde", "zorgkantoor", "mijlpaal", "soort", "oud", "nieuw", "aangevraagd_door",
                    "goedgekeurd_door", "tweede_goedkeurder", "doorgevoerd_op", "afgewezen_op", "aantal_berichten"]
    list_filter = ["ronde", "mijlpaal", "soort"]
    list_select_related = ["ronde", "zorgkantoor", "aangevraagd_door", "goedgekeurd_door", "tweede_goedkeurder"]
    actions = ["goedkeuren", "afwijzen"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return TermijnwijzigingForm.Meta.fields
        return [f.name for f in Termijnwijziging._meta.fields if f.name != "id"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        gebruiker = request.user

        class MetDienst(form):
            """The service decides; its refusals show beside the field."""

            def _post_clean(self):
                super()._post_clean()
                if self.instance.pk or self.errors:
                    return
                data = self.cleaned_data
                try:
                    self.wijziging = termijnen.aanvragen(
                        ronde=data["ronde"], zorgkantoor=data.get("zorgkantoor"), mijlpaal=data["mijlpaal"],
                        nieuw=data["nieuw"], reden=data.get("reden", ""), door=gebruiker)
                except ValidationError as fout:
                    self.add_error(None, fout)

        return MetDienst

    def save_form(self, request, form, change):
        return form.wijziging  # recorded by the service in _post_clean

    def save_model(self, request, obj, form, change):
        pass  # already saved; admin's own save would store a second row

    def save_related(self, request, form, formsets, change):
        pass

    def _afhandelen(self, request, queryset, stap, gelukt):
        for wijziging in queryset:
            try:
                stap(wijziging=wijziging, door=request.user)
            except ValidationError as fout:
                self.message_user(request, f"{wijziging}: {' '.join(fout.messages)}", level=messages.ERROR)
            else:
                self.message_user(request, gelukt % {"wijziging": wijziging}, level=messages.SUCCESS)

    @admin.action(description=_("Geselecteerde termijnwijzigingen goedkeuren"))
    def goedkeuren(self, request, queryset):
        self._afhandelen(request, queryset, termijnen.goedkeuren, _("Goedgekeurd: %(wijziging)s"))

    @admin.action(description=_("Geselecteerde termijnwijzigingen afwijzen"))
    def afwijzen(self, request, queryset):
        self._afhandelen(request, queryset, termijnen.afwijzen, _("Afgewezen: %(wijziging)s"))
