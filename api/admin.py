from django.contrib import admin, messages

from api.models import Aflevering, ApiClient, Eindpunt
from inschrijving.admin import AlleenLezenAdmin


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


@admin.register(Eindpunt)
class EindpuntAdmin(AlleenLezenAdmin):
    """Read only: a zorgkantoor's beheerder registers endpoints on /zorgkantoor/koppelingen/, where the secret is
    shown once; it is not shown here."""

    list_display = ("url", "zorgkantoor", "actief", "aangemaakt_door", "aangemaakt_op")
    list_filter = ("zorgkantoor", "actief")
    fields = ("zorgkantoor", "url", "omschrijving", "gebeurtenissen", "actief", "aangemaakt_door", "aangemaakt_op")
    readonly_fields = fields


@admin.register(Aflevering)
class AfleveringAdmin(AlleenLezenAdmin):
    """The delivery log of the webhooks: every event for every endpoint, its attempts and the last answer."""

    list_display = ("aangemaakt_op", "soort", "eindpunt", "status", "pogingen", "laatste_http_status",
                    "volgende_poging", "afgeleverd_op")
    list_filter = ("status", "soort", "eindpunt__zorgkantoor")
    search_fields = ("gebeurtenis_id", "eindpunt__url")
    list_select_related = ("eindpunt__zorgkantoor",)
    date_hierarchy = "aangemaakt_op"
    fields = ("eindpunt", "soort", "gebeurtenis_id", "payload", "aangemaakt_op", "status", "pogingen",
              "laatste_http_status", "fout", "volgende_poging", "afgeleverd_op")
    readonly_fields = fields
