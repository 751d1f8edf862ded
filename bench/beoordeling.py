#!/usr/bin/env python
"""Benchmark of the assessment for a national round.

Seeds a closed round with N submitted inschrijvingen (default 2,000; one real type-3 dossier with real PDF
documents made through the services, the rest copies of its snapshot for other zorgaanbieders), then:

1. starts the pipeline as beat does and times steps 1 and 2 for all of them on W real Celery worker
   processes (default 2, concurrency 1 each) on Redis;
2. measures the werkvoorraad page (first page, 50 rows) for a zorginkoper: server time and query count;
3. times the decision letter per decision over D decisions, as approving runs it: proposal, approval, the PDF
   rendered and stored with its SHA-256, and the e-mail rows; against a baseline measured in the same run (a
   plain one-page WeasyPrint PDF) and the bare render of the same letter, with the ratios printed.

Run under throwaway PostgreSQL and Redis: ``make bench`` or
``.venv/bin/python scripts/testenv.py -- .venv/bin/python bench/beoordeling.py --aantal 2000``.
"""

import argparse
import os
import statistics
import subprocess
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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402


def seed(aantal: int, *, eerste_kvk: int = 60000000):
    """A closed round with ``aantal`` submitted inschrijvingen; the zorgaanbieders get KvK numbers from
    ``eerste_kvk`` on (another round in the same database needs other numbers)."""
    import time_machine

    from inschrijving import services
    from inschrijving.models import Indiening, Inschrijving, Status, Zorgaanbieder
    from tests.factories import WACHTWOORD, GebruikerFactory, ZorgkantoorFactory
    from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving

    sluiting = (timezone.now() - timedelta(hours=1)).replace(microsecond=0)
    zk = ZorgkantoorFactory(naam=f"Zorgkantoor bench {time.time_ns()}")
    inkopers = [GebruikerFactory(inkoper=True, zorgkantoor=zk) for _ in range(2)]
    with time_machine.travel(sluiting - timedelta(days=2), tick=False):
        ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=sluiting)
        voorbeeld, bestuurder = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)
        indiening = services.indienen(inschrijving=voorbeeld, door=bestuurder, wachtwoord=WACHTWOORD)
    aanbieders = Zorgaanbieder.objects.bulk_create([
        Zorgaanbieder(statutaire_naam=f"Stichting Bench {n:05d}", kvk_nummer=f"{eerste_kvk + n:08d}",
                      rechtsvorm="stichting", straat="Benchstraat 1", postcode="1011 AB", plaats="Amsterdam")
        for n in range(aantal - 1)], batch_size=1000)
    inschrijvingen = Inschrijving.objects.bulk_create([
        Inschrijving(ronde=ronde, zorgkantoor=zk, zorgaanbieder=za, aanbieder_type="3", status=Status.INGEDIEND,
                     type_reden=voorbeeld.type_reden, aangemaakt_door=bestuurder) for za in aanbieders],
        batch_size=1000)
    snapshot = indiening.snapshot
    Indiening.objects.bulk_create([
        Indiening(inschrijving=i, volgnummer=1, ingediend_op=sluiting - timedelta(minutes=n % 600),
                  ingediend_door=bestuurder, snapshot={**snapshot, "zorgaanbieder": {
                      **snapshot["zorgaanbieder"], "statutaire_naam": i.zorgaanbieder.statutaire_naam}},
                  sha256=indiening.sha256) for n, i in enumerate(inschrijvingen)], batch_size=500)
    return ronde, zk, inkopers


def workers(aantal: int, log_map: Path):
    processen = []
    for n in range(aantal):
        log = log_map / f"worker-{n}.log"
        processen.append(subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "wlzportal", "worker", "-c", "1", "-l", "warning",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"bench{n}@%h"],
            cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT))
    time.sleep(4)
    return processen


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--besluiten", type=int, default=20)
    parser.add_argument("--max-seconden", type=int, default=1800)
    args = parser.parse_args()

    from beoordeling import tasks
    from beoordeling.models import Beoordeling, Fase

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    ronde, zk, (inkoper, collega) = seed(args.aantal)
    print(f"seed: {args.aantal} ingediende inschrijvingen in {time.perf_counter() - t0:.1f} s")

    log_map = Path(os.environ.get("WLZ_VAR_DIR", "/tmp")) / "bench"  # noqa: S108
    log_map.mkdir(parents=True, exist_ok=True)
    processen = workers(args.workers, log_map)
    try:
        start = time.perf_counter()
        with transaction.atomic():
            gestart = tasks.start_ronde(ronde=ronde, zorgkantoor=zk)
        qs = Beoordeling.objects.filter(inschrijving__ronde=ronde)
        einde = start + args.max_seconden
        while qs.filter(fase=Fase.NIEUW).exists() and time.perf_counter() < einde:
            time.sleep(0.5)
        duur = time.perf_counter() - start
        klaar = qs.exclude(fase=Fase.NIEUW).count()
    finally:
        for p in processen:
            p.terminate()
        for p in processen:
            p.wait(timeout=60)
    print(f"stap 1 en 2: {klaar} van {gestart} gecontroleerd in {duur:.1f} s met {args.workers} worker(s) "
          f"({klaar / duur:.1f} per seconde)")

    client = Client(HTTP_HOST="127.0.0.1")
    from tests.conftest import _verifieer_otp

    _verifieer_otp(client, inkoper)
    url = reverse("beoordeling:werkvoorraad") + f"?ronde={ronde.pk}"
    client.get(url)  # warm up
    tijden, queries = [], 0
    for _ in range(5):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            antwoord = client.get(url)
            tijden.append(time.perf_counter() - t)
        queries = len(ctx.captured_queries)
        assert antwoord.status_code == 200, antwoord.status_code
    print(f"werkvoorraad (50 rijen van {qs.count()}): mediaan {statistics.median(tijden) * 1000:.0f} ms, "
          f"{queries} queries")
    if os.environ.get("BENCH_QUERIES"):
        for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]:
            print(f"  {float(q['time']) * 1000:.0f} ms: {q['sql'][:600]}")

    return besluitbrieven(qs.filter(fase=Fase.CONTROLE), args.besluiten, inkoper, collega)


BASIS_HTML = "<!doctype html><html lang=nl><body><h1>Basis</h1><p>Eén A4-pagina zonder opmaak.</p></body></html>"


def _basis_pdf() -> bytes:
    """The baseline: WeasyPrint's floor on this machine, one plain A4 page, no stylesheet, no database."""
    from weasyprint import HTML

    return HTML(string=BASIS_HTML).write_pdf()


def besluitbrieven(kandidaten, aantal: int, inkoper, collega) -> int:
    """Time the decision letter per decision, as approving runs it: proposal (``voorstellen``), approval by a
    colleague (``goedkeuren``) and, after commit, the letter rendered and stored with its SHA-256 and one e-mail
    row (Bericht, with the PDF attached) per active user of the zorgaanbieder. The baseline, measured in the same
    run and interleaved with the decisions, is a plain one-page WeasyPrint PDF; the bare render of the same
    letter (``brief``) is measured too, so the ratios say whether the time goes to WeasyPrint or to the path.
    Every decision is checked afterwards (stored file matches its hash, one Bericht per user); exit code 1 if not.
    """
    import hashlib

    from beoordeling import services as bs
    from beoordeling.brief import brief
    from beoordeling.models import Beoordeling, Besluit, Fase, Uitkomst
    from inschrijving.models import Bericht
    from tests.factories import GebruikerFactory

    # Set-up, not timed: each zorgaanbieder gets a user to mail, each assessment is ready for its decision.
    klaar = []
    for b in kandidaten[: aantal + 1]:  # the first is the warm-up (fonts, CSS, templates), not in the figures
        for r in b.resultaten.filter(uitkomst=Uitkomst.HANDMATIG):
            bs.resultaat_vastleggen(resultaat=r, uitkomst="voldoet", toelichting="bench", door=inkoper)
        bs.controle_afronden(beoordeling=b, door=inkoper)
        Beoordeling.objects.filter(pk=b.pk).update(fase=Fase.BESLUIT)  # the gesprek is not part of this bench
        b.refresh_from_db()
        GebruikerFactory(zorgaanbieder=b.inschrijving.zorgaanbieder, tekenbevoegd=True)
        klaar.append(b)
    if len(klaar) < 2:
        print("besluitbrief: te weinig beoordelingen in fase controle om te meten")
        return 1
    _basis_pdf()

    basis, pad, render, fouten = [], [], [], []
    for n, b in enumerate(klaar):
        t = time.perf_counter()
        _basis_pdf()
        duur_basis = time.perf_counter() - t
        t = time.perf_counter()
        besluit = bs.voorstellen(beoordeling=b, door=inkoper)
        bs.goedkeuren(besluit=besluit, door=collega)  # its own transaction: letter and e-mail run on commit
        duur_pad = time.perf_counter() - t
        besluit = Besluit.objects.get(pk=besluit.pk)
        t = time.perf_counter()
        brief(besluit)
        duur_render = time.perf_counter() - t

        gebruikers = b.inschrijving.zorgaanbieder.gebruikers.filter(is_active=True).count()
        berichten = Bericht.objects.filter(onderwerp__startswith="Besluit op uw inschrijving",
                                           gebruiker__zorgaanbieder=b.inschrijving.zorgaanbieder_id).count()
        if not besluit.brief or not besluit.brief_sha256:
            fouten.append(f"beoordeling {b.pk}: geen brief of hash opgeslagen")
        else:
            with besluit.brief.open("rb") as fh:
                if hashlib.sha256(fh.read()).hexdigest() != besluit.brief_sha256:
                    fouten.append(f"beoordeling {b.pk}: de opgeslagen brief past niet bij zijn hash")
        if berichten != gebruikers:
            fouten.append(f"beoordeling {b.pk}: {berichten} berichten voor {gebruikers} gebruiker(s)")
        if n:  # the first decision warmed up
            basis.append(duur_basis)
            pad.append(duur_pad)
            render.append(duur_render)

    mediaan_basis, mediaan_pad, mediaan_render = (statistics.median(x) for x in (basis, pad, render))
    print(f"besluitbrief over {len(pad)} besluiten (na 1 opwarmbesluit), mediaan (max):")
    print(f"  basis: kale WeasyPrint-pagina            {mediaan_basis * 1000:>6.0f} ms ({max(basis) * 1000:.0f} ms)")
    print(f"  alleen de brief renderen (brief)         {mediaan_render * 1000:>6.0f} ms ({max(render) * 1000:.0f} ms)")
    print(f"  voorstel + goedkeuring + opslag + e-mail {mediaan_pad * 1000:>6.0f} ms ({max(pad) * 1000:.0f} ms)")
    print(f"  verhouding: pad/basis {mediaan_pad / mediaan_basis:.1f}x, render/basis "
          f"{mediaan_render / mediaan_basis:.1f}x, pad/render {mediaan_pad / mediaan_render:.2f}x")
    if fouten:
        print("NIET GOED: " + "; ".join(fouten))
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
