"""Webhooks (issue 13, item 2): a zorgkantoor's beheerder registers an endpoint; a submission before the opening
(only a count), the opening, a four-eyes decision and an accepted offer are posted to it, signed as Standard
Webhooks define (api/webhooks.py), to a local HTTP server this module starts; a failed attempt is tried again after
the backoff by the real Celery worker; the delivery log is in the admin; another zorgkantoor's endpoint is a 404."""

import json
import os
import threading
import time
import uuid
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
import time_machine
from celery.exceptions import Retry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import webhooks
from api.models import Aflevering, ApiClient, Eindpunt, Gebeurtenis
from api.tasks import aflevering_bezorgen, wachtende_afleveringen
from beoordeling import services as beoordeling_services
from inschrijving import services
from inschrijving.models import Opening
from tests.beoordeling.helpers import open_kluis
from tests.beoordeling.test_besluit import NA, Geval, _reis
from tests.conftest import wacht_tot
from tests.factories import WACHTWOORD, GebruikerFactory, ZorgkantoorFactory
from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving

# The suite's Celery worker (a session fixture) starts after every test module is imported: it reads this, so its
# retries wait 1, 2, 4 … seconds instead of 30, 60 … (the test process itself uses the ``settings`` fixture).
os.environ.setdefault("WLZ_WEBHOOK_BACKOFF_SECONDEN", "1")

ALLE = [g.value for g in Gebeurtenis]


class Ontvanger:
    """A zorgkantoor's system: records every POST; answers 500 to the first ``fouten`` of them, 204 after."""

    def __init__(self, fouten=0):
        self.fouten, self.verzoeken = fouten, []
        ontvanger = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                ontvanger.verzoeken.append({"headers": dict(self.headers), "body": body, "op": time.monotonic()})
                self.send_response(500 if len(ontvanger.verzoeken) <= ontvanger.fouten else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/wlz/meldingen"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def ontvanger():
    staat = Ontvanger()
    yield staat
    staat.stop()


@pytest.fixture
def lokaal(settings):
    """Development settings: an http endpoint on this machine is allowed (outside them only https on internet)."""
    settings.DEBUG = True
    settings.WLZ_WEBHOOK_BACKOFF_SECONDEN = 1
    return settings


def _eindpunt(zk, url, soorten=ALLE) -> Eindpunt:
    eindpunt = Eindpunt(zorgkantoor=zk, url=url, gebeurtenissen=list(soorten),
                        aangemaakt_door=GebruikerFactory(beheerder=True, zorgkantoor=zk))
    eindpunt.nieuw_geheim()
    eindpunt.save()
    return eindpunt


def _gecontroleerd(verzoek, geheim) -> dict:
    """The request's body, after checking its signature; a changed body or an old timestamp does not verify."""
    headers, body = verzoek["headers"], verzoek["body"]
    assert webhooks.verifieer(geheim, headers, body)
    assert not webhooks.verifieer(geheim, headers, body.replace(b"}", b",\"x\":1}", 1))
    assert not webhooks.verifieer(geheim, headers, body, nu=int(headers["webhook-timestamp"]) + 301)
    assert not webhooks.verifieer(Eindpunt().nieuw_geheim(), headers, body)  # another secret
    inhoud = json.loads(body)
    assert inhoud["id"] == headers["webhook-id"]
    assert datetime.fromisoformat(inhoud["timestamp"]).utcoffset() is not None
    return inhoud


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_indiening_voor_de_opening_en_de_opening_via_de_echte_worker_met_een_nieuwe_poging(celery_worker):
    ontvanger = Ontvanger(fouten=1)
    try:
        sluiting = (timezone.now() - timedelta(days=1)).replace(microsecond=0)
        zk = ZorgkantoorFactory()
        inkopers = [GebruikerFactory(inkoper=True, zorgkantoor=zk) for _ in range(2)]
        eindpunt = _eindpunt(zk, ontvanger.url, [Gebeurtenis.INGEDIEND, Gebeurtenis.GEOPEND])
        with time_machine.travel(sluiting - timedelta(days=5), tick=False):
            ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=sluiting)
            inschrijving, bestuurder = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)
            services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD,
                              ondanks_bevindingen=True)
        aflevering = Aflevering.objects.get(eindpunt=eindpunt, soort=Gebeurtenis.INGEDIEND)
        assert wacht_tot(lambda: Aflevering.objects.get(pk=aflevering.pk).status == "afgeleverd", 30), \
            celery_worker.log.read_text()[-3000:]
        aflevering.refresh_from_db()
        assert (aflevering.pogingen, aflevering.laatste_http_status, aflevering.fout) == (2, 204, "")
        eerste, tweede = ontvanger.verzoeken
        assert tweede["op"] - eerste["op"] >= 0.9  # the worker waited its backoff before trying again
        assert eerste["headers"]["webhook-id"] == tweede["headers"]["webhook-id"] == str(aflevering.gebeurtenis_id)
        inhoud = _gecontroleerd(tweede, eindpunt.geheim)
        # Sealed: the round and a count, nothing of who submitted.
        assert inhoud["type"] == "inschrijving.ingediend"
        assert inhoud["data"] == {"ronde": {"id": ronde.pk, "naam": ronde.naam, "contractjaar": ronde.contractjaar},
                                  "aantalIngediend": 1}
        zorgaanbieder = inschrijving.zorgaanbieder
        for geheim in (zorgaanbieder.kvk_nummer, zorgaanbieder.statutaire_naam, "zorgaanbieder", "inschrijving\""):
            assert geheim.encode() not in tweede["body"]

        opening = open_kluis(ronde, inkopers)  # the real proces-verbaal by two
        assert wacht_tot(lambda: len(ontvanger.verzoeken) == 3, 30), celery_worker.log.read_text()[-3000:]
        geopend = _gecontroleerd(ontvanger.verzoeken[2], eindpunt.geheim)
        assert geopend["type"] == "ronde.geopend"
        assert geopend["data"]["ronde"]["id"] == ronde.pk
        assert (geopend["data"]["aantalIngediend"], geopend["data"]["vingerafdruk"]) == (1, opening.vingerafdruk)
        assert datetime.fromisoformat(geopend["data"]["geopendOp"]) == Opening.objects.get().geopend_op
        assert wacht_tot(lambda: Aflevering.objects.filter(soort=Gebeurtenis.GEOPEND, status="afgeleverd",
                                                           pogingen=1).exists())
    finally:
        ontvanger.stop()


@pytest.mark.django_db
def test_een_intrekking_voor_de_opening_verlaagt_het_aantal_zonder_te_zeggen_wie(lokaal, ontvanger):
    sluiting = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
    zk = ZorgkantoorFactory()
    eindpunt = _eindpunt(zk, ontvanger.url, [Gebeurtenis.INGEDIEND, Gebeurtenis.INGETROKKEN])
    ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=sluiting)
    ingediend = []
    for _ in range(2):
        inschrijving, bestuurder = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)
        services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD,
                          ondanks_bevindingen=True)
        ingediend.append((inschrijving, bestuurder))
    inschrijving, bestuurder = ingediend[0]
    services.intrekken(inschrijving=inschrijving, door=bestuurder)
    afleveringen = list(Aflevering.objects.filter(eindpunt=eindpunt).order_by("pk"))
    assert [(a.soort, a.payload["data"]["aantalIngediend"]) for a in afleveringen] == [
        ("inschrijving.ingediend", 1), ("inschrijving.ingediend", 2), ("inschrijving.ingetrokken", 1)]
    assert aflevering_bezorgen(afleveringen[-1].pk) == "afgeleverd"
    (verzoek,) = ontvanger.verzoeken
    inhoud = _gecontroleerd(verzoek, eindpunt.geheim)
    assert inhoud["type"] == "inschrijving.ingetrokken"
    assert inhoud["data"] == {"ronde": {"id": ronde.pk, "naam": ronde.naam, "contractjaar": ronde.contractjaar},
                              "aantalIngediend": 1}
    for geheim in (inschrijving.zorgaanbieder.kvk_nummer, inschrijving.zorgaanbieder.statutaire_naam):
        assert geheim.encode() not in verzoek["body"]


@pytest.mark.django_db
def test_besloten_en_geaccepteerd_met_de_ids_van_de_api(lokaal, ontvanger, django_capture_on_commit_callbacks):
    g = Geval("3", alles=True)
    eindpunt = _eindpunt(g.zk, ontvanger.url, [Gebeurtenis.BESLOTEN, Gebeurtenis.GEACCEPTEERD])
    _eindpunt(ZorgkantoorFactory(), ontvanger.url)  # another zorgkantoor's endpoint hears nothing of this
    besluit = g.besloten(django_capture_on_commit_callbacks)
    with _reis(NA):
        beoordeling_services.reageren(besluit=besluit, door=g.bestuurder, accepteren=True)
    besluit.refresh_from_db()
    afleveringen = list(Aflevering.objects.order_by("pk"))
    assert [(a.eindpunt_id, a.soort) for a in afleveringen] == [
        (eindpunt.pk, "besluit.genomen"), (eindpunt.pk, "overeenkomst.geaccepteerd")]
    for aflevering in afleveringen:  # the task itself, in this process (the worker: the test above)
        assert aflevering_bezorgen(aflevering.pk) == "afgeleverd"
    besloten, geaccepteerd = (_gecontroleerd(v, eindpunt.geheim) for v in ontvanger.verzoeken)
    assert besloten["data"]["inschrijving"]["id"] == g.inschrijving.pk
    assert besloten["data"]["besluit"]["soort"] == besluit.soort
    assert datetime.fromisoformat(besloten["data"]["besluit"]["goedgekeurdOp"]) == besluit.goedgekeurd_op
    assert geaccepteerd["data"]["overeenkomst"]["id"] == besluit.overeenkomst_id
    # A receiver fetches the record over the REST API with the URL in the event.
    api = ApiClient(naam="contractadministratie", zorgkantoor=g.zk)
    http = Client(HTTP_AUTHORIZATION=f"Bearer {api.nieuwe_sleutel()}")
    api.save()
    for url, pk in ((geaccepteerd["data"]["inschrijving"]["url"], g.inschrijving.pk),
                    (geaccepteerd["data"]["overeenkomst"]["url"], besluit.overeenkomst_id)):
        antwoord = http.get(urlsplit(url).path)
        assert antwoord.status_code == 200 and antwoord.json()["id"] == pk


@pytest.mark.django_db
def test_na_de_laatste_poging_mislukt_en_elke_poging_staat_in_het_log(lokaal, ontvanger):
    ontvanger.fouten = 99
    eindpunt = _eindpunt(ZorgkantoorFactory(), ontvanger.url)
    aflevering = Aflevering.objects.create(eindpunt=eindpunt, soort=Gebeurtenis.GEOPEND, payload={"x": 1},
                                           gebeurtenis_id="5f0c6a36-2f4b-4a59-8a8f-1f1d5f7f2b61",
                                           aangemaakt_op=timezone.now())
    with pytest.raises(Retry):  # the task asks Celery to try again after the backoff
        aflevering_bezorgen(aflevering.pk)
    aflevering.refresh_from_db()
    assert (aflevering.status, aflevering.pogingen, aflevering.laatste_http_status) == ("wachtend", 1, 500)
    assert aflevering.fout.startswith("HTTP 500") and aflevering.volgende_poging > timezone.now()
    assert [webhooks.wachttijd(n) for n in (1, 2, 3)] == [1, 2, 4]
    for _ in range(webhooks.MAX_POGINGEN - 1):
        webhooks.afleveren(aflevering.pk)
    aflevering.refresh_from_db()
    assert (aflevering.status, aflevering.pogingen) == ("mislukt", webhooks.MAX_POGINGEN)
    assert len(ontvanger.verzoeken) == webhooks.MAX_POGINGEN
    assert webhooks.afleveren(aflevering.pk) is None and len(ontvanger.verzoeken) == webhooks.MAX_POGINGEN


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_een_aflevering_waarvan_het_bericht_verloren_ging_gaat_alsnog_via_beat_en_de_echte_worker(celery_worker):
    """A delivery committed but never queued (the worker or Redis was down at the commit), or whose retry message was
    lost: beat's ``wachtende_afleveringen`` finds it once it is ten minutes overdue, and the worker delivers it."""
    ontvanger = Ontvanger()
    try:
        eindpunt = _eindpunt(ZorgkantoorFactory(), ontvanger.url)
        nu = timezone.now()
        maak = lambda **kw: Aflevering.objects.create(  # noqa: E731
            eindpunt=eindpunt, soort=Gebeurtenis.GEOPEND, payload={"n": len(Aflevering.objects.all())},
            gebeurtenis_id=uuid.uuid4(), **kw)
        nooit = maak(aangemaakt_op=nu - timedelta(minutes=11))
        retry_kwijt = maak(aangemaakt_op=nu - timedelta(hours=1), pogingen=2,
                           volgende_poging=nu - timedelta(minutes=11))
        maak(aangemaakt_op=nu - timedelta(minutes=2))  # just made: its own message is on its way
        maak(aangemaakt_op=nu - timedelta(hours=1), pogingen=1, volgende_poging=nu + timedelta(seconds=30))
        maak(aangemaakt_op=nu - timedelta(hours=1), status="afgeleverd", pogingen=1)
        maak(aangemaakt_op=nu - timedelta(hours=1), status="mislukt", pogingen=8)
        assert set(webhooks.vastgelopen()) == {nooit, retry_kwijt}

        assert wachtende_afleveringen() == 2
        assert not webhooks.vastgelopen().exists()  # stamped: the next beat run does not queue them twice
        assert wacht_tot(lambda: set(Aflevering.objects.filter(status="afgeleverd").values_list("pk", flat=True))
                         >= {nooit.pk, retry_kwijt.pk}, 30), celery_worker.log.read_text()[-3000:]
        assert len(ontvanger.verzoeken) == 2
        retry_kwijt.refresh_from_db()
        assert retry_kwijt.pogingen == 3  # the count went on from the row
    finally:
        ontvanger.stop()


@pytest.mark.django_db
def test_beheerder_registreert_ziet_het_geheim_eenmaal_en_verwijdert(client, login, lokaal, ontvanger):
    zk = ZorgkantoorFactory()
    beheerder = GebruikerFactory(beheerder=True, zorgkantoor=zk)
    login(client, beheerder)
    assert 'href="/zorgkantoor/koppelingen/"' in client.get(reverse("koppelingen:overzicht")).content.decode()
    antwoord = client.post(reverse("koppelingen:overzicht"), {
        "url": ontvanger.url, "omschrijving": "contractadministratie", "gebeurtenissen": ALLE})
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    eindpunt = Eindpunt.objects.get()
    assert (eindpunt.zorgkantoor, eindpunt.aangemaakt_door, eindpunt.gebeurtenissen) == (zk, beheerder, ALLE)
    assert eindpunt.geheim.startswith("whsec_")
    pagina = client.get(antwoord.url).content.decode()
    assert eindpunt.geheim in pagina and 'data-testid="geheim"' in pagina
    assert eindpunt.geheim not in client.get(antwoord.url).content.decode()  # once
    oud = eindpunt.geheim
    antwoord = client.post(reverse("koppelingen:nieuw_geheim", args=[eindpunt.pk]))
    eindpunt.refresh_from_db()
    assert eindpunt.geheim != oud and eindpunt.geheim in client.get(antwoord.url).content.decode()
    wachtend = Aflevering.objects.create(eindpunt=eindpunt, soort=Gebeurtenis.GEOPEND, payload={},
                                         gebeurtenis_id="0b3a2f7e-8f5e-4c1b-9d7e-3b1f2e4a5c6d",
                                         aangemaakt_op=timezone.now())
    assert "Nog niets afgeleverd" not in client.get(reverse("koppelingen:overzicht")).content.decode()
    assert client.post(reverse("koppelingen:verwijderen", args=[eindpunt.pk])).status_code == 302
    eindpunt.refresh_from_db()
    assert not eindpunt.actief and eindpunt.geheim == ""
    assert client.get(reverse("koppelingen:eindpunt", args=[eindpunt.pk])).status_code == 404
    webhooks.afleveren(wachtend.pk)  # what still waited is given up, not sent
    wachtend.refresh_from_db()
    assert wachtend.status == "mislukt" and ontvanger.verzoeken == []


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "debug", "fout"), [
    ("http://zorgkantoor.example/webhook", False, "https://"),
    ("https://gebruiker:wachtwoord@zorgkantoor.example/webhook", False, "gebruikersnaam of wachtwoord"),
    ("https://127.0.0.1/webhook", False, "intern netwerk"),
    ("https://10.1.2.3/webhook", False, "intern netwerk"),
    ("ftp://zorgkantoor.example/webhook", True, "https://"),
])
def test_een_adres_dat_het_portaal_niet_bedient_geeft_een_fout_bij_het_veld(client, login, settings, url, debug,
                                                                              fout):
    settings.DEBUG = debug
    zk = ZorgkantoorFactory()
    login(client, GebruikerFactory(beheerder=True, zorgkantoor=zk))
    antwoord = client.post(reverse("koppelingen:overzicht"), {"url": url, "gebeurtenissen": ALLE})
    assert antwoord.status_code == 400 and not Eindpunt.objects.exists()
    assert fout in str(antwoord.context["form"].errors["url"])


@pytest.mark.django_db
def test_een_ander_zorgkantoor_of_een_zorginkoper_krijgt_404(client, login):
    zk = ZorgkantoorFactory()
    eindpunt = _eindpunt(zk, "https://zorgkantoor.example/webhook")
    anderen = [GebruikerFactory(beheerder=True, zorgkantoor=ZorgkantoorFactory()),
               GebruikerFactory(inkoper=True, zorgkantoor=zk), GebruikerFactory(beheerder=True)]
    for ander in anderen:
        client.logout()
        login(client, ander)
        assert client.get(reverse("koppelingen:eindpunt", args=[eindpunt.pk])).status_code in (403, 404)
        for naam in ("nieuw_geheim", "verwijderen"):
            assert client.post(reverse(f"koppelingen:{naam}", args=[eindpunt.pk])).status_code in (403, 404)
        if ander.zorgkantoor_id:  # staff of a zorgkantoor: a 404, as if the endpoint did not exist
            assert client.get(reverse("koppelingen:eindpunt", args=[eindpunt.pk])).status_code == 404
    client.logout()
    login(client, GebruikerFactory(tekenbevoegd=True))
    assert client.get(reverse("koppelingen:overzicht")).status_code == 403
    eindpunt.refresh_from_db()
    assert eindpunt.actief and eindpunt.geheim.startswith("whsec_")


def test_elke_record_url_van_de_koppelingen_heeft_een_geval():
    """A record URL added to api/urls_koppelingen.py without a 404 case fails here (::test_een_ander_…)."""
    from api import urls_koppelingen

    assert {p.name for p in urls_koppelingen.urlpatterns if "<int:" in str(p.pattern)} == {
        "eindpunt", "nieuw_geheim", "verwijderen"}


@pytest.mark.django_db
def test_het_afleverlog_in_het_beheer(client, login):
    eindpunt = _eindpunt(ZorgkantoorFactory(), "https://zorgkantoor.example/webhook")
    aflevering = Aflevering.objects.create(eindpunt=eindpunt, soort=Gebeurtenis.INGEDIEND, payload={"data": {}},
                                           gebeurtenis_id="7d0f9b1c-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
                                           aangemaakt_op=timezone.now(), status="mislukt", pogingen=8,
                                           laatste_http_status=503, fout="HTTP 503: onderhoud")
    login(client, GebruikerFactory(beheerder=True, is_superuser=True))
    lijst = client.get(reverse("admin:api_aflevering_changelist") + "?status__exact=mislukt")
    assert lijst.status_code == 200 and eindpunt.url in lijst.content.decode()
    detail = client.get(reverse("admin:api_aflevering_change", args=[aflevering.pk])).content.decode()
    assert "HTTP 503: onderhoud" in detail and 'name="_save"' not in detail  # read only
    assert client.get(reverse("admin:api_aflevering_add")).status_code == 403
    assert eindpunt.geheim not in client.get(reverse("admin:api_eindpunt_change", args=[eindpunt.pk])).content.decode()
