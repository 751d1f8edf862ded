#!/usr/bin/env python
"""Benchmark of the zorginkoper's two pages: the werkvoorraad (first page, 50 rows, default sort) and the detail
page of one beoordeling, at 100, 2.000 and 10.000 inschrijvingen in the round.

Seeds three closed rounds in one database (one per size, each its own zorgkantoor and zorginkoper, vault opened):
one real type-3 dossier per round made and submitted through the services, and steps 1 and 2 run on it in this
process; the other N-1 are bulk copies (zorgaanbieder, inschrijving, indiening of its snapshot) whose beoordeling
gets that dossier's results, step-1 runs and audit lines copied in SQL, in fase controle. Then ANALYZE.

Two figures (``bench.meting.meld``):

1. the number of SQL queries of each page per size, through Django's test client in this process
   (CaptureQueriesContext, as tests/beoordeling/test_werkvoorraad.py counts them); goal at most 12 each and the
   same at every size; baseline the bare view's count;
2. the server time of the werkvoorraad at 10.000 against the bare view (``bench/urls.py``: the same 50 rows from
   one query, a minimal template, the same middleware and user check), both over HTTP against gunicorn as
   production runs it (``bench.stapel.Gunicorn``: the Dockerfile's command, 4 workers, DEBUG off) with a real
   staff session (password, then the TOTP code); median of 15 requests each after warm-up, interleaved. Goal at
   most 2x the bare view. Printed beside it, not as goals: the times at 100 and 2.000 and the detail page's.

    .venv/bin/python scripts/testenv.py --productie -- .venv/bin/python bench/run_all.py paginas.py
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The bench's settings: the portal's, plus the bare view's URL and template (bench/instellingen.py).
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.instellingen"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.meting import meld, ms, postgres_instellingen  # noqa: E402

#: Round size -> first KvK number of its zorgaanbieders (other benchmarks share the database: other numbers).
GROOTTES = {100: 50000000, 2000: 51000000, 10000: 52000000}
MAX_QUERIES = 12
MAX_VERHOUDING = 2.0
FIGUUR_QUERIES = "werkvoorraad en beoordelingspagina: queries van 100 tot 10.000"
FIGUUR_TIJD = "werkvoorraad bij 10.000 tegen de kale view"


def _kolommen(model, zonder: tuple[str, ...]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if not f.primary_key and f.name not in zonder]


def _kopieer(cursor, model, sleutel: str, bron: int, doelen_sql: str, params: list) -> int:
    """INSERT ... SELECT: every row of ``model`` with ``sleutel`` = ``bron`` once more for each id that
    ``doelen_sql`` selects (with ``params``)."""
    tabel = model._meta.db_table
    veld = model._meta.get_field(sleutel).column
    kolommen = _kolommen(model, (sleutel,))
    lijst = ", ".join(f'"{k}"' for k in kolommen)
    uit_bron = ", ".join(f'r."{k}"' for k in kolommen)
    # Table and column names from the models' own metadata, the values as parameters.
    cursor.execute(f'INSERT INTO "{tabel}" ("{veld}", {lijst}) SELECT d.id, {uit_bron} '  # noqa: S608
                   f'FROM ({doelen_sql}) AS d (id) CROSS JOIN "{tabel}" AS r WHERE r."{veld}" = %s', [*params, bron])
    return cursor.rowcount


def seed(aantal: int, eerste_kvk: int, volgnummer: int):
    """A closed round of one zorgkantoor with ``aantal`` submitted inschrijvingen, each with a beoordeling in fase
    controle with the results of one real dossier; the vault opened. Returns (ronde, zorgkantoor, inkoper, the
    real dossier's beoordeling)."""
    import time_machine

    from bench.zaaien import kopieen
    from beoordeling import pipeline
    from beoordeling.models import AuditRegel, Beoordeling, Fase, Toetsresultaat, Volledigheidscontrole
    from inschrijving import services
    from inschrijving.models import Inschrijving, Zorgaanbieder
    from tests.factories import (
        WACHTWOORD,
        GebruikerFactory,
        InkooprondeFactory,
        OvereenkomstFactory,
        ZorgkantoorFactory,
        kluis_geopend,
    )
    from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving

    # The factories count from 0 in every process; other benchmarks in this database made their own "gebruiker0".
    for fabriek in (GebruikerFactory, InkooprondeFactory, ZorgkantoorFactory, OvereenkomstFactory):
        fabriek.reset_sequence(eerste_kvk + volgnummer * 100 + time.time_ns() % 1000 * 100_000)
    sluiting = (timezone.now() - timedelta(hours=1)).replace(microsecond=0)
    zk = ZorgkantoorFactory(naam=f"Zorgkantoor pagina's {aantal} ({eerste_kvk})")
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk, first_name="Ilse", last_name=f"Inkoper {aantal}")
    eerste = Zorgaanbieder.objects.create(statutaire_naam=f"Stichting Pagina {0:05d} ({eerste_kvk:08d})",
                                          kvk_nummer=f"{eerste_kvk:08d}", rechtsvorm="stichting",
                                          straat="Benchstraat 1", postcode="1011 AB", plaats="Amsterdam")
    bestuurder = GebruikerFactory(tekenbevoegd=True, zorgaanbieder=eerste)
    with time_machine.travel(sluiting - timedelta(days=2), tick=False):
        ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=sluiting)
        voorbeeld, _b = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk, bestuurder=bestuurder)
        indiening = services.indienen(inschrijving=voorbeeld, door=bestuurder, wachtwoord=WACHTWOORD)

    # Names of different rounds interleave alphabetically, as a real zorgaanbieder table's do (not every other
    # round's aanbieders before this round's: the werkvoorraad's first page walks the names in order).
    kopieen(indiening, nummers=range(1, aantal), kvk=eerste_kvk,
            naam=lambda n, kvk: f"Stichting Pagina {n:05d} ({kvk})", bestuurder=bestuurder, sluiting=sluiting,
            batch_size=2000)

    with time_machine.travel(sluiting + timedelta(minutes=5), tick=False):
        pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zk)
        echt = Beoordeling.objects.get(inschrijving=voorbeeld)
        pipeline.stap1_volledigheid(echt.pk)
        pipeline.stap2_controle(echt.pk)
    echt.refresh_from_db()
    assert echt.fase == Fase.CONTROLE, echt.fase
    kluis_geopend(ronde, zk, inkoper)

    # The other assessments: what steps 1 and 2 recorded for the real dossier, copied in SQL.
    anderen = Beoordeling.objects.filter(inschrijving__ronde=ronde, inschrijving__zorgkantoor=zk).exclude(pk=echt.pk)
    with transaction.atomic(), connection.cursor() as cursor:
        doelen, params = anderen.values("pk").query.sql_with_params()
        resultaten = _kopieer(cursor, Toetsresultaat, "beoordeling", echt.pk, doelen, list(params))
        _kopieer(cursor, Volledigheidscontrole, "beoordeling", echt.pk, doelen, list(params))
        ander_inschrijving, params = (Inschrijving.objects.filter(ronde=ronde, zorgkantoor=zk)
                                      .exclude(pk=voorbeeld.pk).values("pk").query.sql_with_params())
        audit = _kopieer(cursor, AuditRegel, "inschrijving", voorbeeld.pk, ander_inschrijving, list(params))
        anderen.update(fase=echt.fase, stap1_klaar_op=echt.stap1_klaar_op, stap2_klaar_op=echt.stap2_klaar_op,
                       bijgewerkt_op=echt.bijgewerkt_op)
    print(f"  ronde van {aantal}: {echt.resultaten.count()} resultaten en "
          f"{AuditRegel.objects.filter(inschrijving=voorbeeld).count()} auditregels per dossier "
          f"({resultaten + echt.resultaten.count()} en {audit} in de ronde)", flush=True)
    return ronde, zk, inkoper, echt


def werkvoorraad_url(ronde) -> str:
    return reverse("beoordeling:werkvoorraad") + f"?ronde={ronde.pk}"


def detail_url(beoordeling) -> str:
    return reverse("beoordeling:beoordeling", args=[beoordeling.pk])


def kaal_url(ronde) -> str:
    return reverse("bench_kale_werkvoorraad", args=[ronde.pk])


def queries_tellen(client: Client, url: str) -> tuple[int, list[dict]]:
    with CaptureQueriesContext(connection) as ctx:
        antwoord = client.get(url)
    assert antwoord.status_code == 200, (url, antwoord.status_code)
    return len(ctx.captured_queries), ctx.captured_queries


def http_sessie(server, inkoper):
    """A real staff session on the server: the login form, then the TOTP code on the second-factor page."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import WACHTWOORD

    apparaat, _n = TOTPDevice.objects.get_or_create(user=inkoper, name="test", defaults={"confirmed": True})
    sessie = server.sessie()
    antwoord = sessie.inloggen(inkoper.username, WACHTWOORD)
    assert antwoord.status == 302, antwoord.uitleg()
    pagina = sessie.get("/account/tweede-factor/")
    assert pagina.status == 200, pagina.uitleg()
    code = f"{totp(apparaat.bin_key, step=apparaat.step, digits=apparaat.digits):06d}"
    antwoord = sessie.post("/account/tweede-factor/", {"code": code, "next": ""})
    assert antwoord.status == 302, antwoord.uitleg()
    return sessie


def tijd(sessie, url: str) -> float:
    """One request, start to last byte of the answer, over loopback."""
    t = time.perf_counter()
    antwoord = sessie.get(url)
    duur = time.perf_counter() - t
    assert antwoord.status == 200, antwoord.uitleg()
    return duur


def afwisselend(sessie, urls: list[str], keer: int, opwarmen: int) -> list[list[float]]:
    """``keer`` rounds of one request to each URL in turn, after ``opwarmen`` such rounds that are not counted
    (each of the four workers imports, opens its connection and fills its caches on its first requests)."""
    for _ in range(opwarmen):
        for url in urls:
            tijd(sessie, url)
    tijden = [[] for _ in urls]
    for _ in range(keer):
        for n, url in enumerate(urls):
            tijden[n].append(tijd(sessie, url))
    return tijden


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keer", type=int, default=15, help="requests per page, after the warm-up")
    parser.add_argument("--opwarmen", type=int, default=8)
    parser.add_argument("--groottes", default=",".join(str(g) for g in GROOTTES),
                        help="round sizes (from 100, 2000, 10000)")
    args = parser.parse_args()
    groottes = [int(g) for g in args.groottes.split(",")]

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        print(f"postgres: {postgres_instellingen(cursor)}")
    rondes = {}
    for volgnummer, aantal in enumerate(groottes):
        t = time.perf_counter()
        rondes[aantal] = seed(aantal, GROOTTES[aantal], volgnummer)
        print(f"seed: {aantal} ingediende inschrijvingen in controle in {time.perf_counter() - t:.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    # 1. Queries, in this process, as the test counts them.
    from tests.conftest import _verifieer_otp

    queries = {}
    for aantal, (ronde, _zk, inkoper, echt) in rondes.items():
        client = _verifieer_otp(Client(HTTP_HOST="127.0.0.1"), inkoper)
        urls = {"werkvoorraad": werkvoorraad_url(ronde), "detail": detail_url(echt), "kaal": kaal_url(ronde)}
        for url in urls.values():
            client.get(url)  # warm caches (content types, translations) once
        gevangen = {naam: queries_tellen(client, url) for naam, url in urls.items()}
        queries[aantal] = {naam: n for naam, (n, _q) in gevangen.items()}
        # Where the database time goes (this process, one request each; not a figure).
        for naam, (n, lijst) in gevangen.items():
            traagste = max(lijst, key=lambda q: float(q["time"]))
            print(f"  {naam} bij {aantal}: {n} queries, samen {sum(float(q['time']) for q in lijst) * 1000:.0f} ms; "
                  f"traagste {float(traagste['time']) * 1000:.0f} ms: {traagste['sql'][:90]}…", flush=True)
            if os.environ.get("BENCH_QUERIES") == naam:  # diagnosis: every query with its plan
                with connection.cursor() as cursor:
                    for q in lijst:
                        print(f"    {float(q['time']) * 1000:.1f} ms: {q['sql'][:300]}")
                        if q["sql"].startswith("SELECT"):
                            cursor.execute("EXPLAIN ANALYZE " + q["sql"])
                            print("      " + "\n      ".join(r[0] for r in cursor.fetchall()))
    reeks = {naam: [queries[a][naam] for a in groottes] for naam in ("werkvoorraad", "detail", "kaal")}
    gelijk = all(len(set(reeks[naam])) == 1 for naam in ("werkvoorraad", "detail"))
    binnen = all(n <= MAX_QUERIES for naam in ("werkvoorraad", "detail") for n in reeks[naam])
    meld(FIGUUR_QUERIES, doel=f"≤ {MAX_QUERIES} elk, gelijk van 100 tot 10.000",
         gemeten=(f"werkvoorraad {'/'.join(map(str, reeks['werkvoorraad']))}, "
                  f"detail {'/'.join(map(str, reeks['detail']))} "
                  f"(bij {'/'.join(f'{a:,}'.replace(',', '.') for a in groottes)})"),
         basis=f"kale view {'/'.join(map(str, reeks['kaal']))} queries",
         verhouding=max(reeks["werkvoorraad"] + reeks["detail"]) / max(reeks["kaal"]),
         gehaald=gelijk and binnen, details={"queries": {str(a): q for a, q in queries.items()}})

    # 2. Server time over HTTP, gunicorn as production runs it.
    from bench.stapel import Gunicorn

    werkmap = Path(tempfile.mkdtemp(prefix="wlz-bench-paginas-"))
    server = Gunicorn(werkmap, extra={"DJANGO_SETTINGS_MODULE": "bench.instellingen"})
    assert server.omgeving["DJANGO_SETTINGS_MODULE"] == "bench.instellingen"
    assert server.omgeving.get("DJANGO_DEBUG") == "false", server.omgeving.get("DJANGO_DEBUG")
    server.collectstatic()
    server.start()
    tijden = {}
    try:
        print(f"gunicorn: {' '.join(server.opdracht()[2:])} (DJANGO_SETTINGS_MODULE=bench.instellingen, "
              f"DEBUG uit)", flush=True)
        for aantal, (ronde, _zk, inkoper, echt) in rondes.items():
            sessie = http_sessie(server, inkoper)
            kaal, wv = afwisselend(sessie, [kaal_url(ronde), werkvoorraad_url(ronde)], args.keer, args.opwarmen)
            kaal_d, detail = afwisselend(sessie, [kaal_url(ronde), detail_url(echt)], args.keer, 2)
            tijden[aantal] = {"kaal": statistics.median(kaal), "werkvoorraad": statistics.median(wv),
                              "kaal_bij_detail": statistics.median(kaal_d), "detail": statistics.median(detail),
                              "kaal_min": min(kaal), "werkvoorraad_min": min(wv), "detail_min": min(detail)}
            m = tijden[aantal]
            print(f"bij {aantal:>6}: kale view {ms(m['kaal'])}, werkvoorraad {ms(m['werkvoorraad'])} "
                  f"({m['werkvoorraad'] / m['kaal']:.2f}x); kale view {ms(m['kaal_bij_detail'])}, "
                  f"detail {ms(m['detail'])} ({m['detail'] / m['kaal_bij_detail']:.2f}x)  "
                  f"[mediaan van {args.keer}, afgewisseld; snelste: kaal {ms(m['kaal_min'])}, werkvoorraad "
                  f"{ms(m['werkvoorraad_min'])}, detail {ms(m['detail_min'])}]", flush=True)
    finally:
        server.stop()
        shutil.rmtree(werkmap, ignore_errors=True)

    grootste = max(tijden)
    m = tijden[grootste]
    verhouding = m["werkvoorraad"] / m["kaal"]
    meld(FIGUUR_TIJD if grootste == 10000 else f"{FIGUUR_TIJD} (proef bij {grootste})",
         doel=f"≤ {MAX_VERHOUDING:g}x de kale view",
         gemeten=f"werkvoorraad {ms(m['werkvoorraad'])} (mediaan van {args.keer}, 50 rijen van "
                 f"{f'{grootste:,}'.replace(',', '.')})",
         basis=f"kale view {ms(m['kaal'])} (dezelfde 50 rijen uit één query, zelfde middleware)",
         verhouding=verhouding, gehaald=verhouding <= MAX_VERHOUDING,
         details={str(a): {k: round(v * 1000, 1) for k, v in t.items()} for a, t in tijden.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
