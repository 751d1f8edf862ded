"""The aanbieder type at every boundary of seed 002 §4.3 (DOMAIN.md "Aanbieder type") and of the 2016 kader
(004 §2.2.2), with the reason the aanbieder reads: which overeenkomst, which zorgkantoor, which dates."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from inschrijving.aanbiedertype import bepaal_type
from inschrijving.models import AfwijkendePlanning, Regelset
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
    assert "Zorgkantoor Hier" in uitkomst.reden and "31-12-2023" in uitkomst.reden


def test_1a_grens_einde_op_1_januari_contractjaar(situatie):
    za, zk, _a, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2020, 1, 1), einddatum=date(2022, 1, 1))
    assert _type(za, zk, ronde).type == "1a"


def test_1b_eindigt_31_december_inschrijfjaar(situatie):
    za, zk, _a, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 1, 1), einddatum=date(2021, 12, 31))
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "1b"
    assert uitkomst.reden.startswith("U heeft een overeenkomst met Zorgkantoor Hier tot en met 31-12-2021")
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
        "U heeft een meerjarige overeenkomst met Zorgkantoor Hier van 01-01-2021 tot en met 31-12-2023, die doorloopt "
        "in 2022; u bent bestaand voor het zorgkantoor en kunt volstaan met een instemmingsverklaring (inkoopkader "
        "§4.3 en §4.5).")


def test_reden_1b_vraagt_bestuursverklaring(situatie):
    za, zk, _a, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 3, 1), einddatum=date(2021, 12, 31))
    assert _type(za, zk, ronde).reden == (
        "U heeft een overeenkomst met Zorgkantoor Hier tot en met 31-12-2021; u bent bestaand voor het zorgkantoor "
        "en dient een bestuursverklaring in (inkoopkader §4.3 en §4.5).")


def test_meerdere_overeenkomsten_hier_de_langstlopende_beslist(situatie):
    za, zk, _a, ronde = situatie
    # Created first and starting later: by the default ordering (newest ingangsdatum first) it would come first.
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2021, 3, 1), einddatum=date(2021, 12, 31))
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=zk, ingangsdatum=date(2020, 1, 1), einddatum=date(2023, 12, 31),
                        meerjarig=True)
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "1a"
    assert "van 01-01-2020 tot en met 31-12-2023" in uitkomst.reden


def test_reden_2_noemt_het_andere_zorgkantoor_de_looptijd_en_de_declaratiedatum(situatie):
    za, zk, ander, ronde = situatie
    OvereenkomstFactory(zorgaanbieder=za, zorgkantoor=ander, ingangsdatum=date(2020, 1, 1),
                        einddatum=date(2022, 12, 31), declaraties_sinds=date(2020, 2, 1))
    uitkomst = _type(za, zk, ronde)
    assert uitkomst.type == "2"
    assert uitkomst.label == "2 – bestaand, maar nieuw voor het zorgkantoor"
    assert uitkomst.reden == (
        "U heeft geen overeenkomst met Zorgkantoor Hier, maar wel met Zorgkantoor Elders voor heel 2021 (01-01-2020 "
        "tot en met 31-12-2022) en declareert zorgkosten sinds 01-02-2020; u bent bestaand maar nieuw voor het "
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
    assert "maar wel met Zorgkantoor Elders voor heel 2021 (01-01-2021 tot en met 31-12-2021)" in uitkomst.reden


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
        "Uw overeenkomst met Zorgkantoor Elders (01-06-2021 tot en met 31-12-2022) dekt niet heel 2021; voor "
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
