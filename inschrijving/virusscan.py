"""Every upload is scanned by ClamAV through clamd (issue 9, item 7): by its form field before it is accepted, or —
an inschrijving's documents — by a task after it is stored, in quarantine until then (``inschrijving.scannen``).

The file is streamed to clamd with its INSTREAM command in chunks, so it is never read whole into memory. ``CLAMD_URL``
names the daemon: ``unix:///run/clamav/clamd.ctl`` or ``tcp://clamav:3310``. Without it (the laptop default, where
nothing needs to be installed) uploads are not scanned, and ``manage.py check --deploy`` warns about it.

Fail closed: when clamd cannot be reached or answers with an error, a file scanned before acceptance is refused (the
user tries again; nothing typed is lost), and a document in quarantine stays there (nobody opens it) until a scan
succeeds. The protocol is a few lines (clamd's documented INSTREAM: a
length-prefixed chunk stream ended by a zero length); the PyPI ``clamd`` client has not been maintained since 2020.
"""

import logging
import socket
import struct
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024  # per INSTREAM chunk (clamd limits only the stream, StreamMaxLength)


class ScanNietBeschikbaar(Exception):
    """clamd could not be reached, or could not scan the file."""


@dataclass(frozen=True)
class Uitslag:
    schoon: bool
    naam: str = ""  # the signature clamd found


def ingeschakeld() -> bool:
    return bool(getattr(settings, "CLAMD_URL", ""))


def _verbind() -> socket.socket:
    url = urlsplit(settings.CLAMD_URL)
    timeout = getattr(settings, "CLAMD_TIMEOUT", 30)
    try:
        if url.scheme == "unix":
            verbinding = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            verbinding.settimeout(timeout)
            verbinding.connect(url.path)
        elif url.scheme == "tcp":
            verbinding = socket.create_connection((url.hostname, url.port or 3310), timeout=timeout)
        else:
            raise ScanNietBeschikbaar(f"CLAMD_URL moet met unix:// of tcp:// beginnen, niet {url.scheme!r}")
    except OSError as fout:
        raise ScanNietBeschikbaar(f"clamd op {settings.CLAMD_URL} is niet bereikbaar: {fout}") from fout
    return verbinding


class Stroom:
    """One INSTREAM scan fed piece by piece: ``stuur`` each piece, then ``uitslag``. Raises ScanNietBeschikbaar
    when clamd cannot be reached or fails."""

    def __init__(self):
        self.verbinding = _verbind()
        try:
            self.verbinding.sendall(b"zINSTREAM\0")
        except OSError as fout:
            self.sluit()
            raise ScanNietBeschikbaar(f"scannen mislukt: {fout}") from fout

    def stuur(self, stuk: bytes) -> None:
        try:
            for begin in range(0, len(stuk), CHUNK):
                deel = stuk[begin:begin + CHUNK]
                self.verbinding.sendall(struct.pack("!L", len(deel)))
                self.verbinding.sendall(deel)
        except OSError as fout:
            self.sluit()
            raise ScanNietBeschikbaar(f"scannen mislukt: {fout}") from fout

    def uitslag(self) -> Uitslag:
        try:
            self.verbinding.sendall(struct.pack("!L", 0))
            antwoord = b""
            while not antwoord.endswith(b"\0"):
                deel = self.verbinding.recv(4096)
                if not deel:
                    break
                antwoord += deel
        except OSError as fout:
            raise ScanNietBeschikbaar(f"scannen mislukt: {fout}") from fout
        finally:
            self.sluit()
        return _lees_antwoord(antwoord)

    def sluit(self) -> None:
        self.verbinding.close()


def scan(bestand) -> Uitslag:
    """Scan an open binary file from its start; the position is back at 0 afterwards."""
    bestand.seek(0)
    stroom = Stroom()
    try:
        while stuk := bestand.read(CHUNK):
            stroom.stuur(stuk)
        return stroom.uitslag()
    finally:
        stroom.sluit()
        bestand.seek(0)


def _lees_antwoord(antwoord: bytes) -> Uitslag:
    tekst = antwoord.rstrip(b"\0").decode("utf-8", "replace").strip()
    if tekst.endswith(" FOUND"):
        naam = tekst.removeprefix("stream:").removesuffix(" FOUND").strip()
        logger.warning("Upload geweigerd door de virusscan: %s", naam)
        return Uitslag(False, naam)
    if tekst == "stream: OK":
        return Uitslag(True)
    raise ScanNietBeschikbaar(f"onverwacht antwoord van clamd: {tekst!r}")
