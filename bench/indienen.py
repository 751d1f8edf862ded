#!/usr/bin/env python
"""Benchmark of the deadline surge: zorgaanbieders pressing "Ondertekenen en indienen" through nginx and gunicorn as
production runs them.

The stack: gunicorn as the Dockerfile runs it (``bench.stapel.Gunicorn``: four sync workers, DEBUG off) with the two
variables docker-compose.yml gives the web service (``WLZ_AANKOMST_HEADER=X-Request-Start``, so a submission's arrival
is the moment nginx had it, and ``WLZ_ACHTER_PROXY=true``), Debian's nginx on ``deploy/nginx.conf`` in front
(``tests.nginx.Nginx``, TLS on loopback) and one Celery worker (concurrency 1) as compose runs it, which makes the
receipts; PostgreSQL and Redis from ``scripts/testenv.py --productie``.

The load generator is asyncio with one ``httpx.AsyncClient`` per user (its own connections, like a browser), each
bound to its own loopback address 127.0.0.2 … 127.0.0.250 (nginx forwards that address as X-Forwarded-For: in reality
every provider comes from its own address). Every user logs in through the real login form (GET for the CSRF token,
POST username and password) and loads "Controleren en indienen" (GET; the CSRF token and the checkboxes of its form);
none of that is timed. Timed is only the submit itself: the POST of the form (token, every checkbox of the form
ticked, and the password if the form asks it: not within WLZ_ONDERTEKENEN_BINNEN_MINUTEN of the login, as here) from
the moment it is sent until its answer is complete; a good answer is a 302 to the "ingediend" page
of volgnummer 1 (the redirect is not followed). A browser drops an idle connection after 9 s (just below nginx's
keepalive_timeout of 10 s), so a submit after a longer pause includes a new TLS connection, as a browser's; in the
peak every browser opens its connection just before the start (not timed: one process cannot do 200 TLS handshakes
in 2 s on cores it shares with the server, and its requests would reach nginx after the sluitingstijd). The generator
stands in for browsers on their own machines, so once the servers are started it runs at nice -10 (``--voorrang``),
and every result records how late it sent (``generator … te laat``) and how long after sending nginx stamped the
arrival. Each wave also records the CPU seconds of gunicorn, nginx, Celery, PostgreSQL, the generator and the
whole machine (other work on the shared cores included).

Figures (``bench.meting.meld``):

1. "piek: 200 indieningen binnen 2 s" — 200 different zorgaanbieders, each with one tekenbevoegde, logged in and on
   the page, send their submit at moments spread evenly over 2 s. The round's sluitingstijd is set 3 s after the
   first moment (1 s after the last), so processing may end after the sluitingstijd while every arrival was before
   it. Afterwards the database must hold exactly one Indiening (volgnummer 1) per inschrijving, each received before
   the sluitingstijd; the receipts (a Bericht with the receipt attached per user) are awaited for at most 120 s and
   their completion time is reported, not judged. Baseline: the median of 5 single submits on an idle server (one
   after another, each after the previous one's receipt was made), measured in the same run after 8 warm-up submits.
2. "aanhoudend: indieningen per seconde bij p95 < 1 s" — open-loop arrivals at a constant rate (evenly spaced;
   5, 10, 15, 20, 25, 30, 40, 50, 60 per second), each step 8 s with fresh users and inschrijvingen, each step
   starting with the receipt queue of the earlier steps empty (waited for, at most 120 s); stops after the first
   step with p95 ≥ 1 s or any error. Measured: the highest rate held with p95 < 1 s and no error. Baseline: what one
   sequential client achieves, 1 / the idle submit latency.

Seeding: one complete type-3 inschrijving made through the services (``tests/inschrijving/maak.py``
``volledige_inschrijving``: bestuursverklaring, volledig ondernemingsplan and ten real PDF documents), its voorcontrole
checked, then its rows cloned with bulk_create per zorgaanbieder (KvK numbers from 40000000 on, the first free
block): zorgaanbieder, one tekenbevoegde (the same password hash, made once), a concept inschrijving, verklaring,
plan and document rows pointing at the same stored files (with the clone's own name where a document names the
rechtspersoon). All in one open round of one zorgkantoor.

    .venv/bin/python scripts/testenv.py --productie -- .venv/bin/python bench/run_all.py indienen.py
    .venv/bin/python scripts/testenv.py --productie -- .venv/bin/python bench/indienen.py --piek 50 --tempi 5,10

``--profiel N``: no servers and no figures; 2N + 4 submits in this process through django.test.Client: N with the
main functions of the path timed (wall and CPU, queries per part), N under cProfile; prints where a submit's time
goes, for whoever changes the product code.

Exit code 0 when both goals are met, 1 otherwise (or when the set-up fails).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wlzportal.settings")
# The ORM is used between the load phases only (seeding, setting the sluitingstijd, checking), never while a request
# is being timed; the event loop may block for those few milliseconds.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per request

from django.db import connection, transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.meting import meld, ms, percentiel, postgres_instellingen  # noqa: E402

PIEK_FIGUUR = "piek: 200 indieningen binnen 2 s"
TEMPO_FIGUUR = "aanhoudend: indieningen per seconde bij p95 < 1 s"
EERSTE_KVK = 40000000
BIJLAGE = "ontvangstbevestiging-1.pdf"
#: Client addresses: each user connects from one of these (127.0.0.1 is nginx's own).
ADRESSEN = [f"127.0.0.{n}" for n in range(2, 251)]


def komma(seconden: float, decimalen: int = 2) -> str:
    return f"{seconden:.{decimalen}f}".replace(".", ",")


# --- seeding --------------------------------------------------------------------------------------------------------

@dataclass
class Aanbieder:
    gebruikersnaam: str
    inschrijving: int
    pad: str  # the "Controleren en indienen" page
    ingediend: str  # where a good submit redirects to
    totp_sleutel: str = ""  # the hex key of the user's authenticator (aanbieders log in with a second factor)


def _eerste_vrije_kvk() -> int:
    from inschrijving.models import Zorgaanbieder

    hoogste = (Zorgaanbieder.objects.filter(kvk_nummer__gte=f"{EERSTE_KVK:08d}", kvk_nummer__lt="50000000")
               .order_by("-kvk_nummer").values_list("kvk_nummer", flat=True).first())
    return int(hoogste) + 1 if hoogste else EERSTE_KVK


def _velden(obj, **anders) -> dict:
    """The column values of ``obj`` for a copy: no primary key, files by name, ``anders`` (by attname) replaced."""
    from django.db.models.fields.files import FieldFile

    waarden = {}
    for veld in obj._meta.concrete_fields:
        if veld.primary_key:
            continue
        waarde = getattr(obj, veld.attname)
        waarden[veld.attname] = waarde.name if isinstance(waarde, FieldFile) else waarde
    waarden.update(anders)
    return waarden


def seed(aantal: int) -> tuple[object, list[Aanbieder], int]:
    """One open round of one zorgkantoor with ``aantal`` complete concept inschrijvingen, each of its own
    zorgaanbieder with one tekenbevoegde. Returns the round, the providers and the number of blocking findings of the
    voorcontrole (checked on the example and on a clone)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from inschrijving import scannen
    from inschrijving.dossier import dossier_van
    from inschrijving.evaluator import VOLDOET_NIET, evalueer
    from inschrijving.models import (
        Bestuursverklaring,
        Document,
        Gebruiker,
        Inschrijving,
        Instemmingsverklaring,
        Onderaannemer,
        Ondernemingsplan,
        Rol,
        Status,
        Zorgaanbieder,
    )
    from tests.factories import GebruikerFactory, ZorgaanbiederFactory, ZorgkantoorFactory
    from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving

    eerste = _eerste_vrije_kvk()
    zk = ZorgkantoorFactory(naam=f"Zorgkantoor indienen {time.time_ns()}")
    # Names of our own: the factories' sequences restart in every process, and other benches share the database.
    ronde = ronde_met_regels(zorgkantoren=[zk], naam=f"Indienen-bench {time.time_ns()}",
                             sluiting=(timezone.now() + timedelta(days=1)).replace(microsecond=0))
    za = ZorgaanbiederFactory(kvk_nummer=f"{eerste:08d}", statutaire_naam=f"Stichting Indienen {eerste:08d}")
    # The factory hashes the password once (Argon2id); every clone gets this same hash string.
    bestuurder = GebruikerFactory(tekenbevoegd=True, zorgaanbieder=za, username=f"indienen{eerste:08d}",
                                  email=f"indienen{eerste:08d}@example.nl")
    voorbeeld, _b = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk, bestuurder=bestuurder)
    for pk in voorbeeld.documenten.values_list("pk", flat=True):  # scanned, as the worker does after each upload
        scannen.scannen(pk)

    # Every row the example has is cloned below; anything else it has would be missing from the clones.
    gekloond = {"bestuursverklaring", "instemmingsverklaring", "ondernemingsplan", "documenten"}
    for relatie in Inschrijving._meta.related_objects:
        naam = relatie.get_accessor_name()
        if naam in gekloond:
            continue
        if relatie.related_model.objects.filter(**{relatie.field.name: voorbeeld}).exists():
            raise RuntimeError(f"het voorbeeld heeft {relatie.related_model.__name__}-rijen, die deze seed niet kloont")
    verklaringen = [m.objects.filter(inschrijving=voorbeeld).first() for m in (Bestuursverklaring,
                                                                               Instemmingsverklaring)]
    if Onderaannemer.objects.filter(verklaring__inschrijving=voorbeeld).exists():
        raise RuntimeError("het voorbeeld heeft onderaannemers, die deze seed niet kloont")
    plan = Ondernemingsplan.objects.filter(inschrijving=voorbeeld).first()
    documenten = list(Document.objects.filter(inschrijving=voorbeeld))
    naam = za.statutaire_naam

    with transaction.atomic():
        aanbieders = Zorgaanbieder.objects.bulk_create([
            Zorgaanbieder(**_velden(za, statutaire_naam=f"Stichting Indienen {eerste + n:08d}",
                                    kvk_nummer=f"{eerste + n:08d}")) for n in range(1, aantal)], batch_size=1000)
        gebruikers = Gebruiker.objects.bulk_create([
            Gebruiker(username=f"indienen{a.kvk_nummer}", email=f"indienen{a.kvk_nummer}@example.nl",
                      first_name="Bench", last_name=f"Bestuurder {a.kvk_nummer}", rol=Rol.TEKENBEVOEGDE,
                      zorgaanbieder=a, password=bestuurder.password, is_active=True) for a in aanbieders],
            batch_size=1000)
        inschrijvingen = Inschrijving.objects.bulk_create([
            Inschrijving(ronde=ronde, zorgkantoor=zk, zorgaanbieder=a, aanbieder_type=voorbeeld.aanbieder_type,
                         type_reden=voorbeeld.type_reden, status=Status.CONCEPT, aangemaakt_door=g)
            for a, g in zip(aanbieders, gebruikers, strict=True)], batch_size=1000)
        for verklaring in verklaringen:
            if verklaring is None:
                continue
            model = type(verklaring)
            kopieen = model.objects.bulk_create([model(**_velden(verklaring, inschrijving_id=i.pk))
                                                 for i in inschrijvingen], batch_size=1000)
            for m2m in model._meta.many_to_many:
                gekoppeld = list(getattr(verklaring, m2m.name).values_list("pk", flat=True))
                if gekoppeld:
                    tussen = m2m.remote_field.through
                    van, naar = m2m.m2m_field_name() + "_id", m2m.m2m_reverse_field_name() + "_id"
                    tussen.objects.bulk_create([tussen(**{van: k.pk, naar: pk}) for k in kopieen for pk in gekoppeld],
                                               batch_size=2000)
        if plan is not None:
            Ondernemingsplan.objects.bulk_create([Ondernemingsplan(**_velden(plan, inschrijving_id=i.pk))
                                                  for i in inschrijvingen], batch_size=1000)
        kopieen = []
        for inschrijving, gebruiker, aanbieder in zip(inschrijvingen, gebruikers, aanbieders, strict=True):
            for document in documenten:
                anders = {"inschrijving_id": inschrijving.pk, "geupload_door_id": gebruiker.pk}
                for veld in ("rechtspersoon", "verzekeringnemer"):
                    if getattr(document, veld) == naam:
                        anders[veld] = aanbieder.statutaire_naam
                kopieen.append(Document(**_velden(document, **anders)))  # the same stored file and sha256
        Document.objects.bulk_create(kopieen, batch_size=2000)
        # Every user has an authenticator app (issue 12: aanbieders log in with a second factor too).
        TOTPDevice.objects.bulk_create([TOTPDevice(user=g, name="bench", confirmed=True)
                                        for g in [bestuurder, *gebruikers]], batch_size=1000)
    sleutels = dict(TOTPDevice.objects.filter(user__in=[bestuurder, *gebruikers], name="bench")
                    .values_list("user__username", "key"))

    blokkerend = [len([b for b in evalueer(dossier_van(i)) if b.uitkomst == VOLDOET_NIET])
                  for i in (voorbeeld, inschrijvingen[-1] if inschrijvingen else voorbeeld)]
    if blokkerend[0] != blokkerend[1]:
        raise RuntimeError(f"de voorcontrole van een kloon verschilt van die van het voorbeeld: {blokkerend}")
    alle = [(bestuurder.username, voorbeeld.pk)] + [(g.username, i.pk) for g, i in
                                                    zip(gebruikers, inschrijvingen, strict=True)]
    return ronde, [Aanbieder(naam, pk, reverse("inschrijving:indienen", args=[pk]),
                             reverse("inschrijving:ingediend", args=[pk, 1]), sleutels[naam]) for naam, pk in alle], \
        blokkerend[0]


# --- the load generator ---------------------------------------------------------------------------------------------

@dataclass
class Uitkomst:
    aanbieder: Aanbieder
    gepland: float = 0.0  # time.time() at which the submit was due
    verstuurd: float = 0.0  # time.time() just before it was sent
    latentie: float | None = None  # seconds from sending to the complete answer
    status: int | None = None
    locatie: str = ""
    fout: str = ""

    @property
    def goed(self) -> bool:
        return self.status == 302 and self.locatie == self.aanbieder.ingediend and not self.fout


@dataclass
class Browser:
    """One user's browser: their own connections from their own address, cookies, the last form's CSRF token."""

    poort: int
    tls: object
    adres: str
    host: str
    wachtwoord: str
    cookies: dict = field(default_factory=dict)
    token: str = ""
    vinkjes: list = field(default_factory=list)
    stijl: str = ""  # the page's stylesheet, which a browser fetches with it

    def __post_init__(self):
        import httpx

        self.client = httpx.AsyncClient(
            base_url=f"https://127.0.0.1:{self.poort}",
            transport=httpx.AsyncHTTPTransport(verify=self.tls, local_address=self.adres),
            headers={"Host": self.host, "Accept-Language": "nl"}, timeout=httpx.Timeout(180, connect=30),
            # An idle connection is dropped after 9 s, just before nginx's keepalive_timeout (10 s) would.
            limits=httpx.Limits(keepalive_expiry=9.0), follow_redirects=False)

    async def _verzoek(self, methode: str, pad: str, data: dict | None = None):
        koppen = {}
        if self.cookies:
            koppen["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if methode == "POST":  # a browser on https:// sends both; Django checks them on secure requests
            koppen.update({"Origin": f"https://{self.host}", "Referer": f"https://{self.host}{pad}"})
        antwoord = await self.client.request(methode, pad, data=data, headers=koppen)
        self.client.cookies.clear()  # the cookies are kept here, by name, whatever host httpx thinks it spoke to
        for kop in antwoord.headers.get_list("set-cookie"):
            naam, _is, rest = kop.partition("=")
            waarde = rest.split(";", 1)[0]
            if "max-age=0" in kop.lower() or not waarde:
                self.cookies.pop(naam.strip(), None)
            else:
                self.cookies[naam.strip()] = waarde
        return antwoord

    def _formulier(self, html: str) -> None:
        # The signing form (the page has others, such as logging out): the declaration, and the password field only
        # when the password was not typed in this session in the last WLZ_ONDERTEKENEN_BINNEN_MINUTEN.
        formulier = next((f for f in re.finditer(r'<form method="post".*?</form>', html, re.S)
                          if 'name="verklaring_juist"' in f.group(0)), None)
        if not formulier:
            raise RuntimeError("geen formulier op de pagina")
        self.met_wachtwoord = 'name="wachtwoord"' in formulier.group(0)
        self.token = unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', formulier.group(0)).group(1))
        self.vinkjes = [re.search(r'name="([^"]+)"', invoer).group(1) for invoer in
                        re.findall(r'<input[^>]*type="checkbox"[^>]*>', formulier.group(0))]

    async def voorbereiden(self, aanbieder: Aanbieder) -> None:
        """Log in through the login form and open "Controleren en indienen" (not timed)."""
        pagina = await self._verzoek("GET", "/account/inloggen/")
        if pagina.status_code != 200:
            raise RuntimeError(f"inlogpagina: HTTP {pagina.status_code}")
        self.token = unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina.text).group(1))
        ingelogd = await self._verzoek("POST", "/account/inloggen/", {
            "csrfmiddlewaretoken": self.token, "username": aanbieder.gebruikersnaam, "password": self.wachtwoord,
            "next": ""})
        if ingelogd.status_code != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"inloggen van {aanbieder.gebruikersnaam}: HTTP {ingelogd.status_code}")
        if aanbieder.totp_sleutel:  # the second factor: the code the user's authenticator app shows now
            from django_otp.oath import totp

            pagina = await self._verzoek("GET", "/account/tweede-factor/")
            self.token = unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina.text).group(1))
            bevestigd = await self._verzoek("POST", "/account/tweede-factor/", {
                "csrfmiddlewaretoken": self.token, "code": f"{totp(bytes.fromhex(aanbieder.totp_sleutel)):06d}",
                "next": ""})
            if bevestigd.status_code != 302:
                raise RuntimeError(f"tweede factor van {aanbieder.gebruikersnaam}: HTTP {bevestigd.status_code}")
        pagina = await self._verzoek("GET", aanbieder.pad)
        if pagina.status_code != 200:
            raise RuntimeError(f"{aanbieder.pad}: HTTP {pagina.status_code}")
        self._formulier(pagina.text)
        stijl = re.search(r'<link rel="stylesheet" href="(/static/[^"]+)"', pagina.text)
        self.stijl = stijl.group(1) if stijl else "/account/inloggen/"

    async def verbinden(self) -> None:
        """Have a connection to nginx open (TCP and TLS), by fetching the page's stylesheet again (HEAD)."""
        antwoord = await self._verzoek("HEAD", self.stijl)
        if antwoord.status_code != 200:
            raise RuntimeError(f"HEAD {self.stijl}: HTTP {antwoord.status_code}")

    async def indienen(self, uitkomst: Uitkomst) -> Uitkomst:
        """Press "Ondertekenen en indienen" at ``uitkomst.gepland``: the form as the browser sends it, its checkboxes
        ticked and the password typed when the form asks it."""
        data = {"csrfmiddlewaretoken": self.token, **{naam: "on" for naam in self.vinkjes}}
        if self.met_wachtwoord:
            data["wachtwoord"] = self.wachtwoord
        await asyncio.sleep(max(0.0, uitkomst.gepland - time.time()))
        uitkomst.verstuurd = time.time()
        begin = time.perf_counter()
        try:
            antwoord = await self._verzoek("POST", uitkomst.aanbieder.pad, data)
            uitkomst.latentie = time.perf_counter() - begin
            uitkomst.status = antwoord.status_code
            uitkomst.locatie = antwoord.headers.get("location", "")
            if not uitkomst.goed:
                melding = re.findall(r'class="(?:alert[^"]*|invalid-feedback[^"]*)"[^>]*>(.*?)</', antwoord.text, re.S)
                uitkomst.fout = f"HTTP {antwoord.status_code} {uitkomst.locatie} {[m.strip() for m in melding][:3]}"
        except Exception as fout:  # every failure of a submit is counted and shown
            uitkomst.latentie = time.perf_counter() - begin
            uitkomst.fout = f"{type(fout).__name__}: {fout}"
        return uitkomst

    async def sluiten(self) -> None:
        await self.client.aclose()


class CpuMeter:
    """CPU seconds used by each part of the stack (a process and all its descendants, the finished ones included
    through their parent's cutime/cstime), by the load generator (this process, not its children) and by the whole
    machine (other work on it included), so a run shows where the cores went."""

    def __init__(self, bomen: dict[str, list[int]]):
        self.bomen = bomen
        self.tik = os.sysconf("SC_CLK_TCK")

    def _boom(self, pid: int) -> float:
        try:
            velden = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            kinderen = [int(k) for taak in Path(f"/proc/{pid}/task").iterdir()
                        for k in (taak / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            return 0.0
        return sum(int(v) for v in velden[11:15]) / self.tik + sum(self._boom(k) for k in kinderen)

    def lees(self) -> dict[str, float]:
        uit = {naam: sum(self._boom(pid) for pid in pids) for naam, pids in self.bomen.items()}
        eigen = os.times()
        uit["generator"] = eigen.user + eigen.system
        cpu = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        uit["machine"] = (sum(cpu[:8]) - cpu[3] - cpu[4]) / self.tik  # all but idle and iowait
        return uit

    @staticmethod
    def verschil(voor: dict, na: dict) -> dict[str, float]:
        return {naam: round(na[naam] - voor[naam], 2) for naam in na}


class Generator:
    def __init__(self, nginx, host: str, wachtwoord: str, gelijktijdig: int, meter: CpuMeter | None = None):
        self.nginx, self.host, self.wachtwoord = nginx, host, wachtwoord
        self.tls = nginx.tls()
        self.gelijktijdig = gelijktijdig
        self.volgende_adres = 0
        self.meter = meter
        self.cpu: dict = {}  # CPU seconds per part from the start of the last wave until its last answer

    def browser(self) -> Browser:
        adres = ADRESSEN[self.volgende_adres % len(ADRESSEN)]
        self.volgende_adres += 1
        return Browser(self.nginx.poort, self.tls, adres, self.host, self.wachtwoord)

    async def voorbereiden(self, aanbieders: list[Aanbieder]) -> list[Browser]:
        """Every user logged in and on the page, ``gelijktijdig`` at a time (not timed)."""
        rem = asyncio.Semaphore(self.gelijktijdig)
        browsers = [self.browser() for _ in aanbieders]

        async def een(browser, aanbieder):
            async with rem:
                await browser.voorbereiden(aanbieder)

        try:
            await asyncio.gather(*(een(b, a) for b, a in zip(browsers, aanbieders, strict=True)))
        except BaseException:
            await asyncio.gather(*(b.sluiten() for b in browsers))
            raise
        return browsers

    async def golf(self, aanbieders: list[Aanbieder], momenten_na: list[float], *, voor_het_vuren=None,
                   verbonden: bool = False) -> tuple[list[Uitkomst], float, float]:
        """Prepare the users, then each submits at start + its offset. Returns the outcomes, the start (time.time())
        and the seconds the preparation took. ``voor_het_vuren(start)`` runs between preparing and firing.

        ``verbonden``: every browser opens its connection just before the start (not timed), so the submits are
        sent over open connections. For a peak: this one process cannot do hundreds of TLS handshakes within two
        seconds on the two cores it shares with the server (hundreds of browsers on their own machines can), and
        its handshakes would reach nginx seconds late, after the sluitingstijd; nginx's part of a handshake is a
        fraction of a millisecond."""
        t = time.perf_counter()
        browsers = await self.voorbereiden(aanbieders)
        voorbereid = time.perf_counter() - t
        try:
            if verbonden:
                await asyncio.gather(*(b.verbinden() for b in browsers))
            start = time.time() + (0.5 if verbonden else 1.0)
            if voor_het_vuren:
                voor_het_vuren(start)
            uitkomsten = [Uitkomst(a, gepland=start + na) for a, na in zip(aanbieders, momenten_na, strict=True)]
            await asyncio.sleep(max(0.0, start - 0.05 - time.time()))
            voor = self.meter.lees() if self.meter else {}
            begin = time.time()
            await asyncio.gather(*(b.indienen(u) for b, u in zip(browsers, uitkomsten, strict=True)))
            if self.meter:
                self.cpu = {**CpuMeter.verschil(voor, self.meter.lees()), "venster_s": round(time.time() - begin, 2)}
        finally:
            await asyncio.gather(*(b.sluiten() for b in browsers))
        return uitkomsten, start, voorbereid


# --- checks in the database -----------------------------------------------------------------------------------------

def opgeslagen(inschrijvingen: list[int]) -> list[int]:
    """Those of these inschrijvingen that have an Indiening (only those get a receipt)."""
    from inschrijving.models import Indiening

    return list(Indiening.objects.filter(inschrijving_id__in=inschrijvingen).values_list("inschrijving_id", flat=True)
                .distinct())


def ontvangsten(inschrijvingen: list[int]) -> int:
    """How many of these inschrijvingen have their receipt e-mail (with the PDF attached) recorded."""
    from inschrijving.models import Bericht

    return (Bericht.objects.filter(inschrijving_id__in=inschrijvingen, bijlage_naam=BIJLAGE)
            .values("inschrijving_id").distinct().count())


def wacht_op_ontvangsten(inschrijvingen: list[int], seconden: float) -> tuple[bool, float]:
    begin = time.monotonic()
    while True:
        if ontvangsten(inschrijvingen) >= len(inschrijvingen):
            return True, time.monotonic() - begin
        if time.monotonic() - begin > seconden:
            return False, time.monotonic() - begin
        time.sleep(0.25)


def controleer(uitkomsten: list[Uitkomst], sluiting: datetime | None) -> dict:
    """What the database holds for these submits: exactly one Indiening per inschrijving (volgnummer 1), received
    before ``sluiting``, the inschrijving ingediend; and how the receipt time relates to the moment of sending."""
    from inschrijving.models import Indiening, Inschrijving, Status

    ids = [u.aanbieder.inschrijving for u in uitkomsten]
    rijen = list(Indiening.objects.filter(inschrijving_id__in=ids).values_list("inschrijving_id", "volgnummer",
                                                                                 "ingediend_op"))
    per = Counter(i for i, _v, _o in rijen)
    verstuurd = {u.aanbieder.inschrijving: u.verstuurd for u in uitkomsten}
    verschil = [op.timestamp() - verstuurd[i] for i, _v, op in rijen]
    return {
        "opgeslagen": len(per),
        "ontbrekend": len(set(ids) - set(per)),
        "dubbel": sum(1 for n in per.values() if n != 1),
        "volgnummer_niet_1": sum(1 for _i, v, _o in rijen if v != 1),
        "na_sluiting": sum(1 for _i, _v, op in rijen if sluiting is not None and op >= sluiting),
        "niet_ingediend": Inschrijving.objects.filter(pk__in=ids).exclude(status=Status.INGEDIEND).count(),
        "ontvangen_min_verstuurd_ms": [round(min(verschil) * 1000, 1), round(max(verschil) * 1000, 1)]
        if verschil else None,
    }


def percentielen(uitkomsten: list[Uitkomst]) -> tuple[float, float, float]:
    tijden = [u.latentie for u in uitkomsten if u.latentie is not None]
    return percentiel(tijden, 50), percentiel(tijden, 95), percentiel(tijden, 99)


def fouten_van(uitkomsten: list[Uitkomst]) -> list[str]:
    return [f"{u.aanbieder.gebruikersnaam}: {u.fout or f'HTTP {u.status} {u.locatie}'}" for u in uitkomsten
            if not u.goed]


# --- the phases ------------------------------------------------------------------------------------------------------

def rustige_indieningen(generator: Generator, aanbieders: list[Aanbieder], opwarmen: int, wachten: float) \
        -> list[float]:
    """Warm-up (``opwarmen`` submits, four at a time, so every worker has run the path), then one submit at a
    time, each on an idle server: after the previous one's receipt was made. Returns the timed latencies."""
    opwarm, meet = aanbieders[:opwarmen], aanbieders[opwarmen:]
    for begin in range(0, len(opwarm), 4):
        groep = opwarm[begin:begin + 4]
        uitkomsten, _s, _v = asyncio.run(generator.golf(groep, [0.0] * len(groep)))
        if fouten := fouten_van(uitkomsten):
            raise RuntimeError(f"opwarmen mislukte: {fouten}")
    wacht_op_ontvangsten([a.inschrijving for a in opwarm], wachten)
    tijden = []
    for aanbieder in meet:
        [uitkomst], _s, _v = asyncio.run(generator.golf([aanbieder], [0.0]))
        if not uitkomst.goed:
            raise RuntimeError(f"een losse indiening mislukte: {uitkomst.fout}")
        tijden.append(uitkomst.latentie)
        wacht_op_ontvangsten([aanbieder.inschrijving], wachten)
    print(f"rustig, één tegelijk: {', '.join(ms(t) for t in tijden)} (mediaan {ms(statistics.median(tijden))}; "
          f"na {len(opwarm)} opwarm-indieningen)", flush=True)
    return tijden


def piek(generator: Generator, ronde, aanbieders: list[Aanbieder], venster: float, sluiting_na: float,
         ontvangst_wachten: float, basis: float, doel_p95: float) -> bool:
    from inschrijving.models import Bericht, Indiening, Inkoopronde

    aantal = len(aanbieders)
    gezet = {}

    def sluitingstijd_zetten(start: float) -> None:
        gezet["sluiting"] = datetime.fromtimestamp(start + sluiting_na, tz=UTC)
        Inkoopronde.objects.filter(pk=ronde.pk).update(sluiting_inschrijving=gezet["sluiting"])

    momenten = [n * venster / aantal for n in range(aantal)]
    uitkomsten, start, voorbereid = asyncio.run(generator.golf(aanbieders, momenten, verbonden=True,
                                                               voor_het_vuren=sluitingstijd_zetten))
    sluiting = gezet["sluiting"]
    cpu_piek = generator.cpu
    klaar = max(u.verstuurd + (u.latentie or 0) for u in uitkomsten)
    ids = opgeslagen([a.inschrijving for a in aanbieders])
    voor = generator.meter.lees() if generator.meter else {}
    gelukt, wachttijd = wacht_op_ontvangsten(ids, ontvangst_wachten)
    cpu_na = {**CpuMeter.verschil(voor, generator.meter.lees()), "venster_s": round(wachttijd, 1)} \
        if generator.meter else {}
    gemaakt = ontvangsten(ids)
    laatste_bericht = (Bericht.objects.filter(inschrijving_id__in=ids, bijlage_naam=BIJLAGE)
                       .order_by("-aangemaakt_op").values_list("aangemaakt_op", flat=True).first())
    pdfs = Indiening.objects.filter(inschrijving_id__in=ids).exclude(ontvangstbewijs="").count()
    # The round stays open for the steps that follow.
    Inkoopronde.objects.filter(pk=ronde.pk).update(sluiting_inschrijving=timezone.now() + timedelta(days=1))

    db = controleer(uitkomsten, sluiting)
    fouten = fouten_van(uitkomsten)
    p50, p95, p99 = percentielen(uitkomsten)
    te_laat_verstuurd = sum(1 for u in uitkomsten if u.verstuurd >= sluiting.timestamp())
    elk_een_keer = db["opgeslagen"] == aantal and not (db["ontbrekend"] or db["dubbel"] or db["volgnummer_niet_1"]
                                                       or db["niet_ingediend"])
    op_tijd = db["na_sluiting"] == 0 and te_laat_verstuurd == 0
    gehaald = not fouten and elk_een_keer and op_tijd and p95 <= doel_p95
    print(f"piek: {aantal} indieningen tussen {komma(0)} en {komma(momenten[-1])} s na de start, sluitingstijd "
          f"{komma(sluiting_na, 1)} s na de start; voorbereid (inloggen en pagina, niet gemeten) in "
          f"{komma(voorbereid, 1)} s", flush=True)
    print(f"  laatste antwoord {komma(klaar - start)} s na de start ({komma(klaar - sluiting.timestamp())} s na de "
          f"sluitingstijd); laatste verzending {komma(max(u.verstuurd for u in uitkomsten) - start)} s na de start, "
          f"grootste vertraging van de generator {ms(max(u.verstuurd - u.gepland for u in uitkomsten))}")
    print(f"  database: {db}")
    print(f"  ontvangstbevestigingen: {gemaakt} van {len(ids)} opgeslagen indieningen "
          f"{'binnen' if gelukt else 'NIET binnen'} {komma(ontvangst_wachten, 0)} s; laatste "
          f"{komma((laatste_bericht.timestamp() - start) if laatste_bericht else float('nan'), 1)} s na de start "
          f"({pdfs} pdf's bij de indiening)", flush=True)
    print(f"  CPU-seconden van de start tot het laatste antwoord: {cpu_piek}")
    print(f"  CPU-seconden daarna, tot de ontvangstbevestigingen klaar waren: {cpu_na}", flush=True)
    for regel in fouten[:10]:
        print(f"  fout: {regel}")
    meld(PIEK_FIGUUR,
         doel=f"0 fouten, elk precies één keer opgeslagen, elke aankomst vóór de sluitingstijd aanvaard, "
              f"p95 ≤ {komma(doel_p95, 0)} s",
         gemeten=f"p50 {komma(p50)} s, p95 {komma(p95)} s, p99 {komma(p99)} s, {len(fouten)} fouten, "
                 f"{db['opgeslagen']} opgeslagen",
         basis=f"één indiening op een rustige server: {ms(basis)} (mediaan van de losse indieningen)",
         verhouding=p95 / basis, gehaald=gehaald,
         details={"aantal": aantal, "venster_s": venster, "sluiting_na_start_s": sluiting_na,
                  "laatste_antwoord_na_sluiting_s": round(klaar - sluiting.timestamp(), 2),
                  "max_latentie_s": round(max(u.latentie or 0 for u in uitkomsten), 3),
                  "verzonden_na_sluiting": te_laat_verstuurd, "database": db,
                  "elk_precies_een_keer": elk_een_keer, "alle_aankomsten_aanvaard": op_tijd and not fouten,
                  "cpu_s_piek": cpu_piek, "cpu_s_daarna": cpu_na,
                  "ontvangstbevestigingen": {"gemaakt": gemaakt, "van": len(ids), "binnen_wachttijd": gelukt,
                                             "klaar_na_start_s": round(laatste_bericht.timestamp() - start, 1)
                                             if laatste_bericht else None,
                                             "gewacht_na_laatste_antwoord_s": round(wachttijd, 1)},
                  "fouten": fouten[:20]})
    return gehaald


def aanhoudend(generator: Generator, aanbieders: list[Aanbieder], tempi: list[int], stap: float, grens: float,
               ontvangst_wachten: float, basis: float, doel: float, eerder: list[int]) -> bool:
    """``eerder``: the inschrijvingen submitted before (the peak), whose receipts are awaited before the first step."""
    gehouden, stappen, eerder = 0, [], list(eerder)
    voorraad = list(aanbieders)
    for tempo in tempi:
        aantal = round(tempo * stap)
        if aantal > len(voorraad):
            print(f"tempo {tempo}/s: te weinig inschrijvingen geseed ({len(voorraad)} over, {aantal} nodig)")
            break
        groep, voorraad = voorraad[:aantal], voorraad[aantal:]
        leeg, gewacht = wacht_op_ontvangsten(eerder, ontvangst_wachten)  # each step starts with the queue empty
        uitkomsten, start, voorbereid = asyncio.run(generator.golf(groep, [n / tempo for n in range(aantal)]))
        eerder += opgeslagen([a.inschrijving for a in groep])
        p50, p95, p99 = percentielen(uitkomsten)
        fouten = fouten_van(uitkomsten)
        db = controleer(uitkomsten, None)
        fouten += [f"{db['ontbrekend']} niet opgeslagen"] if db["ontbrekend"] else []
        fouten += [f"{db['dubbel']} dubbel opgeslagen"] if db["dubbel"] else []
        vertraging = max(u.verstuurd - u.gepland for u in uitkomsten)
        klaar = max(u.verstuurd + (u.latentie or 0) for u in uitkomsten) - start
        stappen.append({"tempo": tempo, "aantal": aantal, "p50_s": round(p50, 3), "p95_s": round(p95, 3),
                        "p99_s": round(p99, 3), "fouten": len(fouten), "opgeslagen": db["opgeslagen"],
                        "laatste_antwoord_s": round(klaar, 2), "generator_vertraging_ms": round(vertraging * 1000),
                        "ontvangen_min_verstuurd_ms": db["ontvangen_min_verstuurd_ms"], "cpu_s": generator.cpu,
                        "wachtrij_leeg_bij_start": leeg, "gewacht_op_ontvangsten_s": round(gewacht, 1),
                        "voorbereid_s": round(voorbereid, 1)})
        print(f"tempo {tempo:>3}/s, {aantal} in {komma(stap, 0)} s: p50 {ms(p50)}, p95 {ms(p95)}, p99 {ms(p99)}, "
              f"{len(fouten)} fouten, {db['opgeslagen']} opgeslagen; laatste antwoord na {komma(klaar)} s; "
              f"generator {ms(vertraging)} te laat op zijn slechtst; aankomst bij nginx na verzending "
              f"{db['ontvangen_min_verstuurd_ms']} ms; wachtrij leeg bij de start: {'ja' if leeg else 'nee'}",
              flush=True)
        print(f"  CPU-seconden: {generator.cpu}")
        for regel in fouten[:5]:
            print(f"  fout: {regel}")
        if fouten or p95 >= grens:
            break
        gehouden = tempo
    ideaal = 1 / basis
    meld(TEMPO_FIGUUR, doel=f"≥ {komma(doel, 0)} per seconde", gemeten=f"{gehouden} per seconde",
         basis=f"één client na elkaar: 1 / {ms(basis)} = {komma(ideaal, 1)} per seconde",
         verhouding=gehouden / ideaal, gehaald=gehouden >= doel,
         details={"stap_s": stap, "grens_p95_s": grens, "aankomsten": "open lus, gelijkmatig verdeeld",
                  "stappen": stappen})
    return gehouden >= doel


# --- the profile of one submit (--profiel) ----------------------------------------------------------------------------

def profiel(ronde, aanbieders: list[Aanbieder], aantal: int) -> None:
    """``aantal`` submits in this process through django.test.Client (the same URL, view, middleware and form), three
    first as warm-up and to time without the profiler, then ``aantal`` under cProfile; prints the queries of one
    submit with their times, the project's own functions by cumulative time and the heaviest functions by own time."""
    import cProfile
    import importlib
    import pstats
    from unittest import mock

    from django.test import Client, override_settings

    from inschrijving.models import Gebruiker
    from tests.conftest import _verifieer_otp
    from tests.factories import WACHTWOORD

    vragen, cpu = [], []
    stapel = ["rest van het verzoek"]  # the section a query is counted in: the innermost one running
    onderdelen: dict[str, list[float]] = {}  # section -> [wall, cpu, queries, query time], summed over submits

    def meten(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            duur = time.perf_counter() - t
            vragen.append((sql, duur))
            rij = onderdelen.setdefault(stapel[-1], [0.0, 0.0, 0, 0.0])
            rij[2] += 1
            rij[3] += duur

    # Where a submit's time goes, without a profiler's overhead: these functions timed (wall and CPU of this
    # process) as they run; each one's figures include the ones it calls.
    DELEN = [("inschrijving.views.aanbieder", "_inschrijving", "view: inschrijving ophalen"),
             ("inschrijving.services", "indienen", "services.indienen (alles)"),
             ("wlzportal.accounts", "wachtwoord_controleren", "  wachtwoord_controleren (authenticate, axes)"),
             ("wlzportal.wachtwoorden", "Argon2idOwasp.verify", "    Argon2id verify"),
             ("inschrijving.services", "_indienen", "  _indienen (transactie, met commit)"),
             ("inschrijving.services", "_vergrendel", "    _vergrendel (SELECT … FOR UPDATE)"),
             ("inschrijving.services", "controleer_bewerkbaar", "    controleer_bewerkbaar"),
             ("inschrijving.services", "type_bijwerken", "    type_bijwerken (bepaal_type)"),
             ("inschrijving.services", "dossier_van", "    dossier_van"),
             ("inschrijving.dossier", "regels_van", "      regels_van"),
             ("inschrijving.services", "evalueer", "    evalueer"),
             ("inschrijving.services", "hash_van", "    hash_van"),
             ("inschrijving.services", "ontvangst_in_de_wachtrij", "    ontvangst in de wachtrij (Redis)")]

    def getimed(naam, functie):
        def omhulsel(*args, **kwargs):
            stapel.append(naam)
            t, c = time.perf_counter(), time.process_time()
            try:
                return functie(*args, **kwargs)
            finally:
                rij = onderdelen.setdefault(naam, [0.0, 0.0, 0, 0.0])
                rij[0] += time.perf_counter() - t
                rij[1] += time.process_time() - c
                stapel.pop()
        return omhulsel

    def een(aanbieder, profiler=None):
        client = Client(HTTP_HOST="inschrijven.example.nl")
        _verifieer_otp(client, Gebruiker.objects.get(username=aanbieder.gebruikersnaam))  # password and 2nd factor
        data = {"wachtwoord": WACHTWOORD, "verklaring_juist": "on"}
        vragen.clear()
        t, c = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        with connection.execute_wrapper(meten):
            antwoord = client.post(aanbieder.pad, data)
        if profiler:
            profiler.disable()
        duur = time.perf_counter() - t
        cpu.append(time.process_time() - c)
        assert antwoord.status_code == 302 and antwoord["Location"] == aanbieder.ingediend, antwoord
        return duur

    with override_settings(DEBUG=False, ALLOWED_HOSTS=["inschrijven.example.nl"]):
        een(aanbieders[0])
        tijden = [een(a) for a in aanbieders[1:4]]
        een_indiening = list(vragen)
        with contextlib.ExitStack() as patches:
            for module, pad, naam in DELEN:
                doel = importlib.import_module(module)
                *klassen, attribuut = pad.split(".")
                for klasse in klassen:
                    doel = getattr(doel, klasse)
                patches.enter_context(mock.patch.object(doel, attribuut, getimed(naam, getattr(doel, attribuut))))
            onderdelen.clear()
            cpu.clear()
            stapel[:] = ["rest van het verzoek"]
            delen_n = aantal
            totaal = (sum(een(a) for a in aanbieders[4 + aantal:4 + 2 * aantal]), sum(cpu))
            bevroren = {naam: list(rij) for naam, rij in onderdelen.items()}  # before the profiled runs add to it
        profiler = cProfile.Profile()
        gemeten = [een(a, profiler) for a in aanbieders[4:4 + aantal]]
    print(f"in dit proces (django.test.Client, geen nginx/gunicorn, geen aankomst-header): zonder profiler "
          f"{', '.join(ms(t) for t in tijden)}; met profiler mediaan {ms(statistics.median(gemeten))} over "
          f"{len(gemeten)}")
    print(f"onderdelen, gemiddeld over {delen_n} indieningen zonder profiler (wand / CPU van dit proces / queries / "
          f"querytijd; inclusief wat ze aanroepen; 'rest' telt alleen queries):")
    print(f"  {'hele verzoek (client.post)':<52} {ms(totaal[0] / delen_n):>7} "
          f"{ms(totaal[1] / delen_n):>7}")
    for _m, _p, naam in [*DELEN, (None, None, "rest van het verzoek")]:
        wand, processor, n, qtijd = bevroren.get(naam, [0.0, 0.0, 0, 0.0])
        print(f"  {naam:<52} {ms(wand / delen_n):>7} {ms(processor / delen_n):>7} {n / delen_n:5.1f} "
              f"{ms(qtijd / delen_n):>7}")
    print(f"{len(een_indiening)} queries in één indiening, samen {ms(sum(d for _s, d in een_indiening))}:")
    for sql, duur in een_indiening:
        print(f"  {duur * 1000:6.1f} ms  {' '.join(sql.split())[:150]}")
    stats = pstats.Stats(profiler)
    print("eigen functies, cumulatief:")
    stats.sort_stats("cumulative").print_stats(re.escape(str(ROOT)) + r"/(inschrijving|wlzportal|beoordeling)/", 40)
    print("zwaarste functies, eigen tijd:")
    stats.sort_stats("tottime").print_stats(20)


# --- main ----------------------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--piek", type=int, default=200, help="indieningen in de piek")
    parser.add_argument("--venster", type=float, default=2.0, help="seconden waarover de piek verdeeld is")
    parser.add_argument("--sluiting-na", type=float, default=3.0, help="sluitingstijd, seconden na de eerste")
    parser.add_argument("--opwarmen", type=int, default=8)
    parser.add_argument("--basis", type=int, default=5, help="losse indieningen op een rustige server")
    parser.add_argument("--tempi", default="5,10,15,20,25,30,40,50,60")
    parser.add_argument("--stap", type=float, default=8.0, help="seconden per tempo")
    parser.add_argument("--grens", type=float, default=1.0, help="p95 waaronder een tempo gehouden is")
    parser.add_argument("--doel-p95", type=float, default=5.0)
    parser.add_argument("--doel-tempo", type=float, default=20.0)
    parser.add_argument("--ontvangst-wachten", type=float, default=120.0)
    parser.add_argument("--gelijktijdig", type=int, default=8, help="gebruikers tegelijk bij inloggen (niet gemeten)")
    parser.add_argument("--voorrang", type=int, default=10, help="nice-verlaging van de generator (0: geen)")
    parser.add_argument("--profiel", type=int, default=0, help="alleen N indieningen in dit proces profileren")
    parser.add_argument("--bewaar", action="store_true", help="de werkmap (logs) niet opruimen")
    args = parser.parse_args()
    tempi = [int(t) for t in args.tempi.split(",") if t]

    from django.conf import settings
    from django.core.management import call_command

    from bench.stapel import CeleryWorkers, Gunicorn
    from tests.factories import WACHTWOORD
    from tests.nginx import HOST, Nginx, achter_nginx
    from tests.productie import productievariabelen

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        print(f"PostgreSQL: {postgres_instellingen(cursor)}")
    if args.profiel:
        ronde, aanbieders, blokkerend = seed(2 * args.profiel + 4)
        print(f"voorcontrole: {blokkerend} blokkerende bevindingen")
        profiel(ronde, aanbieders, args.profiel)
        return 0

    nodig = args.opwarmen + args.basis + args.piek + sum(round(t * args.stap) for t in tempi)
    t = time.perf_counter()
    ronde, aanbieders, blokkerend = seed(nodig)
    print(f"seed: {nodig} complete concept-inschrijvingen in {komma(time.perf_counter() - t, 1)} s; voorcontrole: "
          f"{blokkerend} blokkerende bevindingen", flush=True)
    rustig = aanbieders[:args.opwarmen + args.basis]
    piekgroep = aanbieders[len(rustig):len(rustig) + args.piek]
    rest = aanbieders[len(rustig) + args.piek:]

    werkmap = Path(tempfile.mkdtemp(prefix="wlz-indienen-"))
    # As docker-compose.yml's web service: nginx's arrival time counts, X-Forwarded-For is the client.
    gunicorn = Gunicorn(werkmap / "gunicorn", extra=achter_nginx())
    (werkmap / "nginx").mkdir()
    nginx = Nginx(werkmap / "nginx", gunicorn.poort)
    # The worker as compose runs it: .env's production variables, DEBUG off, the same database, Redis and files.
    worker_omgeving = {**productievariabelen(), **achter_nginx(), "DJANGO_DEBUG": "false",
                       "WLZ_PRIVATE_ROOT": str(settings.PRIVATE_STORAGE_ROOT)}
    resultaat = 1
    try:
        gunicorn.collectstatic()
        gunicorn.start()
        nginx.start()
        with CeleryWorkers(werkmap / "celery", aantal=1, concurrency=1, naam="indienen",
                           extra=worker_omgeving) as workers:
            print(f"gunicorn ({gunicorn.workers} workers) achter nginx, 1 Celery-worker; werkmap {werkmap}",
                  flush=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend = cursor.fetchone()[0]
            postmaster = int(Path(f"/proc/{backend}/stat").read_text().rpartition(")")[2].split()[1])
            meter = CpuMeter({"gunicorn": [gunicorn.proces.pid], "nginx": [nginx.proces.pid],
                              "celery": [p.pid for p in workers.processen], "postgres": [postmaster]})
            if args.voorrang:
                # The generator stands in for hundreds of browsers on their own machines: the server it measures
                # must not starve it of the two shared cores, or requests leave late and answers are read late.
                # Set only now, so gunicorn, nginx and Celery (its children) keep the normal priority.
                try:
                    os.setpriority(os.PRIO_PROCESS, 0, -args.voorrang)
                    print(f"generator: nice -{args.voorrang}")
                except PermissionError:
                    print("generator: geen voorrang mogelijk (geen root); verzendingen kunnen te laat vertrekken")
            generator = Generator(nginx, HOST, WACHTWOORD, args.gelijktijdig, meter)
            tijden = rustige_indieningen(generator, rustig, args.opwarmen, args.ontvangst_wachten)
            basis = statistics.median(tijden)
            eerste = piek(generator, ronde, piekgroep, args.venster, args.sluiting_na, args.ontvangst_wachten, basis,
                          args.doel_p95)
            tweede = aanhoudend(generator, rest, tempi, args.stap, args.grens, args.ontvangst_wachten, basis,
                                args.doel_tempo, opgeslagen([a.inschrijving for a in piekgroep]))
            resultaat = 0 if eerste and tweede else 1
    except Exception:
        print(gunicorn.staart(), file=sys.stderr)
        print(nginx.staart(), file=sys.stderr)
        args.bewaar = True
        raise
    finally:
        nginx.stop()
        gunicorn.stop()
        if args.bewaar:
            print(f"werkmap bewaard: {werkmap}")
        else:
            shutil.rmtree(werkmap, ignore_errors=True)
    return resultaat


if __name__ == "__main__":
    sys.exit(main())
