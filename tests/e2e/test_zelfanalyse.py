"""In headless Chromium: a GGZ aanbieder fills in the zelfanalyse for one quality theme and the voorcontrole
(the one evaluator) names the themes still to do. The page passes axe-core."""

import pytest

from inschrijving.demo import maak_demo
from inschrijving.models import OntwikkelplanVoorstel, Zelfanalyse
from inschrijving.voorbeeld import vul_plan
from kwaliteit.catalogus import laad_catalogus
from kwaliteit.models import Item, Kader, Thema
from tests.e2e.test_inschrijving_journey import (
    NIEUW_BEGIN,
    _inloggen,
    _inschrijving_starten,
    _melding,
    _toegankelijkheid,
    _unieke_ids,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ggz_aanbieder_vult_zelfanalyse_in_en_ziet_de_overige_themas(page):
    ronde, _logins = maak_demo()
    laad_catalogus(Kader, Thema, Item)  # a transactional test before this one may have emptied the catalogue
    ronde.regelset.zelfanalyse_vereist = True
    ronde.regelset.save()
    _inloggen(page, "nieuwbegin.bestuurder")
    inschrijving = _inschrijving_starten(page, NIEUW_BEGIN)
    vul_plan(inschrijving, sector="ggz")  # the plan form itself is covered by the inschrijving journey

    # On the overview the zelfanalyse is marked as required.
    page.reload()
    assert page.get_by_test_id("zelfanalyse-vereist").is_visible()
    page.get_by_role("link", name="Invullen zelfanalyse kwaliteit").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/zelfanalyse/")
    assert page.get_by_role("heading", name="Zelfanalyse kwaliteit en voorstel ontwikkelplan").is_visible()

    # GGZ from the plan, GGZ as the dominant sector: the GGZ kwaliteitsuitgangspunten lead.
    assert page.get_by_label("Geestelijke gezondheidszorg (GGZ)", exact=True).first.is_checked()
    page.get_by_label("Dominante sector").select_option("ggz")
    page.get_by_role("button", name="Kader opslaan").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/zelfanalyse/#kader")
    _melding(page, "Het kwaliteitskader is opgeslagen.")
    kader = page.locator("[data-kader='ggz-wlz']")
    assert kader.get_by_role("heading", name=Kader.objects.get(code="ggz-wlz").naam).is_visible()
    client_thema = Thema.objects.get(kader__code="ggz-wlz", code="client")
    thema = page.locator("[data-thema='ggz-wlz/client']")
    assert thema.get_by_role("heading", name="Cliënt").is_visible()
    assert thema.get_by_text(client_thema.bron, exact=False).first.is_visible()
    _unieke_ids(page)
    _toegankelijkheid(page)

    # The five elements for the theme Cliënt.
    thema.get_by_label("Huidige invulling en implementatie van beleid").fill("Samen beslissen is ingevoerd")
    thema.get_by_label("Sterktes en ontwikkelpunten").fill("Sterk: herstelgericht; ontwikkelpunt: naasten")
    thema.get_by_label("Ervaring van de cliënt(vertegenwoordiging)").fill("De cliëntenraad is positief")
    thema.get_by_label("Niveau van de analyse").select_option("locatie")
    thema.get_by_label("Toelichting op het niveau").fill("Locatie Noord loopt achter")
    thema.get_by_label("Onderliggende gegevens").fill("CQ-index 2024")
    thema.get_by_role("button", name="Opslaan zelfanalyse Cliënt").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/zelfanalyse/#thema-ggz-wlz-client")
    _melding(page, "De zelfanalyse voor Cliënt is opgeslagen.")
    opgeslagen = Zelfanalyse.objects.get(inschrijving=inschrijving, thema=client_thema)
    assert (opgeslagen.niveau, opgeslagen.gegevens) == ("locatie", "CQ-index 2024")

    # A proposal for the ontwikkelplan.
    nieuw = page.locator("form").filter(has=page.get_by_role("button", name="Voorstel toevoegen"))
    nieuw.get_by_label("Thema").select_option(label=f"Cliënt – {client_thema.kader.naam}")
    nieuw.get_by_label("Cliëntgericht doel").fill("Elke cliënt heeft een herstelplan")
    nieuw.get_by_label("Globale aanpak").fill("Per team een herstelcoach")
    nieuw.get_by_role("button", name="Voorstel toevoegen").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/zelfanalyse/#ontwikkelplan")
    _melding(page, "Het voorstel voor het ontwikkelplan is opgeslagen.")
    assert OntwikkelplanVoorstel.objects.get(inschrijving=inschrijving).thema == client_thema
    _toegankelijkheid(page)

    # The voorcontrole names the four themes still to do, not Cliënt.
    page.get_by_role("link", name="Bekijk de voorcontrole").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/voorcontrole/")
    regel = page.locator("[data-regel='kwaliteit.zelfanalyse'][data-uitkomst=voldoet_niet]")
    assert regel.is_visible()
    tekst = regel.inner_text()
    for naam in ("Organisatie", "Personeel", "Gebouwen en inrichting", "Leren en verbeteren"):
        assert f"{naam} (" in tekst, tekst
    assert "Cliënt (" not in tekst and "Inkoopkader Langdurige Zorg 2016 §2.2.3" in tekst  # the source in words
    regel.get_by_role("link", name="Herstellen").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/zelfanalyse/")
