"""Inregeling after contracting (002 §4.9): accepting an offer onder voorwaarden creates the items with their due
dates; reminders 30 and 7 days before, once each; the overdue list; evidence uploaded by any user of the
organisation and judged by a zorginkoper; other organisations and zorgkantoren get a 404.

The 2022 timeline of test_besluit: contract year 2022, overeenkomst from 1 January 2022."""

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beoordeling import inregeling, services
from beoordeling.models import AuditRegel, InregelItem, InregelStatus
from beoordeling.selectors import verlopen_inregelitems
from inschrijving.models import Bericht
from tests.beoordeling.test_besluit import NA, Z_ITEMS, ZES_ITEMS, Geval, _reis
from tests.factories import GebruikerFactory, ZorgkantoorFactory
from tests.pdfs import maak_pdf

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def _geaccepteerd(capture, **kwargs) -> Geval:
    g = Geval("3", **kwargs)
    besluit = g.besloten(capture)
    with _reis(NA):
        services.reageren(besluit=besluit, door=g.bestuurder, accepteren=True)
    besluit.refresh_from_db()
    g.besluit = besluit
    return g


def _op(dag: date):
    return _reis(datetime(dag.year, dag.month, dag.day, 9, 0, tzinfo=AMS))


def _herinneringen() -> list[Bericht]:
    return list(Bericht.objects.filter(onderwerp__startswith="Herinnering"))


@pytest.fixture
def geval(django_capture_on_commit_callbacks):
    return _geaccepteerd(django_capture_on_commit_callbacks)


def test_accepteren_onder_voorwaarden_maakt_de_items_met_hun_vervaldatum(geval):
    overeenkomst = geval.besluit.overeenkomst
    assert overeenkomst.onder_voorwaarden and overeenkomst.ingangsdatum == date(2022, 1, 1)
    items = {i.code: i for i in InregelItem.objects.filter(overeenkomst=overeenkomst)}
    assert set(items) == Z_ITEMS | ZES_ITEMS | {"kwaliteitsverslag"}
    for code in Z_ITEMS:  # before care is first delivered: the start of the overeenkomst
        assert (items[code].moment, items[code].vervaldatum) == ("Z", date(2022, 1, 1))
    for code in ZES_ITEMS:  # six months after the start
        assert (items[code].moment, items[code].vervaldatum) == ("6", date(2022, 7, 1))
    # The report over the first year (2022): 1 July of the year after the start.
    verslag = items["kwaliteitsverslag"]
    assert (verslag.moment, verslag.vervaldatum) == ("kwaliteitsverslag", date(2023, 7, 1))
    assert all(i.status == InregelStatus.OPEN and i.besluit == geval.besluit for i in items.values())
    assert items["clientenraad"].titel == "Cliëntenraad (Wmcz)"
    assert AuditRegel.objects.filter(inschrijving=geval.inschrijving, actie="inregelitems_aangemaakt").exists()
    # Idempotent: a second run adds nothing.
    assert inregeling.items_aanmaken(geval.besluit) == []
    assert InregelItem.objects.filter(overeenkomst=overeenkomst).count() == len(items)


def test_wat_bij_de_inschrijving_al_in_orde_was_wordt_niet_gevolgd(django_capture_on_commit_callbacks):
    g = _geaccepteerd(django_capture_on_commit_callbacks, alles=True)
    assert not g.besluit.onder_voorwaarden
    # Only the kwaliteitsverslag after the first year remains.
    assert list(InregelItem.objects.filter(overeenkomst=g.besluit.overeenkomst).values_list("code", flat=True)) == [
        "kwaliteitsverslag"]


def test_weigeren_maakt_geen_items(django_capture_on_commit_callbacks):
    g = Geval("3")
    besluit = g.besloten(django_capture_on_commit_callbacks)
    with _reis(NA):
        services.reageren(besluit=besluit, door=g.bestuurder, accepteren=False)
    assert not InregelItem.objects.exists()


def test_herinneringen_30_en_7_dagen_voor_de_vervaldatum_elk_eenmaal(geval):
    clientenraad = InregelItem.objects.get(code="clientenraad")  # due 1 July 2022
    gebruikers = {geval.bestuurder.email}
    with _op(date(2022, 5, 31)):  # 31 days before
        assert inregeling.herinneringen_versturen() == 0
    assert _herinneringen() == []
    with _op(date(2022, 6, 1)):  # 30 days before
        assert inregeling.herinneringen_versturen() == 1
    berichten = _herinneringen()
    assert {b.aan for b in berichten} == gebruikers
    assert "Cliëntenraad (Wmcz)" in berichten[0].onderwerp and "1 juli 2022" in berichten[0].onderwerp
    assert "nog 30 dagen" in berichten[0].tekst
    clientenraad.refresh_from_db()
    assert clientenraad.herinnerd_30_op is not None and clientenraad.herinnerd_7_op is None
    with _op(date(2022, 6, 1)):  # the same day again (beat runs hourly)
        assert inregeling.herinneringen_versturen() == 0
    with _op(date(2022, 6, 2)):  # the next day: not again
        assert inregeling.herinneringen_versturen() == 0
    with _op(date(2022, 6, 23)):  # 8 days before
        assert inregeling.herinneringen_versturen() == 0
    with _op(date(2022, 6, 24)):  # 7 days before
        assert inregeling.herinneringen_versturen() == 1
    with _op(date(2022, 6, 25)):
        assert inregeling.herinneringen_versturen() == 0
    clientenraad.refresh_from_db()
    assert clientenraad.herinnerd_7_op is not None
    assert len(_herinneringen()) == 2
    assert sorted("nog 7 dagen" in b.tekst for b in _herinneringen()) == [False, True]


def test_herinnering_gaat_naar_elke_actieve_gebruiker_en_niet_voor_geaccepteerde_items(geval):
    medewerker = GebruikerFactory(zorgaanbieder=geval.bestuurder.zorgaanbieder)
    GebruikerFactory(zorgaanbieder=geval.bestuurder.zorgaanbieder, is_active=False)
    InregelItem.objects.filter(code="clientenraad").update(status=InregelStatus.GEACCEPTEERD)
    with _op(date(2022, 6, 1)):
        assert inregeling.herinneringen_versturen() == 0
    # A rejected item is still to be done: it is reminded.
    InregelItem.objects.filter(code="clientenraad").update(status=InregelStatus.AFGEWEZEN, toelichting="Onvolledig.")
    with _op(date(2022, 6, 1)):
        assert inregeling.herinneringen_versturen() == 1
    assert {b.aan for b in _herinneringen()} == {geval.bestuurder.email, medewerker.email}
    assert all("Onvolledig." in b.tekst for b in _herinneringen())


def test_de_beat_taak_verstuurt_de_herinneringen(geval, settings):
    from beoordeling.tasks import inregel_herinneringen

    assert settings.CELERY_BEAT_SCHEDULE["inregel-herinneringen"]["task"] == "beoordeling.tasks.inregel_herinneringen"
    with _op(date(2022, 6, 1)):
        assert inregel_herinneringen.apply().get() == 1
        assert inregel_herinneringen.apply().get() == 0


def test_verlopen_lijst_voor_het_zorgkantoor(geval, client, login):
    with _op(date(2021, 12, 31)):
        assert not verlopen_inregelitems(geval.inkoper).exists()
    with _op(date(2022, 1, 2)):
        assert set(verlopen_inregelitems(geval.inkoper).values_list("code", flat=True)) == Z_ITEMS
        InregelItem.objects.filter(code="ao_ic").update(status=InregelStatus.GEACCEPTEERD)
        InregelItem.objects.filter(code="privacybeleid").update(status=InregelStatus.INGEDIEND)
        verlopen = set(verlopen_inregelitems(geval.inkoper).values_list("code", flat=True))
        assert verlopen == Z_ITEMS - {"ao_ic"}  # submitted but not accepted still counts as overdue
        anders = GebruikerFactory(inkoper=True)
        assert not verlopen_inregelitems(anders).exists()
        assert not verlopen_inregelitems(geval.bestuurder).exists()
        login(client, geval.inkoper)
        pagina = client.get(reverse("beoordeling:inregeling_beheer") + "?filter=verlopen")
        assert pagina.status_code == 200
        html = pagina.content.decode()
        assert "Cliëntenraad" not in html and "5 items zijn verlopen" in html
        assert html.count('data-testid="item-') == 5
        alle = client.get(reverse("beoordeling:inregeling_beheer")).content.decode()
        assert alle.count('data-testid="item-') == 8 and "Cliëntenraad" in alle


def test_medewerker_dient_bewijs_in_en_zorginkoper_accepteert(geval, client, login):
    item = InregelItem.objects.get(code="clientenraad")
    medewerker = GebruikerFactory(zorgaanbieder=geval.bestuurder.zorgaanbieder)
    login(client, medewerker)
    overzicht = client.get(reverse("beoordeling:aanbieder_overzicht")).content.decode()
    assert reverse("beoordeling:inregeling_aanbieder") in overzicht
    pagina = client.get(reverse("beoordeling:inregeling_aanbieder")).content.decode()
    assert "Cliëntenraad (Wmcz)" in pagina and "1 juli 2022" in pagina and "1 juli 2023" in pagina
    assert reverse("beoordeling:inregeling_bewijs_indienen", args=[item.pk]) in pagina

    url = reverse("beoordeling:inregeling_bewijs_indienen", args=[item.pk])
    fout = client.post(url, {"bestand": SimpleUploadedFile("x.pdf", b"geen pdf", content_type="application/pdf")})
    assert fout.status_code == 400 and "geen PDF" in fout.content.decode()
    pdf = maak_pdf("Reglement cliëntenraad")
    antwoord = client.post(url, {"bestand": SimpleUploadedFile("Cliëntenraad.pdf", pdf,
                                                                content_type="application/pdf")})
    assert antwoord.status_code == 302
    item.refresh_from_db()
    assert item.status == InregelStatus.INGEDIEND and item.ingediend_door == medewerker
    assert item.bewijs_sha256 == hashlib.sha256(pdf).hexdigest() and item.bewijs_naam == "Cliëntenraad.pdf"
    with item.bewijs.open("rb") as fh:
        assert fh.read() == pdf
    assert AuditRegel.objects.filter(actie="inregelbewijs_ingediend", door=medewerker).exists()
    # Submitted: no second upload until judged.
    assert client.post(url, {"bestand": SimpleUploadedFile("b.pdf", pdf, content_type="application/pdf")}
                       ).status_code == 400

    login(client, geval.inkoper)
    beheer = client.get(reverse("beoordeling:inregeling_beheer") + "?filter=ingediend").content.decode()
    assert "Cliëntenraad (Wmcz)" in beheer and reverse("beoordeling:inregeling_beoordelen", args=[item.pk]) in beheer
    download = client.get(reverse("beoordeling:inregeling_bewijs", args=[item.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf
    beoordelen = reverse("beoordeling:inregeling_beoordelen", args=[item.pk])
    zonder_reden = client.post(beoordelen, {"oordeel": "afwijzen", "toelichting": ""})
    assert zonder_reden.status_code == 400 and "Leg uit waarom" in zonder_reden.content.decode()
    assert client.post(beoordelen, {"oordeel": "accepteren", "toelichting": "In orde."}).status_code == 302
    item.refresh_from_db()
    assert item.status == InregelStatus.GEACCEPTEERD and item.beoordeeld_door == geval.inkoper
    assert AuditRegel.objects.filter(actie="inregelbewijs_geaccepteerd", door=geval.inkoper).exists()
    mail = Bericht.objects.filter(onderwerp__contains="geaccepteerd", onderwerp__startswith="Inregeling")
    assert {b.aan for b in mail} == {geval.bestuurder.email, medewerker.email}
    # Accepted: no reminder any more.
    with _op(date(2022, 6, 1)):
        assert inregeling.herinneringen_versturen() == 0


def test_afgewezen_bewijs_kan_opnieuw_worden_ingediend(geval):
    item = InregelItem.objects.get(code="klachtenregeling")
    pdf = maak_pdf("Klachtenregeling")
    inregeling.bewijs_indienen(item=item, bestand=SimpleUploadedFile("k.pdf", pdf), door=geval.bestuurder)
    inregeling.beoordelen(item=item, geaccepteerd=False, toelichting="Geschilleninstantie ontbreekt.",
                          door=geval.inkoper)
    item.refresh_from_db()
    assert item.status == InregelStatus.AFGEWEZEN and item.toelichting == "Geschilleninstantie ontbreekt."
    assert Bericht.objects.filter(onderwerp__contains="afgewezen", tekst__contains="Geschilleninstantie").exists()
    inregeling.bewijs_indienen(item=item, bestand=SimpleUploadedFile("k2.pdf", maak_pdf("Nieuw")),
                               door=geval.bestuurder)
    item.refresh_from_db()
    assert item.status == InregelStatus.INGEDIEND and item.toelichting == ""


def test_andere_organisatie_en_ander_zorgkantoor_krijgen_404(geval, client, login):
    item = InregelItem.objects.get(code="clientenraad")
    pdf = maak_pdf("Cliëntenraad")
    vreemde = GebruikerFactory(tekenbevoegd=True)  # another zorgaanbieder
    login(client, vreemde)
    assert "Cliëntenraad" not in client.get(reverse("beoordeling:inregeling_aanbieder")).content.decode()
    assert client.post(reverse("beoordeling:inregeling_bewijs_indienen", args=[item.pk]),
                       {"bestand": SimpleUploadedFile("c.pdf", pdf, content_type="application/pdf")}
                       ).status_code == 404
    inregeling.bewijs_indienen(item=item, bestand=SimpleUploadedFile("c.pdf", pdf), door=geval.bestuurder)
    assert client.get(reverse("beoordeling:inregeling_bewijs", args=[item.pk])).status_code == 404
    # An aanbieder cannot judge, nor see the zorgkantoor's overview.
    assert client.get(reverse("beoordeling:inregeling_beheer")).status_code == 403

    ander_zk = GebruikerFactory(inkoper=True, zorgkantoor=ZorgkantoorFactory())
    login(client, ander_zk)
    assert "Cliëntenraad" not in client.get(reverse("beoordeling:inregeling_beheer")).content.decode()
    assert client.post(reverse("beoordeling:inregeling_beoordelen", args=[item.pk]),
                       {"oordeel": "accepteren"}).status_code == 404
    assert client.get(reverse("beoordeling:inregeling_bewijs", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.status == InregelStatus.INGEDIEND
    with pytest.raises(services.PermissionDenied):
        inregeling.beoordelen(item=item, geaccepteerd=True, toelichting="", door=ander_zk)
    with pytest.raises(services.PermissionDenied):
        inregeling.bewijs_indienen(item=InregelItem.objects.get(code="ao_ic"), bestand=SimpleUploadedFile("a.pdf", pdf),
                                   door=vreemde)


def test_menu_toont_inregeling_voor_zorginkopers(geval, client, login):
    login(client, geval.inkoper)
    html = client.get(reverse("beoordeling:werkvoorraad")).content.decode()
    assert reverse("beoordeling:inregeling_beheer") in html


def test_bewijs_uploaden_valt_onder_de_uploadlimiet(geval, client, login, settings):
    """The same per-user upload limit as the inschrijving's documents (issue 9, item 6): over it, 429 and the
    message beside the file field; nothing is stored."""
    settings.WLZ_LIMIET_UPLOAD = "1/d"
    item = InregelItem.objects.get(code="clientenraad")
    login(client, GebruikerFactory(zorgaanbieder=geval.bestuurder.zorgaanbieder))
    url = reverse("beoordeling:inregeling_bewijs_indienen", args=[item.pk])
    eerste = client.post(url, {"bestand": SimpleUploadedFile("x.pdf", b"geen pdf", content_type="application/pdf")})
    assert eerste.status_code == 400
    pdf = maak_pdf("Reglement cliëntenraad")
    tweede = client.post(url, {"bestand": SimpleUploadedFile("r.pdf", pdf, content_type="application/pdf")})
    assert tweede.status_code == 429 and "veel documenten geüpload" in tweede.content.decode()
    item.refresh_from_db()
    assert item.status != InregelStatus.INGEDIEND and not item.bewijs
