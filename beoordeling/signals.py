"""Signals other apps listen to (issue 13: the api app's webhooks), so that beoordeling never imports them. Each is
sent inside the transaction of its action; a receiver must not raise, the action may not fail for it."""

from django.dispatch import Signal

# The vault of a round was opened for a zorgkantoor (the proces-verbaal by two). Arguments: opening.
ronde_geopend = Signal()

# A decision was approved by the second pair of eyes. Arguments: besluit.
besluit_goedgekeurd = Signal()

# The tekenbevoegde accepted the offer; besluit.overeenkomst is set. Arguments: besluit.
aanbod_geaccepteerd = Signal()
