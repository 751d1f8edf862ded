"""In headless Chromium: a signal is weighed in the gesprek, and the letter holds up (issue 8).

Thuiszorg De Horizon, a new demo aanbieder (type 3), declares in the browser that two onderaannemers deliver 40% of
its care: more than the guideline's one third (002 §4.1, "Onze richtlijn") — a signal, never a verdict. It submits;
the zorginkoper completes the checklist, plans the gesprek, weighs the signal there (bevinding, no bezwaar) and
proposes the contract the system derives; a colleague approves it (four eyes); the aanbieder downloads the letter,
which names the tariff from the rule set, the submission it decides on (volgnummer and SHA-256), every voorwaarde
with its date, the signal as weighed, and how and within which term to object (002 §2.2, §4.6, §4.9).

The set-up is Python, as in ``test_beoordeling_journey``: the demo, the rest of Horizon's dossier (the verklaring,
the plan and the documents, which ``test_inschrijving_journey`` fills in through the browser), closing the round
just after the submission, and the automated steps 1 and 2. The gesprek's moment is moved into the past with the
demo's own command, ``manage.py demo_gesprek`` (README "De demo doorlopen"); everything else goes through the
browser on the real clock (the live server shares this process's clock, so no time travel).
"""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from beoordeling import pipeline
from beoordeling.brief import context_van
from beoordeling.models import AFWIJZINGSGRONDEN, AuditRegel, Beoordeling, Besluit, Fase, Gesprek, Uitkomst
from inschrijving import services
from inschrijving.demo import DEMO_ONDERAANNEMERS, maak_demo, sluit_demo_ronde
from inschrijving.models import Bestuursverklaring, Gebruiker, Indiening, OvereenkomstSoort, Zorgkantoor
from inschrijving.voorbeeld import vul_documenten, vul_plan, vul_verklaring
from tests.beoordeling.helpers import gesloten_rondes_openen
from tests.e2e.hulp import inloggen, inloggen_zorginkoper, melding
from tests.e2e.hulp import toegankelijkheid as _toegankelijkheid
from tests.e2e.hulp import unieke_ids as _unieke_ids

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ZORGKANTOOR = "Zorgkantoor Amstelland"
HORIZON = "Thuiszorg De Horizon B.V."
ONDERAANNEMING = "verklaring.onderaanneming"
BEVINDING = ("De twee ZZP'ers leveren de nachtzorg en begeleiding in de opstartfase; de bestuurder laat zien dat het "
             "eigen team binnen een jaar groeit. Aanvaardbaar.")


def _plat(tekst: str) -> str:
    return re.sub(r"\s+", "", tekst)


def _fase(page, label):
    assert page.get_by_test_id("fase").inner_text().startswith(label), page.get_by_test_id("fase").inner_text()


def _aanbieder_dient_in_met_onderaanneming(page, inschrijving):
    """The bestuurder adds bijlage 2 (two onderaannemers, 40% together), sees in the voorcontrole that the
    zorgkantoor weighs it (it does not exclude), and signs and submits."""
    inloggen(page, "horizon.bestuurder")
    page.wait_for_url("**/aanbieder/")
    page.get_by_role("link", name=inschrijving.get_status_display()).click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/")
    page.get_by_role("link", name="Invullen Bestuursverklaring").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/verklaring/")
    page.locator("input[type=radio][name='werkt_met_onderaannemers'][value='ja']").check()
    for rij, (naam, kvk, adres, levering, aandeel) in enumerate(DEMO_ONDERAANNEMERS):
        page.locator(f"[name='oa-{rij}-naam']").fill(naam)
        page.locator(f"[name='oa-{rij}-kvk_nummer']").fill(kvk)
        page.locator(f"[name='oa-{rij}-adres']").fill(adres)
        page.locator(f"[name='oa-{rij}-levering']").fill(levering)
        page.locator(f"[name='oa-{rij}-aandeel']").fill(str(aandeel))
    _toegankelijkheid(page)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/")
    melding(page, "De verklaring is opgeslagen.")
    verklaring = Bestuursverklaring.objects.get(inschrijving=inschrijving)
    assert verklaring.werkt_met_onderaannemers is True
    assert sum(o.aandeel for o in verklaring.onderaannemers.all()) == 40

    # The voorcontrole: nothing to fix, one point the zorgkantoor weighs.
    page.get_by_role("link", name="Bekijk de voorcontrole").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/voorcontrole/")
    assert page.get_by_test_id("voorcontrole-status").inner_text().strip().startswith("Alles in orde")
    assert page.get_by_test_id("voorcontrole-signalen").inner_text().startswith("1 punt weegt het zorgkantoor")
    signaal = page.locator(f"[data-regel='{ONDERAANNEMING}']")
    assert signaal.get_attribute("data-uitkomst") == Uitkomst.SIGNAAL
    assert "40" in signaal.inner_text()
    _toegankelijkheid(page)

    page.goto(reverse("inschrijving:overzicht", args=[inschrijving.pk]))
    page.get_by_role("link", name="Controleren en indienen").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/indienen/")
    # A signal does not block: no "ondanks de punten" confirmation is asked for.
    assert page.get_by_label("Ik wil indienen ondanks de punten uit de voorcontrole.").count() == 0
    # Signed in with the password minutes ago: the declaration signs, the password is not asked again.
    assert page.get_by_test_id("wachtwoord-recent").is_visible()
    assert page.locator("input[type=password]").count() == 0
    page.get_by_label("Ik verklaar dat de inschrijving naar waarheid is ingevuld").check()
    page.get_by_role("button", name="Ondertekenen en indienen").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/ingediend/1/")
    melding(page, "Uw inschrijving is ontvangen.")
    return Indiening.objects.get(inschrijving=inschrijving)


def _checklist_afwerken(page, beoordeling):
    """Every checklist and integriteitstoets item still open: "voldoet", with a toelichting."""
    assert page.locator("li[data-uitkomst=handmatig]").count() > 0
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
        melding(page, f"Vastgelegd: {titel}.")
    assert not beoordeling.resultaten.filter(uitkomst=Uitkomst.HANDMATIG).exists()


def test_signaal_gewogen_in_het_gesprek_leidt_tot_een_aanbod_met_een_brief_die_standhoudt(nieuwe_pagina):
    ronde, _logins = maak_demo()
    zorgkantoor = Zorgkantoor.objects.get(naam=ZORGKANTOOR)
    bestuurder = Gebruiker.objects.get(username="horizon.bestuurder")
    inschrijving = services.inschrijving_starten(ronde=ronde, zorgkantoor=zorgkantoor, door=bestuurder)
    vul_verklaring(inschrijving)
    vul_plan(inschrijving)
    # What is required at inschrijving (Z and 6 may come later), in their issuers' layouts: the worker reads them,
    # and what they say agrees with what is typed, so the only signal is the onderaanneming.
    vul_documenten(inschrijving, bestuurder, echt=True)

    # 1. The aanbieder declares 40% onderaanneming and submits.
    aanbieder = nieuwe_pagina()
    indiening = _aanbieder_dient_in_met_onderaanneming(aanbieder, inschrijving)
    assert inschrijving.aanbieder_type == "3"

    # The round closes just after the submission (sluit_demo_ronde puts the sluitingstijd a minute before ``nu``).
    ronde = sluit_demo_ronde(nu=timezone.now() + timedelta(minutes=1))
    assert indiening.ingediend_op < ronde.sluiting_inschrijving <= timezone.now()
    gesloten_rondes_openen()  # README step 4: inkoper1 and inkoper2 open the vault
    (pk,) = pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zorgkantoor)
    assert pipeline.stap1_volledigheid(pk) and pipeline.stap2_controle(pk)
    beoordeling = Beoordeling.objects.get(pk=pk)
    assert beoordeling.fase == Fase.CONTROLE
    assert list(beoordeling.resultaten.filter(uitkomst=Uitkomst.SIGNAAL).values_list("regel", flat=True)) == [
        ONDERAANNEMING]

    # 2. The zorginkoper: the checklist; the signal does not stop the assessment, it goes to the gesprek.
    inkoper1 = nieuwe_pagina()
    inloggen_zorginkoper(inkoper1, "amstelland.inkoper1", ZORGKANTOOR)
    inkoper1.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkvoorraad").click()
    inkoper1.wait_for_url("**/werkvoorraad/")
    inkoper1.get_by_test_id("werkvoorraad").get_by_role("link", name=HORIZON).click()
    inkoper1.wait_for_url(f"**/beoordeling/{beoordeling.pk}/")
    _fase(inkoper1, "Controle verklaring en documenten")
    _checklist_afwerken(inkoper1, beoordeling)
    inkoper1.get_by_role("button", name="Controle afronden").click()
    inkoper1.wait_for_url(f"**/beoordeling/{beoordeling.pk}/")
    melding(inkoper1, "Controle afgerond. De beoordeling staat nu in de fase: Gesprek.")

    gesprek = inkoper1.locator("section#gesprek")
    uitnodigen = gesprek.get_by_role("form", name="Uitnodigen voor het gesprek")
    uitnodigen.wait_for()
    moment = timezone.localtime() + timedelta(days=7)
    uitnodigen.get_by_label("Datum en tijd").fill(f"{moment:%Y-%m-%d}T10:00")
    uitnodigen.get_by_label("Vertegenwoordigingsbevoegde bestuurder").select_option(label="Bea Bestuur")
    uitnodigen.get_by_label("Deelnemers").fill("Ina Inkoper, zorginkoper\nBea Bestuur, bestuurder")
    uitnodigen.get_by_role("button", name="Uitnodiging versturen").click()
    inkoper1.wait_for_url(f"**/beoordeling/{beoordeling.pk}/#gesprek")
    melding(inkoper1, "De uitnodiging is verstuurd naar de gebruikers van de zorgaanbieder.")

    # The demo does not wait a week: its command lets the planned gesprek have taken place (audited).
    with override_settings(DEBUG=True):
        call_command("demo_gesprek", "horizon")
    assert Gesprek.objects.get(beoordeling=beoordeling).datum < timezone.now()
    assert AuditRegel.objects.filter(actie="demo_gesprek", inschrijving=inschrijving).count() == 1
    inkoper1.reload()

    # 3. The gesprek: the verslag, the signal weighed (bevinding, no bezwaar), the eight grounds.
    verslag = inkoper1.get_by_role("form", name="Verslag en oordeel per afwijzingsgrond")
    verslag.wait_for()
    blok = verslag.locator(f"#signaal-{ONDERAANNEMING.replace('.', '__')}")
    assert blok.locator(":scope > legend").inner_text() == "Signaal: Aandeel onderaanneming"
    assert "40" in blok.inner_text()
    _toegankelijkheid(inkoper1)  # the gesprek with its signal block
    _unieke_ids(inkoper1)
    verslag.get_by_label("Verslag van het gesprek").fill("Gesprek op locatie met de bestuurder en de teamleider.")
    blok.get_by_label("Bevinding uit het gesprek").fill(BEVINDING)
    blok.get_by_label("Nee, geen bezwaar").check()
    for code, _label in AFWIJZINGSGRONDEN:
        verslag.locator(f"#grond-{code}").get_by_label("Nee, geen bezwaar").check()
    verslag.get_by_role("button", name="Verslag en oordelen opslaan").click()
    inkoper1.wait_for_url(f"**/beoordeling/{beoordeling.pk}/#gesprek")
    melding(inkoper1, "Het verslag en de oordelen zijn opgeslagen.")
    assert Gesprek.objects.get(beoordeling=beoordeling).signaal_oordelen[ONDERAANNEMING] == {
        "bevinding": BEVINDING, "bezwaar": False, "grond": "plan"}
    inkoper1.locator("section#gesprek").get_by_role("button", name="Gesprek afronden").click()
    inkoper1.wait_for_url(f"**/beoordeling/{beoordeling.pk}/#gesprek")
    melding(inkoper1, "Het gesprek is afgerond. De beoordeling gaat naar het besluit.")
    _fase(inkoper1, "Besluit voorbereiden")

    # 4. The proposal: an overeenkomst onder voorwaarden, the signal's weighing as its reasoning.
    paneel = inkoper1.locator("section#besluit")
    voorstel = paneel.get_by_test_id("voorstel")
    voorstel.wait_for()
    assert "(onder voorwaarden)" in voorstel.inner_text()
    soort = str(OvereenkomstSoort.EENJARIG_VERLENGING.label)
    assert soort in voorstel.inner_text()
    _toegankelijkheid(inkoper1)
    paneel.get_by_test_id("voorstellen").get_by_role("button", name="Voorstellen ter goedkeuring").click()
    inkoper1.wait_for_url(f"**/beoordeling/{beoordeling.pk}/#besluit")
    melding(inkoper1, "Het besluit is voorgesteld. Een collega keurt het goed (vier ogen).")
    besluit = Besluit.objects.get(beoordeling=beoordeling)
    assert besluit.onder_voorwaarden and besluit.voorstel["overwegingen"][0]["bevinding"] == BEVINDING

    # 5. A colleague approves (four eyes): the letter is made and sent.
    inkoper2 = nieuwe_pagina()
    inloggen_zorginkoper(inkoper2, "amstelland.inkoper2", ZORGKANTOOR)
    inkoper2.goto(reverse("beoordeling:beoordeling", args=[beoordeling.pk]))
    inkoper2.locator("section#besluit").get_by_test_id("goedkeuren").wait_for()
    inkoper2.get_by_role("button", name="Goedkeuren").click()
    inkoper2.wait_for_url(f"**/beoordeling/{beoordeling.pk}/#besluit")
    melding(inkoper2, "Het besluit is goedgekeurd. De brief is gemaakt en per e-mail verstuurd")
    _fase(inkoper2, "Aanbod verstuurd")
    besluit.refresh_from_db()
    assert besluit.goedgekeurd_door.username == "amstelland.inkoper2" and besluit.brief_sha256

    # 6. The aanbieder downloads the letter; read with pypdf, it holds up.
    aanbieder.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beoordeling en aanbod").click()
    aanbieder.wait_for_url("**/mijn-beoordelingen/")
    aanbieder.get_by_role("link", name="Besluit en aanbod bekijken").click()
    aanbieder.wait_for_url(f"**/aanbod/{inschrijving.pk}/")
    with aanbieder.expect_download() as download_info:
        aanbieder.get_by_role("link", name="Brief downloaden (pdf)").click()
    inhoud = Path(download_info.value.path()).read_bytes()
    assert inhoud.startswith(b"%PDF-")
    tekst = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages))
    plat = _plat(tekst)

    assert "Voorlopige gunning" in tekst and HORIZON in tekst
    assert "95,8% van het NZa-maximumtarief" in tekst, tekst[:3000]  # the tariff from the 2022 rule set (002 §2.2)
    assert f"volgnummer {indiening.volgnummer}" in tekst
    assert indiening.sha256 in plat  # the submission decided on
    voorwaarden = context_van(besluit)["voorwaarden"]
    assert {v["moment"] for v in voorwaarden} == {"Z", "6", "kwaliteitsverslag"}
    for v in voorwaarden:  # every voorwaarde, with its date
        assert _plat(f"{v['titel']}") in plat and _plat(v["datum"]) in plat, v
    assert "Gewogen in het gesprek" in tekst and _plat(BEVINDING) in plat  # the signal, as weighed
    assert "Aandeel onderaanneming" in tekst
    bezwaar = re.search(r"Bezwaar .*?binnen (\d+) kalenderdagen na de datum van deze brief bezwaar maken", tekst)
    assert bezwaar and int(bezwaar.group(1)) == ronde.regelset.bezwaar_termijn_dagen, tekst[-2000:]
