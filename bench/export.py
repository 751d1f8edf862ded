#!/usr/bin/env python
"""Benchmark of an export of a national round (issue 13, item 3): the werkvoorraad of a round of 10.000
inschrijvingen as Excel, asked as the page asks it and made by a Celery worker as docker-compose runs it.

Seeds a closed round of N (default 10.000) submitted inschrijvingen with their beoordelingen in fase controle, the
vault opened (``bench.paginas.seed``). Then, interleaved, R times each:

- the figure: an ``Export`` row as the exports page makes it, ``export_maken`` queued on Redis, timed until the worker
  has stored the file (status klaar), polled every 50 ms as the page's htmx polls (less often); the progress values
  the worker recorded meanwhile are counted (a large export must show progress);
- the baseline: the same columns for the same rows from one ``values_list`` query in this process, written by tablib
  as XLSX: what an export costs at the least, without the portal's scoping, its row function or the worker.

Goal: median ≤ 2x the median baseline, and ≤ 60 s. Every file is opened with openpyxl: N data rows and the header,
else the figure is not met.

    .venv/bin/python scripts/testenv.py --productie -- .venv/bin/python bench/run_all.py export.py
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.instellingen"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.meting import meld, ms, postgres_instellingen  # noqa: E402

FIGUUR = "export van de werkvoorraad bij 10.000 als Excel, door een worker"
MAX_VERHOUDING = 2.0
MAX_SECONDEN = 60


def basis(ronde) -> tuple[float, bytes]:
    """The same columns for the same rows, one query, tablib, XLSX, in this process."""
    import tablib

    from beoordeling.models import Beoordeling

    start = time.perf_counter()
    rijen = (Beoordeling.objects.filter(inschrijving__ronde=ronde)
             .order_by("inschrijving__zorgaanbieder__statutaire_naam", "pk")
             .values_list("inschrijving__zorgaanbieder__kvk_nummer", "inschrijving__zorgaanbieder__statutaire_naam",
                          "inschrijving__ronde__naam", "inschrijving__aanbieder_type", "fase",
                          "toegewezen_aan__username", "pk", "pk", "pk", "bijgewerkt_op"))
    data = tablib.Dataset(headers=[f"kolom {n}" for n in range(10)])
    for rij in rijen.iterator(chunk_size=2000):
        data.append([*rij[:9], timezone.localtime(rij[9]).replace(tzinfo=None) if rij[9] else None])
    inhoud = data.export("xlsx")
    return time.perf_counter() - start, inhoud


def export_door_worker(inkoper, ronde, max_seconden: float) -> tuple[float, object, set[int]]:
    from api.models import Export
    from api.tasks import export_maken

    with transaction.atomic():
        export = Export.objects.create(zorgkantoor_id=inkoper.zorgkantoor_id, ronde=ronde,
                                       soort=Export.Soort.WERKVOORRAAD, formaat=Export.Formaat.XLSX,
                                       aangevraagd_door=inkoper, aangevraagd_op=timezone.now())
    start = time.perf_counter()
    export_maken.delay(export.pk)
    voortgang = set()
    while time.perf_counter() - start < max_seconden:
        status, procent = Export.objects.filter(pk=export.pk).values_list("status", "voortgang").get()
        voortgang.add(procent)
        if status in (Export.Status.KLAAR, Export.Status.MISLUKT):
            break
        time.sleep(0.05)
    duur = time.perf_counter() - start
    return duur, Export.objects.get(pk=export.pk), voortgang


def _rijen(inhoud: bytes) -> tuple[int, tuple]:
    import openpyxl

    blad = openpyxl.load_workbook(io.BytesIO(inhoud), read_only=True).active
    rijen = list(blad.iter_rows(values_only=True))
    return len(rijen) - 1, rijen[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=10_000)
    parser.add_argument("--keer", type=int, default=3)
    args = parser.parse_args()

    from api.models import Export
    from bench.paginas import seed
    from bench.stapel import CeleryWorkers

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        print(f"PostgreSQL: {postgres_instellingen(cursor)}")
    t0 = time.perf_counter()
    ronde, _zk, inkoper, _echt = seed(args.aantal, 56_000_000, volgnummer=7)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seed: een ronde van {args.aantal} beoordelingen in {time.perf_counter() - t0:.1f} s", flush=True)

    fouten, figuren, basissen, voortgangen = [], [], [], []
    log_map = Path(os.environ.get("WLZ_VAR_DIR", "/tmp")) / "bench"  # noqa: S108
    with CeleryWorkers(log_map, aantal=1, concurrency=1, naam="export"):
        basis(ronde)  # warm-up: the query plan, tablib and openpyxl imported
        for keer in range(args.keer):
            duur_basis, inhoud_basis = basis(ronde)
            duur, export, voortgang = export_door_worker(inkoper, ronde, MAX_SECONDEN * 2)
            if export.status != Export.Status.KLAAR:
                fouten.append(f"export {export.pk}: {export.status} {export.fout}")
                continue
            with export.bestand.open("rb") as fh:
                aantal, kop = _rijen(fh.read())
            if aantal != args.aantal or kop[0] != "KvK-nummer" or export.aantal_rijen != args.aantal:
                fouten.append(f"export {export.pk}: {aantal} rijen, kop {kop[:2]}")
            if _rijen(inhoud_basis)[0] != args.aantal:
                fouten.append("de basis heeft niet alle rijen")
            figuren.append(duur)
            basissen.append(duur_basis)
            voortgangen.append(len(voortgang - {0, 100}))
            print(f"  {keer + 1}: worker {duur:.2f} s ({len(voortgang - {0, 100})} tussenstanden), "
                  f"basis {duur_basis:.2f} s", flush=True)

    if not figuren:
        meld(FIGUUR, doel=f"≤ {MAX_VERHOUDING:g}x de basis en ≤ {MAX_SECONDEN} s", gemeten="niet gemeten", basis="-",
             verhouding=None, gehaald=False, details={"fouten": fouten[:5]})
        return 1
    mediaan, mediaan_basis = statistics.median(figuren), statistics.median(basissen)
    verhouding = mediaan / mediaan_basis
    tussenstanden = min(voortgangen)
    gehaald = (verhouding <= MAX_VERHOUDING and mediaan <= MAX_SECONDEN and not fouten and tussenstanden > 0)
    meld(FIGUUR, doel=f"≤ {MAX_VERHOUDING:g}x de basis en ≤ {MAX_SECONDEN} s, met voortgang onderweg",
         gemeten=f"{mediaan:.2f} s mediaan van {len(figuren)} (max {max(figuren):.2f} s) voor {args.aantal} rijen, "
                 f"van de vraag tot het opgeslagen bestand; ten minste {tussenstanden} tussenstanden van de voortgang",
         basis=f"{ms(mediaan_basis)} mediaan: dezelfde kolommen en rijen uit één query, tablib, XLSX, in het proces",
         verhouding=verhouding, gehaald=gehaald, details={"fouten": fouten[:5]})
    return 0 if not fouten else 1


if __name__ == "__main__":
    sys.exit(main())
