"""Step 3 of the beoordeling (002 §4.6): the gesprek with a new provider after a positive step 1 and 2.

Who reaches the gesprek (type 3; type 2 only where the rule set says so), the invitation (a tekenbevoegde
of this aanbieder must attend, on location by default, e-mailed to the aanbieder's users in Dutch time), the
verslag with an oordeel on each of the eight reasons, closing it (to BESLUIT), the proposal that follows, and
who may see or do what.
"""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from beoordeling import gesprek as diensten
from beoordeling import pipeline
from beoordeling.besluitregels import bereken_voorstel
from beoordeling.models import AFWIJZINGSGRONDEN, AuditRegel, Beoordeling, Fase, Gesprek, Uitkomst
from beoordeling.services import controle_afronden, resultaat_vastleggen
from inschrijving import services
from inschrijving.models import Bericht, OvereenkomstSoort
from tests.factories import WACHTWOORD, GebruikerFactory, ZorgkantoorFactory, kluis_geopend
from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving

AMS = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")
# In the real past: zorgkantoor staff only see inschrijvingen whose sluitingstijd has passed in the database.
SLUITING = datetime(2024, 7, 26, 17, 0, tzinfo=AMS)
NA_SLUITING = SLUITING + timedelta(days=3)
# Thursday 15 August 2024, 10:00 in Amsterdam (CEST), given in UTC.
GESPREK_OP = datetime(2024, 8, 15, 8, 0, tzinfo=UTC)
NA_GESPREK = GESPREK_OP + timedelta(hours=3)
pytestmark = pytest.mark.django_db


def _beoordeling(aanbieder_type="3", *, gesprek_type_2=False):
    """A submitted inschrijving taken through step 1, step 2 and the zorginkoper's checklist."""
    with time_machine.travel(SLUITING - timedelta(days=10), tick=False):
        zk = ZorgkantoorFactory()
        ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=SLUITING)
        if gesprek_type_2:
            ronde.regelset.gesprek_type_2 = True
            ronde.regelset.save()
        inschrijving, bestuurder = volledige_inschrijving(aanbieder_type, ronde=ronde, zorgkantoor=zk)
        services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD)
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk, first_name="Ineke", last_name="Inkoper")
    kluis_geopend(ronde, zk, inkoper)
    with time_machine.travel(NA_SLUITING, tick=False):
        (pk,) = pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zk)
        assert pipeline.stap1_volledigheid(pk)
        assert pipeline.stap2_controle(pk)
        beoordeling = Beoordeling.objects.get(pk=pk)
        assert beoordeling.fase == Fase.CONTROLE
        assert not beoordeling.resultaten.filter(uitkomst=Uitkomst.VOLDOET_NIET).exists()
        for resultaat in beoordeling.resultaten.filter(uitkomst=Uitkomst.HANDMATIG):
            resultaat_vastleggen(resultaat=resultaat, uitkomst="voldoet", toelichting="Gecontroleerd, in orde.",
                                 door=inkoper)
        beoordeling = controle_afronden(beoordeling=beoordeling, door=inkoper)
    return SimpleNamespace(beoordeling=Beoordeling.objects.get(pk=pk), inschrijving=inschrijving,
                           bestuurder=bestuurder, inkoper=inkoper, zorgkantoor=zk, ronde=ronde)


@pytest.fixture
def b():
    return _beoordeling("3")


def _uitnodigen(b, **kwargs):
    waarden = {"beoordeling": b.beoordeling, "datum": GESPREK_OP, "plaats": "Zorgstraat 1, 1011 AB Amsterdam",
               "deelnemers": "Ineke Inkoper, zorginkoper\nPiet Controller, adviseur", "tekenbevoegde": b.bestuurder,
               "door": b.inkoper}
    waarden.update(kwargs)
    with time_machine.travel(NA_SLUITING + timedelta(days=1), tick=False):
        return diensten.uitnodigen(**waarden)


def _oordelen(**bezwaren):
    """All eight reasons assessed; ``code="toelichting"`` marks a bezwaar."""
    return {code: {"bezwaar": code in bezwaren, "toelichting": bezwaren.get(code, "")}
            for code, _label in AFWIJZINGSGRONDEN}


def _vastleggen_en_afronden(b, gesprek, oordelen):
    with time_machine.travel(NA_GESPREK, tick=False):
        diensten.verslag_vastleggen(gesprek=gesprek, verslag="Locatie bezocht; plan besproken.", oordelen=oordelen,
                                    door=b.inkoper)
        return diensten.gesprek_afronden(gesprek=gesprek, door=b.inkoper)


# ---------------------------------------------------------------------------------------------------------------
# Who reaches step 3


def test_type_3_gaat_naar_het_gesprek(b):
    assert b.beoordeling.fase == Fase.GESPREK


def test_type_2_zonder_gesprek_in_de_regelset_gaat_naar_het_besluit():
    assert _beoordeling("2").beoordeling.fase == Fase.BESLUIT


def test_type_2_met_gesprek_in_de_regelset_gaat_naar_het_gesprek():
    assert _beoordeling("2", gesprek_type_2=True).beoordeling.fase == Fase.GESPREK


def test_uitnodigen_alleen_in_de_fase_gesprek():
    b = _beoordeling("2")
    with pytest.raises(ValidationError, match="niet in de fase gesprek"):
        _uitnodigen(b)


# ---------------------------------------------------------------------------------------------------------------
# The invitation


def test_uitnodigen_vraagt_een_tekenbevoegde_van_deze_aanbieder(b):
    medewerker = GebruikerFactory(zorgaanbieder=b.bestuurder.zorgaanbieder)
    vreemde_bestuurder = GebruikerFactory(tekenbevoegd=True)
    oud = GebruikerFactory(tekenbevoegd=True, zorgaanbieder=b.bestuurder.zorgaanbieder, is_active=False)
    for persoon in (medewerker, vreemde_bestuurder, oud, None):
        with pytest.raises(ValidationError) as fout:
            _uitnodigen(b, tekenbevoegde=persoon)
        assert "tekenbevoegde" in fout.value.message_dict
    assert not Gesprek.objects.exists()
    assert not Bericht.objects.filter(onderwerp__icontains="gesprek").exists()


def test_uitnodigen_vraagt_een_datum_in_de_toekomst_plaats_en_deelnemers(b):
    with pytest.raises(ValidationError) as fout:
        _uitnodigen(b, datum=NA_SLUITING, plaats=" ", deelnemers="")
    assert set(fout.value.message_dict) == {"datum", "plaats", "deelnemers"}


def test_alleen_het_eigen_zorgkantoor_nodigt_uit(b):
    with pytest.raises(PermissionDenied):
        _uitnodigen(b, door=GebruikerFactory(inkoper=True))
    with pytest.raises(PermissionDenied):
        _uitnodigen(b, door=b.bestuurder)


def test_uitnodiging_standaard_op_locatie_en_per_mail_aan_de_aanbieder(b):
    collega = GebruikerFactory(zorgaanbieder=b.bestuurder.zorgaanbieder)
    vertrokken = GebruikerFactory(zorgaanbieder=b.bestuurder.zorgaanbieder, is_active=False)
    vreemde = GebruikerFactory()
    gesprek = _uitnodigen(b)
    assert gesprek.op_locatie is True
    assert gesprek.tekenbevoegde == b.bestuurder
    assert gesprek.uitgenodigd_door == b.inkoper
    mails = Bericht.objects.filter(onderwerp="Uitnodiging voor een gesprek over uw inschrijving")
    assert set(mails.values_list("aan", flat=True)) == {b.bestuurder.email, collega.email}
    assert not Bericht.objects.filter(aan__in=[vertrokken.email, vreemde.email]).exists()
    tekst = mails.first().tekst
    # 08:00 UTC is 10:00 in the Netherlands in summer.
    assert "donderdag 15 augustus 2024, 10:00 uur (Nederlandse tijd)" in tekst
    assert "Zorgstraat 1, 1011 AB Amsterdam" in tekst
    assert "bij voorkeur op locatie" in tekst
    assert "vertegenwoordigingsbevoegde bestuurder(s)" in tekst
    assert b.bestuurder.get_full_name() in tekst
    assert reverse("beoordeling:gesprek_aanbieder", kwargs={"inschrijving_pk": b.inschrijving.pk}) in tekst
    regel = AuditRegel.objects.get(actie="gesprek_uitgenodigd")
    assert regel.door == b.inkoper and "15 augustus 2024, 10:00 uur" in regel.omschrijving


def test_opnieuw_uitnodigen_wijzigt_datum_en_plaats_en_logt(b):
    _uitnodigen(b)
    later = GESPREK_OP + timedelta(days=7)
    gesprek = _uitnodigen(b, datum=later, plaats="Kantoor zorgkantoor, Utrecht", op_locatie=False)
    assert Gesprek.objects.count() == 1
    gesprek.refresh_from_db()
    assert (gesprek.datum, gesprek.plaats, gesprek.op_locatie) == (later, "Kantoor zorgkantoor, Utrecht", False)
    regel = AuditRegel.objects.get(actie="gesprek_opnieuw_uitgenodigd")
    assert "15 augustus" in regel.omschrijving and "22 augustus" in regel.omschrijving
    gewijzigd = Bericht.objects.get(aan=b.bestuurder.email, onderwerp__startswith="Gewijzigde uitnodiging")
    assert "donderdag 22 augustus 2024, 10:00 uur" in gewijzigd.tekst


# ---------------------------------------------------------------------------------------------------------------
# Verslag and afronden


def test_verslag_vraagt_alle_acht_gronden_en_een_toelichting_bij_bezwaar(b):
    gesprek = _uitnodigen(b)
    onvolledig = _oordelen()
    del onvolledig["keten"]
    with pytest.raises(ValidationError) as fout:
        diensten.verslag_vastleggen(gesprek=gesprek, verslag="Verslag", oordelen=onvolledig, door=b.inkoper)
    assert "bezwaar_keten" in fout.value.message_dict

    zonder_toelichting = _oordelen()
    zonder_toelichting["financieel"] = {"bezwaar": True, "toelichting": "  "}
    with pytest.raises(ValidationError) as fout:
        diensten.verslag_vastleggen(gesprek=gesprek, verslag="Verslag", oordelen=zonder_toelichting,
                                    door=b.inkoper)
    assert set(fout.value.message_dict) == {"toelichting_financieel"}

    geen_keuze = _oordelen()
    geen_keuze["igj"] = {"bezwaar": None, "toelichting": ""}
    with pytest.raises(ValidationError) as fout:
        diensten.verslag_vastleggen(gesprek=gesprek, verslag="", oordelen=geen_keuze, door=b.inkoper)
    assert set(fout.value.message_dict) == {"bezwaar_igj", "verslag"}

    diensten.verslag_vastleggen(gesprek=gesprek, verslag="Verslag", oordelen=_oordelen(plan="Niet haalbaar"),
                                door=b.inkoper)
    gesprek.refresh_from_db()
    assert set(gesprek.oordelen) == {code for code, _label in AFWIJZINGSGRONDEN}
    assert gesprek.oordelen["plan"] == {"bezwaar": True, "toelichting": "Niet haalbaar"}
    assert AuditRegel.objects.filter(actie="gesprek_verslag").exists()


def test_afronden_pas_na_het_gesprek_en_met_verslag(b):
    gesprek = _uitnodigen(b)
    with time_machine.travel(NA_GESPREK, tick=False), pytest.raises(ValidationError, match="verslag"):
        diensten.gesprek_afronden(gesprek=gesprek, door=b.inkoper)
    diensten.verslag_vastleggen(gesprek=gesprek, verslag="Verslag", oordelen=_oordelen(), door=b.inkoper)
    with time_machine.travel(GESPREK_OP - timedelta(minutes=1), tick=False), \
            pytest.raises(ValidationError, match="heeft plaatsgevonden"):
        diensten.gesprek_afronden(gesprek=gesprek, door=b.inkoper)
    b.beoordeling.refresh_from_db()
    assert b.beoordeling.fase == Fase.GESPREK


def test_afronden_met_bezwaar_geeft_een_afwijzing_met_die_grond(b):
    gesprek = _uitnodigen(b)
    gesprek = _vastleggen_en_afronden(b, gesprek, _oordelen(financieel="Negatief eigen vermogen, geen buffer."))
    assert gesprek.afgerond_door == b.inkoper and gesprek.afgerond_op == NA_GESPREK
    beoordeling = Beoordeling.objects.get(pk=b.beoordeling.pk)
    assert beoordeling.fase == Fase.BESLUIT
    voorstel = bereken_voorstel(beoordeling)
    assert voorstel.soort == OvereenkomstSoort.AFWIJZING
    (reden,) = voorstel.redenen
    assert reden["titel"] == str(dict(AFWIJZINGSGRONDEN)["financieel"])
    assert reden["toelichting"] == "Negatief eigen vermogen, geen buffer."
    assert "financieel slechte positie" in AuditRegel.objects.get(actie="gesprek_afgerond").omschrijving
    # Closed is closed.
    with pytest.raises(ValidationError):
        diensten.verslag_vastleggen(gesprek=gesprek, verslag="Anders", oordelen=_oordelen(), door=b.inkoper)


def test_afronden_zonder_bezwaren_geeft_een_positief_voorstel(b):
    _vastleggen_en_afronden(b, _uitnodigen(b), _oordelen())
    beoordeling = Beoordeling.objects.get(pk=b.beoordeling.pk)
    assert beoordeling.fase == Fase.BESLUIT
    assert bereken_voorstel(beoordeling).soort == OvereenkomstSoort.EENJARIG_VERLENGING
    assert AuditRegel.objects.get(actie="gesprek_afgerond").omschrijving == "Afgerond zonder bezwaren."


# ---------------------------------------------------------------------------------------------------------------
# Pages


def _url(naam, b):
    return reverse(f"beoordeling:{naam}", kwargs={"pk": b.beoordeling.pk})


def _post_uitnodiging(client, b, **kwargs):
    data = {"datum": "2024-08-15T10:00", "plaats": "Zorgstraat 1, 1011 AB Amsterdam", "op_locatie": "on",
            "deelnemers": "Ineke Inkoper, zorginkoper", "tekenbevoegde": b.bestuurder.pk}
    data.update(kwargs)
    return client.post(_url("gesprek_uitnodigen", b), {k: v for k, v in data.items() if v is not None})


def test_gesprekpagina_met_standaardwaarden(client, login, b):
    login(client, b.inkoper)
    with time_machine.travel(NA_SLUITING, tick=False):
        antwoord = client.get(_url("gesprek", b))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    adres = b.beoordeling.indiening.snapshot["zorgaanbieder"]["adres"]
    assert f'value="{adres}"' in html
    assert 'name="op_locatie"' in html and "checked" in html.split('name="op_locatie"')[1].split(">")[0]
    assert f'<option value="{b.bestuurder.pk}" selected>' in html


def test_uitnodigen_via_de_pagina(client, login, b):
    login(client, b.inkoper)
    with time_machine.travel(NA_SLUITING, tick=False):
        antwoord = _post_uitnodiging(client, b, next=reverse("beoordeling:start"))
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("beoordeling:start") + "#gesprek"
    gesprek = Gesprek.objects.get()
    assert gesprek.datum == datetime(2024, 8, 15, 10, 0, tzinfo=AMS)  # typed in Dutch time
    assert gesprek.op_locatie


def test_mislukte_uitnodiging_houdt_wat_is_getypt(client, login, b):
    medewerker = GebruikerFactory(zorgaanbieder=b.bestuurder.zorgaanbieder)
    login(client, b.inkoper)
    with time_machine.travel(NA_SLUITING, tick=False):
        antwoord = _post_uitnodiging(client, b, plaats="Ergens anders 12, Utrecht", op_locatie=None,
                                     tekenbevoegde=medewerker.pk)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert 'value="Ergens anders 12, Utrecht"' in html
    assert "Kies een tekenbevoegde bestuurder van deze zorgaanbieder." in html
    assert "is-invalid" in html
    assert not Gesprek.objects.exists()


def test_verslag_via_de_pagina_en_afronden(client, login, b):
    _uitnodigen(b)
    login(client, b.inkoper)
    data = {"verslag": "Gesprek op locatie gevoerd."}
    data.update({f"bezwaar_{code}": "nee" for code, _label in AFWIJZINGSGRONDEN})
    data["bezwaar_governance"] = "ja"
    with time_machine.travel(NA_GESPREK, tick=False):
        antwoord = client.post(_url("gesprek_verslag", b), data)
        assert antwoord.status_code == 200
        assert "Licht het bezwaar toe." in antwoord.content.decode()
        assert "Gesprek op locatie gevoerd." in antwoord.content.decode()
        data["toelichting_governance"] = "Geen onafhankelijk toezicht."
        assert client.post(_url("gesprek_verslag", b), data).status_code == 302
        assert client.post(_url("gesprek_afronden", b)).status_code == 302
    gesprek = Gesprek.objects.get()
    assert gesprek.oordelen["governance"] == {"bezwaar": True, "toelichting": "Geen onafhankelijk toezicht."}
    assert Beoordeling.objects.get(pk=b.beoordeling.pk).fase == Fase.BESLUIT


def test_afronden_te_vroeg_toont_de_reden(client, login, b):
    _uitnodigen(b)
    login(client, b.inkoper)
    with time_machine.travel(NA_SLUITING + timedelta(days=2), tick=False):
        antwoord = client.post(_url("gesprek_afronden", b))
    assert antwoord.status_code == 200
    assert "nadat het heeft plaatsgevonden" in antwoord.content.decode()


def test_zorginkoper_van_een_ander_zorgkantoor_krijgt_404(client, login, b):
    _uitnodigen(b)
    login(client, GebruikerFactory(inkoper=True))
    with time_machine.travel(NA_GESPREK, tick=False):
        for naam in ("gesprek_uitnodigen", "gesprek_verslag", "gesprek_afronden"):
            assert client.post(_url(naam, b), {}).status_code == 404, naam
        assert client.get(_url("gesprek", b)).status_code == 404


def test_aanbieder_ziet_de_uitnodiging_en_een_ander_niet(client, login, b):
    _uitnodigen(b)
    with time_machine.travel(NA_GESPREK, tick=False):
        diensten.verslag_vastleggen(gesprek=Gesprek.objects.get(), verslag="Intern verslag", door=b.inkoper,
                                    oordelen=_oordelen(klachten="Vertrouwelijke bevinding"))
    url = reverse("beoordeling:gesprek_aanbieder", kwargs={"inschrijving_pk": b.inschrijving.pk})
    login(client, GebruikerFactory(zorgaanbieder=b.bestuurder.zorgaanbieder))
    with time_machine.travel(NA_SLUITING + timedelta(days=2), tick=False):
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "donderdag 15 augustus 2024, 10:00" in html
    assert "Zorgstraat 1, 1011 AB Amsterdam" in html
    assert b.bestuurder.get_full_name() in html
    assert "vertegenwoordigingsbevoegde bestuurder(s)" in html
    assert "Intern verslag" not in html and "Vertrouwelijke bevinding" not in html

    login(client, GebruikerFactory(tekenbevoegd=True))
    assert client.get(url).status_code == 404
    login(client, b.inkoper)
    assert client.get(url).status_code == 403


def test_beoordelingspagina_laadt_het_gesprek(client, login, b):
    login(client, b.inkoper)
    detail = reverse("beoordeling:beoordeling", kwargs={"pk": b.beoordeling.pk})
    with time_machine.travel(NA_SLUITING, tick=False):
        html = client.get(detail).content.decode()
        assert 'id="gesprek"' in html
        assert f'href="{_url("gesprek", b)}?next=' in html  # without JavaScript: a link to the gesprek page
        fragment = client.get(_url("gesprek", b), {"fragment": "1", "next": detail})
    deel = fragment.content.decode()
    assert "<html" not in deel
    assert f'action="{_url("gesprek_uitnodigen", b)}"' in deel
    assert f'name="next" value="{detail}"' in deel
    # Without a next, a successful submit returns to the assessment page.
    with time_machine.travel(NA_SLUITING, tick=False):
        antwoord = _post_uitnodiging(client, b)
    assert antwoord["Location"] == detail + "#gesprek"
