"""Issue 11, item 5: what a new user meets in the first hour — Dutch error pages instead of Django's technical ones
(also while DEBUG is on, as under ``make run``), and links in e-mails and letters that point where the portal
actually runs."""

import os
import subprocess
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path

from tests.factories import GebruikerFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _kapot(request):
    raise RuntimeError("expres kapot")


urlpatterns = [path("kapot/", _kapot)]


@pytest.mark.parametrize("debug", [True, False])
def test_een_onbekend_adres_geeft_de_nederlandse_404(client, debug):
    with override_settings(DEBUG=debug):
        antwoord = client.get("/bestaat/niet/")
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 404
    assert "Deze pagina bestaat niet (meer)" in tekst and "Naar de startpagina" in tekst
    assert "Page not found" not in tekst and "URLconf" not in tekst


@override_settings(DEBUG=True)
def test_een_record_van_een_ander_is_ook_de_nederlandse_404(client):
    client.force_login(GebruikerFactory())
    antwoord = client.get("/aanbieder/inschrijving/999999/voorcontrole/")
    assert antwoord.status_code == 404 and "Deze pagina bestaat niet (meer)" in antwoord.content.decode()


@override_settings(DEBUG=True, TECHNISCHE_FOUTPAGINAS=True)
def test_een_ontwikkelaar_kan_de_technische_pagina_kiezen(client):
    assert "URLconf" in client.get("/bestaat/niet/").content.decode()


@pytest.mark.parametrize("debug", [True, False])
def test_een_fout_geeft_de_nederlandse_500_en_wordt_gelogd(debug, caplog):
    client = Client(raise_request_exception=False)
    with override_settings(DEBUG=debug, ROOT_URLCONF=__name__):
        antwoord = client.get("/kapot/")
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 500
    assert "Er ging iets mis aan onze kant" in tekst and "Traceback" not in tekst and "expres kapot" not in tekst
    assert "expres kapot" in caplog.text


def test_make_run_laat_links_wijzen_waar_het_portaal_draait(tmp_path):
    """scripts/run.sh gives the web server and the worker (which sends the e-mails) SITE_URL from HOST and PORT."""
    nep = tmp_path / "python"
    nep.write_text(f'#!/usr/bin/env bash\necho "$SITE_URL" >> {tmp_path}/site_url\n')
    nep.chmod(0o755)
    (tmp_path / "var").mkdir()
    omgeving = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    subprocess.run(["bash", str(ROOT / "scripts" / "run.sh")], cwd=tmp_path, check=True, capture_output=True,
                   env={**omgeving, "PY": str(nep), "HOST": "127.0.0.1", "PORT": "8123"}, timeout=30)
    assert set((tmp_path / "site_url").read_text().split()) == {"http://127.0.0.1:8123"}
    subprocess.run(["bash", str(ROOT / "scripts" / "run.sh")], cwd=tmp_path, check=True, capture_output=True,
                   env={**omgeving, "PY": str(nep), "PORT": "8123", "SITE_URL": "https://zorg.example.nl"}, timeout=30)
    assert "https://zorg.example.nl" in (tmp_path / "site_url").read_text()
