"""Pinned dependencies (issue 13, item 5): one lock file, requirements.lock (``make lock``: uv compiles pyproject.toml
with its test extra, with hashes), that ``make run``, ``make test`` (hence .ci/run) and the Dockerfile all install
from, so a clean clone next month installs exactly what the tests passed with."""

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

LOCK = ROOT / "requirements.lock"


def gepind() -> dict[str, str]:
    """Name → version of every package in the lock; each pin must carry its hashes."""
    pins = {}
    blokken = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text().split("\n", 2)[2])
    for blok in blokken:
        gevonden = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\\n]+)", blok)
        assert gevonden, f"geen vaste versie: {blok[:120]!r}"
        assert "--hash=sha256:" in blok, f"{gevonden[1]} zonder hash"
        pins[canonicalize_name(gevonden[1])] = gevonden[2]
    return pins


def vereisten() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]


def test_de_lock_dekt_elke_afhankelijkheid_van_pyproject():
    pins = gepind()
    ontbrekend = sorted({str(r) for r in vereisten() if canonicalize_name(r.name) not in pins})
    assert not ontbrekend, f"Niet in requirements.lock (draai `make lock`): {ontbrekend}"
    buiten = [f"{r.name}=={pins[canonicalize_name(r.name)]} ({r.specifier})" for r in vereisten()
              if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)]
    assert not buiten, f"De lock valt buiten pyproject.toml (draai `make lock`): {buiten}"
    # The extras pull in their own packages, locked as well (celery[redis], django-structlog[celery], tablib[xlsx]).
    assert {"redis", "kombu", "openpyxl", "django-ipware"} <= pins.keys()


def test_make_installeert_uit_de_lock():
    makefile = (ROOT / "Makefile").read_text()
    stempel = re.search(r"^\$\(VENV\)/\.geinstalleerd: (.*)\n((?:\t.*\n)+)", makefile, re.M)
    assert stempel, "het Makefile heeft geen installatiestempel"
    assert stempel[1].split() == ["requirements.lock"]  # a new lock reinstalls
    installaties = [regel for regel in stempel[2].splitlines() if "pip install" in regel]
    assert installaties[-1].strip() == "$(PY) -m pip install --quiet --require-hashes -r requirements.lock"
    assert all("--upgrade pip" in regel for regel in installaties[:-1]), installaties
    for doel in ("run", "test"):
        assert re.search(rf"^{doel}: install\b", makefile, re.M), f"make {doel} installeert niet eerst"
    assert re.search(r"^lock:.*\n\t.*uv pip compile pyproject\.toml --extra test .*--generate-hashes", makefile, re.M)
    # CI runs exactly the README's command, `make test`, and so installs from the lock as well.
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == "make test" and "pip install" not in "\n".join(ci)


def test_het_dockerfile_installeert_uit_de_lock():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installaties = [regel for regel in dockerfile.splitlines() if "pip install" in regel]
    assert installaties == ["RUN pip install --no-cache-dir --require-hashes -r requirements.lock"]
    assert "COPY requirements.lock ./" in dockerfile
    assert dockerfile.index("COPY requirements.lock") < dockerfile.index("pip install")
