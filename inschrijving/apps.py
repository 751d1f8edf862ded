from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InschrijvingConfig(AppConfig):
    name = "inschrijving"
    verbose_name = _("Inschrijving")

    def ready(self):
        from django.core import checks

        checks.register(virusscan_ingesteld, checks.Tags.security, deploy=True)
        checks.register(ondertekening_ingesteld, checks.Tags.security, deploy=True)


def virusscan_ingesteld(app_configs, **kwargs):
    """``check --deploy``: production scans every upload (CLAMD_URL)."""
    from django.conf import settings
    from django.core import checks

    if settings.CLAMD_URL:
        return []
    return [checks.Warning("CLAMD_URL is niet ingesteld: uploads worden niet op virussen gescand.",
                           hint="Zet CLAMD_URL op de clamd van ClamAV, bv. tcp://clamav:3310.", id="wlz.W001")]


def ondertekening_ingesteld(app_configs, **kwargs):
    """``check --deploy``: production signs its records with a configured certificate (``inschrijving.ondertekening``),
    not the self-signed one the demo makes."""
    from cryptography import x509
    from django.conf import settings
    from django.core import checks

    certificaat, sleutel = settings.WLZ_ONDERTEKENING_CERTIFICAAT, settings.WLZ_ONDERTEKENING_SLEUTEL
    if not (certificaat and sleutel):
        return [checks.Warning(
            "Ontvangstbevestigingen en besluitbrieven worden ondertekend met een zelf gemaakt certificaat.",
            hint="Zet WLZ_ONDERTEKENING_CERTIFICAAT en WLZ_ONDERTEKENING_SLEUTEL (PEM-bestanden), bijvoorbeeld een "
                 "PKIoverheid-certificaat of gekwalificeerd zegel van het zorgkantoor.", id="wlz.W010")]
    try:
        with open(certificaat, "rb") as fh:
            x509.load_pem_x509_certificate(fh.read())
        open(sleutel, "rb").close()
    except (OSError, ValueError) as fout:
        return [checks.Error(f"Het ondertekeningscertificaat of de sleutel is niet te lezen: {fout}", id="wlz.E010")]
    return []
