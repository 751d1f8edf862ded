from django.contrib import admin

from toegang.models import KvkVerzoek


@admin.register(KvkVerzoek)
class KvkVerzoekAdmin(admin.ModelAdmin):
    """The log of outgoing requests to the KvK: read only."""

    list_display = ("op", "api", "kvk_nummer", "status", "uitkomst", "duur_ms")
    list_filter = ("api", "uitkomst")
    search_fields = ("kvk_nummer",)
    date_hierarchy = "op"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
