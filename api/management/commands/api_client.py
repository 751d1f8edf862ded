"""``manage.py api_client ZORGKANTOOR NAAM``: a client of the REST API for a zorgkantoor; prints its token once."""

from django.core.management.base import BaseCommand, CommandError

from api.models import ApiClient
from inschrijving.models import Zorgkantoor


class Command(BaseCommand):
    help = "Maakt een API-client voor een zorgkantoor en toont de sleutel eenmalig."

    def add_arguments(self, parser):
        parser.add_argument("zorgkantoor")
        parser.add_argument("naam")

    def handle(self, *args, zorgkantoor, naam, **options):
        zk = Zorgkantoor.objects.filter(naam=zorgkantoor).first()
        if zk is None:
            raise CommandError(f"Geen zorgkantoor met de naam {zorgkantoor!r}.")
        client = ApiClient(naam=naam, zorgkantoor=zk)
        token = client.nieuwe_sleutel()
        client.save()
        self.stdout.write(token)
