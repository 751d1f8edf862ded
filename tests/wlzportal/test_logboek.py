"""Structured logs (issue 13, item 5): one request yields JSON log lines with the same request id from the web and
from the worker that ran the task the request queued.

The whole way as docker-compose.yml runs it: nginx on deploy/nginx.conf in front of gunicorn (the Dockerfile's
command, DEBUG off, compose's LOG_FORMAAT), and a Celery worker started with compose's worker command; both on the
test database and on a Redis of this module's own, so the suite's worker cannot take the task. The request is a
password reset: anonymous, and it queues its e-mail (inschrijving.tasks.verstuur_bericht) after commit.
"""

import json
import re
import subprocess
import sys
from datetime import datetime

import pytest
import structlog
import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from inschrijving.models import Bericht
from scripts import testenv
from tests.conftest import ROOT, wacht_tot
from tests.factories import GebruikerFactory
from tests.nginx import HOST, Nginx, achter_nginx
from tests.productie import ProductieServer, Sessie
from wlzportal.logboek import formatter

WACHTWOORD_VERGETEN = "/account/wachtwoord-vergeten/"
NGINX_ID = re.compile(r"[0-9a-f]{32}")
DOOR_DE_CLIENT = "door-de-client-gekozen-id"


def compose_dienst(naam: str) -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"][naam]


class ViaNginx(Sessie):
    """A browser that reaches the portal only through nginx (HTTPS), as in production."""

    def __init__(self, server: ProductieServer, proxy: Nginx):
        super().__init__(server)
        self.proxy = proxy

    def _verbinding(self):
        return self.proxy.https(timeout=60)

    def _koppen(self, https):
        # A client that sends its own request id: nginx must replace it.
        return {"Host": HOST, "Accept-Language": "nl", "X-Request-ID": DOOR_DE_CLIENT}


def json_regels(pad) -> list[dict]:
    """Every line of a log, each parsed as one JSON object (a line that is not fails the test)."""
    regels = []
    for nummer, regel in enumerate(pad.read_text().splitlines(), 1):
        try:
            regels.append(json.loads(regel))
        except ValueError:
            pytest.fail(f"{pad.name} regel {nummer} is geen JSON: {regel[:300]!r}")
        assert isinstance(regels[-1], dict)
    return regels


@pytest.fixture(scope="module")
def stapel(django_db_setup, tmp_path_factory):
    """Redis of its own, gunicorn behind nginx, and a worker, all as docker-compose.yml starts them."""
    redis_url, stop_redis = testenv.start_redis(tmp_path_factory.mktemp("redis"))
    web = ProductieServer(tmp_path_factory.mktemp("web"), settings.DATABASES["default"], settings.PRIVATE_STORAGE_ROOT)
    post = tmp_path_factory.mktemp("post")
    web.omgeving.update(achter_nginx(), REDIS_URL=redis_url, LOG_FORMAAT=compose_dienst("web")["environment"][
        "LOG_FORMAAT"], EMAIL_URL=f"filemail:///{post}")
    proxy = worker = None
    try:
        web.collectstatic()
        web.start()
        proxy = Nginx(tmp_path_factory.mktemp("nginx"), web.poort)
        proxy.start()
        opdracht = list(compose_dienst("worker")["command"])
        celery = opdracht.index("celery")
        opdracht[celery:celery + 1] = [sys.executable, "-m", "celery"]
        opdracht[opdracht.index("--concurrency") + 1] = "1"
        worker_log = web.werkmap / "worker.log"
        omgeving = {**web.omgeving, "LOG_FORMAAT": compose_dienst("worker")["environment"]["LOG_FORMAAT"],
                    # Celery warns on stderr, before logging is set up, of a worker run as root, as here (CI); the
                    # image runs it as its own user (Dockerfile: USER wlz).
                    "PYTHONWARNINGS": "ignore:You're running the worker with superuser privileges"}
        with worker_log.open("w") as uitvoer:
            worker = subprocess.Popen([*opdracht, "-n", "logboek@%h", "--without-gossip", "--without-mingle",
                                       "--without-heartbeat"], cwd=ROOT, env=omgeving, stdout=uitvoer,
                                      stderr=subprocess.STDOUT)
        assert wacht_tot(lambda: " ready." in worker_log.read_text() or worker.poll() is not None, 60)
        assert worker.poll() is None, worker_log.read_text()[-3000:]
        yield web, proxy, worker_log, post
    except RuntimeError as fout:
        pytest.fail(str(fout))
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        if proxy is not None:
            proxy.stop()
        web.stop()
        stop_redis()


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_een_verzoek_en_zijn_taak_loggen_json_met_een_request_id(stapel):
    web, proxy, worker_log, post = stapel
    GebruikerFactory(email="bea@example.nl")
    sessie = ViaNginx(web, proxy)
    assert sessie.get(WACHTWOORD_VERGETEN).status == 200
    antwoord = sessie.post(WACHTWOORD_VERGETEN, {"email": "bea@example.nl"})
    assert antwoord.status == 302, antwoord.uitleg()
    # nginx gave the request its own id, whatever the client sent, and tells the client which.
    request_id = antwoord.kop("X-Request-ID")
    assert NGINX_ID.fullmatch(request_id or ""), request_id
    bericht = Bericht.objects.get(aan="bea@example.nl")
    assert wacht_tot(lambda: Bericht.objects.get(pk=bericht.pk).status == Bericht.Status.VERZONDEN, 60), \
        worker_log.read_text()[-3000:]
    assert any("bea@example.nl" in p.read_text() for p in post.iterdir())  # the worker really sent it
    assert wacht_tot(lambda: '"task_succeeded"' in worker_log.read_text(), 30), worker_log.read_text()[-3000:]

    web_regels, worker_regels = json_regels(web.log), json_regels(worker_log)
    for regel in web_regels + worker_regels:
        assert {"timestamp", "level", "event", "logger"} <= regel.keys(), regel
        assert regel["timestamp"].endswith("Z") and datetime.fromisoformat(regel["timestamp"])  # ISO 8601, UTC
        assert regel.get("request_id") != DOOR_DE_CLIENT, regel

    van_het_verzoek = [r for r in web_regels if r.get("request_id") == request_id]
    gebeurtenissen = {r["event"] for r in van_het_verzoek}
    assert {"request_started", "request_finished", "task_enqueued"} <= gebeurtenissen, van_het_verzoek
    [klaar] = [r for r in van_het_verzoek if r["event"] == "request_finished"]
    assert klaar["request"] == f"POST {WACHTWOORD_VERGETEN}" and klaar["code"] == 302
    [verstuurd] = [r for r in van_het_verzoek if r["event"] == "task_enqueued"]
    assert verstuurd["child_task_name"] == "inschrijving.tasks.verstuur_bericht"

    # The worker's lines about that task carry the same request id, and the task's own id.
    van_de_taak = [r for r in worker_regels if r.get("task_id") == verstuurd["child_task_id"]]
    assert {"task_started", "task_succeeded"} <= {r["event"] for r in van_de_taak}, worker_regels[-20:]
    assert all(r["request_id"] == request_id for r in van_de_taak), van_de_taak
    # Celery's own records (the standard library's logging) pass through the same formatter with the same context.
    assert any(r["logger"].startswith("celery") and "succeeded" in r["event"] for r in van_de_taak), van_de_taak
    # gunicorn's own messages are JSON lines too (wlzportal.logboek.GunicornLogboek).
    assert any(r["logger"] == "gunicorn.error" and "Booting worker" in r["event"] for r in web_regels)


# --- the request id itself, in the test process ----------------------------------------------------------------

def _request_ids(caplog) -> list[str]:
    return [r.msg["request_id"] for r in caplog.records
            if isinstance(r.msg, dict) and r.msg.get("event") == "request_finished"]


@pytest.mark.django_db
def test_een_request_id_van_buiten_alleen_achter_de_proxy_en_alleen_in_vorm(client, settings, caplog):
    goed = "0123456789abcdef0123456789abcdef"
    settings.DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = False  # gunicorn facing the client: never believed
    client.get("/gezondheid/", HTTP_X_REQUEST_ID=goed)
    settings.DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = True  # behind nginx (WLZ_ACHTER_PROXY)
    client.get("/gezondheid/", HTTP_X_REQUEST_ID=goed)
    client.get("/gezondheid/", HTTP_X_REQUEST_ID="x" * 65)
    client.get("/gezondheid/", HTTP_X_REQUEST_ID='", "niveau": "nep')
    zelf, overgenomen, te_lang, tekst = _request_ids(caplog)
    assert overgenomen == goed
    for nieuw in (zelf, te_lang, tekst):
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", nieuw), nieuw
    assert structlog.contextvars.get_contextvars() == {}  # nothing of a request is left for the next


def test_een_onbekend_logformaat_wordt_geweigerd():
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAAT='xml'"):
        formatter("xml")
