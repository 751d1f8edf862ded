#!/usr/bin/env python
"""Benchmark of the two generated PDFs: the ontvangstbevestiging and the besluitbrief, each along the path that
makes it in production, against a plain 2-page WeasyPrint PDF, made a record the same way (PDF/A-3b, signed by the
portal), measured in the same run.

1. Receipt: ``inschrijving.services.ontvangst_afhandelen(indiening_id)``, as the Celery task runs it: the receipt
   rendered from the snapshot, stored with its SHA-256, and one e-mail row (Bericht, PDF attached, queued on
   Redis) per active user of the zorgaanbieder. Over R submitted indieningen (one real type-3 dossier submitted
   through the services, the rest copies of its snapshot for other zorgaanbieders, each with 1-2 users).
2. Letter: proposal (``voorstellen``), approval by a colleague (``goedkeuren``) and, on commit, the letter rendered
   and stored with its SHA-256 and one Bericht per user; over B assessments in fase BESLUIT (the same closed round,
   steps 1 and 2 of the pipeline run in this process).

The baseline, interleaved with both, is plain HTML without a stylesheet, with as many paragraphs as fill exactly
two A4 pages (checked: ``render().pages``), written as PDF/A-3b and signed by the portal
(``inschrijving.ondertekening``): since issue 13 every record is, so the ratio is what the template, the data and the
path add to the least a signed record costs. Goal: median path ≤ 2x the median baseline. The bare render of each
document (HTML + PDF, no database writes) is printed beside it, so one sees where the time goes. Every receipt and
letter is checked afterwards (the stored file matches its hash and carries the portal's valid signature, one Bericht
per active user); otherwise the figure
is not met and the exit code is 1.

Run under PostgreSQL and Redis at production settings:
``.venv/bin/python scripts/testenv.py --productie -- .venv/bin/python bench/run_all.py pdf.py``.
"""

import argparse
import hashlib
import os
import statistics
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
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.meting import meld, ms, postgres_instellingen  # noqa: E402

ONTVANGST = "ontvangstbevestiging tegen een kale ondertekende PDF/A van 2 pagina's"
BRIEF = "besluitbrief tegen een kale ondertekende PDF/A van 2 pagina's"
DOEL = "≤ 2x een kale ondertekende PDF/A van 2 pagina's"
BASIS = "kale ondertekende PDF/A van 2 pagina's"
MAX_VERHOUDING = 2.0
#: KvK numbers of this benchmark's zorgaanbieders (the other benchmarks share the database): factory-made from
#: 70.000.000, the bulk copies from 70.100.000.
KVK_FACTORY, KVK_KOPIE = 70_000_000, 70_100_000

ALINEA = ("Dit is een alinea platte tekst zonder opmaak, alleen om pagina's te vullen. WeasyPrint zet haar met het "
          "standaardlettertype van het systeem, zonder stylesheet, zonder afbeeldingen en zonder tabellen. ")


def basis_html(alineas: int) -> str:
    tekst = "".join(f"<p>{n}. {ALINEA * 3}</p>" for n in range(1, alineas + 1))
    return f"<!doctype html><html lang=nl><head><meta charset=utf-8><title>Basis</title></head><body>" \
           f"<h1>Basis</h1>{tekst}</body></html>"


def kale_html() -> str:
    """The baseline document: the most paragraphs that still fit on exactly two A4 pages (so both are full)."""
    from weasyprint import HTML

    alineas = 1
    while len(HTML(string=basis_html(alineas + 1)).render().pages) <= 2:
        alineas += 1
    html = basis_html(alineas)
    pagina_s = len(HTML(string=html).render().pages)
    assert pagina_s == 2, f"de basis heeft {pagina_s} pagina's, geen 2"
    return html


def basis_pdf(html: str) -> bytes:
    from weasyprint import HTML

    from inschrijving.ondertekening import onderteken

    return onderteken(HTML(string=html).write_pdf(pdf_variant="pdf/a-3b"), reden="basis")


def _sequenties_verplaatsen() -> None:
    """factory_boy numbers from 0 in every process; the benchmarks after this one in the same database do too. Ours
    start far above, so usernames, KvK numbers and round names never collide."""
    from tests.factories import GebruikerFactory, InkooprondeFactory, ZorgaanbiederFactory, ZorgkantoorFactory

    GebruikerFactory.reset_sequence(7_000_000)
    InkooprondeFactory.reset_sequence(7_000_000)
    ZorgkantoorFactory.reset_sequence(7_000_000)
    ZorgaanbiederFactory.reset_sequence(KVK_FACTORY - 10_000_000)


def seed(aantal: int):
    """A closed round with ``aantal`` submitted inschrijvingen: one real type-3 dossier submitted through the
    services, the rest copies of its snapshot for other zorgaanbieders; every zorgaanbieder has 1-2 active users.
    Returns the round, the zorgkantoor, two zorginkopers and the indieningen."""
    import time_machine

    from bench import zaaien
    from inschrijving import services
    from tests.factories import WACHTWOORD, GebruikerFactory, ZorgkantoorFactory
    from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving

    _sequenties_verplaatsen()
    sluiting = (timezone.now() - timedelta(hours=1)).replace(microsecond=0)
    zk = ZorgkantoorFactory(naam=f"Zorgkantoor bench pdf {time.time_ns()}")
    inkopers = [GebruikerFactory(inkoper=True, zorgkantoor=zk) for _ in range(2)]
    with time_machine.travel(sluiting - timedelta(days=2), tick=False):
        ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=sluiting)
        voorbeeld, bestuurder = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)
        echte = services.indienen(inschrijving=voorbeeld, door=bestuurder, wachtwoord=WACHTWOORD)
    GebruikerFactory(zorgaanbieder=bestuurder.zorgaanbieder, password=None)  # a second user to mail
    aanbieders, _inschrijvingen, kopieen = zaaien.kopieen(
        echte, nummers=range(aantal - 1), kvk=KVK_KOPIE, naam=lambda n, _kvk: f"Stichting Bench PDF {n:05d}",
        bestuurder=bestuurder, sluiting=sluiting)
    for n, za in enumerate(aanbieders):  # 1 or 2 users each, without a password hash (not what is timed)
        for _ in range(1 + n % 2):
            GebruikerFactory(zorgaanbieder=za, password=None)
    return ronde, zk, inkopers, [echte, *kopieen]


def mediaan_max(waarden: list[float]) -> str:
    return f"{statistics.median(waarden) * 1000:>6.0f} ms ({max(waarden) * 1000:.0f} ms)"


def _nagaan(bestand, sha256: str, zorgaanbieder, berichten) -> list[str]:
    """What is wrong with a stored PDF and its e-mails: the file must match its hash, and ``berichten`` must hold one
    e-mail per active user of the zorgaanbieder."""
    fouten = [fout] if (fout := _opgeslagen_klopt(bestand, sha256)) else []
    gebruikers = set(zorgaanbieder.gebruikers.filter(is_active=True).values_list("email", flat=True))
    aan = list(berichten.values_list("aan", flat=True))
    if not gebruikers or sorted(aan) != sorted(gebruikers):
        fouten.append(f"{len(aan)} berichten voor {len(gebruikers)} gebruiker(s)")
    return fouten


def _opgeslagen_klopt(bestand, sha256: str) -> str | None:
    """None if the stored file is a real PDF matching its hash; otherwise what is wrong."""
    if not bestand or not sha256:
        return "geen bestand of hash opgeslagen"
    with bestand.open("rb") as fh:
        inhoud = fh.read()
    if not inhoud.startswith(b"%PDF-") or len(inhoud) < 5000:
        return f"het opgeslagen bestand is geen volledige PDF ({len(inhoud)} bytes)"
    if hashlib.sha256(inhoud).hexdigest() != sha256:
        return "het opgeslagen bestand past niet bij zijn hash"
    from inschrijving.ondertekening import controleer

    handtekening = controleer(inhoud)
    if not handtekening.geldig:
        return f"de handtekening is niet geldig: {handtekening.reden}"
    return None


def _rapport(figuur: str, naam: str, *, basis: list[float], pad: list[float], render: list[float],
             fouten: list[str], pagina_s: int) -> bool:
    mediaan_basis, mediaan_pad, mediaan_render = (statistics.median(x) for x in (basis, pad, render))
    verhouding = mediaan_pad / mediaan_basis
    print(f"{naam} over {len(pad)} (na 1 opwarmronde), mediaan (max):")
    print(f"  basis: {BASIS} {mediaan_max(basis)}")
    print(f"  alleen renderen ({pagina_s} pagina('s))          {mediaan_max(render)}")
    print(f"  het hele pad                            {mediaan_max(pad)}")
    print(f"  verhouding: pad/basis {verhouding:.2f}x, render/basis {mediaan_render / mediaan_basis:.2f}x, "
          f"pad/render {mediaan_pad / mediaan_render:.2f}x")
    if fouten:
        print("NIET GOED: " + "; ".join(fouten[:10]) + (f" (en {len(fouten) - 10} meer)" if len(fouten) > 10 else ""))
    gehaald = verhouding <= MAX_VERHOUDING and not fouten
    meld(figuur, doel=DOEL, gemeten=f"{ms(mediaan_pad)} mediaan over {len(pad)} (max {ms(max(pad))})",
         basis=f"{ms(mediaan_basis)} mediaan ({BASIS}, zelfde run)", verhouding=verhouding,
         gehaald=gehaald, details={"render_ms": round(mediaan_render * 1000, 1), "pagina_s": pagina_s,
                                   "fouten": fouten[:10]})
    return not fouten


def ontvangstbevestigingen(indieningen, aantal: int, html_basis: str) -> bool:
    """Time ``ontvangst_afhandelen`` per indiening, interleaved with the baseline and the bare render."""
    import io

    from pypdf import PdfReader

    from inschrijving import services
    from inschrijving.models import Bericht, Indiening
    from inschrijving.pdf import ontvangstbevestiging

    te_meten = indieningen[: aantal + 1]  # the first warms up (fonts, CSS, templates), not in the figures
    basis, pad, render, fouten, pagina_s = [], [], [], [], 0
    for n, indiening in enumerate(te_meten):
        t = time.perf_counter()
        basis_pdf(html_basis)
        duur_basis = time.perf_counter() - t
        t = time.perf_counter()
        services.ontvangst_afhandelen(indiening.pk)
        duur_pad = time.perf_counter() - t
        opgeslagen = Indiening.objects.select_related("inschrijving__zorgaanbieder").get(pk=indiening.pk)
        t = time.perf_counter()
        _html, pdf = ontvangstbevestiging(opgeslagen)
        duur_render = time.perf_counter() - t
        pagina_s = len(PdfReader(io.BytesIO(pdf)).pages)

        fouten += [f"indiening {indiening.pk}: {fout}" for fout in _nagaan(
            opgeslagen.ontvangstbewijs, opgeslagen.ontvangstbewijs_sha256, opgeslagen.inschrijving.zorgaanbieder,
            Bericht.objects.filter(inschrijving=opgeslagen.inschrijving_id,
                                   bijlage_naam=f"ontvangstbevestiging-{opgeslagen.volgnummer}.pdf"))]
        if n:
            basis.append(duur_basis)
            pad.append(duur_pad)
            render.append(duur_render)
    return _rapport(ONTVANGST, "ontvangstbevestiging (ontvangst_afhandelen)", basis=basis, pad=pad, render=render,
                    fouten=fouten, pagina_s=pagina_s)


def naar_besluit(ronde, zk, aantal: int, inkoper) -> list:
    """Steps 1 and 2 in this process for the round's inschrijvingen, the vault opened, and ``aantal``
    assessments through the checklist into fase BESLUIT (the gesprek is not part of this benchmark)."""
    from beoordeling import pipeline
    from beoordeling import services as bs
    from beoordeling.models import Beoordeling, Fase, Uitkomst
    from tests.factories import kluis_geopend

    kluis_geopend(ronde, zk)
    for pk in pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zk):
        pipeline.stap1_volledigheid(pk)
        pipeline.stap2_controle(pk)
    klaar = []
    for b in Beoordeling.objects.filter(inschrijving__ronde=ronde, fase=Fase.CONTROLE).order_by("pk")[:aantal]:
        for r in b.resultaten.filter(uitkomst=Uitkomst.HANDMATIG):
            bs.resultaat_vastleggen(resultaat=r, uitkomst="voldoet", toelichting="bench", door=inkoper)
        bs.controle_afronden(beoordeling=b, door=inkoper)
        Beoordeling.objects.filter(pk=b.pk).update(fase=Fase.BESLUIT)
        b.refresh_from_db()
        klaar.append(b)
    return klaar


def besluitbrieven(klaar, inkoper, collega, html_basis: str) -> bool:
    """Time the decision letter per decision, as approving runs it: proposal (``voorstellen``), approval by a
    colleague (``goedkeuren``) and, after commit, the letter rendered and stored with its SHA-256 and one Bericht
    (PDF attached) per active user of the zorgaanbieder; interleaved with the baseline and the bare render."""
    import io

    from pypdf import PdfReader

    from beoordeling import services as bs
    from beoordeling.brief import brief
    from beoordeling.models import Besluit
    from inschrijving.models import Bericht

    basis, pad, render, fouten, pagina_s = [], [], [], [], 0
    for n, b in enumerate(klaar):  # the first warms up
        t = time.perf_counter()
        basis_pdf(html_basis)
        duur_basis = time.perf_counter() - t
        t = time.perf_counter()
        besluit = bs.voorstellen(beoordeling=b, door=inkoper)
        bs.goedkeuren(besluit=besluit, door=collega)  # its own transaction: letter and e-mail run on commit
        duur_pad = time.perf_counter() - t
        besluit = Besluit.objects.get(pk=besluit.pk)
        t = time.perf_counter()
        _html, pdf = brief(besluit)
        duur_render = time.perf_counter() - t
        pagina_s = len(PdfReader(io.BytesIO(pdf)).pages)

        zorgaanbieder = b.inschrijving.zorgaanbieder
        fouten += [f"beoordeling {b.pk}: {fout}" for fout in _nagaan(
            besluit.brief, besluit.brief_sha256, zorgaanbieder,
            Bericht.objects.filter(onderwerp__startswith="Besluit op uw inschrijving",
                                   gebruiker__zorgaanbieder=zorgaanbieder,
                                   bijlage_naam=f"besluit-{b.inschrijving_id}.pdf"))]
        if n:
            basis.append(duur_basis)
            pad.append(duur_pad)
            render.append(duur_render)
    return _rapport(BRIEF, "besluitbrief (voorstellen + goedkeuren)", basis=basis, pad=pad, render=render,
                    fouten=fouten, pagina_s=pagina_s)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ontvangsten", type=int, default=20, help="gemeten ontvangstbevestigingen (na 1 opwarm)")
    parser.add_argument("--besluiten", type=int, default=20, help="gemeten besluitbrieven (na 1 opwarm)")
    args = parser.parse_args()

    from django.conf import settings

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        print(f"database: {connection.vendor}, {postgres_instellingen(cursor)}"
              if connection.vendor == "postgresql" else f"database: {connection.vendor}")
    print(f"e-mail: {settings.EMAIL_BACKEND}; broker: {settings.CELERY_BROKER_URL.split('://')[0]}")

    html_basis = kale_html()
    basis_pdf(html_basis)  # warm-up of WeasyPrint itself

    t = time.perf_counter()
    aantal = max(args.ontvangsten, args.besluiten) + 1
    ronde, zk, (inkoper, collega), indieningen = seed(aantal + 2)  # 2 spare, should any not reach fase controle
    print(f"seed: {len(indieningen)} ingediende inschrijvingen in {time.perf_counter() - t:.1f} s")

    goed = ontvangstbevestigingen(indieningen, args.ontvangsten, html_basis)

    t = time.perf_counter()
    klaar = naar_besluit(ronde, zk, args.besluiten + 1, inkoper)
    print(f"\nstap 1 en 2 en de checklist voor {len(klaar)} beoordelingen in {time.perf_counter() - t:.1f} s")
    if len(klaar) < args.besluiten + 1:
        print(f"besluitbrief: {len(klaar)} beoordelingen in fase besluit, {args.besluiten + 1} nodig")
        meld(BRIEF, doel=DOEL, gemeten="niet gemeten", basis="-", verhouding=None, gehaald=False,
             details={"fouten": [f"{len(klaar)} beoordelingen in fase besluit"]})
        return 1
    goed &= besluitbrieven(klaar, inkoper, collega, html_basis)
    return 0 if goed else 1


if __name__ == "__main__":
    sys.exit(main())
