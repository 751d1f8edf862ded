"""Django admin for beheerders: before publication a round's timeline is edited freely and applies at once; after it
the sluitingstijd and the NvI deadline are read-only there (they move through a Termijnwijziging:
tests/inschrijving/test_termijnen.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inschrijving.models import MIJLPALEN, Inkoopronde
from tests.factories import GebruikerFactory, InkooprondeFactory

pytestmark = pytest.mark.django_db


def _formulier(ronde, **wijzigingen):
    data = {"naam": ronde.naam, "contractjaar": ronde.contractjaar, "soort": ronde.soort,
            "zorgkantoren": [zk.pk for zk in ronde.zorgkantoren.all()],
            "afwijkende_planningen-TOTAL_FORMS": 0, "afwijkende_planningen-INITIAL_FORMS": 0,
            "termijnwijzigingen-TOTAL_FORMS": 0, "termijnwijzigingen-INITIAL_FORMS": 0}
    for naam, _label in MIJLPALEN:
        moment = timezone.localtime(wijzigingen.get(naam, getattr(ronde, naam)))
        data[f"{naam}_0"] = moment.strftime("%d-%m-%Y")
        data[f"{naam}_1"] = moment.strftime("%H:%M:%S")
    return data


def _ongepubliceerd():
    """A round whose inkoopkader is published in about four weeks (sluiting 90 days ahead)."""
    ronde = InkooprondeFactory(sluiting=(timezone.now() + timedelta(days=90)).replace(microsecond=0))
    assert ronde.publicatie_inkoopkader > timezone.now()
    return ronde


def test_beheerder_wijzigt_sluitingstijd_voor_de_publicatie(client, login):
    ronde = _ongepubliceerd()
    beheerder = GebruikerFactory(beheerder=True, is_superuser=True)
    login(client, beheerder)
    nieuw = timezone.localtime(ronde.sluiting_inschrijving + timedelta(days=3))
    url = reverse("admin:inschrijving_inkoopronde_change", args=[ronde.pk])
    assert client.get(url).status_code == 200
    antwoord = client.post(url, _formulier(ronde, sluiting_inschrijving=nieuw))
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    ronde.refresh_from_db()
    assert ronde.sluiting_inschrijving == nieuw
    # Read from the database on every request: the aanbieder sees the new time straight away.
    aanbieder = GebruikerFactory()
    client.force_login(aanbieder)
    assert nieuw.strftime("%-d") in client.get(reverse("inschrijving:dashboard")).content.decode()
    assert ronde.planning(ronde.zorgkantoren.first()).sluiting_inschrijving == nieuw


def test_beheer_weigert_mijlpalen_buiten_volgorde(client, login):
    ronde = _ongepubliceerd()
    login(client, GebruikerFactory(beheerder=True, is_superuser=True))
    url = reverse("admin:inschrijving_inkoopronde_change", args=[ronde.pk])
    antwoord = client.post(url, _formulier(ronde, sluiting_inschrijving=ronde.vragen_tot - timedelta(days=1)))
    assert antwoord.status_code == 200
    assert "moet na" in antwoord.content.decode()
    assert Inkoopronde.objects.get(pk=ronde.pk).sluiting_inschrijving == ronde.sluiting_inschrijving


def test_na_de_publicatie_staan_de_termijnen_vast_in_het_rondeformulier(client, login):
    ronde = InkooprondeFactory()  # published 33 days ago, closes in 30
    assert ronde.publicatie_inkoopkader < timezone.now()
    login(client, GebruikerFactory(beheerder=True, is_superuser=True))
    url = reverse("admin:inschrijving_inkoopronde_change", args=[ronde.pk])
    pagina = client.get(url).content.decode()
    for naam in ("publicatie_inkoopkader", "vragen_tot", "sluiting_inschrijving"):
        assert f'name="{naam}_0"' not in pagina
    assert 'name="publicatie_nvi_0"' in pagina  # the other milestones stay editable
    oud = {naam: getattr(ronde, naam) for naam in ("publicatie_inkoopkader", "vragen_tot", "sluiting_inschrijving")}
    antwoord = client.post(url, _formulier(ronde, sluiting_inschrijving=ronde.sluiting_inschrijving - timedelta(days=2),
                                           vragen_tot=ronde.vragen_tot + timedelta(days=1)))
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    ronde.refresh_from_db()
    assert {naam: getattr(ronde, naam) for naam in oud} == oud
