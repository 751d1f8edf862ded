"""The ontwikkelplan of a 2016-rules round (004 §2.2.3, §2.2.4): submitted by the aanbieder, scored by the
zorginkoper with the round's weights, and turned into the opslag on the basistarief — which the proposal takes as its
default and the decision letter states. Whether it was agreed is the recorded result that picks the 2016 overeenkomst
row. Every case here submitted a zelfanalyse, the condition for an opslag (004 §2.2.3); without one there is neither
plan nor opslag (tests/beoordeling/test_kader_2016.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from beoordeling import ontwikkelplan as op
from beoordeling import services
from beoordeling.models import AuditRegel, Beoordeling, Fase, Ontwikkelplan, OntwikkelplanWeging, Toetsresultaat
from tests.beoordeling.test_besluit import (
    NA,
    VOORWAARDEN_2016,
    Geval,
    _automatisch,
    _integriteit,
    _plat,
    _reis,
    _ronde,
    _tekst,
)
from tests.beoordeling.test_kader_2016 import GevalMetZelfanalyse, ingediend_2016
from tests.factories import GebruikerFactory, ZorgkantoorFactory

pytestmark = pytest.mark.django_db

PLAN = {"doel": "Minder onrust bij cliënten met dementie.", "smart_aanpak": "Elke cliënt een vaste begeleider.",
        "planning": "Q1 training, Q2 invoering.", "investering": "€ 40.000 scholing.",
        "risicos": "Personeelsverloop.", "resultaten": "30% minder incidenten.",
        "onderbouwing": "Incidentregistratie 2015."}


def _geval_2016(ontwikkelplan_akkoord=False) -> Geval:
    """A 2016 bestaande aanbieder with a zelfanalyse, in BESLUIT with every national condition met; the ontwikkelplan
    condition as the checklist left it (voldoet niet until the plan is scored)."""
    voldoet = {**dict.fromkeys(VOORWAARDEN_2016, True), "ontwikkelplan_akkoord": ontwikkelplan_akkoord}
    return GevalMetZelfanalyse("b", uitkomsten=_integriteit(**voldoet))


def _plan(g: Geval) -> Ontwikkelplan:
    return op.plan_indienen(beoordeling=g.beoordeling, gegevens=PLAN, door=g.bestuurder)


def _scoor(g, plan, scores=(8, 8, 8), akkoord=True):
    effect, ambitie, haalbaarheid = scores
    return op.scoren(plan=plan, effect=effect, ambitie=ambitie, haalbaarheid=haalbaarheid, akkoord=akkoord,
                     toelichting="Besproken in het gesprek.", door=g.inkoper)


def _weging(g, e, a, h):
    return op.weging_instellen(ronde=g.ronde, zorgkantoor=g.zk, effect=e, ambitie=a, haalbaarheid=h, door=g.inkoper)


# --- the formula ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("wegingen", "scores", "akkoord", "opslag"), [
    ((1, 1, 1), (0, 0, 0), True, "0.00"),
    ((1, 1, 1), (10, 10, 10), True, "3.00"),
    ((1, 1, 1), (10, 10, 10), False, "0.00"),
    ((1, 1, 1), (8, 8, 8), True, "2.40"),
    ((2, 1, 1), (10, 6, 6), True, "2.40"),   # 3 × (20+6+6) / 40
    ((1, 1, 2), (10, 6, 6), True, "2.10"),   # 3 × (10+6+12) / 40: the weights change the result
    ((1, 2, 4), (10, 10, 9), True, "2.82"),  # 3 × 66 / 70 = 2.828…: rounded down, not to 2.83
    ((0, 0, 1), (0, 0, 10), True, "3.00"),
])
def test_bereken_opslag(wegingen, scores, akkoord, opslag):
    assert op.bereken_opslag(maximum=Decimal("3.00"), wegingen=wegingen, scores=scores,
                             akkoord=akkoord) == Decimal(opslag)


# --- scoring through the services ----------------------------------------------------------------

@pytest.mark.parametrize(("scores", "akkoord", "opslag"), [
    ((0, 0, 0), True, "0.00"), ((10, 10, 10), True, "3.00"), ((10, 10, 10), False, "0.00"),
])
def test_scoren_grenzen(scores, akkoord, opslag):
    g = _geval_2016()
    plan = _scoor(g, _plan(g), scores, akkoord)
    plan.refresh_from_db()
    assert plan.opslag == Decimal(opslag) and plan.akkoord is akkoord
    assert (plan.score_effect, plan.score_ambitie, plan.score_haalbaarheid) == scores
    assert plan.beoordeeld_door == g.inkoper
    assert op.voorgestelde_opslag(g.beoordeling) == Decimal(opslag)


def test_weging_verandert_de_opslag_en_rondt_naar_beneden_af():
    g = _geval_2016()
    _weging(g, 1, 2, 4)
    plan = _scoor(g, _plan(g), (10, 10, 9))
    assert plan.opslag == Decimal("2.82")
    assert AuditRegel.objects.filter(actie="ontwikkelplan_weging", ronde=g.ronde).exists()


@pytest.mark.parametrize("scores", [(11, 5, 5), (5, -1, 5), (5, 5, "7.5")])
def test_scores_buiten_0_tot_10_geweigerd(scores):
    g = _geval_2016()
    plan = _plan(g)
    with pytest.raises(ValidationError):
        _scoor(g, plan, scores)
    plan.refresh_from_db()
    assert plan.opslag is None and plan.beoordeeld_op is None


def test_alleen_staf_van_het_zorgkantoor_scoort():
    g = _geval_2016()
    plan = _plan(g)
    vreemde = GebruikerFactory(inkoper=True)
    with pytest.raises(PermissionDenied):
        op.scoren(plan=plan, effect=5, ambitie=5, haalbaarheid=5, akkoord=True, toelichting="x", door=vreemde)


# --- weights ----------------------------------------------------------------------------------------

def test_weging_alleen_door_staf_van_dat_zorgkantoor():
    g = _geval_2016()
    ander = GebruikerFactory(inkoper=True, zorgkantoor=ZorgkantoorFactory())
    for door in (ander, g.bestuurder):
        with pytest.raises(PermissionDenied):
            op.weging_instellen(ronde=g.ronde, zorgkantoor=g.zk, effect=2, ambitie=1, haalbaarheid=1, door=door)
    with pytest.raises(ValidationError):
        _weging(g, 0, 0, 0)
    with pytest.raises(ValidationError):
        _weging(g, -1, 1, 1)
    assert not OntwikkelplanWeging.objects.exists()
    weging = _weging(g, 3, 2, 1)
    assert (weging.weging_effect, weging.weging_ambitie, weging.weging_haalbaarheid) == (3, 2, 1)
    _weging(g, 1, 1, 5)
    assert OntwikkelplanWeging.objects.get().weging_haalbaarheid == 5


def test_wegingpagina(client, login):
    g = _geval_2016()
    url = reverse("beoordeling:ontwikkelplan_weging", args=[g.ronde.pk])
    login(client, g.inkoper)
    assert client.get(url).status_code == 200
    antwoord = client.post(url, {"effect": "2", "ambitie": "1", "haalbaarheid": "1"})
    assert antwoord.status_code == 302
    assert OntwikkelplanWeging.objects.get(ronde=g.ronde, zorgkantoor=g.zk).weging_effect == 2
    login(client, GebruikerFactory(inkoper=True, zorgkantoor=ZorgkantoorFactory()))
    assert client.get(url).status_code == 404


# --- submission -------------------------------------------------------------------------------------

def test_indienen_vraagt_alle_onderdelen_en_de_eigen_organisatie():
    g = _geval_2016()
    with pytest.raises(ValidationError) as fout:
        op.plan_indienen(beoordeling=g.beoordeling, gegevens={**PLAN, "risicos": " "}, door=g.bestuurder)
    assert set(fout.value.message_dict) == {"risicos"}
    with pytest.raises(PermissionDenied):
        op.plan_indienen(beoordeling=g.beoordeling, gegevens=PLAN, door=GebruikerFactory(tekenbevoegd=True))
    medewerker = GebruikerFactory(zorgaanbieder=g.bestuurder.zorgaanbieder)
    plan = op.plan_indienen(beoordeling=g.beoordeling, gegevens=PLAN, door=medewerker)
    assert plan.ingediend_door == medewerker and plan.smart_aanpak == PLAN["smart_aanpak"]
    _scoor(g, plan)
    with pytest.raises(ValidationError):  # scored: no longer replaced
        _plan(g)


def test_2022_ronde_kent_geen_ontwikkelplan(client):
    g = Geval("2")
    assert g.beoordeling.inschrijving.regelset().max_opslag == 0
    with pytest.raises(ValidationError):
        _plan(g)
    assert not Ontwikkelplan.objects.exists()
    client.force_login(g.bestuurder)
    pagina = client.get(reverse("beoordeling:ontwikkelplan_aanbieder", args=[g.inschrijving.pk]))
    assert pagina.status_code == 200 and b'data-testid="geen-ontwikkelplan"' in pagina.content


def test_aanbiederpagina_indienen_en_andere_organisatie_404(client):
    g = _geval_2016()
    url = reverse("beoordeling:ontwikkelplan_aanbieder", args=[g.inschrijving.pk])
    client.force_login(GebruikerFactory(tekenbevoegd=True))
    assert client.get(url).status_code == 404
    assert client.post(url, PLAN).status_code == 404
    client.force_login(g.bestuurder)
    assert client.get(url).status_code == 200
    assert client.post(url, {**PLAN, "doel": ""}).status_code == 200  # the form again, with the error
    assert not Ontwikkelplan.objects.exists()
    assert client.post(url, PLAN).status_code == 302
    plan = Ontwikkelplan.objects.get(beoordeling=g.beoordeling)
    assert plan.doel == PLAN["doel"] and plan.ingediend_door == g.bestuurder


def test_beoordeelpagina(client, login):
    g = _geval_2016()
    _plan(g)
    url = reverse("beoordeling:ontwikkelplan_beoordelen", args=[g.beoordeling.pk])
    login(client, g.inkoper)
    assert PLAN["doel"].encode() in client.get(url).content
    antwoord = client.post(url, {"effect": "10", "ambitie": "10", "haalbaarheid": "10", "akkoord": "on",
                                 "toelichting": "Ambitieus en haalbaar."})
    assert antwoord.status_code == 302
    assert Ontwikkelplan.objects.get().opslag == Decimal("3.00")
    login(client, GebruikerFactory(inkoper=True, zorgkantoor=ZorgkantoorFactory()))
    assert client.get(url).status_code == 404


# --- the recorded result, the proposal and the letter --------------------------------------------

def test_akkoord_kiest_de_2016_rij_met_opslag():
    g = _geval_2016(ontwikkelplan_akkoord=False)
    assert g.voorstel().soort == "eenjarig" and not g.voorstel().met_opslag  # basistarief: nothing agreed
    plan = _plan(g)
    _scoor(g, plan, akkoord=True)
    resultaat = Toetsresultaat.objects.get(beoordeling=g.beoordeling, regel=op.REGEL)
    assert resultaat.uitkomst == "voldoet" and not resultaat.automatisch and resultaat.besloten_door == g.inkoper
    voorstel = g.voorstel()
    assert (voorstel.soort, voorstel.looptijd_jaren, voorstel.met_opslag) == ("tweejarig", 2, True)
    assert AuditRegel.objects.filter(actie="resultaat_vastgelegd", omschrijving__contains=op.REGEL).exists()


def test_niet_akkoord_geen_opslag_en_geen_opslagrij():
    g = _geval_2016(ontwikkelplan_akkoord=True)
    _scoor(g, _plan(g), (9, 9, 9), akkoord=False)
    assert Toetsresultaat.objects.get(beoordeling=g.beoordeling, regel=op.REGEL).uitkomst == "voldoet_niet"
    voorstel = g.voorstel()
    assert voorstel.soort == "eenjarig" and not voorstel.met_opslag
    assert op.voorgestelde_opslag(g.beoordeling) == Decimal("0.00")


def test_scoren_in_de_controle_via_de_checklist():
    ronde, zk = _ronde("2016")
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk)
    inschrijving, bestuurder = ingediend_2016(ronde, zk, geschiedenis=[{"zorgkantoor": zk}], zelfanalyse=True)
    _automatisch(ronde, zk)
    beoordeling = Beoordeling.objects.get(inschrijving=inschrijving)
    assert beoordeling.fase == Fase.CONTROLE
    assert Toetsresultaat.objects.get(beoordeling=beoordeling, regel=op.REGEL).uitkomst == "handmatig"
    plan = op.plan_indienen(beoordeling=beoordeling, gegevens=PLAN, door=bestuurder)
    op.scoren(plan=plan, effect=7, ambitie=7, haalbaarheid=7, akkoord=True, toelichting="Goed plan.", door=inkoper)
    resultaat = Toetsresultaat.objects.get(beoordeling=beoordeling, regel=op.REGEL)
    assert resultaat.uitkomst == "voldoet" and "Goed plan." in resultaat.toelichting
    assert Ontwikkelplan.objects.get().opslag == Decimal("2.10")


def test_opslag_in_voorstel_en_brief(client, login, django_capture_on_commit_callbacks):
    g = _geval_2016()
    _scoor(g, _plan(g), (8, 8, 8))
    login(client, g.inkoper)
    paneel = client.get(reverse("beoordeling:besluit", args=[g.beoordeling.pk]) + "?fragment=1")
    assert b'value="2,40"' in paneel.content  # the form's default, localised
    besluit = g.besloten(django_capture_on_commit_callbacks)  # no opslag given: the plan's
    assert besluit.soort == "tweejarig" and besluit.opslag == Decimal("2.40")
    with besluit.brief.open("rb") as fh:
        tekst = _plat(_tekst(fh.read()))
    assert _plat("met een opslag van 2,4% op het basistarief") in tekst


def test_expliciete_opslag_gaat_voor():
    g = _geval_2016()
    _scoor(g, _plan(g), (8, 8, 8))
    with _reis(NA):
        besluit = services.voorstellen(beoordeling=g.beoordeling, door=g.inkoper, opslag=Decimal("1.00"))
    assert besluit.opslag == Decimal("1.00")
