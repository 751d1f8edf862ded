"""Settings: laptop defaults with nothing set, production hardening with the documented variables."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.certificaten import zegel_bestanden

ROOT = Path(__file__).resolve().parents[2]
PRODUCTIE = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k" * 20 + "-een-lange-willekeurige-sleutel-voor-productie-0123456789",
    "DJANGO_ALLOWED_HOSTS": "inschrijven.example.nl",
}


def _schone_omgeving(**extra):
    basis = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_"))}
    return {**basis, **extra}


def _instellingen(omgeving, tmp_path):
    code = ("import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({"
            "'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
            "'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['BACKEND'], 'tz': s.TIME_ZONE, "
            "'use_tz': s.USE_TZ, 'taal': s.LANGUAGE_CODE, 'talen': [c for c, _ in s.LANGUAGES]}))")
    uit = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**omgeving, "DJANGO_SETTINGS_MODULE": "wlzportal.settings",
                              "WLZ_VAR_DIR": str(tmp_path)})
    return json.loads(uit.stdout.strip().splitlines()[-1])


def test_zonder_omgeving_sqlite_en_bestandsbroker(tmp_path):
    s = _instellingen(_schone_omgeving(), tmp_path)
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"] == str(tmp_path / "db.sqlite3")
    assert s["broker"] == "filesystem://"
    assert s["cache"].endswith("LocMemCache")
    assert (s["tz"], s["use_tz"], s["taal"]) == ("Europe/Amsterdam", True, "nl")
    assert s["talen"] == ["nl", "en"]


def test_database_url_en_redis_url_schakelen_over(tmp_path):
    s = _instellingen(_schone_omgeving(DATABASE_URL="postgres://u:p@db:5432/wlz",
                                       REDIS_URL="redis://cache:6379/0"), tmp_path)
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["broker"] == "redis://cache:6379/0"
    assert s["cache"].endswith("RedisCache")


def _check_deploy(tmp_path, **extra):
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, capture_output=True, text=True,
                          env=_schone_omgeving(**PRODUCTIE, WLZ_VAR_DIR=str(tmp_path), **extra))


def test_check_deploy_zonder_waarschuwingen_in_productie(tmp_path):
    uit = _check_deploy(tmp_path, **zegel_bestanden(tmp_path))
    assert uit.returncode == 0, uit.stdout + uit.stderr
    assert "System check identified no issues (0 silenced)." in uit.stdout


def test_check_deploy_waarschuwt_voor_het_zelf_gemaakte_certificaat_en_weigert_een_onleesbaar(tmp_path):
    uit = _check_deploy(tmp_path)
    assert uit.returncode != 0 and "wlz.W010" in uit.stderr + uit.stdout
    zegel = zegel_bestanden(tmp_path)
    (tmp_path / "zegel.pem").write_text("geen certificaat")
    uit = _check_deploy(tmp_path, **zegel)
    assert uit.returncode != 0 and "wlz.E010" in uit.stderr + uit.stdout


def test_productie_zonder_geheime_sleutel_start_niet(tmp_path):
    omgeving = _schone_omgeving(DJANGO_DEBUG="false", WLZ_VAR_DIR=str(tmp_path))
    uit = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
                         env=omgeving)
    assert uit.returncode != 0
    assert "DJANGO_SECRET_KEY" in uit.stderr
