"""In headless Chromium: the zorginkoper opens the gesprek agenda of a type-3 GGZ aanbieder with a zelfanalyse,
sees 000's question beside the analysis, records a finding for one theme, and the page passes axe-core.

Set-up in Python (as in test_beoordeling_journey): the demo, one submission with a zelfanalyse, the round closed,
steps 1 and 2, the checklist and the invitation; the browser then runs on the real clock.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from beoordeling import gesprek as diensten
from beoordeling import pipeline
from beoordeling.models import Beoordeling, Fase, Gesprek, Uitkomst
from beoordeling.services import controle_afronden, resultaat_vastleggen
from inschrijving import kwaliteit_diensten, services
from inschrijving.demo import DEMO_WACHTWOORD, maak_demo, sluit_demo_ronde
from inschrijving.models import Gebruiker, Inschrijving, Zorgkantoor
from inschrijving.voorbeeld import vul_alles
from kwaliteit.models import Thema
from tests.beoordeling.helpers import gesloten_rondes_openen
from tests.e2e.test_beoordeling_journey import (
    ZORGKANTOOR,
    _inloggen_zorginkoper,
    _melding,
    _toegankelijkheid,
    _unieke_ids,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
VRAAG = "Hoe zorgt de zorgaanbieder dat deze voldoet aan de kwaliteitsuitgangspunten GGZ Wlz?"


def _gesprek_met_zelfanalyse() -> Beoordeling:
    ronde, _logins = maak_demo()
    zk = Zorgkantoor.objects.get(naam=ZORGKANTOOR)
    bestuurder = Gebruiker.objects.get(username="nieuwbegin.bestuurder")
    with time_machine.travel(timezone.now() - timedelta(minutes=10), tick=False):
        inschrijving = services.inschrijving_starten(ronde=ronde, zorgkantoor=zk, door=bestuurder)
        vul_alles(inschrijving, bestuurder)
        client = Thema.objects.get(kader__code="ggz-wlz", code="client")
        kwaliteit_diensten.zelfanalyse_opslaan(inschrijving=inschrijving, door=bestuurder, thema=client, gegevens={
            "invulling": "Elke cliënt heeft een signaleringsplan dat samen met de naasten is opgesteld.",
            "sterktes_ontwikkelpunten": "Sterk: herstelgericht werken.", "clientervaring": "Cliëntenraad positief.",
            "niveau": "regio", "gegevens": "Cliëntervaringsonderzoek."})
        services.indienen(inschrijving=Inschrijving.objects.get(pk=inschrijving.pk), door=bestuurder,
                          wachtwoord=DEMO_WACHTWOORD)
    sluit_demo_ronde()
    gesloten_rondes_openen()  # README step 4: inkoper1 and inkoper2 open the vault
    (pk,) = pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zk)
    assert pipeline.stap1_volledigheid(pk) and pipeline.stap2_controle(pk)
    inkoper = Gebruiker.objects.get(username="amstelland.inkoper1")
    beoordeling = Beoordeling.objects.get(pk=pk)
    for resultaat in beoordeling.resultaten.filter(uitkomst=Uitkomst.HANDMATIG):
        resultaat_vastleggen(resultaat=resultaat, uitkomst="voldoet", toelichting="In orde.", door=inkoper)
    beoordeling = controle_afronden(beoordeling=beoordeling, door=inkoper)
    assert beoordeling.fase == Fase.GESPREK
    diensten.uitnodigen(beoordeling=beoordeling, datum=timezone.now() + timedelta(days=7), plaats="Zorgstraat 1",
                        deelnemers="Ina Inkoper, zorginkoper", tekenbevoegde=bestuurder, door=inkoper)
    return beoordeling


def test_zorginkoper_legt_een_bevinding_vast_op_de_gespreksagenda(nieuwe_pagina):
    beoordeling = _gesprek_met_zelfanalyse()
    page = nieuwe_pagina()
    _inloggen_zorginkoper(page, "amstelland.inkoper1")
    page.goto(reverse("beoordeling:gesprek", args=[beoordeling.pk]))
    page.get_by_test_id("agenda-link").click()
    page.wait_for_url(f"**/beoordeling/{beoordeling.pk}/gesprek/agenda/")
    assert page.get_by_role("heading", name="Gespreksagenda").is_visible()

    punt = page.locator("[data-thema='ggz-wlz/client']")
    # The opening question once per kader, not once per theme (issue 11: it stood there five times).
    vragen = page.get_by_test_id("vraag")
    assert vragen.count() == page.locator("main section h2").count() and vragen.first.inner_text().strip() == VRAAG
    assert "signaleringsplan" in punt.get_by_test_id("zelfanalyse").inner_text()
    assert "Geen zelfanalyse ingediend" in page.locator("[data-thema='ggz-wlz/personeel']").inner_text()
    _toegankelijkheid(page)
    _unieke_ids(page)

    punt.get_by_label("Bevinding").fill("Signaleringsplannen ingezien op locatie; in orde.")
    page.get_by_role("button", name="Bevindingen opslaan").click()
    page.wait_for_url(f"**/beoordeling/{beoordeling.pk}/gesprek/agenda/")
    _melding(page, "De bevindingen per thema zijn opgeslagen.")
    assert page.locator("[data-thema='ggz-wlz/client']").get_by_label("Bevinding").input_value() == (
        "Signaleringsplannen ingezien op locatie; in orde.")
    assert Gesprek.objects.get(beoordeling=beoordeling).bevindingen_per_thema == {
        "ggz-wlz/client": "Signaleringsplannen ingezien op locatie; in orde."}
    _toegankelijkheid(page)
