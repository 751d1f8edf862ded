"""Sealed means sealed, for everyone (issue 9, item 1): until two colleagues open a zorgkantoor's vault, not even a
superuser learns in admin which organisations submitted to it, when, or anything they submitted — not from the
inschrijvingen, the indieningen, the quality answers or the e-mail log; the round shows a count. Submitted content
is read-only in admin, always."""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from inschrijving.models import Bericht, Indiening, Inschrijving, KwaliteitKeuze, OntwikkelplanVoorstel, Zelfanalyse
from tests.beoordeling.helpers import gesloten_ronde_met_indieningen, open_kluis
from tests.factories import GebruikerFactory

pytestmark = pytest.mark.django_db

VERZEGELDE_MODELLEN = (Inschrijving, Indiening, KwaliteitKeuze, Zelfanalyse, OntwikkelplanVoorstel)


def _lijst(client, model) -> str:
    url = reverse(f"admin:inschrijving_{model._meta.model_name}_changelist")
    antwoord = client.get(url)
    assert antwoord.status_code == 200, url
    return antwoord.content.decode()


@pytest.fixture
def ronde(django_capture_on_commit_callbacks, celery_meteen):
    with django_capture_on_commit_callbacks(execute=True):  # the receipts are mailed on commit
        ronde, _zk, inkopers, inschrijvingen = gesloten_ronde_met_indieningen(("3", "1a"), geopend=False)
    return ronde, inkopers, inschrijvingen


def test_een_superuser_ziet_voor_de_opening_niet_wie_wat_indiende(ronde, login):
    ronde, inkopers, inschrijvingen = ronde
    superuser = login(Client(), GebruikerFactory(beheerder=True, is_staff=True, is_superuser=True))
    namen = [i.zorgaanbieder.statutaire_naam for i in inschrijvingen]
    ontvangers = list(Bericht.objects.filter(onderwerp__startswith="Ontvangstbevestiging").values_list("aan",
                                                                                                    flat=True))
    assert len(ontvangers) >= 2  # sanity: the receipts were mailed, to the aanbieders' users

    for model in VERZEGELDE_MODELLEN:
        tekst = _lijst(superuser, model)
        assert not any(naam in tekst for naam in namen), model
    berichten = _lijst(superuser, Bericht)
    assert "Ontvangstbevestiging" not in berichten and not any(adres in berichten for adres in ontvangers)
    # Not by its id either: admin says it does not exist.
    wijzig = superuser.get(reverse("admin:inschrijving_inschrijving_change", args=[inschrijvingen[0].pk]))
    assert wijzig.status_code == 302 and wijzig.url == reverse("admin:index")
    indiening = inschrijvingen[0].actuele_indiening()
    assert superuser.get(reverse("admin:inschrijving_indiening_change", args=[indiening.pk])).status_code == 302

    open_kluis(ronde, inkopers)
    assert all(naam in _lijst(superuser, Inschrijving) for naam in namen)
    assert all(naam in _lijst(superuser, Indiening) for naam in namen)
    berichten = _lijst(superuser, Bericht)
    assert "Ontvangstbevestiging" in berichten and all(adres in berichten for adres in ontvangers)


def test_ingediende_inhoud_is_in_beheer_altijd_alleen_lezen(ronde, login):
    ronde, inkopers, inschrijvingen = ronde
    open_kluis(ronde, inkopers)
    superuser = GebruikerFactory(beheerder=True, is_staff=True, is_superuser=True)
    verzoek = RequestFactory().get("/")
    verzoek.user = superuser
    for model in VERZEGELDE_MODELLEN:
        beheer = admin.site._registry[model]
        assert not beheer.has_add_permission(verzoek), model
        assert not beheer.has_change_permission(verzoek), model
        assert not beheer.has_delete_permission(verzoek), model

    client = login(Client(), superuser)
    url = reverse("admin:inschrijving_inschrijving_change", args=[inschrijvingen[0].pk])
    pagina = client.get(url)
    assert pagina.status_code == 200 and 'name="_save"' not in pagina.content.decode()
    voor = Inschrijving.objects.filter(pk=inschrijvingen[0].pk).values().get()
    assert client.post(url, {"status": "concept", "aanbieder_type": "1a"}).status_code == 403
    assert Inschrijving.objects.filter(pk=inschrijvingen[0].pk).values().get() == voor
