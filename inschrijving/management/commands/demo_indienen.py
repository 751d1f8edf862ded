"""``manage.py demo_indienen``: submit an inschrijving for every demo aanbieder: a complete one for each type (1a-3),
one with a signal (40% onderaanneming), one incomplete (the statuten missing) and one whose documents contradict its
declaration (De Eik)."""

from django.core.management.base import BaseCommand

from inschrijving.demo import demo_indienen, demo_indienen_signaal_en_onvolledig


class Command(BaseCommand):
    help = ("Vult voor elke demo-zorgaanbieder een inschrijving in en dient die in: volledig voor elk type, één met "
            "een signaal (40% onderaanneming), één onvolledige (zonder statuten) en één waarvan de documenten "
            "iets anders zeggen dan is ingevuld.")

    def handle(self, *args, **options):
        for inschrijving in [*demo_indienen(), *demo_indienen_signaal_en_onvolledig()]:
            self.stdout.write(f"Ingediend: {inschrijving}")
        self.stdout.write(self.style.SUCCESS("Klaar. Sluit de ronde met: python manage.py demo_sluit_ronde"))
