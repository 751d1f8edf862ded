from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeoordelingConfig(AppConfig):
    name = "beoordeling"
    verbose_name = _("Beoordeling")

    def ready(self):
        from beoordeling import audit
        from inschrijving.signals import document_bekeken

        document_bekeken.connect(audit.bij_document_bekeken, dispatch_uid="beoordeling.audit.document_bekeken")
