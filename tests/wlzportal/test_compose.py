"""docker-compose.yml validates and runs the services on the settings the tests exercise."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

from tests.nginx import CONF as NGINX_CONF
from tests.productie import gunicorn_opdracht

ROOT = Path(__file__).resolve().parents[2]


def koppelingen(dienst: dict) -> list[tuple[str, str, bool]]:
    """A service's volumes as (source, target, read-only), from docker-compose's short or docker compose's long form."""
    uit = []
    for volume in dienst.get("volumes", []):
        if isinstance(volume, str):
            bron, doel, *opties = volume.split(":")
            uit.append((bron, doel, "ro" in opties))
        else:
            uit.append((volume["source"], volume["target"], bool(volume.get("read_only"))))
    return uit


def test_compose_bestand_valideert_met_env_voorbeeld(tmp_path):
    """`docker-compose config` on the committed file, with .env.example as the .env it reads."""
    compose = shutil.which("docker-compose")
    assert compose, "docker-compose ontbreekt: apt-get install docker-compose"
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / "deploy").mkdir()
    shutil.copy(ROOT / "deploy" / "nginx.conf", tmp_path / "deploy" / "nginx.conf")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    (tmp_path / "Dockerfile").write_text((ROOT / "Dockerfile").read_text())
    omgeving = {k: v for k, v in os.environ.items() if k != "POSTGRES_PASSWORD"}
    uit = subprocess.run([compose, "config"], cwd=tmp_path, capture_output=True, text=True, env=omgeving)
    assert uit.returncode == 0, uit.stderr
    opgelost = yaml.safe_load(uit.stdout)
    diensten = opgelost["services"]
    # The app connects as its own role; only the migration step connects as the tables' owner, and then gives the
    # app role its rights (manage.py databaserol, tests/beoordeling/test_alleen_aanvullen.py).
    for naam in ("web", "worker", "beat"):
        assert diensten[naam]["environment"]["DATABASE_URL"] == "postgres://wlz:vervang-mij-ook@postgres:5432/wlz"
        assert diensten[naam]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert diensten[naam]["environment"]["CLAMD_URL"] == "tcp://clamav:3310"  # every upload scanned
    assert diensten["postgres"]["environment"]["POSTGRES_USER"] == "wlz_eigenaar"
    assert diensten["migrate"]["environment"]["DATABASE_URL"] == (
        "postgres://wlz_eigenaar:vervang-mij@postgres:5432/wlz")
    assert diensten["migrate"]["command"][-1] == (
        "python manage.py migrate --noinput && python manage.py databaserol wlz")
    # The way in is nginx, on the file tests/wlzportal/test_nginx.py runs; gunicorn is not published.
    assert "ports" not in diensten["web"]
    assert {int(poort["published"]) for poort in diensten["nginx"]["ports"]} == {80, 443}
    assert (str(tmp_path / "deploy" / "nginx.conf"), "/etc/nginx/nginx.conf", True) in koppelingen(diensten["nginx"])


def test_compose_diensten_en_omgeving():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    diensten = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(diensten)
    assert "healthcheck" in diensten["postgres"] and "healthcheck" in diensten["redis"]
    for naam in ("web", "worker", "beat"):
        omgeving = diensten[naam]["environment"]
        # The same variables wlzportal.settings reads and the test suite switches on.
        assert omgeving["DATABASE_URL"].startswith("postgres://")
        assert omgeving["REDIS_URL"].startswith("redis://")
        assert omgeving["DJANGO_DEBUG"] == "false"
    # gunicorn as the Dockerfile starts it, which is how tests/productie.py runs it.
    assert diensten["web"]["command"] == gunicorn_opdracht()
    assert diensten["web"]["expose"] == ["8000"] and "ports" not in diensten["web"]
    # Only nginx is in front, on the configuration tests/wlzportal/test_nginx.py runs, and the app knows it.
    assert diensten["nginx"]["image"].startswith("nginx:")
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in diensten["nginx"]["volumes"]
    assert NGINX_CONF == ROOT / "deploy" / "nginx.conf"
    assert re.search(r"^\s*upstream portal \{\s*server web:8000;", NGINX_CONF.read_text(), re.M)
    assert "web" in diensten["nginx"]["depends_on"]
    assert diensten["web"]["environment"]["WLZ_ACHTER_PROXY"] == "true"
    # Without Celery's start-up banner: stdout holds only the JSON log lines (LOG_FORMAAT, wlzportal/logboek.py).
    assert diensten["worker"]["command"][:8] == ["nice", "-n", "10", "celery", "-A", "wlzportal", "--quiet", "worker"]
    assert diensten["beat"]["command"][:5] == ["celery", "-A", "wlzportal", "--quiet", "beat"]
    for naam in ("web", "worker", "beat"):
        assert diensten[naam]["environment"]["LOG_FORMAAT"] == "json"


def test_env_voorbeeld_noemt_elke_gelezen_variabele():
    gelezen = set()
    for bestand in [ROOT / "wlzportal" / "settings.py"]:
        gelezen |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', bestand.read_text()))
    voorbeeld = (ROOT / ".env.example").read_text()
    ontbrekend = {naam for naam in gelezen if naam not in voorbeeld}
    assert not ontbrekend, f".env.example mist {sorted(ontbrekend)}"
