"""Signing a submission (issue 10, item 1): the tekenbevoegde's explicit declaration, with the password typed now or
at most WLZ_ONDERTEKENEN_BINNEN_MINUTEN ago in the same session (the login form, an earlier signing). The window is
checked by the service, not only by the form; a wrong password still counts towards the lockout; the snapshot records
when the password was typed."""

from datetime import datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from inschrijving import services
from inschrijving.models import Indiening
from tests.beoordeling.helpers import verse_code
from tests.factories import WACHTWOORD
from tests.inschrijving.test_indienen import AMS, SLUITING, klaar  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
INGELOGD = datetime(2031, 7, 25, 16, 40, 0, tzinfo=AMS)


def _inloggen(client: Client, gebruiker) -> None:
    """The login form, then the second factor (aanbieders have one too: issue 12); the password counts from the form."""
    antwoord = client.post(reverse("login"), {"username": gebruiker.username, "password": WACHTWOORD})
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    TOTPDevice.objects.get_or_create(user=gebruiker, name="test", defaults={"confirmed": True})
    bevestigd = client.post(reverse("tweefactor_verifieren"), {"code": verse_code(gebruiker)})
    assert bevestigd.status_code == 302, bevestigd.content.decode()[:2000]


def test_kort_na_het_inloggen_ondertekent_de_verklaring_zonder_het_wachtwoord_opnieuw(client, klaar):  # noqa: F811
    inschrijving, bestuurder = klaar
    url = reverse("inschrijving:indienen", args=[inschrijving.pk])
    with time_machine.travel(INGELOGD, tick=False):
        _inloggen(client, bestuurder)
    with time_machine.travel(INGELOGD + timedelta(minutes=14), tick=False):
        pagina = client.get(url).content.decode()
        assert 'name="wachtwoord"' not in pagina
        assert "U heeft uw wachtwoord om 16:40 ingevoerd. Tot 16:55 ondertekent u met de verklaring" in pagina
        zonder_verklaring = client.post(url, {})
        assert zonder_verklaring.status_code == 200 and not Indiening.objects.exists()  # the declaration is the act
        antwoord = client.post(url, {"verklaring_juist": "on"})
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    ondertekend = Indiening.objects.get(inschrijving=inschrijving).snapshot["indiening"]
    assert ondertekend["wachtwoord_ingevoerd_op"] == INGELOGD.isoformat()
    assert ondertekend["ondertekenaar_gebruiker"] == bestuurder.username


def test_na_het_venster_vraagt_het_portaal_het_wachtwoord_weer_en_telt_een_fout(client, klaar):  # noqa: F811
    inschrijving, bestuurder = klaar
    url = reverse("inschrijving:indienen", args=[inschrijving.pk])
    with time_machine.travel(INGELOGD, tick=False):
        _inloggen(client, bestuurder)
    later = INGELOGD + timedelta(minutes=15, seconds=1)
    with time_machine.travel(later, tick=False):
        assert 'name="wachtwoord"' in client.get(url).content.decode()
        zonder = client.post(url, {"verklaring_juist": "on"})
        assert "Vul uw wachtwoord in om te ondertekenen." in zonder.content.decode()
        fout = client.post(url, {"wachtwoord": "Verkeerd-1", "verklaring_juist": "on"})
        assert "Het wachtwoord klopt niet. Uw inschrijving is niet ingediend." in fout.content.decode()
        assert sum(p.failures_since_start for p in AccessAttempt.objects.filter(username=bestuurder.username)) == 1
        assert not Indiening.objects.exists()
        goed = client.post(url, {"wachtwoord": WACHTWOORD, "verklaring_juist": "on"})
    assert goed.status_code == 302
    assert Indiening.objects.get().snapshot["indiening"]["wachtwoord_ingevoerd_op"] == later.isoformat()
    # Typed again just now: a second signing (after withdrawing) within the window asks only the declaration.
    with time_machine.travel(later + timedelta(minutes=5), tick=False):
        client.post(reverse("inschrijving:intrekken", args=[inschrijving.pk]))
        assert 'name="wachtwoord"' not in client.get(url).content.decode()


def test_een_sessie_zonder_getypt_wachtwoord_ondertekent_niet_zonder(client, klaar):  # noqa: F811
    """A login the portal did not see typed (force_login, as an admin tool or a test makes it) does not count; and the
    service refuses a signing without a password outside the window, whatever the form sent."""
    inschrijving, bestuurder = klaar
    url = reverse("inschrijving:indienen", args=[inschrijving.pk])
    with time_machine.travel(INGELOGD, tick=False):
        client.force_login(bestuurder)
        assert 'name="wachtwoord"' in client.get(url).content.decode()
        assert "Vul uw wachtwoord in" in client.post(url, {"verklaring_juist": "on"}).content.decode()
        with pytest.raises(ValidationError) as fout:
            services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=None, request=None)
    assert fout.value.message_dict == {"wachtwoord": ["Vul uw wachtwoord in om te ondertekenen."]}
    assert not Indiening.objects.exists()
