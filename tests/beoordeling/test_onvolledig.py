"""Incomplete is a proposal, not a verdict (seed 002 §4.6, "Alleen met een juiste en volledige inschrijving komt u
voor een overeenkomst in aanmerking" and "Bevoegdheid tot het vragen van een toelichting").

Step 1 finds what is missing; an incomplete inschrijving is not assessed "tenzij het zorgkantoor gebruik maakt van
zijn bevoegdheid (waartoe het niet verplicht is)" to ask a toelichting, with "vijf werkdagen" to answer, "hierna kan
de inschrijving definitief worden beoordeeld". So the machine proposes "niet in behandeling", nothing goes out, and a
zorginkoper either confirms it (four eyes, reason recorded, then the letter) or asks a toelichting; an accepted
toelichting makes steps 1 and 2 run again on the dossier plus that toelichting, and every run stays on record.

Built on the 2022 timeline and builders of ``tests/beoordeling/test_besluit.py`` (sluiting Friday 30 July 2021).
"""

import copy
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beoordeling import pipeline, services
from beoordeling import verduidelijking as diensten
from beoordeling.besluitregels import bereken_voorstel
from beoordeling.models import AuditRegel, Beoordeling, Fase, Uitkomst, Volledigheidscontrole
from beoordeling.selectors import tellingen_per_fase
from inschrijving.models import Bericht
from tests.beoordeling.test_besluit import NA, VOOR, Geval, _automatisch, _ingediend, _plat, _reis, _ronde, _tekst
from tests.factories import GebruikerFactory, kluis_geopend
from tests.pdfs import maak_pdf

pytestmark = pytest.mark.django_db
STATUTEN = "document.statuten.aanwezig"
VOG = "document.vog_rp.aanwezig"
GEVRAAGD = NA + timedelta(days=2)  # Monday 2 August 2021: the termijn ends Monday 9 August 23:59:59
BEANTWOORD = GEVRAAGD + timedelta(days=1)
GEOORDEELD = GEVRAAGD + timedelta(days=2)
NA_TERMIJN = GEVRAAGD + timedelta(days=10)


def _toelichting(g, regel=STATUTEN, *, beoordeling=None, document_toegestaan=True):
    with _reis(GEVRAAGD):
        return diensten.verzoek_stellen(beoordeling=beoordeling or g.beoordeling, regel=regel,
                                        document_toegestaan=document_toegestaan, door=g.inkoper,
                                        vraag="Uw statuten ontbreken. Heeft u statuten van vóór de sluitingstijd?")


def _antwoord(g, verzoek, *, met_document=True):
    with _reis(BEANTWOORD):
        return diensten.verzoek_beantwoorden(
            verzoek=verzoek, antwoord="Bijgevoegd: onze statuten, gepasseerd op 1 juli 2021.", door=g.bestuurder,
            document=SimpleUploadedFile("statuten.pdf", maak_pdf("Statuten, akte van 1 juli 2021"),
                                        content_type="application/pdf") if met_document else None,
            document_datum=date(2021, 7, 1) if met_document else None)


def _oordeel(g, verzoek, aanvaard, reden="Statuten van vóór de sluitingstijd, akte gecontroleerd."):
    with _reis(GEOORDEELD):
        return diensten.toelichting_beoordelen(verzoek=verzoek, aanvaard=aanvaard, reden=reden, door=g.inkoper)


def _als_worker(g):
    """What the Celery chain dispatched after the commit does: steps 1 and 2, in order."""
    with _reis(GEOORDEELD + timedelta(minutes=1)):
        pipeline.stap1_volledigheid(g.beoordeling.pk)
        pipeline.stap2_controle(g.beoordeling.pk)
    g.beoordeling.refresh_from_db()


# --- step 1 proposes, it does not decide ------------------------------------------------------------------------

def test_onvolledig_wordt_voorstel_zonder_bericht_of_brief():
    """002 §4.6: incomplete → not assessed "tenzij het zorgkantoor gebruik maakt van zijn bevoegdheid"; so step 1
    leaves a proposal for the zorginkoper and tells the aanbieder nothing yet."""
    ronde, zk = _ronde()
    inschrijving, _bestuurder = _ingediend(ronde, zk, "3", behalve=("statuten", "vog_rp"))
    berichten = Bericht.objects.count()
    _automatisch(ronde, zk)
    beoordeling = Beoordeling.objects.get(inschrijving=inschrijving)
    assert beoordeling.fase == Fase.VOORSTEL_NIET_IN_BEHANDELING
    assert not beoordeling.is_eindfase and beoordeling.stap == 1
    assert Bericht.objects.count() == berichten  # no e-mail, no letter
    assert not hasattr(beoordeling, "besluit") and beoordeling.stap2_klaar_op is None
    # Every missing item is named: in the run on record, in the audit trail and as reasons of the proposal.
    (controle,) = beoordeling.volledigheidscontroles.all()
    assert controle.nummer == 1 and not controle.volledig
    assert {r["regel"] for r in controle.ontbrekend} == {STATUTEN, VOG}
    regel = AuditRegel.objects.get(actie="stap1_volledigheid", inschrijving=inschrijving)
    assert "Statuten ontbreekt" in regel.omschrijving and "voorstel: niet in behandeling" in regel.omschrijving
    voorstel = bereken_voorstel(beoordeling)
    assert voorstel.soort == "afwijzing" and {r["regel"] for r in voorstel.redenen} == {STATUTEN, VOG}
    # The werkvoorraad counts the new phase.
    assert tellingen_per_fase(Beoordeling.objects.filter(pk=beoordeling.pk)) == {
        Fase.VOORSTEL_NIET_IN_BEHANDELING.value: 1}


def test_volledige_inschrijving_heeft_een_volledige_controle_en_gaat_naar_controle():
    ronde, zk = _ronde()
    inschrijving, _b = _ingediend(ronde, zk, "3")
    _automatisch(ronde, zk)
    beoordeling = Beoordeling.objects.get(inschrijving=inschrijving)
    assert beoordeling.fase == Fase.CONTROLE
    (controle,) = beoordeling.volledigheidscontroles.all()
    assert controle.volledig and controle.ontbrekend == []


# --- (a) confirmed by two people, then the letter ---------------------------------------------------------------

def test_niet_in_behandeling_bevestigd_door_twee_mensen_dan_de_brief(django_capture_on_commit_callbacks):
    """002 §4.6: "nemen we de inschrijving niet in behandeling" — a decision of the zorgkantoor: proposed with a
    reason, approved by a colleague (four eyes), and only then the letter, naming every missing item."""
    g = Geval("3", behalve=("statuten", "vog_rp"))
    assert g.beoordeling.fase == Fase.VOORSTEL_NIET_IN_BEHANDELING
    with pytest.raises(ValidationError) as fout:
        g.voorstellen()
    assert "reden" in fout.value.message_dict
    with pytest.raises(ValidationError) as fout:  # an incomplete inschrijving is not assessed: no contract
        g.voorstellen(soort="eenjarig_verlenging", afwijkingsreden="Toch maar.", reden="Toch maar.")
    assert "toelichting" in fout.value.message_dict["soort"][0]
    besluit = g.voorstellen(reden="Beide stukken zijn verplicht bij inschrijving; geen aanwijzing dat ze bestonden.")
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.GOEDKEURING
    assert besluit.soort == "afwijzing" and {r["regel"] for r in besluit.redenen} == {STATUTEN, VOG}
    controle = g.beoordeling.volledigheidscontroles.get()
    assert controle.bevestigd_door == g.inkoper and "verplicht bij inschrijving" in controle.bevestigingsreden
    assert not Bericht.objects.filter(onderwerp__startswith="Besluit op uw inschrijving").exists()

    with _reis(NA), pytest.raises(ValidationError, match="Vier ogen"):
        services.goedkeuren(besluit=besluit, door=g.inkoper)
    besluit = g.goedkeuren(besluit, django_capture_on_commit_callbacks)
    assert besluit.goedgekeurd_door == g.collega != besluit.voorgesteld_door
    beoordeling = Beoordeling.objects.get(pk=g.beoordeling.pk)
    assert beoordeling.fase == Fase.NIET_IN_BEHANDELING and beoordeling.is_eindfase
    with besluit.brief.open("rb") as fh:
        tekst = _plat(_tekst(fh.read()))
    assert _plat("Statuten ontbreekt") in tekst
    assert _plat("Verklaring omtrent gedrag rechtspersoon (VOG RP) ontbreekt") in tekst
    assert _plat(f"Regel {STATUTEN}") in tekst and _plat(f"Regel {VOG}") in tekst
    assert "geenaanwijzing" not in tekst  # the proposer's reason is internal
    assert Bericht.objects.filter(onderwerp__startswith="Besluit op uw inschrijving").count() == 1
    acties = list(AuditRegel.objects.filter(inschrijving=g.inschrijving).values_list("actie", flat=True))
    assert {"niet_in_behandeling_voorgesteld", "besluit_goedgekeurd"} <= set(acties)


def test_detailpagina_toont_voorstel_met_beide_keuzes_en_fout_naast_het_veld(client, login):
    g = Geval("3", behalve=("statuten",))
    login(client, g.inkoper)
    url = reverse("beoordeling:beoordeling", args=[g.beoordeling.pk])
    html = client.get(url).content.decode()
    assert 'data-testid="onvolledig"' in html and "Voorstel: niet in behandeling" in html
    assert f'data-regel="{STATUTEN}"' in html and "Statuten ontbreekt" in html
    assert reverse("beoordeling:niet_in_behandeling", args=[g.beoordeling.pk]) in html  # choice (a)
    assert 'data-testid="toelichting-vragen"' in html and f'<option value="{STATUTEN}"' in html  # choice (b)
    bevestigen = reverse("beoordeling:niet_in_behandeling", args=[g.beoordeling.pk])
    fout = client.post(bevestigen, {"reden": "  "})
    assert fout.status_code == 400
    assert "Leg vast waarom het zorgkantoor de inschrijving niet in behandeling neemt" in fout.content.decode()
    assert not hasattr(Beoordeling.objects.get(pk=g.beoordeling.pk), "besluit")
    goed = client.post(bevestigen, {"reden": "Statuten zijn verplicht."})
    assert goed.status_code == 302 and goed["Location"].endswith("#besluit")
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.GOEDKEURING


# --- (b) a toelichting, accepted: steps 1 and 2 again ----------------------------------------------------------

def test_toelichting_aanvaard_stap_1_en_2_opnieuw_naar_controle(django_capture_on_commit_callbacks, client, login):
    """002 §4.6: the zorgkantoor asks a toelichting, "vijf werkdagen", "hierna kan de inschrijving definitief
    worden beoordeeld": the accepted supplement (objectively from before the sluitingstijd) joins the evaluation;
    steps 1 and 2 run again, and both step-1 outcomes stay on record."""
    g = Geval("3", behalve=("statuten",))
    snapshot = copy.deepcopy(g.beoordeling.indiening.snapshot)
    verzoek = _toelichting(g)
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.TOELICHTING
    assert verzoek.volledigheidscontrole.nummer == 1
    mail = Bericht.objects.get(aan=g.bestuurder.email, onderwerp__startswith="Verzoek om verduidelijking")
    assert "bevoegdheid om u een toelichting te vragen" in mail.tekst
    with pytest.raises(ValidationError, match="niet beantwoord"):
        _oordeel(g, verzoek, True)
    verzoek = _antwoord(g, verzoek)
    with pytest.raises(PermissionDenied):
        diensten.toelichting_beoordelen(verzoek=verzoek, aanvaard=True, reden="x", door=g.bestuurder)
    with pytest.raises(ValidationError) as fout:
        _oordeel(g, verzoek, True, reden=" ")
    assert "reden" in fout.value.message_dict

    with django_capture_on_commit_callbacks() as callbacks:
        assert _oordeel(g, verzoek, True) == "opnieuw"
    assert len(callbacks) == 1  # the chain of steps 1 and 2, dispatched after the commit
    beoordeling = Beoordeling.objects.get(pk=g.beoordeling.pk)
    assert beoordeling.fase == Fase.NIEUW and beoordeling.stap1_klaar_op is None

    _als_worker(g)
    assert g.beoordeling.fase == Fase.CONTROLE
    eerste, tweede = g.beoordeling.volledigheidscontroles.order_by("nummer")
    assert (eerste.nummer, eerste.volledig, tweede.nummer, tweede.volledig) == (1, False, 2, True)
    assert [r["regel"] for r in eerste.ontbrekend] == [STATUTEN]
    assert [(a["verzoek"], a["soort"]) for a in tweede.aanvullingen] == [(verzoek.pk, "document")]
    statuten = g.beoordeling.resultaten.get(regel=STATUTEN)
    assert statuten.uitkomst == Uitkomst.VOLDOET and statuten.bewijs["verzoek_id"] == verzoek.pk
    assert statuten.bewijs["sha256"] == verzoek.antwoord_document_sha256
    # Step 2 ran on the supplement too: the checklist item about the statuten cites it.
    plan = g.beoordeling.resultaten.get(regel="handmatig.statuten_plan")
    assert plan.uitkomst == Uitkomst.HANDMATIG and plan.bewijs["sha256"] == verzoek.antwoord_document_sha256
    # The snapshot, the legal record, is untouched; one result row per rule.
    g.beoordeling.indiening.refresh_from_db()
    assert g.beoordeling.indiening.snapshot == snapshot
    assert g.beoordeling.resultaten.filter(regel=STATUTEN).count() == 1

    login(client, g.inkoper)
    html = client.get(reverse("beoordeling:beoordeling", args=[g.beoordeling.pk])).content.decode()
    assert 'data-testid="controle-1" data-volledig="nee"' in html
    assert 'data-testid="controle-2" data-volledig="ja"' in html
    assert f"aanvaarde toelichting (verzoek {verzoek.pk})" in html


def test_tekst_zonder_het_document_blijft_onvolledig_en_gaat_terug_naar_het_voorstel():
    """A missing document is supplied only by the document itself (002 §4.6: "Alle onderbouwende documenten ...
    zijn bijgevoegd"); the rerun still finds it missing and the proposal returns."""
    g = Geval("3", behalve=("statuten",))
    verzoek = _antwoord(g, _toelichting(g, document_toegestaan=False), met_document=False)
    assert _oordeel(g, verzoek, True, reden="Toelichting gelezen.") == "opnieuw"
    _als_worker(g)
    assert g.beoordeling.fase == Fase.VOORSTEL_NIET_IN_BEHANDELING
    assert [c.volledig for c in g.beoordeling.volledigheidscontroles.order_by("nummer")] == [False, False]


# --- declined or expired: back to the proposal ------------------------------------------------------------------

def test_toelichting_niet_aanvaard_terug_naar_het_voorstel():
    g = Geval("3", behalve=("statuten",))
    verzoek = _antwoord(g, _toelichting(g))
    assert _oordeel(g, verzoek, False, reden="De akte is van na de sluitingstijd opgemaakt.") == "voorstel"
    beoordeling = Beoordeling.objects.get(pk=g.beoordeling.pk)
    assert beoordeling.fase == Fase.VOORSTEL_NIET_IN_BEHANDELING
    assert beoordeling.volledigheidscontroles.count() == 1  # nothing ran again
    verzoek.refresh_from_db()
    assert verzoek.oordeel == "niet_aanvaard" and verzoek.geoordeeld_door == g.inkoper
    with pytest.raises(ValidationError, match="al geoordeeld"):
        _oordeel(g, verzoek, True)
    # The zorginkoper can now confirm the proposal.
    assert g.voorstellen(reden="Toelichting niet aanvaard.").soort == "afwijzing"


def test_toelichting_verlopen_zonder_antwoord_terug_naar_het_voorstel():
    """002 §4.6: "De zorgaanbieder heeft dan vijf werkdagen"; unanswered, the proposal returns."""
    g = Geval("3", behalve=("statuten",))
    verzoek = _toelichting(g)
    with _reis(verzoek.termijn - timedelta(minutes=1)):
        assert diensten.verlopen_afhandelen() == 0
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.TOELICHTING
    with _reis(NA_TERMIJN):
        assert diensten.verlopen_afhandelen() == 1
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.VOORSTEL_NIET_IN_BEHANDELING
    assert AuditRegel.objects.filter(actie="toelichting_verwerkt", inschrijving=g.inschrijving).exists()


def test_toelichting_alleen_over_wat_ontbreekt():
    g = Geval("3", behalve=("statuten",))
    with _reis(GEVRAAGD), pytest.raises(ValidationError) as fout:
        diensten.verzoek_stellen(beoordeling=g.beoordeling, regel="", vraag="Algemene vraag", door=g.inkoper)
    assert "ontbreekt" in fout.value.message_dict["regel"][0]
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.VOORSTEL_NIET_IN_BEHANDELING


# --- equal treatment ----------------------------------------------------------------------------------------------

def test_gelijke_behandeling_toont_wie_hetzelfde_mist_en_of_die_een_toelichting_kreeg(client, login):
    """DOMAIN.md (SAG/Manova): a verzoek is offered equally to every inschrijver in the same situation; for 002
    §4.6 the situation is the missing item."""
    ronde, zk = _ronde()
    (met, _b), (zonder, _c) = (_ingediend(ronde, zk, "3", behalve=("statuten",), moment=VOOR) for _ in range(2))
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk)
    kluis_geopend(ronde, zk, inkoper)
    _automatisch(ronde, zk)
    met, zonder = (Beoordeling.objects.get(inschrijving=i) for i in (met, zonder))
    # Before any offer: both in the situation, no one got a toelichting — equal.
    (situatie,) = diensten.gelijke_behandeling(ronde, zk)
    assert situatie.regel == STATUTEN and situatie.ontbrekend and situatie.gelijk
    assert {r.beoordeling.pk for r in situatie.zonder_verzoek} == {met.pk, zonder.pk}

    _toelichting(SimpleNamespace(inkoper=inkoper, beoordeling=met))
    (situatie,) = diensten.gelijke_behandeling(ronde, zk)
    rijen = {r.beoordeling.pk: r for r in situatie.rijen}
    assert set(rijen) == {met.pk, zonder.pk}
    assert rijen[met.pk].kreeg_verzoek and not rijen[zonder.pk].kreeg_verzoek and not situatie.gelijk

    login(client, inkoper)
    html = client.get(reverse("beoordeling:verduidelijking_overzicht", args=[ronde.pk])).content.decode()
    assert f'data-aanbieder="{met.inschrijving.zorgaanbieder.statutaire_naam}" data-verzoek="ja"' in html
    assert f'data-aanbieder="{zonder.inschrijving.zorgaanbieder.statutaire_naam}" data-verzoek="nee"' in html
    assert "Ontbreekt (stap 1)" in html and "1 inschrijver in dezelfde situatie kreeg geen verzoek." in html
    assert Volledigheidscontrole.objects.filter(beoordeling__in=[met, zonder], volledig=False).count() == 2


def test_toelichting_vragen_en_beoordelen_via_de_detailpagina(client, login):
    g = Geval("3", behalve=("statuten",))
    login(client, g.inkoper)
    detail = reverse("beoordeling:beoordeling", args=[g.beoordeling.pk])
    stellen = reverse("beoordeling:verduidelijking_stellen", args=[g.beoordeling.pk])
    # A general question is no toelichting on what is missing: the error beside the field, the question kept.
    fout = client.post(stellen, {"regel": "", "vraag": "Mijn vraag blijft staan", "next": detail})
    assert fout.status_code == 400
    html = fout.content.decode()
    assert "gaat de toelichting over een onderdeel dat ontbreekt" in html and "Mijn vraag blijft staan" in html
    antwoord = client.post(stellen, {"regel": STATUTEN, "vraag": "Heeft u statuten?", "document_toegestaan": "on",
                                     "next": detail})
    assert antwoord.status_code == 302
    verzoek = g.beoordeling.verduidelijkingen.get()
    assert verzoek.volledigheidscontrole is not None and verzoek.document_toegestaan
    _antwoord(g, verzoek)

    html = client.get(detail).content.decode()
    assert "Onvolledig: toelichting gevraagd" in html and "Wacht op oordeel zorgkantoor" in html
    oordeel = reverse("beoordeling:toelichting_oordeel", args=[g.beoordeling.pk, verzoek.pk])
    assert f'action="{oordeel}"' in html
    prefix = f"oordeel-{verzoek.pk}"
    fout = client.post(oordeel, {f"{prefix}-oordeel": "niet_aanvaard", f"{prefix}-reden": ""})
    assert fout.status_code == 400
    assert "Leg uit waarom u het antwoord wel of niet aanvaardt." in fout.content.decode()
    goed = client.post(oordeel, {f"{prefix}-oordeel": "niet_aanvaard", f"{prefix}-reden": "Akte van na de sluiting."})
    assert goed.status_code == 302 and goed["Location"].endswith("#onvolledig")
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.VOORSTEL_NIET_IN_BEHANDELING
    html = client.get(detail).content.decode()
    assert "Niet aanvaard" in html and "Akte van na de sluiting." in html
