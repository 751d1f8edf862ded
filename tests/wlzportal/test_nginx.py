"""nginx in front of gunicorn, as docker-compose.yml runs them: slow uploads do not hold up anyone else's page.

gunicorn runs as in production (``tests/productie.py``: the Dockerfile's command, DEBUG off, the test database),
with two workers and, for these tests only, an access log of the headers nginx passes on. Debian's nginx runs
``deploy/nginx.conf``, the file docker-compose.yml mounts, with only what ``Nginx.vervangingen`` lists replaced (the
ports, the upstream address, the /var folders) and a throwaway certificate in ``tls/`` next to it.

Five clients announce the largest body nginx accepts (a 50 MB one gets no further than its headers: 413) and send it
a kilobyte at a time. Through nginx another user's login page keeps coming within a second; straight to gunicorn,
with the same two workers, it does not come at all until the uploads go away. Requests come from 127.0.0.2 and nginx
connects to gunicorn from 127.0.0.1, so the address nginx forwards is told apart from its own.
"""

import re
import secrets
import select
import socket
import ssl
import subprocess
import threading
import time
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from inschrijving.dossier import hash_van
from inschrijving.models import Indiening, Inkoopronde, Inschrijving, Status
from tests.factories import WACHTWOORD, ZorgkantoorFactory
from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving
from tests.nginx import CLIENT, CONF, HOST, Nginx, achter_nginx
from tests.productie import LOOPBACK, ProductieServer

pytestmark = pytest.mark.django_db(transaction=True)

MB = 1024 * 1024
LOGIN = "/account/inloggen/"
# An upload URL; no inschrijving 1 is needed: Django's CSRF check reads the body before the view runs.
UPLOAD = "/aanbieder/inschrijving/1/documenten/vog/"
GRENS = "----wlzupload4f2a9c"
TOEGANGSLOG = "%(r)s|%(s)s|%({x-forwarded-for}i)s|%({x-request-start}i)s"
TRAGE_CLIENTS = 5
DRUPPEL = 1024  # bytes per client every DRUPPEL_TEMPO seconds
DRUPPEL_TEMPO = 0.2


def directief(naam: str) -> str:
    gevonden = re.findall(rf"^\s*{naam}\s+([^;]+);", CONF.read_text(), re.M)
    assert len(gevonden) == 1, f"{naam} staat {len(gevonden)} keer in {CONF}"
    return gevonden[0]


def seconden(waarde: str) -> float:
    assert waarde.endswith("s"), waarde
    return float(waarde[:-1])


BODY_GRENS = int(directief("client_max_body_size").removesuffix("m")) * MB
BODY_TIMEOUT = seconden(directief("client_body_timeout"))


class Gunicorn(ProductieServer):
    """The Dockerfile's gunicorn, plus an access log of what nginx passed on (tests only: nginx logs access)."""

    def opdracht(self) -> list[str]:
        return [*super().opdracht(), "--access-logfile", "-", "--access-logformat", TOEGANGSLOG]

    def toegang(self, pad: str) -> list[list[str]]:
        """The access-log lines for requests to ``pad``: request line, status, X-Forwarded-For, X-Request-Start."""
        regels = self.log.read_text(errors="replace").splitlines()
        return [regel.split("|") for regel in regels if regel.count("|") == 3 and f" {pad} " in regel]


def upload_kop(lengte: int, pad: str, token: str) -> bytes:
    """The headers of a document upload as a browser sends them (X-Forwarded-Proto as nginx sets it, for gunicorn)."""
    return (f"POST {pad} HTTP/1.1\r\nHost: {HOST}\r\nX-Forwarded-Proto: https\r\nOrigin: https://{HOST}\r\n"
            f"Referer: https://{HOST}{pad}\r\nCookie: csrftoken={token}\r\n"
            f"Content-Type: multipart/form-data; boundary={GRENS}\r\nContent-Length: {lengte}\r\n\r\n").encode()


def upload_begin(token: str) -> bytes:
    """The start of its body: the CSRF field and the header of the file part."""
    return (f'--{GRENS}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
            f'--{GRENS}\r\nContent-Disposition: form-data; name="bestand"; filename="groot.pdf"\r\n'
            f"Content-Type: application/pdf\r\n\r\n").encode()


def upload_start(lengte: int, pad: str = UPLOAD) -> bytes:
    token = secrets.token_hex(16)
    return upload_kop(lengte, pad, token) + upload_begin(token)


def status_van(antwoord: bytes) -> int:
    gevonden = re.match(rb"HTTP/1\.[01] (\d{3}) ", antwoord)
    assert gevonden, antwoord[:200]
    return int(gevonden.group(1))


def al_ontvangen(verbinding: socket.socket) -> bytes | None:
    """What the server has sent, without waiting: None if nothing yet (a TLS session ticket is not an answer)."""
    timeout = verbinding.gettimeout()
    verbinding.setblocking(False)
    try:
        return verbinding.recv(200)  # b"" when the server closed the connection
    except (ssl.SSLWantReadError, BlockingIOError):
        return None
    finally:
        verbinding.settimeout(timeout)


class TrageUploads:
    """Five clients that each announce the largest body nginx accepts and send a kilobyte of it every 0.2 s."""

    def __init__(self, verbind):
        self.verbind = verbind
        self.clients: list[socket.socket] = []
        self.fouten: list[OSError] = []
        self._stop = threading.Event()
        self._druppelaar = threading.Thread(target=self._druppelen, daemon=True)

    def __enter__(self):
        try:
            for _ in range(TRAGE_CLIENTS):
                client = self.verbind()
                self.clients.append(client)
                client.sendall(upload_start(BODY_GRENS))
        except BaseException:
            self.__exit__()
            raise
        self._druppelaar.start()
        time.sleep(0.5)  # the uploads are under way before the other user comes
        return self

    def _druppelen(self):
        while not self._stop.wait(DRUPPEL_TEMPO):
            for client in self.clients:
                try:
                    client.sendall(b"\0" * DRUPPEL)
                except OSError as fout:
                    self.fouten.append(fout)
                    return

    def stop_druppelen(self):
        self._stop.set()
        if self._druppelaar.is_alive():
            self._druppelaar.join()

    def __exit__(self, *_):
        self.stop_druppelen()
        for client in self.clients:
            client.close()


class StilgevallenUpload(threading.Thread):
    """A client that sends the headers and the start of an upload, then nothing; notes when nginx gives up on it."""

    def __init__(self, nginx: Nginx):
        super().__init__(daemon=True)
        self.verbinding = nginx.verbinding(timeout=BODY_TIMEOUT + 30)
        self.verbinding.sendall(upload_start(BODY_GRENS, "/aanbieder/stilgevallen/"))
        self.begin = time.monotonic()
        self.einde: float | None = None
        self.ontvangen: bytes | str = ""

    def run(self):
        try:
            self.ontvangen = self.verbinding.recv(200)
        except (OSError, ssl.SSLError) as fout:
            self.ontvangen = repr(fout)
        self.einde = time.monotonic()
        self.verbinding.close()


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, tmp_path_factory):
    server = Gunicorn(tmp_path_factory.mktemp("gunicorn"), settings.DATABASES["default"],
                      settings.PRIVATE_STORAGE_ROOT)
    server.omgeving.update(achter_nginx())  # as docker-compose.yml sets them
    try:
        server.collectstatic()
        server.start()
    except RuntimeError as fout:
        pytest.fail(str(fout))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def nginx(gunicorn, tmp_path_factory):
    """nginx on deploy/nginx.conf in front of ``gunicorn``.

    As soon as it runs, one upload stalls (``nginx.stilgevallen``): the module's other tests fill most of the
    client_body_timeout that the last test waits for.
    """
    proxy = Nginx(tmp_path_factory.mktemp("nginx"), gunicorn.poort)
    try:
        proxy.start()
    except (RuntimeError, subprocess.CalledProcessError) as fout:
        pytest.fail(str(fout))
    proxy.stilgevallen = StilgevallenUpload(proxy)
    proxy.stilgevallen.start()
    yield proxy
    proxy.stop()


def laad_pagina(nginx: Nginx, geduld: float = 3.0) -> tuple[int | None, float]:
    """Another user opens the login page: connect, TLS, request, the whole answer. Status and seconds taken."""
    begin = time.monotonic()
    verbinding = nginx.https(timeout=geduld)
    try:
        verbinding.request("GET", LOGIN, headers={"Host": HOST, "Accept-Language": "nl"})
        antwoord = verbinding.getresponse()
        antwoord.read()
        return antwoord.status, time.monotonic() - begin
    except TimeoutError:
        return None, time.monotonic() - begin
    finally:
        verbinding.close()


def test_trage_uploads_houden_de_pagina_van_een_ander_niet_op(nginx, gunicorn):
    # Without the uploads first; this also has both workers load their templates, as a running portal has.
    rustig = [laad_pagina(nginx) for _ in range(4)]
    assert [status for status, _ in rustig] == [200] * 4, nginx.staart()
    with TrageUploads(nginx.verbinding) as uploads:
        metingen = []
        for _ in range(12):
            metingen.append(laad_pagina(nginx))
            if metingen[-1][0] != 200:
                break
            time.sleep(0.2)
        uploads.stop_druppelen()
        # The uploads were still under way all that time: nginx took every drop and neither answered nor dropped them.
        assert not uploads.fouten, uploads.fouten
        assert [al_ontvangen(upload) for upload in uploads.clients] == [None] * TRAGE_CLIENTS
    assert [status for status, _ in metingen] == [200] * len(metingen), nginx.staart()
    traagste = max(duur for _, duur in metingen)
    print(f"\nmet nginx: {TRAGE_CLIENTS} trage uploads van {BODY_GRENS} bytes, inlogpagina {len(metingen)}x, "
          f"traagste {traagste:.3f} s (zonder uploads {max(duur for _, duur in rustig):.3f} s): "
          f"{[round(duur, 3) for _, duur in metingen]}")
    assert traagste < 1.0, metingen
    # gunicorn never saw them: nginx passes a request on only once its body is complete.
    time.sleep(0.3)
    assert gunicorn.toegang(UPLOAD) == []


def test_zonder_nginx_houden_dezelfde_uploads_de_pagina_op(gunicorn):
    """The baseline: the same uploads straight to gunicorn, whose two sync workers each wait for one of them."""
    def verbind():
        return socket.create_connection((LOOPBACK, gunicorn.poort), timeout=10)

    with TrageUploads(verbind) as uploads:
        begin = time.monotonic()
        pagina = verbind()
        pagina.sendall(f"GET {LOGIN} HTTP/1.1\r\nHost: {HOST}\r\nX-Forwarded-Proto: https\r\n"
                       "Accept-Language: nl\r\nConnection: close\r\n\r\n".encode())
        beantwoord = bool(select.select([pagina], [], [], 3.0)[0])
        assert not uploads.fouten, uploads.fouten
    # The uploads are gone: now the page comes.
    assert select.select([pagina], [], [], 30)[0]
    duur = time.monotonic() - begin
    antwoord = pagina.recv(200)
    pagina.close()
    print(f"\nzonder nginx: de inlogpagina kwam na {duur:.1f} s, toen de trage uploads wegvielen")
    assert not beantwoord, "gunicorn antwoordde binnen 3 s ondanks de trage uploads"
    assert status_van(antwoord) == 200, antwoord


@pytest.mark.parametrize("lengte", [BODY_GRENS + 1, 50 * MB])
def test_een_te_grote_body_krijgt_413_van_nginx_voordat_django_hem_leest(nginx, gunicorn, lengte):
    # The cap leaves room for one document of the largest allowed size and the form around it, and little more.
    assert settings.WLZ_MAX_UPLOAD_MB * MB < BODY_GRENS <= (settings.WLZ_MAX_UPLOAD_MB + 2) * MB
    pad = f"/aanbieder/te-groot-{lengte}/"
    verbinding = nginx.verbinding(timeout=5)
    begin = time.monotonic()
    verbinding.sendall(upload_start(lengte, pad))  # and not a byte more of the body
    antwoord = verbinding.recv(200)
    duur = time.monotonic() - begin
    verbinding.close()
    assert status_van(antwoord) == 413, antwoord
    assert duur < 1.0
    time.sleep(0.2)
    assert gunicorn.toegang(pad) == []


def test_het_grootste_toegestane_document_komt_door_naar_django(nginx, gunicorn):
    pad = f"{UPLOAD}?merk=grootste"
    token = secrets.token_hex(16)
    body = upload_begin(token) + b"\0" * (settings.WLZ_MAX_UPLOAD_MB * MB) + f"\r\n--{GRENS}--\r\n".encode()
    verbinding = nginx.verbinding(timeout=30)
    verbinding.sendall(upload_kop(len(body), pad, token) + body)
    antwoord = verbinding.recv(200)
    verbinding.close()
    # Django read it (CSRF passed) and sends the anonymous client to the login page.
    assert status_van(antwoord) == 302, antwoord
    assert [regel[1] for regel in gunicorn.toegang(pad)] == ["302"]


def test_nginx_geeft_het_adres_van_de_client_en_het_moment_van_aankomst_door(nginx, gunicorn):
    """nginx overwrites what the client says about itself; Django's login lockout counts the address nginx saw."""
    verbinding = nginx.https()
    verbinding.request("GET", LOGIN, headers={"Host": HOST})
    formulier = verbinding.getresponse()
    html = formulier.read().decode()
    verbinding.close()
    cookie = next(kop.split(";")[0] for kop in formulier.headers.get_all("Set-Cookie") if kop.startswith("csrftoken="))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    body = f"csrfmiddlewaretoken={token}&username=iemand-anders&password=fout-wachtwoord-123".encode()
    verbinding = nginx.https()
    verbinding.putrequest("POST", f"{LOGIN}?merk=doorgeven", skip_host=True)
    for naam, waarde in {"Host": HOST, "Cookie": cookie, "Origin": f"https://{HOST}", "Referer": f"https://{HOST}/",
                         "Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(body)),
                         "X-Forwarded-For": "203.0.113.66", "X-Request-Start": "t=1000000000.000"}.items():
        verbinding.putheader(naam, waarde)
    verbinding.endheaders()
    time.sleep(0.5)  # the body arrives half a second after the headers
    body_binnen = time.time()
    verbinding.send(body)
    antwoord = verbinding.getresponse()
    antwoord.read()
    klaar = time.time()
    verbinding.close()
    assert antwoord.status == 200  # the form again, with the error

    regels = []
    for _ in range(20):
        regels = gunicorn.toegang(f"{LOGIN}?merk=doorgeven")
        if regels:
            break
        time.sleep(0.1)
    [[_verzoek, status, doorgestuurd, aankomst]] = regels
    assert status == "200"
    assert doorgestuurd == CLIENT  # not the client's 203.0.113.66, nor appended to it
    moment = float(aankomst.removeprefix("t="))
    # Milliseconds; with the body buffered, nginx passes the request on once the body is complete.
    assert body_binnen - 0.002 <= moment <= klaar + 0.002, (body_binnen, moment, klaar)
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("iemand-anders", CLIENT)]


def test_een_stilgevallen_upload_wordt_na_client_body_timeout_afgebroken(nginx, gunicorn):
    stil = nginx.stilgevallen
    stil.join(timeout=BODY_TIMEOUT + 10 - (time.monotonic() - stil.begin))
    assert stil.einde is not None, "nginx hield een stilgevallen upload langer vast dan client_body_timeout"
    duur = stil.einde - stil.begin
    assert BODY_TIMEOUT - 0.5 <= duur <= BODY_TIMEOUT + 3, (duur, stil.ontvangen)
    print(f"\nstilgevallen upload: na {duur:.1f} s {stil.ontvangen!r}")
    # Closed without an answer, or with 408: the request never reached gunicorn.
    assert stil.ontvangen == b"" or isinstance(stil.ontvangen, str) or status_van(stil.ontvangen) == 408
    assert gunicorn.toegang("/aanbieder/stilgevallen/") == []


# --- the arrival time is the receipt time (issue 9, item 4) --------------------------------------------------------

def _klaar_om_in_te_dienen(gunicorn, aantal):
    """``aantal`` tekenbevoegden, each with a complete inschrijving, signed in, the indienen form loaded."""
    zk = ZorgkantoorFactory(naam="Zorgkantoor Aankomst")
    ronde = ronde_met_regels(zorgkantoren=[zk])
    klaar = []
    for _ in range(aantal):
        inschrijving, bestuurder = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)
        sessie = gunicorn.sessie()
        assert sessie.inloggen(bestuurder.username, WACHTWOORD).status == 302
        pad = reverse("inschrijving:indienen", args=[inschrijving.pk])
        assert sessie.get(pad).status == 200
        body = urlencode({"csrfmiddlewaretoken": sessie.csrf_token, "wachtwoord": WACHTWOORD,
                          "verklaring_juist": "on", "ondanks_bevindingen": "on"}).encode()
        cookies = "; ".join(f"{naam}={m.value}" for naam, m in sessie.cookies.items())
        verzoek = (f"POST {pad} HTTP/1.1\r\nHost: {HOST}\r\nCookie: {cookies}\r\nOrigin: https://{HOST}\r\n"
                   f"Referer: https://{HOST}{pad}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                   f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
        klaar.append((inschrijving, verzoek))
    return ronde, klaar


class Indiener(threading.Thread):
    """One provider pressing "Ondertekenen en indienen" at ``moment`` (time.time()): the whole request in one send
    over a connection opened beforehand, then the answer."""

    def __init__(self, nginx, verzoek: bytes, moment: float):
        super().__init__(daemon=True)
        self.verbinding = nginx.verbinding(timeout=120)
        self.verzoek, self.moment = verzoek, moment
        self.verstuurd = self.beantwoord = 0.0
        self.antwoord = b""

    def run(self):
        time.sleep(max(0.0, self.moment - time.time()))
        self.verstuurd = time.time()
        self.verbinding.sendall(self.verzoek)
        delen = []
        while deel := self.verbinding.recv(65536):
            delen.append(deel)
        self.beantwoord = time.time()
        self.antwoord = b"".join(delen)
        self.verbinding.close()


def test_wie_voor_de_sluitingstijd_aankomt_is_op_tijd_ook_als_de_verwerking_erna_eindigt(nginx, gunicorn):
    """Six providers send their submission 100 ms before the sluitingstijd, six 100 ms after, all through nginx to
    gunicorn's two workers. Each submission takes long enough (password check, snapshot, receipt) that most of the
    first six are processed after the sluitingstijd: they are accepted all the same, with their arrival as the
    receipt time; the last six are all refused, and nothing of theirs is saved."""
    per_groep = 6
    ronde, klaar = _klaar_om_in_te_dienen(gunicorn, 2 * per_groep)
    sluiting = time.time() + 3.0
    Inkoopronde.objects.filter(pk=ronde.pk).update(
        sluiting_inschrijving=datetime.fromtimestamp(sluiting, tz=UTC))
    indieners = [Indiener(nginx, verzoek, sluiting + (-0.1 if nummer < per_groep else 0.1))
                 for nummer, (_inschrijving, verzoek) in enumerate(klaar)]
    for indiener in indieners:
        indiener.start()
    for indiener in indieners:
        indiener.join(timeout=120)
    op_tijd, te_laat = klaar[:per_groep], klaar[per_groep:]
    voor, na = indieners[:per_groep], indieners[per_groep:]
    print(f"\naankomst: {per_groep} indieningen 100 ms voor de sluitingstijd, beantwoord na "
          f"{[round(i.beantwoord - sluiting, 2) for i in voor]} s; {per_groep} 100 ms erna, beantwoord na "
          f"{[round(i.beantwoord - sluiting, 2) for i in na]} s")
    assert all(sluiting - 0.15 < i.verstuurd < sluiting for i in voor)  # the test sent them in time
    assert all(sluiting < i.verstuurd for i in na)

    # Processed after the sluitingstijd (the situation that refused them before) and accepted.
    assert any(i.beantwoord > sluiting for i in voor)
    for (inschrijving, _verzoek), indiener in zip(op_tijd, voor, strict=True):
        assert status_van(indiener.antwoord) == 302, indiener.antwoord[:300]
        [indiening] = Indiening.objects.filter(inschrijving=inschrijving)
        ontvangen = indiening.ingediend_op.timestamp()
        # The receipt time is the arrival at nginx: before the sluitingstijd, not the end of the processing.
        assert indiener.verstuurd - 0.01 <= ontvangen < sluiting, (indiener.verstuurd, ontvangen, sluiting)
        assert indiening.snapshot["indiening"]["ontvangen_op"] == timezone.localtime(indiening.ingediend_op).isoformat()
        assert indiening.sha256 == hash_van(indiening.snapshot) and indiening.documenten.exists()
        assert Inschrijving.objects.get(pk=inschrijving.pk).status == Status.INGEDIEND
    for (inschrijving, _verzoek), indiener in zip(te_laat, na, strict=True):
        assert status_van(indiener.antwoord) == 200, indiener.antwoord[:300]
        assert "De inschrijving is gesloten sinds" in indiener.antwoord.decode(errors="replace")
        assert not Indiening.objects.filter(inschrijving=inschrijving).exists()
        assert Inschrijving.objects.get(pk=inschrijving.pk).status == Status.CONCEPT
