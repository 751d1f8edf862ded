"""Builders for assessments: submitted inschrijvingen of a round whose sluitingstijd has passed."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from inschrijving import services
from tests.factories import WACHTWOORD, GebruikerFactory, ZorgkantoorFactory
from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving


def open_kluis(ronde, inkopers):
    """Two of the zorgkantoor's staff open the vault, as the proces-verbaal van opening requires."""
    from beoordeling import opening

    opening.opening_verzoeken(ronde=ronde, door=inkopers[0])
    return opening.opening_bevestigen(ronde=ronde, door=inkopers[1])


def gesloten_ronde_met_indieningen(typen=("3",), *, sluiting=None, onvolledig=0, geopend=True):
    """A round that closed a day ago (real time), with one submitted inschrijving per type, opened by two
    colleagues (unless ``geopend=False``); the first ``onvolledig`` of them lack their statuten (or, for types
    without documents, their verklaring)."""
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
    if geopend and sluiting <= timezone.now():
        open_kluis(ronde, inkopers)
    return ronde, zk, inkopers, inschrijvingen


def verse_code(gebruiker) -> str:
    """A code of the user's authenticator that the portal has not seen yet: the current time step, or the next
    one (within django-otp's tolerance of one step) when the current one was just used to sign in."""
    import time

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    apparaat = TOTPDevice.objects.filter(user=gebruiker, confirmed=True).order_by("pk").first()
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    totp.time = time.time()
    while totp.t() + apparaat.tolerance <= apparaat.last_t:  # two codes used in this step already: wait for the next
        time.sleep(apparaat.step - (time.time() - apparaat.t0) % apparaat.step + 0.05)
        totp.time = time.time()
    if totp.t() <= apparaat.last_t:
        totp.time += apparaat.step * (apparaat.last_t + 1 - totp.t())
    return f"{totp.token():06d}"


def gesloten_rondes_openen():
    """Every closed round's vaults opened by the first two zorginkopers of each zorgkantoor (the demo's inkoper1
    and inkoper2), as README step 4 does in the browser."""
    from inschrijving.models import Gebruiker, Inkoopronde, Opening, Rol

    for ronde in Inkoopronde.objects.filter(sluiting_inschrijving__lte=timezone.now()):
        for zk in ronde.zorgkantoren.exclude(pk__in=Opening.objects.filter(ronde=ronde).values("zorgkantoor")):
            inkopers = list(Gebruiker.objects.filter(zorgkantoor=zk, rol=Rol.ZORGINKOPER).order_by("username")[:2])
            if len(inkopers) == 2 and ronde.planning(zk).gesloten():
                open_kluis(ronde, inkopers)
