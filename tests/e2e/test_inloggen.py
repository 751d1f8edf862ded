"""In headless Chromium: demo users sign in and land on the page for their role; pages pass axe-core."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from inschrijving.demo import maak_demo
from tests.e2e.hulp import inloggen as _inloggen
from tests.e2e.hulp import toegankelijkheid as _toegankelijkheid

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_aanbieder_logt_in_en_ziet_zijn_inschrijvingen(page):
    maak_demo()
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    _toegankelijkheid(page)
    _inloggen(page, "nieuwbegin.bestuurder")
    page.wait_for_url("**/aanbieder/")
    assert page.get_by_role("heading", name="GGZ Nieuw Begin B.V.").is_visible()
    assert "Zorgkantoor Amstelland" in page.content()
    _toegankelijkheid(page)


def test_demo_zorginkoper_logt_in_met_tweede_factor(page):
    maak_demo()
    _inloggen(page, "amstelland.inkoper1")
    page.wait_for_url("**/account/tweede-factor/**")
    apparaat = TOTPDevice.objects.get(user__username="amstelland.inkoper1")
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp(apparaat.bin_key):06d}")
    page.get_by_role("button", name="Verifiëren").click()
    page.wait_for_url("**/zorgkantoor/")
    assert page.get_by_role("heading", name="Beoordeling – Zorgkantoor Amstelland").is_visible()
