"""Nota van Inlichtingen: questions until vragen_tot (server-side, to the second, Dutch time), merged and
anonymised answers, publication at once, and who may see what."""

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inschrijving import nvi
from inschrijving.models import Bericht, Inschrijving, NotaVanInlichtingen, NvIAntwoord, Vraag
from tests.factories import GebruikerFactory, InkooprondeFactory, ZorgaanbiederFactory, ZorgkantoorFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


def bij(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def zorgkantoor():
    return ZorgkantoorFactory()


@pytest.fixture
def ronde(zorgkantoor):
    """A round whose question deadline is 12:00 Dutch time, some two weeks from now."""
    sluiting = (timezone.now() + timedelta(days=60)).astimezone(AMS).replace(hour=17, minute=0, second=0,
                                                                              microsecond=0)
    vragen_tot = (sluiting - timedelta(days=43)).replace(hour=12)
    return InkooprondeFactory(sluiting=sluiting, vragen_tot=vragen_tot, zorgkantoren=[zorgkantoor])


@pytest.fixture
def inkoper(zorgkantoor):
    return GebruikerFactory(inkoper=True, zorgkantoor=zorgkantoor)


@pytest.fixture
def aanbieder_a():
    return GebruikerFactory(username="alfa.vrager", last_name="Vragensteller-Alfa",
                            zorgaanbieder=ZorgaanbiederFactory(statutaire_naam="Stichting Vragensteller Alfa"))


@pytest.fixture
def aanbieder_b():
    return GebruikerFactory(username="beta.vrager", last_name="Vragensteller-Beta",
                            zorgaanbieder=ZorgaanbiederFactory(statutaire_naam="Zorggroep Vragensteller Beta B.V."))


@pytest.fixture
def buitenstaander():
    """An aanbieder user whose organisation never asked anything."""
    return GebruikerFactory(zorgaanbieder=ZorgaanbiederFactory(statutaire_naam="Stichting Zwijgzaam"))


def _voor(ronde):
    return ronde.vragen_tot - timedelta(seconds=1)


def _na(ronde):
    return ronde.vragen_tot + timedelta(hours=1)


def _url(naam, ronde, **kwargs):
    return reverse(f"inschrijving:{naam}", kwargs={"ronde_pk": ronde.pk, **kwargs})


@pytest.fixture
def twee_vragen(ronde, aanbieder_a, aanbieder_b):
    with bij(_voor(ronde)):
        a = nvi.vraag_stellen(ronde=ronde, door=aanbieder_a, tekst="Geldt de nieuwe personeelsnorm ook voor VPT?",
                              paragraaf="4.2")
        b = nvi.vraag_stellen(ronde=ronde, door=aanbieder_b, tekst="Moeten wij bij VPT de nieuwe norm toepassen?")
    return a, b


def _samengevoegd(ronde, inkoper, vragen):
    return nvi.antwoord_geven(ronde=ronde, vragen=list(vragen), door=inkoper, paragraaf="4.2",
                              vraag_tekst="Is de personeelsnorm van toepassing op het volledig pakket thuis?",
                              antwoord="Ja, de norm geldt ook voor VPT vanaf het contractjaar.")


# --- asking, and the deadline -----------------------------------------------------------------------------------


def test_vraag_stellen_voor_de_termijn(ronde, aanbieder_a):
    with bij(_voor(ronde)):
        vraag = nvi.vraag_stellen(ronde=ronde, door=aanbieder_a, tekst="  Een vraag?  ", paragraaf="3.1")
    assert vraag.zorgaanbieder == aanbieder_a.zorgaanbieder
    assert vraag.gesteld_door == aanbieder_a
    assert vraag.tekst == "Een vraag?"
    assert vraag.gesteld_op == _voor(ronde)


@pytest.mark.parametrize("na", [timedelta(0), timedelta(seconds=1), timedelta(days=3)],
                         ids=["precies-op-de-termijn", "een-seconde-later", "dagen-later"])
def test_vraag_op_en_na_de_termijn_geweigerd(ronde, aanbieder_a, na):
    with bij(ronde.vragen_tot + na), pytest.raises(ValidationError) as fout:
        nvi.vraag_stellen(ronde=ronde, door=aanbieder_a, tekst="Te laat?")
    assert "gesloten" in fout.value.messages[0]
    assert "12:00" in fout.value.messages[0]  # the deadline in Dutch time
    assert not Vraag.objects.exists()


def test_termijn_geldt_in_nederlandse_tijd(ronde, aanbieder_a):
    """11:59 UTC looks earlier than "12:00", but is 12:59 or 13:59 in Amsterdam: too late."""
    moment = ronde.vragen_tot.astimezone(UTC).replace(hour=11, minute=59)
    assert moment > ronde.vragen_tot
    with bij(moment), pytest.raises(ValidationError):
        nvi.vraag_stellen(ronde=ronde, door=aanbieder_a, tekst="Te laat?")


def test_alleen_aanbieders_stellen_vragen(ronde, inkoper):
    with bij(_voor(ronde)), pytest.raises(ValidationError):
        nvi.vraag_stellen(ronde=ronde, door=inkoper, tekst="Mag ik?")


def test_vraag_stellen_via_de_pagina(client, login, ronde, aanbieder_a):
    with bij(_voor(ronde) - timedelta(minutes=5)):
        login(client, aanbieder_a)
        pagina = client.get(_url("nvi", ronde))
        html = pagina.content.decode()
        assert pagina.status_code == 200
        assert "Vragen stellen kan tot" in html and "12:00" in html
        assert 'name="tekst"' in html
        antwoord = client.post(_url("nvi", ronde), {"paragraaf": "4.7", "tekst": "Wat betekent deze eis?"})
    vraag = Vraag.objects.get()
    assert antwoord.status_code == 302
    assert antwoord.url == _url("nvi", ronde) + f"#vraag-{vraag.pk}"
    assert (vraag.tekst, vraag.paragraaf, vraag.zorgaanbieder) == ("Wat betekent deze eis?", "4.7",
                                                                    aanbieder_a.zorgaanbieder)


def test_lege_vraag_geeft_fout_naast_het_veld(client, login, ronde, aanbieder_a):
    with bij(_voor(ronde)):
        login(client, aanbieder_a)
        html = client.post(_url("nvi", ronde), {"paragraaf": "4.7", "tekst": ""}).content.decode()
    assert "Vul uw vraag in." in html
    assert 'value="4.7"' in html  # what was typed is kept
    assert not Vraag.objects.exists()


def test_pagina_voor_de_termijn_geopend_en_erna_verstuurd_wordt_geweigerd(client, login, ronde, aanbieder_a):
    with bij(ronde.vragen_tot - timedelta(minutes=2)) as reis:
        login(client, aanbieder_a)
        assert 'name="tekst"' in client.get(_url("nvi", ronde)).content.decode()
        reis.move_to(ronde.vragen_tot)
        antwoord = client.post(_url("nvi", ronde), {"tekst": "Nog net op tijd?"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "De termijn voor vragen voor de Nota van Inlichtingen is gesloten" in html
    assert "Uw vraag is niet opgeslagen." in html
    assert "Nog net op tijd?" in html  # the typed question is not lost
    assert "Vraag versturen" not in html
    assert not Vraag.objects.exists()


def test_na_de_termijn_geen_formulier(client, login, ronde, aanbieder_a):
    with bij(_na(ronde)):
        login(client, aanbieder_a)
        html = client.get(_url("nvi", ronde)).content.decode()
    assert "De termijn voor vragen is gesloten sinds" in html
    assert 'name="tekst"' not in html


# --- answering and merging ---------------------------------------------------------------------------------------


def _schrijft_in(gebruiker, ronde, zorgkantoor):
    Inschrijving.objects.create(ronde=ronde, zorgaanbieder=gebruiker.zorgaanbieder, zorgkantoor=zorgkantoor,
                                aanbieder_type="3", type_reden="-", aangemaakt_door=gebruiker)


def test_zorginkoper_voegt_twee_vragen_van_verschillende_aanbieders_samen(client, login, ronde, inkoper,
                                                                          twee_vragen, aanbieder_a, aanbieder_b):
    a, b = twee_vragen
    _schrijft_in(aanbieder_a, ronde, inkoper.zorgkantoor)
    with bij(_na(ronde)):
        login(client, inkoper)
        html = client.get(_url("nvi_beheer", ronde)).content.decode()
        # The zorgkantoor sees who asked only where that organisation bids with it (issue 9, item 10).
        assert aanbieder_a.zorgaanbieder.statutaire_naam in html and aanbieder_a.last_name in html
        assert aanbieder_b.zorgaanbieder.statutaire_naam not in html and aanbieder_b.last_name not in html
        assert "Een zorgaanbieder die niet bij uw zorgkantoor inschrijft" in html
        antwoord = client.post(_url("nvi_beheer", ronde), {
            "vragen": [a.pk, b.pk], "paragraaf": "4.2",
            "vraag_tekst": "Is de personeelsnorm van toepassing op VPT?", "antwoord": "Ja."})
    assert antwoord.status_code == 302
    item = NvIAntwoord.objects.get()
    assert item.nota.ronde == ronde
    assert item.beantwoord_door == inkoper
    assert set(item.vragen.all()) == {a, b}
    assert item.nota.gepubliceerd_op is None


def test_antwoordformulier_bewaart_invoer_bij_fout(client, login, ronde, inkoper, twee_vragen):
    a, _b = twee_vragen
    with bij(_na(ronde)):
        login(client, inkoper)
        html = client.post(_url("nvi_beheer", ronde), {"vragen": [a.pk], "vraag_tekst": "Mijn samenvatting",
                                                       "antwoord": ""}).content.decode()
    assert "Vul het antwoord in." in html
    assert "Mijn samenvatting" in html
    assert f'value="{a.pk}" id="kies-vraag-{a.pk}" checked' in html
    assert not NvIAntwoord.objects.exists()


def test_geen_vragen_gekozen(client, login, ronde, inkoper, twee_vragen):
    with bij(_na(ronde)):
        login(client, inkoper)
        html = client.post(_url("nvi_beheer", ronde), {"vraag_tekst": "V", "antwoord": "A"}).content.decode()
    assert "Kies ten minste één vraag" in html
    assert not NvIAntwoord.objects.exists()


def test_vragen_uit_een_andere_ronde_geweigerd(ronde, inkoper, zorgkantoor, aanbieder_a):
    andere = InkooprondeFactory(sluiting=ronde.sluiting_inschrijving, zorgkantoren=[zorgkantoor],
                                vragen_tot=ronde.vragen_tot)
    with bij(_voor(ronde)):
        vreemd = nvi.vraag_stellen(ronde=andere, door=aanbieder_a, tekst="Over de andere ronde")
    with pytest.raises(ValidationError, match="alleen vragen uit deze inkoopronde"):
        _samengevoegd(ronde, inkoper, [vreemd])
    assert not NvIAntwoord.objects.exists()


def test_al_beantwoorde_vraag_niet_nogmaals(ronde, inkoper, twee_vragen):
    a, b = twee_vragen
    _samengevoegd(ronde, inkoper, [a])
    with pytest.raises(ValidationError, match="al met een ander antwoord"):
        _samengevoegd(ronde, inkoper, [a, b])


def test_antwoord_wijzigen_en_vragen_loskoppelen(ronde, inkoper, twee_vragen):
    a, b = twee_vragen
    item = _samengevoegd(ronde, inkoper, [a, b])
    nvi.antwoord_wijzigen(nvi_antwoord=item, door=inkoper, vraag_tekst="Nieuw", antwoord="Anders", vragen=[a])
    item.refresh_from_db()
    b.refresh_from_db()
    assert (item.vraag, item.antwoord) == ("Nieuw", "Anders")
    assert b.antwoord is None


def test_zorginkoper_van_ander_zorgkantoor_mag_niet_antwoorden(ronde, twee_vragen):
    vreemde = GebruikerFactory(inkoper=True)
    with pytest.raises(ValidationError):
        _samengevoegd(ronde, vreemde, twee_vragen)


# --- publication ------------------------------------------------------------------------------------------------


def test_voor_publicatie_zien_aanbieders_geen_antwoorden(client, login, ronde, inkoper, twee_vragen, aanbieder_a):
    item = _samengevoegd(ronde, inkoper, twee_vragen)
    assert nvi.gepubliceerde_nvi(ronde) is None
    assert not any(vraag.beantwoord for vraag in nvi.vragen_van_aanbieder(aanbieder_a, ronde))
    with bij(_na(ronde)):
        login(client, aanbieder_a)
        html = client.get(_url("nvi", ronde)).content.decode()
    assert item.antwoord not in html
    assert item.vraag not in html
    assert "nog niet gepubliceerd" in html
    assert twee_vragen[0].tekst in html  # its own question, as asked
    assert twee_vragen[1].tekst not in html  # never another organisation's


def test_publicatie_maakt_nvi_zichtbaar_voor_iedere_aanbieder_zonder_vragensteller(
        client, login, ronde, inkoper, twee_vragen, aanbieder_a, aanbieder_b, buitenstaander):
    item = _samengevoegd(ronde, inkoper, twee_vragen)
    with bij(_na(ronde)):
        login(client, inkoper)
        antwoord = client.post(_url("nvi_publiceren", ronde), {"bevestigd": "on"})
        assert antwoord.status_code == 302
        nota = NotaVanInlichtingen.objects.get(ronde=ronde)
        assert nota.gepubliceerd_op == _na(ronde)
        assert nota.gepubliceerd_door == inkoper

        # Every aanbieder user sees it, including a colleague of an asker and an organisation that never asked.
        collega = GebruikerFactory(zorgaanbieder=aanbieder_a.zorgaanbieder)
        for gebruiker in (buitenstaander, collega, aanbieder_b):
            client.logout()
            login(client, gebruiker)
            pagina = client.get(_url("nvi", ronde))
            assert pagina.status_code == 200
            html = pagina.content.decode()
            assert item.vraag in html and item.antwoord in html
            assert "paragraaf 4.2" in html

        client.logout()
        login(client, buitenstaander)
        html = client.get(_url("nvi", ronde)).content.decode()
    # ...but never who asked, nor what exactly they wrote, nor when.
    for vraag in twee_vragen:
        assert vraag.zorgaanbieder.statutaire_naam not in html
        assert vraag.zorgaanbieder.kvk_nummer not in html
        assert vraag.gesteld_door.username not in html
        assert vraag.gesteld_door.last_name not in html
        assert vraag.tekst not in html
        assert timezone.localtime(vraag.gesteld_op).strftime("%H:%M") not in html.split('id="kop-nota"')[1].split(
            'id="kop-vraag"')[0]
    assert "Uw organisatie heeft in deze ronde geen vragen gesteld." in html


def test_aanbieder_ziet_dat_eigen_vraag_beantwoord_is(client, login, ronde, inkoper, twee_vragen, aanbieder_a):
    item = _samengevoegd(ronde, inkoper, twee_vragen)
    with bij(_na(ronde)):
        nvi.publiceren(ronde=ronde, door=inkoper)
        login(client, aanbieder_a)
        html = client.get(_url("nvi", ronde)).content.decode()
    assert f'href="#nvi-{item.pk}"' in html
    assert "Beantwoord in vraag 1 van de Nota" in html


def test_gepubliceerde_nvi_is_geordend(ronde, inkoper, twee_vragen):
    a, b = twee_vragen
    eerste = nvi.antwoord_geven(ronde=ronde, vragen=[a], vraag_tekst="Eerste", antwoord="1", door=inkoper)
    tweede = nvi.antwoord_geven(ronde=ronde, vragen=[b], vraag_tekst="Tweede", antwoord="2", door=inkoper)
    with bij(_na(ronde)):
        nvi.publiceren(ronde=ronde, door=inkoper)
    assert list(nvi.gepubliceerde_nvi(ronde).antwoorden.all()) == [eerste, tweede]


def test_publiceren_met_onbeantwoorde_vragen_geweigerd(client, login, ronde, inkoper, twee_vragen):
    _samengevoegd(ronde, inkoper, twee_vragen[:1])
    with bij(_na(ronde)):
        with pytest.raises(ValidationError, match="1 vraag zonder antwoord"):
            nvi.publiceren(ronde=ronde, door=inkoper)
        login(client, inkoper)
        html = client.post(_url("nvi_publiceren", ronde), {"bevestigd": "on"}).content.decode()
    assert "beantwoord eerst elke vraag" in html
    assert NotaVanInlichtingen.objects.get(ronde=ronde).gepubliceerd_op is None
    assert not Bericht.objects.exists()


def test_publiceren_vraagt_bevestiging(client, login, ronde, inkoper, twee_vragen):
    _samengevoegd(ronde, inkoper, twee_vragen)
    with bij(_na(ronde)):
        login(client, inkoper)
        html = client.post(_url("nvi_publiceren", ronde), {}).content.decode()
    assert "Bevestig dat u de Nota van Inlichtingen wilt publiceren." in html
    assert NotaVanInlichtingen.objects.get(ronde=ronde).gepubliceerd_op is None


def test_publiceren_kan_pas_na_de_vraagtermijn(ronde, inkoper, twee_vragen):
    _samengevoegd(ronde, inkoper, twee_vragen)
    with bij(_voor(ronde)), pytest.raises(ValidationError, match="pas worden gepubliceerd"):
        nvi.publiceren(ronde=ronde, door=inkoper)


def test_na_publicatie_geen_antwoorden_of_wijzigingen(client, login, ronde, inkoper, twee_vragen, aanbieder_a):
    a, b = twee_vragen
    item = nvi.antwoord_geven(ronde=ronde, vragen=[a, b], vraag_tekst="V", antwoord="A", door=inkoper)
    with bij(_na(ronde)):
        nvi.publiceren(ronde=ronde, door=inkoper)
        with pytest.raises(ValidationError, match="gepubliceerd"):
            nvi.antwoord_geven(ronde=ronde, vragen=[a], vraag_tekst="Extra", antwoord="Extra", door=inkoper)
        with pytest.raises(ValidationError, match="gepubliceerd"):
            nvi.antwoord_wijzigen(nvi_antwoord=item, door=inkoper, vraag_tekst="W", antwoord="W")
        with pytest.raises(ValidationError, match="gepubliceerd"):
            nvi.antwoord_verwijderen(nvi_antwoord=item, door=inkoper)
        with pytest.raises(ValidationError, match="al gepubliceerd"):
            nvi.publiceren(ronde=ronde, door=inkoper)
        login(client, inkoper)
        client.post(_url("nvi_antwoord", ronde, pk=item.pk), {"vragen": [a.pk], "vraag_tekst": "W", "antwoord": "W"})
        html = client.get(_url("nvi_beheer", ronde)).content.decode()
    item.refresh_from_db()
    assert (item.vraag, item.antwoord) == ("V", "A")
    assert NvIAntwoord.objects.count() == 1
    assert "Gepubliceerd op" in html and 'name="vraag_tekst"' not in html


def test_publicatie_mailt_de_gebruikers_van_aanbieders_die_vroegen(ronde, inkoper, twee_vragen, aanbieder_a,
                                                                   aanbieder_b, buitenstaander):
    collega = GebruikerFactory(zorgaanbieder=aanbieder_a.zorgaanbieder, tekenbevoegd=True)
    GebruikerFactory(zorgaanbieder=aanbieder_a.zorgaanbieder, is_active=False)
    _samengevoegd(ronde, inkoper, twee_vragen)
    with bij(_na(ronde)):
        nvi.publiceren(ronde=ronde, door=inkoper)
    berichten = Bericht.objects.all()
    assert {bericht.aan for bericht in berichten} == {aanbieder_a.email, collega.email, aanbieder_b.email}
    bericht = berichten.first()
    assert bericht.onderwerp == f"De Nota van Inlichtingen voor {ronde.naam} is gepubliceerd"
    assert settings.SITE_URL.rstrip("/") + _url("nvi", ronde) in bericht.tekst
    for anders in twee_vragen:  # the e-mail names nobody either
        assert anders.zorgaanbieder.statutaire_naam not in bericht.tekst


# --- access ------------------------------------------------------------------------------------------------------


def test_zorginkoper_van_zorgkantoor_buiten_de_ronde_krijgt_404(client, login, ronde, inkoper, twee_vragen):
    item = _samengevoegd(ronde, inkoper, twee_vragen)
    vreemde = GebruikerFactory(inkoper=True)
    login(client, vreemde)
    assert client.get(_url("nvi_beheer", ronde)).status_code == 404
    assert client.get(_url("nvi_antwoord", ronde, pk=item.pk)).status_code == 404
    assert client.post(_url("nvi_antwoord_verwijderen", ronde, pk=item.pk)).status_code == 404
    assert client.post(_url("nvi_publiceren", ronde), {"bevestigd": "on"}).status_code == 404
    assert NvIAntwoord.objects.filter(pk=item.pk).exists()
    assert nvi.vragen_voor_zorgkantoor(vreemde, ronde).count() == 0


def test_antwoord_van_andere_ronde_via_eigen_ronde_krijgt_404(client, login, ronde, inkoper, zorgkantoor,
                                                              twee_vragen):
    item = _samengevoegd(ronde, inkoper, twee_vragen)
    andere = InkooprondeFactory(zorgkantoren=[zorgkantoor])
    login(client, inkoper)
    assert client.get(_url("nvi_antwoord", andere, pk=item.pk)).status_code == 404


def test_aanbieder_mag_niet_beheren(client, login, ronde, aanbieder_a, twee_vragen):
    login(client, aanbieder_a)
    assert client.get(_url("nvi_beheer", ronde)).status_code in (403, 404)
    assert client.post(_url("nvi_publiceren", ronde), {"bevestigd": "on"}).status_code in (403, 404)
    assert nvi.vragen_voor_zorgkantoor(aanbieder_a, ronde).count() == 0


def test_zorginkoper_gebruikt_de_aanbiederpagina_niet(client, login, ronde, inkoper):
    login(client, inkoper)
    assert client.get(_url("nvi", ronde)).status_code == 403


def test_aanbieder_ziet_alleen_eigen_vragen(ronde, twee_vragen, aanbieder_a, buitenstaander):
    assert list(nvi.vragen_van_aanbieder(aanbieder_a, ronde)) == [twee_vragen[0]]
    assert not nvi.vragen_van_aanbieder(buitenstaander, ronde).exists()


def test_niet_ingelogd_naar_inloggen(client, ronde):
    antwoord = client.get(_url("nvi", ronde))
    assert antwoord.status_code == 302
    assert antwoord.url.startswith(reverse("login"))


def test_een_ander_zorgkantoor_in_de_ronde_ziet_de_vraag_maar_niet_wie_hem_stelde(client, login, ronde, inkoper,
                                                                                 aanbieder_a):
    """A national round: the question is the whole round's to answer, but only the zorgkantoor the organisation
    bids with learns who asked; a zorgkantoor outside the round sees nothing."""
    ander_zk = ZorgkantoorFactory(naam="Zorgkantoor Elders")
    ronde.zorgkantoren.add(ander_zk)
    _schrijft_in(aanbieder_a, ronde, inkoper.zorgkantoor)
    with bij(_voor(ronde)):
        vraag = nvi.vraag_stellen(ronde=ronde, door=aanbieder_a, tekst="Geldt de norm ook voor kleinschalig wonen?")
    elders = GebruikerFactory(inkoper=True, zorgkantoor=ander_zk)
    with bij(_na(ronde)):
        assert [v.vrager_zichtbaar for v in nvi.vragen_voor_zorgkantoor(inkoper, ronde)] == [True]
        assert [v.vrager_zichtbaar for v in nvi.vragen_voor_zorgkantoor(elders, ronde)] == [False]
        login(client, elders)
        html = client.get(_url("nvi_beheer", ronde)).content.decode()
        assert vraag.tekst in html
        assert aanbieder_a.zorgaanbieder.statutaire_naam not in html and aanbieder_a.last_name not in html
        assert aanbieder_a.username not in html
        login(client, GebruikerFactory(inkoper=True, zorgkantoor=ZorgkantoorFactory()))
        buiten = client.get(_url("nvi_beheer", ronde))
        assert buiten.status_code == 404
