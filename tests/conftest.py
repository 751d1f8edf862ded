"""Test set-up: every test runs on PostgreSQL; Celery and Chromium tests use the real things.

Run through ``make test``, which starts throwaway PostgreSQL and Redis servers (scripts/testenv.py).
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test.client import ClientMixin

# Playwright's sync API runs an event loop in the test thread; the ORM calls made beside it are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine or not os.environ.get("REDIS_URL"):
        pytest.exit("De tests draaien op PostgreSQL en Redis: start ze met `make test` "
                    "(scripts/testenv.py start tijdelijke servers).", returncode=2)


def pytest_report_header(config):
    import psycopg2

    database = settings.DATABASES["default"]
    with psycopg2.connect(host=database["HOST"], port=database["PORT"], user=database["USER"],
                          dbname=database["NAME"]) as verbinding, verbinding.cursor() as cursor:
        cursor.execute("SHOW server_version")
        versie = cursor.fetchone()[0]
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip() \
        if Path(CHROMIUM).exists() else "niet gevonden"
    return [f"database: PostgreSQL {versie} ({database['HOST']}:{database['PORT']})",
            f"celery broker: {settings.CELERY_BROKER_URL}", f"browser: {chromium}"]


@pytest.fixture(autouse=True)
def _nederlands():
    """Each test starts in Dutch: a request in an earlier test may have left another language active."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _verifieer_otp(client, gebruiker):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    apparaat, _n = TOTPDevice.objects.get_or_create(user=gebruiker, name="test", defaults={"confirmed": True})
    _force_login(client, gebruiker)
    sessie = client.session
    sessie["otp_device_id"] = apparaat.persistent_id
    sessie.save()
    return client


def _force_login_met_tweede_factor():
    """``client.force_login(aanbieder)`` skips the password and, since aanbieders have a second factor too (issue 12),
    the second factor as well — as the ``login`` fixture does for staff. Staff keep Django's plain force_login, so
    tests of their set-up and verification still start unverified. The second factor itself is tested through the
    real login form (tests/wlzportal/test_accounts.py, test_aanbieder_stelt_tweede_factor_in_…)."""

    def force_login(self, user, backend=None):
        if getattr(user, "is_aanbieder", False) and user.vereist_tweede_factor:
            return _verifieer_otp(self, user)
        return _force_login(self, user, backend)

    ClientMixin.force_login = force_login


_ORIGINELE_FORCE_LOGIN = ClientMixin.force_login


def _force_login(client, user, backend=None):
    return _ORIGINELE_FORCE_LOGIN(client, user, backend)


_force_login_met_tweede_factor()


@pytest.fixture
def login():
    """login(client, user): signed in, with the second factor verified where the role needs one."""

    def _login(client, gebruiker):
        if gebruiker.vereist_tweede_factor:
            return _verifieer_otp(client, gebruiker)
        _force_login(client, gebruiker)
        return client

    return _login


@pytest.fixture
def celery_meteen():
    """Celery tasks run in the test process when queued (what is queued is tested, not the worker)."""
    from wlzportal.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real Celery worker process on the test Redis, using the test database."""
    database = settings.DATABASES["default"]
    url = (f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}")
    log = Path(os.environ.get("WLZ_VAR_DIR", "/tmp")) / "celery-worker.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    omgeving = {**os.environ, "DATABASE_URL": url, "DATABASE_CONN_MAX_AGE": "0"}
    proces = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "wlzportal", "worker", "-l", "info", "-c", "2",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", "test@%h"],
        cwd=ROOT, env=omgeving, stdout=open(log, "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )
    einde = time.monotonic() + 60
    while "ready." not in log.read_text():
        if proces.poll() is not None or time.monotonic() > einde:
            raise RuntimeError(f"Celery-worker startte niet:\n{log.read_text()}")
        time.sleep(0.2)
    proces.log = log
    yield proces
    proces.terminate()
    proces.wait(timeout=30)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium ontbreekt op {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", base_url=live_server.url)
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def wacht_tot(voorwaarde, seconden=30, interval=0.2):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(interval)
    return False


@pytest.fixture
def nep_kvk(settings):
    """The KvK client switched on against a local server in the API's format (``tests/toegang/kvk_server.py``)."""
    from django.core.cache import cache

    from tests.toegang import kvk_server

    staat, server = kvk_server.start()
    settings.KVK_API_URL, settings.KVK_API_SLEUTEL, settings.KVK_TIMEOUT = staat.url, kvk_server.SLEUTEL, 1.0
    cache.clear()
    yield staat
    server.shutdown()
    server.server_close()
    cache.clear()


@pytest.fixture
def idp(request, settings, tmp_path):
    """The tests' OpenID Connect provider (tests/idp), with the portal's eHerkenning and staff SSO pointed at it;
    its clients accept the test client's host and, in a browser journey, the live server's."""
    from tests import oidc_idp

    basis = ["http://testserver"]
    if "live_server" in request.fixturenames:
        basis.append(request.getfixturevalue("live_server").url)
    aanbieder = oidc_idp.start(tmp_path, basis)
    settings.OIDC_AANBIEDERS = oidc_idp.aanbieders(aanbieder)
    yield aanbieder
    aanbieder.stop()
