"""Zelfanalyse and ontwikkelplan proposals (004 §2.2.3): the kader that applies, the voorcontrole rule of the one
evaluator, the sluitingstijd and access."""

from datetime import timedelta

import pytest
from django.urls import reverse

from inschrijving import kwaliteit_diensten as diensten
from inschrijving import services
from inschrijving.dossier import dossier_van, regels_van
from inschrijving.evaluator import VOLDOET, VOLDOET_NIET
from inschrijving.kwaliteit_selectie import toepassing_van
from inschrijving.models import OntwikkelplanVoorstel, Zelfanalyse
from inschrijving.services import DeadlineVerstreken
from kwaliteit.catalogus import laad_catalogus
from kwaliteit.models import Item, Kader, Thema
from tests.factories import GebruikerFactory
from tests.inschrijving.maak import nieuwe_inschrijving, volledige_inschrijving, vul_plan

pytestmark = pytest.mark.django_db

VOLLEDIG = {"invulling": "Beleid is ingevoerd op alle locaties", "sterktes_ontwikkelpunten": "Sterk: teams",
            "clientervaring": "De cliëntenraad is tevreden", "niveau": "locatie",
            "niveau_toelichting": "Locatie Noord loopt achter", "gegevens": "CQ-index 2024"}


@pytest.fixture(autouse=True)
def catalogus():
    if not Kader.objects.exists():  # a transactional test may have emptied the tables
        laad_catalogus(Kader, Thema, Item)


def _vereist(inschrijving, ja=True):
    regelset = inschrijving.regelset()
    regelset.zelfanalyse_vereist = ja
    regelset.save()


def _regel(inschrijving):
    return {b.regel: b for b in services.voorcontrole(inschrijving)}.get("kwaliteit.zelfanalyse")


def _thema(kader, code):
    return Thema.objects.get(kader__code=kader, code=code)


@pytest.mark.parametrize(("sector", "leidend", "themas"), [
    ("vv", "vv-kwaliteitsplan", ["vv-kwaliteitsplan/kwaliteitsplan"]),
    ("gz", "gz-niveaus", ["gz-niveaus/de-basis-versterken", "gz-niveaus/persoonsgerichte-zorg",
                          "gz-niveaus/samenhang-in-zorg"]),
    ("ggz", "ggz-wlz", ["ggz-wlz/client", "ggz-wlz/organisatie", "ggz-wlz/personeel",
                        "ggz-wlz/gebouwen-en-inrichting", "ggz-wlz/leren-en-verbeteren"]),
])
def test_een_sector_uit_het_ondernemingsplan_bepaalt_het_kader(sector, leidend, themas):
    inschrijving, _b = nieuwe_inschrijving("3")
    vul_plan(inschrijving, sector=sector)
    toepassing = toepassing_van(inschrijving)
    assert toepassing.sectoren == [sector] and toepassing.dominante_sector == sector
    assert toepassing.kaders[0].code == leidend == toepassing.leidend.code
    assert {k.sector for k in toepassing.kaders} <= {sector, "algemeen"}
    regels = regels_van(inschrijving)
    assert regels["zelfanalyse_themas"] == themas
    assert regels["dominante_sector"] == sector


def test_ggz_kent_ook_de_ondersteunende_kaders():
    inschrijving, _b = nieuwe_inschrijving("3")
    vul_plan(inschrijving, sector="ggz")
    assert [k.code for k in toepassing_van(inschrijving).kaders] == [
        "ggz-wlz", "ggz-kwaliteitsstandaarden", "keurmerk-basis-ggz"]


def test_meerdere_sectoren_dominante_leidt_en_de_aanbieder_voegt_kaders_toe():
    inschrijving, bestuurder = nieuwe_inschrijving("3")
    vul_plan(inschrijving, sector="vv")
    diensten.keuze_opslaan(inschrijving=inschrijving, door=bestuurder, sectoren=["vv", "ggz"],
                           dominante_sector="ggz")
    toepassing = toepassing_van(inschrijving)
    codes = [k.code for k in toepassing.kaders]
    assert codes[0] == "ggz-wlz" and toepassing.leidend.code == "ggz-wlz"
    assert codes.index("vv-kwaliteitsplan") > codes.index("keurmerk-basis-ggz")  # the other sector follows
    assert regels_van(inschrijving)["zelfanalyse_themas"][0] == "ggz-wlz/client"
    # The other way round, vv leads; and the aanbieder adds the GZ niveaus of its own accord.
    gz = Kader.objects.get(code="gz-niveaus")
    diensten.keuze_opslaan(inschrijving=inschrijving, door=bestuurder, sectoren=["vv", "ggz"],
                           dominante_sector="vv", extra_kaders=[gz])
    toepassing = toepassing_van(inschrijving)
    codes = [k.code for k in toepassing.kaders]
    assert codes[0] == "vv-kwaliteitsplan" and codes[-1] == "gz-niveaus" and "ggz-wlz" in codes
    assert regels_van(inschrijving)["zelfanalyse_themas"] == ["vv-kwaliteitsplan/kwaliteitsplan"]


def test_meerdere_sectoren_zonder_dominante_sector_vraagt_om_een_keuze():
    inschrijving, bestuurder = nieuwe_inschrijving("3")
    diensten.keuze_opslaan(inschrijving=inschrijving, door=bestuurder, sectoren=["vv", "gz"])
    _vereist(inschrijving)
    assert toepassing_van(inschrijving).leidend is None
    b = _regel(inschrijving)
    assert b.uitkomst == VOLDOET_NIET and "dominante sector" in b.toelichting
    with pytest.raises(Exception, match="dominante sector"):
        diensten.keuze_opslaan(inschrijving=inschrijving, door=bestuurder, sectoren=["vv"], dominante_sector="gz")


def test_type_zonder_plan_kiest_sectoren_op_de_pagina():
    inschrijving, bestuurder = nieuwe_inschrijving("1a")
    _vereist(inschrijving)
    assert _regel(inschrijving).uitkomst == VOLDOET_NIET
    diensten.keuze_opslaan(inschrijving=inschrijving, door=bestuurder, sectoren=["gz"])
    assert regels_van(inschrijving)["zelfanalyse_themas"][0] == "gz-niveaus/de-basis-versterken"


def test_regel_ontbreekt_als_de_ronde_geen_zelfanalyse_vraagt():
    inschrijving, _b = volledige_inschrijving("3")
    _vereist(inschrijving, False)
    assert _regel(inschrijving) is None
    assert [b.regel for b in services.voorcontrole(inschrijving) if b.uitkomst == VOLDOET_NIET] == []
    assert regels_van(inschrijving)["zelfanalyse_vereist"] is False


def test_regel_noemt_elk_onvolledig_thema_en_slaagt_als_alles_is_ingevuld():
    inschrijving, bestuurder = volledige_inschrijving("3")  # plan: ggz
    _vereist(inschrijving)
    b = _regel(inschrijving)
    assert (b.uitkomst, b.stap, b.bron, b.onderdeel) == (VOLDOET_NIET, "volledigheid", "004 §2.2.3", "zelfanalyse")
    for naam in ("Cliënt", "Organisatie", "Personeel", "Gebouwen en inrichting", "Leren en verbeteren"):
        assert naam in b.toelichting
    diensten.zelfanalyse_opslaan(inschrijving=inschrijving, door=bestuurder, thema=_thema("ggz-wlz", "client"),
                                 gegevens=VOLLEDIG)
    diensten.zelfanalyse_opslaan(inschrijving=inschrijving, door=bestuurder, thema=_thema("ggz-wlz", "personeel"),
                                 gegevens={**VOLLEDIG, "gegevens": "", "niveau": ""})
    b = _regel(inschrijving)
    assert b.uitkomst == VOLDOET_NIET
    assert "Cliënt (" not in b.toelichting
    assert "Personeel (niveau van de analyse, onderliggende gegevens)" in b.toelichting
    assert "Organisatie (" in b.toelichting
    for thema in Thema.objects.filter(kader__code="ggz-wlz"):
        diensten.zelfanalyse_opslaan(inschrijving=inschrijving, door=bestuurder, thema=thema, gegevens=VOLLEDIG)
    assert _regel(inschrijving).uitkomst == VOLDOET
    # The dossier (and so the snapshot at submission) carries the five elements and the proposals.
    diensten.voorstel_opslaan(inschrijving=inschrijving, door=bestuurder, thema=_thema("ggz-wlz", "client"),
                              doel="Cliënten hebben meer regie", aanpak="Herstelgericht werken per team")
    dossier = dossier_van(inschrijving)
    assert dossier["zelfanalyse"]["ggz-wlz/client"]["niveau"] == "locatie"
    assert dossier["ontwikkelplan"] == [{"thema": "ggz-wlz/client", "thema_naam": "Cliënt",
                                         "doel": "Cliënten hebben meer regie",
                                         "aanpak": "Herstelgericht werken per team"}]


def test_thema_buiten_het_kader_wordt_geweigerd():
    inschrijving, bestuurder = nieuwe_inschrijving("3")
    vul_plan(inschrijving, sector="ggz")
    with pytest.raises(Exception, match="hoort niet bij"):
        diensten.zelfanalyse_opslaan(inschrijving=inschrijving, door=bestuurder,
                                     thema=_thema("gz-niveaus", "samenhang-in-zorg"), gegevens=VOLLEDIG)


def test_na_de_sluitingstijd_wordt_opslaan_geweigerd():
    inschrijving, bestuurder = nieuwe_inschrijving("3")
    vul_plan(inschrijving, sector="ggz")
    voorstel = diensten.voorstel_opslaan(inschrijving=inschrijving, door=bestuurder, doel="Doel", aanpak="Aanpak")
    na = inschrijving.sluiting() + timedelta(seconds=1)
    thema = _thema("ggz-wlz", "client")
    with pytest.raises(DeadlineVerstreken):
        diensten.zelfanalyse_opslaan(inschrijving=inschrijving, door=bestuurder, thema=thema, gegevens=VOLLEDIG,
                                     moment=na)
    with pytest.raises(DeadlineVerstreken):
        diensten.keuze_opslaan(inschrijving=inschrijving, door=bestuurder, sectoren=["vv"], moment=na)
    with pytest.raises(DeadlineVerstreken):
        diensten.voorstel_opslaan(inschrijving=inschrijving, door=bestuurder, doel="x", aanpak="y", moment=na)
    with pytest.raises(DeadlineVerstreken):
        diensten.voorstel_verwijderen(voorstel=voorstel, door=bestuurder, moment=na)
    assert not Zelfanalyse.objects.filter(inschrijving=inschrijving).exists()
    assert OntwikkelplanVoorstel.objects.get(pk=voorstel.pk).doel == "Doel"


def test_pagina_na_sluiting_alleen_lezen(client, login, time_machine):
    inschrijving, bestuurder = nieuwe_inschrijving("3")
    vul_plan(inschrijving, sector="ggz")
    thema = _thema("ggz-wlz", "client")
    time_machine.move_to(inschrijving.sluiting() + timedelta(minutes=1), tick=False)
    login(client, bestuurder)
    antwoord = client.get(reverse("inschrijving:zelfanalyse", args=[inschrijving.pk]))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "disabled" in html and "Voorstel toevoegen" not in html and "Kader opslaan" not in html
    antwoord = client.post(reverse("inschrijving:zelfanalyse_thema", args=[inschrijving.pk, thema.pk]),
                           {f"t{thema.pk}-invulling": "Te laat"})
    assert "De inschrijving is gesloten" in antwoord.content.decode()
    assert not Zelfanalyse.objects.exists()


def test_andere_organisatie_krijgt_404(client, login):
    inschrijving, _b = nieuwe_inschrijving("3")
    vul_plan(inschrijving, sector="ggz")
    thema = _thema("ggz-wlz", "client")
    login(client, GebruikerFactory(tekenbevoegd=True))
    assert client.get(reverse("inschrijving:zelfanalyse", args=[inschrijving.pk])).status_code == 404
    antwoord = client.post(reverse("inschrijving:zelfanalyse_thema", args=[inschrijving.pk, thema.pk]),
                           {f"t{thema.pk}-invulling": "Overgenomen"})
    assert antwoord.status_code == 404
    assert not Zelfanalyse.objects.exists()


def test_pagina_toont_kader_en_thema_en_slaat_op(client, login):
    inschrijving, bestuurder = nieuwe_inschrijving("3")
    vul_plan(inschrijving, sector="ggz")
    _vereist(inschrijving)
    login(client, bestuurder)
    url = reverse("inschrijving:zelfanalyse", args=[inschrijving.pk])
    html = client.get(url).content.decode()
    client_thema = _thema("ggz-wlz", "client")
    assert "Voorlopige kwaliteitsuitgangspunten" in html or Kader.objects.get(code="ggz-wlz").naam in html
    assert client_thema.naam in html and client_thema.bron in html and "vereist" in html
    overzicht = client.get(reverse("inschrijving:overzicht", args=[inschrijving.pk])).content.decode()
    assert "Zelfanalyse kwaliteit" in overzicht and url in overzicht
    # The elements of one theme.
    antwoord = client.post(reverse("inschrijving:zelfanalyse_thema", args=[inschrijving.pk, client_thema.pk]),
                           {f"t{client_thema.pk}-{veld}": waarde for veld, waarde in VOLLEDIG.items()})
    assert antwoord.status_code == 302 and antwoord.url.startswith(url)
    assert Zelfanalyse.objects.get(inschrijving=inschrijving, thema=client_thema).gegevens == "CQ-index 2024"
    # A proposal: add, change, remove.
    antwoord = client.post(reverse("inschrijving:ontwikkelplan_voorstel", args=[inschrijving.pk]),
                           {"nieuw-thema": client_thema.pk, "nieuw-doel": "Meer regie", "nieuw-aanpak": "Plan"})
    assert antwoord.status_code == 302
    voorstel = OntwikkelplanVoorstel.objects.get(inschrijving=inschrijving)
    assert voorstel.thema == client_thema
    client.post(reverse("inschrijving:ontwikkelplan_voorstel_wijzigen", args=[inschrijving.pk, voorstel.pk]),
                {f"v{voorstel.pk}-doel": "Nog meer regie", f"v{voorstel.pk}-aanpak": "Plan"})
    voorstel.refresh_from_db()
    assert voorstel.doel == "Nog meer regie" and voorstel.thema is None
    antwoord = client.post(reverse("inschrijving:ontwikkelplan_voorstel", args=[inschrijving.pk]),
                           {"nieuw-doel": "", "nieuw-aanpak": ""})
    assert antwoord.status_code == 400
    client.post(reverse("inschrijving:ontwikkelplan_voorstel_verwijderen", args=[inschrijving.pk, voorstel.pk]))
    assert not OntwikkelplanVoorstel.objects.exists()
    # The voorcontrole links to the page.
    assert url in client.get(reverse("inschrijving:voorcontrole", args=[inschrijving.pk])).content.decode()
