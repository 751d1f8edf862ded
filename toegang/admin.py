from django.contrib import admin

from inschrijving.admin import AlleenLezenAdmin
from toegang.models import KvkVerzoek


@admin.register(KvkVerzoek)
class KvkVerzoekAdmin(AlleenLezenAdmin):
    """The log of outgoing requests to the KvK: read only."""

    list_display = ("op", "api", "kvk_nummer", "status", "uitkomst", "duur_ms")
    list_filter = ("api", "uitkomst")
    search_fields = ("kvk_nummer",)
    date_hierarchy = "op"
