from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KwaliteitConfig(AppConfig):
    name = "kwaliteit"
    verbose_name = _("Kwaliteit")
