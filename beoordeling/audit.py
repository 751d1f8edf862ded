"""Append-only audit trail of what zorgkantoor staff and the pipeline do and see."""

from django.utils import timezone


def regel(*, actie: str, omschrijving: str = "", inschrijving=None, ronde=None, door=None, op=None):
    """One line, not yet stored (``log_alle`` stores many in one insert)."""
    from beoordeling.models import AuditRegel

    return AuditRegel(inschrijving=inschrijving, ronde=ronde, door=door, op=op or timezone.now(), actie=actie,
                      omschrijving=omschrijving)


def log(*, actie: str, omschrijving: str = "", inschrijving=None, ronde=None, door=None) -> None:
    regel(actie=actie, omschrijving=omschrijving, inschrijving=inschrijving, ronde=ronde, door=door).save()


def log_alle(regels: list) -> None:
    """Store lines made by ``regel`` in one insert, in their order."""
    from beoordeling.models import AuditRegel

    if regels:
        AuditRegel.objects.bulk_create(regels)


def document_bekeken(*, document, door) -> None:
    log(actie="document_bekeken", inschrijving=document.inschrijving, door=door,
        omschrijving=f"{document.documenttype.naam} v{document.versie} (SHA-256 {document.sha256[:12]}…)")


def bij_document_bekeken(sender, *, document, door, **kwargs) -> None:
    """Receiver of ``inschrijving.signals.document_bekeken``."""
    document_bekeken(document=document, door=door)
