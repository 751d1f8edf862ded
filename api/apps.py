from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API voor de systemen van het zorgkantoor")

    def ready(self):
        from api import gebeurtenissen
        from beoordeling.signals import aanbod_geaccepteerd, besluit_goedgekeurd, ronde_geopend
        from inschrijving.signals import inschrijving_ingediend, inschrijving_ingetrokken

        for signaal, ontvanger in ((inschrijving_ingediend, gebeurtenissen.bij_ingediend),
                                   (inschrijving_ingetrokken, gebeurtenissen.bij_ingetrokken),
                                   (ronde_geopend, gebeurtenissen.bij_geopend),
                                   (besluit_goedgekeurd, gebeurtenissen.bij_besloten),
                                   (aanbod_geaccepteerd, gebeurtenissen.bij_geaccepteerd)):
            signaal.connect(ontvanger, dispatch_uid=f"api.webhooks.{ontvanger.__name__}")
