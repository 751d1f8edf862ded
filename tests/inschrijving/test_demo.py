"""The demo command: idempotent, every role, every aanbieder type's contract history."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from inschrijving.demo import TIJDLIJN_2022, maak_demo, verschoven_tijdlijn
from inschrijving.models import Gebruiker, Inkoopronde, Overeenkomst, Rol, Zorgaanbieder, Zorgkantoor

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_en_drukt_logins_af(capsys):
    call_command("demo")
    eerste = capsys.readouterr().out
    tellingen = [m.objects.count() for m in (Inkoopronde, Zorgkantoor, Zorgaanbieder, Gebruiker, Overeenkomst)]
    call_command("demo")
    assert [m.objects.count() for m in (Inkoopronde, Zorgkantoor, Zorgaanbieder, Gebruiker, Overeenkomst)] \
        == tellingen
    assert tellingen[:3] == [2, 3, 7]  # the 2022 round and a 2016-rules round; four types plus three new (type 3)
    for gebruikersnaam in ("linde.bestuurder", "nieuwbegin.medewerker", "horizon.bestuurder", "wilg.bestuurder",
                           "amstelland.inkoper1", "beheerder"):
        assert gebruikersnaam in eerste
    assert "(type 3, signaal: 40% onderaanneming) – Thuiszorg De Horizon B.V." in eerste
    assert "(type 3, onvolledig: statuten ontbreken) – Stichting Zorghuis De Wilg" in eerste
    assert "(type 3, documenten: KvK-uittreksel van een andere rechtspersoon, polis te laag) – Stichting Zorgcentrum " \
           "De Eik" in eerste and "zie de voorcontrole (eik.bestuurder)" in eerste
    assert {g.rol for g in Gebruiker.objects.all()} == set(Rol.values)
    # Everyone logs in with a second factor (issue 12: aanbieders too): each key is printed, the device's own.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from inschrijving.demo import _base32

    for gebruikersnaam in ("linde.bestuurder", "nieuwbegin.medewerker", "amstelland.inkoper1", "beheerder"):
        apparaat = TOTPDevice.objects.get(user__username=gebruikersnaam, name="demo")
        assert f"TOTP-sleutel {_base32(apparaat.key)}" in eerste, gebruikersnaam


def test_de_eik_ziet_na_make_run_in_de_voorcontrole_wat_de_documenten_zeggen(client):
    """Issue 11, done when: the demo's aanbieder whose KvK uittreksel names another legal entity and whose polis is
    too low, both flagged in the voorcontrole from the documents' content (the declaration itself is valid)."""
    call_command("demo")
    client.force_login(Gebruiker.objects.get(username="eik.bestuurder"))
    inschrijving = Gebruiker.objects.get(username="eik.bestuurder").zorgaanbieder.inschrijvingen.get()
    pagina = client.get(f"/aanbieder/inschrijving/{inschrijving.pk}/voorcontrole/").content.decode()
    assert 'data-regel="inhoud.kvk_uittreksel.rechtspersoon" data-uitkomst="signaal"' in pagina
    assert "Stichting Eikenhof Zorg Holding" in pagina
    assert 'data-regel="inhoud.polisblad.bedrag" data-uitkomst="signaal"' in pagina and "EUR 1.250.000,00" in pagina
    assert 'data-regel="document.polisblad.bedrag" data-uitkomst="voldoet"' in pagina  # what it typed is fine
    assert 'data-testid="voorcontrole-status"' in pagina and "Alles in orde" in pagina  # signals do not block


def test_tijdlijn_verschoven_met_sluiting_in_de_toekomst():
    nu = datetime(2026, 11, 23, 10, 0, tzinfo=AMS)
    tijdlijn = verschoven_tijdlijn(nu)
    sluiting = tijdlijn["sluiting_inschrijving"].astimezone(AMS)
    assert sluiting > nu
    assert (sluiting.hour, sluiting.minute) == (17, 0)
    assert sluiting.weekday() == TIJDLIJN_2022["sluiting_inschrijving"].weekday()
    # The shape of the 2022 round is kept: same order and the same whole-day gaps.
    assert list(tijdlijn) == list(TIJDLIJN_2022)
    assert (tijdlijn["sluiting_inschrijving"].date() - tijdlijn["vragen_tot"].date()) == (
        TIJDLIJN_2022["sluiting_inschrijving"].date() - TIJDLIJN_2022["vragen_tot"].date())


def test_demo_ronde_valideert():
    ronde, _logins = maak_demo()
    ronde.full_clean()
    assert ronde.contractjaar == ronde.sluiting_inschrijving.astimezone(AMS).year + 1


def test_demo_heeft_een_ronde_onder_de_regels_van_2016():
    maak_demo()
    ronde = Inkoopronde.objects.get(naam__startswith="Inkoop langdurige zorg volgens kader 2016")
    assert ronde.regelset.kader == "2016" and ronde.regelset.max_opslag == 3
    assert [zk.naam for zk in ronde.zorgkantoren.all()] == ["Zorgkantoor Oost"]


def test_demo_heeft_twee_nieuwe_aanbieders_voor_het_signaal_en_het_onvolledige_dossier():
    """Thuiszorg De Horizon and Zorghuis De Wilg are new (type 3, 002 §4.3: no overeenkomst with any zorgkantoor),
    each with a tekenbevoegde and a medewerker, like the other demo aanbieders."""
    maak_demo()
    for naam, prefix in (("Thuiszorg De Horizon B.V.", "horizon"), ("Stichting Zorghuis De Wilg", "wilg")):
        aanbieder = Zorgaanbieder.objects.get(statutaire_naam=naam)
        assert not Overeenkomst.objects.filter(zorgaanbieder=aanbieder).exists()
        assert dict(aanbieder.gebruikers.values_list("username", "rol")) == {
            f"{prefix}.bestuurder": Rol.TEKENBEVOEGDE, f"{prefix}.medewerker": Rol.MEDEWERKER}
