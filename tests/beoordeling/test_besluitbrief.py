"""A letter that holds up (issue 8, item 5): the tariff text from the rule set under both kaders (002 §2.2;
004 §2.2.2, §2.2.4), the submission it decides on (volgnummer and SHA-256), the people who decided by name,
every voorwaarde with its date — the same list the inregel items are made from, the kwaliteitsverslag
included — and how and until when to object. The PDF is read back with pypdf.
"""

import re
from datetime import date
from decimal import Decimal

import pytest

from beoordeling import inregeling, services
from beoordeling.brief import datum
from beoordeling.models import InregelItem
from inschrijving.models import Indiening
from tests.beoordeling.test_besluit import NA, Geval, _plat, _reis, _tekst

pytestmark = pytest.mark.django_db


def _brieftekst(besluit) -> str:
    with besluit.brief.open("rb") as fh:
        return _plat(_tekst(fh.read()))


def _namen(g):
    g.inkoper.first_name, g.inkoper.last_name = "Ineke", "de Vries"
    g.inkoper.save()
    g.collega.first_name, g.collega.last_name = "Kees", "Jansen"
    g.collega.save()


def test_brief_2022_tarief_indiening_ondertekenaars_en_bezwaar(django_capture_on_commit_callbacks):
    g = Geval("3")
    _namen(g)
    besluit = g.besloten(django_capture_on_commit_callbacks)
    tekst = _brieftekst(besluit)
    indiening = Indiening.objects.get(inschrijving=g.inschrijving)
    for verwacht in (
        "95,8% van het NZa-maximumtarief, exclusief de NHC/NIC-component; de NHC/NIC-component tegen 100% (002 §2.2)",
        f"volgnummer {indiening.volgnummer}", indiening.sha256,
        "Ineke de Vries en Kees Jansen",
        # Approved on 31 July 2021 (NA): 20 calendar days later is 20 August 2021.
        "binnen 20 kalenderdagen na de datum van deze brief bezwaar maken, dus uiterlijk op 20 augustus 2021",
        "Stuur uw bezwaar schriftelijk en gemotiveerd, met het kenmerk van deze brief, aan het zorgkantoor.",
    ):
        assert _plat(verwacht) in tekst, verwacht
    assert "basistarief" not in tekst and "opslag" not in tekst


def test_brief_noemt_elke_voorwaarde_die_de_inregeling_volgt(django_capture_on_commit_callbacks):
    g = Geval("3")
    besluit = g.besloten(django_capture_on_commit_callbacks)
    tekst = _brieftekst(besluit)
    start = date(2022, 1, 1)
    lijst = inregeling.voorwaarden_van(besluit, start)
    # Seven Z/6 items given inregeltijd, and the kwaliteitsverslag over the first year: eight.
    assert len(lijst) == 8 and "kwaliteitsverslag" in lijst
    for item in lijst.values():
        dag = _plat(datum(item["vervaldatum"]))
        assert re.search(re.escape(_plat(str(item["titel"]))) + r".*?" + dag, tekst), item["titel"]
    assert _plat("Kwaliteitsverslag/visitatieverslag over het eerste jaar") in tekst
    assert "1juli2023" in tekst  # the kwaliteitsverslag is due 1 July of the year after the contract start
    # Accepting the offer makes exactly these items, with the dates the letter named.
    with _reis(NA), django_capture_on_commit_callbacks(execute=True):
        services.reageren(besluit=besluit, door=g.bestuurder, accepteren=True)
    items = {i.code: i.vervaldatum for i in InregelItem.objects.filter(besluit=besluit)}
    assert items == {code: item["vervaldatum"] for code, item in lijst.items()}


def test_brief_2016_basistarief_met_opslag(django_capture_on_commit_callbacks):
    from tests.beoordeling.test_besluit import VOORWAARDEN_2016, _integriteit

    g = Geval("b", kader="2016", uitkomsten=_integriteit(**dict.fromkeys(VOORWAARDEN_2016, True)), zelfanalyse=True)
    besluit = g.besloten(django_capture_on_commit_callbacks, opslag=Decimal("2.50"))
    tekst = _brieftekst(besluit)
    verwacht = (f"het basistarief van {g.zk.naam} per prestatie, zoals beschreven in de regionale paragraaf van het "
                "zorgkantoor, met een opslag van 2,5% op het basistarief (004 §2.2.2 (basistarief), §2.2.4 (opslag))")
    assert _plat(verwacht) in tekst
    assert "NZa-maximumtarief" not in tekst and "NHC" not in tekst


def test_bezwaartermijn_en_tarief_volgen_de_regelset(django_capture_on_commit_callbacks):
    g = Geval("2")
    regelset = g.inschrijving.regelset()
    regelset.bezwaar_termijn_dagen = 14
    regelset.bezwaar_procedure = "Mail uw bezwaar aan bezwaar@zorgkantoor.example, met het kenmerk."
    regelset.richttarief = Decimal("97.50")
    regelset.nhc_nic_percentage = Decimal("95")
    regelset.save()
    besluit = g.besloten(django_capture_on_commit_callbacks)
    tekst = _brieftekst(besluit)
    for verwacht in ("binnen 14 kalenderdagen", "uiterlijk op 14 augustus 2021",
                     "Mail uw bezwaar aan bezwaar@zorgkantoor.example, met het kenmerk.",
                     "97,5% van het NZa-maximumtarief", "de NHC/NIC-component tegen 95%"):
        assert _plat(verwacht) in tekst, verwacht


def test_afwijzing_heeft_bezwaar_maar_geen_voorwaarden(django_capture_on_commit_callbacks):
    g = Geval("3", behalve=("statuten",))
    besluit = g.besloten(django_capture_on_commit_callbacks, reden="De statuten zijn bij inschrijving verplicht.")
    tekst = _brieftekst(besluit)
    assert "bezwaarmaken" in tekst and "uiterlijkop20augustus2021" in tekst
    assert "Voorwaarde" not in tekst and "Kwaliteitsverslag" not in tekst
