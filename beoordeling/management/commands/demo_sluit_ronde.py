"""``manage.py demo_sluit_ronde``: move the demo round's sluitingstijd into the past and start the
assessment at once (beat would start it within a minute anyway)."""

from django.core.management.base import BaseCommand

from beoordeling.tasks import start_gesloten_rondes
from inschrijving.demo import sluit_demo_ronde
from wlzportal.datums import moment


class Command(BaseCommand):
    help = "Zet de sluitingstijd van de demoronde in het verleden en start de beoordeling."

    def handle(self, *args, **options):
        ronde = sluit_demo_ronde()
        gestart = start_gesloten_rondes()
        self.stdout.write(self.style.SUCCESS(
            f"{ronde.naam} is gesloten op {moment(ronde.sluiting_inschrijving)}; "
            f"{gestart} inschrijving(en) gaan door de automatische controles (Celery-worker)."))
