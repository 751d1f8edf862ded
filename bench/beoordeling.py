#!/usr/bin/env python
"""Benchmark of the assessment for a national round.

Seeds two closed rounds with N submitted inschrijvingen each (default 2,000; one real type-3 dossier with real PDF
documents made through the services, the rest copies of its snapshot for other zorgaanbieders), then

- the baseline: steps 1 and 2 for the first round in this process, batch by batch as the task runs them
  (``pipeline.uitvoeren``), without broker or workers;
- the figure: the second round's pipeline started as beat starts it (``tasks.start_ronde``: commit, then dispatch)
  and timed until every inschrijving is through, on W Celery workers as docker-compose runs them (default 2,
  concurrency 1 each) on Redis; both rounds must end with the same outcomes.

The seeder is also used by tests/beoordeling/storing_ronde.py. Run with the other benchmarks by ``make bench``, or
alone: ``make bench BENCH=beoordeling.py``.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wlzportal.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402


def seed(aantal: int, *, eerste_kvk: int = 60000000):
    """A closed round with ``aantal`` submitted inschrijvingen; the zorgaanbieders get KvK numbers from
    ``eerste_kvk`` on (another round in the same database needs other numbers)."""
    import time_machine

    from bench.zaaien import kopieen
    from inschrijving import lezingen, scannen, services
    from tests.factories import WACHTWOORD, GebruikerFactory, ZorgkantoorFactory
    from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving

    sluiting = (timezone.now() - timedelta(hours=1)).replace(microsecond=0)
    zk = ZorgkantoorFactory(naam=f"Zorgkantoor bench {time.time_ns()}")
    inkopers = [GebruikerFactory(inkoper=True, zorgkantoor=zk) for _ in range(2)]
    with time_machine.travel(sluiting - timedelta(days=2), tick=False):
        ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=sluiting)
        voorbeeld, bestuurder = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)
        # Scanned and read before it is submitted, as documents are long before a deadline (issue 11): the snapshot
        # carries its readings, so both rounds have the same findings whenever a worker gets to the queued reads.
        scannen.wachtende_scannen(voorbeeld)
        for document in voorbeeld.documenten.all():
            lezingen.lezen(document.pk)
        indiening = services.indienen(inschrijving=voorbeeld, door=bestuurder, wachtwoord=WACHTWOORD)
    kopieen(indiening, nummers=range(aantal - 1), kvk=eerste_kvk, naam=lambda n, _kvk: f"Stichting Bench {n:05d}",
            bestuurder=bestuurder, sluiting=sluiting)
    return ronde, zk, inkopers


def _uitkomsten(ronde) -> list[tuple]:
    from beoordeling.models import Toetsresultaat

    return sorted(Toetsresultaat.objects.filter(beoordeling__inschrijving__ronde=ronde)
                  .values_list("regel", "uitkomst").annotate(n=Count("pk")).values_list("regel", "uitkomst", "n"))


def _wacht_tot_klaar(qs, max_seconden: float) -> None:
    from beoordeling.models import Fase

    einde = time.perf_counter() + max_seconden
    while qs.filter(fase=Fase.NIEUW).exists() and time.perf_counter() < einde:
        time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-seconden", type=int, default=600)
    args = parser.parse_args()

    from bench.meting import meld, postgres_instellingen
    from bench.stapel import CeleryWorkers
    from beoordeling import pipeline, tasks
    from beoordeling.models import Beoordeling, Fase

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        print(f"PostgreSQL: {postgres_instellingen(cursor)}")
    t0 = time.perf_counter()
    ronde, zk, _inkopers = seed(args.aantal, eerste_kvk=60_000_000)
    basis_ronde, basis_zk, _ = seed(args.aantal, eerste_kvk=62_000_000)
    print(f"seed: 2 rondes van {args.aantal} ingediende inschrijvingen in {time.perf_counter() - t0:.1f} s")

    # Baseline: the same steps in this process, batch by batch as the task runs them, no broker, no workers.
    with transaction.atomic():
        ids = pipeline.beoordelingen_aanmaken(ronde=basis_ronde, zorgkantoor=basis_zk)
    start = time.perf_counter()
    for i in range(0, len(ids), tasks.PER_TAAK):
        pipeline.uitvoeren(ids[i:i + tasks.PER_TAAK])
    in_proces = time.perf_counter() - start
    basis_klaar = Beoordeling.objects.filter(pk__in=ids).exclude(fase=Fase.NIEUW).count()
    print(f"in het proces: {basis_klaar} van {len(ids)} in {in_proces:.1f} s")

    log_map = Path(os.environ.get("WLZ_VAR_DIR", "/tmp")) / "bench"  # noqa: S108
    with CeleryWorkers(log_map, aantal=args.workers, concurrency=1, naam="stappen"):
        start = time.perf_counter()
        with transaction.atomic():  # as beat's start_gesloten_rondes: commit, then dispatch
            gestart = tasks.start_ronde(ronde=ronde, zorgkantoor=zk)
        qs = Beoordeling.objects.filter(inschrijving__ronde=ronde)
        _wacht_tot_klaar(qs, args.max_seconden)
        duur = time.perf_counter() - start
    klaar = qs.exclude(fase=Fase.NIEUW).count()
    # Same results: both rounds end with the same outcomes (their seeded dossiers are identical).
    gelijk = _uitkomsten(ronde) == _uitkomsten(basis_ronde) and klaar == gestart == basis_klaar == args.aantal
    verhouding = duur / in_proces
    aantal = f"{args.aantal:,}".replace(",", ".")
    meld(f"stap 1 en 2 voor {aantal} inschrijvingen, {args.workers} workers",
         doel="≤ 30 s, en ≤ 1,5x dezelfde stappen in het proces",
         gemeten=f"{duur:.1f} s voor {klaar} van {gestart} ({klaar / duur:.0f} per seconde), "
                 f"{args.workers} Celery-workers op Redis, {tasks.PER_TAAK} per taak",
         basis=f"{in_proces:.1f} s in het proces ({basis_klaar / in_proces:.0f} per seconde)",
         verhouding=verhouding, gehaald=duur <= 30 and verhouding <= 1.5 and gelijk,
         details={"gelijke_uitkomsten": gelijk})
    return 0 if gelijk else 1


if __name__ == "__main__":
    sys.exit(main())
