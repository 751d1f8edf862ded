#!/usr/bin/env python3
"""Mutation testing of the pure rule modules with their fast unit tests (``make mutate``).

Runs mutmut (configured in ``[tool.mutmut]`` of pyproject.toml: which modules, which test files) from a
clean ``mutants/`` folder, prints every surviving mutant with its diff, and ends with the line

    mutate: S of M mutants survived

where *surviving* counts mutants no test killed (survived), mutants no selected test reaches (no tests) and
mutants whose outcome was unclear (suspicious); a time-out counts as killed. It exits non-zero when more
than ``--grens`` percent (default 5) survived. Run it under ``scripts/testenv.py`` (the Makefile does), since
some of the selected tests use the database.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OVERLEVEND = ("survived", "no tests", "suspicious")


def _mutmut(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=ROOT, text=True, **kwargs)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grens", type=float, default=5.0, help="maximum percentage surviving (default 5)")
    parser.add_argument("--kinderen", type=int, default=os.cpu_count() or 2, help="parallel mutant runs")
    args = parser.parse_args(argv)

    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    log = ROOT / "var" / "mutmut.log"
    log.parent.mkdir(exist_ok=True)
    begin = time.monotonic()
    with open(log, "w") as uitvoer:
        # mutmut draws a progress spinner; it goes to the log, the summary below is what matters.
        run = _mutmut("run", "--max-children", str(args.kinderen), stdout=uitvoer, stderr=subprocess.STDOUT)
    duur = time.monotonic() - begin
    if run.returncode != 0 or not (ROOT / "mutants").exists():
        sys.stdout.write(log.read_text()[-4000:])
        print(f"mutate: mutmut stopte met code {run.returncode} (log: {log})")
        return 2

    resultaten = _mutmut("results", "--all", "true", capture_output=True, check=True).stdout
    status = {}
    for regel in resultaten.splitlines():
        naam, _sep, uitkomst = regel.strip().rpartition(": ")
        if naam:
            status[naam] = uitkomst
    overlevers = sorted(naam for naam, uitkomst in status.items() if uitkomst in OVERLEVEND)
    for naam in overlevers:
        diff = _mutmut("show", naam, capture_output=True).stdout
        print(f"\n## {naam} ({status[naam]})")
        print("\n".join(r for r in diff.splitlines() if r[:1] in "+-" and not r.startswith(("+++", "---"))))

    per_module: dict[str, list[int]] = {}
    for naam, uitkomst in status.items():
        module = naam.split(".x_")[0].split(".xǁ")[0]
        telling = per_module.setdefault(module, [0, 0])
        telling[0] += uitkomst in OVERLEVEND
        telling[1] += 1
    print(f"\nper module (overlevend / totaal), in {duur:.0f} s:")
    for module, (s, m) in sorted(per_module.items()):
        print(f"  {module:40} {s:4} / {m}")
    totaal = len(status)
    print(f"mutate: {len(overlevers)} of {totaal} mutants survived")
    return 1 if totaal == 0 or len(overlevers) * 100 > args.grens * totaal else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
