"""The moment of inschrijving: documents are measured at the submission that counts, not at the sluitingstijd.

Seed 002 §4.9 (Uittreksel Handelsregister KvK): "Afschrift is niet ouder dan zes maanden op het moment van
inschrijving." (Polisblad): "De zorgaanbieder heeft op de datum van inschrijving een schadeverzekering afgesloten
[...] De verzekering dient uiterlijk vanaf de ingangsdatum van de overeenkomst in te gaan."

The 2022 timeline of DOMAIN.md: sluitingstijd 30 July 2021 17:00, submitted on 20 July 2021 (``VOOR``), assessed
on 31 July (``NA``). A KvK uittreksel of 20 January 2021 is exactly six months old on the day of submission and
six months and ten days old at the sluitingstijd.
"""

import copy
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from beoordeling.models import Toetsresultaat
from inschrijving import services
from inschrijving.dossier import dossier_van, hash_van
from inschrijving.evaluator import VOLDOET, VOLDOET_NIET, evalueer
from inschrijving.models import Document
from tests.beoordeling.test_besluit import NA, SLUITING, VOOR, _automatisch, _reis, _ronde
from tests.factories import WACHTWOORD, GebruikerFactory
from tests.inschrijving.maak import vul_documenten, vul_plan, vul_verklaring
from wlzportal.datums import datum

pytestmark = pytest.mark.django_db

PRECIES_ZES_MAANDEN = date(2021, 1, 20)  # VOOR is 20 July 2021
EEN_DAG_OUDER = date(2021, 1, 19)
LEEFTIJD = "document.kvk_uittreksel.leeftijd"
POLIS = "document.polisblad.ingangsdatum"


def _per_regel(dossier) -> dict:
    return {b.regel: b for b in evalueer(dossier)}


def _wijzig(inschrijving, door, code, **gegevens):
    document = Document.objects.get(inschrijving=inschrijving, documenttype__code=code, vervangen_op__isnull=True)
    services.document_gegevens_wijzigen(document=document, gegevens=gegevens, door=door)


def _voorbereid(ronde, zk, afgifte, *, bestuurder=None, moment=VOOR):
    """A complete type 3 inschrijving (only the documents due with the inschrijving) with this KvK uittreksel."""
    with _reis(moment):
        bestuurder = bestuurder or GebruikerFactory(tekenbevoegd=True)
        inschrijving = services.inschrijving_starten(ronde=ronde, zorgkantoor=zk, door=bestuurder)
        vul_verklaring(inschrijving)
        vul_plan(inschrijving)
        vul_documenten(inschrijving, bestuurder)
        _wijzig(inschrijving, bestuurder, "kvk_uittreksel", afgiftedatum=afgifte)
    return inschrijving, bestuurder


def _indienen(inschrijving, bestuurder, moment=VOOR, **kwargs):
    with _reis(moment):
        return services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD, **kwargs)


@pytest.mark.parametrize(("afgifte", "uitkomst"), [(PRECIES_ZES_MAANDEN, VOLDOET), (EEN_DAG_OUDER, VOLDOET_NIET)])
def test_evaluator_meet_de_leeftijd_op_het_moment_van_inschrijving(afgifte, uitkomst):
    """002 §4.9 KvK: "niet ouder dan zes maanden op het moment van inschrijving". The evaluator reads the moment
    from the dossier; measured at the sluitingstijd (a dossier without it) both would be too old."""
    ronde, zk = _ronde()
    inschrijving, _b = _voorbereid(ronde, zk, afgifte)
    dossier = dossier_van(inschrijving, VOOR)
    assert dossier["inschrijving"]["moment_van_inschrijving"] == "2021-07-20T17:00:00+02:00"

    b = _per_regel(dossier)[LEEFTIJD]
    assert b.uitkomst == uitkomst
    assert b.toelichting.startswith(f"Afgegeven op {datum(afgifte)}; mag op het moment van inschrijving (gemeten "
                                    "op 20 juli 2021) niet ouder zijn dan 6 maanden")
    if uitkomst == VOLDOET:
        assert "actueel genoeg voor een inschrijving tot en met 20 juli 2021" in b.toelichting
    else:
        assert "dus afgegeven op of na 20 januari 2021. Vraag een nieuw exemplaar aan." in b.toelichting

    # A dossier that does not carry the moment (made before it did) is measured at the sluitingstijd, as then.
    oud = copy.deepcopy(dossier)
    del oud["inschrijving"]["moment_van_inschrijving"]
    b = _per_regel(oud)[LEEFTIJD]
    assert b.uitkomst == VOLDOET_NIET
    assert "mag bij de sluiting op 30 juli 2021 niet ouder zijn" in b.toelichting


def test_voorcontrole_meet_nu_maar_nooit_na_de_sluitingstijd():
    """Before submitting, the moment of inschrijving is now: the voorcontrole measures today and again at
    submission. No submission can come after the sluitingstijd, so a dossier built later is measured at it."""
    ronde, zk = _ronde()
    inschrijving, _b = _voorbereid(ronde, zk, PRECIES_ZES_MAANDEN)
    with _reis(VOOR):
        assert dossier_van(inschrijving)["inschrijving"]["moment_van_inschrijving"] == "2021-07-20T17:00:00+02:00"
        assert {b.regel: b for b in services.voorcontrole(inschrijving)}[LEEFTIJD].uitkomst == VOLDOET
    with _reis(VOOR + timedelta(days=1)):  # one day later the same uittreksel is too old to submit
        assert {b.regel: b for b in services.voorcontrole(inschrijving)}[LEEFTIJD].uitkomst == VOLDOET_NIET
    with _reis(NA):
        assert dossier_van(inschrijving)["inschrijving"]["moment_van_inschrijving"] == SLUITING.isoformat()


@pytest.mark.parametrize(("afgifte", "uitkomst"), [(PRECIES_ZES_MAANDEN, VOLDOET), (EEN_DAG_OUDER, VOLDOET_NIET)])
def test_indienen_en_stap_twee_meten_op_de_indiening(afgifte, uitkomst):
    """002 §4.9 KvK, through the real services: the snapshot carries the moment of submission (hashed with the rest)
    and step 2 of the assessment, after the sluitingstijd, measures the uittreksel at it."""
    ronde, zk = _ronde()
    inschrijving, bestuurder = _voorbereid(ronde, zk, afgifte)
    if uitkomst == VOLDOET_NIET:  # the submission's own voorcontrole measures at the submission and stops it
        with pytest.raises(ValidationError) as fout:
            _indienen(inschrijving, bestuurder)
        assert "ondanks_bevindingen" in fout.value.message_dict
    indiening = _indienen(inschrijving, bestuurder, ondanks_bevindingen=True)
    snapshot = indiening.snapshot
    assert snapshot["inschrijving"]["moment_van_inschrijving"] == timezone.localtime(indiening.ingediend_op).isoformat()
    assert indiening.ingediend_op == VOOR
    assert indiening.sha256 == hash_van(snapshot)

    _automatisch(ronde, zk)  # 31 July 2021: after the sluitingstijd
    resultaat = Toetsresultaat.objects.get(beoordeling__inschrijving=inschrijving, regel=LEEFTIJD)
    assert resultaat.uitkomst == uitkomst
    assert "op het moment van inschrijving (gemeten op 20 juli 2021)" in resultaat.toelichting


def test_de_laatste_indiening_telt():
    """The submission that counts is the last one (the assessment takes it): submitted while the uittreksel was
    six months old, then submitted again ten days later, it is measured at the second submission."""
    ronde, zk = _ronde()
    eerste = VOOR - timedelta(days=10)
    inschrijving, bestuurder = _voorbereid(ronde, zk, date(2021, 1, 10), moment=eerste)
    assert _indienen(inschrijving, bestuurder, eerste).snapshot["inschrijving"]["moment_van_inschrijving"] == (
        "2021-07-10T17:00:00+02:00")
    tweede = _indienen(inschrijving, bestuurder, ondanks_bevindingen=True)
    assert tweede.volgnummer == 2
    _automatisch(ronde, zk)
    resultaat = Toetsresultaat.objects.get(beoordeling__inschrijving=inschrijving, regel=LEEFTIJD)
    assert resultaat.uitkomst == VOLDOET_NIET
    assert "gemeten op 20 juli 2021" in resultaat.toelichting


def test_polis_afgesloten_op_de_datum_van_inschrijving():
    """002 §4.9 polisblad: "op de datum van inschrijving een schadeverzekering afgesloten"; it may start later,
    "uiterlijk vanaf de ingangsdatum van de overeenkomst". A polis starting on 1 January of the contract year,
    whose polisblad lies in the inschrijving, was taken out; a polisblad that only arrives after the moment of
    inschrijving (e.g. with a toelichting) shows that only with an earlier date on it."""
    ronde, zk = _ronde()
    inschrijving, _b = _voorbereid(ronde, zk, PRECIES_ZES_MAANDEN)
    dossier = dossier_van(inschrijving, VOOR)
    polis = next(d for d in dossier["documenten"] if d["code"] == "polisblad")
    assert polis["polis_ingangsdatum"] == "2022-01-01"  # after the moment of inschrijving: allowed

    b = _per_regel(dossier)[POLIS]
    assert (b.uitkomst, b.titel) == (VOLDOET, "Polisblad aansprakelijkheidsverzekering: afgesloten en ingangsdatum")
    assert b.toelichting == (
        "De verzekering was op het moment van inschrijving (gemeten op 20 juli 2021) afgesloten: het polisblad is "
        "aangeleverd op 20 juli 2021. De polis gaat in op 1 januari 2022; de verzekering moet uiterlijk op 1 januari "
        "2022 "
        "(ingang van de overeenkomst) ingaan.")

    later = copy.deepcopy(dossier)
    polis = next(d for d in later["documenten"] if d["code"] == "polisblad")
    polis["geupload_op"] = datetime(2021, 8, 2, 10, 0, tzinfo=SLUITING.tzinfo).isoformat()
    b = _per_regel(later)[POLIS]
    assert b.uitkomst == VOLDOET_NIET
    assert b.toelichting.startswith(
        "Niet aangetoond dat de verzekering op het moment van inschrijving (gemeten op 20 juli 2021) was afgesloten: "
        "het polisblad is aangeleverd op 2 augustus 2021")

    polis["afgiftedatum"] = "2021-07-01"  # the polisblad is dated before the moment of inschrijving
    b = _per_regel(later)[POLIS]
    assert b.uitkomst == VOLDOET
    assert "afgesloten: het polisblad is gedateerd op 1 juli 2021." in b.toelichting
