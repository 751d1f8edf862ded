"""Signals other apps listen to, so that inschrijving never imports them (dependencies point one way)."""

from django.dispatch import Signal

# Sent when zorgkantoor staff open a submitted document; beoordeling records it in its audit trail.
# Arguments: document, door.
document_bekeken = Signal()

# Sent inside the submit transaction once a submission is stored (issue 13: the api app's webhooks). A receiver must
# not raise: the submission may not fail for it. Arguments: indiening.
inschrijving_ingediend = Signal()

# Sent inside the withdrawal transaction (issue 13: the webhooks' count goes down too). Arguments: inschrijving.
inschrijving_ingetrokken = Signal()
