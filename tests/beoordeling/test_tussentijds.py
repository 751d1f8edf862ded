"""A tussentijdse round: its own start of the overeenkomst, and one re-registration after a rejection.

Seed 002 §4.7: "Zorgaanbieders die verwachten pas in de loop van 2022 te starten, wijzen we uitdrukkelijk op de
mogelijkheid om tussentijds te contracteren. Een zorgaanbieder kan inschrijven tot 1 februari 2022 of tot 1 mei
2022." §4.6: inregeltijd for items due "op het moment van zorglevering of uiterlijk zes maanden na ingangsdatum van
de overeenkomst", and "Als de inschrijving van de zorgaanbieder wordt afgewezen, heeft de zorgaanbieder nog één keer
de mogelijkheid om opnieuw in te schrijven voor het betreffende jaar. Hiervoor gelden de procedures voor
tussentijds contracteren." §4.9 polisblad: "De verzekering dient uiterlijk vanaf de ingangsdatum van de
overeenkomst in te gaan."

Here a tussentijdse round of contract year 2022 closes on 1 May 2022 17:00 and its overeenkomsten start on 1 July
2022; everything runs through the real services, the letter is read back with pypdf.
"""

import re
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from beoordeling import services
from beoordeling.models import Beoordeling, Fase, InregelItem
from inschrijving import services as inschrijving_services
from inschrijving.dossier import dossier_van
from inschrijving.models import Document, Inkoopronde, Inschrijving, Soort
from tests.beoordeling.test_besluit import (
    AMS,
    Z_ITEMS,
    ZES_ITEMS,
    Geval,
    _automatisch,
    _controle,
    _ingediend,
    _plat,
    _reis,
    _ronde,
    _tekst,
)
from tests.factories import WACHTWOORD, GebruikerFactory, InkooprondeFactory, kluis_geopend
from tests.inschrijving.maak import vul_documenten, vul_plan, vul_verklaring
from wlzportal.datums import datum

pytestmark = pytest.mark.django_db

FEBRUARI = datetime(2022, 2, 1, 17, 0, tzinfo=AMS)  # 002 §4.7: "tot 1 februari 2022 of tot 1 mei 2022"
MEI = datetime(2022, 5, 1, 17, 0, tzinfo=AMS)
VOOR_MEI = MEI - timedelta(days=10)
NA_MEI = MEI + timedelta(days=1)
JULI = date(2022, 7, 1)
POLIS = "document.polisblad.ingangsdatum"


def _tussentijds(zk=None, sluiting=MEI, ingangsdatum=JULI):
    ronde, zk = _ronde(zk=zk, sluiting=sluiting)
    ronde.contractjaar, ronde.soort, ronde.ingangsdatum = 2022, Soort.TUSSENTIJDS, ingangsdatum
    ronde.full_clean()
    ronde.save()
    return ronde, zk


def _polisblad(inschrijving):
    return Document.objects.get(inschrijving=inschrijving, documenttype__code="polisblad", vervangen_op__isnull=True)


# --- the round's start of the overeenkomst ---------------------------------------------------------------------

def test_ingangsdatum_standaard_1_januari_en_binnen_het_contractjaar():
    """Without its own date a round's overeenkomsten start on 1 January of the contract year; a date of its own
    lies inside the contract year and after the sluiting of the inschrijving (§4.7)."""
    regulier = InkooprondeFactory(sluiting=datetime(2021, 7, 30, 17, 0, tzinfo=AMS))
    assert (regulier.contractjaar, regulier.ingangsdatum) == (2022, None)
    assert regulier.ingangsdatum_overeenkomst == date(2022, 1, 1)
    regulier.full_clean()

    ronde, _zk = _tussentijds()
    assert ronde.ingangsdatum_overeenkomst == JULI
    ronde.ingangsdatum = date(2023, 7, 1)
    with pytest.raises(ValidationError) as fout:
        ronde.full_clean()
    assert fout.value.message_dict["ingangsdatum"] == [
        "De ingangsdatum van de overeenkomst moet in het contractjaar 2022 liggen (1 januari tot en met 31 december "
        "2022)."]
    ronde.ingangsdatum = None  # 1 January 2022 lies before this round's sluiting on 1 May 2022
    with pytest.raises(ValidationError) as fout:
        ronde.full_clean()
    assert fout.value.message_dict["ingangsdatum"][0].startswith(
        "De overeenkomst kan niet ingaan op of vóór de sluiting van de inschrijving (1 mei 2022).")


def test_beheerder_stelt_de_ingangsdatum_in_admin_in(client, login):
    """A beheerder sets the round's start in Django admin; a date outside the contract year is refused beside
    the field and nothing is saved."""
    ronde, _zk = _tussentijds(ingangsdatum=date(2022, 6, 1))
    login(client, GebruikerFactory(beheerder=True, is_superuser=True))
    url = reverse("admin:inschrijving_inkoopronde_change", args=[ronde.pk])
    data = {"naam": ronde.naam, "contractjaar": 2022, "soort": "tussentijds", "regelset": ronde.regelset_id,
            "zorgkantoren": [zk.pk for zk in ronde.zorgkantoren.all()],
            "afwijkende_planningen-TOTAL_FORMS": 0, "afwijkende_planningen-INITIAL_FORMS": 0,
            "termijnwijzigingen-TOTAL_FORMS": 0, "termijnwijzigingen-INITIAL_FORMS": 0}
    for naam in ("publicatie_inkoopkader", "vragen_tot", "publicatie_nvi", "sluiting_inschrijving",
                 "gesprekken_afgerond", "voorlopige_contractering", "definitieve_contractering"):
        moment = getattr(ronde, naam).astimezone(AMS)
        data[f"{naam}_0"], data[f"{naam}_1"] = moment.strftime("%d-%m-%Y"), moment.strftime("%H:%M:%S")
    assert client.get(url).status_code == 200
    antwoord = client.post(url, {**data, "ingangsdatum": "01-07-2023"})
    assert antwoord.status_code == 200
    assert "moet in het contractjaar 2022 liggen" in antwoord.content.decode()
    assert Inkoopronde.objects.get(pk=ronde.pk).ingangsdatum == date(2022, 6, 1)
    antwoord = client.post(url, {**data, "ingangsdatum": "01-07-2022"})
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert Inkoopronde.objects.get(pk=ronde.pk).ingangsdatum == JULI


@pytest.mark.parametrize(("ingang", "uitkomst"), [(JULI, "voldoet"), (date(2022, 7, 2), "voldoet_niet")])
def test_polis_gaat_uiterlijk_op_de_ingang_van_de_tussentijdse_overeenkomst_in(ingang, uitkomst):
    """002 §4.9 polisblad: "uiterlijk vanaf de ingangsdatum van de overeenkomst": in this round 1 July 2022, not
    1 January — a polis starting 1 July passes, one starting 2 July does not."""
    ronde, zk = _tussentijds()
    with _reis(VOOR_MEI):
        bestuurder = GebruikerFactory(tekenbevoegd=True)
        inschrijving = inschrijving_services.inschrijving_starten(ronde=ronde, zorgkantoor=zk, door=bestuurder)
        vul_verklaring(inschrijving)
        vul_plan(inschrijving)
        vul_documenten(inschrijving, bestuurder)
        inschrijving_services.document_gegevens_wijzigen(
            document=_polisblad(inschrijving), gegevens={"polis_ingangsdatum": ingang}, door=bestuurder)
        assert dossier_van(inschrijving)["inschrijving"]["contractstart"] == "2022-07-01"
        b = {b.regel: b for b in inschrijving_services.voorcontrole(inschrijving)}[POLIS]
        assert b.uitkomst == uitkomst
        assert (f"De polis gaat in op {datum(ingang)}; de verzekering moet uiterlijk op 1 juli 2022 (ingang van de "
                "overeenkomst) ingaan.") in b.toelichting
        indiening = inschrijving_services.indienen(inschrijving=inschrijving, door=bestuurder,
                                                   wachtwoord=WACHTWOORD, ondanks_bevindingen=True)
    assert indiening.snapshot["inschrijving"]["contractstart"] == "2022-07-01"
    _automatisch(ronde, zk, moment=NA_MEI)
    resultaat = Beoordeling.objects.get(inschrijving=inschrijving).resultaten.get(regel=POLIS)
    assert resultaat.uitkomst == uitkomst


def test_vervaldata_looptijd_brief_en_overeenkomst_volgen_1_juli(django_capture_on_commit_callbacks):
    """A new provider contracted onder voorwaarden in a round starting 1 July 2022: Z items are due on 1 July 2022,
    6 items six months later on 1 January 2023 (§4.6), the looptijd runs from 1 July to 31 December 2022, the
    letter says so, and the overeenkomst created on acceptance and its inregel items follow."""
    ronde, zk = _tussentijds()
    inkoper, collega = (GebruikerFactory(inkoper=True, zorgkantoor=zk) for _ in range(2))
    kluis_geopend(ronde, zk, inkoper, collega)
    inschrijving, bestuurder = _ingediend(ronde, zk, "3", moment=VOOR_MEI)
    _automatisch(ronde, zk, moment=NA_MEI)
    beoordeling = _controle(Beoordeling.objects.get(inschrijving=inschrijving), inkoper, moment=NA_MEI)
    assert beoordeling.fase == Fase.BESLUIT
    with _reis(NA_MEI):
        besluit = services.voorstellen(beoordeling=beoordeling, door=inkoper)
    with _reis(NA_MEI), django_capture_on_commit_callbacks(execute=True):
        services.goedkeuren(besluit=besluit, door=collega)
    besluit.refresh_from_db()

    assert besluit.soort == "eenjarig_verlenging" and besluit.onder_voorwaarden
    per_code = {v["code"]: v for v in besluit.voorwaarden}
    assert set(per_code) == Z_ITEMS | ZES_ITEMS
    assert {per_code[c]["vervaldatum"] for c in Z_ITEMS} == {"2022-07-01"}
    assert {per_code[c]["vervaldatum"] for c in ZES_ITEMS} == {"2023-01-01"}
    assert services.looptijd(besluit) == (JULI, date(2022, 12, 31))

    with besluit.brief.open("rb") as fh:
        tekst = _plat(_tekst(fh.read()))
    assert _plat("1 juli 2022 tot en met 31 december 2022") in tekst
    assert "1januari2022" not in tekst
    # Each voorwaarde with its own due date.
    assert re.search(re.escape(_plat("Klachtenregeling (Wkkgz)")) + r".*?1juli2022", tekst)
    assert re.search(re.escape(_plat("Cliëntenraad (Wmcz)")) + r".*?1januari2023", tekst)

    with _reis(NA_MEI + timedelta(days=3)):
        services.reageren(besluit=besluit, door=bestuurder, accepteren=True)
    besluit.refresh_from_db()
    overeenkomst = besluit.overeenkomst
    assert (overeenkomst.ingangsdatum, overeenkomst.einddatum, overeenkomst.meerjarig) == (
        JULI, date(2022, 12, 31), False)
    items = {i.code: i.vervaldatum for i in InregelItem.objects.filter(overeenkomst=overeenkomst)}
    assert {items[c] for c in Z_ITEMS} == {JULI}
    assert {items[c] for c in ZES_ITEMS} == {date(2023, 1, 1)}


def test_besluitpaneel_toont_de_looptijd_vanaf_de_ingang_van_de_tussentijdse_ronde(client, login):
    """The zorginkoper's proposal panel names the same term as the letter: from 1 July, not 1 January."""
    ronde, zk = _tussentijds()
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk)
    kluis_geopend(ronde, zk, inkoper)
    inschrijving, _bestuurder = _ingediend(ronde, zk, "3", moment=VOOR_MEI)
    _automatisch(ronde, zk, moment=NA_MEI)
    beoordeling = _controle(Beoordeling.objects.get(inschrijving=inschrijving), inkoper, moment=NA_MEI)
    with _reis(NA_MEI):
        login(client, inkoper)
        html = _plat(client.get(reverse("beoordeling:besluit", args=[beoordeling.pk]) + "?fragment=1")
                     .content.decode())
    assert _plat("1 juli 2022") in html and _plat("31 december 2022") in html
    assert "1januari2022" not in html


# --- one re-registration per contract year ---------------------------------------------------------------------

def test_na_een_afwijzing_een_keer_opnieuw_inschrijven(client, django_capture_on_commit_callbacks):
    """002 §4.6: a rejected provider registers once more for that year, through the tussentijdse procedure; the
    second re-registration in the same contract year is refused with the reason, in the service and on the start
    page. A regular round, and a provider that was never rejected, are not limited."""
    g = Geval("3")  # the regular round: closes 30 July 2021 for contract year 2022
    besluit = g.besloten(django_capture_on_commit_callbacks, soort="afwijzing",
                         afwijkingsreden="Het ondernemingsplan is niet haalbaar.")
    assert besluit.soort == "afwijzing"
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.AFGEWEZEN
    februari, _zk = _tussentijds(zk=g.zk, sluiting=FEBRUARI, ingangsdatum=date(2022, 4, 1))
    mei, _zk = _tussentijds(zk=g.zk)

    with _reis(FEBRUARI - timedelta(days=10)):  # the first re-registration is allowed
        eerste = inschrijving_services.inschrijving_starten(ronde=februari, zorgkantoor=g.zk, door=g.bestuurder)
        # Opening it again is no new inschrijving.
        assert inschrijving_services.inschrijving_starten(ronde=februari, zorgkantoor=g.zk,
                                                          door=g.bestuurder) == eerste

    verwacht = (f"U kunt zich niet opnieuw inschrijven voor contractjaar 2022 bij {g.zk.naam}. Uw inschrijving in "
                f"{g.ronde.naam} is afgewezen en u heeft zich daarna al één keer opnieuw ingeschreven, in "
                f"{februari.naam}. Na een afwijzing kunt u zich voor dat jaar nog één keer inschrijven via de "
                "tussentijdse procedure (inkoopkader §4.6); een verdere inschrijving voor 2022 is niet mogelijk.")
    with _reis(VOOR_MEI):
        with pytest.raises(ValidationError) as fout:
            inschrijving_services.inschrijving_starten(ronde=mei, zorgkantoor=g.zk, door=g.bestuurder)
        assert fout.value.messages == [verwacht]
        # The start page says so beside the round, without a start button, and the start view shows the reason.
        client.force_login(g.bestuurder)
        pagina = client.get(reverse("inschrijving:dashboard")).content.decode()
        rij = pagina[pagina.index(f"{mei.naam}<br>"):]
        rij = rij[:rij.index("</tr>")]
        assert "nog één keer inschrijven via de tussentijdse procedure" in rij and "Inschrijving starten" not in rij
        antwoord = client.post(reverse("inschrijving:starten", args=[mei.pk, g.zk.pk]), follow=True)
        assert verwacht in antwoord.content.decode()
    assert not Inschrijving.objects.filter(ronde=mei, zorgaanbieder=g.bestuurder.zorgaanbieder).exists()

    # A provider that was never rejected starts in the same tussentijdse round as usual.
    with _reis(VOOR_MEI):
        ander = GebruikerFactory(tekenbevoegd=True)
        assert inschrijving_services.inschrijving_starten(ronde=mei, zorgkantoor=g.zk, door=ander).ronde == mei
    # A regular round is not limited, not even for this provider in the same contract year.
    regulier = InkooprondeFactory(zorgkantoren=[g.zk], sluiting=MEI, contractjaar=2022)
    regulier.regelset = g.ronde.regelset
    regulier.save()
    with _reis(VOOR_MEI):
        assert inschrijving_services.inschrijving_starten(ronde=regulier, zorgkantoor=g.zk,
                                                          door=g.bestuurder).ronde == regulier
