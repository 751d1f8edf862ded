from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InschrijvingConfig(AppConfig):
    name = "inschrijving"
    verbose_name = _("Inschrijving")
