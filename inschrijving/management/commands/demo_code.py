"""``manage.py demo_code USER``: the current TOTP code of a demo user (only with DEBUG on)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Toont de huidige tweestapscode van een demo-gebruiker (alleen in ontwikkelmodus)."

    def add_arguments(self, parser):
        parser.add_argument("gebruikersnaam")

    def handle(self, *args, gebruikersnaam, **options):
        if not settings.DEBUG:
            raise CommandError("Alleen beschikbaar met DJANGO_DEBUG=true.")
        apparaat = TOTPDevice.objects.filter(user__username=gebruikersnaam, name="demo").first()
        if apparaat is None:
            raise CommandError(f"Geen demo-authenticator voor {gebruikersnaam}.")
        self.stdout.write(f"{totp(apparaat.bin_key, step=apparaat.step, digits=apparaat.digits):06d}")
