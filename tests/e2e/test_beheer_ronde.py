"""The round's admin form (issue 9, item 3): axe-core finds nothing at all, and it speaks Dutch throughout —
the split date and time fields labelled, the selector widget and the calendar in Dutch — before publication (every
milestone editable) and after it (the deadlines read-only, their history beside them)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inschrijving import termijnen
from inschrijving.models import AfwijkendePlanning
from tests.factories import GebruikerFactory, InkooprondeFactory, ZorgkantoorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Texts Django admin shows in English when a translation is missing or not loaded.
ENGELS = ("Available ", "Chosen ", "Choose all", "Remove all", "Now", "Today", "Choose a", "Save and",
          "Delete", "History", "Add another", "Lockout", "Midnight", "Noon", "Cancel", "Date:", "Time:")


def _alle_schendingen(page):
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                         ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))")


@pytest.fixture
def beheerder_pagina(nieuwe_pagina, live_server, login):
    beheerder = GebruikerFactory(beheerder=True, is_staff=True, is_superuser=True)
    client = login(Client(), beheerder)
    page = nieuwe_pagina()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    return page


def test_het_rondeformulier_is_toegankelijk_en_nederlands(beheerder_pagina):
    page = beheerder_pagina
    zk = ZorgkantoorFactory()
    ongepubliceerd = InkooprondeFactory(sluiting=timezone.now() + timedelta(days=90), zorgkantoren=[zk])
    gepubliceerd = InkooprondeFactory(zorgkantoren=[zk])
    AfwijkendePlanning.objects.create(ronde=gepubliceerd, zorgkantoor=zk)
    eerste, tweede = (GebruikerFactory(beheerder=True, is_staff=True) for _ in range(2))
    wijziging = termijnen.aanvragen(ronde=gepubliceerd, zorgkantoor=None, mijlpaal="sluiting_inschrijving",
                                    nieuw=gepubliceerd.sluiting_inschrijving + timedelta(days=1), reden="Storing",
                                    door=eerste)
    termijnen.goedkeuren(wijziging=wijziging, door=tweede)
    assert not termijnen.gepubliceerd(ongepubliceerd) and termijnen.gepubliceerd(gepubliceerd)

    for url in (reverse("admin:index"), reverse("admin:inschrijving_inkoopronde_add"),
                reverse("admin:inschrijving_inkoopronde_change", args=[ongepubliceerd.pk]),
                reverse("admin:inschrijving_inkoopronde_change", args=[gepubliceerd.pk]),
                reverse("admin:inschrijving_termijnwijziging_add")):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "nl"
        schendingen = _alle_schendingen(page)
        assert schendingen == [], (url, schendingen)
        tekst = page.locator("body").inner_text()
        engels = [woord for woord in ENGELS if woord in tekst]
        assert not engels, (url, engels)
