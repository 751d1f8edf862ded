"""In headless Chromium: a zorgaanbieder prepares, checks and submits an inschrijving, end to end.

Everything goes through the browser as a user would: the login form, the dashboard, the verklaring and
ondernemingsplan forms, real PDF uploads with their details, the voorcontrole, signing with the password
and downloading the ontvangstbevestiging. The pages a user fills in pass axe-core.
"""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from inschrijving.demo import maak_demo
from inschrijving.models import Document, Inschrijving
from inschrijving.verklaringen import GESCHIKTHEIDSEISEN, INSTEMMINGEN, UITSLUITINGSGRONDEN, WIE
from tests.e2e.hulp import inloggen
from tests.e2e.hulp import toegankelijkheid as _toegankelijkheid
from tests.e2e.hulp import unieke_ids as _unieke_ids
from tests.inschrijving.maak import geldige_gegevens
from tests.pdfs import maak_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ZORGKANTOOR = "Zorgkantoor Amstelland"
NIEUW_BEGIN = "GGZ Nieuw Begin B.V."
DE_LINDE = "Stichting Zorggroep De Linde"


def _inloggen(page, gebruikersnaam):
    inloggen(page, gebruikersnaam)
    page.wait_for_url("**/aanbieder/")


def _inschrijving_starten(page, organisatie) -> Inschrijving:
    """From the dashboard: start the inschrijving at Zorgkantoor Amstelland; lands on its overview."""
    assert page.get_by_role("heading", name=organisatie).is_visible()
    page.get_by_role("button", name=f"Inschrijving starten {ZORGKANTOOR}").click()
    page.wait_for_url(re.compile(r"/inschrijving/\d+/$"))
    inschrijving = Inschrijving.objects.get(zorgaanbieder__statutaire_naam=organisatie,
                                            zorgkantoor__naam=ZORGKANTOOR)
    assert page.url.endswith(f"/inschrijving/{inschrijving.pk}/")
    assert page.get_by_role("heading", name=f"Inschrijving bij {ZORGKANTOOR}").is_visible()
    return inschrijving


def _naar_overzicht(page, inschrijving):
    page.get_by_role("link", name=f"{inschrijving.zorgkantoor.naam} – {inschrijving.ronde.naam}").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/")


def _melding(page, tekst):
    assert page.get_by_role("status").filter(has_text=tekst).is_visible(), page.locator("main").inner_text()


def _pdf(tmp_path: Path, naam: str, tekst: str) -> Path:
    pad = tmp_path / naam
    pad.write_bytes(maak_pdf(tekst))
    return pad


def _voorcontrole(page, inschrijving):
    page.get_by_role("link", name="Bekijk de voorcontrole").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/voorcontrole/")
    return page.get_by_test_id("voorcontrole-status")


def _kies(page, naam, waarde):
    """Tick one radio button of a ja/nee question (their labels are all "Ja" or "Nee")."""
    page.locator(f"input[type=radio][name='{naam}'][value='{waarde}']").check()


def _ontvangstbevestiging(page, inschrijving) -> str:
    """On the "ontvangen" page: check time and hash, download the receipt; return its text."""
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/ingediend/1/")
    assert page.get_by_role("heading", name="Uw inschrijving is ontvangen").is_visible()
    _melding(page, "Uw inschrijving is ontvangen.")
    indiening = inschrijving.indieningen.get()
    assert re.fullmatch(r"\d{1,2} [a-z]+ \d{4}, \d{2}:\d{2}:\d{2} \(Nederlandse tijd\)",
                        page.get_by_test_id("ontvangen-op").inner_text().strip())
    assert re.fullmatch(r"[0-9a-f]{64}", indiening.sha256)
    assert page.locator("dd.hash").inner_text().strip() == indiening.sha256
    _toegankelijkheid(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ontvangstbevestiging downloaden (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"ontvangstbevestiging-{inschrijving.pk}-1.pdf"
    inhoud = Path(download.path()).read_bytes()
    assert inhoud.startswith(b"%PDF-")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages)


def _zonder_witruimte(tekst: str) -> str:
    return re.sub(r"\s+", "", tekst)


def _ondertekenen(page, inschrijving):
    page.get_by_role("link", name="Controleren en indienen").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/indienen/")
    assert page.get_by_role("heading", name="Controleren en indienen").is_visible()
    # Green: no "ondanks de punten" checkbox is asked for.
    assert page.get_by_label("Ik wil indienen ondanks de punten uit de voorcontrole.").count() == 0
    _toegankelijkheid(page)
    # Signed in with the password minutes ago: the declaration signs, the password is not asked again.
    assert page.get_by_test_id("wachtwoord-recent").is_visible()
    assert page.locator("input[type=password]").count() == 0
    page.get_by_label("Ik verklaar dat de inschrijving naar waarheid is ingevuld").check()
    page.get_by_role("button", name="Ondertekenen en indienen").click()


def test_nieuwe_zorgaanbieder_vult_alles_in_en_dient_in(page, tmp_path):
    maak_demo()
    _inloggen(page, "nieuwbegin.bestuurder")
    inschrijving = _inschrijving_starten(page, NIEUW_BEGIN)

    # The overview explains the aanbiedertype.
    assert page.get_by_role("heading", name="Uw aanbiedertype: 3 – nieuwe zorgaanbieder").is_visible()
    reden = page.get_by_test_id("type-reden").inner_text()
    assert "nieuwe" in reden and reden == inschrijving.type_reden
    _toegankelijkheid(page)

    # Nothing is filled in yet: the voorcontrole is red and lists what to fix.
    status = _voorcontrole(page, inschrijving)
    assert "alert-danger" in status.get_attribute("class")
    assert re.search(r"\d+ punten moet u nog herstellen", status.inner_text())
    assert page.locator("[data-uitkomst=voldoet_niet]").count() > 0
    assert page.locator("[data-regel='verklaring.aanwezig'][data-uitkomst=voldoet_niet]").is_visible()
    assert page.locator("[data-regel='document.polisblad.aanwezig'][data-uitkomst=voldoet_niet]").is_visible()
    _toegankelijkheid(page)
    _naar_overzicht(page, inschrijving)

    # The bestuursverklaring, in the browser.
    page.get_by_role("link", name="Invullen Bestuursverklaring").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/verklaring/")
    assert page.get_by_role("heading", name="Bestuursverklaring", exact=True).is_visible()
    _toegankelijkheid(page)
    page.get_by_label("Naam ondertekenaar").fill("Bea Bestuur")
    page.get_by_label("Functie ondertekenaar").fill("Bestuurder")
    _kies(page, "bevoegdheid_uit_kvk", "ja")
    for code, _vraag, _artikel in UITSLUITINGSGRONDEN:
        for wie, _label in WIE:
            _kies(page, f"ug_{code}_{wie}", "nee")
    for code, _tekst in GESCHIKTHEIDSEISEN:
        _kies(page, f"ge_{code}", "ja")
    _kies(page, "werkt_met_onderaannemers", "nee")
    page.get_by_label("Akkoord met de voorwaarden van het inkoopkader").check()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/")
    _melding(page, "De verklaring is opgeslagen.")
    verklaring = inschrijving.bestuursverklaring
    assert verklaring.ondertekenaar_naam == "Bea Bestuur"
    assert all(v is False for antwoorden in verklaring.uitsluitingsgronden.values() for v in antwoorden.values())
    assert all(verklaring.geschiktheid.values()) and verklaring.werkt_met_onderaannemers is False
    assert verklaring.akkoord_voorwaarden
    # Opened again, every answer is still ticked.
    page.get_by_role("link", name="Invullen Bestuursverklaring").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/verklaring/")
    assert page.locator("input[type=radio][value=nee]:checked").count() == 2 * len(UITSLUITINGSGRONDEN) + 1
    assert page.locator("input[type=radio][value=ja]:checked").count() == len(GESCHIKTHEIDSEISEN) + 1
    assert page.get_by_label("Akkoord met de voorwaarden van het inkoopkader").is_checked()
    _naar_overzicht(page, inschrijving)

    # The volledig ondernemingsplan.
    page.get_by_role("link", name="Invullen ondernemingsplan").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/ondernemingsplan/")
    _toegankelijkheid(page)
    page.get_by_label("Raad van bestuur / directie").fill("Bea Bestuur, bestuurder")
    page.get_by_label("Leden van het toezichthoudend orgaan").fill("Tineke Toezicht\nUlrich Uitzicht")
    page.get_by_label("Cliëntenraad of andere cliëntenmedezeggenschap").fill("Cliëntenraad in oprichting")
    page.get_by_label("Toelichting holdingstructuur").fill("Geen holding")
    page.get_by_label("Missie", exact=True).fill("Goede GGZ dichtbij huis")
    page.get_by_label("Strategie", exact=True).fill("Kleinschalig wonen in de wijk")
    page.get_by_label("Geestelijke gezondheidszorg (GGZ)").check()
    page.get_by_label("Verblijf in een instelling").check()
    page.get_by_label("Prestaties (NZa-prestaties)").fill("ZZP GGZ-B")
    page.get_by_label("Verwacht aantal cliënten").fill("24")
    page.get_by_label("Aantal medewerkers (fte)").fill("30")
    page.get_by_label("Gemeenten en locaties").fill("Amsterdam, Zorgstraat 1")
    page.get_by_label("Deskundigheidsniveau van het personeel").fill("HBO-V en MBO-4")
    page.get_by_label("Wmo", exact=True).check()
    page.get_by_label("Samenwerking in de keten").fill("Met de huisartsen en de wijkteams")
    page.get_by_label("Onderscheidend vermogen").fill("Herstelgerichte zorg")
    page.get_by_label("Eigen vermogen (EUR)").fill("250000")
    page.get_by_label("Verwacht resultaat contractjaar (EUR)").fill("40000")
    page.get_by_label("Governancecode Zorg in de praktijk").fill("De raad van toezicht toetst de naleving jaarlijks")
    page.get_by_label("Algemene toelichting op de financiële positie").fill("Solvabiliteit 30%")
    page.get_by_label("Omzetprognose").fill("EUR 2,4 mln Wlz bij 24 cliënten")
    _kies(page, "moedermaatschappij", "nee")
    page.get_by_label("Begroting Wlz opbrengsten (EUR)").fill("2400000")
    page.get_by_label("Begroting Wlz kosten (EUR)").fill("2350000,50")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/")
    _melding(page, "Het ondernemingsplan is opgeslagen.")
    plan = inschrijving.ondernemingsplan
    plan.refresh_from_db()
    assert plan.sectoren == ["ggz"] and plan.toezichthouders.splitlines() == ["Tineke Toezicht", "Ulrich Uitzicht"]
    assert (plan.eigen_vermogen, plan.verwacht_resultaat) == (250000, 40000)
    assert plan.begroting_per_domein()["wlz"] == {"opbrengsten": 2400000, "kosten": Decimal("2350000.50")}
    assert plan.moedermaatschappij is False
    # Opened again, the amounts are still there (in Dutch notation) and saving again keeps them.
    page.get_by_role("link", name="Invullen ondernemingsplan").click()
    assert page.get_by_label("Eigen vermogen (EUR)").input_value() in ("250000,00", "250.000,00")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/")
    plan.refresh_from_db()
    assert (plan.eigen_vermogen, plan.verwacht_resultaat) == (250000, 40000)
    assert plan.begroting_per_domein()["wlz"] == {"opbrengsten": 2400000, "kosten": Decimal("2350000.50")}

    # Every document required at inschrijving, as a real PDF with valid details (not the volmacht or a parent's
    # jaarrekeningen: the authority is on the uittreksel and there is no parent).
    documenttypen = list(inschrijving.eis().documenten.filter(moment="I", voorwaarde="").order_by("volgorde"))
    assert {d.code for d in documenttypen} >= {"kvk_uittreksel", "vog_rp", "polisblad", "statuten",
                                               "jaarrekening_t3", "jaarrekening_t2"}
    for documenttype in documenttypen:
        page.get_by_role("link", name=f"Uploaden {documenttype.naam}").click()
        page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/documenten/{documenttype.code}/")
        if documenttype.code == "vog_rp":  # the upload form with the most kinds of fields
            _toegankelijkheid(page)
        page.get_by_label("Bestand (PDF)").set_input_files(
            _pdf(tmp_path, f"{documenttype.code}.pdf", f"{documenttype.naam} van {NIEUW_BEGIN}"))
        gegevens = geldige_gegevens(documenttype.code, inschrijving)
        if "afgiftedatum" in gegevens:
            page.get_by_label("Afgiftedatum").fill(gegevens["afgiftedatum"].isoformat())
        if "rechtspersoon" in gegevens:
            page.get_by_label("Rechtspersoon op het document").fill(NIEUW_BEGIN)
        if "vog_soort" in gegevens:
            page.get_by_label("Soort verklaring").select_option(label="VOG rechtspersoon (RP)")
            _kies(page, "vog_voor_deze_procedure", "ja")
        if "verzekerd_bedrag" in gegevens:
            page.get_by_label("Verzekerd bedrag per gebeurtenis (EUR)").fill("2500000")
            page.get_by_label("Ingangsdatum van de polis").fill(f"{inschrijving.ronde.contractjaar}-01-01")
            page.get_by_label("Verzekeringnemer").fill(NIEUW_BEGIN)
        page.get_by_role("button", name="Uploaden").click()
        page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/")
        _melding(page, f"{documenttype.naam} is opgeslagen (versie 1).")
    documenten = {d.documenttype.code: d for d in Document.objects.filter(inschrijving=inschrijving)}
    assert set(documenten) == {d.code for d in documenttypen}
    assert documenten["polisblad"].verzekerd_bedrag == 2500000
    assert documenten["vog_rp"].vog_soort == "rp" and documenten["vog_rp"].vog_voor_deze_procedure is True

    # Now everything is in order.
    assert "alert-success" in page.get_by_test_id("voorcontrole-samenvatting").get_attribute("class")
    status = _voorcontrole(page, inschrijving)
    assert "alert-success" in status.get_attribute("class")
    assert status.inner_text().strip().startswith("Alles in orde")
    assert page.locator("[data-uitkomst=voldoet_niet]").count() == 0
    _toegankelijkheid(page)
    _naar_overzicht(page, inschrijving)

    _ondertekenen(page, inschrijving)
    tekst = _ontvangstbevestiging(page, inschrijving)
    inschrijving.refresh_from_db()
    assert inschrijving.status == "ingediend"
    assert NIEUW_BEGIN in tekst
    plat = _zonder_witruimte(tekst)
    assert documenten["polisblad"].sha256 in plat
    assert all(d.sha256 in plat for d in documenten.values())


def test_bestaande_zorgaanbieder_1a_stemt_in_en_dient_in(page):
    maak_demo()
    _inloggen(page, "linde.bestuurder")
    inschrijving = _inschrijving_starten(page, DE_LINDE)
    assert page.get_by_role("heading", name="Uw aanbiedertype: 1a – bestaand voor het zorgkantoor, "
                                             "meerjarige overeenkomst").is_visible()
    assert page.get_by_test_id("type-reden").inner_text() == inschrijving.type_reden != ""
    # Type 1a submits only the instemmingsverklaring: no plan, and no documents but changed ones, if any.
    assert page.get_by_role("link", name="Invullen ondernemingsplan").count() == 0
    assert page.get_by_role("link", name=re.compile("^Uploaden ")).count() == 1
    assert page.get_by_role("link", name="Uploaden Gewijzigde documenten").is_visible()
    assert page.get_by_test_id("voorwaarde-gewijzigde_documenten").inner_text() == (
        "Alleen als er wijzigingen zijn sinds de vorige inschrijving (nooit verplicht).")

    page.get_by_role("link", name="Invullen Instemmingsverklaring").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/verklaring/")
    assert page.get_by_role("heading", name="Instemmingsverklaring", exact=True).is_visible()
    _toegankelijkheid(page)
    page.get_by_label("Naam ondertekenaar").fill("Bea Bestuur")
    page.get_by_label("Functie ondertekenaar").fill("Voorzitter raad van bestuur")
    for code, _tekst in INSTEMMINGEN:
        _kies(page, f"in_{code}", "ja")
    _kies(page, "geen_wijzigingen", "ja")
    _kies(page, "werkt_met_onderaannemers", "nee")  # bijlage 1
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/")
    _melding(page, "De verklaring is opgeslagen.")
    assert "alert-success" in page.get_by_test_id("voorcontrole-samenvatting").get_attribute("class")

    status = _voorcontrole(page, inschrijving)
    assert status.inner_text().strip().startswith("Alles in orde")
    _naar_overzicht(page, inschrijving)
    _ondertekenen(page, inschrijving)
    tekst = _ontvangstbevestiging(page, inschrijving)
    assert DE_LINDE in tekst and ZORGKANTOOR in tekst


def test_medewerker_kan_niet_ondertekenen(page):
    maak_demo()
    _inloggen(page, "nieuwbegin.medewerker")
    inschrijving = _inschrijving_starten(page, NIEUW_BEGIN)
    page.get_by_role("link", name="Controleren en indienen").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/indienen/")
    assert page.get_by_role("status").filter(
        has_text="Alleen een tekenbevoegde bestuurder van uw organisatie kan de inschrijving ondertekenen").is_visible()
    assert page.get_by_label("Uw wachtwoord").count() == 0
    assert page.locator("input[type=password]").count() == 0
    assert page.get_by_role("button", name="Ondertekenen en indienen").count() == 0
    assert not inschrijving.indieningen.exists()


def test_foute_invoer_blijft_staan(page, tmp_path):
    maak_demo()
    _inloggen(page, "nieuwbegin.bestuurder")
    inschrijving = _inschrijving_starten(page, NIEUW_BEGIN)
    contractstart = f"{inschrijving.ronde.contractjaar}-01-01"

    # A valid PDF with an amount that is no number: the file is kept, the amount is asked again.
    page.get_by_role("link", name="Uploaden Polisblad aansprakelijkheidsverzekering").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/documenten/polisblad/")
    page.get_by_label("Bestand (PDF)").set_input_files(_pdf(tmp_path, "polis.pdf", f"Polisblad {NIEUW_BEGIN}"))
    page.get_by_label("Verzekerd bedrag per gebeurtenis (EUR)").fill("abc")
    page.get_by_label("Ingangsdatum van de polis").fill(contractstart)
    page.get_by_label("Verzekeringnemer").fill(NIEUW_BEGIN)
    page.get_by_role("button", name="Uploaden").click()
    page.wait_for_load_state()
    _melding(page, "Het bestand is opgeslagen. Corrigeer de gemarkeerde gegevens.")
    assert page.get_by_text("Bestand: polis.pdf (opgeslagen).").is_visible()
    assert page.get_by_role("link", name="polis.pdf").is_visible()  # in the list of versions
    bedrag = page.get_by_label("Verzekerd bedrag per gebeurtenis (EUR)")
    assert bedrag.input_value() == "abc"
    assert "is-invalid" in bedrag.get_attribute("class")
    assert "Voer een getal in." in page.locator("#div_id_verzekerd_bedrag").inner_text()
    assert page.get_by_label("Ingangsdatum van de polis").input_value() == contractstart
    assert page.get_by_label("Verzekeringnemer").input_value() == NIEUW_BEGIN
    document = Document.objects.get(inschrijving=inschrijving, documenttype__code="polisblad")
    assert (document.weergavenaam, document.verzekerd_bedrag, document.verzekeringnemer) == (
        "polis.pdf", None, NIEUW_BEGIN)
    _toegankelijkheid(page)

    # Correcting only the amount keeps the file.
    page.get_by_label("Verzekerd bedrag per gebeurtenis (EUR)").fill("2500000")
    page.get_by_role("button", name="Gegevens opslaan").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/")
    _melding(page, "De gegevens van Polisblad aansprakelijkheidsverzekering zijn opgeslagen.")
    document.refresh_from_db()
    assert document.verzekerd_bedrag == 2500000 and document.versie == 1

    # A text file renamed to .pdf: refused beside the file field, the typed details stay.
    nep = tmp_path / "polis-nep.pdf"
    nep.write_text("Dit is geen PDF maar platte tekst.\n" * 20)
    page.get_by_role("link", name="Vervangen Polisblad aansprakelijkheidsverzekering").click()
    page.wait_for_url(f"**/inschrijving/{inschrijving.pk}/documenten/polisblad/")
    # Two forms with the same fields (the upload and the details of the current version): each label must
    # point at its own input, so no id may occur twice.
    _unieke_ids(page)
    _toegankelijkheid(page)
    upload = page.locator("form").filter(has=page.get_by_role("button", name="Nieuwe versie uploaden"))
    upload.get_by_label("Bestand (PDF)").set_input_files(nep)
    upload.get_by_label("Verzekerd bedrag per gebeurtenis (EUR)").fill("3000000")
    upload.get_by_label("Ingangsdatum van de polis").fill(contractstart)
    upload.get_by_label("Verzekeringnemer").fill("GGZ Nieuw Begin Holding B.V.")
    upload.get_by_role("button", name="Nieuwe versie uploaden").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").filter(has_text="Niet alles is goed ingevuld").is_visible()
    assert "Dit bestand is geen PDF. Upload het document als PDF-bestand." in page.locator(
        "#div_id_bestand").inner_text()
    assert "is-invalid" in upload.get_by_label("Bestand (PDF)").get_attribute("class")
    assert upload.get_by_label("Verzekerd bedrag per gebeurtenis (EUR)").input_value() == "3000000"
    assert upload.get_by_label("Ingangsdatum van de polis").input_value() == contractstart
    assert upload.get_by_label("Verzekeringnemer").input_value() == "GGZ Nieuw Begin Holding B.V."
    # The form for the current version still shows what is stored.
    wijzigen = page.locator("form").filter(has=page.get_by_role("button", name="Gegevens opslaan"))
    assert wijzigen.get_by_label("Verzekerd bedrag per gebeurtenis (EUR)").input_value() == "2500000,00"
    assert wijzigen.get_by_label("Verzekeringnemer").input_value() == NIEUW_BEGIN
    _unieke_ids(page)
    # Nothing new was stored.
    assert list(Document.objects.filter(inschrijving=inschrijving).values_list("versie", flat=True)) == [1]
