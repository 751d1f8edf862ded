"""In headless Chromium: zorginkopers assess the demo inschrijvingen, a colleague approves, the aanbieder accepts.

The set-up is Python: the demo, a submission for every demo aanbieder (with the clock set to before the
sluitingstijd), closing the round and the automated steps 1 and 2 (run directly; the Celery worker is tested
elsewhere). From then on everything goes through the browser on the real clock: the live server runs in this
process, so no time travel may be active while it serves pages.
"""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from beoordeling import pipeline
from beoordeling.models import AFWIJZINGSGRONDEN, Beoordeling, Besluit, Fase, Gesprek, Uitkomst
from inschrijving.demo import DEMO_WACHTWOORD, demo_indienen, maak_demo, sluit_demo_ronde
from inschrijving.models import Gebruiker, Indiening, Overeenkomst, OvereenkomstSoort, Zorgkantoor
from tests.beoordeling.helpers import gesloten_rondes_openen, verse_code
from tests.e2e.hulp import inloggen as _inloggen
from tests.e2e.hulp import toegankelijkheid as _toegankelijkheid
from tests.e2e.hulp import unieke_ids as _unieke_ids

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ZORGKANTOOR = "Zorgkantoor Amstelland"
NIEUW_BEGIN = "GGZ Nieuw Begin B.V."
HET_ANKER = "Stichting Thuiszorg Het Anker"
DATUM = re.compile(r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
                   r"december) \d{4}")


def _melding(page, tekst):
    assert page.get_by_role("status").filter(has_text=tekst).is_visible(), page.locator("main").inner_text()


def _fout(page, tekst):
    assert page.get_by_role("alert").filter(has_text=tekst).is_visible(), page.locator("main").inner_text()


def _inloggen_zorginkoper(page, gebruikersnaam):
    _inloggen(page, gebruikersnaam)
    page.wait_for_url("**/account/tweede-factor/**")
    page.get_by_label("Code uit uw authenticator-app").fill(verse_code(Gebruiker.objects.get(username=gebruikersnaam)))
    page.get_by_role("button", name="Verifiëren").click()
    page.wait_for_url("**/zorgkantoor/")
    assert page.get_by_role("heading", name=f"Beoordeling – {ZORGKANTOOR}").is_visible()


def _ronde_in_beoordeling(geopend=True):
    """The demo round with all four demo aanbieders submitted, closed, and through steps 1 and 2; its vault opened
    by inkoper1 and inkoper2 (unless ``geopend=False``: the journey then opens it in the browser)."""
    ronde, _logins = maak_demo()
    # Only the submissions run on a travelled clock: ten minutes ago, so that they precede the sluitingstijd that
    # sluit_demo_ronde puts one minute in the past. The journey itself runs on real time (no travel is active
    # while the live server answers the browser: it shares this process's clock).
    with time_machine.travel(timezone.now() - timedelta(minutes=10), tick=False):
        assert len(demo_indienen(nu=timezone.now())) == 5  # incl. GGZ Nieuw Begin in the 2016-rules round
    ronde = sluit_demo_ronde()
    assert ronde.sluiting_inschrijving < timezone.now()
    assert not Indiening.objects.filter(ingediend_op__gte=ronde.sluiting_inschrijving).exists()
    ids = pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=Zorgkantoor.objects.get(naam=ZORGKANTOOR))
    assert len(ids) == 4
    for pk in ids:
        assert pipeline.stap1_volledigheid(pk)
        assert pipeline.stap2_controle(pk)
    assert set(Beoordeling.objects.values_list("fase", flat=True)) == {Fase.CONTROLE}
    if geopend:
        gesloten_rondes_openen()
    return ronde


def _kluis_openen(inkoper1, inkoper2, ronde):
    """README step 4: inkoper1 requests the opening, inkoper2 confirms it, each with a fresh code."""
    url = reverse("beoordeling:ontvangen", args=[ronde.pk])
    inkoper1.goto(url)
    assert "4 inschrijvingen ontvangen" in inkoper1.locator("main").inner_text()
    assert NIEUW_BEGIN not in inkoper1.locator("main").inner_text()
    _toegankelijkheid(inkoper1)
    inkoper1.get_by_label("Code uit uw authenticator-app").fill(
        verse_code(Gebruiker.objects.get(username="amstelland.inkoper1")))
    inkoper1.get_by_role("button", name="Opening aanvragen").click()
    _melding(inkoper1, "Opening aangevraagd.")
    _inloggen_zorginkoper(inkoper2, "amstelland.inkoper2")
    inkoper2.goto(url)
    assert "Opening aangevraagd door Ina Inkoper" in inkoper2.locator("main").inner_text()
    inkoper2.get_by_label("Code uit uw authenticator-app").fill(
        verse_code(Gebruiker.objects.get(username="amstelland.inkoper2")))
    inkoper2.get_by_role("button", name="Opening bevestigen").click()
    _melding(inkoper2, "De inschrijvingen zijn geopend.")
    assert NIEUW_BEGIN in inkoper2.locator("main").inner_text()
    assert "bevestigd door Kees Collega" in inkoper2.get_by_test_id("proces-verbaal").inner_text()


def _beoordeling(naam) -> Beoordeling:
    return Beoordeling.objects.get(inschrijving__zorgaanbieder__statutaire_naam=naam,
                                   inschrijving__zorgkantoor__naam=ZORGKANTOOR)


def _naar_werkvoorraad(page):
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkvoorraad").click()
    page.wait_for_url("**/werkvoorraad/")
    assert page.get_by_role("heading", name="Werkvoorraad").is_visible()


def _openen(page, beoordeling):
    page.get_by_test_id("werkvoorraad").get_by_role(
        "link", name=beoordeling.inschrijving.zorgaanbieder.statutaire_naam).click()
    page.wait_for_url(f"**/beoordeling/{beoordeling.pk}/")
    assert page.get_by_role("heading", name=beoordeling.inschrijving.zorgaanbieder.statutaire_naam,
                            exact=False).first.is_visible()


def _fase(page, label):
    assert page.get_by_test_id("fase").inner_text().startswith(label), page.get_by_test_id("fase").inner_text()


def _checklist_afwerken(page, beoordeling):
    """Every checklist and integriteitstoets item still open: "voldoet", with a toelichting."""
    open_items = set(beoordeling.resultaten.filter(uitkomst=Uitkomst.HANDMATIG).values_list("pk", flat=True))
    assert open_items
    assert page.locator("li[data-uitkomst=handmatig]").count() == len(open_items)
    _toegankelijkheid(page)  # the detail page with all its open checklist forms
    _unieke_ids(page)
    gedaan = set()
    while page.locator("li[data-uitkomst=handmatig]").count():
        item = page.locator("li[data-uitkomst=handmatig]").first
        resultaat_pk = int(item.get_attribute("id").removeprefix("resultaat-"))
        titel = item.get_by_role("heading").inner_text().strip()
        item.get_by_label("Voldoet", exact=True).check()
        item.get_by_label("Toelichting").fill(f"Gecontroleerd in de ingediende stukken: {titel}.")
        item.get_by_role("button", name=re.compile("^Vastleggen")).click()
        # Saved by htmx, without a reload: the item leaves the open items and shows its judgement in its step.
        page.wait_for_selector(f"#resultaat-{resultaat_pk}[data-uitkomst=voldoet]", state="attached")
        assert page.url.endswith(f"/beoordeling/{beoordeling.pk}/")
        _melding(page, f"Vastgelegd: {titel}.")
        assert page.locator(f"#resultaat-{resultaat_pk}").get_attribute("data-uitkomst") == "voldoet"
        gedaan.add(resultaat_pk)
    assert gedaan == open_items
    assert not beoordeling.resultaten.filter(uitkomst=Uitkomst.HANDMATIG).exists()
    assert all(r.besloten_door.username == "amstelland.inkoper1" and r.toelichting.startswith("Gecontroleerd")
               for r in beoordeling.resultaten.filter(pk__in=gedaan))


def _controle_afronden(page, beoordeling, fase):
    page.get_by_role("button", name="Controle afronden").click()
    page.wait_for_url(f"**/beoordeling/{beoordeling.pk}/")
    _melding(page, f"Controle afgerond. De beoordeling staat nu in de fase: {fase}.")
    _fase(page, fase)
    beoordeling.refresh_from_db()


def _voorstellen(page, beoordeling, soort_label):
    """The besluit panel (loaded into the assessment page): the system's proposal, proposed as is."""
    paneel = page.locator("section#besluit")
    formulier = paneel.get_by_test_id("voorstellen")
    formulier.wait_for()
    assert soort_label in paneel.get_by_test_id("voorstel").inner_text()
    keuze = formulier.get_by_label("Besluit")
    assert keuze.locator("option:checked").inner_text() == f"{soort_label} (voorstel van het systeem)"
    _toegankelijkheid(page)  # the detail page with the besluit panel
    formulier.get_by_role("button", name="Voorstellen ter goedkeuring").click()
    page.wait_for_url(f"**/beoordeling/{beoordeling.pk}/#besluit")
    _melding(page, "Het besluit is voorgesteld. Een collega keurt het goed (vier ogen).")
    _fase(page, "Wacht op goedkeuring (vier ogen)")
    page.get_by_test_id("besluit-samenvatting").wait_for()
    assert soort_label in page.get_by_test_id("besluit-samenvatting").inner_text()
    # Who proposed does not approve: no button, a notice instead.
    assert page.get_by_role("status").filter(has_text="Wacht op goedkeuring door een collega").is_visible()
    assert page.get_by_role("button", name="Goedkeuren").count() == 0
    besluit = Besluit.objects.get(beoordeling=beoordeling)
    assert besluit.voorgesteld_door.username == "amstelland.inkoper1" and besluit.goedgekeurd_op is None
    return besluit


def _goedkeuren(page, beoordeling):
    """A colleague opens the assessment from his own werkvoorraad and approves: the letter is made."""
    _naar_werkvoorraad(page)
    _openen(page, beoordeling)
    _fase(page, "Wacht op goedkeuring (vier ogen)")
    page.locator("section#besluit").get_by_test_id("goedkeuren").wait_for()
    _toegankelijkheid(page)
    page.get_by_role("button", name="Goedkeuren").click()
    page.wait_for_url(f"**/beoordeling/{beoordeling.pk}/#besluit")
    _melding(page, "Het besluit is goedgekeurd. De brief is gemaakt en per e-mail verstuurd")
    _fase(page, "Aanbod verstuurd")
    brief = page.get_by_test_id("brief")
    brief.wait_for()
    assert brief.get_by_role("link", name="Brief (pdf)").is_visible()
    besluit = Besluit.objects.get(beoordeling=beoordeling)
    assert besluit.goedgekeurd_door.username == "amstelland.inkoper2"
    assert re.fullmatch(r"[0-9a-f]{64}", besluit.brief_sha256)
    assert besluit.brief_sha256 in brief.inner_text()
    return besluit


def test_nieuwe_zorgaanbieder_van_controle_via_gesprek_tot_geaccepteerd_aanbod(nieuwe_pagina, tmp_path):
    ronde = _ronde_in_beoordeling(geopend=False)
    beoordeling = _beoordeling(NIEUW_BEGIN)
    assert beoordeling.inschrijving.aanbieder_type == "3"

    # 1. The zorginkoper: two colleagues open the vault; then werkvoorraad, checklist, gesprek, proposal.
    inkoper1 = nieuwe_pagina()
    _inloggen_zorginkoper(inkoper1, "amstelland.inkoper1")
    _kluis_openen(inkoper1, nieuwe_pagina(), ronde)
    _naar_werkvoorraad(inkoper1)
    assert inkoper1.get_by_test_id("voortgang").inner_text().strip() == "4 van 4 automatisch gecontroleerd"
    tabel = inkoper1.get_by_test_id("werkvoorraad")
    assert tabel.locator("tbody tr").count() == 4
    assert tabel.locator("caption").inner_text().startswith("4 beoordelingen")
    for naam in ("Stichting Zorggroep De Linde", HET_ANKER, "Woonzorg De Brug B.V.", NIEUW_BEGIN):
        assert tabel.get_by_role("link", name=naam).is_visible()
    assert inkoper1.get_by_test_id(f"telling-{Fase.CONTROLE}").inner_text().strip().endswith("4")
    _toegankelijkheid(inkoper1)
    _unieke_ids(inkoper1)

    _openen(inkoper1, beoordeling)
    _fase(inkoper1, "Controle verklaring en documenten")
    assert "3 – nieuwe zorgaanbieder" in inkoper1.get_by_test_id("kop").inner_text()
    _checklist_afwerken(inkoper1, beoordeling)
    _controle_afronden(inkoper1, beoordeling, "Gesprek")
    assert beoordeling.fase == Fase.GESPREK

    # Step 3: the gesprek section loads its forms into the assessment page (htmx).
    gesprek = inkoper1.locator("section#gesprek")
    uitnodigen = gesprek.get_by_role("form", name="Uitnodigen voor het gesprek")
    uitnodigen.wait_for()
    _toegankelijkheid(inkoper1)
    _unieke_ids(inkoper1)
    assert "Zorgstraat 1" in uitnodigen.get_by_label("Plaats").input_value()  # prefilled from the dossier
    moment = timezone.localtime() + timedelta(days=7)
    uitnodigen.get_by_label("Datum en tijd").fill(f"{moment:%Y-%m-%d}T10:00")
    uitnodigen.get_by_label("Vertegenwoordigingsbevoegde bestuurder").select_option(label="Bea Bestuur")
    uitnodigen.get_by_label("Deelnemers").fill("Ina Inkoper, zorginkoper\nBea Bestuur, bestuurder")
    uitnodigen.get_by_role("button", name="Uitnodiging versturen").click()
    inkoper1.wait_for_url(f"**/beoordeling/{beoordeling.pk}/#gesprek")
    _melding(inkoper1, "De uitnodiging is verstuurd naar de gebruikers van de zorgaanbieder.")
    inkoper1.get_by_test_id("uitnodiging").wait_for()
    assert "Bea Bestuur" in inkoper1.get_by_test_id("uitnodiging").inner_text()
    uitnodiging = Gesprek.objects.get(beoordeling=beoordeling)
    assert uitnodiging.tekenbevoegde.username == "nieuwbegin.bestuurder"
    assert timezone.localtime(uitnodiging.datum).strftime("%Y-%m-%d %H:%M") == f"{moment:%Y-%m-%d} 10:00"

    verslag = inkoper1.get_by_role("form", name="Verslag en oordeel per afwijzingsgrond")
    verslag.get_by_label("Verslag van het gesprek").fill(
        "Gesprek op locatie met de bestuurder. Het beeld komt overeen met het ondernemingsplan.")
    for code, _label in AFWIJZINGSGRONDEN:
        verslag.locator(f"#grond-{code}").get_by_label("Nee, geen bezwaar").check()
    _toegankelijkheid(inkoper1)
    verslag.get_by_role("button", name="Verslag en oordelen opslaan").click()
    inkoper1.wait_for_url(f"**/beoordeling/{beoordeling.pk}/#gesprek")
    _melding(inkoper1, "Het verslag en de oordelen zijn opgeslagen.")
    uitnodiging.refresh_from_db()
    assert len(uitnodiging.oordelen) == len(AFWIJZINGSGRONDEN) == 8
    assert uitnodiging.bezwaren() == []

    # The gesprek has not taken place yet: closing it is refused.
    inkoper1.get_by_role("button", name="Gesprek afronden").click()
    inkoper1.wait_for_url(f"**/beoordeling/{beoordeling.pk}/gesprek/afronden/")
    _fout(inkoper1, "u rondt het af nadat het heeft plaatsgevonden")
    _toegankelijkheid(inkoper1)  # the gesprek page of its own, with the refusal
    beoordeling.refresh_from_db()
    assert beoordeling.fase == Fase.GESPREK
    # The journey cannot wait a week for the gesprek: move its date into the past, as if it took place.
    Gesprek.objects.filter(beoordeling=beoordeling).update(datum=timezone.now() - timedelta(hours=1))
    inkoper1.goto(reverse("beoordeling:beoordeling", args=[beoordeling.pk]))
    inkoper1.locator("section#gesprek").get_by_role("button", name="Gesprek afronden").click()
    inkoper1.wait_for_url(f"**/beoordeling/{beoordeling.pk}/#gesprek")
    _melding(inkoper1, "Het gesprek is afgerond. De beoordeling gaat naar het besluit.")
    _fase(inkoper1, "Besluit voorbereiden")
    assert inkoper1.get_by_test_id("gesprek-bezwaren").inner_text().strip() == (
        "Geen bezwaren op de afwijzingsgronden.")

    # Step 4: the system proposes a one-year overeenkomst with a possible extension, under conditions.
    voorstel = inkoper1.locator("section#besluit").get_by_test_id("voorstel")
    voorstel.wait_for()
    assert "(onder voorwaarden)" in voorstel.inner_text()
    assert "met een mogelijke verlenging van 1 jaar" in voorstel.inner_text()
    voorwaarden = inkoper1.locator("section#besluit table").filter(has_text="Voorwaarden met vervaldatum")
    regels = voorwaarden.locator("tbody tr")
    assert regels.count() >= 2
    teksten = regels.all_inner_texts()
    assert any("vóór aanvang van de zorglevering" in t for t in teksten)  # Z
    assert any("zes maanden na ingang" in t for t in teksten)  # 6
    assert all(DATUM.search(t) for t in teksten)
    besluit = _voorstellen(inkoper1, beoordeling, str(OvereenkomstSoort.EENJARIG_VERLENGING.label))
    assert besluit.soort == OvereenkomstSoort.EENJARIG_VERLENGING and besluit.onder_voorwaarden
    assert {v["moment"] for v in besluit.voorwaarden} == {"Z", "6"}

    # 2. A colleague approves (four eyes); the letter is made.
    inkoper2 = nieuwe_pagina()
    _inloggen_zorginkoper(inkoper2, "amstelland.inkoper2")
    besluit = _goedkeuren(inkoper2, beoordeling)
    assert besluit.reageren_voor and besluit.reageren_voor > timezone.localdate()

    # 3. The aanbieder's tekenbevoegde: the offer, the letter, and accepting it.
    bestuurder = nieuwe_pagina()
    _inloggen(bestuurder, "nieuwbegin.bestuurder")
    bestuurder.wait_for_url("**/aanbieder/")
    bestuurder.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beoordeling en aanbod").click()
    bestuurder.wait_for_url("**/mijn-beoordelingen/")
    _toegankelijkheid(bestuurder)
    inschrijving = beoordeling.inschrijving
    assert bestuurder.get_by_test_id(f"stand-{inschrijving.pk}").inner_text().strip() == (
        "Aanbod ontvangen: reageer vóór de termijn")
    # The invitation, as the aanbieder sees it (never the verslag).
    bestuurder.get_by_role("link", name="Uitnodiging gesprek").click()
    bestuurder.wait_for_url(f"**/gesprek/{inschrijving.pk}/")
    _melding(bestuurder, "Het gesprek heeft plaatsgevonden.")
    assert "in ieder geval Bea Bestuur" in bestuurder.get_by_test_id("uitnodiging").inner_text()
    assert "Het beeld komt overeen" not in bestuurder.locator("main").inner_text()
    bestuurder.go_back()
    bestuurder.get_by_role("link", name="Besluit en aanbod bekijken").click()
    bestuurder.wait_for_url(f"**/aanbod/{inschrijving.pk}/")
    aanbod = bestuurder.get_by_test_id("besluit")
    assert aanbod.get_by_role("heading", name="Voorlopige gunning").is_visible()
    soort = str(OvereenkomstSoort.EENJARIG_VERLENGING.label)
    assert f"{soort} (onder voorwaarden)" in aanbod.inner_text()
    tabel = aanbod.get_by_role("table", name="Voorwaarden: uiterlijk op de genoemde datum in orde")
    assert tabel.locator("tbody tr").count() == len(besluit.voorwaarden)
    for voorwaarde, rij in zip(besluit.voorwaarden, tabel.locator("tbody tr").all(), strict=True):
        assert voorwaarde["titel"] in rij.inner_text()
        assert DATUM.fullmatch(rij.locator("td").last.inner_text().strip())
    _toegankelijkheid(bestuurder)
    _unieke_ids(bestuurder)

    with bestuurder.expect_download() as download_info:
        bestuurder.get_by_role("link", name="Brief downloaden (pdf)").click()
    download = download_info.value
    assert download.suggested_filename == f"besluit-{inschrijving.pk}.pdf"
    inhoud = Path(download.path()).read_bytes()
    assert inhoud.startswith(b"%PDF-")
    tekst = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages))
    assert "Voorlopige gunning" in tekst or soort in tekst, tekst[:2000]
    assert NIEUW_BEGIN in tekst

    bestuurder.get_by_label("Ik accepteer het aanbod").check()
    bestuurder.get_by_label("Ik bevestig dat ik als tekenbevoegde bestuurder").check()
    bestuurder.get_by_label("Uw wachtwoord").fill(DEMO_WACHTWOORD)
    bestuurder.get_by_role("button", name="Ondertekenen en versturen").click()
    bestuurder.wait_for_url(f"**/aanbod/{inschrijving.pk}/")
    _melding(bestuurder, "U heeft het aanbod geaccepteerd. De overeenkomst is vastgelegd.")
    assert bestuurder.get_by_test_id("reactie").inner_text().startswith("Het aanbod is geaccepteerd door Bea Bestuur")
    _toegankelijkheid(bestuurder)
    bestuurder.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beoordeling en aanbod").click()
    bestuurder.wait_for_url("**/mijn-beoordelingen/")
    assert bestuurder.get_by_test_id(f"stand-{inschrijving.pk}").inner_text().strip() == "Aanbod geaccepteerd"

    beoordeling.refresh_from_db()
    assert beoordeling.fase == Fase.GEACCEPTEERD
    overeenkomst = Overeenkomst.objects.get(zorgaanbieder__statutaire_naam=NIEUW_BEGIN,
                                            zorgkantoor__naam=ZORGKANTOOR)
    assert overeenkomst.onder_voorwaarden is True
    assert overeenkomst.soort == OvereenkomstSoort.EENJARIG_VERLENGING
    assert overeenkomst.ingangsdatum.year == ronde.contractjaar
    assert Besluit.objects.get(pk=besluit.pk).overeenkomst == overeenkomst


def test_bestaande_zorgaanbieder_1b_zonder_gesprek_naar_tweejarige_overeenkomst_met_vier_ogen(nieuwe_pagina):
    _ronde_in_beoordeling()
    beoordeling = _beoordeling(HET_ANKER)
    assert beoordeling.inschrijving.aanbieder_type == "1b"

    inkoper1 = nieuwe_pagina()
    _inloggen_zorginkoper(inkoper1, "amstelland.inkoper1")
    _naar_werkvoorraad(inkoper1)
    _openen(inkoper1, beoordeling)
    _checklist_afwerken(inkoper1, beoordeling)
    # No gesprek for an existing provider: straight on to the decision.
    _controle_afronden(inkoper1, beoordeling, "Besluit voorbereiden")
    assert beoordeling.fase == Fase.BESLUIT
    assert inkoper1.locator("section#gesprek").count() == 0
    assert not Gesprek.objects.filter(beoordeling=beoordeling).exists()
    voorstel = inkoper1.locator("section#besluit").get_by_test_id("voorstel")
    voorstel.wait_for()
    assert "(onder voorwaarden)" not in voorstel.inner_text()
    besluit = _voorstellen(inkoper1, beoordeling, "Tweejarige overeenkomst")
    assert besluit.soort == OvereenkomstSoort.TWEEJARIG and not besluit.onder_voorwaarden

    # Approving one's own proposal anyway (the form the panel does not offer, posted from this page) is refused.
    with inkoper1.expect_navigation():
        inkoper1.evaluate("""(actie) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = actie;
            form.append(document.querySelector("input[name=csrfmiddlewaretoken]").cloneNode());
            document.body.append(form);
            form.submit();
        }""", reverse("beoordeling:goedkeuren", args=[beoordeling.pk]))
    assert inkoper1.url.endswith(f"/beoordeling/{beoordeling.pk}/#besluit")
    _fout(inkoper1, "Vier ogen: een collega keurt het besluit goed, niet degene die het voorstelde.")
    besluit.refresh_from_db()
    assert besluit.goedgekeurd_op is None and not besluit.brief_sha256
    _fase(inkoper1, "Wacht op goedkeuring (vier ogen)")

    inkoper2 = nieuwe_pagina()
    _inloggen_zorginkoper(inkoper2, "amstelland.inkoper2")
    besluit = _goedkeuren(inkoper2, beoordeling)
    assert besluit.soort == OvereenkomstSoort.TWEEJARIG
    samenvatting = inkoper2.get_by_test_id("besluit-samenvatting").inner_text()
    assert "Tweejarige overeenkomst" in samenvatting and "Goedgekeurd" in samenvatting
