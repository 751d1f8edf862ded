from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToegangConfig(AppConfig):
    name = "toegang"
    verbose_name = _("Toegang")

    def ready(self):
        from toegang import aanmelden, email, team

        aanmelden.registreer_links()
        email.registreer_links()
        team.registreer_links()
