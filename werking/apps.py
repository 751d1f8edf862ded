from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkingConfig(AppConfig):
    name = "werking"
    verbose_name = _("Werking")

    def ready(self):
        from celery.signals import task_failure

        from werking import services

        task_failure.connect(services.bij_mislukte_taak, dispatch_uid="werking.taakfout")
