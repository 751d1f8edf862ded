"""Append-only audit trail of what zorgkantoor staff view and decide."""

from django.utils import timezone


def document_bekeken(*, document, door) -> None:
    from beoordeling.models import AuditRegel

    AuditRegel.objects.create(inschrijving_id=document.inschrijving_id, door=door, op=timezone.now(),
                              actie="document_bekeken",
                              omschrijving=f"{document.documenttype.naam} v{document.versie} ({document.sha256[:12]}…)")
