"""Signals other apps listen to, so that inschrijving never imports them (dependencies point one way)."""

from django.dispatch import Signal

# Sent when zorgkantoor staff open a submitted document; beoordeling records it in its audit trail.
# Arguments: document, door.
document_bekeken = Signal()
