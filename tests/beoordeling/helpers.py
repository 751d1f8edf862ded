"""Builders for assessments: submitted inschrijvingen of a round whose sluitingstijd has passed."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from inschrijving import services
from tests.factories import WACHTWOORD, GebruikerFactory, ZorgkantoorFactory
from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving


def gesloten_ronde_met_indieningen(typen=("3",), *, sluiting=None, onvolledig=0):
    """A round that closed a day ago (real time), with one submitted inschrijving per type; the first
    ``onvolledig`` of them lack their statuten (or, for types without documents, their verklaring)."""
    from inschrijving.models import Bestuursverklaring, Document, Instemmingsverklaring

    sluiting = sluiting or (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    zk = ZorgkantoorFactory()
    inkopers = [GebruikerFactory(inkoper=True, zorgkantoor=zk) for _ in range(2)]
    with time_machine.travel(sluiting - timedelta(days=5), tick=False):
        ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=sluiting)
        inschrijvingen = []
        for nummer, soort in enumerate(typen):
            inschrijving, bestuurder = volledige_inschrijving(soort, ronde=ronde, zorgkantoor=zk)
            if nummer < onvolledig:
                if soort == "3":
                    Document.objects.filter(inschrijving=inschrijving, documenttype__code="statuten").delete()
                else:
                    Bestuursverklaring.objects.filter(inschrijving=inschrijving).delete()
                    Instemmingsverklaring.objects.filter(inschrijving=inschrijving).delete()
            services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD,
                              ondanks_bevindingen=True)
            inschrijvingen.append(inschrijving)
    return ronde, zk, inkopers, inschrijvingen
