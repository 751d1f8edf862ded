"""The portal as it runs in production: collectstatic, gunicorn with DJANGO_DEBUG=false, and a real HTTP client.

``ProductieServer`` starts gunicorn with the command from the Dockerfile (bound to a free loopback port) and the
production variables from ``.env.example``, on the pytest-django test database and the test process's private
storage, so a test with ``transactional_db`` can build data with the factories and the server sees it.

``Sessie`` speaks HTTP to it the way nginx in front would: with ``Host: inschrijven.example.nl`` and
``X-Forwarded-Proto: https``. It keeps cookies itself (``http.cookiejar`` would not send Secure cookies over the
plain loopback connection) and remembers each cookie's attributes, so tests can assert Secure and HttpOnly.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from email.message import Message
from html import unescape
from http.cookies import Morsel, SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
# Variables of the laptop/test environment that must not leak into the production server.
NIET_DOORGEVEN = ("DJANGO_", "DATABASE_", "EMAIL_", "WLZ_", "SITE_URL", "BEOORDELING_", "SESSION_", "AXES_")


def productievariabelen() -> dict[str, str]:
    """The uncommented assignments of .env.example: the documented production configuration."""
    waarden = {}
    for regel in (ROOT / ".env.example").read_text().splitlines():
        regel = regel.strip()
        if regel and not regel.startswith("#") and "=" in regel:
            naam, _, waarde = regel.partition("=")
            waarden[naam.strip()] = waarde.strip()
    return waarden


def gunicorn_opdracht() -> list[str]:
    """The Dockerfile's CMD (exec form)."""
    for regel in (ROOT / "Dockerfile").read_text().splitlines():
        if regel.startswith("CMD "):
            return json.loads(regel.removeprefix("CMD "))
    raise AssertionError("Het Dockerfile heeft geen CMD")


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


class ProductieServer:
    def __init__(self, werkmap: Path, database: dict, prive_root: Path, workers: int = 2):
        self.werkmap = werkmap
        self.log = werkmap / "gunicorn.log"
        self.poort = vrije_poort()
        self.variabelen = productievariabelen()
        self.host = urlsplit(self.variabelen["SITE_URL"]).hostname
        url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        self.omgeving = {
            **{k: v for k, v in os.environ.items() if not k.startswith(NIET_DOORGEVEN)},
            **self.variabelen,
            "DATABASE_URL": url,
            # No connection outlives its request: the test database is flushed after each test and dropped at
            # the end, and an idle connection from the server must not be in the way.
            "DATABASE_CONN_MAX_AGE": "0",
            "WLZ_VAR_DIR": str(werkmap / "var"),  # STATIC_ROOT is WLZ_VAR_DIR/staticfiles
            "WLZ_PRIVATE_ROOT": str(prive_root),  # the test process reads what the server stored
            "PYTHONUNBUFFERED": "1",
        }
        self.proces: subprocess.Popen | None = None

    @property
    def static_root(self) -> Path:
        return self.werkmap / "var" / "staticfiles"

    def collectstatic(self) -> None:
        uit = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                             env=self.omgeving, capture_output=True, text=True, timeout=300)
        if uit.returncode != 0:
            raise RuntimeError(f"collectstatic mislukte:\n{uit.stdout}{uit.stderr}")

    def opdracht(self) -> list[str]:
        """The Dockerfile's gunicorn command, on a free loopback port and with fewer workers (2 shared cores)."""
        opdracht = gunicorn_opdracht()
        assert opdracht[:2] == ["gunicorn", "wlzportal.wsgi"], opdracht
        opdracht = [sys.executable, "-m", *opdracht]
        opdracht[opdracht.index("--bind") + 1] = f"{LOOPBACK}:{self.poort}"
        opdracht[opdracht.index("--workers") + 1] = "2"
        return opdracht

    def start(self, seconden: float = 60) -> None:
        with self.log.open("w") as uitvoer:  # the child keeps its own copy of the descriptor
            self.proces = subprocess.Popen(self.opdracht(), cwd=ROOT, env=self.omgeving, stdout=uitvoer,
                                           stderr=subprocess.STDOUT)
        einde = time.monotonic() + seconden
        while time.monotonic() < einde:
            if self.proces.poll() is not None:
                raise RuntimeError(f"gunicorn stopte direct (exitcode {self.proces.returncode}).\n{self.staart()}")
            try:
                # Any answer will do: the login page over plain HTTP is a redirect to HTTPS.
                status, _k, _b = self.sessie().verzoek("GET", "/account/inloggen/", https=False)
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn antwoordde niet binnen {seconden:.0f} seconden.\n{self.staart()}")

    def stop(self) -> None:
        if self.proces is None or self.proces.poll() is not None:
            return
        self.proces.send_signal(signal.SIGTERM)
        try:
            self.proces.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proces.kill()
            self.proces.wait(timeout=30)

    def staart(self, regels: int = 60) -> str:
        tekst = self.log.read_text(errors="replace").splitlines()[-regels:] if self.log.exists() else []
        return "gunicorn-log (laatste regels):\n" + "\n".join(tekst) if tekst else "gunicorn-log is leeg."

    def sessie(self) -> Sessie:
        return Sessie(self)


@dataclass
class Antwoord:
    status: int
    koppen: Message
    inhoud: bytes
    server: ProductieServer = field(repr=False)

    @property
    def tekst(self) -> str:
        return self.inhoud.decode("utf-8", errors="replace")

    def kop(self, naam: str) -> str | None:
        return self.koppen.get(naam)

    def uitleg(self) -> str:
        """For assertion messages: what came back, and what the server logged."""
        tekst = self.tekst
        meldingen = re.findall(r'<div class="alert[^"]*"[^>]*>.*?</div>|<[^>]*class="invalid-feedback[^"]*"[^>]*>.*?</',
                               tekst, re.S)
        tekst = tekst[tekst.find("<main"):] if "<main" in tekst else tekst  # the page's own content
        return (f"HTTP {self.status}, Location={self.kop('Location')!r}\nmeldingen: {meldingen}\n{tekst[:3000]}\n\n"
                f"{self.server.staart()}")


class Sessie:
    """One browser: cookies across requests, the CSRF token from the last form, requests via the 'proxy'."""

    def __init__(self, server: ProductieServer):
        self.server = server
        self.cookies: dict[str, Morsel] = {}
        self.csrf_token: str | None = None

    def _bewaar_cookies(self, koppen: Message) -> None:
        for kop in koppen.get_all("Set-Cookie") or []:
            for naam, morsel in SimpleCookie(kop).items():
                self.cookies[naam] = morsel

    def _verbinding(self) -> http.client.HTTPConnection:
        """To gunicorn directly; a subclass may go through nginx instead."""
        return http.client.HTTPConnection(LOOPBACK, self.server.poort, timeout=120)

    def _cookie_kop(self) -> str:
        return "; ".join(f"{naam}={m.value}" for naam, m in self.cookies.items())

    def _koppen(self, https: bool) -> dict:
        """The headers every request carries (as nginx would set them in front of gunicorn)."""
        return {"Host": self.server.host, "Accept-Language": "nl", **({"X-Forwarded-Proto": "https"} if https else {})}

    def verzoek(self, methode: str, pad: str, body: bytes | None = None, koppen: dict | None = None,
                https: bool = True) -> tuple[int, Message, bytes]:
        verbinding = self._verbinding()
        try:
            alle = {**self._koppen(https), **(koppen or {})}
            if self.cookies:
                alle["Cookie"] = self._cookie_kop()
            verbinding.request(methode, pad, body=body, headers=alle)
            antwoord = verbinding.getresponse()
            inhoud = antwoord.read()
            self._bewaar_cookies(antwoord.headers)
            return antwoord.status, antwoord.headers, inhoud
        finally:
            verbinding.close()

    def _antwoord(self, *args, **kwargs) -> Antwoord:
        status, koppen, inhoud = self.verzoek(*args, **kwargs)
        antwoord = Antwoord(status, koppen, inhoud, self.server)
        gevonden = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', antwoord.tekst)
        if gevonden:
            self.csrf_token = unescape(gevonden.group(1))
        return antwoord

    def get(self, pad: str, **kwargs) -> Antwoord:
        return self._antwoord("GET", pad, **kwargs)

    def _herkomst(self, pad: str) -> dict:
        # A browser on https:// sends Origin and Referer; Django checks them on secure requests.
        basis = f"https://{self.server.host}"
        return {"Origin": basis, "Referer": basis + pad}

    def post(self, pad: str, data: dict) -> Antwoord:
        body = urlencode({"csrfmiddlewaretoken": self.csrf_token or "", **data}, doseq=True).encode()
        return self._antwoord("POST", pad, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                  **self._herkomst(pad)})

    def post_bestand(self, pad: str, veld: str, bestandsnaam: str, inhoud: bytes, data: dict | None = None,
                     content_type: str = "application/pdf") -> Antwoord:
        """A multipart/form-data POST, as a browser sends a file input."""
        grens = f"----wlztest{secrets.token_hex(12)}"
        delen = []
        for naam, waarde in {"csrfmiddlewaretoken": self.csrf_token or "", **(data or {})}.items():
            delen.append(f'--{grens}\r\nContent-Disposition: form-data; name="{naam}"\r\n\r\n{waarde}\r\n'.encode())
        delen.append(f'--{grens}\r\nContent-Disposition: form-data; name="{veld}"; filename="{bestandsnaam}"\r\n'
                     f"Content-Type: {content_type}\r\n\r\n".encode() + inhoud + b"\r\n")
        delen.append(f"--{grens}--\r\n".encode())
        return self._antwoord("POST", pad, b"".join(delen), {
            "Content-Type": f"multipart/form-data; boundary={grens}", **self._herkomst(pad)})

    def inloggen(self, gebruikersnaam: str, wachtwoord: str) -> Antwoord:
        """Through the real login form: GET it (CSRF cookie and token), POST username and password. An aanbieder
        user then gives its authenticator's code on the second-factor page too (issue 12); staff sessions do that
        step themselves. Returns the login form's answer."""
        formulier = self.get("/account/inloggen/")
        assert formulier.status == 200, formulier.uitleg()
        antwoord = self.post("/account/inloggen/", {"username": gebruikersnaam, "password": wachtwoord, "next": ""})
        if antwoord.status == 302:
            self._tweede_factor_aanbieder(gebruikersnaam)
        return antwoord

    def _tweede_factor_aanbieder(self, gebruikersnaam: str) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from inschrijving.models import Gebruiker
        from tests.beoordeling.helpers import verse_code

        gebruiker = Gebruiker.objects.get(username=gebruikersnaam)
        if not (gebruiker.is_aanbieder and gebruiker.vereist_tweede_factor):
            return
        if not TOTPDevice.objects.filter(user=gebruiker, confirmed=True).exists():
            TOTPDevice.objects.create(user=gebruiker, name="test", confirmed=True)
        pagina = self.get("/account/tweede-factor/")
        assert pagina.status == 200, pagina.uitleg()
        bevestigd = self.post("/account/tweede-factor/", {"code": verse_code(gebruiker), "next": ""})
        assert bevestigd.status == 302, bevestigd.uitleg()
