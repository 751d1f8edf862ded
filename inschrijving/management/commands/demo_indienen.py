"""``manage.py demo_indienen``: submit a complete inschrijving for every demo aanbieder (types 1a-3)."""

from django.core.management.base import BaseCommand

from inschrijving.demo import demo_indienen


class Command(BaseCommand):
    help = "Vult voor elke demo-zorgaanbieder een volledige inschrijving in en dient die in."

    def handle(self, *args, **options):
        for inschrijving in demo_indienen():
            self.stdout.write(f"Ingediend: {inschrijving}")
        self.stdout.write(self.style.SUCCESS("Klaar. Sluit de ronde met: python manage.py demo_sluit_ronde"))
