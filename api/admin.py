from django.contrib import admin, messages

from api.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """A beheerder makes a client; its token is shown once, after saving, and is stored only as a hash."""

    list_display = ("naam", "zorgkantoor", "sleutel_begin", "actief", "laatst_gebruikt")
    list_filter = ("zorgkantoor", "actief")
    readonly_fields = ("sleutel_begin", "aangemaakt_op", "laatst_gebruikt")
    actions = ["nieuwe_sleutel"]

    def save_model(self, request, obj, form, change):
        token = obj.nieuwe_sleutel() if not change else None
        super().save_model(request, obj, form, change)
        if token:
            messages.warning(request, f"De sleutel van {obj}: {token} — bewaar hem nu; het portaal toont hem niet "
                                      "opnieuw.")

    @admin.action(description="Nieuwe sleutel maken (de oude werkt dan niet meer)")
    def nieuwe_sleutel(self, request, queryset):
        for client in queryset:
            token = client.nieuwe_sleutel()
            client.save(update_fields=["sleutel_hash", "sleutel_begin"])
            messages.warning(request, f"De nieuwe sleutel van {client}: {token} — bewaar hem nu.")
