#!/usr/bin/env python
"""Benchmark: a 25 MB document upload as production runs it — nginx in front of gunicorn, PostgreSQL, Redis, ClamAV
and a Celery worker that scans the upload after it is stored (``inschrijving.scannen``).

Two figures (``bench.meting.meld``), the names ``bench/run_all.py`` expects:

1. **upload 25 MB via nginx en gunicorn: geheugengroei** — how much the peak resident memory (VmHWM in
   ``/proc/<pid>/status``) of the gunicorn workers grows over the upload of a 25 MB PDF. Goal: less than 30 MB.
   Baseline: the growth over a 1 MB upload served by the same worker, in the same run; ratio = 25 MB growth / 1 MB
   growth (none when the baseline is below 0.1 MB: allocator noise). Uploads are streamed to a temporary file and
   checked on an open file, so the peak should not follow the file size; a view that reads the file whole grows by
   about its size.
2. **upload 25 MB via nginx en gunicorn: doorvoer tegen sha256sum** — MB/s of the whole upload request, from the
   first byte the client sends (connection and TLS handshake already made) to the complete response, median of
   three uploads of a fresh 25 MB PDF (MB is MiB, as in ``tests/pdfs.py``). Baseline: ``sha256sum`` (coreutils,
   as a subprocess) over the same file in the same run, median of three; ratio = upload MB/s / sha256sum MB/s.
   Goal: at least 0.5x. The virus scan is not in the request (an inschrijving's documents are accepted in
   quarantine and scanned by a task); printed beside the figure: how long after the response the worker had
   scanned the upload, and how long the same clamd takes for a file of the same size alone.

How:

* Runs against the PostgreSQL, Redis and ClamAV that ``scripts/testenv.py --productie`` exports (DATABASE_URL,
  REDIS_URL, CLAMD_URL); refuses to run without them. Migrates, then seeds through the ORM (``tests/factories.py``,
  ``tests/inschrijving/maak.py``): a zorgaanbieder (KvK number from 90000000 up, the first free one), its
  tekenbevoegde user and a concept inschrijving in an open round with the 2022 rules.
* gunicorn as the Dockerfile runs it (``bench.stapel.Gunicorn``: its command, 4 sync workers, DEBUG off, the
  production variables, after collectstatic), with WLZ_ACHTER_PROXY and WLZ_AANKOMST_HEADER as docker-compose.yml
  sets them; nginx on ``deploy/nginx.conf`` in front (``tests.nginx.Nginx``: HTTPS on loopback, a throwaway
  certificate). The client connects from 127.0.0.2 with ``Host: inschrijven.example.nl``.
* The client logs in through the login form over nginx (session cookie, CSRF token), opens the upload page of
  documenttype ``statuten`` (``inschrijving:document``) and POSTs the file there as a browser does: multipart with
  Origin and Referer, the body streamed from disk 1 MiB at a time with a fixed Content-Length. The PDFs are real
  (``tests/pdfs.py``: ``maak_grote_pdf``).
* Warm-up, not measured: uploads of 1 MB and then 5 MB, four at a time, until every worker has served at least one
  of each (imports and caches grow a worker a few MB on its first uploads, whatever the size).
* Per measured upload: VmHWM of every worker is reset to its current RSS (``5`` to ``/proc/<pid>/clear_refs``),
  then read again after the response; the growth is VmHWM after minus RSS at the reset. The worker that served the
  request is the one that wrote the file to its temporary upload file (``wchar`` in ``/proc/<pid>/io`` grew by at
  least the file size). An upload's growth is the largest of all workers' (the idle ones grow by next to nothing);
  the 25 MB figure is the largest over the three 25 MB uploads, and its baseline a 1 MB upload served by the worker
  that served that 25 MB upload (1 MB uploads are repeated until one lands on it).
* Every upload must be stored: answered with the redirect to the overview, and a new current Document version with
  the file's size and the SHA-256 that sha256sum computed, its file present in private storage. One that is not
  stops the benchmark. And scanned: after each measured upload (and each warm-up round) the benchmark waits, not
  timed, until the Celery worker (``bench.stapel.CeleryWorkers``: docker-compose's worker command, one process)
  has found it clean, so no scan runs during the next measured upload.

Exit code 0: both goals met; 1: setup, login or an upload failed (both figures then reported not met); 2: measured,
but a goal not met. Linux only (/proc). Run: ``make bench``, or
``.venv/bin/python scripts/testenv.py --productie -- .venv/bin/python bench/run_all.py upload_geheugen.py``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wlzportal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.meting import meld, postgres_instellingen  # noqa: E402
from bench.stapel import CeleryWorkers, Gunicorn  # noqa: E402
from tests.nginx import HOST, Nginx, achter_nginx  # noqa: E402
from tests.pdfs import MB, maak_grote_pdf  # noqa: E402
from tests.productie import Sessie  # noqa: E402

FIGUUR_GEHEUGEN = "upload 25 MB via nginx en gunicorn: geheugengroei"
FIGUUR_DOORVOER = "upload 25 MB via nginx en gunicorn: doorvoer tegen sha256sum"
DOEL_GEHEUGEN = "< 30 MB groei van het piekgeheugen (RSS) van de gunicorn-worker"
DOEL_DOORVOER = "≥ 0.5x sha256sum"
MAX_GROEI_MB = 30
MIN_VERHOUDING = 0.5
MIN_BASIS_MB = 0.1  # a smaller 1 MB growth gives no ratio (see meten)

GROOT_MB, KLEIN_MB, OPWARM_MB = 25, 1, (1, 5)
DOORVOER_UPLOADS = 3
MAX_OPWARMRONDES = 6  # per size, each round one upload per worker at the same time
MAX_BASISPOGINGEN = 12  # 1 MB uploads until one lands on the worker of the 25 MB figure
CODE = "statuten"  # a documenttype with no details to fill in: the file alone is a complete upload
KVK_VANAF = 90000000
STUK = MB  # the client sends the body 1 MiB at a time


class BenchFout(Exception):
    """A step failed; the message says which and why."""


# --- the processes ---------------------------------------------------------------------------------------------------

def status_kb(pid: int) -> dict[str, int]:
    """VmHWM (peak resident set since start or the last reset) and VmRSS of a process, in kB."""
    waarden = {}
    for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
        sleutel, _, waarde = regel.partition(":")
        if sleutel in ("VmHWM", "VmRSS"):
            waarden[sleutel] = int(waarde.split()[0])
    return waarden


def geschreven(pid: int) -> int:
    """Bytes the process has passed to write() (``wchar``): the worker that serves an upload writes the file."""
    for regel in Path(f"/proc/{pid}/io").read_text().splitlines():
        if regel.startswith("wchar:"):
            return int(regel.split()[1])
    raise BenchFout(f"/proc/{pid}/io heeft geen wchar")


def reset_piek(pid: int) -> None:
    """Reset VmHWM to the current RSS (Linux 4.0+)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def controleer_reset() -> None:
    """The reset works here: a 64 MB bytearray raises this process's VmHWM, the reset brings it back."""
    blok = bytearray(64 * MB)
    blok[::4096] = b"\1" * len(blok[::4096])
    del blok
    reset_piek(os.getpid())
    if status_kb(os.getpid())["VmHWM"] - status_kb(os.getpid())["VmRSS"] > 16 * 1024:
        raise BenchFout("VmHWM laat zich hier niet terugzetten (/proc/<pid>/clear_refs): geen piek per upload.")


def clamd_scan(pad: Path) -> float:
    """Seconds for the same clamd to scan a file alone (INSTREAM from this process), for comparison: what an upload
    request would wait if it scanned before answering. Never the file that is uploaded next (clamd's cache)."""
    from inschrijving import virusscan

    with pad.open("rb") as bestand:
        begin = time.perf_counter()
        uitslag = virusscan.scan(bestand)
        duur = time.perf_counter() - begin
    if not uitslag.schoon:
        raise RuntimeError(f"clamd vond iets in {pad.name}: {uitslag.naam}")
    return duur


def sha256sum(pad: Path) -> tuple[str, float]:
    """The coreutils binary over the file: its hash and the seconds it took, process start included."""
    begin = time.perf_counter()
    uit = subprocess.run(["sha256sum", str(pad)], capture_output=True, text=True, check=True)
    return uit.stdout.split()[0], time.perf_counter() - begin


# --- data ------------------------------------------------------------------------------------------------------------

def opzetten() -> dict:
    """Migrate, then one tekenbevoegde of a zorgaanbieder with a concept inschrijving in an open round."""
    from inschrijving.models import Zorgaanbieder
    from tests.factories import WACHTWOORD, GebruikerFactory, ZorgaanbiederFactory, ZorgkantoorFactory
    from tests.inschrijving.maak import nieuwe_inschrijving, ronde_met_regels

    call_command("migrate", verbosity=0, interactive=False)
    bezet = set(Zorgaanbieder.objects.filter(kvk_nummer__gte=f"{KVK_VANAF:08d}", kvk_nummer__lt="99999999")
                .values_list("kvk_nummer", flat=True))
    kvk = next(f"{n:08d}" for n in range(KVK_VANAF, 99999999) if f"{n:08d}" not in bezet)
    merk = f"{kvk}-{secrets.token_hex(3)}"
    zk = ZorgkantoorFactory(naam=f"Zorgkantoor upload-bench {merk}")
    ronde = ronde_met_regels(naam=f"Upload-bench {merk}", zorgkantoren=[zk])
    za = ZorgaanbiederFactory(statutaire_naam=f"Stichting Upload-bench {merk}", kvk_nummer=kvk)
    gebruiker = GebruikerFactory(username=f"upload.bench.{merk}", tekenbevoegd=True, zorgaanbieder=za)
    inschrijving, _ = nieuwe_inschrijving("3", ronde=ronde, zorgkantoor=zk, bestuurder=gebruiker)
    return {"inschrijving": inschrijving, "gebruiker": gebruiker.username, "wachtwoord": WACHTWOORD, "kvk": kvk,
            "pad": reverse("inschrijving:document", kwargs={"pk": inschrijving.pk, "code": CODE})}


def huidige_versie(inschrijving):
    from inschrijving.models import Document

    return (Document.objects.filter(inschrijving=inschrijving, documenttype__code=CODE, vervangen_op__isnull=True)
            .order_by("-versie").first())


def wacht_op_scans(inschrijving, max_s: float = 120) -> float:
    """Seconds until no version of the inschrijving waits for its virus scan any more; every one found clean."""
    from inschrijving.models import Document

    begin = time.monotonic()
    versies = Document.objects.filter(inschrijving=inschrijving)
    while versies.filter(scan=Document.Scan.WACHTEND).exists():
        if time.monotonic() - begin > max_s:
            raise BenchFout(f"de Celery-worker scande de uploads niet binnen {max_s:.0f} s")
        time.sleep(0.01)
    if versies.exclude(scan=Document.Scan.SCHOON).exists():
        raise BenchFout("een upload is niet schoon bevonden door de virusscan")
    return time.monotonic() - begin


def opgeslagen(inschrijving, vorige_versie: int, grootte: int, sha256: str) -> str | None:
    """None if the upload is stored as it should be, else what is wrong."""
    document = huidige_versie(inschrijving)
    if document is None or document.versie <= vorige_versie:
        return "geen nieuwe documentversie"
    if document.grootte != grootte or document.sha256 != sha256:
        return (f"versie {document.versie} heeft {document.grootte} bytes en sha256 {document.sha256[:12]}…, "
                f"verwacht {grootte} en {sha256[:12]}…")
    bestand = Path(settings.PRIVATE_STORAGE_ROOT) / document.bestand.name
    if not bestand.is_file() or bestand.stat().st_size != grootte:
        return f"het bestand {bestand} ontbreekt of heeft een andere grootte"
    return None


# --- the client ------------------------------------------------------------------------------------------------------

@dataclass
class Upload:
    status: int
    location: str
    verzenden: float  # first byte sent → last byte sent
    totaal: float  # first byte sent → complete response
    fout: str | None = None
    worker: int | None = None
    groei_kb: dict[int, int] = field(default_factory=dict)  # per worker: VmHWM after − RSS at the reset
    scan_na: float = 0.0  # response → the Celery worker had scanned it (not timed in the figure)

    @property
    def groei_mb(self) -> float:
        return max(self.groei_kb.values()) / 1024


class NginxSessie(Sessie):
    """``tests.productie.Sessie`` (cookies, CSRF token, the login form), but over HTTPS through nginx, from
    ``tests.nginx.CLIENT``, as a browser reaches production. nginx sets X-Forwarded-For and -Proto itself."""

    def __init__(self, server: Gunicorn, nginx: Nginx):
        super().__init__(server)
        self.nginx = nginx
        self._slot = threading.Lock()

    def _cookie_kop(self) -> str:
        with self._slot:
            return "; ".join(f"{naam}={m.value}" for naam, m in self.cookies.items())

    def _verbinding(self):
        return self.nginx.https(timeout=120)

    def _koppen(self, https):
        return {"Host": HOST, "Accept-Language": "nl"}

    def upload(self, pad: str, bestand: Path) -> Upload:
        """POST ``bestand`` to the upload form as multipart/form-data, streamed from disk, timed from the first byte
        sent to the complete response."""
        grens = f"----WebKitFormBoundary{secrets.token_hex(8)}"
        voor = (f'--{grens}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f"{self.csrf_token}\r\n"
                f'--{grens}\r\nContent-Disposition: form-data; name="bestand"; filename="{bestand.name}"\r\n'
                f"Content-Type: application/pdf\r\n\r\n").encode()
        na = f"\r\n--{grens}--\r\n".encode()
        koppen = {"Host": HOST, "Accept-Language": "nl", "Cookie": self._cookie_kop(),
                  "Content-Type": f"multipart/form-data; boundary={grens}",
                  "Content-Length": str(len(voor) + bestand.stat().st_size + len(na)), **self._herkomst(pad)}
        verbinding = self.nginx.https(timeout=300)
        try:
            verbinding.connect()  # TCP and TLS before the clock starts
            begin = time.perf_counter()
            verbinding.putrequest("POST", pad, skip_host=True, skip_accept_encoding=True)
            for naam, waarde in koppen.items():
                verbinding.putheader(naam, waarde)
            verbinding.endheaders()
            verbinding.send(voor)
            with bestand.open("rb") as bron:
                while stuk := bron.read(STUK):
                    verbinding.send(stuk)
            verbinding.send(na)
            verzonden = time.perf_counter()
            antwoord = verbinding.getresponse()
            antwoord.read()
            einde = time.perf_counter()
        finally:
            verbinding.close()
        with self._slot:
            self._bewaar_cookies(antwoord.headers)
            # A browser follows the redirect and the overview shows (and so consumes) the "opgeslagen" message; we do
            # not fetch that page, so drop the message rather than send a growing cookie with every next upload.
            self.cookies.pop("messages", None)
        return Upload(antwoord.status, antwoord.headers.get("Location", ""), verzonden - begin, einde - begin)


# --- the measurement -------------------------------------------------------------------------------------------------

class Bank:
    """The running stack and the seeded data; uploads with their verification."""

    def __init__(self, gunicorn: Gunicorn, sessie: NginxSessie, opzet: dict, werkmap: Path):
        self.gunicorn, self.sessie, self.opzet, self.werkmap = gunicorn, sessie, opzet, werkmap
        self.overzicht = reverse("inschrijving:overzicht", kwargs={"pk": opzet["inschrijving"].pk})
        self.pids = gunicorn.pids()

    def controleer(self, upload: Upload, bestand: Path, vorige: int, sha256: str, wat: str) -> None:
        if upload.status != 302 or not upload.location.endswith(self.overzicht):
            upload.fout = f"HTTP {upload.status} (Location {upload.location!r}), verwacht 302 naar {self.overzicht}"
        else:
            upload.fout = opgeslagen(self.opzet["inschrijving"], vorige, bestand.stat().st_size, sha256)
        if upload.fout:
            raise BenchFout(f"{wat}: de upload van {bestand.name} is niet opgeslagen: {upload.fout}\n"
                            f"{self.gunicorn.staart(30)}")

    def meet(self, bestand: Path, sha256: str, wat: str) -> Upload:
        """One upload, alone: every worker's peak reset before, read after; which worker served it."""
        pids = self.gunicorn.pids()
        if pids != self.pids:
            raise BenchFout(f"gunicorn verving workers ({self.pids} → {pids}); zie {self.gunicorn.log}")
        versie = getattr(huidige_versie(self.opzet["inschrijving"]), "versie", 0)
        for pid in pids:
            reset_piek(pid)
        rss = {pid: status_kb(pid)["VmHWM"] for pid in pids}
        io = {pid: geschreven(pid) for pid in pids}
        upload = self.sessie.upload(self.opzet["pad"], bestand)
        upload.groei_kb = {pid: status_kb(pid)["VmHWM"] - rss[pid] for pid in pids}
        gediend = [pid for pid in pids if geschreven(pid) - io[pid] >= bestand.stat().st_size]
        upload.worker = gediend[0] if len(gediend) == 1 else None
        self.controleer(upload, bestand, versie, sha256, wat)
        if upload.worker is None:
            raise BenchFout(f"{wat}: niet vast te stellen welke worker de upload deed (schrijvers: {gediend})")
        upload.scan_na = wacht_op_scans(self.opzet["inschrijving"])
        return upload

    def opwarmen(self) -> str:
        """Rounds of one upload per worker at the same time, per size, until every worker has served that size."""
        verslag = []
        for mb in OPWARM_MB:
            pdf = maak_grote_pdf(mb, self.werkmap / f"opwarmen-{mb}mb.pdf")
            sha256, _ = sha256sum(pdf)
            gediend: set[int] = set()
            rondes = 0
            while gediend != set(self.pids) and rondes < MAX_OPWARMRONDES:
                rondes += 1
                io = {pid: geschreven(pid) for pid in self.pids}
                uploads: list[Upload | Exception] = []
                draden = [threading.Thread(target=self._upload_in_draad, args=(pdf, uploads)) for _ in self.pids]
                for draad in draden:
                    draad.start()
                for draad in draden:
                    draad.join()
                for upload in uploads:
                    if isinstance(upload, Exception):
                        raise BenchFout(f"opwarmen ({mb} MB): {upload!r}")
                    if upload.status != 302:
                        raise BenchFout(f"opwarmen ({mb} MB): HTTP {upload.status}\n{self.gunicorn.staart(30)}")
                document = huidige_versie(self.opzet["inschrijving"])
                if document is None or document.sha256 != sha256:
                    raise BenchFout(f"opwarmen ({mb} MB): de upload staat niet als huidige versie opgeslagen")
                gediend |= {pid for pid in self.pids if geschreven(pid) - io[pid] >= pdf.stat().st_size}
                wacht_op_scans(self.opzet["inschrijving"])
            pdf.unlink()
            verslag.append(f"{mb} MB: {rondes} ronde(n), {len(gediend)} van {len(self.pids)} workers")
        return "; ".join(verslag)

    def _upload_in_draad(self, pdf: Path, uploads: list) -> None:
        try:
            uploads.append(self.sessie.upload(self.opzet["pad"], pdf))
        except Exception as fout:  # reported by opwarmen, in the main thread
            uploads.append(fout)


def mb_s(seconden: float, grootte: int = GROOT_MB * MB) -> float:
    return grootte / MB / seconden


def regel(mb: int, upload: Upload) -> str:
    return (f"  {mb:>2} MB  worker {upload.worker:<7}  HTTP {upload.status}  opgeslagen  "
            f"piek {upload.groei_mb:+6.1f} MB  {upload.totaal:6.3f} s (verzenden {upload.verzenden:.3f} s)  "
            f"{mb_s(upload.totaal, mb * MB):6.1f} MB/s  gescand {upload.scan_na:.2f} s na het antwoord")


def meten(bank: Bank) -> int:
    print(f"opwarmen: {bank.opwarmen()}", flush=True)

    grote, scan_tijden = [], []
    for n in range(1, DOORVOER_UPLOADS + 1):
        pdf = maak_grote_pdf(GROOT_MB, bank.werkmap / f"groot-{n}.pdf")
        sha256, _ = sha256sum(pdf)  # a first pass: both it and the client read the file from the page cache
        sha_tijden = [sha256sum(pdf)[1] for _ in range(3)]
        # Its own file of the same size (random content too): clamd caches what it found clean, so scanning the file
        # that is then uploaded would make that upload's scan free.
        ander = maak_grote_pdf(GROOT_MB, bank.werkmap / f"scan-{n}.pdf")
        scan_tijden.append(clamd_scan(ander))
        ander.unlink()
        upload = bank.meet(pdf, sha256, f"25 MB, upload {n}")
        grote.append((upload, statistics.median(sha_tijden)))
        print(regel(GROOT_MB, upload), flush=True)
        pdf.unlink()

    # The memory figure: the largest growth of the three; its baseline a 1 MB upload on that same worker.
    piek, _ = max(grote, key=lambda g: g[0].groei_mb)
    klein = bank.werkmap / "klein.pdf"
    basis = None
    for poging in range(1, MAX_BASISPOGINGEN + 1):
        maak_grote_pdf(KLEIN_MB, klein)
        sha256, _ = sha256sum(klein)
        basis = bank.meet(klein, sha256, f"1 MB, poging {poging}")
        if basis.worker == piek.worker:
            break
    klein.unlink()
    print(regel(KLEIN_MB, basis) + f"  (basis, na {poging} upload(s) van 1 MB)", flush=True)

    groei_mb, basis_mb = piek.groei_mb, basis.groei_mb
    zelfde = basis.worker == piek.worker
    # Below 0.1 MB the baseline is the allocator's noise, and a ratio to it says nothing.
    zinvol = basis_mb >= MIN_BASIS_MB
    with connection.cursor() as cursor:
        pg = postgres_instellingen(cursor)
    gehaald_geheugen = groei_mb < MAX_GROEI_MB
    meld(FIGUUR_GEHEUGEN, doel=DOEL_GEHEUGEN,
         gemeten=f"{groei_mb:+.1f} MB (worker {piek.worker}, grootste van {DOORVOER_UPLOADS} uploads van 25 MB: "
                 f"{', '.join(f'{u.groei_mb:+.1f}' for u, _ in grote)} MB)",
         basis=(f"{basis_mb:+.1f} MB bij 1 MB op " + ("dezelfde worker" if zelfde else
                f"worker {basis.worker} (worker {piek.worker} kreeg in {MAX_BASISPOGINGEN} pogingen geen 1 MB)"))
               + ("" if zinvol else f"; basis < {MIN_BASIS_MB} MB: geen verhouding"),
         verhouding=groei_mb / basis_mb if zinvol else None,
         gehaald=gehaald_geheugen,
         details={"groei_kb_25mb": [u.groei_kb for u, _ in grote], "groei_kb_1mb": basis.groei_kb, "postgres": pg})

    upload_mb_s = statistics.median(mb_s(u.totaal) for u, _ in grote)
    sha_mb_s = statistics.median(mb_s(s) for _, s in grote)
    verhouding = upload_mb_s / sha_mb_s
    gehaald_doorvoer = verhouding >= MIN_VERHOUDING
    meld(FIGUUR_DOORVOER, doel=DOEL_DOORVOER,
         gemeten=f"{upload_mb_s:.1f} MB/s (mediaan van {DOORVOER_UPLOADS}: "
                 f"{', '.join(f'{u.totaal:.3f}' for u, _ in grote)} s per upload)",
         basis=f"sha256sum {sha_mb_s:.0f} MB/s ({statistics.median(s for _, s in grote) * 1000:.0f} ms per 25 MB); "
               f"de virusscan, niet in het verzoek: de Celery-worker had de upload "
               f"{statistics.median(u.scan_na for u, _ in grote):.2f} s na het antwoord gescand; dezelfde clamd "
               f"scant een even groot bestand alleen in {statistics.median(scan_tijden) * 1000:.0f} ms",
         verhouding=verhouding, gehaald=gehaald_doorvoer,
         details={"upload_s": [u.totaal for u, _ in grote], "verzenden_s": [u.verzenden for u, _ in grote],
                  "sha256sum_s": [s for _, s in grote], "clamd_scan_s": scan_tijden,
                  "scan_na_antwoord_s": [u.scan_na for u, _ in grote], "postgres": pg})
    return 0 if gehaald_geheugen and gehaald_doorvoer else 2


def niet_gemeten(reden: str) -> None:
    for figuur, doel in ((FIGUUR_GEHEUGEN, DOEL_GEHEUGEN), (FIGUUR_DOORVOER, DOEL_DOORVOER)):
        meld(figuur, doel=doel, gemeten=f"niet gemeten: {reden}", basis="-", verhouding=None, gehaald=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bewaar", action="store_true", help="werkmap (gunicorn- en nginx-log) niet opruimen")
    args = parser.parse_args()

    werkmap = Path(tempfile.mkdtemp(prefix="wlz-bench-upload-"))
    gunicorn = nginx = None
    try:
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" \
                or not os.environ.get("REDIS_URL") or not os.environ.get("CLAMD_URL"):
            raise BenchFout("geen PostgreSQL, Redis en ClamAV: start onder scripts/testenv.py --productie")
        controleer_reset()
        opzet = opzetten()
        gunicorn = Gunicorn(werkmap / "gunicorn", extra=achter_nginx())
        gunicorn.collectstatic()
        gunicorn.start()
        nginx = Nginx(werkmap / "nginx", gunicorn.poort)
        (werkmap / "nginx").mkdir()
        nginx.start()
        print(f"gunicorn {len(gunicorn.pids())} workers achter nginx (https://127.0.0.1:{nginx.poort}); "
              f"{opzet['gebruiker']} (KvK {opzet['kvk']}) uploadt naar {opzet['pad']}", flush=True)

        sessie = NginxSessie(gunicorn, nginx)
        inlog = sessie.inloggen(opzet["gebruiker"], opzet["wachtwoord"])
        if inlog.status != 302 or "sessionid" not in sessie.cookies:
            raise BenchFout(f"inloggen mislukte: {inlog.uitleg()}")
        pagina = sessie.get(opzet["pad"])  # the form: a fresh CSRF token after the login rotated it
        if pagina.status != 200 or 'name="bestand"' not in pagina.tekst:
            raise BenchFout(f"de uploadpagina {opzet['pad']}: {pagina.uitleg()}")
        with CeleryWorkers(werkmap / "celery", aantal=1, concurrency=1, naam="upload"):
            return meten(Bank(gunicorn, sessie, opzet, werkmap))
    except Exception as fout:  # any failure: both figures not met, exit code 1
        if not isinstance(fout, BenchFout | RuntimeError):  # unexpected: where it happened
            traceback.print_exc()
        print(f"\nBENCHMARK MISLUKT: {fout}", file=sys.stderr, flush=True)
        if nginx is not None and nginx.proces is not None and nginx.staart().strip():
            print(f"nginx error.log:\n{nginx.staart()[-1500:]}", file=sys.stderr)
        niet_gemeten((str(fout) or type(fout).__name__).splitlines()[0][:200])
        return 1
    finally:
        if nginx is not None:
            nginx.stop()
        if gunicorn is not None:
            gunicorn.stop()
        if args.bewaar:
            print(f"werkmap bewaard: {werkmap}")
        else:
            shutil.rmtree(werkmap, ignore_errors=True)


if __name__ == "__main__":
    if not Path("/proc/self/clear_refs").exists():
        print("Deze benchmark leest /proc en draait alleen op Linux.", file=sys.stderr)
        sys.exit(1)
    sys.exit(main())
