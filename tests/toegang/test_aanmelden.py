"""Self-registration without eHerkenning (issue 12, item 2): KvK-nummer and e-mail address, the address confirmed by
a link that exists only in the mail that left, approval or refusal by a beheerder with its reasons in the audit
trail, and the first user's password set through the welcome link."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from beoordeling.models import AuditRegel
from inschrijving.models import Bericht, Gebruiker, Rol, Zorgaanbieder
from inschrijving.tasks import verstuur_bericht
from tests.factories import GebruikerFactory, ZorgaanbiederFactory
from tests.toegang.kvk_server import Organisatie
from toegang.models import Aanmelding, KvkVerzoek

pytestmark = pytest.mark.django_db

ZELF = {"kvk_nummer": "41234567", "statutaire_naam": "Stichting Zorggroep De Linde", "rechtsvorm": "stichting",
        "straat": "Lindelaan 4", "postcode": "3511ab", "plaats": "Utrecht", "voornaam": "Lotte",
        "achternaam": "de Linde", "functie": "bestuurder", "email": "lotte@delinde.example"}


def _verstuurd(aan: str) -> mail.EmailMessage:
    bericht = Bericht.objects.filter(aan=aan).latest("pk")
    verstuur_bericht.run(bericht.pk)
    return next(m for m in reversed(mail.outbox) if m.to == [aan])


def _link(bericht: mail.EmailMessage) -> str:
    return re.search(r"https?://\S+", bericht.body)[0]


def _aanmelden_en_bevestigen(client, gegevens=ZELF) -> Aanmelding:
    antwoord = client.post(reverse("toegang:aanmelden"), gegevens, follow=True)
    assert antwoord.status_code == 200 and 'data-testid="aangemeld"' in antwoord.content.decode()
    link = _link(_verstuurd(gegevens["email"]))
    assert "Bevestigen" in client.get(link).content.decode()  # a GET confirms nothing (mail scanners follow links)
    assert Aanmelding.objects.get().status == Aanmelding.Status.ONBEVESTIGD
    assert 'data-testid="bevestigd"' in client.post(link).content.decode()
    return Aanmelding.objects.get()


def test_aanmelden_zonder_kvk_koppeling_bevestigen_goedkeuren_en_wachtwoord_instellen(client, login):
    beheerder = GebruikerFactory(beheerder=True, email="beheer@zorgkantoor.example")
    aanmelding = _aanmelden_en_bevestigen(client)
    assert (aanmelding.status, aanmelding.bron, aanmelding.postcode) == ("te_beoordelen", "zelf", "3511 AB")
    # The token is in the mail that left, not in the database.
    bewaard = Bericht.objects.filter(aan=ZELF["email"]).get()
    assert "[link:bevestigen:" in bewaard.tekst and "/account/aanmelden/bevestigen/" not in bewaard.tekst
    # The beheerders are told.
    assert "Stichting Zorggroep De Linde" in _verstuurd(beheerder.email).subject

    client.logout()
    login(client, beheerder)
    lijst = client.get(reverse("toegang:aanmeldingen")).content.decode()
    assert "Stichting Zorggroep De Linde" in lijst
    pagina = reverse("toegang:aanmelding", args=[aanmelding.pk])
    assert 'data-testid="bron">zelf ingevuld' in client.get(pagina).content.decode()
    antwoord = client.post(pagina, {"goedkeuren": "1", "goed-statutaire_naam": "Stichting Zorggroep De Linde",
                                     "goed-rechtsvorm": "stichting", "goed-straat": "Lindelaan 4",
                                     "goed-postcode": "3511 AB", "goed-plaats": "Utrecht"})
    assert antwoord.status_code == 302
    za = Zorgaanbieder.objects.get(kvk_nummer="41234567")
    nieuw = Gebruiker.objects.get(zorgaanbieder=za)
    assert (nieuw.username, nieuw.rol, nieuw.has_usable_password()) == (ZELF["email"], Rol.TEKENBEVOEGDE, False)
    regel = AuditRegel.objects.get(actie="aanmelding_goedgekeurd")
    assert regel.zorgaanbieder == za and regel.door == beheerder and "zelf ingevuld" in regel.omschrijving

    # The welcome mail's link sets the first password; used once it works no more.
    client.logout()
    welkom = _verstuurd(ZELF["email"])
    assert "[link:welkom:" in Bericht.objects.filter(aan=ZELF["email"]).latest("pk").tekst
    formulier = client.get(_link(welkom), follow=True)
    assert "Nieuw wachtwoord instellen" in formulier.content.decode()
    client.post(formulier.redirect_chain[-1][0], {"new_password1": "Linde-Lang-Wachtwoord-2031",
                                                  "new_password2": "Linde-Lang-Wachtwoord-2031"})
    nieuw.refresh_from_db()
    assert nieuw.check_password("Linde-Lang-Wachtwoord-2031")


def test_met_kvk_koppeling_komen_de_gegevens_uit_het_register(client, nep_kvk):
    nep_kvk.voeg_toe(Organisatie("41234567", "Stichting Zorggroep De Linde (statutair)", huisletter="b"))
    gegevens = {k: v for k, v in ZELF.items() if k not in ("statutaire_naam", "rechtsvorm", "straat", "postcode",
                                                          "plaats")}
    pagina = client.get(reverse("toegang:aanmelden")).content.decode()
    assert 'name="statutaire_naam"' not in pagina and "KvK Handelsregister" in pagina
    aanmelding = _aanmelden_en_bevestigen(client, gegevens)
    assert (aanmelding.bron, aanmelding.statutaire_naam, aanmelding.rechtsvorm, aanmelding.straat,
            aanmelding.postcode) == ("kvk", "Stichting Zorggroep De Linde (statutair)", "stichting", "Zorglaan 12b",
                                     "3511 AB")
    assert KvkVerzoek.objects.filter(kvk_nummer="41234567", uitkomst="gevonden").exists()


def test_onbekend_kvk_nummer_staat_naast_het_veld(client, nep_kvk):
    gegevens = {k: v for k, v in ZELF.items() if k != "statutaire_naam"}
    antwoord = client.post(reverse("toegang:aanmelden"), gegevens)
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 200 and "kent KvK-nummer 41234567 niet" in tekst
    assert 'value="lotte@delinde.example"' in tekst and not Aanmelding.objects.exists()


def test_register_onbereikbaar_dan_zelf_invullen_zonder_iets_te_verliezen(client, nep_kvk):
    nep_kvk.status = 503
    gegevens = {k: v for k, v in ZELF.items() if k not in ("statutaire_naam", "rechtsvorm", "straat", "postcode",
                                                          "plaats")}
    tekst = client.post(reverse("toegang:aanmelden"), gegevens).content.decode()
    assert "HTTP 503" in tekst and "Vul de gegevens van uw organisatie hieronder in" in tekst
    assert 'name="statutaire_naam"' in tekst and 'name="handmatig"' in tekst and 'value="Lotte"' in tekst
    antwoord = client.post(reverse("toegang:aanmelden"), {**ZELF, "handmatig": "1"})
    assert antwoord.status_code == 302 and Aanmelding.objects.get().bron == "zelf"


def test_bestaande_organisatie_wordt_naar_een_collega_verwezen(client):
    ZorgaanbiederFactory(kvk_nummer="41234567")
    tekst = client.post(reverse("toegang:aanmelden"), ZELF).content.decode()
    assert "heeft al een account in het portaal" in tekst and not Aanmelding.objects.exists()


def test_verkeerde_of_verlopen_link(client, settings):
    _aanmelden = client.post(reverse("toegang:aanmelden"), ZELF)
    aanmelding = Aanmelding.objects.get()
    vals = signing.dumps({"a": aanmelding.pk, "e": "ander@example.nl"}, salt="toegang.aanmelding.bevestigen")
    antwoord = client.post(reverse("toegang:bevestigen", args=[vals]))
    assert antwoord.status_code == 400 and "niet geldig" in antwoord.content.decode()
    antwoord = client.post(reverse("toegang:bevestigen", args=["rommel"]))
    assert antwoord.status_code == 400
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.ONBEVESTIGD


def test_afwijzen_met_reden(client, login):
    beheerder = GebruikerFactory(beheerder=True)
    aanmelding = _aanmelden_en_bevestigen(client)
    client.logout()
    login(client, beheerder)
    pagina = reverse("toegang:aanmelding", args=[aanmelding.pk])
    leeg = client.post(pagina, {"afwijzen": "1", "af-reden": ""})
    assert leeg.status_code == 400 and Aanmelding.objects.get().status == "te_beoordelen"
    client.post(pagina, {"afwijzen": "1", "af-reden": "Geen Wlz-zorg volgens het uittreksel."})
    aanmelding.refresh_from_db()
    assert aanmelding.status == "afgewezen" and aanmelding.beoordeeld_door == beheerder
    assert "Geen Wlz-zorg volgens het uittreksel." in _verstuurd(ZELF["email"]).body
    assert AuditRegel.objects.filter(actie="aanmelding_afgewezen", door=beheerder).exists()
    assert not Zorgaanbieder.objects.filter(kvk_nummer="41234567").exists()


@pytest.mark.parametrize("wie", ["inkoper", "aanbieder"])
def test_alleen_beheerders_zien_aanmeldingen(client, login, wie):
    client.post(reverse("toegang:aanmelden"), ZELF)
    aanmelding = Aanmelding.objects.get()
    gebruiker = GebruikerFactory(inkoper=True) if wie == "inkoper" else GebruikerFactory(tekenbevoegd=True)
    login(client, gebruiker)
    assert client.get(reverse("toegang:aanmeldingen")).status_code == 404
    assert client.get(reverse("toegang:aanmelding", args=[aanmelding.pk])).status_code == 404
    assert client.post(reverse("toegang:aanmelding", args=[aanmelding.pk]), {"afwijzen": "1", "af-reden": "x"}
                       ).status_code == 404


def test_te_veel_aanmeldingen_vanaf_een_adres(client, settings):
    settings.WLZ_LIMIET_AANMELDEN = "2/h"
    for n in range(2):
        assert client.post(reverse("toegang:aanmelden"), {**ZELF, "kvk_nummer": f"4123456{n}",
                                                          "email": f"x{n}@example.nl"}).status_code == 302
    antwoord = client.post(reverse("toegang:aanmelden"), {**ZELF, "kvk_nummer": "41234569"})
    assert antwoord.status_code == 429 and "te veel aanmeldingen" in antwoord.content.decode()
    assert 'value="Lotte"' in antwoord.content.decode() and Aanmelding.objects.count() == 2
