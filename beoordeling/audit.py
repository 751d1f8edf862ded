"""Append-only audit trail of what zorgkantoor staff and the pipeline do and see."""

from django.utils import timezone


def log(*, actie: str, omschrijving: str = "", inschrijving=None, ronde=None, door=None) -> None:
    from beoordeling.models import AuditRegel

    AuditRegel.objects.create(inschrijving=inschrijving, ronde=ronde, door=door, op=timezone.now(), actie=actie,
                              omschrijving=omschrijving)


def document_bekeken(*, document, door) -> None:
    log(actie="document_bekeken", inschrijving=document.inschrijving, door=door,
        omschrijving=f"{document.documenttype.naam} v{document.versie} (SHA-256 {document.sha256[:12]}…)")


def bij_document_bekeken(sender, *, document, door, **kwargs) -> None:
    """Receiver of ``inschrijving.signals.document_bekeken``."""
    document_bekeken(document=document, door=door)
