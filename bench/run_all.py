#!/usr/bin/env python
"""``make bench``: every benchmark in turn, on PostgreSQL at production settings (``scripts/testenv.py --productie``),
Redis, gunicorn and Celery workers as production runs them; then every figure with its goal, measurement, baseline
and ratio, and the last line ``bench: N of M goals met``.

The goals are issue 10's, and issue 11's for reading documents (``lezen.py``). A benchmark that stops before
reporting a figure leaves it not met.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HIER = Path(__file__).resolve().parent

#: (script, its arguments, the figures it reports) — in the order they run.
BENCHMARKS = [
    ("upload_geheugen.py", [], ["upload 25 MB via nginx en gunicorn: geheugengroei",
                                "upload 25 MB via nginx en gunicorn: doorvoer tegen sha256sum"]),
    ("pdf.py", [], ["ontvangstbevestiging tegen een kale ondertekende PDF/A van 2 pagina's",
                    "besluitbrief tegen een kale ondertekende PDF/A van 2 pagina's"]),
    ("beoordeling.py", [], ["stap 1 en 2 voor 2.000 inschrijvingen, 2 workers"]),
    ("paginas.py", [], ["werkvoorraad en beoordelingspagina: queries van 100 tot 10.000",
                        "werkvoorraad bij 10.000 tegen de kale view"]),
    ("export.py", [], ["export van de werkvoorraad bij 10.000 als Excel, door een worker"]),
    ("indienen.py", [], ["piek: 200 indieningen binnen 2 s",
                         "aanhoudend: indieningen per seconde bij p95 < 1 s"]),
    ("lezen.py", [], ["lezen: feiten uit tekst-PDF's (recall)", "lezen: feiten uit scans (recall)",
                      "lezen: pagina's per seconde, tekstlaag", "lezen: pagina's per seconde, OCR",
                      "lezen: van upload tot signalen, scan van 10 pagina's"]),
]


def _machine() -> str:
    kernen = os.cpu_count()
    load = os.getloadavg()
    geheugen = next((r.split()[1] for r in Path("/proc/meminfo").read_text().splitlines()
                     if r.startswith("MemTotal")), "?")
    model = next((r.split(":", 1)[1].strip() for r in Path("/proc/cpuinfo").read_text().splitlines()
                  if r.startswith("model name")), "?")
    mb = f"{int(geheugen) // 1024:,}".replace(",", ".")
    return f"{kernen} kernen ({model}), {mb} MB geheugen, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def main(argv: list[str]) -> int:
    alleen = set(argv)
    uitvoer = Path(tempfile.mkstemp(prefix="wlz-bench-", suffix=".jsonl")[1])
    omgeving = {**os.environ, "WLZ_BENCH_UITVOER": str(uitvoer)}
    print(f"machine bij de start: {_machine()}", flush=True)
    verwacht, status = [], 0
    begin = time.monotonic()
    for script, args, figuren in BENCHMARKS:
        if alleen and script not in alleen:
            continue
        verwacht += figuren
        print(f"\n== {script} ==", flush=True)
        t = time.monotonic()
        status |= subprocess.call([sys.executable, str(HIER / script), *args], env=omgeving)
        print(f"== {script}: {time.monotonic() - t:.0f} s ==", flush=True)
    gemeld = {}
    for regel in uitvoer.read_text().splitlines():
        gegeven = json.loads(regel)
        gemeld[gegeven["figuur"]] = gegeven
    uitvoer.unlink()

    print(f"\n== samenvatting ({time.monotonic() - begin:.0f} s; machine aan het eind: {_machine()}) ==")
    gehaald = 0
    for figuur in verwacht:
        r = gemeld.get(figuur)
        if r is None:
            print(f"[NIET GEHAALD] {figuur}: niet gemeten (de benchmark stopte eerder)")
            continue
        gehaald += r["gehaald"]
        ratio = "-" if r["verhouding"] is None else f"{r['verhouding']:.2f}x"
        print(f"[{'GEHAALD' if r['gehaald'] else 'NIET GEHAALD'}] {figuur}\n    doel {r['doel']} | gemeten "
              f"{r['gemeten']} | basis {r['basis']} | verhouding {ratio}")
    for figuur in sorted(set(gemeld) - set(verwacht)):
        print(f"(niet verwacht, niet geteld) {figuur}: {gemeld[figuur]['gemeten']}")
    print(f"bench: {gehaald} of {len(verwacht)} goals met", flush=True)
    return 0 if gehaald == len(verwacht) and status == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
