"""Accounts under attack: every password typed counts towards the lockout, the client's address behind nginx, rate
limits, reset links that exist only in the mail sent, and recovery codes for the second factor.

Rate-limit counters live in the test Redis for the whole run: each test uses its own addresses and accounts, and a
rate per day (a window per day, which a test does not cross by accident).
"""

import re
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice

from inschrijving import berichten
from inschrijving.models import Bericht, Document, Indiening, Vraag
from inschrijving.tasks import verstuur_bericht
from tests.beoordeling.test_besluit import NA, Geval, _reis
from tests.factories import WACHTWOORD, GebruikerFactory, InkooprondeFactory, ZorgkantoorFactory
from tests.inschrijving.maak import nieuwe_inschrijving, pdf_upload
from tests.inschrijving.test_indienen import SLUITING, klaar  # noqa: F401 (a fixture)
from wlzportal.beveiliging import klant_ip

pytestmark = pytest.mark.django_db

GEBLOKKEERD = "Uw account is tijdelijk geblokkeerd"


def _inloggen(gebruiker, wachtwoord=WACHTWOORD, **extra):
    """A login from a fresh browser; REMOTE_ADDR and X-Forwarded-For as given."""
    return Client().post(reverse("login"), {"username": gebruiker.username, "password": wachtwoord}, **extra)


# --- signing and accepting count in the lockout -----------------------------------------------------------------

def test_fout_wachtwoord_bij_ondertekenen_telt_mee_en_blokkeert_ook_het_inloggen(client, klaar):  # noqa: F811
    inschrijving, bestuurder = klaar
    limiet = settings.AXES_FAILURE_LIMIT
    url = reverse("inschrijving:indienen", args=[inschrijving.pk])
    with time_machine.travel(SLUITING - timedelta(hours=1), tick=False):
        client.force_login(bestuurder)

        def ondertekenen(wachtwoord):
            return client.post(url, {"wachtwoord": wachtwoord, "verklaring_juist": "on"}, REMOTE_ADDR="192.0.2.61")

        for _ in range(limiet - 1):
            html = ondertekenen("Fout-wachtwoord-1").content.decode()
            assert "Het wachtwoord klopt niet" in html and GEBLOKKEERD not in html
        antwoord = ondertekenen("Fout-wachtwoord-1")  # the limit-th failure locks the username
        html = antwoord.content.decode()
        assert antwoord.status_code == 200 and GEBLOKKEERD in html  # beside the field, not axes' own page
        assert re.search(r'name="verklaring_juist"[^>]*checked', html)  # what was ticked stays ticked
        assert GEBLOKKEERD in ondertekenen(WACHTWOORD).content.decode()  # now even the right password is refused
        assert not Indiening.objects.exists()
        # Locked for the login as well, from any other address.
        antwoord = _inloggen(bestuurder, REMOTE_ADDR="203.0.113.61")
        assert antwoord.status_code == 429 and "_auth_user_id" not in antwoord.wsgi_request.session
    # Counted through authenticate(): axes recorded the failures, without the password typed.
    pogingen = AccessAttempt.objects.filter(username=bestuurder.username)
    assert sum(p.failures_since_start for p in pogingen) >= limiet
    ondertekend = pogingen.get(ip_address="192.0.2.61")
    assert ondertekend.path_info == url and "wachtwoord=****" in ondertekend.post_data
    assert not any("Fout-wachtwoord-1" in p.post_data or WACHTWOORD in p.post_data for p in pogingen)


def test_fout_wachtwoord_bij_accepteren_telt_mee_en_blokkeert_ook_het_inloggen(
        client, django_capture_on_commit_callbacks):
    g = Geval("2")
    besluit = g.besloten(django_capture_on_commit_callbacks)
    client.force_login(g.bestuurder)
    limiet = settings.AXES_FAILURE_LIMIT
    url = reverse("beoordeling:aanbod_reageren", args=[g.inschrijving.pk])

    def reageren(wachtwoord):
        return client.post(url, {"keuze": "accepteren", "bevestiging": "on", "wachtwoord": wachtwoord},
                           REMOTE_ADDR="192.0.2.62")

    with _reis(NA):
        for _ in range(limiet - 1):
            html = reageren("Fout-wachtwoord-2").content.decode()
            assert "Het wachtwoord klopt niet. Uw keuze is niet vastgelegd." in html and GEBLOKKEERD not in html
        assert GEBLOKKEERD in reageren("Fout-wachtwoord-2").content.decode()
        antwoord = reageren(WACHTWOORD)  # the right password
        assert antwoord.status_code == 200 and GEBLOKKEERD in antwoord.content.decode()
        assert re.search(r'value="accepteren"[^>]*checked', antwoord.content.decode())  # the choice is kept
        assert _inloggen(g.bestuurder, REMOTE_ADDR="203.0.113.62").status_code == 429
    besluit.refresh_from_db()
    assert not besluit.reactie


def test_ondertekenen_met_juist_wachtwoord_na_een_fout_lukt(client, klaar):  # noqa: F811
    """Below the limit the right password still signs: the check counts failures, it does not refuse all."""
    inschrijving, bestuurder = klaar
    url = reverse("inschrijving:indienen", args=[inschrijving.pk])
    with time_machine.travel(SLUITING - timedelta(hours=1), tick=False):
        client.force_login(bestuurder)
        client.post(url, {"wachtwoord": "fout", "verklaring_juist": "on"}, REMOTE_ADDR="192.0.2.63")
        antwoord = client.post(url, {"wachtwoord": WACHTWOORD, "verklaring_juist": "on"}, REMOTE_ADDR="192.0.2.63")
    assert antwoord.status_code == 302 and Indiening.objects.count() == 1


# --- the client's address -----------------------------------------------------------------------------------------

def test_x_forwarded_for_telt_alleen_achter_de_proxy(settings):
    verzoek = RequestFactory().get("/", REMOTE_ADDR="172.18.0.4", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.70")
    settings.WLZ_ACHTER_PROXY = False
    assert klant_ip(verzoek) == "172.18.0.4"  # a client connecting directly writes what it likes there
    settings.WLZ_ACHTER_PROXY = True
    assert klant_ip(verzoek) == "198.51.100.70"  # the hop nginx wrote, not what the client sent before it
    assert klant_ip(RequestFactory().get("/", REMOTE_ADDR="172.18.0.4", HTTP_X_FORWARDED_FOR="geen-adres")) \
        == "172.18.0.4"


def test_lockout_per_adres_achter_de_proxy_en_niet_te_ontlopen_zonder(settings):
    """Behind nginx every request has nginx's address: spraying from one client must lock that client, not
    everyone. Without the proxy setting a made-up X-Forwarded-For must not help a sprayer escape its own address."""
    limiet = settings.AXES_FAILURE_LIMIT
    settings.WLZ_ACHTER_PROXY = True
    nginx = {"REMOTE_ADDR": "172.18.0.5"}
    for gebruiker in [GebruikerFactory() for _ in range(limiet)]:
        antwoord = _inloggen(gebruiker, "Zomer2026!", HTTP_X_FORWARDED_FOR="198.51.100.71", **nginx)
    assert antwoord.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.71"}
    # Another client through the same nginx signs in.
    assert _inloggen(GebruikerFactory(), HTTP_X_FORWARDED_FOR="198.51.100.72", **nginx).status_code == 302

    settings.WLZ_ACHTER_PROXY = False
    for nummer, gebruiker in enumerate([GebruikerFactory() for _ in range(limiet)]):
        antwoord = _inloggen(gebruiker, "Zomer2026!", REMOTE_ADDR="192.0.2.73",
                             HTTP_X_FORWARDED_FOR=f"10.9.9.{nummer}")
    assert antwoord.status_code == 429
    antwoord = _inloggen(GebruikerFactory(), REMOTE_ADDR="192.0.2.73", HTTP_X_FORWARDED_FOR="10.9.9.99")
    assert antwoord.status_code == 429


# --- rate limits --------------------------------------------------------------------------------------------------

def test_wachtwoord_herstel_beperkt_per_adres_en_per_ip_zonder_te_verraden_of_het_adres_bestaat(client, settings):
    settings.WLZ_LIMIET_WACHTWOORD_ADRES = "2/d"
    settings.WLZ_LIMIET_WACHTWOORD_IP = "4/d"
    bestaand = GebruikerFactory(email="herstel.limiet@example.nl")
    url = reverse("password_reset")

    def vraag(email, ip):
        return client.post(url, {"email": email}, REMOTE_ADDR=ip)

    for ip in ("198.51.100.81", "198.51.100.82"):
        assert vraag("Herstel.Limiet@example.nl ", ip).status_code == 302
    antwoord = vraag("herstel.limiet@example.nl", "198.51.100.83")  # a third address: the e-mail is at its limit
    html = antwoord.content.decode()
    assert antwoord.status_code == 429
    assert "te vaak om een nieuw wachtwoord gevraagd" in html and "Er is geen e-mail verstuurd" in html
    assert 'value="herstel.limiet@example.nl"' in html  # the address typed stays in the form
    assert Bericht.objects.filter(aan=bestaand.email).count() == 2
    # An address without an account is limited the same way, with the same answer.
    for ip in ("198.51.100.84", "198.51.100.85"):
        assert vraag("niemand.limiet@example.nl", ip).status_code == 302
    onbekend = vraag("niemand.limiet@example.nl", "198.51.100.86")
    assert onbekend.status_code == 429 and "te vaak om een nieuw wachtwoord gevraagd" in onbekend.content.decode()
    assert not Bericht.objects.filter(aan="niemand.limiet@example.nl").exists()
    # Per client address: new addresses each time, from one IP.
    for nummer in range(4):
        assert vraag(f"ip.limiet{nummer}@example.nl", "198.51.100.87").status_code == 302
    assert vraag("ip.limiet9@example.nl", "198.51.100.87").status_code == 429
    assert vraag("ip.limiet9@example.nl", "198.51.100.88").status_code == 302


@pytest.fixture
def nvi_ronde():
    zk = ZorgkantoorFactory()
    sluiting = timezone.now() + timedelta(days=60)
    return InkooprondeFactory(sluiting=sluiting, vragen_tot=sluiting - timedelta(days=30), zorgkantoren=[zk])


def test_nvi_vragen_beperkt_per_gebruiker_en_per_organisatie(client, settings, nvi_ronde):
    settings.WLZ_LIMIET_NVI_GEBRUIKER = "2/d"
    settings.WLZ_LIMIET_NVI_ORGANISATIE = "3/d"
    eerste = GebruikerFactory()
    collega = GebruikerFactory(zorgaanbieder=eerste.zorgaanbieder)
    url = reverse("inschrijving:nvi", kwargs={"ronde_pk": nvi_ronde.pk})

    def vraag(gebruiker, tekst):
        client.force_login(gebruiker)
        return client.post(url, {"paragraaf": "4.2", "tekst": tekst})

    assert vraag(eerste, "Vraag een").status_code == 302
    assert vraag(eerste, "Vraag twee").status_code == 302
    antwoord = vraag(eerste, "Vraag drie, die bewaard moet blijven")
    html = antwoord.content.decode()
    assert antwoord.status_code == 429 and "veel vragen gesteld" in html and "Deze vraag is niet verstuurd" in html
    assert "Vraag drie, die bewaard moet blijven" in html  # the text typed is still in the form
    assert vraag(collega, "Vraag van de collega").status_code == 302  # the organisation's third
    assert vraag(collega, "Nog een van de collega").status_code == 429  # the organisation's limit
    assert Vraag.objects.count() == 3
    # Another organisation is not affected.
    assert vraag(GebruikerFactory(), "Andere organisatie").status_code == 302


def test_uploads_beperkt_per_gebruiker(client, settings):
    settings.WLZ_LIMIET_UPLOAD = "1/d"
    inschrijving, bestuurder = nieuwe_inschrijving("3")
    client.force_login(bestuurder)
    url = reverse("inschrijving:document", args=[inschrijving.pk, "wtzi_toelating"])
    naam = inschrijving.zorgaanbieder.statutaire_naam
    assert client.post(url, {"bestand": pdf_upload("wtzi.pdf"), "rechtspersoon": naam}).status_code == 302
    antwoord = client.post(url, {"bestand": pdf_upload("wtzi-2.pdf"), "rechtspersoon": "Zoals Getypt B.V."})
    html = antwoord.content.decode()
    assert antwoord.status_code == 429
    assert "veel documenten geüpload" in html and "Dit bestand is niet opgeslagen" in html
    assert 'value="Zoals Getypt B.V."' in html  # the details typed are kept
    assert Document.objects.filter(inschrijving=inschrijving).count() == 1
    # Another user of the same organisation uploads on.
    collega = GebruikerFactory(tekenbevoegd=True, zorgaanbieder=bestuurder.zorgaanbieder)
    client.force_login(collega)
    assert client.post(url, {"bestand": pdf_upload("wtzi-3.pdf"), "rechtspersoon": naam}).status_code == 302
    assert Document.objects.filter(inschrijving=inschrijving).count() == 2


# --- reset links ------------------------------------------------------------------------------------------------

def _herstel_aanvragen(client, django_capture_on_commit_callbacks, email):
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR="198.51.100.90").status_code \
            == 302
    return Bericht.objects.get(aan=email)


def _link(bericht_mail) -> str:
    gevonden = re.search(r"https?://\S+(/account/wachtwoord-herstellen/[^/\s]+/[^/\s]+/)", bericht_mail.body)
    assert gevonden, bericht_mail.body
    return gevonden.group(1)


def _nieuw_wachtwoord_via(link, gebruiker) -> None:
    browser = Client()
    antwoord = browser.get(link)
    assert antwoord.status_code == 302  # Django moves the token out of the URL into the session
    antwoord = browser.post(antwoord.url, {"new_password1": "Nieuw-Lang-Wachtwoord-42",
                                           "new_password2": "Nieuw-Lang-Wachtwoord-42"})
    assert antwoord.status_code == 302 and antwoord.url == reverse("password_reset_complete")
    gebruiker.refresh_from_db()
    assert gebruiker.check_password("Nieuw-Lang-Wachtwoord-42")


def test_herstellink_alleen_in_de_verzonden_mail_niet_in_bericht_of_beheer(client, login,
                                                                          django_capture_on_commit_callbacks):
    gebruiker = GebruikerFactory(email="link.bewaard@example.nl")
    bericht = _herstel_aanvragen(client, django_capture_on_commit_callbacks, gebruiker.email)
    assert berichten.HERSTELLINK in bericht.tekst and "/account/wachtwoord-herstellen/" not in bericht.tekst
    verstuur_bericht.run(bericht.pk)
    (verzonden,) = mail.outbox
    link = _link(verzonden)
    assert verzonden.body.startswith(bericht.tekst.split(berichten.HERSTELLINK)[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    bericht.refresh_from_db()
    assert token not in bericht.tekst and bericht.status == Bericht.Status.VERZONDEN
    # Nor in the admin's page of the message.
    login(client, GebruikerFactory(beheerder=True, is_superuser=True))
    beheer = client.get(reverse("admin:inschrijving_bericht_change", args=[bericht.pk])).content.decode()
    assert berichten.HERSTELLINK in beheer and token not in beheer and "/account/wachtwoord-herstellen/" not in beheer
    _nieuw_wachtwoord_via(link, gebruiker)  # and the link in the mail works


def test_herstelmail_na_mislukte_poging_nog_een_werkende_link(client, django_capture_on_commit_callbacks):
    gebruiker = GebruikerFactory(email="link.opnieuw@example.nl")
    bericht = _herstel_aanvragen(client, django_capture_on_commit_callbacks, gebruiker.email)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("weg")), \
            pytest.raises(smtplib.SMTPServerDisconnected):
        verstuur_bericht.run(bericht.pk)  # Celery would retry this; run directly it raises
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.MISLUKT and not mail.outbox
    verstuur_bericht.run(bericht.pk)  # the retry
    _nieuw_wachtwoord_via(_link(mail.outbox[0]), gebruiker)


def test_oude_bewaarde_herstellink_in_beheer_onleesbaar(client, login):
    bericht = Bericht.objects.create(aan="oud@example.nl", onderwerp="Wachtwoord herstellen", tekst=(
        "Via deze link:\n\nhttp://127.0.0.1:8000/account/wachtwoord-herstellen/MTIz/cq9v2k-0123456789abcdef0123/\n"))
    login(client, GebruikerFactory(beheerder=True, is_superuser=True))
    beheer = client.get(reverse("admin:inschrijving_bericht_change", args=[bericht.pk])).content.decode()
    assert "Via deze link" in beheer and "/account/wachtwoord-herstellen/[verwijderd]/" in beheer
    assert "cq9v2k-0123456789abcdef0123" not in beheer and "MTIz" not in beheer


# --- recovery codes -----------------------------------------------------------------------------------------------

def _code(apparaat):
    return f"{totp(apparaat.bin_key, step=apparaat.step, digits=apparaat.digits):06d}"


def _met_wachtwoord(gebruiker) -> Client:
    browser = Client()
    assert browser.post(reverse("login"), {"username": gebruiker.username, "password": WACHTWOORD},
                        REMOTE_ADDR="198.51.100.95").status_code == 302
    return browser


def test_herstelcode_werkt_een_keer():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    inkoper = GebruikerFactory(inkoper=True)
    browser = _met_wachtwoord(inkoper)
    browser.get(reverse("tweefactor_instellen"))
    apparaat = TOTPDevice.objects.get(user=inkoper)
    html = browser.post(reverse("tweefactor_instellen"), {"code": _code(apparaat)}).content.decode()
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", html)
    assert len(codes) == 10 and len(set(codes)) == 10  # shown once, at the confirmation

    browser = _met_wachtwoord(inkoper)
    verifieren = browser.get(reverse("tweefactor_verifieren") + "?next=/zorgkantoor/").content.decode()
    assert "Geen toegang tot uw app? Gebruik een herstelcode" in verifieren
    antwoord = browser.post(reverse("tweefactor_herstelcode"), {"code": codes[0].upper(), "next": "/zorgkantoor/"})
    assert antwoord.status_code == 302 and antwoord.url.startswith(reverse("tweefactor_herstelcodes"))
    overzicht = browser.get(antwoord.url).content.decode()
    assert "U heeft nog 9 ongebruikte herstelcodes" in overzicht and 'href="/zorgkantoor/"' in overzicht
    assert browser.get("/zorgkantoor/").status_code == 200

    browser = _met_wachtwoord(inkoper)
    antwoord = browser.post(reverse("tweefactor_herstelcode"), {"code": codes[0]})
    assert antwoord.status_code == 200 and "Deze herstelcode klopt niet of is al gebruikt" in antwoord.content.decode()
    assert browser.get("/zorgkantoor/").url.startswith(reverse("tweefactor_verifieren"))  # still not in


def test_nieuwe_herstelcodes_vervangen_de_oude(login, client):
    inkoper = GebruikerFactory(inkoper=True)
    login(client, inkoper)
    html = client.post(reverse("tweefactor_herstelcodes")).content.decode()
    oud = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", html)
    assert len(oud) == 10
    nieuw = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>",
                       client.post(reverse("tweefactor_herstelcodes")).content.decode())
    assert len(nieuw) == 10 and not set(oud) & set(nieuw)
    assert "U heeft nog 10 ongebruikte herstelcodes" in client.get(reverse("tweefactor_herstelcodes")).content.decode()
    browser = _met_wachtwoord(inkoper)
    assert "klopt niet" in browser.post(reverse("tweefactor_herstelcode"), {"code": oud[0]}).content.decode()
    StaticDevice.objects.filter(user=inkoper).update(throttling_failure_count=0)  # django-otp slows guessing down
    assert browser.post(reverse("tweefactor_herstelcode"), {"code": nieuw[0]}).status_code == 302


def test_herstelcodes_pagina_pas_na_de_tweede_factor(client, settings):
    inkoper = GebruikerFactory(inkoper=True)
    browser = _met_wachtwoord(inkoper)
    antwoord = browser.post(reverse("tweefactor_herstelcodes"))
    assert antwoord.status_code == 302 and "tweede-factor" in antwoord.url
    assert not StaticDevice.objects.filter(user=inkoper).exists()
    settings.TWEEDE_FACTOR_AANBIEDERS = False  # an aanbieder without a second factor (eHerkenning installations)
    aanbieder = GebruikerFactory()
    client.force_login(aanbieder)
    assert client.get(reverse("tweefactor_herstelcodes")).status_code == 404


def test_telefoon_kwijt_herstelcode_dan_nieuwe_app_en_nieuwe_codes():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wlzportal.accounts import herstelcodes_maken

    inkoper = GebruikerFactory(inkoper=True)
    oude_app = TOTPDevice.objects.create(user=inkoper, name="oude telefoon", confirmed=True)
    codes = herstelcodes_maken(inkoper)
    browser = _met_wachtwoord(inkoper)
    assert browser.post(reverse("tweefactor_herstelcode"), {"code": codes[0]}).status_code == 302
    antwoord = browser.post(reverse("tweefactor_app_vervangen"))
    assert antwoord.url.startswith(reverse("tweefactor_instellen"))
    assert not TOTPDevice.objects.filter(pk=oude_app.pk).exists()  # the lost phone's codes stop working
    browser.get(antwoord.url)
    nieuwe_app = TOTPDevice.objects.get(user=inkoper, confirmed=False)
    html = browser.post(antwoord.url, {"code": _code(nieuwe_app)}).content.decode()
    nieuwe_codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", html)
    assert len(nieuwe_codes) == 10 and not set(codes) & set(nieuwe_codes)
    assert browser.get("/zorgkantoor/").status_code == 200


def test_nieuwe_app_koppelen_pas_na_de_tweede_factor():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    inkoper = GebruikerFactory(inkoper=True)
    TOTPDevice.objects.create(user=inkoper, name="app", confirmed=True)
    browser = _met_wachtwoord(inkoper)  # the password alone
    antwoord = browser.post(reverse("tweefactor_app_vervangen"))
    assert antwoord.status_code == 302 and antwoord.url.startswith(reverse("tweefactor_verifieren"))
    assert TOTPDevice.objects.filter(user=inkoper, confirmed=True).exists()
