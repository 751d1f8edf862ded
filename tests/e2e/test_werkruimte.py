"""Issue 11 in the browser: the aanbieder sees in the voorcontrole that its KvK uittreksel names another legal entity
and that its polis is too low — read from the documents, before the deadline — and replaces the uittreksel; the
zorginkoper opens the workspace, moves between the open items with the keyboard, sees each beside the page of the
document it comes from, and decides without a reload. axe-core finds nothing on either page."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from beoordeling import pipeline
from beoordeling.models import AuditRegel, Beoordeling, Fase, Uitkomst
from inschrijving.demo import (
    TEGENSTRIJDIG,
    demo_concept_tegenstrijdig,
    demo_indienen_signaal_en_onvolledig,
    maak_demo,
    sluit_demo_ronde,
)
from inschrijving.models import Zorgkantoor
from inschrijving.voorbeeld import echt_document, geldige_gegevens
from tests.beoordeling.helpers import gesloten_rondes_openen
from tests.e2e.hulp import inloggen, inloggen_zorginkoper, melding, toegankelijkheid

pytestmark = [pytest.mark.e2e, pytest.mark.celery, pytest.mark.django_db(transaction=True)]
ZORGKANTOOR = "Zorgkantoor Amstelland"
RECHTSPERSOON = "inhoud.kvk_uittreksel.rechtspersoon"
BEDRAG = "inhoud.polisblad.bedrag"
BEVOEGDHEID = "inhoud.kvk_uittreksel.bevoegdheid"


def _kop_op_een_regel(page):
    """At 1366 px (the most common laptop width) the header is one line: the menu, the user and the logout."""
    page.set_viewport_size({"width": 1366, "height": 768})
    merk = page.locator("header .navbar-brand").bounding_box()
    uitloggen = page.get_by_role("button", name="Uitloggen").bounding_box()
    assert abs(merk["y"] + merk["height"] / 2 - (uitloggen["y"] + uitloggen["height"] / 2)) < 8, (merk, uitloggen)
    assert page.locator("header nav").bounding_box()["height"] < 70


def _bevinding(page, regel):
    return page.locator(f"li[data-regel='{regel}']")


def test_de_aanbieder_ziet_wat_de_documenten_zeggen_en_vervangt_het_uittreksel(nieuwe_pagina, celery_worker,
                                                                                 tmp_path):
    maak_demo()
    inschrijving = demo_concept_tegenstrijdig()
    page = nieuwe_pagina()
    inloggen(page, "eik.bestuurder")
    _kop_op_een_regel(page)
    page.goto(f"/aanbieder/inschrijving/{inschrijving.pk}/voorcontrole/")
    naam = _bevinding(page, RECHTSPERSOON)
    assert naam.get_attribute("data-uitkomst") == "signaal"
    assert "Stichting Eikenhof Zorg Holding" in naam.inner_text()
    assert naam.get_by_test_id("bewijs-fragment").inner_text().startswith("“Statutaire naam Stichting Eikenhof")
    polis = _bevinding(page, BEDRAG)
    assert polis.get_attribute("data-uitkomst") == "signaal" and "EUR 1.250.000,00" in polis.inner_text()
    assert "Inkoopkader Wlz 2022 §4.9" in polis.inner_text() and "002 §4.9" not in page.locator("main").inner_text()
    toegankelijkheid(page, alles=True)

    # Replaced before the deadline with the uittreksel of the organisation itself, through the upload page.
    naam.get_by_role("link", name=re.compile("^Herstellen")).click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/documenten/kvk_uittreksel/")
    gegevens = geldige_gegevens("kvk_uittreksel", inschrijving)
    pad = tmp_path / "uittreksel.pdf"
    pad.write_bytes(echt_document("kvk_uittreksel", inschrijving, gegevens))
    formulier = page.locator("form").filter(has=page.get_by_label("Bestand (PDF)"))
    formulier.get_by_label("Bestand (PDF)").set_input_files(str(pad))
    formulier.get_by_label("Afgiftedatum").fill(gegevens["afgiftedatum"].isoformat())
    formulier.get_by_label("Rechtspersoon op het document").fill(inschrijving.zorgaanbieder.statutaire_naam)
    formulier.get_by_role("button", name="Uploaden").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/")
    # The worker scans and reads it; the voorcontrole then agrees with the document.
    einde = time.monotonic() + 90
    while True:
        page.goto(f"/aanbieder/inschrijving/{inschrijving.pk}/voorcontrole/")
        if _bevinding(page, RECHTSPERSOON).get_attribute("data-uitkomst") == "voldoet":
            break
        assert time.monotonic() < einde, celery_worker.log.read_text()[-3000:]
        time.sleep(1)
    assert _bevinding(page, BEDRAG).get_attribute("data-uitkomst") == "signaal"  # the polis is still too low


def test_de_zorginkoper_werkt_de_open_punten_af_naast_het_document(nieuwe_pagina):
    ronde, _logins = maak_demo()
    zorgkantoor = Zorgkantoor.objects.get(naam=ZORGKANTOOR)
    (inschrijving,) = demo_indienen_signaal_en_onvolledig(alleen=(TEGENSTRIJDIG,))
    ronde = sluit_demo_ronde(nu=timezone.now() + timedelta(minutes=1))
    gesloten_rondes_openen()
    (pk,) = pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zorgkantoor)
    assert pipeline.stap1_volledigheid(pk) and pipeline.stap2_controle(pk)
    beoordeling = Beoordeling.objects.get(pk=pk)
    assert beoordeling.fase == Fase.CONTROLE
    signalen = set(beoordeling.resultaten.filter(uitkomst=Uitkomst.SIGNAAL).values_list("regel", flat=True))
    assert {RECHTSPERSOON, BEDRAG, "inhoud.kvk_uittreksel.kvk_nummer", BEVOEGDHEID} <= signalen

    page = nieuwe_pagina()
    inloggen_zorginkoper(page, "amstelland.inkoper1", ZORGKANTOOR)
    _kop_op_een_regel(page)
    page.goto(f"/zorgkantoor/beoordeling/{pk}/")
    werkruimte = page.get_by_test_id("werkruimte")
    samenvatting = werkruimte.get_by_test_id("open-samenvatting").inner_text()
    open_items = beoordeling.resultaten.filter(uitkomst__in=[Uitkomst.HANDMATIG, Uitkomst.SIGNAAL])
    assert f"{open_items.filter(uitkomst=Uitkomst.HANDMATIG).count()} checklistpunten" in samenvatting
    assert re.search(r"\d+ (signalen te wegen|gronden voor het gesprek)", samenvatting)
    aantal = open_items.count()
    items = werkruimte.locator("li.werkitem")
    assert items.count() == aantal
    # The werkruimte comes first: nothing of the steps before it.
    stap1 = page.get_by_test_id("stap-volledigheid")
    assert page.locator("#werkruimte").bounding_box()["y"] < stap1.bounding_box()["y"]
    toegankelijkheid(page, alles=True)

    # The keyboard: j to the next open item, k back.
    page.locator("body").press("j")
    eerste = items.nth(0).get_attribute("id")
    assert page.evaluate("document.activeElement.id") == eerste
    page.locator("body").press("j")
    assert page.evaluate("document.activeElement.id") == items.nth(1).get_attribute("id")
    page.locator("body").press("k")
    assert page.evaluate("document.activeElement.id") == eerste

    # The polis signal beside its page of the polisblad, with the snippet quoted and the rule in words.
    polis = _bevinding(werkruimte, BEDRAG)
    assert "“Aansprakelijkheid € 1.250.000 per gebeurtenis”" in polis.get_by_test_id("bewijs-fragment").inner_text()
    assert "Inkoopkader Wlz 2022 §4.9" in polis.inner_text()
    kader = polis.get_by_test_id("bewijs-document")
    assert re.search(r"/documenten/\d+/download/\?inline=1#page=1$|\?inline=1#page=1$", kader.get_attribute("src"))
    antwoord = page.request.get(kader.get_attribute("src").split("#")[0])
    assert antwoord.status == 200 and antwoord.headers["content-type"] == "application/pdf"
    assert antwoord.headers["x-frame-options"] == "SAMEORIGIN"
    assert AuditRegel.objects.filter(actie="document_bekeken", inschrijving=inschrijving).exists()

    # The signer is not in the register as the uittreksel gives it (issue 12): the zorginkoper sees who is there.
    bevoegd = _bevinding(werkruimte, BEVOEGDHEID)
    assert bevoegd.get_attribute("data-uitkomst") == "signaal"
    assert "De ondertekenaar Bea Bestuur staat niet als bestuurder" in bevoegd.inner_text()
    assert "Eikema, Evert Jan" in bevoegd.inner_text() and bevoegd.get_by_test_id("bewijs-document").count() == 1

    # A checklist item decided without a reload (htmx): the page object survives, the item leaves the open list.
    page.evaluate("window.zonderHerladen = true")
    item = werkruimte.locator("li.werkitem[data-uitkomst=handmatig]").first
    resultaat = item.get_attribute("id")
    titel = item.get_by_role("heading").inner_text().strip()
    item.get_by_label("Voldoet", exact=True).check()
    item.get_by_label("Toelichting").fill("Gecontroleerd naast het document.")
    item.get_by_role("button", name=re.compile("^Vastleggen")).click()
    page.wait_for_selector(f"#{resultaat}[data-uitkomst=voldoet]", state="attached")
    assert page.evaluate("window.zonderHerladen") is True
    melding(page, f"Vastgelegd: {titel}.")
    assert page.locator(f"#werkruimte #{resultaat}").count() == 0
    assert werkruimte.locator("li.werkitem").count() == aantal - 1 == open_items.count()
