#!/usr/bin/env python3
"""Mutation testing of the pure rule modules with their fast unit tests (``make mutate``).

The groups are ``[tool.mutate.groepen.*]`` in pyproject.toml: which modules, which test files. Each group runs
mutmut on its own copy of the tree (under ``var/mutate/``), with ``only_mutate`` and the test selection of that
group and the shared ``[tool.mutmut]`` settings, so a mutant only runs the unit tests written for its module.
It prints every surviving mutant with its diff, a count per module, and ends with the line

    mutate: S of M mutants survived

where *surviving* counts mutants no test killed (survived), mutants no selected test reaches (no tests) and
mutants whose outcome was unclear (suspicious); a time-out counts as killed. It exits non-zero when more than
``--grens`` percent (default 5) survived. Run it under ``scripts/testenv.py`` (the Makefile does): some of the
selected tests use the database.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WERKMAP = ROOT / "var" / "mutate"
OVERLEVEND = ("survived", "no tests", "suspicious")
NIET_KOPIEREN = {".git", ".venv", "var", "mutants", "node_modules", "__pycache__", ".ruff_cache"}


def _toml_lijst(waarden: list[str]) -> str:
    return "[" + ", ".join(json.dumps(w) for w in waarden) + "]"


def _kopie(naam: str, groep: dict, gedeeld: dict) -> Path:
    """A copy of the tree whose pyproject.toml has this group's [tool.mutmut]."""
    doel = WERKMAP / naam
    shutil.rmtree(doel, ignore_errors=True)
    shutil.copytree(ROOT, doel, ignore=lambda _map, namen: [n for n in namen if n in NIET_KOPIEREN])
    pytest_args = list(gedeeld.get("pytest_add_cli_args", []))
    for node in groep.get("deselect", []):
        pytest_args += ["--deselect", node]
    sectie = "\n".join([
        "[tool.mutmut]",
        f"source_paths = {_toml_lijst(gedeeld['source_paths'])}",
        f"also_copy = {_toml_lijst(gedeeld.get('also_copy', []))}",
        f"only_mutate = {_toml_lijst(groep['modules'])}",
        f"pytest_add_cli_args_test_selection = {_toml_lijst(groep['tests'])}",
        f"pytest_add_cli_args = {_toml_lijst(pytest_args)}",
        "",
    ])
    tekst = (ROOT / "pyproject.toml").read_text()
    begin = tekst.index("[tool.mutmut]")
    (doel / "pyproject.toml").write_text(tekst[:begin] + sectie)
    return doel


def _mutmut(map_: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=map_, text=True, **kwargs)


def _groep(naam: str, groep: dict, gedeeld: dict, kinderen: int) -> dict[str, tuple[str, str]]:
    """Run one group; {mutant: (status, diff of a surviving mutant)}."""
    map_ = _kopie(naam, groep, gedeeld)
    log = map_ / "mutmut.log"
    with open(log, "w") as uitvoer:
        # mutmut draws a progress spinner: it goes to the log, the summary is what matters.
        run = _mutmut(map_, "run", "--max-children", str(kinderen), stdout=uitvoer, stderr=subprocess.STDOUT)
    if run.returncode != 0 or not (map_ / "mutants").exists():
        sys.stdout.write(log.read_text()[-4000:])
        raise SystemExit(f"mutate: mutmut stopte met code {run.returncode} in groep {naam} (log: {log})")
    resultaten = _mutmut(map_, "results", "--all", "true", capture_output=True, check=True).stdout
    uit = {}
    for regel in resultaten.splitlines():
        mutant, _sep, status = regel.strip().rpartition(": ")
        if mutant:
            diff = ""
            if status in OVERLEVEND:
                getoond = _mutmut(map_, "show", mutant, capture_output=True).stdout
                diff = "\n".join(r for r in getoond.splitlines()
                                 if r[:1] in "+-" and not r.startswith(("+++", "---")))
            uit[mutant] = (status, diff)
    return uit


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grens", type=float, default=5.0, help="maximum percentage surviving (default 5)")
    parser.add_argument("--kinderen", type=int, default=os.cpu_count() or 2, help="parallel mutant runs")
    parser.add_argument("groepen", nargs="*", help="only these groups (default: all)")
    args = parser.parse_args(argv)

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]
    gedeeld, groepen = config["mutmut"], config["mutate"]["groepen"]
    namen = args.groepen or list(groepen)
    begin = time.monotonic()
    status: dict[str, tuple[str, str]] = {}
    duur = {}
    for naam in namen:
        start = time.monotonic()
        status |= _groep(naam, groepen[naam], gedeeld, args.kinderen)
        duur[naam] = time.monotonic() - start

    overlevers = sorted(m for m, (s, _d) in status.items() if s in OVERLEVEND)
    for mutant in overlevers:
        print(f"\n## {mutant} ({status[mutant][0]})\n{status[mutant][1]}")
    per_module: dict[str, list[int]] = {}
    for mutant, (s, _d) in status.items():
        module = mutant.split(".x_")[0].split(".xǁ")[0]
        telling = per_module.setdefault(module, [0, 0])
        telling[0] += s in OVERLEVEND
        telling[1] += 1
    print(f"\nper module (overlevend / totaal); {time.monotonic() - begin:.0f} s in all, per group "
          + ", ".join(f"{n} {d:.0f} s" for n, d in duur.items()) + ":")
    for module, (s, m) in sorted(per_module.items()):
        print(f"  {module:40} {s:4} / {m}")
    print(f"mutate: {len(overlevers)} of {len(status)} mutants survived")
    return 1 if not status or len(overlevers) * 100 > args.grens * len(status) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
