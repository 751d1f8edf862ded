from django.contrib import admin

from werking.models import TaakFout


@admin.register(TaakFout)
class TaakFoutAdmin(admin.ModelAdmin):
    """Failed tasks for beheerders (admin's staff: beheerders and superusers): read only; old records may be
    deleted (beat also clears them after WLZ_TAAKFOUTEN_BEWAREN_DAGEN days)."""

    list_display = ["opgetreden_op", "taak", "uitzondering", "melding_kort", "request_id"]
    list_filter = ["taak", "uitzondering"]
    search_fields = ["taak", "taak_id", "request_id", "uitzondering"]
    date_hierarchy = "opgetreden_op"
    readonly_fields = ["taak", "taak_id", "argumenten", "uitzondering", "melding", "traceback", "request_id",
                       "opgetreden_op"]

    @admin.display(description=TaakFout._meta.get_field("melding").verbose_name)
    def melding_kort(self, obj):
        return obj.melding[:120]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
