"""Core models: registry numbers, the round's timeline and its per-zorgkantoor override, users."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import modelform_factory

from inschrijving.models import AfwijkendePlanning, Gebruiker, Rol, Zorgaanbieder
from tests.factories import InkooprondeFactory, ZorgaanbiederFactory, ZorgkantoorFactory

pytestmark = pytest.mark.django_db

AanbiederForm = modelform_factory(Zorgaanbieder, fields=["statutaire_naam", "kvk_nummer", "agb_code", "rechtsvorm",
                                                         "straat", "postcode", "plaats"])
GELDIG = {"statutaire_naam": "Stichting Test", "kvk_nummer": "12345678", "agb_code": "", "rechtsvorm": "stichting",
          "straat": "Dorpsstraat 1", "postcode": "1234 AB", "plaats": "Utrecht"}


@pytest.mark.parametrize("invoer", ["12345678", "1234 5678", "1234-5678", " 12 34 56 78 "])
def test_kvk_nummer_accepteert_spaties_en_streepjes(invoer):
    form = AanbiederForm(data={**GELDIG, "kvk_nummer": invoer})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["kvk_nummer"] == "12345678"


@pytest.mark.parametrize("invoer", ["1234567", "123456789", "1234567a", "KVK12345"])
def test_kvk_nummer_precies_acht_cijfers(invoer):
    form = AanbiederForm(data={**GELDIG, "kvk_nummer": invoer})
    assert not form.is_valid()
    assert "precies 8 cijfers" in form.errors["kvk_nummer"][0]


def test_agb_code_optioneel_maar_acht_cijfers():
    assert AanbiederForm(data={**GELDIG, "agb_code": "9876 5432"}).is_valid()
    form = AanbiederForm(data={**GELDIG, "agb_code": "98765"})
    assert "AGB-code bestaat uit precies 8 cijfers" in form.errors["agb_code"][0]


@pytest.mark.parametrize(("invoer", "opgeslagen"), [("1234ab", "1234 AB"), ("1234 AB", "1234 AB"),
                                                    ("1234-ab", "1234 AB")])
def test_postcode_genormaliseerd(invoer, opgeslagen):
    form = AanbiederForm(data={**GELDIG, "postcode": invoer})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["postcode"] == opgeslagen


@pytest.mark.parametrize("invoer", ["0123 AB", "12345", "1234 A"])
def test_postcode_ongeldig(invoer):
    form = AanbiederForm(data={**GELDIG, "postcode": invoer})
    assert form.errors["postcode"] == ["Vul een Nederlandse postcode in als 1234 AB."]


def test_mijlpalen_moeten_op_volgorde():
    ronde = InkooprondeFactory()
    ronde.full_clean()
    ronde.vragen_tot = ronde.sluiting_inschrijving + timedelta(hours=1)
    with pytest.raises(ValidationError) as fout:
        ronde.full_clean()
    assert "publicatie_nvi" in fout.value.message_dict or "vragen_tot" in fout.value.message_dict


def test_afwijkende_planning_per_zorgkantoor():
    zk, ander = ZorgkantoorFactory(), ZorgkantoorFactory()
    ronde = InkooprondeFactory(zorgkantoren=[zk, ander])
    later = ronde.sluiting_inschrijving + timedelta(days=7)
    afwijking = AfwijkendePlanning(ronde=ronde, zorgkantoor=zk, sluiting_inschrijving=later)
    afwijking.full_clean()
    afwijking.save()
    assert ronde.planning(zk).sluiting_inschrijving == later
    assert ronde.planning(ander).sluiting_inschrijving == ronde.sluiting_inschrijving
    assert ronde.planning(zk).vragen_tot == ronde.vragen_tot


def test_afwijkende_planning_buiten_volgorde_geweigerd():
    zk = ZorgkantoorFactory()
    ronde = InkooprondeFactory(zorgkantoren=[zk])
    afwijking = AfwijkendePlanning(ronde=ronde, zorgkantoor=zk,
                                   sluiting_inschrijving=ronde.publicatie_nvi - timedelta(days=1))
    with pytest.raises(ValidationError) as fout:
        afwijking.full_clean()
    assert "sluiting_inschrijving" in fout.value.message_dict


def test_gebruiker_hoort_bij_passende_organisatie():
    za = ZorgaanbiederFactory()
    zk = ZorgkantoorFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Gebruiker.objects.create(username="x", rol=Rol.ZORGINKOPER, zorgaanbieder=za)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Gebruiker.objects.create(username="y", rol=Rol.MEDEWERKER, zorgkantoor=zk)
    assert Gebruiker.objects.create(username="z", rol=Rol.ZORGINKOPER, zorgkantoor=zk).vereist_tweede_factor
    beheerder = Gebruiker.objects.create(username="b", rol=Rol.BEHEERDER)
    assert beheerder.is_staff and beheerder.vereist_tweede_factor
    aanbieder = Gebruiker.objects.create(username="a", rol=Rol.TEKENBEVOEGDE, zorgaanbieder=za)
    assert aanbieder.mag_tekenen and not aanbieder.is_staff and aanbieder.vereist_tweede_factor  # issue 12
