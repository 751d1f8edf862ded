"""One format for every figure of ``make bench``: the goal, the measurement, the baseline measured in the same run,
the ratio, and whether the goal is met.

Every benchmark calls ``meld(...)`` once per figure. It prints the figure at once, and appends it as one JSON line
to the file ``$WLZ_BENCH_UITVOER`` (set by ``bench/run_all.py``), which prints the summary and the last line
``bench: N of M goals met``. A figure that a benchmark never reports (it crashed first) counts as not met there.
"""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path


def meld(figuur: str, *, doel: str, gemeten: str, basis: str, verhouding: float | None, gehaald: bool,
         details: dict | None = None) -> None:
    """Print one figure and record it for the summary. ``verhouding`` is measurement / baseline (None where the
    goal has no baseline, e.g. an error count)."""
    regel = {"figuur": figuur, "doel": doel, "gemeten": gemeten, "basis": basis,
             "verhouding": None if verhouding is None else round(verhouding, 2), "gehaald": bool(gehaald),
             "details": details or {}}
    print(f"\n[{'GEHAALD' if gehaald else 'NIET GEHAALD'}] {figuur}\n"
          f"  doel:       {doel}\n  gemeten:    {gemeten}\n  basis:      {basis}\n"
          f"  verhouding: {'-' if verhouding is None else f'{verhouding:.2f}x'}", flush=True)
    uitvoer = os.environ.get("WLZ_BENCH_UITVOER")
    if uitvoer:
        with Path(uitvoer).open("a") as fh:
            fh.write(json.dumps(regel, ensure_ascii=False) + "\n")


def percentiel(waarden: list[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation, as numpy's default; the list need not be sorted."""
    if not waarden:
        return float("nan")
    if len(waarden) == 1:
        return waarden[0]
    return statistics.quantiles(waarden, n=100, method="inclusive")[min(98, max(0, round(p) - 1))] \
        if p not in (0, 100) else (min(waarden) if p == 0 else max(waarden))


def ms(seconden: float) -> str:
    return f"{seconden * 1000:,.0f} ms".replace(",", ".")


def postgres_instellingen(cursor) -> str:
    """The durability settings of the database the benchmark runs on, printed beside its figures."""
    waarden = []
    for naam in ("fsync", "synchronous_commit", "full_page_writes"):
        cursor.execute(f"SHOW {naam}")
        waarden.append(f"{naam}={cursor.fetchone()[0]}")
    return ", ".join(waarden)
