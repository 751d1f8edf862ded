"""The aanbieder type at every boundary of seed 002 §4.3 (DOMAIN.md "Aanbieder type") and of the 2016 kader
(004 §2.2.2), with the reason the aanbieder reads: which overeenkomst, which zorgkantoor, which dates."""

import itertools
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inschrijving.aanbiedertype import Registratie, bepaal_type, registratie_van
from inschrijving.models import (
    AfwijkendePlanning,
    Gebruiker,
    Inschrijving,
    KwaliteitKeuze,
    Ondernemingsplan,
    Regelset,
    Rol,
)
from tests.factories import InkooprondeFactory, OvereenkomstFactory, ZorgaanbiederFactory, ZorgkantoorFactory

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db
# Registering for 2022 in the summer of 2021 (inschrijfjaar 2021).
MOMENT = datetime(2021, 7, 15, 12, 0, tzinfo=AMS)


@pytest.fixture
def situatie():
    zk, ander = ZorgkantoorFactory(naam="Zorgkantoor Hier"), ZorgkantoorFactory(naam="Zorgkantoor Elders")
    ronde = InkooprondeFactory(zorgkantoren=[zk], sluiting=datetime(2021, 7, 30, 17, 0, tzinfo=AMS),
                               contractjaar=2022)
    return ZorgaanbiederFactory(), zk, ander, ronde


def _type(za, zk, ronde, moment=MOMENT):
    return bepaal_type(zorgaanbieder=za, zorgkantoor=zk, ronde=ronde, moment=moment)


def test_1a_meerjarig_loopt_door_in_contractjaar(situatie):
    za, zk, _a, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2023, 12, 31), meerjarig=True)
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "1a"
    assert "Zorgkantoor Hier" in uitkomst.reden and "31 december 2023" in uitkomst.reden


def test_1a_grens_einde_op_1_januari_contractjaar(situatie):
    za, zk, _a, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2020, 1, 1), einddatum=date(2022, 1, 1))
    assert _type(za, zk, ronde).type == "1a"


def test_1b_eindigt_31_december_inschrijfjaar(situatie):
    za, zk, _a, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 1, 1), einddatum=date(2021, 12, 31))
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "1b"
    assert uitkomst.reden.startswith("U heeft een overeenkomst met Zorgkantoor Hier tot en met 31 december 2021")
    assert "bestaand voor het zorgkantoor" in uitkomst.reden


def test_1b_alleen_als_overeenkomst_loopt_op_moment_van_inschrijving(situatie):
    za, zk, _a, ronde = situatie
    # Ended the day before the moment of inschrijving: no longer existing for this zorgkantoor.
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 1, 1), einddatum=date(2021, 7, 14))
    assert _type(za, zk, ronde).type == "3"
    # Ending on the day itself still counts.
    assert _type(za, zk, ronde, datetime(2021, 7, 14, 23, 59, tzinfo=AMS)).type == "1b"


def test_2_heel_inschrijfjaar_bij_ander_zorgkantoor_en_declarerend_sinds_1_januari(situatie):
    za, zk, ander, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2021, 12, 31), declaraties_sinds=date(2021, 1, 1))
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "2"
    assert "Zorgkantoor Elders" in uitkomst.reden


def test_3_als_overeenkomst_elders_niet_heel_jaar_dekt(situatie):
    za, zk, ander, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2021, 1, 2),
                        einddatum=date(2021, 12, 31), declaraties_sinds=date(2021, 1, 2))
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "3"
    assert "niet heel 2021" in uitkomst.reden
    OvereenkomstFactory(zorgaanbieder=ZorgaanbiederFactory(), zorgkantoor=ander)  # noise
    za2 = ZorgaanbiederFactory()
    OvereenkomstFactory(zorgaanbieder=za2, zorgkantoor=ander, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2021, 12, 30), declaraties_sinds=date(2021, 1, 1))
    assert _type(za2, zk, ronde).type == "3"


def test_3_als_pas_na_1_januari_gedeclareerd(situatie):
    za, zk, ander, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2021, 12, 31), declaraties_sinds=date(2021, 1, 2))
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "3"
    assert "declareert daaronder niet sinds 1 januari 2021" in uitkomst.reden


def test_3_zonder_declaraties(situatie):
    za, zk, ander, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2021, 12, 31), declaraties_sinds=None)
    assert _type(za, zk, ronde).type == "3"


def test_3_zonder_enige_overeenkomst(situatie):
    za, zk, _a, ronde = situatie
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "3"
    assert "met geen enkel zorgkantoor" in uitkomst.reden


def test_bestaand_hier_gaat_voor_elders(situatie):
    za, zk, ander, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2021, 12, 31))
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 3, 1), einddatum=date(2021, 12, 31))
    assert _type(za, zk, ronde).type == "1b"


# --- the reasons the aanbieder reads, and which overeenkomst they name ----------------------------

def test_reden_1a_noemt_zorgkantoor_looptijd_en_contractjaar(situatie):
    za, zk, _a, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2023, 12, 31), meerjarig=True)
    assert _type(za, zk, ronde).reden == (
        "U heeft een meerjarige overeenkomst met Zorgkantoor Hier van 1 januari 2021 tot en met 31 december 2023, "
        "die doorloopt "
        "in 2022; u bent bestaand voor het zorgkantoor en kunt volstaan met een instemmingsverklaring (inkoopkader "
        "§4.3 en §4.5).")


def test_reden_1b_vraagt_bestuursverklaring(situatie):
    za, zk, _a, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 3, 1), einddatum=date(2021, 12, 31))
    assert _type(za, zk, ronde).reden == (
        "U heeft een overeenkomst met Zorgkantoor Hier tot en met 31 december 2021; u bent bestaand voor het "
        "zorgkantoor "
        "en dient een bestuursverklaring in (inkoopkader §4.3 en §4.5).")


def test_meerdere_overeenkomsten_hier_de_langstlopende_beslist(situatie):
    za, zk, _a, ronde = situatie
    # Created first and starting later: by the default ordering (newest ingangsdatum first) it would come first.
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 3, 1), einddatum=date(2021, 12, 31))
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2020, 1, 1), einddatum=date(2023, 12, 31),
                        meerjarig=True)
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "1a"
    assert "van 1 januari 2020 tot en met 31 december 2023" in uitkomst.reden


def test_reden_2_noemt_het_andere_zorgkantoor_de_looptijd_en_de_declaratiedatum(situatie):
    za, zk, ander, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2020, 1, 1),
                        einddatum=date(2022, 12, 31), declaraties_sinds=date(2020, 2, 1))
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "2"
    assert uitkomst.label == "2 – bestaand, maar nieuw voor het zorgkantoor"
    assert uitkomst.reden == (
        "U heeft geen overeenkomst met Zorgkantoor Hier, maar wel met Zorgkantoor Elders voor heel 2021 (1 januari "
        "2020 "
        "tot en met 31 december 2022) en declareert zorgkosten sinds 1 februari 2020; u bent bestaand maar nieuw "
        "voor het "
        "zorgkantoor (inkoopkader §4.3).")


def test_2_noemt_de_declarerende_overeenkomst_als_er_meer_zijn(situatie):
    za, zk, ander, ronde = situatie
    derde = ZorgkantoorFactory(naam="Zorgkantoor Derde")
    # Ends later, so comes first, but covers only part of the year; the next one covers it but declares too late.
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=derde, ingangsdatum=date(2021, 2, 1),
                        einddatum=date(2023, 12, 31), declaraties_sinds=date(2021, 2, 1))
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=derde, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2022, 12, 31), declaraties_sinds=date(2021, 1, 2))
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2021, 12, 31), declaraties_sinds=date(2021, 1, 1))
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "2"
    assert ("maar wel met Zorgkantoor Elders voor heel 2021 (1 januari 2021 tot en met 31 december 2021)"
            in uitkomst.reden)


def test_reden_3_heel_jaar_elders_maar_te_laat_gedeclareerd(situatie):
    za, zk, ander, ronde = situatie
    derde = ZorgkantoorFactory(naam="Zorgkantoor Derde")
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=derde, ingangsdatum=date(2021, 2, 1),
                        einddatum=date(2023, 12, 31))  # ends latest, but not the whole year
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2021, 12, 31), declaraties_sinds=None)
    assert _type(za, zk, ronde).reden == (
        "U heeft een overeenkomst met Zorgkantoor Elders voor heel 2021, maar declareert daaronder niet sinds "
        "1 januari 2021; voor Zorgkantoor Hier bent u een nieuwe zorgaanbieder (inkoopkader §4.3).")


def test_reden_3_overeenkomst_elders_dekt_niet_heel_jaar_noemt_de_langstlopende(situatie):
    za, zk, ander, ronde = situatie
    derde = ZorgkantoorFactory(naam="Zorgkantoor Derde")
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2021, 6, 1),
                        einddatum=date(2022, 12, 31))
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=derde, ingangsdatum=date(2021, 7, 1),
                        einddatum=date(2021, 12, 31))
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "3"
    assert uitkomst.label == "3 – nieuwe zorgaanbieder"
    assert uitkomst.reden == (
        "Uw overeenkomst met Zorgkantoor Elders (1 juni 2021 tot en met 31 december 2022) dekt niet heel 2021; voor "
        "Zorgkantoor Hier bent u een nieuwe zorgaanbieder (inkoopkader §4.3).")


def test_reden_3_zonder_lopende_overeenkomst(situatie):
    za, zk, ander, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2020, 1, 1),
                        einddatum=date(2020, 12, 31))  # ended before the inschrijving
    assert _type(za, zk, ronde).reden == (
        "U heeft op dit moment met geen enkel zorgkantoor een Wlz-overeenkomst; u bent een nieuwe zorgaanbieder "
        "(inkoopkader §4.3).")


def test_moment_is_de_nederlandse_dag_van_inschrijving(situatie):
    za, zk, _a, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 1, 1), einddatum=date(2021, 7, 14))
    # 22:30 UTC on 14 July is already 15 July in the Netherlands: the overeenkomst no longer runs.
    assert _type(za, zk, ronde, datetime(2021, 7, 14, 22, 30, tzinfo=ZoneInfo("UTC"))).type == "3"
    assert _type(za, zk, ronde, datetime(2021, 7, 14, 21, 30, tzinfo=ZoneInfo("UTC"))).type == "1b"


def test_zonder_moment_telt_nu(situatie):
    za, zk, _a, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 1, 1), einddatum=date(2021, 12, 31))
    with time_machine.travel(MOMENT, tick=False):
        assert bepaal_type(zorgaanbieder=za, zorgkantoor=zk, ronde=ronde).type == "1b"
    with time_machine.travel(datetime(2022, 1, 1, 0, 30, tzinfo=AMS), tick=False):
        assert bepaal_type(zorgaanbieder=za, zorgkantoor=zk, ronde=ronde).type == "3"


# --- kader 2016 (004 §2.2.2): the previous year's overeenkomst with production delivered -----------

@pytest.fixture
def situatie_2016(situatie):
    za, zk, ander, ronde = situatie
    ronde.regelset = Regelset.objects.create(naam=f"Regels 2016 {ronde.naam}", kader="2016")
    ronde.save()
    return za, zk, ander, ronde


def test_2016_bestaand_met_geleverde_zorg_bij_dit_zorgkantoor(situatie_2016):
    za, zk, ander, ronde = situatie_2016
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2021, 12, 31), declaraties_sinds=date(2021, 1, 1))
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 5, 1),
                        einddatum=date(2021, 6, 30), declaraties_sinds=date(2021, 5, 15))
    uitkomst = _type(za, zk, ronde)
    assert (uitkomst.type, uitkomst.label) == ("b", "Bestaande zorgaanbieder (kader 2016)")
    assert uitkomst.reden == ("U had voor 2021 een overeenkomst met Zorgkantoor Hier waaronder zorg is geleverd; "
                              "u bent een bestaande zorgaanbieder (inkoopkader 2016 §2.2.2).")


def test_2016_overeenkomst_zonder_geleverde_zorg_is_niet_bestaand(situatie_2016):
    za, zk, ander, ronde = situatie_2016
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2021, 12, 31), declaraties_sinds=None)
    uitkomst = _type(za, zk, ronde)
    assert (uitkomst.type, uitkomst.label) == ("gn", "Geheel nieuwe zorgaanbieder (kader 2016)")
    assert uitkomst.reden == ("U had voor 2021 met geen enkel zorgkantoor een overeenkomst waaronder zorg is "
                              "geleverd; u bent een geheel nieuwe zorgaanbieder (inkoopkader 2016 §2.2.2).")
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2021, 12, 31), declaraties_sinds=date(2021, 3, 1))
    uitkomst = _type(za, zk, ronde)
    assert (uitkomst.type, uitkomst.label) == ("nr", "Nieuw in de regio (kader 2016)")
    assert uitkomst.reden == ("U had voor 2021 een overeenkomst met Zorgkantoor Elders, niet met Zorgkantoor Hier; "
                              "u bent nieuw in de regio (inkoopkader 2016 §2.2.2).")


@pytest.mark.parametrize(("van", "tot", "type_"), [
    (date(2020, 1, 1), date(2021, 1, 1), "b"),  # its last day is the first of the previous year
    (date(2021, 12, 31), date(2022, 12, 31), "b"),  # its first day is the last of the previous year
    (date(2020, 1, 1), date(2020, 12, 31), "gn"),
    (date(2022, 1, 1), date(2022, 12, 31), "gn"),
])
def test_2016_overeenkomst_voor_het_vorige_jaar_op_minstens_een_dag(situatie_2016, van, tot, type_):
    za, zk, _a, ronde = situatie_2016
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=van, einddatum=tot)
    assert _type(za, zk, ronde).type == type_


def test_2016_telt_niet_het_moment_van_inschrijving(situatie_2016):
    za, zk, _a, ronde = situatie_2016
    # Ended in March of the previous year: long over at the inschrijving, still "bestaand" under 2016.
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2020, 1, 1), einddatum=date(2021, 3, 31))
    assert _type(za, zk, ronde).type == "b"


def test_2016_alleen_eigen_overeenkomsten(situatie_2016):
    za, zk, _a, ronde = situatie_2016
    OvereenkomstFactory(zorgaanbieder=ZorgaanbiederFactory(), zorgkantoor=zk, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2021, 12, 31))
    assert _type(za, zk, ronde).type == "gn"


def test_regionale_regelset_2016_van_het_zorgkantoor_gaat_voor(situatie):
    za, zk, ander, ronde = situatie
    ronde.regelset = Regelset.objects.create(naam=f"Regels 2022 {ronde.naam}", kader="2022")
    ronde.save()
    AfwijkendePlanning.objects.create(ronde=ronde, zorgkantoor=zk,
                                      regelset=Regelset.objects.create(naam="Regionaal 2016", kader="2016"))
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 1, 1), einddatum=date(2021, 12, 31))
    assert _type(za, zk, ronde).type == "b"
    assert _type(za, ander, ronde).type == "2"  # the round's own (2022) rules for the other zorgkantoor


# --- kader 2016: what the inschrijving registers for (004 §2.2.2), the sector condition and nieuw zzp/vpt ----

_volgnummer = itertools.count()
ALLE_DRIE = ("U had voor 2021 een overeenkomst met Zorgkantoor Hier voor Verpleging en verzorging (V&V), "
             "Gehandicaptenzorg (GZ) en Geestelijke gezondheidszorg (GGZ) {grond}; u bent een bestaande zorgaanbieder "
             "(inkoopkader 2016 §2.2.2).")


def _inschrijving(za, zk, ronde, *, sectoren=(), leveringsvormen=(), keuze=None, plan=True):
    """An inschrijving registering for these sectors and leveringsvormen in its ondernemingsplan (``plan=False``:
    none yet), with a kwaliteitskeuze for the sectors ``keuze``; its user has no password (hashing one is slow)."""
    bestuurder = Gebruiker.objects.create(username=f"bestuurder {next(_volgnummer)}", rol=Rol.TEKENBEVOEGDE,
                                          zorgaanbieder=za)
    inschrijving = Inschrijving.objects.create(ronde=ronde, zorgaanbieder=za, zorgkantoor=zk, aanbieder_type="gn",
                                               type_reden="-", aangemaakt_door=bestuurder)
    if plan:
        Ondernemingsplan.objects.create(inschrijving=inschrijving, sectoren=list(sectoren),
                                        leveringsvormen=list(leveringsvormen))
    if keuze is not None:
        KwaliteitKeuze.objects.create(inschrijving=inschrijving, sectoren=list(keuze))
    return inschrijving


def _vorig_jaar(za, zk, **extra):
    """An overeenkomst for all of 2021 (the previous year) with production from 1 January, unless ``extra`` says
    otherwise."""
    return OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 1, 1),
                               einddatum=date(2021, 12, 31), **extra)


def test_registratie_uit_het_ondernemingsplan_in_volgorde_zonder_dubbelen(situatie):
    za, zk, _a, ronde = situatie
    _inschrijving(za, zk, ronde, sectoren=["gz", "vv", "gz"], leveringsvormen=["vpt", "mpt", "vpt"], keuze=["ggz"])
    # The plan's sectors go before those of the kwaliteitskeuze.
    assert registratie_van(za, zk, ronde) == Registratie(("gz", "vv"), ("vpt", "mpt"))


def test_registratie_neemt_de_sectoren_van_de_kwaliteitskeuze_als_het_plan_er_geen_noemt(situatie):
    za, zk, ander, ronde = situatie
    _inschrijving(za, zk, ronde, leveringsvormen=["verblijf"], keuze=["ggz", "vv", "ggz"])
    assert registratie_van(za, zk, ronde) == Registratie(("ggz", "vv"), ("verblijf",))
    # Without an ondernemingsplan: the kwaliteitskeuze's sectors and no leveringsvormen.
    _inschrijving(za, ander, ronde, plan=False, keuze=["gz"])
    assert registratie_van(za, ander, ronde) == Registratie(("gz",), ())


def test_registratie_leeg_zonder_plan_of_keuze_en_zonder_inschrijving(situatie):
    za, zk, ander, ronde = situatie
    _inschrijving(za, zk, ronde, plan=False)
    assert registratie_van(za, zk, ronde) == Registratie((), ())
    _inschrijving(za, ander, ronde, keuze=[])
    assert registratie_van(za, ander, ronde) == Registratie((), ())


def test_registratie_alleen_van_de_eigen_inschrijving_bij_dit_zorgkantoor_in_deze_ronde(situatie):
    za, zk, ander, ronde = situatie
    volgende = InkooprondeFactory(zorgkantoren=[zk], sluiting=datetime(2022, 7, 29, 17, 0, tzinfo=AMS),
                                  contractjaar=2023)
    _inschrijving(za, ander, ronde, sectoren=["vv"], leveringsvormen=["vpt"])
    _inschrijving(za, zk, volgende, sectoren=["gz"], leveringsvormen=["verblijf"])
    _inschrijving(ZorgaanbiederFactory(), zk, ronde, sectoren=["ggz"], leveringsvormen=["mpt"])
    assert registratie_van(za, zk, ronde) == Registratie()
    _inschrijving(za, zk, ronde, sectoren=["vv", "gz"], leveringsvormen=["dagbesteding"])
    assert registratie_van(za, zk, ronde) == Registratie(("vv", "gz"), ("dagbesteding",))
    assert registratie_van(za, zk, volgende) == Registratie(("gz",), ("verblijf",))


def test_2016_nieuw_zzp_vpt_noemt_de_extramurale_zorg_en_waarvoor_nu_wordt_ingeschreven(situatie_2016):
    za, zk, ander, ronde = situatie_2016
    _vorig_jaar(za, ander, leveringsvormen=["mpt", "dagbesteding"])
    _vorig_jaar(za, zk, leveringsvormen=["mpt"])
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2020, 1, 1),
                        einddatum=date(2020, 12, 31), leveringsvormen=["verblijf"])  # before the previous year
    _inschrijving(za, zk, ronde, sectoren=["vv"], leveringsvormen=["mpt", "verblijf", "vpt"])
    uitkomst = _type(za, zk, ronde)
    assert (uitkomst.type, uitkomst.label) == ("nz", "Nieuw zzp/vpt (kader 2016)")
    assert uitkomst.reden == (
        "U had voor 2021 alleen overeenkomsten voor extramurale zorg (Dagbesteding en Modulair pakket thuis (MPT)) en "
        "schrijft nu in voor Verblijf in een instelling en Volledig pakket thuis (VPT); u bent nieuw zzp/vpt en levert "
        "de bewijsstukken van een nieuwe zorgaanbieder (inkoopkader 2016 §2.2.2).")


def test_2016_nieuw_zzp_vpt_ook_met_alleen_extramurale_zorg_bij_een_ander_zorgkantoor(situatie_2016):
    za, zk, ander, ronde = situatie_2016
    _vorig_jaar(za, ander, leveringsvormen=["dagbesteding"])
    _inschrijving(za, zk, ronde, leveringsvormen=["vpt"])
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "nz"
    assert "extramurale zorg (Dagbesteding) en schrijft nu in voor Volledig pakket thuis (VPT);" in uitkomst.reden


def test_2016_een_onbekende_leveringsvorm_staat_letterlijk_in_de_reden(situatie_2016):
    za, zk, _a, ronde = situatie_2016
    _vorig_jaar(za, zk, leveringsvormen=["elv"])  # recorded before the list of leveringsvormen had it
    _inschrijving(za, zk, ronde, leveringsvormen=["verblijf"])
    assert "alleen overeenkomsten voor extramurale zorg (elv) en schrijft" in _type(za, zk, ronde).reden


@pytest.mark.parametrize(("geschiedenis", "registratie", "type_"), [
    ([["mpt"]], ["mpt", "dagbesteding"], "b"),  # extramural again: not registering for zzp or vpt
    ([["mpt"], ["verblijf"]], ["vpt"], "b"),  # one overeenkomst for zzp: not "alleen extramuraal"
    ([["mpt"], []], ["verblijf"], "b"),  # one without recorded leveringsvormen: no ground for nieuw zzp/vpt
    ([], ["verblijf"], "gn"),  # no overeenkomst at all: geheel nieuw, not nieuw zzp/vpt
])
def test_2016_nieuw_zzp_vpt_alleen_van_uitsluitend_extramuraal_naar_zzp_of_vpt(situatie_2016, geschiedenis,
                                                                               registratie, type_):
    za, zk, _a, ronde = situatie_2016
    for vormen in geschiedenis:
        _vorig_jaar(za, zk, leveringsvormen=vormen)
    _inschrijving(za, zk, ronde, leveringsvormen=registratie)
    assert _type(za, zk, ronde).type == type_


def test_2016_bestaand_noemt_de_sectoren_waarvoor_wordt_ingeschreven(situatie_2016):
    za, zk, _a, ronde = situatie_2016
    _vorig_jaar(za, zk, sectoren=["ggz", "vv"])
    _vorig_jaar(za, zk, sectoren=["gz"], declaraties_sinds=None, budget_overheveling=True)
    _inschrijving(za, zk, ronde, sectoren=["vv", "gz", "ggz"])
    uitkomst = _type(za, zk, ronde)
    assert (uitkomst.type, uitkomst.label) == ("b", "Bestaande zorgaanbieder (kader 2016)")
    # Production under one of them is enough to say zorg was delivered.
    assert uitkomst.reden == ALLE_DRIE.format(grond="waaronder zorg is geleverd")


def test_2016_bestaand_uit_overgeheveld_budget_zonder_geleverde_zorg(situatie_2016):
    za, zk, ander, ronde = situatie_2016
    _vorig_jaar(za, zk, declaraties_sinds=None, budget_overheveling=True)
    _inschrijving(za, zk, ronde, sectoren=["vv", "gz", "ggz"])
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "b"
    assert uitkomst.reden == ALLE_DRIE.format(grond="met een productieafspraak uit overgeheveld budget")
    _inschrijving(za, ander, ronde)
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, declaraties_sinds=None, budget_overheveling=True)
    assert _type(za, ander, ronde).reden == (
        "U had voor 2021 een overeenkomst met Zorgkantoor Elders met een productieafspraak uit overgeheveld budget; "
        "u bent een bestaande zorgaanbieder (inkoopkader 2016 §2.2.2).")


def test_2016_bestaand_alleen_voor_de_sectoren_van_de_overeenkomst_hier(situatie_2016):
    za, zk, _a, ronde = situatie_2016
    _vorig_jaar(za, zk, sectoren=["gz"])
    inschrijving = _inschrijving(za, zk, ronde, sectoren=["gz"])
    assert _type(za, zk, ronde).type == "b"
    Ondernemingsplan.objects.filter(inschrijving=inschrijving).update(sectoren=["vv", "gz", "ggz"])
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "gn"
    # Only the sectors the overeenkomst did not cover, in the order registered.
    assert uitkomst.reden == (
        "U had voor 2021 geen overeenkomst waaronder zorg is geleverd voor Verpleging en verzorging (V&V) en "
        "Geestelijke gezondheidszorg (GGZ); voor die zorg bent u een geheel nieuwe zorgaanbieder (inkoopkader 2016 "
        "§2.2.2).")


def test_2016_registratie_van_een_sector_zonder_enige_overeenkomst_is_geheel_nieuw_bij_geen_enkel_zorgkantoor(
        situatie_2016):
    za, zk, ander, ronde = situatie_2016
    _vorig_jaar(za, ander, declaraties_sinds=None)  # elsewhere, without production: does not count
    _inschrijving(za, zk, ronde, sectoren=["gz"])
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "gn"
    assert uitkomst.reden == ("U had voor 2021 met geen enkel zorgkantoor een overeenkomst waaronder zorg is "
                              "geleverd; u bent een geheel nieuwe zorgaanbieder (inkoopkader 2016 §2.2.2).")


def test_2016_nieuw_in_de_regio_voor_de_sector_die_hier_ontbreekt(situatie_2016):
    za, zk, ander, ronde = situatie_2016
    derde = ZorgkantoorFactory(naam="Zorgkantoor Derde")
    _vorig_jaar(za, zk, sectoren=["vv"])
    _vorig_jaar(za, derde, sectoren=["vv"])  # elsewhere, but not for the missing sector
    _vorig_jaar(za, ander, sectoren=["gz", "ggz"])
    _inschrijving(za, zk, ronde, sectoren=["vv", "gz", "ggz"])
    uitkomst = _type(za, zk, ronde)
    assert (uitkomst.type, uitkomst.label) == ("nr", "Nieuw in de regio (kader 2016)")
    assert uitkomst.reden == (
        "U had voor 2021 een overeenkomst met Zorgkantoor Elders voor Gehandicaptenzorg (GZ) en Geestelijke "
        "gezondheidszorg (GGZ), maar niet met Zorgkantoor Hier voor die zorg; u bent nieuw in de regio (inkoopkader "
        "2016 §2.2.2).")


def test_2016_elders_zonder_de_ontbrekende_sector_is_geheel_nieuw_voor_die_zorg(situatie_2016):
    za, zk, ander, ronde = situatie_2016
    _vorig_jaar(za, ander, sectoren=["vv"])
    _inschrijving(za, zk, ronde, sectoren=["gz"])
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "gn"
    assert uitkomst.reden.startswith("U had voor 2021 geen overeenkomst waaronder zorg is geleverd voor "
                                     "Gehandicaptenzorg (GZ); voor die zorg bent u een geheel nieuwe")


def test_2016_nieuw_in_de_regio_noemt_de_overeenkomst_die_het_laatst_eindigt(situatie_2016):
    za, zk, ander, ronde = situatie_2016
    derde = ZorgkantoorFactory(naam="Zorgkantoor Derde")
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=derde, ingangsdatum=date(2021, 1, 1),
                        einddatum=date(2021, 6, 30))
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2021, 3, 1),
                        einddatum=date(2022, 12, 31))
    _inschrijving(za, zk, ronde, sectoren=["gz"])
    assert _type(za, zk, ronde).reden.startswith("U had voor 2021 een overeenkomst met Zorgkantoor Elders voor "
                                                 "Gehandicaptenzorg (GZ), maar niet met Zorgkantoor Hier")


def test_2016_bij_gelijke_einddatum_noemt_de_reden_de_eerst_vastgelegde_overeenkomst(situatie_2016):
    za, zk, ander, ronde = situatie_2016
    derde = ZorgkantoorFactory(naam="Zorgkantoor Derde")
    eerste = _vorig_jaar(za, derde)
    _vorig_jaar(za, derde)
    # The first one recorded with the wrong zorgkantoor and corrected afterwards: in PostgreSQL the corrected row
    # now comes last, in the table and in its indexes; the order of recording still decides.
    eerste.zorgkantoor = ander
    eerste.save()
    _inschrijving(za, zk, ronde, sectoren=["gz"])
    assert "een overeenkomst met Zorgkantoor Elders voor Gehandicaptenzorg (GZ)" in _type(za, zk, ronde).reden


def test_2016_reden_noemt_de_zorgkantoren_zonder_query_per_overeenkomst(situatie_2016):
    za, zk, ander, ronde = situatie_2016
    _vorig_jaar(za, ander)
    with CaptureQueriesContext(connection) as queries:
        uitkomst = _type(za, zk, ronde)
    assert "met Zorgkantoor Elders, niet met Zorgkantoor Hier" in uitkomst.reden
    assert not [q for q in queries.captured_queries if 'FROM "inschrijving_zorgkantoor"' in q["sql"]]


def test_2022_reden_noemt_het_andere_zorgkantoor_zonder_extra_query(situatie):
    za, zk, ander, ronde = situatie
    _vorig_jaar(za, ander)
    with CaptureQueriesContext(connection) as queries:
        uitkomst = _type(za, zk, ronde)
    assert "maar wel met Zorgkantoor Elders voor heel 2021" in uitkomst.reden
    assert not [q for q in queries.captured_queries if 'FROM "inschrijving_zorgkantoor"' in q["sql"]]


def test_2016_registratie_neemt_de_leveringsvormen_van_de_keuze_als_er_geen_plan_is(situatie_2016):
    za, zk, _a, ronde = situatie_2016
    inschrijving = _inschrijving(za, zk, ronde, plan=False, keuze=["vv"])
    KwaliteitKeuze.objects.filter(inschrijving=inschrijving).update(leveringsvormen=["vpt", "mpt", "vpt"])
    assert registratie_van(za, zk, ronde) == Registratie(("vv",), ("vpt", "mpt"))


@pytest.mark.django_db
def test_2016_een_aanbieder_zonder_ondernemingsplan_geeft_zijn_leveringsvormen_op_en_wordt_nieuw_zzp_vpt(client):
    """004 §2.2.2: the 2016 types hand in no ondernemingsplan, yet whether a provider is *nieuw zzp/vpt* depends on
    what it registers for. The aanbieder says it on the page that also takes its sectors (the kwaliteitskeuze), and
    the type follows at once."""
    from inschrijving import services
    from inschrijving.sjablonen import sjabloon_2016
    from tests.factories import GebruikerFactory

    zk = ZorgkantoorFactory(naam="Zorgkantoor Hier")
    ronde = InkooprondeFactory(zorgkantoren=[zk])
    ronde.regelset = sjabloon_2016().kopieer(f"Regels 2016 {ronde.naam}")
    ronde.save()
    bestuurder = GebruikerFactory(tekenbevoegd=True)
    jaar = ronde.inschrijfjaar
    OvereenkomstFactory(zorgaanbieder=bestuurder.zorgaanbieder, zorgkantoor=zk, ingangsdatum=date(jaar, 1, 1),
                        einddatum=date(jaar, 12, 31), leveringsvormen=["mpt"])
    inschrijving = services.inschrijving_starten(ronde=ronde, zorgkantoor=zk, door=bestuurder)
    assert inschrijving.aanbieder_type == "b"
    assert inschrijving.eis().ondernemingsplan == "geen"

    client.force_login(bestuurder)
    url = reverse("inschrijving:zelfanalyse", args=[inschrijving.pk])
    assert 'name="leveringsvormen"' in client.get(url).content.decode()
    antwoord = client.post(url, {"sectoren": ["vv"], "leveringsvormen": ["vpt"], "dominante_sector": "vv"})
    assert antwoord.status_code == 302
    inschrijving.refresh_from_db()
    assert (inschrijving.aanbieder_type, inschrijving.get_aanbieder_type_display()) == (
        "nz", "Nieuw zzp/vpt (kader 2016)")
    assert "schrijft nu in voor Volledig pakket thuis (VPT)" in inschrijving.type_reden
    # Opened again, the choice is still ticked.
    html = client.get(url).content.decode()
    assert re.search(r'name="leveringsvormen" value="vpt"[^>]*checked', html)
    assert not re.search(r'name="leveringsvormen" value="mpt"[^>]*checked', html)
