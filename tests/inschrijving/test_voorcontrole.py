"""Every voorcontrole rule, passing and failing. The same evaluator runs after closing (one code path)."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from inschrijving import services
from inschrijving.evaluator import GEWOGEN, INREGELTIJD, VOLDOET, VOLDOET_NIET
from inschrijving.models import Bestuursverklaring, Document, Onderaannemer, Ondernemingsplan
from tests.inschrijving.maak import geldige_gegevens, nieuwe_inschrijving, volledige_inschrijving

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _uitkomsten(inschrijving):
    return {b.regel: b for b in services.voorcontrole(inschrijving)}


def _document(inschrijving, code):
    return Document.objects.get(inschrijving=inschrijving, documenttype__code=code, vervangen_op__isnull=True)


def _wijzig(inschrijving, door, code, **gegevens):
    services.document_gegevens_wijzigen(document=_document(inschrijving, code), gegevens=gegevens, door=door)


@pytest.fixture
def volledig():
    return volledige_inschrijving("3")


def test_volledige_inschrijving_is_groen(volledig):
    inschrijving, _b = volledig
    uitkomsten = _uitkomsten(inschrijving)
    assert [b.regel for b in uitkomsten.values() if b.uitkomst == VOLDOET_NIET] == []
    # Items due at the start of care or within six months may come later.
    assert uitkomsten["document.clientenraad.aanwezig"].uitkomst == INREGELTIJD
    assert uitkomsten["document.privacybeleid.aanwezig"].uitkomst == INREGELTIJD
    for regel in ("verklaring.volledig", "verklaring.uitsluitingsgronden", "verklaring.geschiktheid",
                  "verklaring.akkoord", "plan.volledig", "plan.financieel", "plan.toezichthouders",
                  "document.kvk_uittreksel.leeftijd", "document.vog_rp.soort", "document.polisblad.bedrag",
                  "document.polisblad.ingangsdatum", "document.polisblad.verzekeringnemer",
                  "document.wtzi_toelating.rechtspersoon"):
        assert uitkomsten[regel].uitkomst == VOLDOET, regel


def test_ontbrekend_document(volledig):
    inschrijving, _b = nieuwe_inschrijving("3")
    b = _uitkomsten(inschrijving)["document.statuten.aanwezig"]
    assert (b.uitkomst, b.stap, b.onderdeel) == (VOLDOET_NIET, "volledigheid", "document:statuten")
    assert "Statuten ontbreekt" in b.titel


def test_ontbrekende_verklaring_en_plan():
    inschrijving, _b = nieuwe_inschrijving("3")
    uitkomsten = _uitkomsten(inschrijving)
    assert uitkomsten["verklaring.aanwezig"].uitkomst == VOLDOET_NIET
    assert uitkomsten["plan.aanwezig"].uitkomst == VOLDOET_NIET


def test_onbeantwoorde_vraag_maakt_verklaring_onvolledig(volledig):
    inschrijving, _b = volledig
    v = inschrijving.bestuursverklaring
    del v.uitsluitingsgronden["fraude"]
    v.save()
    b = _uitkomsten(inschrijving)["verklaring.volledig"]
    assert b.uitkomst == VOLDOET_NIET and "fraude" in b.toelichting


def test_uitsluitingsgrond_ja(volledig):
    inschrijving, _b = volledig
    v = inschrijving.bestuursverklaring
    v.uitsluitingsgronden["witwassen"]["bestuurders"] = True
    v.save()
    b = _uitkomsten(inschrijving)["verklaring.uitsluitingsgronden"]
    assert b.uitkomst == VOLDOET_NIET
    assert "witwassen" in b.toelichting and "art. 2.86" in b.toelichting


def test_geschiktheidseis_en_akkoord(volledig):
    inschrijving, _b = volledig
    v = inschrijving.bestuursverklaring
    v.geschiktheid["governancecode"] = False
    v.akkoord_voorwaarden = False
    v.save()
    uitkomsten = _uitkomsten(inschrijving)
    assert uitkomsten["verklaring.geschiktheid"].uitkomst == VOLDOET_NIET
    assert uitkomsten["verklaring.akkoord"].uitkomst == VOLDOET_NIET


@pytest.mark.parametrize(("aandelen", "uitkomst"), [(["20", "13.33"], VOLDOET), (["20", "13.34"], GEWOGEN)])
def test_onderaanneming_hoogstens_een_derde(volledig, aandelen, uitkomst):
    """002 §4.1 calls two thirds "Onze richtlijn": above it is a signal the zorgkantoor weighs, not a verdict."""
    inschrijving, _b = volledig
    v = Bestuursverklaring.objects.get(inschrijving=inschrijving)
    v.werkt_met_onderaannemers = True
    v.save()
    for nummer, aandeel in enumerate(aandelen):
        Onderaannemer.objects.create(verklaring=v, naam=f"ZZP {nummer}", kvk_nummer=f"1234567{nummer}", adres="x",
                                     levering="begeleiding", aandeel=Decimal(aandeel))
    assert _uitkomsten(inschrijving)["verklaring.onderaanneming"].uitkomst == uitkomst


def test_onderaannemers_aangekondigd_maar_niet_genoemd(volledig):
    inschrijving, _b = volledig
    Bestuursverklaring.objects.filter(inschrijving=inschrijving).update(werkt_met_onderaannemers=True)
    b = _uitkomsten(inschrijving)["verklaring.volledig"]
    assert b.uitkomst == VOLDOET_NIET and "bijlage 2" in b.toelichting


@pytest.mark.parametrize(("maanden_oud", "dagen_extra", "uitkomst"), [
    (6, 0, VOLDOET),  # exactly six months old today, the moment it would be submitted
    (6, 1, VOLDOET_NIET),  # one day older
])
def test_kvk_uittreksel_leeftijd_op_moment_van_inschrijving(maanden_oud, dagen_extra, uitkomst):
    """002 §4.9: "Afschrift is niet ouder dan zes maanden op het moment van inschrijving". Before submitting, the
    voorcontrole measures now (and again at submission), not at the later sluitingstijd. A fixed day, so that "six
    months back" never falls on a shorter month's end."""
    with time_machine.travel(datetime(2031, 3, 14, 10, 0, tzinfo=AMS), tick=False):
        inschrijving, bestuurder = volledige_inschrijving("3")
        vandaag = timezone.localdate()
        afgifte = vandaag - relativedelta(months=maanden_oud) - timedelta(days=dagen_extra)
        _wijzig(inschrijving, bestuurder, "kvk_uittreksel", afgiftedatum=afgifte)
        b = _uitkomsten(inschrijving)["document.kvk_uittreksel.leeftijd"]
    sluiting = timezone.localtime(inschrijving.sluiting()).date()
    assert afgifte + relativedelta(months=6) < sluiting  # too old at the sluitingstijd: that moment does not count
    assert b.uitkomst == uitkomst
    assert "op het moment van inschrijving (gemeten op 14 maart 2031)" in b.toelichting
    if uitkomst == VOLDOET_NIET:
        assert "Vraag een nieuw exemplaar aan" in b.toelichting
    else:
        assert "tot en met 14 maart 2031" in b.toelichting


def test_vog_ouder_dan_een_jaar(volledig):
    """002 §4.9: the VOG RP is not older than a year, measured at the moment of inschrijving (now, before
    submitting)."""
    inschrijving, bestuurder = volledig
    vandaag = timezone.localdate()
    _wijzig(inschrijving, bestuurder, "vog_rp", afgiftedatum=vandaag - relativedelta(years=1))
    assert _uitkomsten(inschrijving)["document.vog_rp.leeftijd"].uitkomst == VOLDOET
    _wijzig(inschrijving, bestuurder, "vog_rp", afgiftedatum=vandaag - relativedelta(years=1) - timedelta(days=1))
    assert _uitkomsten(inschrijving)["document.vog_rp.leeftijd"].uitkomst == VOLDOET_NIET


@pytest.mark.parametrize(("soort", "voor_procedure"), [("np", True), ("gva", True), ("rp", False)])
def test_vog_soort_en_doel(volledig, soort, voor_procedure):
    inschrijving, bestuurder = volledig
    _wijzig(inschrijving, bestuurder, "vog_rp", vog_soort=soort, vog_voor_deze_procedure=voor_procedure)
    assert _uitkomsten(inschrijving)["document.vog_rp.soort"].uitkomst == VOLDOET_NIET


@pytest.mark.parametrize(("bedrag", "uitkomst"), [("2500000.00", VOLDOET), ("2499999.99", VOLDOET_NIET)])
def test_verzekerd_bedrag_minimum(volledig, bedrag, uitkomst):
    inschrijving, bestuurder = volledig
    _wijzig(inschrijving, bestuurder, "polisblad", verzekerd_bedrag=Decimal(bedrag))
    b = _uitkomsten(inschrijving)["document.polisblad.bedrag"]
    assert b.uitkomst == uitkomst
    assert "EUR 2.500.000,00" in b.toelichting


def test_polis_gaat_te_laat_in(volledig):
    inschrijving, bestuurder = volledig
    gegevens = geldige_gegevens("polisblad", inschrijving)
    _wijzig(inschrijving, bestuurder, "polisblad", polis_ingangsdatum=gegevens["polis_ingangsdatum"] + timedelta(1))
    assert _uitkomsten(inschrijving)["document.polisblad.ingangsdatum"].uitkomst == VOLDOET_NIET


def test_andere_rechtspersoon_op_document(volledig):
    inschrijving, bestuurder = volledig
    _wijzig(inschrijving, bestuurder, "ubo_uittreksel", rechtspersoon="Zorg Holding B.V.")
    _wijzig(inschrijving, bestuurder, "polisblad", verzekeringnemer="Zorg Holding B.V.")
    uitkomsten = _uitkomsten(inschrijving)
    # Another legal entity on a document contradicts the declaration: a signal with the document as evidence.
    assert uitkomsten["document.ubo_uittreksel.rechtspersoon"].uitkomst == GEWOGEN
    assert uitkomsten["document.ubo_uittreksel.rechtspersoon"].bewijs["sha256"]
    assert uitkomsten["document.polisblad.verzekeringnemer"].uitkomst == GEWOGEN
    # Case, accents and punctuation do not make another legal entity.
    naam = inschrijving.zorgaanbieder.statutaire_naam.upper() + "."
    _wijzig(inschrijving, bestuurder, "ubo_uittreksel", rechtspersoon=naam)
    assert _uitkomsten(inschrijving)["document.ubo_uittreksel.rechtspersoon"].uitkomst == VOLDOET


def test_minder_dan_twee_toezichthouders(volledig):
    inschrijving, _b = volledig
    Ondernemingsplan.objects.filter(inschrijving=inschrijving).update(toezichthouders="Alleen Ik")
    b = _uitkomsten(inschrijving)["plan.toezichthouders"]
    assert b.uitkomst == GEWOGEN and b.kracht == "signaal" and "ECLI:NL:RBZWB:2018:7334" in b.bron


def test_negatief_eigen_vermogen_of_resultaat(volledig):
    inschrijving, _b = volledig
    # 002 §4.6 weighs the financial position in the last phase ("het eindoordeel hierover is aan het zorgkantoor").
    Ondernemingsplan.objects.filter(inschrijving=inschrijving).update(eigen_vermogen=Decimal("-1"))
    assert _uitkomsten(inschrijving)["plan.financieel"].uitkomst == GEWOGEN
    Ondernemingsplan.objects.filter(inschrijving=inschrijving).update(eigen_vermogen=0, verwacht_resultaat=0)
    b = _uitkomsten(inschrijving)["plan.financieel"]
    assert b.uitkomst == GEWOGEN and "weegt" in b.toelichting


def test_starter_hoeft_geen_eigen_jaarrekeningen_maar_wel_die_van_de_moeder(volledig):
    """002 §4.10: own enkelvoudige jaarrekeningen of contract year −3 and −2 "tenzij de zorgaanbieder een startende
    organisatie is"; a (grand)parent's consolidated ones whenever there is one, starter or not."""
    inschrijving, _b = volledig
    eigen = ["document.jaarrekening_t3.aanwezig", "document.jaarrekening_t2.aanwezig"]
    moeder = ["document.jaarrekening_moeder_t3.aanwezig", "document.jaarrekening_moeder_t2.aanwezig"]
    assert [_uitkomsten(inschrijving)[r].uitkomst for r in eigen] == [VOLDOET, VOLDOET]
    assert not set(moeder) & set(_uitkomsten(inschrijving))  # no parent: not asked
    Document.objects.filter(inschrijving=inschrijving, documenttype__code__startswith="jaarrekening").update(
        vervangen_op=timezone.now())
    assert [_uitkomsten(inschrijving)[r].uitkomst for r in eigen] == [VOLDOET_NIET, VOLDOET_NIET]
    Ondernemingsplan.objects.filter(inschrijving=inschrijving).update(starter=True)
    assert not set(eigen) & set(_uitkomsten(inschrijving))
    Ondernemingsplan.objects.filter(inschrijving=inschrijving).update(moedermaatschappij=True)
    uitkomsten = _uitkomsten(inschrijving)
    assert [uitkomsten[r].uitkomst for r in moeder] == [VOLDOET_NIET, VOLDOET_NIET]
    assert "ook voor een startende organisatie" in uitkomsten[moeder[0]].toelichting


def test_type_1a_alleen_instemmingsverklaring():
    inschrijving, _b = volledige_inschrijving("1a")
    uitkomsten = _uitkomsten(inschrijving)
    assert not [b for b in uitkomsten.values() if b.uitkomst == VOLDOET_NIET]
    assert not [r for r in uitkomsten if r.startswith(("document.", "plan."))]
    v = inschrijving.instemmingsverklaring
    v.instemmingen["stemt_in_beleid"] = False
    v.save()
    assert _uitkomsten(inschrijving)["verklaring.instemming"].uitkomst == VOLDOET_NIET


def test_type_2_beknopt_plan_met_alleen_de_jaarrekeningen():
    """002 §4.5 punt 3: "alleen de bestuursverklaring en een beknopt ondernemingsplan (tenminste het bedrijfs- en
    financieel plan)"; the financieel plan brings its jaarrekeningen (§4.10), no other onderbouwende documenten."""
    inschrijving, _b = volledige_inschrijving("2")
    assert sorted(inschrijving.eis().documenten.values_list("code", flat=True)) == [
        "jaarrekening_moeder_t2", "jaarrekening_moeder_t3", "jaarrekening_t2", "jaarrekening_t3"]
    uitkomsten = _uitkomsten(inschrijving)
    assert uitkomsten["plan.volledig"].uitkomst == VOLDOET
    assert "plan.toezichthouders" not in uitkomsten
    assert not [b for b in uitkomsten.values() if b.uitkomst == VOLDOET_NIET]


def test_voorcontrole_pagina_met_herstellinks(client, volledig):
    inschrijving, bestuurder = volledig
    _wijzig(inschrijving, bestuurder, "polisblad", verzekerd_bedrag=Decimal("1000000"))
    client.force_login(bestuurder)
    html = client.get(reverse("inschrijving:voorcontrole", args=[inschrijving.pk])).content.decode()
    assert "1 punt moet u nog herstellen" in html
    assert reverse("inschrijving:document", args=[inschrijving.pk, "polisblad"]) in html
