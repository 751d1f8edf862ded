"""Verzoek om verduidelijking (002 §4.6; SAG/Manova): logged, five working days, offered equally to every
inschrijver in the same situation, and a supplement must objectively pre-date the sluitingstijd."""

import hashlib
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beoordeling import pipeline, tasks
from beoordeling import verduidelijking as diensten
from beoordeling.models import AuditRegel, Beoordeling, Fase, Uitkomst, Verduidelijkingsverzoek
from inschrijving import services
from inschrijving.models import Bericht, Document, Ondernemingsplan
from inschrijving.opslag import prive_opslag
from tests.factories import WACHTWOORD, GebruikerFactory, ZorgkantoorFactory, kluis_geopend
from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving
from tests.pdfs import maak_pdf

AMS = ZoneInfo("Europe/Amsterdam")
# In the real past: zorgkantoor staff only see inschrijvingen whose sluitingstijd has passed in the database.
SLUITING = datetime(2024, 4, 19, 17, 0, tzinfo=AMS)  # Friday
NA_SLUITING = datetime(2024, 4, 22, 9, 0, tzinfo=AMS)
# Thursday 2 May 2024; Hemelvaartsdag is Thursday 9 May 2024, so the fifth working day is Friday 10 May.
VRAAG_OP = datetime(2024, 5, 2, 10, 0, tzinfo=AMS)
TERMIJN = datetime(2024, 5, 10, 23, 59, 59, tzinfo=AMS)
NA_TERMIJN = TERMIJN + timedelta(seconds=1)
REGEL = "plan.toezichthouders"
pytestmark = pytest.mark.django_db


def _opzet(aantal=1, *, een_toezichthouder=(), onvolledig=(), stappen=True):
    """A closed round with ``aantal`` submitted type-3 inschrijvingen, taken through steps 1 and 2.
    Those in ``een_toezichthouder`` name one toezichthouder (plan.toezichthouders: voldoet niet); those in
    ``onvolledig`` lack their statuten (step 1: the proposal niet in behandeling)."""
    with time_machine.travel(SLUITING - timedelta(days=10), tick=False):
        zk = ZorgkantoorFactory()
        ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=SLUITING)
        paren = []
        for nummer in range(aantal):
            inschrijving, bestuurder = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)
            if nummer in een_toezichthouder:
                Ondernemingsplan.objects.filter(inschrijving=inschrijving).update(toezichthouders="T. Toezicht")
            if nummer in onvolledig:
                Document.objects.filter(inschrijving=inschrijving, documenttype__code="statuten").delete()
            services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD,
                              ondanks_bevindingen=True)
            paren.append((inschrijving, bestuurder))
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk, first_name="Ineke", last_name="Inkoper")
    kluis_geopend(ronde, zk, inkoper)
    with time_machine.travel(NA_SLUITING, tick=False):
        for pk in pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zk):
            if stappen:
                pipeline.stap1_volledigheid(pk)
                pipeline.stap2_controle(pk)
    beoordelingen = [Beoordeling.objects.get(inschrijving=inschrijving) for inschrijving, _b in paren]
    return SimpleNamespace(zk=zk, ronde=ronde, inkoper=inkoper, paren=paren, beoordelingen=beoordelingen,
                           beoordeling=beoordelingen[0], bestuurder=paren[0][1])


def _vraag(o, *, regel=REGEL, document_toegestaan=False, moment=VRAAG_OP, beoordeling=None, vraag=None):
    with time_machine.travel(moment, tick=False):
        return diensten.verzoek_stellen(
            beoordeling=beoordeling or o.beoordeling, regel=regel, document_toegestaan=document_toegestaan,
            vraag=vraag or "Wie zijn de leden van uw toezichthoudend orgaan op het moment van inschrijving?",
            door=o.inkoper)


def _pdf(naam="notulen.pdf", tekst="Notulen raad van toezicht 12 maart 2024"):
    inhoud = maak_pdf(tekst)
    return SimpleUploadedFile(naam, inhoud, content_type="application/pdf"), inhoud


# ---------------------------------------------------------------------------------------------------------------
# Asking: the termijn, the audit trail and the e-mail


def test_termijn_slaat_hemelvaartsdag_over_en_aanbieder_krijgt_mail():
    o = _opzet(een_toezichthouder=[0])
    medewerker = GebruikerFactory(zorgaanbieder=o.bestuurder.zorgaanbieder)
    GebruikerFactory(zorgaanbieder=o.bestuurder.zorgaanbieder, is_active=False, email="weg@example.nl")
    verzoek = _vraag(o)
    assert verzoek.gesteld_op == VRAAG_OP
    # Five working days from Thursday 2 May: Fri 3, Mon 6, Tue 7, Wed 8, (Hemelvaart Thu 9), Fri 10 May.
    assert verzoek.termijn == TERMIJN
    assert verzoek.regel == REGEL and verzoek.open
    regel = AuditRegel.objects.get(actie="verduidelijking_gevraagd")
    assert regel.door == o.inkoper and regel.inschrijving_id == o.beoordeling.inschrijving_id
    assert REGEL in regel.omschrijving and "10 mei 2024" in regel.omschrijving

    berichten = Bericht.objects.filter(aan__in=[o.bestuurder.email, medewerker.email])
    assert berichten.count() == 2
    assert not Bericht.objects.filter(aan="weg@example.nl").exists()
    tekst = berichten.first().tekst
    assert "Wie zijn de leden van uw toezichthoudend orgaan" in tekst
    assert "vrijdag 10 mei 2024, 23:59:59 uur" in tekst
    assert "Nederlandse tijd" in tekst
    link = settings.SITE_URL.rstrip("/") + reverse("beoordeling:verduidelijking_antwoord", args=[verzoek.pk])
    assert link in tekst
    assert "geen document meesturen" in tekst


def test_termijn_in_de_winter_en_over_een_weekend():
    o = _opzet()
    # Friday 26 April 2024 (Koningsdag 2024 is Saturday 27 April): Mon 29, Tue 30, Wed 1, Thu 2, Fri 3 May.
    verzoek = _vraag(o, regel="", moment=datetime(2024, 4, 26, 16, 0, tzinfo=AMS))
    assert verzoek.termijn == datetime(2024, 5, 3, 23, 59, 59, tzinfo=AMS)


def test_zorginkoper_stelt_verzoek_via_formulier_op_de_beoordeling(client, login):
    o = _opzet(een_toezichthouder=[0])
    url = reverse("beoordeling:verduidelijking_stellen", args=[o.beoordeling.pk])
    terug = reverse("beoordeling:beoordeling", args=[o.beoordeling.pk])
    with time_machine.travel(VRAAG_OP, tick=False):
        login(client, o.inkoper)
        pagina = client.get(url)
        assert pagina.status_code == 200
        html = pagina.content.decode()
        assert 'value="plan.toezichthouders"' in html and "Verzoek versturen" in html
        # The same form is part of the assessment page, posting here and coming back there.
        detail = client.get(terug).content.decode()
        assert f'action="{url}"' in detail and f'name="next" value="{terug}"' in detail
        # Without a question: the error beside the field, nothing sent.
        fout = client.post(url, {"regel": REGEL, "vraag": " ", "next": terug})
        assert fout.status_code == 400
        assert "Vul de vraag aan de zorgaanbieder in." in fout.content.decode()
        assert not Verduidelijkingsverzoek.objects.exists()
        antwoord = client.post(url, {"regel": REGEL, "vraag": "Wie houdt toezicht?", "document_toegestaan": "on",
                                     "next": terug})
        assert antwoord.status_code == 302
        assert antwoord["Location"] == terug + "#verduidelijking"
        # An unsafe ``next`` is ignored.
        client.post(url, {"regel": "", "vraag": "Nog een vraag", "next": "https://example.com/"})
        pagina = client.get(url).content.decode()
    verzoek = Verduidelijkingsverzoek.objects.get(vraag="Wie houdt toezicht?")
    assert verzoek.document_toegestaan and verzoek.gesteld_door == o.inkoper and verzoek.termijn == TERMIJN
    assert "Wie houdt toezicht?" in pagina and "vrijdag 10 mei 2024, 23:59:59" in pagina


def test_alleen_in_controle_of_niet_in_behandeling():
    o = _opzet(2, onvolledig=[1])
    onvolledig = o.beoordelingen[1]
    assert onvolledig.fase == Fase.VOORSTEL_NIET_IN_BEHANDELING
    # 002 §4.6: the zorgkantoor may ask a toelichting on an incomplete inschrijving.
    verzoek = _vraag(o, beoordeling=onvolledig, regel="document.statuten.aanwezig")
    assert verzoek.beoordeling == onvolledig
    assert Beoordeling.objects.get(pk=onvolledig.pk).fase == Fase.TOELICHTING
    nieuw = _opzet(stappen=False)
    assert nieuw.beoordeling.fase == Fase.NIEUW
    with pytest.raises(ValidationError, match="controlefase"):
        _vraag(nieuw, regel="")
    # A regel that is not a finding of this assessment.
    with pytest.raises(ValidationError) as fout:
        _vraag(o, regel="bestaat.niet")
    assert "regel" in fout.value.message_dict


def test_zorginkoper_van_een_ander_zorgkantoor_kan_niet_vragen(client, login):
    o = _opzet(een_toezichthouder=[0])
    ander = GebruikerFactory(inkoper=True)
    with time_machine.travel(VRAAG_OP, tick=False):
        with pytest.raises(PermissionDenied):
            diensten.verzoek_stellen(beoordeling=o.beoordeling, vraag="Vraag", regel=REGEL, door=ander)
        with pytest.raises(PermissionDenied):
            diensten.verzoek_stellen(beoordeling=o.beoordeling, vraag="Vraag", regel=REGEL, door=o.bestuurder)
        login(client, ander)
        url = reverse("beoordeling:verduidelijking_stellen", args=[o.beoordeling.pk])
        assert client.post(url, {"regel": REGEL, "vraag": "Vraag"}).status_code == 404
        assert client.get(url).status_code == 404
        assert client.get(reverse("beoordeling:verduidelijking_overzicht", args=[o.ronde.pk])).status_code == 404
    assert not Verduidelijkingsverzoek.objects.exists()


# ---------------------------------------------------------------------------------------------------------------
# Answering: before the termijn, documents only when allowed and only from before the sluitingstijd


def test_antwoorden_tot_en_met_de_termijn_daarna_geweigerd():
    o = _opzet(een_toezichthouder=[0])
    eerste = _vraag(o)
    tweede = _vraag(o, regel="")
    with time_machine.travel(TERMIJN, tick=False):
        diensten.verzoek_beantwoorden(verzoek=eerste, antwoord="T. Toezicht en U. Uitzicht.", door=o.bestuurder)
    eerste.refresh_from_db()
    assert eerste.beantwoord_op == TERMIJN and eerste.beantwoord_door == o.bestuurder
    assert eerste.antwoord == "T. Toezicht en U. Uitzicht." and not eerste.antwoord_document
    assert AuditRegel.objects.filter(actie="verduidelijking_beantwoord", door=o.bestuurder).exists()
    # The zorginkoper who asked hears of the answer.
    assert Bericht.objects.filter(aan=o.inkoper.email, onderwerp__contains="Antwoord").exists()
    with time_machine.travel(NA_TERMIJN, tick=False), pytest.raises(ValidationError, match="verstreken"):
        diensten.verzoek_beantwoorden(verzoek=tweede, antwoord="Te laat.", door=o.bestuurder)
    tweede.refresh_from_db()
    assert tweede.beantwoord_op is None and tweede.antwoord == ""
    # Answered once is answered.
    with time_machine.travel(TERMIJN, tick=False), pytest.raises(ValidationError, match="al beantwoord"):
        diensten.verzoek_beantwoorden(verzoek=eerste, antwoord="Nogmaals.", door=o.bestuurder)


def test_antwoord_vereist_tekst_en_een_gebruiker_van_de_zorgaanbieder():
    o = _opzet(een_toezichthouder=[0])
    verzoek = _vraag(o)
    with time_machine.travel(VRAAG_OP + timedelta(hours=1), tick=False):
        with pytest.raises(ValidationError) as fout:
            diensten.verzoek_beantwoorden(verzoek=verzoek, antwoord="  ", door=o.bestuurder)
        assert "antwoord" in fout.value.message_dict
        with pytest.raises(PermissionDenied):
            diensten.verzoek_beantwoorden(verzoek=verzoek, antwoord="x", door=GebruikerFactory(tekenbevoegd=True))
        with pytest.raises(PermissionDenied):
            diensten.verzoek_beantwoorden(verzoek=verzoek, antwoord="x", door=o.inkoper)
        # Any user of the organisation may answer, not only the tekenbevoegde.
        medewerker = GebruikerFactory(zorgaanbieder=o.bestuurder.zorgaanbieder)
        diensten.verzoek_beantwoorden(verzoek=verzoek, antwoord="Zie statuten.", door=medewerker)


def test_document_moet_van_voor_de_sluitingstijd_dateren():
    o = _opzet(een_toezichthouder=[0])
    verzoek = _vraag(o, document_toegestaan=True)
    with time_machine.travel(VRAAG_OP + timedelta(days=1), tick=False):
        for datum in (date(2024, 4, 19), date(2024, 4, 20), date(2024, 5, 1)):  # on the closing day, after it
            upload, _inhoud = _pdf()
            with pytest.raises(ValidationError) as fout:
                diensten.verzoek_beantwoorden(verzoek=verzoek, antwoord="Zie notulen.", document=upload,
                                              document_datum=datum, door=o.bestuurder)
            melding = " ".join(fout.value.message_dict["document_datum"])
            assert "Een aanvulling moet objectief van vóór de sluitingstijd dateren" in melding
        upload, _inhoud = _pdf()
        with pytest.raises(ValidationError) as fout:
            diensten.verzoek_beantwoorden(verzoek=verzoek, antwoord="Zie notulen.", document=upload,
                                          door=o.bestuurder)
        assert "document_datum" in fout.value.message_dict
        verzoek.refresh_from_db()
        assert verzoek.beantwoord_op is None
        upload, inhoud = _pdf()
        diensten.verzoek_beantwoorden(verzoek=verzoek, antwoord="Zie notulen.", document=upload,
                                      document_datum=date(2024, 4, 18), door=o.bestuurder)
    verzoek.refresh_from_db()
    assert verzoek.antwoord_document_datum == date(2024, 4, 18)
    assert verzoek.antwoord_document_sha256 == hashlib.sha256(inhoud).hexdigest()
    assert verzoek.antwoord_document_naam == "notulen.pdf"
    assert verzoek.antwoord_document.name.startswith("verduidelijking/")
    with prive_opslag.open(verzoek.antwoord_document.name, "rb") as bestand:
        assert bestand.read() == inhoud
    regel = AuditRegel.objects.get(actie="verduidelijking_beantwoord")
    assert verzoek.antwoord_document_sha256 in regel.omschrijving and "18 april 2024" in regel.omschrijving


def test_document_alleen_als_toegestaan():
    o = _opzet(een_toezichthouder=[0])
    verzoek = _vraag(o, document_toegestaan=False)
    upload, _inhoud = _pdf()
    with time_machine.travel(VRAAG_OP + timedelta(days=1), tick=False):
        with pytest.raises(ValidationError) as fout:
            diensten.verzoek_beantwoorden(verzoek=verzoek, antwoord="Zie bijlage.", document=upload,
                                          document_datum=date(2024, 4, 1), door=o.bestuurder)
        assert "document" in fout.value.message_dict
        assert not Verduidelijkingsverzoek.objects.get(pk=verzoek.pk).beantwoord_op


def test_aanbieder_beantwoordt_met_pdf_via_de_pagina(client, login):
    o = _opzet(een_toezichthouder=[0])
    verzoek = _vraag(o, document_toegestaan=True)
    url = reverse("beoordeling:verduidelijking_antwoord", args=[verzoek.pk])
    lijst = reverse("beoordeling:verduidelijking_lijst", args=[o.beoordeling.inschrijving_id])
    with time_machine.travel(VRAAG_OP + timedelta(days=2), tick=False):
        login(client, o.bestuurder)
        html = client.get(lijst).content.decode()
        assert "Wie zijn de leden van uw toezichthoudend orgaan" in html and url in html
        pagina = client.get(url)
        assert pagina.status_code == 200
        assert 'type="file"' in pagina.content.decode() and 'name="document_datum"' in pagina.content.decode()
        upload, _inhoud = _pdf()
        fout = client.post(url, {"antwoord": "Zie notulen.", "document": upload, "document_datum": "2024-04-19"})
        assert fout.status_code == 400
        assert "Een aanvulling moet objectief van vóór de sluitingstijd dateren" in fout.content.decode()
        upload, inhoud = _pdf()
        klaar = client.post(url, {"antwoord": "Zie notulen.", "document": upload, "document_datum": "2024-04-18"})
        assert klaar.status_code == 302 and klaar["Location"] == lijst
        document = client.get(reverse("beoordeling:verduidelijking_document", args=[verzoek.pk]))
        assert document.status_code == 200 and b"".join(document.streaming_content) == inhoud
    verzoek.refresh_from_db()
    assert verzoek.antwoord_document_sha256 == hashlib.sha256(inhoud).hexdigest()
    # The zorginkoper sees the answer and the document on the assessment; opening it is audited.
    with time_machine.travel(VRAAG_OP + timedelta(days=3), tick=False):
        login(client, o.inkoper)
        html = client.get(reverse("beoordeling:verduidelijking_stellen", args=[o.beoordeling.pk])).content.decode()
        assert "Zie notulen." in html and verzoek.antwoord_document_sha256 in html
        assert client.get(reverse("beoordeling:verduidelijking_document", args=[verzoek.pk])).status_code == 200
    assert AuditRegel.objects.filter(actie="document_bekeken", door=o.inkoper,
                                     omschrijving__contains="verduidelijking").exists()


def test_andere_organisatie_krijgt_404(client, login):
    o = _opzet(een_toezichthouder=[0])
    verzoek = _vraag(o, document_toegestaan=True)
    ander = GebruikerFactory(tekenbevoegd=True)
    with time_machine.travel(VRAAG_OP + timedelta(hours=2), tick=False):
        login(client, ander)
        url = reverse("beoordeling:verduidelijking_antwoord", args=[verzoek.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"antwoord": "Ik ben het niet."}).status_code == 404
        lijst = reverse("beoordeling:verduidelijking_lijst", args=[o.beoordeling.inschrijving_id])
        assert client.get(lijst).status_code == 404
        assert client.get(reverse("beoordeling:verduidelijking_document", args=[verzoek.pk])).status_code == 404
        # Zorgkantoor staff do not use the aanbieder's answer page.
        login(client, o.inkoper)
        assert client.get(url).status_code == 403
    assert Verduidelijkingsverzoek.objects.get(pk=verzoek.pk).antwoord == ""


# ---------------------------------------------------------------------------------------------------------------
# Expiry


def test_verlopen_verzoek_wordt_gemarkeerd_met_audit(client, login):
    o = _opzet(een_toezichthouder=[0])
    verzoek = _vraag(o)
    beantwoord = _vraag(o, regel="")
    with time_machine.travel(TERMIJN - timedelta(hours=1), tick=False):
        diensten.verzoek_beantwoorden(verzoek=beantwoord, antwoord="Op tijd.", door=o.bestuurder)
        assert tasks.verlopen_verduidelijkingen() == 0
    with time_machine.travel(NA_TERMIJN, tick=False):
        assert tasks.verlopen_verduidelijkingen() == 1
        assert tasks.verlopen_verduidelijkingen() == 0  # nothing twice
    verzoek.refresh_from_db()
    assert verzoek.verlopen_op == NA_TERMIJN and not verzoek.open
    assert Verduidelijkingsverzoek.objects.get(pk=beantwoord.pk).verlopen_op is None
    regel = AuditRegel.objects.get(actie="verduidelijking_verlopen")
    assert regel.inschrijving_id == o.beoordeling.inschrijving_id and str(verzoek.pk) in regel.omschrijving
    assert Bericht.objects.filter(aan=o.inkoper.email, onderwerp__contains="verlopen").exists()
    with time_machine.travel(NA_TERMIJN + timedelta(minutes=1), tick=False):
        with pytest.raises(ValidationError, match="verstreken"):
            diensten.verzoek_beantwoorden(verzoek=verzoek, antwoord="Toch nog.", door=o.bestuurder)
        login(client, o.bestuurder)
        pagina = client.get(reverse("beoordeling:verduidelijking_antwoord", args=[verzoek.pk])).content.decode()
        assert "De termijn om te antwoorden is verstreken" in pagina and "Antwoord versturen" not in pagina
        lijst = client.get(reverse("beoordeling:verduidelijking_lijst", args=[o.beoordeling.inschrijving_id]))
        assert "Verlopen zonder antwoord" in lijst.content.decode()


# ---------------------------------------------------------------------------------------------------------------
# Equal treatment


def test_gelijke_behandeling_toont_wie_in_dezelfde_situatie_geen_verzoek_kreeg(client, login):
    o = _opzet(3, een_toezichthouder=[0, 1])
    met, zonder, anders = o.beoordelingen
    for beoordeling in (met, zonder):  # too few toezichthouders: a signal (force "signaal"), the same situation
        assert beoordeling.resultaten.get(regel=REGEL).uitkomst == Uitkomst.SIGNAAL
    assert anders.resultaten.get(regel=REGEL).uitkomst == Uitkomst.VOLDOET

    url = reverse("beoordeling:verduidelijking_stellen", args=[met.pk])
    with time_machine.travel(VRAAG_OP, tick=False):
        login(client, o.inkoper)
        antwoord = client.post(url, {"regel": REGEL, "vraag": "Wie houdt toezicht?"}, follow=True)
    # Right after asking, the zorginkoper is told who else is in the same situation.
    html = antwoord.content.decode()
    assert "Gelijke behandeling" in html and zonder.inschrijving.zorgaanbieder.statutaire_naam in html

    (situatie,) = diensten.gelijke_behandeling(o.ronde, o.zk)
    assert situatie.regel == REGEL and situatie.titel == "Toezichthoudend orgaan"
    rijen = {rij.beoordeling.pk: rij for rij in situatie.rijen}
    assert set(rijen) == {met.pk, zonder.pk}
    assert rijen[met.pk].kreeg_verzoek and not rijen[zonder.pk].kreeg_verzoek
    assert [r.beoordeling.pk for r in situatie.zonder_verzoek] == [zonder.pk] and not situatie.gelijk

    with time_machine.travel(VRAAG_OP + timedelta(minutes=5), tick=False):
        pagina = client.get(reverse("beoordeling:verduidelijking_overzicht", args=[o.ronde.pk]))
    html = pagina.content.decode()
    assert pagina.status_code == 200
    naam_met = met.inschrijving.zorgaanbieder.statutaire_naam
    naam_zonder = zonder.inschrijving.zorgaanbieder.statutaire_naam
    assert f'data-aanbieder="{naam_met}" data-verzoek="ja"' in html
    assert f'data-aanbieder="{naam_zonder}" data-verzoek="nee"' in html
    assert anders.inschrijving.zorgaanbieder.statutaire_naam not in html
    assert "Geen verzoek" in html and "1 inschrijver in dezelfde situatie kreeg geen verzoek." in html

    # Offering the same to the other one makes the situation equal.
    _vraag(o, beoordeling=zonder, vraag="Wie houdt toezicht?")
    (situatie,) = diensten.gelijke_behandeling(o.ronde, o.zk)
    assert situatie.gelijk and len(situatie.met_verzoek) == 2



def test_een_antwoord_met_document_valt_onder_de_uploadlimiet(client, login, settings):
    """Over the per-user upload limit (issue 9, item 6) the document is not read; the answer typed comes back."""
    settings.WLZ_LIMIET_UPLOAD = "1/d"
    o = _opzet(een_toezichthouder=[0])
    verzoek = _vraag(o, document_toegestaan=True)
    url = reverse("beoordeling:verduidelijking_antwoord", args=[verzoek.pk])
    with time_machine.travel(VRAAG_OP + timedelta(days=2), tick=False):
        login(client, o.bestuurder)
        upload, _inhoud = _pdf()
        assert client.post(url, {"antwoord": "Zie notulen.", "document": upload,
                                 "document_datum": "2024-04-19"}).status_code == 400
        upload, _inhoud = _pdf()
        antwoord = client.post(url, {"antwoord": "Zie de notulen van 18 april.", "document": upload,
                                     "document_datum": "2024-04-18"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 429 and "veel documenten geüpload" in html
    assert "Zie de notulen van 18 april." in html
    verzoek.refresh_from_db()
    assert verzoek.open and not verzoek.antwoord_document
