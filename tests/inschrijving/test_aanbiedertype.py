"""The aanbieder type at every boundary of seed 002 §4.3 (DOMAIN.md "Aanbieder type")."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from inschrijving.aanbiedertype import bepaal_type
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
