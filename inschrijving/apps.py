from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InschrijvingConfig(AppConfig):
    name = "inschrijving"
    verbose_name = _("Inschrijving")

    def ready(self):
        from django.core import checks

        checks.register(virusscan_ingesteld, checks.Tags.security, deploy=True)


def virusscan_ingesteld(app_configs, **kwargs):
    """``check --deploy``: production scans every upload (CLAMD_URL)."""
    from django.conf import settings
    from django.core import checks

    if settings.CLAMD_URL:
        return []
    return [checks.Warning("CLAMD_URL is niet ingesteld: uploads worden niet op virussen gescand.",
                           hint="Zet CLAMD_URL op de clamd van ClamAV, bv. tcp://clamav:3310.", id="wlz.W001")]
