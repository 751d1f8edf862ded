"""Submitting: signing by a tekenbevoegde, the sluitingstijd to the second on every path, immutable
hashed snapshots, withdrawal and resubmission, and the receipt."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from inschrijving import kwaliteit_diensten, services
from inschrijving.dossier import hash_van
from inschrijving.models import Bericht, Document, Indiening, OntwikkelplanVoorstel, Status
from tests.factories import WACHTWOORD, GebruikerFactory, ZorgkantoorFactory
from tests.inschrijving.maak import pdf_upload, ronde_met_regels, volledige_inschrijving
from tests.inschrijving.test_toegang import GEVALLEN, aangemeld, bij, bouw_wereld

AMS = ZoneInfo("Europe/Amsterdam")
SLUITING = datetime(2031, 7, 25, 17, 0, 0, tzinfo=AMS)
pytestmark = pytest.mark.django_db


@pytest.fixture
def klaar():
    with time_machine.travel(SLUITING - timedelta(days=10), tick=False):
        zk = ZorgkantoorFactory()
        ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=SLUITING)
        return volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)


def _indienen(inschrijving, door, wachtwoord=WACHTWOORD, **kwargs):
    return services.indienen(inschrijving=inschrijving, door=door, wachtwoord=wachtwoord, **kwargs)


def test_indienen_om_16_59_59_lukt(klaar, django_capture_on_commit_callbacks, celery_meteen):
    inschrijving, bestuurder = klaar
    with time_machine.travel(datetime(2031, 7, 25, 16, 59, 59, 999000, tzinfo=AMS), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        indiening = _indienen(inschrijving, bestuurder)
    assert indiening.ingediend_op == datetime(2031, 7, 25, 16, 59, 59, 999000, tzinfo=AMS)
    assert Inschrijving_status(inschrijving) == Status.INGEDIEND
    indiening.refresh_from_db()
    assert indiening.sha256 == hash_van(indiening.snapshot)
    assert indiening.snapshot["indiening"]["ontvangen_op"].startswith("2031-07-25T16:59:59.999")
    assert indiening.ontvangstbewijs_sha256  # the receipt was rendered by its task, queued after commit
    # Every user of the organisation gets the receipt by e-mail.
    assert Bericht.objects.filter(aan=bestuurder.email, bijlage_naam="ontvangstbevestiging-1.pdf").exists()


def Inschrijving_status(inschrijving):
    return type(inschrijving).objects.get(pk=inschrijving.pk).status


def test_indienen_om_17_00_00_geweigerd(klaar):
    inschrijving, bestuurder = klaar
    with time_machine.travel(SLUITING, tick=False), pytest.raises(ValidationError) as fout:
        _indienen(inschrijving, bestuurder)
    assert "gesloten sinds 25 juli 2031, 17:00:00" in fout.value.messages[0]
    assert not Indiening.objects.exists()


def test_pagina_voor_sluiting_geopend_en_na_sluiting_verstuurd(client, klaar):
    inschrijving, bestuurder = klaar
    url = reverse("inschrijving:indienen", args=[inschrijving.pk])
    with time_machine.travel(SLUITING - timedelta(minutes=5), tick=False):
        client.force_login(bestuurder)
        assert "Ondertekenen en indienen" in client.get(url).content.decode()
    with time_machine.travel(SLUITING + timedelta(seconds=1), tick=False):
        antwoord = client.post(url, {"wachtwoord": WACHTWOORD, "verklaring_juist": "on"}, follow=True)
    assert "De inschrijving is gesloten sinds 25 juli 2031, 17:00:00" in antwoord.content.decode()
    assert not Indiening.objects.exists()


def test_na_sluiting_weigeren_de_diensten(klaar):
    """The services themselves refuse at 17:00:00, whatever view calls them."""
    inschrijving, bestuurder = klaar
    statuten = inschrijving.eis().documenten.get(code="statuten")
    document = Document.objects.filter(inschrijving=inschrijving, vervangen_op__isnull=True).first()
    with time_machine.travel(SLUITING, tick=False):
        for actie in (
            lambda: services.document_toevoegen(inschrijving=inschrijving, documenttype=statuten,
                                                upload=pdf_upload(), gegevens={}, door=bestuurder),
            lambda: services.document_gegevens_wijzigen(document=document, gegevens={"rechtspersoon": "x"},
                                                        door=bestuurder),
            lambda: services.intrekken(inschrijving=inschrijving, door=bestuurder),
            lambda: kwaliteit_diensten.voorstel_opslaan(inschrijving=inschrijving, door=bestuurder, doel="d",
                                                        aanpak="a"),
            lambda: kwaliteit_diensten.keuze_opslaan(inschrijving=inschrijving, door=bestuurder, sectoren=["ggz"]),
        ):
            with pytest.raises(ValidationError, match="gesloten sinds 25 juli 2031, 17:00:00"):
                actie()
    assert Document.objects.filter(inschrijving=inschrijving, documenttype=statuten).count() == 1
    assert not OntwikkelplanVoorstel.objects.filter(inschrijving=inschrijving).exists()


# ---------------------------------------------------------------------------------------------------------------
# Every write path of the URL conf. The candidates are all URL patterns of the project; each one an aanbieder
# can reach is either exercised below (a POST after its deadline is refused and changes nothing) or exempted
# with a reason. Zorgkantoor-only patterns are recognised by asking: an aanbieder's POST is 403.

# name -> (args, POST data): the same data test_toegang.test_eigen_aanbieder_ziet_en_wijzigt_eigen_record and
# test_voor_de_deadline_wijzigt_elk_pad_wel below prove to change the database before the deadline.
SCHRIJFPADEN = {
    **{f"inschrijving:{g.naam}": (g.args, g.post) for g in GEVALLEN if g.post and ":" not in g.naam},
    "inschrijving:starten": (lambda w: [w.ronde.pk, w.y.pk], lambda w: {}),
    "inschrijving:nvi": (lambda w: [w.ronde.pk], lambda w: {"paragraaf": "4.3", "tekst": "Geldt dit ook voor VPT?"}),
}
VERWACHTE_SCHRIJFPADEN = {  # so a case lost from GEVALLEN cannot silently shrink the list
    "starten", "verklaring", "ondernemingsplan", "document", "document_gegevens", "zelfanalyse", "zelfanalyse_thema",
    "ontwikkelplan_voorstel", "ontwikkelplan_voorstel_wijzigen", "ontwikkelplan_voorstel_verwijderen", "indienen",
    "intrekken", "nvi"}


def deadlines(naam, w) -> list:
    """The moments from which a path must refuse: the sluitingstijd, and for the NvI its own vragentermijn."""
    return [w.ronde.vragen_tot, SLUITING] if naam == "inschrijving:nvi" else [SLUITING]


UITGEZONDERD = {
    # Writes that belong after the sluitingstijd.
    "beoordeling:verduidelijking_antwoord": "antwoord op een verzoek om verduidelijking, dat pas na de sluiting komt",
    "beoordeling:aanbod_reageren": "het aanbod accepteren of weigeren volgt op het besluit, na de sluiting",
    "beoordeling:ontwikkelplan_aanbieder": "het definitieve ontwikkelplan (regels 2016) volgt op de beoordeling",
    "beoordeling:inregeling_bewijs_indienen": "bewijs in de inregeltijd hoort bij een overeenkomst onder voorwaarden",
    "inschrijving:ontvangstbevestiging": "download; schrijft alleen een ontbrekende ontvangstbevestiging, eenmalig",
    # Pages that only read.
    "gezondheid": "gezondheid van de web-app (issue 13): leest alleen, alleen GET",
    "gezondheid_worker": "gezondheid van de workers: leest alleen, alleen GET",
    "gezondheid_beat": "gezondheid van beat: leest alleen, alleen GET",
    "controleer": "controleer een ontvangstbevestiging (issue 13): iedereen, schrijft niets, bewaart het bestand niet",
    "controleer_certificaat": "het certificaat van het portaal: leest alleen, alleen GET",
    "inschrijving:dashboard": "leest alleen (een inschrijving starten is inschrijving:starten)",
    "inschrijving:overzicht": "leest alleen; het aanbiedertype volgt de historie alleen voor de sluiting",
    "inschrijving:voorcontrole": "leest alleen",
    "inschrijving:ingediend": "leest alleen",
    "inschrijving:document_downloaden": "download, leest alleen",
    "beoordeling:gesprek_aanbieder": "leest alleen",
    "beoordeling:verduidelijking_lijst": "leest alleen",
    "beoordeling:verduidelijking_document": "download, leest alleen",
    "beoordeling:aanbod": "leest alleen (reageren is beoordeling:aanbod_reageren)",
    "beoordeling:aanbod_brief": "download; schrijft alleen een ontbrekende brief, eenmalig",
    "beoordeling:aanbieder_overzicht": "leest alleen",
    "beoordeling:inregeling_aanbieder": "leest alleen (bewijs indienen is beoordeling:inregeling_bewijs_indienen)",
    "beoordeling:inregeling_bewijs": "download, leest alleen",
    # The account and the language: no inschrijving.
    **dict.fromkeys(["start", "login", "logout", "tweefactor_instellen", "tweefactor_verifieren", "password_reset",
                     "tweefactor_herstelcode", "tweefactor_herstelcodes", "tweefactor_app_vervangen",
                     "password_reset_done", "password_reset_confirm", "password_reset_complete", "set_language"],
                    "account, taal of doorverwijzing: raakt geen inschrijving"),
}
NAMESPACES_UITGEZONDERD = {"admin": "Django admin: alleen beheerders; Inschrijving en Indiening zijn er alleen-lezen",
                           "toegang": "aanmelden, accounts en het team van de organisatie (issue 12): geen "
                                      "inschrijving, dus geen sluitingstijd",
                           "api": "de REST-API (issue 13): alleen lezen, alleen met de sleutel van een zorgkantoor",
                           "regels": "regelsets als gegevens (issue 13): JSON en vergelijken, alleen lezen, alleen GET"}


def url_patronen(resolver=None, namespace=""):
    """(full name, pattern) for every named URL pattern of the project, includes followed."""
    for patroon in (resolver or get_resolver()).url_patterns:
        if isinstance(patroon, URLResolver):
            ns = ":".join(filter(None, [namespace, patroon.namespace]))
            yield from url_patronen(patroon, ns)
        elif patroon.name:
            yield (f"{namespace}:{patroon.name}" if namespace else patroon.name), patroon


def _met_dummy_argumenten(naam, patroon) -> str:
    converters = getattr(patroon.pattern, "converters", {})
    return reverse(naam, kwargs={k: 999999 if isinstance(c, IntConverter) else "x" for k, c in converters.items()})


def ongedekte_aanbieder_urls(client) -> list[str]:
    """Patterns an aanbieder can POST to that are neither exercised nor exempted."""
    ongedekt = []
    for naam, patroon in url_patronen():
        if naam.split(":")[0] in NAMESPACES_UITGEZONDERD or naam in SCHRIJFPADEN or naam in UITGEZONDERD:
            continue
        if client.post(_met_dummy_argumenten(naam, patroon)).status_code != 403:  # 403: zorgkantoor only
            ongedekt.append(naam)
    return ongedekt


def momentopname() -> dict:
    """Every row an aanbieder's request could change (inschrijving, beoordeling, kwaliteit; the audit trail of
    reads and the users' last login left out) and the files in private storage."""
    rijen = {}
    for app in ("inschrijving", "beoordeling", "kwaliteit"):
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            if model.__name__ in ("AuditRegel", "Gebruiker"):
                continue
            rijen[model._meta.label] = list(model.objects.order_by("pk").values())
    wortel = Path(settings.PRIVATE_STORAGE_ROOT)
    rijen["bestanden"] = sorted(str(p.relative_to(wortel)) for p in wortel.rglob("*") if p.is_file())
    return rijen


def test_na_sluiting_kan_niets_meer_op_elk_pad(login):
    w = bouw_wereld(SLUITING)
    with bij(SLUITING):
        ongedekt = ongedekte_aanbieder_urls(aangemeld(login, w.bestuurder_a))
    assert not ongedekt, (
        f"URL('s) {ongedekt} nemen een POST van een aanbieder aan, maar staan niet in SCHRIJFPADEN (met POST-data "
        "die vóór de sluitingstijd iets wijzigt) en niet in UITGEZONDERD (met de reden waarom schrijven na de "
        "sluitingstijd mag). Voeg ze aan een van beide toe in tests/inschrijving/test_indienen.py.")
    namen = {naam for naam, _ in url_patronen()}
    assert {n.split(":")[1] for n in SCHRIJFPADEN} == VERWACHTE_SCHRIJFPADEN
    assert set(SCHRIJFPADEN) | set(UITGEZONDERD) <= namen, "verouderde naam in SCHRIJFPADEN of UITGEZONDERD"

    geaccepteerd = []
    for naam, (args, data) in SCHRIJFPADEN.items():
        for moment in deadlines(naam, w):
            with bij(moment):
                client = aangemeld(login, w.bestuurder_a)
                voor = momentopname()
                antwoord = client.post(reverse(naam, args=args(w)), data(w), follow=True)
                na = momentopname()
            if na != voor or antwoord.status_code >= 500 or "gesloten" not in antwoord.content.decode():
                geaccepteerd.append((naam, moment.isoformat(), antwoord.status_code,
                                     [k for k in voor if voor[k] != na[k]]))
    assert not geaccepteerd, f"na de deadline niet geweigerd (naam, moment, status, gewijzigd): {geaccepteerd}"


@pytest.mark.parametrize("naam", sorted(SCHRIJFPADEN))
def test_voor_de_deadline_wijzigt_elk_pad_wel(login, naam):
    """Sanity for the test above: one second before its deadline the same POST does change the database."""
    w = bouw_wereld(SLUITING)
    args, data = SCHRIJFPADEN[naam]
    with bij(min(deadlines(naam, w)) - timedelta(seconds=1)):
        client = aangemeld(login, w.bestuurder_a)
        voor = momentopname()
        antwoord = client.post(reverse(naam, args=args(w)), data(w))
        assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
        assert momentopname() != voor


def test_alleen_tekenbevoegde_met_juist_wachtwoord(klaar):
    inschrijving, bestuurder = klaar
    medewerker = GebruikerFactory(zorgaanbieder=inschrijving.zorgaanbieder)
    with time_machine.travel(SLUITING - timedelta(hours=1), tick=False):
        with pytest.raises(PermissionDenied):
            _indienen(inschrijving, medewerker)
        with pytest.raises(ValidationError) as fout:
            _indienen(inschrijving, bestuurder, wachtwoord="fout")
        assert "wachtwoord" in fout.value.message_dict
        anderen = GebruikerFactory(tekenbevoegd=True)
        with pytest.raises(PermissionDenied):
            _indienen(inschrijving, anderen)
    assert not Indiening.objects.exists()


def test_bevindingen_vragen_om_bevestiging(klaar):
    inschrijving, bestuurder = klaar
    Document.objects.filter(inschrijving=inschrijving, documenttype__code="statuten").delete()
    with time_machine.travel(SLUITING - timedelta(hours=1), tick=False):
        with pytest.raises(ValidationError) as fout:
            _indienen(inschrijving, bestuurder)
        assert "ondanks_bevindingen" in fout.value.message_dict
        indiening = _indienen(inschrijving, bestuurder, ondanks_bevindingen=True)
    assert "statuten" not in {d["code"] for d in indiening.snapshot["documenten"]}


def test_snapshot_is_onveranderlijk_en_herindienen_maakt_nieuwe(klaar):
    inschrijving, bestuurder = klaar
    with time_machine.travel(SLUITING - timedelta(hours=2), tick=False):
        eerste = _indienen(inschrijving, bestuurder)
        statuten = inschrijving.eis().documenten.get(code="statuten")
        oude_statuten = Document.objects.get(inschrijving=inschrijving, documenttype=statuten)
        services.document_toevoegen(inschrijving=inschrijving, documenttype=statuten,
                                    upload=pdf_upload("statuten-2.pdf"), gegevens={}, door=bestuurder)
        # Correcting the details of a submitted version makes a new version; the submitted one is untouched.
        kvk = Document.objects.get(inschrijving=inschrijving, documenttype__code="kvk_uittreksel")
        services.document_gegevens_wijzigen(document=kvk, gegevens={"rechtspersoon": "Nieuwe Naam"}, door=bestuurder)
        tweede = _indienen(inschrijving, bestuurder, ondanks_bevindingen=True)
    eerste.refresh_from_db()
    assert eerste.sha256 == hash_van(eerste.snapshot)
    assert oude_statuten.pk in {d["id"] for d in eerste.snapshot["documenten"]}
    assert oude_statuten.pk not in {d["id"] for d in tweede.snapshot["documenten"]}
    kvk.refresh_from_db()
    assert kvk.rechtspersoon == inschrijving.zorgaanbieder.statutaire_naam and kvk.vervangen_op is not None
    assert (eerste.volgnummer, tweede.volgnummer) == (1, 2)
    assert inschrijving.actuele_indiening() == tweede
    assert eerste.sha256 != tweede.sha256


def test_intrekken_en_opnieuw_indienen(klaar):
    inschrijving, bestuurder = klaar
    with time_machine.travel(SLUITING - timedelta(hours=2), tick=False):
        eerste = _indienen(inschrijving, bestuurder)
        services.intrekken(inschrijving=inschrijving, door=bestuurder)
        assert Inschrijving_status(inschrijving) == Status.INGETROKKEN
        assert inschrijving.actuele_indiening() is None
        tweede = _indienen(inschrijving, bestuurder)
    eerste.refresh_from_db()
    assert eerste.ingetrokken_op is not None
    assert inschrijving.actuele_indiening() == tweede


def test_indienen_in_de_browser_met_ontvangstbevestiging(client, klaar, django_capture_on_commit_callbacks):
    inschrijving, bestuurder = klaar
    with time_machine.travel(SLUITING - timedelta(minutes=1), tick=False):
        client.force_login(bestuurder)
        with django_capture_on_commit_callbacks(execute=True):
            antwoord = client.post(reverse("inschrijving:indienen", args=[inschrijving.pk]),
                                   {"wachtwoord": WACHTWOORD, "verklaring_juist": "on"})
        assert antwoord.status_code == 302
        indiening = Indiening.objects.get()
        pagina = client.get(antwoord.url).content.decode()
        pdf = client.get(reverse("inschrijving:ontvangstbevestiging", args=[inschrijving.pk, 1]))
    assert indiening.sha256 in pagina and "16:59:00" in pagina
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_intrekken_na_twee_indieningen_trekt_alles_in(klaar):
    inschrijving, bestuurder = klaar
    with time_machine.travel(SLUITING - timedelta(hours=2), tick=False):
        _indienen(inschrijving, bestuurder)
        _indienen(inschrijving, bestuurder)
        services.intrekken(inschrijving=inschrijving, door=bestuurder)
        assert inschrijving.actuele_indiening() is None
        assert not inschrijving.indieningen.filter(ingetrokken_op__isnull=True).exists()
        with pytest.raises(ValidationError):
            services.intrekken(inschrijving=inschrijving, door=bestuurder)
