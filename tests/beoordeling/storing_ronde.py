"""Command-line helper of tests/beoordeling/test_storingen.py, run in a subprocess against that test's own
PostgreSQL and Redis (DATABASE_URL, REDIS_URL): it seeds a closed round with the benchmark's seeder
(``bench/beoordeling.py``: one real type-3 dossier, the rest copies of its snapshot) and starts its pipeline the way
beat's ``start_gesloten_rondes`` does (``beoordeling.tasks.start_ronde``: commit, then dispatch). Prints JSON.

    python -m tests.beoordeling.storing_ronde zaai --aantal 150 --kvk 61000000 [--start] [--niet-gesloten]
    python -m tests.beoordeling.storing_ronde start --ronde 3 --zorgkantoor 4
"""

import argparse
import json
import time
from datetime import timedelta


def _start(ronde, zorgkantoor) -> dict:
    from django.db import transaction

    from beoordeling import tasks

    begin = time.monotonic()
    with transaction.atomic():
        gestart = tasks.start_ronde(ronde=ronde, zorgkantoor=zorgkantoor)
    return {"gestart": gestart, "seconden": round(time.monotonic() - begin, 2)}


def _eigen_volgnummers(vanaf: int) -> None:
    """Each run is a new process, whose factories would count from 0 again (user names, KvK numbers): count on from
    ``vanaf`` instead, different per round."""
    import factory

    from tests import factories

    for fabriek in vars(factories).values():
        if isinstance(fabriek, type) and issubclass(fabriek, factory.django.DjangoModelFactory) \
                and fabriek._meta.model is not None:
            fabriek.reset_sequence(vanaf, force=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    opdrachten = parser.add_subparsers(dest="opdracht", required=True)
    zaai = opdrachten.add_parser("zaai")
    zaai.add_argument("--aantal", type=int, required=True)
    zaai.add_argument("--kvk", type=int, required=True, help="first KvK number of the round's zorgaanbieders")
    zaai.add_argument("--start", action="store_true")
    zaai.add_argument("--niet-gesloten", action="store_true",
                      help="move the sluitingstijd a day ahead, so beat's start_gesloten_rondes leaves the round alone")
    start = opdrachten.add_parser("start")
    start.add_argument("--ronde", type=int, required=True)
    start.add_argument("--zorgkantoor", type=int, required=True)
    args = parser.parse_args()

    from django.utils import timezone

    from bench.beoordeling import seed  # sets Django up
    from inschrijving.models import Inkoopronde, Zorgkantoor

    if args.opdracht == "zaai":
        _eigen_volgnummers(args.kvk // 1000)
        ronde, zorgkantoor, _inkopers = seed(args.aantal, eerste_kvk=args.kvk)
        if args.niet_gesloten:
            Inkoopronde.objects.filter(pk=ronde.pk).update(sluiting_inschrijving=timezone.now() + timedelta(days=1))
        uit = {"ronde": ronde.pk, "zorgkantoor": zorgkantoor.pk}
        if args.start:
            uit |= _start(ronde, zorgkantoor)
    else:
        uit = _start(Inkoopronde.objects.get(pk=args.ronde), Zorgkantoor.objects.get(pk=args.zorgkantoor))
    print(json.dumps(uit), flush=True)


if __name__ == "__main__":
    main()
