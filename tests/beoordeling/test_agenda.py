"""The gesprek agenda (Kwaliteit item 4): generated from the kader(s) in the submitted dossier and the zelfanalyse,
with 000's opening question per theme, the aanbieder's analysis beside it, the ontwikkelplan proposals for the
theme and the findings recorded per theme."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from beoordeling import gesprek as diensten
from beoordeling import pipeline
from beoordeling.agenda import agenda
from beoordeling.models import AFWIJZINGSGRONDEN, AuditRegel, Beoordeling, Fase, Uitkomst
from beoordeling.services import controle_afronden, resultaat_vastleggen
from inschrijving import kwaliteit_diensten, services
from kwaliteit.models import Thema
from tests.factories import WACHTWOORD, GebruikerFactory, ZorgkantoorFactory, kluis_geopend
from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving, vul_plan

AMS = ZoneInfo("Europe/Amsterdam")
SLUITING = datetime(2024, 7, 26, 17, 0, tzinfo=AMS)
NA_SLUITING = SLUITING + timedelta(days=3)
GESPREK_OP = datetime(2024, 8, 15, 10, 0, tzinfo=AMS)
GGZ_VRAAG = "Hoe zorgt de zorgaanbieder dat deze voldoet aan de kwaliteitsuitgangspunten GGZ Wlz?"
pytestmark = pytest.mark.django_db


def _zelfanalyse(thema_naam):
    return {"invulling": f"Beleid {thema_naam} is ingevoerd op alle locaties.",
            "sterktes_ontwikkelpunten": "Sterk: vaste teams. Ontwikkelpunt: registratie.",
            "clientervaring": "De cliëntenraad is positief.", "niveau": "locatie",
            "niveau_toelichting": "Locatie Noord loopt achter.", "gegevens": "Cliëntervaringsonderzoek 2024."}


def _beoordeling(sector="ggz", *, vullen=None, uitnodigen=True):
    """A type-3 inschrijving (optionally with zelfanalyse and proposals) through steps 1 and 2 into GESPREK."""
    with time_machine.travel(SLUITING - timedelta(days=10), tick=False):
        zk = ZorgkantoorFactory()
        ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=SLUITING)
        inschrijving, bestuurder = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)
        if sector != "ggz":
            vul_plan(inschrijving, sector)
        if vullen:
            vullen(inschrijving, bestuurder)
        services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD)
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk)
    kluis_geopend(ronde, zk, inkoper)
    with time_machine.travel(NA_SLUITING, tick=False):
        (pk,) = pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zk)
        assert pipeline.stap1_volledigheid(pk)
        assert pipeline.stap2_controle(pk)
        beoordeling = Beoordeling.objects.get(pk=pk)
        for resultaat in beoordeling.resultaten.filter(uitkomst=Uitkomst.HANDMATIG):
            resultaat_vastleggen(resultaat=resultaat, uitkomst="voldoet", toelichting="In orde.", door=inkoper)
        controle_afronden(beoordeling=beoordeling, door=inkoper)
        beoordeling = Beoordeling.objects.get(pk=pk)
        assert beoordeling.fase == Fase.GESPREK
        gesprek = None
        if uitnodigen:
            gesprek = diensten.uitnodigen(beoordeling=beoordeling, datum=GESPREK_OP, plaats="Zorgstraat 1",
                                          deelnemers="Ineke Inkoper", tekenbevoegde=bestuurder, door=inkoper)
    return SimpleNamespace(beoordeling=Beoordeling.objects.get(pk=pk), gesprek=gesprek, inkoper=inkoper,
                           bestuurder=bestuurder, zorgkantoor=zk)


def _ggz_vullen(inschrijving, bestuurder):
    for thema in Thema.objects.filter(kader__code="ggz-wlz").order_by("volgorde")[:2]:
        kwaliteit_diensten.zelfanalyse_opslaan(inschrijving=inschrijving, door=bestuurder, thema=thema,
                                               gegevens=_zelfanalyse(thema.naam))
    personeel = Thema.objects.get(kader__code="ggz-wlz", code="personeel")
    kwaliteit_diensten.voorstel_opslaan(inschrijving=inschrijving, door=bestuurder, thema=personeel,
                                        doel="Elke cliënt een vaste persoonlijk begeleider",
                                        aanpak="Roosters per team")


@pytest.fixture
def ggz():
    return _beoordeling("ggz", vullen=_ggz_vullen)


def test_ggz_agenda_volgt_het_kader_met_de_vraag_en_de_zelfanalyse(ggz):
    punten = agenda(ggz.beoordeling)
    ggz_themas = list(Thema.objects.filter(kader__code="ggz-wlz").order_by("volgorde"))
    leidend = [p for p in punten if p.leidend]
    assert [p.code for p in leidend] == [f"ggz-wlz/{t.code}" for t in ggz_themas]
    assert [p.thema for p in leidend] == [t.naam for t in ggz_themas]
    assert punten[:len(leidend)] == leidend  # the leading kader first
    assert all(p.vraag == GGZ_VRAAG for p in leidend)
    # The aanbieder's own analysis beside the question: the five elements, in order.
    eerste = leidend[0]
    labels = [label for label, _tekst in eerste.zelfanalyse]
    assert len(labels) == 5
    assert labels[0].startswith("Huidige invulling") and labels[3].startswith("Niveau")
    teksten = dict(eerste.zelfanalyse)
    assert f"Beleid {ggz_themas[0].naam} is ingevoerd" in teksten[labels[0]]
    assert teksten[labels[3]] == "Locatie – Locatie Noord loopt achter."
    assert leidend[1].zelfanalyse is not None
    # Themes without one say so; the proposal hangs at its theme.
    personeel = next(p for p in leidend if p.code == "ggz-wlz/personeel")
    assert personeel.zelfanalyse is None and personeel.geen_zelfanalyse == "Geen zelfanalyse ingediend"
    assert personeel.voorstellen == [{"doel": "Elke cliënt een vaste persoonlijk begeleider",
                                      "aanpak": "Roosters per team"}]
    assert all(not p.voorstellen for p in punten if p is not personeel)
    # Supporting GGZ kaders the aanbieder did not fill in are not on the agenda.
    assert all(p.leidend for p in punten)
    assert agenda(ggz.beoordeling) == punten  # deterministic


def test_andere_kaders_komen_op_de_agenda_als_de_aanbieder_ze_invulde():
    def vullen(inschrijving, bestuurder):
        thema = Thema.objects.filter(kader__code="keurmerk-basis-ggz").order_by("volgorde").first()
        kwaliteit_diensten.zelfanalyse_opslaan(inschrijving=inschrijving, door=bestuurder, thema=thema,
                                               gegevens=_zelfanalyse(thema.naam))

    punten = agenda(_beoordeling("ggz", vullen=vullen, uitnodigen=False).beoordeling)
    extra = [p for p in punten if not p.leidend]
    assert len(extra) == 1 and extra[0].kader_code == "keurmerk-basis-ggz"
    assert extra[0].vraag == ("Hoe zorgt de zorgaanbieder dat deze voldoet aan de kwaliteitsuitgangspunten van het "
                              "kader “Keurmerk Basis GGZ”?")
    assert punten[-1] is extra[0]


def test_gz_agenda_volgt_de_drie_niveaus():
    punten = agenda(_beoordeling("gz", uitnodigen=False).beoordeling)
    niveaus = list(Thema.objects.filter(kader__code="gz-niveaus").order_by("volgorde"))
    assert len(niveaus) == 3
    assert [p.code for p in punten] == [f"gz-niveaus/{t.code}" for t in niveaus]
    assert [(p.doel, p.essentie) for p in punten] == [(t.doel, t.essentie) for t in niveaus]
    # Doel and essentie per niveau, or per onderwerp where the niveau has them there (niveau 2).
    assert all((p.doel and p.essentie) or (p.onderdelen and all(o["doel"] and o["essentie"] for o in p.onderdelen))
               for p in punten)
    assert any(p.onderdelen for p in punten)
    assert all("GGZ" not in p.vraag and "drie niveaus" in p.vraag for p in punten)


def test_zonder_zelfanalyse_staat_dat_bij_elk_thema(client, login):
    b = _beoordeling("ggz")
    punten = agenda(b.beoordeling)
    assert punten and all(p.zelfanalyse is None and not p.voorstellen for p in punten)
    login(client, b.inkoper)
    html = client.get(reverse("beoordeling:gesprek_agenda", args=[b.beoordeling.pk])).content.decode()
    assert html.count("Geen zelfanalyse ingediend") == len(punten)


def test_terugval_op_de_sectoren_van_het_ondernemingsplan(ggz):
    snapshot = ggz.beoordeling.indiening.snapshot
    snapshot["regels"]["kwaliteitskaders"] = []
    punten = agenda(ggz.beoordeling)
    assert [p.kader_code for p in punten if p.leidend] and punten[0].code == "ggz-wlz/client"


# ---------------------------------------------------------------------------------------------------------------
# Findings per theme


def _oordelen():
    return {code: {"bezwaar": False, "toelichting": ""} for code, _label in AFWIJZINGSGRONDEN}


def test_bevindingen_per_thema_vastleggen_met_auditregel(ggz):
    diensten.bevindingen_vastleggen(gesprek=ggz.gesprek, bevindingen={"ggz-wlz/client": " Cliënt centraal. "},
                                    door=ggz.inkoper)
    ggz.gesprek.refresh_from_db()
    assert ggz.gesprek.bevindingen_per_thema == {"ggz-wlz/client": "Cliënt centraal."}
    regel = AuditRegel.objects.get(actie="gesprek_bevindingen")
    assert regel.door == ggz.inkoper and "Cliënt" in regel.omschrijving
    assert next(p for p in agenda(Beoordeling.objects.get(pk=ggz.beoordeling.pk))
                if p.code == "ggz-wlz/client").bevinding == "Cliënt centraal."
    # A second theme keeps the first; an empty text clears.
    diensten.bevindingen_vastleggen(gesprek=ggz.gesprek, bevindingen={"ggz-wlz/personeel": "Vaste teams."},
                                    door=ggz.inkoper)
    diensten.bevindingen_vastleggen(gesprek=ggz.gesprek, bevindingen={"ggz-wlz/client": ""}, door=ggz.inkoper)
    ggz.gesprek.refresh_from_db()
    assert ggz.gesprek.bevindingen_per_thema == {"ggz-wlz/personeel": "Vaste teams."}
    assert AuditRegel.objects.filter(actie="gesprek_bevindingen").count() == 3


def test_onbekend_thema_geweigerd(ggz):
    with pytest.raises(ValidationError, match="niet op de agenda"):
        diensten.bevindingen_vastleggen(gesprek=ggz.gesprek, bevindingen={"gz-niveaus/niveau-1": "x"},
                                        door=ggz.inkoper)
    ggz.gesprek.refresh_from_db()
    assert ggz.gesprek.bevindingen_per_thema == {}
    assert not AuditRegel.objects.filter(actie="gesprek_bevindingen").exists()


def test_na_afronden_geweigerd(ggz):
    with time_machine.travel(GESPREK_OP + timedelta(hours=2), tick=False):
        diensten.verslag_vastleggen(gesprek=ggz.gesprek, verslag="Besproken.", oordelen=_oordelen(), door=ggz.inkoper)
        diensten.gesprek_afronden(gesprek=ggz.gesprek, door=ggz.inkoper)
    with pytest.raises(ValidationError, match="afgerond"):
        diensten.bevindingen_vastleggen(gesprek=ggz.gesprek, bevindingen={"ggz-wlz/client": "Te laat."},
                                        door=ggz.inkoper)


# ---------------------------------------------------------------------------------------------------------------
# The page


def test_agendapagina_toont_vraag_en_analyse_en_slaat_bevindingen_op(ggz, client, login):
    login(client, ggz.inkoper)
    url = reverse("beoordeling:gesprek_agenda", args=[ggz.beoordeling.pk])
    assert url.endswith(f"/beoordeling/{ggz.beoordeling.pk}/gesprek/agenda/")
    antwoord = client.get(url)
    assert antwoord.status_code == 200, antwoord
    html = antwoord.content.decode()
    assert GGZ_VRAAG in html and "Beleid Cliënt is ingevoerd" in html and "Roosters per team" in html
    antwoord = client.post(url, {"bevinding__ggz-wlz__client": "Cliënt staat centraal in de zorg."})
    assert antwoord.status_code == 302 and antwoord.url == url
    ggz.gesprek.refresh_from_db()
    assert ggz.gesprek.bevindingen_per_thema == {"ggz-wlz/client": "Cliënt staat centraal in de zorg."}
    assert "Cliënt staat centraal in de zorg." in client.get(url).content.decode()
    # The gesprek section links to the agenda.
    gesprekpagina = client.get(reverse("beoordeling:gesprek", args=[ggz.beoordeling.pk])).content.decode()
    assert url in gesprekpagina


def test_agendapagina_404_voor_een_ander_zorgkantoor(ggz, client, login):
    login(client, GebruikerFactory(inkoper=True))
    url = reverse("beoordeling:gesprek_agenda", args=[ggz.beoordeling.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"bevinding__ggz-wlz__client": "x"}).status_code == 404
    ggz.gesprek.refresh_from_db()
    assert ggz.gesprek.bevindingen_per_thema == {}
