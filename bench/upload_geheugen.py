#!/usr/bin/env python3
"""Benchmark: the server's peak memory does not grow with the size of an uploaded document.

Starts the portal under gunicorn (one sync worker) on a throwaway SQLite database, signs in as a
zorgaanbieder-medewerker over plain HTTP, uploads real PDFs of 1, 5 and 25 MB to the document upload
view with a streamed multipart body, and after each upload reads the worker's peak resident memory
(VmHWM in /proc/<pid>/status). If uploads are streamed to disk, as they must be, the peak stays flat;
a view that reads a file whole shows up as growth of about the file's size.

    .venv/bin/python bench/upload_geheugen.py [--url-naam inschrijving:document] [--code statuten]

Exit code 0: all uploads stored and growth within --max-groei-mb; 1: setup, login, URL or upload failed;
2: memory grew more than allowed. Linux only (/proc); everything listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pdfs import MB, maak_grote_pdf  # noqa: E402  (needs ROOT on the path)

GROOTTES_MB = (1, 5, 25)  # fixed: the comparison is always 1 → 5 → 25 MB
# The first requests through the view grow the worker by a few MB whatever the file size (imports, caches);
# uploads before the measured ones keep that out of the comparison.
OPWARMEN = 2
HOST = "127.0.0.1"
GEBRUIKER = "bench.medewerker"
STUK = 1024 * 1024

# Run inside `manage.py shell -c`: one aanbieder-medewerker with a concept inschrijving in an open round.
# Prints one JSON line with what the benchmark needs; the upload URL is reversed here, in the project.
OPZET = """
import json
from datetime import timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from inschrijving.models import Gebruiker, Inkoopronde, Inschrijving, Regelset, Rol, Zorgaanbieder, Zorgkantoor

zk = Zorgkantoor.objects.create(naam="Zorgkantoor Bench")
za = Zorgaanbieder.objects.create(statutaire_naam="Stichting Bench", kvk_nummer="90000001", rechtsvorm="stichting",
                                  straat="Zorgstraat 1", postcode="1011 AB", plaats="Amsterdam")
gebruiker = Gebruiker.objects.create_user(GEBRUIKER, password=WACHTWOORD, rol=Rol.MEDEWERKER, zorgaanbieder=za)
sluiting = (timezone.now() + timedelta(days=30)).replace(microsecond=0)
sjabloon = Regelset.objects.filter(is_sjabloon=True).order_by("-kader").first()
ronde = Inkoopronde.objects.create(
    naam="Bench-ronde", contractjaar=sluiting.year + 1, soort="regulier",
    regelset=sjabloon.kopieer("Bench-regelset") if sjabloon else None,
    publicatie_inkoopkader=sluiting - timedelta(days=63), vragen_tot=sluiting - timedelta(days=43),
    publicatie_nvi=sluiting - timedelta(days=30), sluiting_inschrijving=sluiting,
    gesprekken_afgerond=sluiting + timedelta(days=63), voorlopige_contractering=sluiting + timedelta(days=84),
    definitieve_contractering=sluiting + timedelta(days=108),
)
ronde.zorgkantoren.set([zk])
inschrijving = Inschrijving.objects.create(ronde=ronde, zorgaanbieder=za, zorgkantoor=zk, aanbieder_type="3",
                                           type_reden="Benchmark", aangemaakt_door=gebruiker)
uit = {"inschrijving": inschrijving.pk, "login": reverse("login"), "dashboard": reverse("inschrijving:dashboard"),
       "code_bestaat": bool(ronde.regelset and ronde.regelset.documenttypen.filter(code=CODE).exists())}
try:
    uit["upload"] = reverse(URL_NAAM, kwargs={"pk": inschrijving.pk, "code": CODE})
except NoReverseMatch as fout:
    uit["upload"] = None
    uit["fout"] = str(fout)
print("BENCH " + json.dumps(uit))
"""


class BenchFout(Exception):
    """A step failed; the message says which and why."""


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def omgeving(werkmap: Path) -> dict[str, str]:
    """The subprocesses' environment: everything under `werkmap`, SQLite, no Redis.

    DATABASE_URL and REDIS_URL are set explicitly rather than removed, so neither the caller's
    environment (`make bench` runs under scripts/testenv.py) nor a local .env can point them elsewhere.
    """
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "WLZ_PRIVATE_ROOT"}}
    (werkmap / "upload-tmp").mkdir()
    env.update({
        "WLZ_VAR_DIR": str(werkmap),
        "DATABASE_URL": f"sqlite:///{werkmap / 'db.sqlite3'}",
        "REDIS_URL": "",
        "WLZ_UPLOAD_TMP": str(werkmap / "upload-tmp"),
        "DJANGO_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "wlzportal.settings",
        # The limit is not what is measured: keep the largest run well inside it.
        "WLZ_MAX_UPLOAD_MB": str(max(GROOTTES_MB) + 5),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def manage(env: dict, *args: str) -> str:
    proces = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    if proces.returncode != 0:
        raise BenchFout(f"manage.py {args[0]} mislukte:\n{proces.stdout}{proces.stderr}")
    return proces.stdout


def opzetten(env: dict, url_naam: str, code: str, wachtwoord: str) -> dict:
    manage(env, "migrate", "--noinput", "-v0")
    script = (f"GEBRUIKER = {GEBRUIKER!r}\nWACHTWOORD = {wachtwoord!r}\nURL_NAAM = {url_naam!r}\nCODE = {code!r}\n"
              + OPZET)
    uitvoer = manage(env, "shell", "-c", script)
    regel = next((r for r in uitvoer.splitlines() if r.startswith("BENCH ")), None)
    if regel is None:
        raise BenchFout(f"De opzet gaf geen resultaat:\n{uitvoer}")
    return json.loads(regel.removeprefix("BENCH "))


# --- the server ----------------------------------------------------------------------------------------

def start_gunicorn(env: dict, poort: int, log: Path) -> subprocess.Popen:
    with log.open("w") as uitvoer:  # the child keeps its own copy of the descriptor
        proces = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "wlzportal.wsgi", "--workers", "1", "--worker-class", "sync",
             "--bind", f"{HOST}:{poort}", "--timeout", "300", "--graceful-timeout", "5"],
            cwd=ROOT, env=env, stdout=uitvoer, stderr=subprocess.STDOUT,
        )
    einde = time.monotonic() + 60
    while time.monotonic() < einde:
        if proces.poll() is not None:
            raise BenchFout(f"gunicorn stopte direct:\n{log.read_text()}")
        try:
            with socket.create_connection((HOST, poort), timeout=0.5):
                return proces
        except OSError:
            time.sleep(0.2)
    raise BenchFout(f"gunicorn luisterde niet binnen 60 seconden:\n{log.read_text()}")


def worker_pid(master: int) -> int:
    """The single worker: the gunicorn master's child process."""
    einde = time.monotonic() + 30
    while time.monotonic() < einde:
        kinderen = []
        for taak in Path(f"/proc/{master}/task").glob("*/children"):
            kinderen += [int(p) for p in taak.read_text().split()]
        if len(kinderen) == 1:
            return kinderen[0]
        time.sleep(0.2)
    raise BenchFout(f"Geen (of meer dan één) gunicorn-worker onder proces {master} gevonden.")


def geheugen_kb(pid: int) -> dict[str, int]:
    """VmHWM (peak resident set) and VmRSS (current) of a process, in kB."""
    waarden = {}
    for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
        sleutel, _, waarde = regel.partition(":")
        if sleutel in {"VmHWM", "VmRSS"}:
            waarden[sleutel] = int(waarde.split()[0])
    return waarden


def reset_piek(pid: int) -> bool:
    """Reset VmHWM to the current RSS (Linux 4.0+), so each upload gets its own peak."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


# --- a tiny HTTP client with cookies -------------------------------------------------------------------

class Sessie:
    def __init__(self, poort: int):
        self.poort = poort
        self.cookies: dict[str, str] = {}

    def _verbinding(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(HOST, self.poort, timeout=300)

    def _cookie_kop(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _bewaar_cookies(self, antwoord: http.client.HTTPResponse) -> None:
        for kop in antwoord.headers.get_all("Set-Cookie") or []:
            for naam, morsel in SimpleCookie(kop).items():
                self.cookies[naam] = morsel.value

    def verzoek(self, methode: str, pad: str, body: bytes | None = None,
                koppen: dict | None = None) -> tuple[int, dict, bytes]:
        verbinding = self._verbinding()
        try:
            koppen = {"Host": f"{HOST}:{self.poort}", **(koppen or {})}
            if self.cookies:
                koppen["Cookie"] = self._cookie_kop()
            verbinding.request(methode, pad, body=body, headers=koppen)
            antwoord = verbinding.getresponse()
            inhoud = antwoord.read()
            self._bewaar_cookies(antwoord)
            return antwoord.status, dict(antwoord.headers), inhoud
        finally:
            verbinding.close()

    def inloggen(self, login_pad: str, gebruikersnaam: str, wachtwoord: str) -> None:
        status, _koppen, html = self.verzoek("GET", login_pad)
        if status != 200 or "csrftoken" not in self.cookies:
            raise BenchFout(f"De inlogpagina {login_pad} gaf HTTP {status} zonder csrftoken-cookie.")
        gevonden = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        token = gevonden.group(1).decode() if gevonden else self.cookies["csrftoken"]
        body = urlencode({"username": gebruikersnaam, "password": wachtwoord, "csrfmiddlewaretoken": token}).encode()
        status, _koppen, _html = self.verzoek("POST", login_pad, body, {
            "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}:{self.poort}{login_pad}"})
        if status not in (302, 303) or "sessionid" not in self.cookies:
            raise BenchFout(f"Inloggen als {gebruikersnaam} mislukte: HTTP {status}, geen sessie-cookie.")

    def upload(self, pad: str, bestand: Path, veld: str = "bestand") -> int:
        """POST `bestand` as multipart/form-data, streamed from disk with an explicit Content-Length."""
        grens = f"----wlzbench{secrets.token_hex(12)}"
        voor = (f"--{grens}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n"
                f"{self.cookies.get('csrftoken', '')}\r\n"
                f"--{grens}\r\nContent-Disposition: form-data; name=\"{veld}\"; filename=\"{bestand.name}\"\r\n"
                f"Content-Type: application/pdf\r\n\r\n").encode()
        na = f"\r\n--{grens}--\r\n".encode()
        lengte = len(voor) + bestand.stat().st_size + len(na)
        verbinding = self._verbinding()
        try:
            verbinding.putrequest("POST", pad, skip_host=True)
            for kop, waarde in {"Host": f"{HOST}:{self.poort}", "Cookie": self._cookie_kop(),
                                "Content-Type": f"multipart/form-data; boundary={grens}",
                                "Content-Length": str(lengte),
                                "Referer": f"http://{HOST}:{self.poort}{pad}"}.items():
                verbinding.putheader(kop, waarde)
            verbinding.endheaders()
            verbinding.send(voor)
            with bestand.open("rb") as bron:
                while stuk := bron.read(STUK):
                    verbinding.send(stuk)
            verbinding.send(na)
            antwoord = verbinding.getresponse()
            antwoord.read()
            self._bewaar_cookies(antwoord)
            return antwoord.status
        finally:
            verbinding.close()


def _staart(log: Path, regels: int = 30) -> str:
    tekst = log.read_text(errors="replace").splitlines()[-regels:] if log.exists() else []
    return "gunicorn-log (laatste regels):\n" + "\n".join(tekst) if tekst else "gunicorn-log is leeg."


# --- the measurement -----------------------------------------------------------------------------------

def opgeslagen_bestanden(prive: Path) -> dict[Path, int]:
    return {p: p.stat().st_size for p in prive.rglob("*") if p.is_file()} if prive.exists() else {}


def meet(args) -> int:
    werkmap = Path(tempfile.mkdtemp(prefix="wlz-bench-upload-"))
    env = omgeving(werkmap)
    wachtwoord = f"Bench-{secrets.token_urlsafe(12)}"
    master = None
    try:
        print(f"Werkmap {werkmap}; database, privé-opslag en uploads staan daarin.")
        opzet = opzetten(env, args.url_naam, args.code, wachtwoord)
        poort = vrije_poort()
        master = start_gunicorn(env, poort, werkmap / "gunicorn.log")
        worker = worker_pid(master.pid)
        print(f"gunicorn op http://{HOST}:{poort} (master {master.pid}, worker {worker})")

        sessie = Sessie(poort)
        sessie.inloggen(opzet["login"], GEBRUIKER, wachtwoord)
        status, koppen, _html = sessie.verzoek("GET", opzet["dashboard"])
        if status != 200:
            raise BenchFout(f"Na inloggen gaf het dashboard HTTP {status} ({koppen.get('Location', '')}).")
        print(f"Ingelogd als {GEBRUIKER} (dashboard HTTP 200).")

        if not opzet["upload"]:
            raise BenchFout(
                f"De upload-URL {args.url_naam!r} met pk en code bestaat (nog) niet: {opzet.get('fout', '')}\n"
                "Meten kan pas als de uploadview er is (inschrijving:document, kwargs pk en code, veld 'bestand'); "
                "of geef met --url-naam een andere URL-naam.")
        if not opzet["code_bestaat"]:
            print(f"Let op: de regelset van de ronde kent geen documenttype {args.code!r}.")
        print(f"Upload naar {opzet['upload']}\n")

        per_upload = reset_piek(worker)
        opwarm_pdf = maak_grote_pdf(1, werkmap / "opwarmen.pdf")
        for _ronde in range(OPWARMEN):
            status = sessie.upload(opzet["upload"], opwarm_pdf)
            if status >= 400:
                raise BenchFout(f"Opwarmen: de upload gaf HTTP {status}.\n{_staart(werkmap / 'gunicorn.log')}")
        opwarm_pdf.unlink()
        print(f"Opgewarmd met {OPWARMEN} uploads van 1 MB (niet in de tabel).")
        resultaten = []
        for mb in GROOTTES_MB:
            pdf = maak_grote_pdf(mb, werkmap / f"bench-{mb}mb.pdf")
            voor = opgeslagen_bestanden(werkmap / "prive")
            if per_upload:
                reset_piek(worker)
            begin = time.monotonic()
            status = sessie.upload(opzet["upload"], pdf)
            duur = time.monotonic() - begin
            na = opgeslagen_bestanden(werkmap / "prive")
            opgeslagen = any(p not in voor and grootte == mb * MB for p, grootte in na.items())
            resultaten.append((mb, status, opgeslagen, geheugen_kb(worker)["VmHWM"], duur))
            pdf.unlink()

        basis = resultaten[0][3]
        print("piekgeheugen van de worker " + ("per upload (VmHWM na reset)" if per_upload
                                              else "sinds de start (VmHWM kon niet worden gereset)"))
        print(f"{'bestand':>9}  {'HTTP':>4}  {'opgeslagen':>10}  {'VmHWM':>9}  {'groei t.o.v. 1 MB':>17}  {'tijd':>6}")
        for mb, status, opgeslagen, piek, duur in resultaten:
            print(f"{mb:>6} MB  {status:>4}  {'ja' if opgeslagen else 'nee':>10}  {piek / 1024:>6.1f} MB  "
                  f"{(piek - basis) / 1024:>+14.1f} MB  {duur:>5.2f}s")

        mislukt = [mb for mb, status, opgeslagen, *_ in resultaten if not opgeslagen or status >= 400]
        groei = (max(r[3] for r in resultaten) - basis) / 1024
        if mislukt:
            print(f"\nNIET GOED: de upload van {', '.join(f'{mb} MB' for mb in mislukt)} is niet opgeslagen "
                  f"(HTTP 200 is meestal het formulier met een foutmelding).\n{_staart(werkmap / 'gunicorn.log')}")
            return 1
        if groei > args.max_groei_mb:
            print(f"\nNIET GOED: het piekgeheugen groeide {groei:.1f} MB met de bestandsgrootte "
                  f"(toegestaan {args.max_groei_mb} MB): een upload wordt ergens in zijn geheel gelezen.")
            return 2
        print(f"\nGoed: het piekgeheugen groeit {groei:.1f} MB bij een {max(GROOTTES_MB)} keer zo groot bestand.")
        return 0
    except BenchFout as fout:
        print(f"\nBENCHMARK MISLUKT: {fout}", file=sys.stderr)
        return 1
    finally:
        if master is not None and master.poll() is None:
            master.send_signal(signal.SIGTERM)
            try:
                master.wait(timeout=30)
            except subprocess.TimeoutExpired:
                master.kill()
                master.wait()
        if args.bewaar:
            print(f"Werkmap bewaard: {werkmap}")
        else:
            shutil.rmtree(werkmap, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url-naam", default="inschrijving:document",
                        help="URL-naam van de uploadview, met kwargs pk en code (standaard: %(default)s)")
    parser.add_argument("--code", default="statuten", help="documenttypecode (standaard: %(default)s)")
    parser.add_argument("--max-groei-mb", type=float, default=10.0,
                        help="toegestane groei van het piekgeheugen van 1 naar 25 MB (standaard: %(default)s)")
    parser.add_argument("--bewaar", action="store_true", help="werkmap (database, log, opslag) niet opruimen")
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        print("Deze benchmark leest /proc en draait alleen op Linux.", file=sys.stderr)
        return 1
    return meet(args)


if __name__ == "__main__":
    sys.exit(main())
