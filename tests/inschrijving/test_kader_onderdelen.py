"""The parts of an inschrijving the kader names and the portal once lacked (issue 8, "the missing rules"):

- the financieel plan of 002 §4.10 for types 2 and 3: a general explanation, an omzetprognose, own enkelvoudige
  jaarrekeningen of contract year −3 and −2 (starter exemption), a (grand)parent's consolidated ones (no exemption),
  a begroting with opbrengsten and kosten per domein (Wlz, Wmo, Zvw, other);
- the bedrijfsplan's parts: distinctiveness and the governance code in practice required, "ervaring" only "indien
  van toepassing";
- a volmacht, seen by the signing-authority check (002 §4.9: "Bevoegdheid van ondertekenaar moet blijken uit het
  afschrift of er moet een volmacht zijn");
- bijlage 1 of the instemmingsverklaring (002 §4.1), with the same share signal as bijlage 2;
- the duty of 1a and 1b to report changes "en eventuele gewijzigde documenten aan[te]leveren" (002 §4.5).

Each is shown through the pages the aanbieder uses and the findings the voorcontrole and the zorginkoper read.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from inschrijving import services
from inschrijving.dossier import dossier_van
from inschrijving.evaluator import GEWOGEN, HANDMATIG, VOLDOET, VOLDOET_NIET, handmatige_controles
from inschrijving.models import Bestuursverklaring, Instemmingsverklaring, Ondernemingsplan
from tests.inschrijving.maak import nieuwe_inschrijving, pdf_upload, volledige_inschrijving

pytestmark = pytest.mark.django_db


def _uitkomsten(inschrijving):
    return {b.regel: b for b in services.voorcontrole(inschrijving)}


def _upload(inschrijving, door, code):
    documenttype = inschrijving.eis().documenten.get(code=code)
    return services.document_toevoegen(inschrijving=inschrijving, documenttype=documenttype,
                                       upload=pdf_upload(f"{code}.pdf", documenttype.naam), gegevens={}, door=door)


# --- the financieel plan and the bedrijfsplan (002 §4.10) -------------------------------------------------------


def _plan_formulier(**anders) -> dict:
    data = {
        "sectoren": ["vv"], "leveringsvormen": ["verblijf"], "prestaties": "ZZP VV 5",
        "verwacht_aantal_clienten": "18", "gemeenten_locaties": "Utrecht", "personeel_aantal": "22",
        "personeel_niveau": "MBO-3 en MBO-4", "samenwerking": "Met de wijkteams",
        "onderscheidend": "Kleinschalig wonen voor jonge mensen met dementie",
        "governancecode_praktijk": "De raad van toezicht evalueert de code jaarlijks met het bestuur",
        "financiele_toelichting": "Solvabiliteit 28%, geen externe financiering",
        "omzetprognose": "EUR 1,6 mln Wlz bij 18 cliënten",
        "moedermaatschappij": "nee", "eigen_vermogen": "310000,00", "verwacht_resultaat": "45000",
        "begroting_wlz_opbrengsten": "1600000,00", "begroting_wlz_kosten": "1540000",
        "begroting_wmo_opbrengsten": "", "begroting_wmo_kosten": "",
        "begroting_zvw_opbrengsten": "", "begroting_zvw_kosten": "",
        "begroting_overig_opbrengsten": "", "begroting_overig_kosten": "",
    }
    data.update(anders)
    return data


def test_type_2_vult_het_financieel_plan_per_domein_in_het_formulier_in(client):
    """A bestaande zorgaanbieder new to this zorgkantoor (type 2) hands in a beknopt plan: bedrijfsplan and
    financieel plan with its begroting per domein, Dutch amounts with a decimal comma."""
    inschrijving, bestuurder = nieuwe_inschrijving("2")
    assert inschrijving.eis().ondernemingsplan == "beknopt"
    client.force_login(bestuurder)
    url = reverse("inschrijving:ondernemingsplan", args=[inschrijving.pk])
    pagina = client.get(url).content.decode()
    for label in ("Begroting Wlz opbrengsten", "Begroting Zvw kosten", "Omzetprognose",
                  "Governancecode Zorg in de praktijk", "(groot)moedermaatschappij"):
        assert label.lower() in pagina.lower(), label
    assert 'name="bestuur"' not in pagina  # organisatie-inrichting is the volledig plan's

    antwoord = client.post(url, _plan_formulier(begroting_wmo_opbrengsten="120000,50",
                                                begroting_wmo_kosten="100000"))
    assert antwoord.status_code == 302
    plan = Ondernemingsplan.objects.get(inschrijving=inschrijving)
    assert plan.begroting_per_domein() == {
        "wlz": {"opbrengsten": Decimal("1600000.00"), "kosten": Decimal("1540000.00")},
        "wmo": {"opbrengsten": Decimal("120000.50"), "kosten": Decimal("100000.00")},
        "zvw": {"opbrengsten": None, "kosten": None}, "overig": {"opbrengsten": None, "kosten": None}}
    assert plan.moedermaatschappij is False
    assert _uitkomsten(inschrijving)["plan.volledig"].uitkomst == VOLDOET


def test_een_onleesbaar_bedrag_krijgt_een_nederlandse_melding_en_de_rest_blijft_staan(client):
    inschrijving, bestuurder = nieuwe_inschrijving("2")
    client.force_login(bestuurder)
    url = reverse("inschrijving:ondernemingsplan", args=[inschrijving.pk])
    antwoord = client.post(url, _plan_formulier(begroting_wlz_kosten="veel"))
    assert antwoord.status_code == 200
    pagina = antwoord.content.decode()
    assert "Voer een getal in." in pagina
    assert "Solvabiliteit 28%, geen externe financiering" in pagina  # nothing typed is lost


def test_een_leeg_plan_noemt_de_onderdelen_van_paragraaf_4_10_en_niet_de_ervaring():
    inschrijving, _b = nieuwe_inschrijving("3")
    Ondernemingsplan.objects.create(inschrijving=inschrijving)
    b = _uitkomsten(inschrijving)["plan.volledig"]
    assert b.uitkomst == VOLDOET_NIET and b.bron == "002 §4.10"
    for onderdeel in ("onderscheidend vermogen", "de Governancecode Zorg in de praktijk",
                      "algemene toelichting op de financiële positie", "omzetprognose",
                      "of er een (groot)moedermaatschappij is", "begroting Wlz: opbrengsten", "begroting Wlz: kosten"):
        assert onderdeel in b.toelichting, onderdeel
    assert "ervaring" not in b.toelichting  # "Indien van toepassing" (§4.10)
    assert "Wmo" not in b.toelichting  # another domein only once it is used


def test_een_half_ingevuld_domein_vraagt_de_andere_helft():
    inschrijving, _b = volledige_inschrijving("3")
    Ondernemingsplan.objects.filter(inschrijving=inschrijving).update(begroting_zvw_kosten=Decimal("5000"))
    b = _uitkomsten(inschrijving)["plan.volledig"]
    assert b.uitkomst == VOLDOET_NIET
    assert b.toelichting == "Nog in te vullen: begroting Zvw: opbrengsten."


def test_een_begroting_met_meer_kosten_dan_opbrengsten_is_een_signaal_geen_uitsluiting():
    """§4.10: "een positief resultaat verwacht"; §4.6 weighs the financial position after the gesprek."""
    inschrijving, _b = volledige_inschrijving("3")
    Ondernemingsplan.objects.filter(inschrijving=inschrijving).update(
        begroting_wlz_opbrengsten=Decimal("1000000"), begroting_wlz_kosten=Decimal("990000"),
        begroting_wmo_opbrengsten=Decimal("50000"), begroting_wmo_kosten=Decimal("70000"))
    b = _uitkomsten(inschrijving)["plan.financieel"]
    assert b.uitkomst == GEWOGEN
    assert "de begroting toont geen positief saldo van opbrengsten en kosten (EUR -10.000,00)" in b.toelichting


@pytest.mark.parametrize("aanbieder_type", ["2", "3"])
def test_types_2_en_3_leveren_hun_jaarrekeningen_bij_het_financieel_plan(aanbieder_type):
    inschrijving, _b = nieuwe_inschrijving(aanbieder_type)
    codes = set(inschrijving.eis().documenten.values_list("code", flat=True))
    assert {"jaarrekening_t3", "jaarrekening_t2", "jaarrekening_moeder_t3", "jaarrekening_moeder_t2"} <= codes
    uitkomsten = _uitkomsten(inschrijving)
    assert uitkomsten["document.jaarrekening_t3.aanwezig"].uitkomst == VOLDOET_NIET
    assert uitkomsten["document.jaarrekening_t2.aanwezig"].uitkomst == VOLDOET_NIET
    assert "document.jaarrekening_moeder_t3.aanwezig" not in uitkomsten


@pytest.mark.parametrize("aanbieder_type", ["1a", "1b"])
def test_bestaande_zorgaanbieders_leveren_geen_jaarrekeningen(aanbieder_type):
    inschrijving, _b = nieuwe_inschrijving(aanbieder_type)
    assert not inschrijving.eis().documenten.filter(code__startswith="jaarrekening").exists()


# --- the volmacht (002 §4.9) --------------------------------------------------------------------------------------


def test_zonder_bevoegdheid_uit_het_uittreksel_is_een_volmacht_vereist_en_ziet_de_zorginkoper_hem():
    inschrijving, bestuurder = volledige_inschrijving("3")
    assert "document.volmacht.aanwezig" not in _uitkomsten(inschrijving)  # authority on the uittreksel
    Bestuursverklaring.objects.filter(inschrijving=inschrijving).update(bevoegdheid_uit_kvk=False)
    b = _uitkomsten(inschrijving)["document.volmacht.aanwezig"]
    assert (b.uitkomst, b.stap, b.onderdeel) == (VOLDOET_NIET, "volledigheid", "document:volmacht")
    assert b.titel == "Volmacht van de ondertekenaar ontbreekt"

    volmacht = _upload(inschrijving, bestuurder, "volmacht")
    assert _uitkomsten(inschrijving)["document.volmacht.aanwezig"].uitkomst == VOLDOET
    controles = handmatige_controles(dossier_van(inschrijving))
    controle = next(c for c in controles if c.regel == "handmatig.kvk_bevoegdheid")
    assert controle.uitkomst == HANDMATIG and controle.onderdeel == "document:kvk_uittreksel"
    assert "die verklaart dat de bevoegdheid uit een volmacht blijkt" in controle.toelichting
    assert f"Volmacht aangeleverd: volmacht.pdf (versie 1, SHA-256 {volmacht.sha256})" in controle.toelichting
    assert controle.bewijs["volmacht"] == {"document_id": volmacht.pk, "versie": 1, "sha256": volmacht.sha256}


def test_de_vraag_naar_de_bevoegdheid_hoort_bij_de_verklaring_van_type_3():
    inschrijving, _b = volledige_inschrijving("3")
    Bestuursverklaring.objects.filter(inschrijving=inschrijving).update(bevoegdheid_uit_kvk=None)
    b = _uitkomsten(inschrijving)["verklaring.volledig"]
    assert b.uitkomst == VOLDOET_NIET
    assert "of uw bevoegdheid als ondertekenaar uit het KvK-uittreksel blijkt" in b.toelichting
    # Type 2 submits no uittreksel (002 §4.5 punt 3): nothing to ask.
    type2, _bestuurder = nieuwe_inschrijving("2")
    services.verklaring_van(type2, "bestuur")
    assert "bevoegdheid" not in _uitkomsten(type2)["verklaring.volledig"].toelichting


def test_het_verklaringsformulier_vraagt_de_bevoegdheid_alleen_waar_een_volmacht_kan_horen(client):
    drie, bestuurder3 = nieuwe_inschrijving("3")
    twee, bestuurder2 = nieuwe_inschrijving("2")
    client.force_login(bestuurder3)
    assert 'name="bevoegdheid_uit_kvk"' in client.get(
        reverse("inschrijving:verklaring", args=[drie.pk])).content.decode()
    client.force_login(bestuurder2)
    assert 'name="bevoegdheid_uit_kvk"' not in client.get(
        reverse("inschrijving:verklaring", args=[twee.pk])).content.decode()


# --- bijlage 1 of the instemmingsverklaring (002 §4.1) -----------------------------------------------------------


def _instemming_formulier(**anders) -> dict:
    from inschrijving.verklaringen import INSTEMMINGEN

    data = {"ondertekenaar_naam": "Ineke Instem", "ondertekenaar_functie": "bestuurder", "geen_wijzigingen": "ja",
            "werkt_met_onderaannemers": "ja", "oa-TOTAL_FORMS": "2", "oa-INITIAL_FORMS": "0",
            "oa-0-naam": "Thuiszorg West", "oa-0-kvk_nummer": "11223344", "oa-0-adres": "West 1, Leiden",
            "oa-0-levering": "VPT", "oa-0-aandeel": "25",
            "oa-1-naam": "ZZP Jansen", "oa-1-kvk_nummer": "55667788", "oa-1-adres": "Oost 2, Leiden",
            "oa-1-levering": "begeleiding", "oa-1-aandeel": "15,5"}
    data |= {f"in_{code}": "ja" for code, _t in INSTEMMINGEN}
    data.update(anders)
    return data


def test_bijlage_1_van_de_instemmingsverklaring_met_hetzelfde_signaal_als_bijlage_2(client):
    inschrijving, bestuurder = nieuwe_inschrijving("1a")
    client.force_login(bestuurder)
    url = reverse("inschrijving:verklaring", args=[inschrijving.pk])
    assert "Bijlage 1: onderaannemerschap" in client.get(url).content.decode()
    assert client.post(url, _instemming_formulier()).status_code == 302

    verklaring = Instemmingsverklaring.objects.get(inschrijving=inschrijving)
    assert verklaring.werkt_met_onderaannemers is True
    assert [(o.naam, o.aandeel) for o in verklaring.onderaannemers.all()] == [
        ("Thuiszorg West", Decimal("25.00")), ("ZZP Jansen", Decimal("15.50"))]
    uitkomsten = _uitkomsten(inschrijving)
    assert uitkomsten["verklaring.volledig"].uitkomst == VOLDOET
    b = uitkomsten["verklaring.onderaanneming"]
    assert b.uitkomst == GEWOGEN and b.kracht == "signaal"
    assert b.toelichting == ("Onderaannemers leveren samen 40.50% van de zorg; de richtlijn is ten hoogste 33.33% "
                             "(u levert ten minste twee derde zelf). Licht in bijlage 1 toe waarom het aandeel hoger "
                             "is; het zorgkantoor weegt dit.")


def test_bijlage_1_onbeantwoord_maakt_de_instemmingsverklaring_onvolledig(client):
    inschrijving, bestuurder = nieuwe_inschrijving("1a")
    client.force_login(bestuurder)
    client.post(reverse("inschrijving:verklaring", args=[inschrijving.pk]),
                _instemming_formulier(werkt_met_onderaannemers="", **{"oa-TOTAL_FORMS": "0"}))
    b = _uitkomsten(inschrijving)["verklaring.volledig"]
    assert b.uitkomst == VOLDOET_NIET
    assert "bijlage 1: of u met onderaannemers werkt" in b.toelichting


# --- changes reported by 1a and 1b, with the changed documents (002 §4.5) -----------------------------------------


def test_type_1b_meldt_wijzigingen_met_de_gewijzigde_documenten_en_de_zorginkoper_beoordeelt_ze(client):
    inschrijving, bestuurder = volledige_inschrijving("1b")
    client.force_login(bestuurder)
    url = reverse("inschrijving:verklaring", args=[inschrijving.pk])
    assert 'name="geen_wijzigingen"' in client.get(url).content.decode()
    assert _uitkomsten(inschrijving)["verklaring.wijzigingen"].uitkomst == VOLDOET

    Bestuursverklaring.objects.filter(inschrijving=inschrijving).update(
        geen_wijzigingen=False, wijzigingen="Nieuwe bestuurder per 1 maart.")
    b = _uitkomsten(inschrijving)["verklaring.wijzigingen"]
    assert (b.uitkomst, b.kracht) == (HANDMATIG, "oordeel")
    assert "Er zijn geen gewijzigde documenten aangeleverd" in b.toelichting

    doc = _upload(inschrijving, bestuurder, "gewijzigde_documenten")
    b = _uitkomsten(inschrijving)["verklaring.wijzigingen"]
    assert b.toelichting.startswith("Gemeld: Nieuwe bestuurder per 1 maart. Gewijzigde documenten aangeleverd: "
                                    "gewijzigde_documenten.pdf (versie 1).")
    assert b.bewijs == {"document_id": doc.pk, "versie": 1, "sha256": doc.sha256}
    assert _uitkomsten(inschrijving)["document.gewijzigde_documenten.aanwezig"].uitkomst == VOLDOET


def test_wijzigingen_zonder_beschrijving_zijn_onvolledig_en_zonder_wijzigingen_geen_documenten_vereist():
    inschrijving, _b = volledige_inschrijving("1b")
    assert "document.gewijzigde_documenten.aanwezig" not in _uitkomsten(inschrijving)
    Bestuursverklaring.objects.filter(inschrijving=inschrijving).update(geen_wijzigingen=False, wijzigingen="")
    b = _uitkomsten(inschrijving)["verklaring.volledig"]
    assert b.uitkomst == VOLDOET_NIET and "de beschrijving van de wijzigingen" in b.toelichting


# --- the polisblad's own date (002 §4.9: "op de datum van inschrijving een schadeverzekering afgesloten") --------


def test_het_polisblad_formulier_vraagt_de_datum_van_het_polisblad_en_de_controle_gebruikt_hem(client):
    inschrijving, bestuurder = volledige_inschrijving("3")
    client.force_login(bestuurder)
    url = reverse("inschrijving:document", args=[inschrijving.pk, "polisblad"])
    pagina = client.get(url).content.decode()
    assert "Datum van het polisblad" in pagina and "op de datum van inschrijving was" in pagina
    naam = inschrijving.zorgaanbieder.statutaire_naam
    antwoord = client.post(url, {"bestand": pdf_upload("polis.pdf", "Polisblad"), "afgiftedatum": "2020-03-01",
                                 "verzekerd_bedrag": "2500000", "verzekeringnemer": naam,
                                 "polis_ingangsdatum": f"{inschrijving.ronde.contractjaar + 1}-01-01"})
    assert antwoord.status_code == 302
    polis = next(d for d in dossier_van(inschrijving)["documenten"] if d["code"] == "polisblad")
    assert (polis["afgiftedatum"], polis["versie"]) == ("2020-03-01", 2)
    b = _uitkomsten(inschrijving)["document.polisblad.ingangsdatum"]
    assert "het polisblad is gedateerd op 1 maart 2020" in b.toelichting
