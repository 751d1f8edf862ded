"""Sign-in: landing per role, two factors for every user, lockout, password reset."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from inschrijving.models import Bericht
from tests.factories import WACHTWOORD, GebruikerFactory

pytestmark = pytest.mark.django_db


def _inloggen(client, gebruiker, wachtwoord=WACHTWOORD):
    return client.post(reverse("login"), {"username": gebruiker.username, "password": wachtwoord},
                       REMOTE_ADDR="10.0.0.1")


def _code(apparaat):
    return f"{totp(apparaat.bin_key, step=apparaat.step, digits=apparaat.digits):06d}"


def test_inlogpagina_is_nederlands(client):
    antwoord = client.get(reverse("login"))
    html = antwoord.content.decode()
    assert '<html lang="nl">' in html
    assert "Inloggen" in html and "Wachtwoord vergeten?" in html
    assert 'href="#inhoud"' in html  # skip link
    assert "Content-Security-Policy" in antwoord.headers


@pytest.mark.parametrize("rol", ["medewerker", "tekenbevoegde"])
def test_aanbieder_stelt_tweede_factor_in_en_landt_op_inschrijvingen(client, rol):
    """Aanbieder users have a second factor too (issue 12): the first login sets up the app, then the dashboard."""
    gebruiker = GebruikerFactory(rol=rol)
    antwoord = _inloggen(client, gebruiker)
    assert antwoord.status_code == 302
    antwoord = client.get(reverse("start"))
    assert antwoord.url.startswith(reverse("tweefactor_instellen"))
    instellen = client.get(antwoord.url).content.decode()
    assert "namens uw organisatie" in instellen and 'data-testid="totp-geheim"' in instellen
    # Nothing of the organisation before the second factor: not the dashboard, not a document.
    assert client.get(reverse("inschrijving:dashboard")).status_code == 302
    apparaat = TOTPDevice.objects.get(user=gebruiker, confirmed=False)
    client.post(reverse("tweefactor_instellen"), {"code": _code(apparaat)})
    antwoord = client.get(reverse("start"))
    assert antwoord.url == reverse("inschrijving:dashboard")
    assert gebruiker.zorgaanbieder.statutaire_naam in client.get(antwoord.url).content.decode()


def test_aanbieder_zonder_tweede_factor_als_die_uit_staat(client, settings):
    """An installation whose aanbieders all come in through eHerkenning may switch it off (WLZ_TWEEDE_FACTOR_…)."""
    settings.TWEEDE_FACTOR_AANBIEDERS = False
    gebruiker = GebruikerFactory(tekenbevoegd=True)
    _inloggen(client, gebruiker)
    assert client.get(reverse("start")).url == reverse("inschrijving:dashboard")


def test_zorginkoper_stelt_tweede_factor_in_en_landt_op_beoordeling(client):
    gebruiker = GebruikerFactory(inkoper=True)
    _inloggen(client, gebruiker)
    antwoord = client.get(reverse("beoordeling:start"))
    assert antwoord.status_code == 302
    assert antwoord.url.startswith(reverse("tweefactor_instellen"))
    client.get(antwoord.url)
    apparaat = TOTPDevice.objects.get(user=gebruiker)
    assert not apparaat.confirmed
    fout = client.post(reverse("tweefactor_instellen"), {"code": "000000"})
    assert "Deze code klopt niet" in fout.content.decode()
    apparaat.refresh_from_db()
    assert apparaat.throttling_failure_count == 1  # django-otp slows down guessing
    apparaat.throttle_reset()
    antwoord = client.post(reverse("tweefactor_instellen") + "?next=/zorgkantoor/", {"code": _code(apparaat)})
    # Confirmed: the recovery codes are shown once, then on to where the user was going.
    html = antwoord.content.decode()
    assert antwoord.status_code == 200 and "Dit zijn uw nieuwe herstelcodes" in html
    assert 'href="/zorgkantoor/"' in html
    assert client.get("/zorgkantoor/").status_code == 200
    apparaat.refresh_from_db()
    assert apparaat.confirmed


def test_zorginkoper_met_apparaat_moet_code_invullen(client):
    gebruiker = GebruikerFactory(inkoper=True)
    apparaat = TOTPDevice.objects.create(user=gebruiker, name="app", confirmed=True)
    _inloggen(client, gebruiker)
    antwoord = client.get(reverse("start"))
    assert antwoord.url.startswith(reverse("tweefactor_verifieren"))
    client.post(reverse("tweefactor_verifieren"), {"code": _code(apparaat)})
    assert client.get(reverse("start")).url == reverse("beoordeling:start")


def test_beheer_vereist_tweede_factor(client):
    beheerder = GebruikerFactory(beheerder=True)
    _inloggen(client, beheerder)
    antwoord = client.get(reverse("admin:index"))
    assert antwoord.status_code == 302 and "tweede-factor" in antwoord.url


def test_aanbieder_heeft_geen_toegang_tot_beoordeling_of_beheer(client):
    gebruiker = GebruikerFactory()
    client.force_login(gebruiker)
    assert client.get(reverse("beoordeling:start")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302  # to the admin login


def test_blokkade_na_herhaalde_fouten(client):
    gebruiker = GebruikerFactory()
    for _ in range(5):
        antwoord = _inloggen(client, gebruiker, "fout-wachtwoord")
    antwoord = _inloggen(client, gebruiker)  # even the right password is refused now
    assert antwoord.status_code == 429
    assert "tijdelijk geblokkeerd" in antwoord.content.decode()


def test_blokkade_per_gebruikersnaam_ook_bij_wisselende_adressen():
    """An attacker who rotates IP addresses is locked out as well: the failures for one username count together,
    whatever address they come from. Another user on those same addresses is not affected."""
    limiet = settings.AXES_FAILURE_LIMIT
    assert limiet >= 2
    doelwit, ander = GebruikerFactory(), GebruikerFactory()
    adressen = [f"198.51.100.{n}" for n in range(1, limiet + 1)]

    def poging(gebruiker, wachtwoord, adres):
        return Client().post(reverse("login"), {"username": gebruiker.username, "password": wachtwoord},
                             REMOTE_ADDR=adres)

    for adres in adressen[:-1]:  # one guess from each address: not locked yet
        antwoord = poging(doelwit, "fout-wachtwoord", adres)
        assert antwoord.status_code == 200 and "tijdelijk geblokkeerd" not in antwoord.content.decode(), adres
    antwoord = poging(doelwit, "fout-wachtwoord", adressen[-1])  # the limit-th failure, from yet another address
    assert antwoord.status_code == 429
    assert AccessAttempt.objects.filter(username=doelwit.username).count() == limiet  # one row per address
    # Now even the right password is refused, from a fresh address and from every address used before.
    for adres in ["203.0.113.7", *adressen]:
        antwoord = poging(doelwit, WACHTWOORD, adres)
        assert antwoord.status_code == 429, adres
        assert "tijdelijk geblokkeerd" in antwoord.content.decode()
        assert "_auth_user_id" not in antwoord.wsgi_request.session
    # Another user signs in from the very same addresses.
    for adres in adressen:
        antwoord = poging(ander, WACHTWOORD, adres)
        assert antwoord.status_code == 302, adres
        assert antwoord.wsgi_request.session["_auth_user_id"] == str(ander.pk)


def test_blokkade_per_adres_bij_raden_over_veel_gebruikersnamen():
    """Password spraying: one wrong guess for each of many usernames from one address locks that address, while
    each username on its own stays below the limit and still signs in from elsewhere."""
    limiet = settings.AXES_FAILURE_LIMIT
    gebruikers = [GebruikerFactory() for _ in range(limiet)]
    sproeier = "192.0.2.44"
    for gebruiker in gebruikers:
        antwoord = Client().post(reverse("login"), {"username": gebruiker.username, "password": "Zomer2026!"},
                                 REMOTE_ADDR=sproeier)
    assert antwoord.status_code == 429
    # From that address even a right password of an untouched user is refused...
    nieuw = GebruikerFactory()
    antwoord = Client().post(reverse("login"), {"username": nieuw.username, "password": WACHTWOORD},
                             REMOTE_ADDR=sproeier)
    assert antwoord.status_code == 429 and "_auth_user_id" not in antwoord.wsgi_request.session
    # ...while every sprayed user signs in from its own address.
    for gebruiker in gebruikers:
        antwoord = Client().post(reverse("login"), {"username": gebruiker.username, "password": WACHTWOORD},
                                 REMOTE_ADDR="203.0.113.20")
        assert antwoord.status_code == 302, gebruiker.username


def test_wachtwoord_vergeten_maakt_bericht(client, django_capture_on_commit_callbacks):
    gebruiker = GebruikerFactory(email="bea@example.nl")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        antwoord = client.post(reverse("password_reset"), {"email": "bea@example.nl"})
    assert antwoord.status_code == 302
    bericht = Bericht.objects.get(aan="bea@example.nl")
    assert "Wachtwoord herstellen" in bericht.onderwerp
    assert gebruiker.username in bericht.tekst
    assert len(callbacks) == 1
    # Delivering the recorded message (what the Celery task does) sends it once, even when run twice.
    from inschrijving.tasks import verstuur_bericht

    verstuur_bericht.run(bericht.pk)
    verstuur_bericht.run(bericht.pk)
    assert len(mail.outbox) == 1
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.VERZONDEN
