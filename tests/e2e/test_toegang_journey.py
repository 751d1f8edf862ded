"""A provider's first hour, in Chromium (issue 12): with eHerkenning at the tests' own identity provider, and without
it, by registering. Every step through the pages a person uses; axe-core finds nothing on the new pages."""

import re

import pytest
from django_otp.oath import TOTP

from inschrijving import berichten
from inschrijving.models import Bericht, Document, Gebruiker, Indiening, Rol, Zorgaanbieder
from tests.e2e.hulp import toegankelijkheid
from tests.factories import GebruikerFactory
from tests.inschrijving.maak import nieuwe_inschrijving, volledige_inschrijving
from tests.toegang.kvk_server import Organisatie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _link_in_mail(aan: str, live_server) -> str:
    """The link in the latest mail to ``aan`` as it leaves (the suite's Celery worker may have sent it already), on
    the live server's address."""
    bericht = Bericht.objects.filter(aan=aan).latest("pk")
    link = re.search(r"https?://\S+", berichten.tekst_bij_verzenden(bericht))[0]
    return re.sub(r"^https?://[^/]+", live_server.url, link)


def _tweede_factor_instellen(page):
    """The authenticator app: the secret the page shows, its current code typed back."""
    page.wait_for_url("**/account/tweede-factor/instellen/**")
    geheim = page.get_by_test_id("totp-geheim").inner_text()
    import base64

    totp = TOTP(base64.b32decode(geheim))
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_text("Dit zijn uw nieuwe herstelcodes").wait_for()
    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()


def test_eherkenning_eerste_login_organisatie_uit_de_kvk_collega_uitgenodigd_die_uploadt(
        nieuwe_pagina, idp, nep_kvk, live_server, tmp_path):
    nep_kvk.voeg_toe(Organisatie("41234567", "Stichting Zorggroep De Linde", plaats="Utrecht"))
    idp.account("linde", **{"urn:etoegang:core:LegalSubjectID": "41234567",
                            "urn:etoegang:core:ActingSubjectID": "pseudo-lotte",
                            "urn:etoegang:core:LevelOfAssurance": "urn:etoegang:core:assurance-class:loa3",
                            "given_name": "Lotte", "family_name": "de Linde"})
    page = nieuwe_pagina()
    page.goto("/")
    toegankelijkheid(page)
    page.get_by_test_id("eherkenning").click()
    # At the broker: log in (the test IdP's own screen).
    page.locator("input[name=login]").fill("linde")
    page.locator("input[name=password]").fill("eh3-middel")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/aanbieder/")
    assert page.get_by_role("heading", name="Stichting Zorggroep De Linde").is_visible()
    za = Zorgaanbieder.objects.get(kvk_nummer="41234567")
    assert za.plaats == "Utrecht"

    # Invite a colleague.
    page.get_by_role("link", name="Mijn organisatie").click()
    page.wait_for_url("**/aanbieder/organisatie/")
    toegankelijkheid(page, alles=True)
    page.get_by_label("Voornaam").fill("Sam")
    page.get_by_label("Achternaam").fill("Collega")
    page.get_by_label("E-mailadres").fill("sam@delinde.example")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.get_by_role("status").filter(has_text="sam@delinde.example is uitgenodigd").wait_for()

    # The colleague, at another computer: accepts, sets a second factor, uploads a document.
    inschrijving, _b = nieuwe_inschrijving("3", bestuurder=Gebruiker.objects.get(zorgaanbieder=za))
    collega = nieuwe_pagina()
    collega.goto(_link_in_mail("sam@delinde.example", live_server))
    toegankelijkheid(collega, alles=True)
    collega.locator("input[name=new_password1]").fill("Sam-Collega-Wachtwoord-7")
    collega.locator("input[name=new_password2]").fill("Sam-Collega-Wachtwoord-7")
    collega.get_by_role("button", name="Account aanmaken").click()
    _tweede_factor_instellen(collega)
    collega.goto(f"/aanbieder/inschrijving/{inschrijving.pk}/")
    collega.get_by_role("link", name="Uploaden Statuten").click()
    pdf = tmp_path / "statuten.pdf"
    from tests.pdfs import maak_pdf

    pdf.write_bytes(maak_pdf("Statuten Stichting Zorggroep De Linde"))
    collega.get_by_label("Bestand (PDF)").set_input_files(pdf)
    collega.get_by_role("button", name="Uploaden").click()
    collega.wait_for_url(f"**/inschrijving/{inschrijving.pk}/")
    sam = Gebruiker.objects.get(username="sam@delinde.example")
    assert sam.rol == Rol.MEDEWERKER and Document.objects.filter(inschrijving=inschrijving, geupload_door=sam,
                                                                 documenttype__code="statuten").exists()


def test_zonder_eherkenning_aanmelden_goedgekeurd_tweede_factor_en_indienen(nieuwe_pagina, live_server, login):
    beheerder = GebruikerFactory(beheerder=True, first_name="Bram", last_name="Beheer")
    aanbieder = nieuwe_pagina()
    aanbieder.goto("/")
    aanbieder.get_by_role("link", name="Meld uw organisatie aan").click()
    toegankelijkheid(aanbieder, alles=True)
    aanbieder.get_by_label("KvK-nummer").fill("41234568")
    aanbieder.get_by_label("Statutaire naam").fill("Stichting Nieuwe Wending")
    aanbieder.get_by_label("Rechtsvorm").select_option("stichting")
    aanbieder.get_by_label("Straat en huisnummer").fill("Wendingweg 3")
    aanbieder.get_by_label("Postcode").fill("3511 AB")
    aanbieder.get_by_label("Plaats").fill("Utrecht")
    aanbieder.get_by_label("Voornaam").fill("Wim")
    aanbieder.get_by_label("Achternaam").fill("Wending")
    aanbieder.get_by_label("Functie").fill("bestuurder")
    aanbieder.get_by_label("E-mailadres").fill("wim@wending.example")
    aanbieder.get_by_role("button", name="Aanmelden").click()
    aanbieder.get_by_test_id("aangemeld").wait_for()
    aanbieder.goto(_link_in_mail("wim@wending.example", live_server))
    aanbieder.get_by_role("button", name="Bevestigen").click()
    aanbieder.get_by_test_id("bevestigd").wait_for()

    # The beheerder approves (signed in with its second factor).
    staf = nieuwe_pagina()
    from django.test import Client

    sessie = login(Client(), beheerder)
    staf.context.add_cookies([{"name": "sessionid", "value": sessie.cookies["sessionid"].value,
                               "url": live_server.url}])
    staf.goto("/zorgkantoor/aanmeldingen/")
    toegankelijkheid(staf, alles=True)
    staf.get_by_role("link", name="Stichting Nieuwe Wending").click()
    toegankelijkheid(staf, alles=True)
    staf.get_by_role("button", name="Goedkeuren en account maken").click()
    staf.get_by_role("status").filter(has_text="is toegelaten").wait_for()

    # Wim sets his password through the welcome mail, logs in, sets up his second factor and submits.
    aanbieder.goto(_link_in_mail("wim@wending.example", live_server))
    aanbieder.locator("input[name=new_password1]").fill("Wim-Wending-Wachtwoord-9")
    aanbieder.locator("input[name=new_password2]").fill("Wim-Wending-Wachtwoord-9")
    aanbieder.get_by_role("button", name="Wachtwoord opslaan").click()
    aanbieder.goto("/account/inloggen/")
    aanbieder.get_by_label("Gebruikersnaam").fill("wim@wending.example")
    aanbieder.get_by_label("Wachtwoord").fill("Wim-Wending-Wachtwoord-9")
    aanbieder.get_by_role("button", name="Inloggen").click()
    _tweede_factor_instellen(aanbieder)
    wim = Gebruiker.objects.get(username="wim@wending.example")
    assert wim.rol == Rol.TEKENBEVOEGDE
    inschrijving, _b = volledige_inschrijving("3", bestuurder=wim)  # filled in (the inschrijving journey does it)
    aanbieder.goto(f"/aanbieder/inschrijving/{inschrijving.pk}/indienen/")
    assert aanbieder.get_by_test_id("wachtwoord-recent").is_visible()
    aanbieder.get_by_label("Ik verklaar dat de inschrijving naar waarheid is ingevuld").check()
    onderteken = aanbieder.get_by_label("Ik wil indienen ondanks de punten uit de voorcontrole.")
    if onderteken.count():
        onderteken.check()
    aanbieder.get_by_role("button", name="Ondertekenen en indienen").click()
    aanbieder.wait_for_url(f"**/inschrijving/{inschrijving.pk}/ingediend/1/")
    assert Indiening.objects.filter(inschrijving=inschrijving, ingediend_door=wim).exists()
