"""In Chromium (issue 13, items 2, 4 and 6): anyone checks a receipt on the public page "Controleer een
ontvangstbevestiging" (the footer link), the genuine file is valid and one with a byte changed is not; a beheerder
registers an endpoint for webhooks and gets a Dutch message beside the field for an address the portal will not
call; a zorginkoper compares the rules of a round with its template. axe-core finds nothing on these pages."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from inschrijving.demo import demo_indienen, maak_demo
from inschrijving.models import Indiening
from inschrijving.pdf import bewaar_ontvangstbevestiging
from tests.e2e.hulp import inloggen, inloggen_zorginkoper, toegankelijkheid

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ZORGKANTOOR = "Zorgkantoor Amstelland"


def _controleer(page, pad):
    page.get_by_label("Het document (pdf)").set_input_files(str(pad))
    page.get_by_role("button", name="Controleren").click()
    uitslag = page.get_by_test_id("uitslag")
    uitslag.wait_for()
    return uitslag


def test_een_ontvangstbevestiging_controleren_zonder_in_te_loggen(nieuwe_pagina, tmp_path):
    maak_demo()
    demo_indienen()
    indiening = Indiening.objects.order_by("pk").first()
    bewaar_ontvangstbevestiging(indiening)
    with indiening.ontvangstbewijs.open("rb") as fh:
        echt = fh.read()
    (tmp_path / "ontvangstbevestiging.pdf").write_bytes(echt)
    veranderd = bytearray(echt)
    veranderd[len(veranderd) // 2] ^= 0x01
    (tmp_path / "veranderd.pdf").write_bytes(bytes(veranderd))

    page = nieuwe_pagina()
    page.goto("/")
    page.get_by_role("link", name="Controleer een ontvangstbevestiging").click()
    page.wait_for_url("**/controleer/")
    toegankelijkheid(page, alles=True)

    uitslag = _controleer(page, tmp_path / "ontvangstbevestiging.pdf")
    assert uitslag.get_attribute("data-geldig") == "ja"
    assert page.get_by_role("heading", name="Geldig", exact=True).is_visible()
    toegankelijkheid(page, alles=True)

    uitslag = _controleer(page, tmp_path / "veranderd.pdf")
    assert uitslag.get_attribute("data-geldig") == "nee"
    assert page.get_by_role("heading", name="Niet geldig").is_visible()
    assert indiening.inschrijving.zorgaanbieder.statutaire_naam not in page.content()
    toegankelijkheid(page, alles=True)

    # Not a PDF: a Dutch message beside the field, no verdict.
    (tmp_path / "notitie.pdf").write_bytes(b"gewone tekst")
    page.get_by_label("Het document (pdf)").set_input_files(str(tmp_path / "notitie.pdf"))
    page.get_by_role("button", name="Controleren").click()
    page.get_by_text("Dit is geen pdf-bestand.").wait_for()
    assert page.get_by_test_id("uitslag").count() == 0
    toegankelijkheid(page, alles=True)


def test_beheerder_registreert_een_koppeling_en_inkoper_vergelijkt_regels(nieuwe_pagina):
    maak_demo()
    page = nieuwe_pagina()
    inloggen(page, "beheerder")
    page.wait_for_url("**/account/tweede-factor/**")
    apparaat = TOTPDevice.objects.get(user__username="beheerder", name="demo")
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp(apparaat.bin_key):06d}")
    page.get_by_role("button", name="Verifiëren").click()
    page.wait_for_url("**/beheer/")  # a beheerder lands in the admin; the portal's pages are one link away
    page.get_by_role("link", name="Koppelingen").click()
    page.wait_for_url("**/zorgkantoor/koppelingen/")
    toegankelijkheid(page, alles=True)
    # An address inside the zorgkantoor's own network is refused, with the reason beside the field.
    page.get_by_label("Adres (URL)").fill("https://127.0.0.1/wlz")
    page.get_by_label("Inschrijvingen van een ronde geopend").check()
    page.get_by_role("button", name="Registreren").click()
    veld = page.get_by_label("Adres (URL)")
    assert veld.get_attribute("aria-invalid") == "true" or "is-invalid" in (veld.get_attribute("class") or "")
    assert veld.input_value() == "https://127.0.0.1/wlz"  # nothing typed is lost
    toegankelijkheid(page, alles=True)
    page.get_by_role("button", name="Uitloggen").click()

    second = nieuwe_pagina()
    inloggen_zorginkoper(second, "amstelland.inkoper1", ZORGKANTOOR)
    second.get_by_role("link", name="Regels vergelijken").first.click()
    second.wait_for_url("**/regels/vergelijken/**")
    assert second.get_by_test_id("verschillen").is_visible()
    toegankelijkheid(second, alles=True)
