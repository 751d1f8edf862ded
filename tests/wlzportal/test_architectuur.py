"""The apps depend on each other in one direction: kwaliteit and lezen ← inschrijving ← beoordeling (README,
Architectuur). ``lezen`` (reading documents) is pure: it imports none of them.

Read from the source with ``ast``, so an import inside a function counts as much as one at the top.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Which apps each app may import from the other project apps.
TOEGESTAAN = {"kwaliteit": set(), "lezen": set(), "inschrijving": {"kwaliteit", "lezen"},
              "beoordeling": {"kwaliteit", "inschrijving", "lezen"},
              "toegang": {"inschrijving", "beoordeling"}, "api": {"inschrijving", "beoordeling"},
              "werking": set()}


def _geimporteerde_apps(bestand: Path) -> set[str]:
    apps = set()
    for knoop in ast.walk(ast.parse(bestand.read_text(), filename=str(bestand))):
        if isinstance(knoop, ast.Import):
            namen = [alias.name for alias in knoop.names]
        elif isinstance(knoop, ast.ImportFrom) and knoop.level == 0 and knoop.module:
            namen = [knoop.module]
        else:
            continue
        apps |= {naam.split(".")[0] for naam in namen} & set(TOEGESTAAN)
    return apps


@pytest.mark.parametrize("app", sorted(TOEGESTAAN))
def test_afhankelijkheden_in_een_richting(app):
    overtredingen = []
    for bestand in sorted((ROOT / app).rglob("*.py")):
        verboden = _geimporteerde_apps(bestand) - TOEGESTAAN[app] - {app}
        if verboden:
            overtredingen.append(f"{bestand.relative_to(ROOT)} importeert {', '.join(sorted(verboden))}")
    assert not overtredingen, "\n".join(overtredingen)


def test_de_controle_ziet_een_import_in_een_functie(tmp_path):
    bestand = tmp_path / "views.py"
    bestand.write_text("def f():\n    from beoordeling.audit import log\n    import kwaliteit.models\n")
    assert _geimporteerde_apps(bestand) == {"beoordeling", "kwaliteit"}
