"""``manage.py demo``: create (or refresh) the demo round, parties and users, and print the logins."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from inschrijving.demo import DEMO_WACHTWOORD, demo_concept_tegenstrijdig, maak_demo
from wlzportal.datums import moment


class Command(BaseCommand):
    help = "Maakt de demo-inkoopronde met zorgkantoren, zorgaanbieders van elk type en gebruikers."

    def handle(self, *args, **options):
        ronde, logins = maak_demo()
        eik = demo_concept_tegenstrijdig()
        sluiting = timezone.localtime(ronde.sluiting_inschrijving)
        self.stdout.write(self.style.SUCCESS(f"Demo klaar: {ronde.naam}, sluiting {moment(sluiting)}"))
        self.stdout.write(f"Wachtwoord voor alle demo-gebruikers: {DEMO_WACHTWOORD}\n")
        self.stdout.write(f"{eik.zorgaanbieder.statutaire_naam} heeft een inschrijving klaarstaan waarvan de "
                          "documenten iets anders zeggen dan is ingevuld: zie de voorcontrole (eik.bestuurder).\n")
        breedte = max(len(login.gebruikersnaam) for login in logins)
        for login in logins:
            regel = f"  {login.gebruikersnaam:<{breedte}}  {login.rol} – {login.organisatie}"
            if login.totp_geheim:
                regel += f"\n  {'':<{breedte}}  TOTP-sleutel {login.totp_geheim}"
            self.stdout.write(regel)
        self.stdout.write("\nAlle demo-gebruikers loggen in met een tweede factor: voer de "
                          "TOTP-sleutel in een authenticator-app in, of toon de huidige code met\n"
                          "  python manage.py demo_code <gebruikersnaam>")
