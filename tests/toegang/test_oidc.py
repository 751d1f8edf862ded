"""eHerkenning through an OIDC broker and staff single sign-on (issue 12, items 1 and 5), against a real OpenID
Connect provider the tests start (tests/idp: node's oidc-provider), not a mock of mozilla-django-oidc."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from beoordeling.models import AuditRegel
from inschrijving import berichten
from inschrijving.models import Bericht, Gebruiker, Rol, Zorgaanbieder
from tests.factories import GebruikerFactory, ZorgaanbiederFactory
from tests.inschrijving.maak import volledige_inschrijving
from tests.oidc_idp import inloggen_bij_idp
from tests.toegang.kvk_server import Organisatie
from toegang.models import EherkenningIdentiteit

pytestmark = pytest.mark.django_db

LOA3 = "urn:etoegang:core:assurance-class:loa3"


def _eh(idp, login, kvk="41234567", pseudoniem=None, niveau=LOA3, **meer):
    return idp.account(login, **{"urn:etoegang:core:LegalSubjectID": kvk,
                                 "urn:etoegang:core:ActingSubjectID": pseudoniem or f"pseudo-{login}",
                                 "urn:etoegang:core:LevelOfAssurance": niveau, **meer})


def _via(client, start: str, login: str):
    naar_idp = client.get(start)
    assert naar_idp.status_code == 302, naar_idp.content[:300]
    terug = inloggen_bij_idp(naar_idp["Location"], login)
    return client.get(terug.removeprefix("http://testserver"))


def test_eerste_login_maakt_de_organisatie_uit_het_register_en_later_dezelfde_gebruiker(client, idp, nep_kvk):
    nep_kvk.voeg_toe(Organisatie("41234567", "Stichting Zorggroep De Linde", plaats="Utrecht"))
    _eh(idp, "linde", given_name="Lotte", family_name="de Linde",
        **{"urn:etoegang:1.9:ServiceRestriction:Vestigingsnr": "000012345678"})
    antwoord = _via(client, reverse("toegang:eherkenning"), "linde")
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("start")
    za = Zorgaanbieder.objects.get(kvk_nummer="41234567")
    assert (za.statutaire_naam, za.rechtsvorm, za.plaats) == ("Stichting Zorggroep De Linde", "stichting", "Utrecht")
    gebruiker = Gebruiker.objects.get(zorgaanbieder=za)
    assert (gebruiker.rol, gebruiker.get_full_name(), gebruiker.has_usable_password()) == (
        Rol.TEKENBEVOEGDE, "Lotte de Linde", False)
    ident = EherkenningIdentiteit.objects.get(gebruiker=gebruiker)
    assert (ident.pseudoniem, ident.vestigingsnummer, ident.niveau) == ("pseudo-linde", "000012345678", 3.0)
    # The eHerkenning means is the second factor: straight to the dashboard, no TOTP.
    assert client.get(reverse("start"))["Location"] == reverse("inschrijving:dashboard")
    assert client.get(reverse("inschrijving:dashboard")).status_code == 200
    regel = AuditRegel.objects.get(actie="eherkenning_eerste_login")
    assert regel.zorgaanbieder == za and "KvK Handelsregister" in regel.omschrijving and "EH3" in regel.omschrijving
    # A later login finds the same user.
    client.logout()
    _via(client, reverse("toegang:eherkenning"), "linde")
    assert Gebruiker.objects.filter(zorgaanbieder=za).count() == 1
    assert int(client.session["_auth_user_id"]) == gebruiker.pk


def test_een_collega_met_eherkenning_wordt_medewerker_van_dezelfde_organisatie(client, idp):
    za = ZorgaanbiederFactory(kvk_nummer="41234567")
    _eh(idp, "collega")
    _via(client, reverse("toegang:eherkenning"), "collega")
    nieuw = Gebruiker.objects.get(eherkenning__pseudoniem="pseudo-collega")
    assert (nieuw.zorgaanbieder, nieuw.rol) == (za, Rol.MEDEWERKER)
    assert "toegevoegd als medewerker" in AuditRegel.objects.get(actie="eherkenning_eerste_login").omschrijving


def test_een_verwijderde_collega_is_meteen_uitgelogd(client, idp):
    za = ZorgaanbiederFactory(kvk_nummer="41234567")
    bestuurder = GebruikerFactory(tekenbevoegd=True, zorgaanbieder=za)
    _eh(idp, "weg")
    _via(client, reverse("toegang:eherkenning"), "weg")
    collega = Gebruiker.objects.get(eherkenning__pseudoniem="pseudo-weg")
    assert client.get(reverse("inschrijving:dashboard")).status_code == 200
    from toegang import team

    team.verwijderen(door=bestuurder, collega=collega)
    assert client.get(reverse("inschrijving:dashboard"))["Location"].startswith(reverse("login"))


def test_zonder_e_mailadres_van_de_broker_geeft_de_gebruiker_het_zelf_op_en_bevestigt_het(client, idp):
    ZorgaanbiederFactory(kvk_nummer="41234567")
    _eh(idp, "stil")  # no email claim: eHerkenning brokers rarely give one
    _via(client, reverse("toegang:eherkenning"), "stil")
    gebruiker = Gebruiker.objects.get(eherkenning__pseudoniem="pseudo-stil")
    assert gebruiker.email == ""
    assert 'data-testid="email-ontbreekt"' in client.get(reverse("inschrijving:dashboard")).content.decode()
    client.post(reverse("toegang:email"), {"email": "stil@aanbieder.example"})
    gebruiker.refresh_from_db()
    assert gebruiker.email == ""  # not before it is confirmed
    bericht = Bericht.objects.get(aan="stil@aanbieder.example")
    assert "[link:email:" in bericht.tekst
    link = re.search(r"https?://\S+", berichten.tekst_bij_verzenden(bericht))[0]
    client.get(link.removeprefix("http://testserver").removeprefix(settings.SITE_URL.rstrip("/")))
    gebruiker.refresh_from_db()
    assert gebruiker.email == "stil@aanbieder.example"
    assert 'data-testid="email-ontbreekt"' not in client.get(reverse("inschrijving:dashboard")).content.decode()


def test_zonder_kvk_koppeling_vult_de_eerste_gebruiker_de_organisatie_aan(client, idp):
    _eh(idp, "nieuw", kvk="41234999")
    antwoord = _via(client, reverse("toegang:eherkenning"), "nieuw")
    assert antwoord["Location"] == reverse("toegang:eherkenning_organisatie")
    pagina = client.get(antwoord["Location"]).content.decode()
    assert "KvK-nummer 41234999" in pagina and not Zorgaanbieder.objects.filter(kvk_nummer="41234999").exists()
    leeg = client.post(antwoord["Location"], {"statutaire_naam": "Stichting Nieuw"})
    assert leeg.status_code == 200 and "Dit veld is verplicht" in leeg.content.decode()
    klaar = client.post(antwoord["Location"], {"statutaire_naam": "Stichting Nieuw", "rechtsvorm": "stichting",
                                               "straat": "Nieuwweg 1", "postcode": "1234 AB", "plaats": "Almere"})
    assert klaar["Location"] == reverse("start")
    gebruiker = Gebruiker.objects.get(zorgaanbieder__kvk_nummer="41234999")
    assert gebruiker.rol == Rol.TEKENBEVOEGDE and int(client.session["_auth_user_id"]) == gebruiker.pk
    assert "formulier van de eerste gebruiker" in AuditRegel.objects.get(actie="eherkenning_eerste_login").omschrijving


def test_te_laag_niveau_of_geen_kvk_nummer_komt_er_niet_in(client, idp):
    _eh(idp, "laag", niveau="urn:etoegang:core:assurance-class:loa2")
    antwoord = _via(client, reverse("toegang:eherkenning"), "laag")
    assert antwoord["Location"] == reverse("login") and "_auth_user_id" not in client.session
    assert "betrouwbaarheidsniveau EH2" in client.get(reverse("login")).content.decode()
    idp.account("zonder", **{"urn:etoegang:core:ActingSubjectID": "p", "urn:etoegang:core:LevelOfAssurance": LOA3})
    assert _via(client, reverse("toegang:eherkenning"), "zonder")["Location"] == reverse("login")
    assert not Gebruiker.objects.exists()


def test_de_login_op_eh3_ondertekent_en_daarna_opnieuw_inloggen(client, idp, settings):
    za = ZorgaanbiederFactory(kvk_nummer="41234567")
    _eh(idp, "bestuur")
    _via(client, reverse("toegang:eherkenning"), "bestuur")
    gebruiker = Gebruiker.objects.get(eherkenning__pseudoniem="pseudo-bestuur")
    gebruiker.rol = Rol.TEKENBEVOEGDE
    gebruiker.save()
    inschrijving, _b = volledige_inschrijving("3", bestuurder=gebruiker)
    assert inschrijving.zorgaanbieder == za
    pagina = client.get(reverse("inschrijving:indienen", args=[inschrijving.pk])).content.decode()
    assert 'name="wachtwoord"' not in pagina and 'data-testid="wachtwoord-recent"' in pagina
    with time_machine.travel(timezone.now() + timedelta(minutes=settings.ONDERTEKENEN_BINNEN_MINUTEN + 1)):
        pagina = client.get(reverse("inschrijving:indienen", args=[inschrijving.pk])).content.decode()
    assert 'name="wachtwoord"' not in pagina and 'data-testid="opnieuw-inloggen"' in pagina
    assert f"{reverse('toegang:eherkenning')}?next=" in pagina


def test_sso_voor_medewerkers_met_en_zonder_tweede_factor_van_de_idp(client, idp):
    inkoper = GebruikerFactory(inkoper=True, email="ilse@zorgkantoor.example")
    idp.account("ilse", email="ilse@zorgkantoor.example", name="Ilse Inkoper")
    _via(client, reverse("toegang:sso"), "ilse")
    assert int(client.session["_auth_user_id"]) == inkoper.pk
    # The provider asserted no second factor: the portal's own TOTP comes first.
    assert client.get(reverse("beoordeling:start"))["Location"].startswith(reverse("tweefactor_instellen"))
    client.logout()
    idp.account("ilse", email="ilse@zorgkantoor.example", amr=["pwd", "otp"])
    _via(client, reverse("toegang:sso"), "ilse")
    assert client.get(reverse("beoordeling:start")).status_code == 200


def test_sso_maakt_niemand_aan_en_laat_geen_aanbieder_binnen(client, idp):
    aanbieder = GebruikerFactory(tekenbevoegd=True, email="bea@aanbieder.example")
    idp.account("bea", email="bea@aanbieder.example", amr=["otp"])
    idp.account("onbekend", email="niemand@zorgkantoor.example", amr=["otp"])
    for login in ("bea", "onbekend"):
        antwoord = _via(client, reverse("toegang:sso"), login)
        assert antwoord["Location"] == reverse("login") and "_auth_user_id" not in client.session
    assert Gebruiker.objects.count() == 1 and aanbieder.is_active


def test_uit_zonder_variabelen(client):
    for naam in ("toegang:eherkenning", "toegang:eherkenning_terug", "toegang:sso", "toegang:sso_terug"):
        assert client.get(reverse(naam)).status_code == 404
    pagina = client.get(reverse("login")).content.decode()
    assert 'data-testid="eherkenning"' not in pagina and 'data-testid="sso"' not in pagina
