"""Django admin for the quality frameworks: kader → thema's → items, each page showing its source."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kwaliteit.models import Item, Kader, Thema


class ThemaInline(admin.TabularInline):
    model = Thema
    fields = ["volgorde", "code", "naam", "bron"]
    extra = 0
    show_change_link = True


class ItemInline(admin.TabularInline):
    model = Item
    fk_name = "thema"
    fields = ["volgorde", "code", "soort", "bovenliggend", "tekst", "verband", "bron"]
    # A select of every item in the catalogue would be useless here; the id links to the parent.
    raw_id_fields = ["bovenliggend"]
    extra = 0
    show_change_link = True


class OnderdeelFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # An onderdeel always sits in its parent's thema; set it before the form validates.
        form.instance.thema_id = self.instance.thema_id
        return form

    def save_new(self, form, commit=True):
        # On the add page the parent only has its thema once it is saved, just before this.
        form.instance.thema_id = self.instance.thema_id
        return super().save_new(form, commit)


class OnderdeelInline(admin.TabularInline):
    model = Item
    fk_name = "bovenliggend"
    formset = OnderdeelFormSet
    fields = ["volgorde", "code", "soort", "tekst", "verband", "bron"]
    extra = 0
    show_change_link = True
    verbose_name = _("onderdeel")
    verbose_name_plural = _("onderdelen")


@admin.register(Kader)
class KaderAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "jaar", "sector", "rol", "volgorde", "actief", "bron"]
    list_filter = ["sector", "jaar", "rol", "actief"]
    search_fields = ["naam", "code", "omschrijving", "bron"]
    ordering = ["sector", "volgorde", "code", "-jaar"]
    inlines = [ThemaInline]


@admin.register(Thema)
class ThemaAdmin(admin.ModelAdmin):
    list_display = ["naam", "kader", "volgorde", "code", "bron"]
    list_filter = ["kader", "kader__sector", "kader__jaar"]
    search_fields = ["naam", "code", "omschrijving", "doel", "essentie", "bron", "kader__naam"]
    list_select_related = ["kader"]
    fields = ["kader", "volgorde", "code", "naam", "doel", "essentie", "omschrijving", "bron"]
    inlines = [ItemInline]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["code", "korte_tekst", "soort", "thema", "bron"]
    list_filter = ["soort", "thema__kader", "thema__kader__sector", "thema__kader__jaar"]
    search_fields = ["code", "tekst", "toelichting", "doel", "essentie", "bron", "thema__naam"]
    list_select_related = ["thema__kader"]
    autocomplete_fields = ["thema", "bovenliggend"]
    fieldsets = (
        (None, {"fields": ("thema", "bovenliggend", "volgorde", "code", "soort", "verband")}),
        (_("Tekst"), {"fields": ("tekst", "toelichting", "doel", "essentie")}),
        (_("Bron"), {"fields": ("bron",)}),
    )
    inlines = [OnderdeelInline]

    @admin.display(description=_("tekst"))
    def korte_tekst(self, obj):
        return Truncator(obj.tekst).chars(90)
