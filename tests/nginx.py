"""Debian's nginx running ``deploy/nginx.conf`` — the file docker-compose.yml mounts — on loopback ports, with only
what ``Nginx.vervangingen`` lists replaced (the ports, the upstream address, the /var folders) and a throwaway
certificate in ``tls/`` next to it. Used by ``tests/wlzportal/test_nginx.py`` and by the benchmarks (``bench/``).
Clients connect from ``CLIENT`` (127.0.0.2), so the address nginx forwards is told apart from its own (127.0.0.1)."""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import subprocess
import time
from pathlib import Path

from tests.productie import LOOPBACK, ROOT, vrije_poort

CONF = ROOT / "deploy" / "nginx.conf"
NGINX = "/usr/sbin/nginx"
HOST = "inschrijven.example.nl"
CLIENT = "127.0.0.2"
#: What docker-compose.yml sets for the app behind nginx: trust X-Forwarded-For, take the arrival time from nginx.
ACHTER_NGINX = ("WLZ_ACHTER_PROXY", "WLZ_AANKOMST_HEADER")


def achter_nginx() -> dict[str, str]:
    """docker-compose.yml's values of ``ACHTER_NGINX`` for the web service (and the worker, which shares them)."""
    import yaml

    omgeving = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]["environment"]
    return {naam: str(omgeving[naam]) for naam in ACHTER_NGINX}


class Nginx:
    def __init__(self, werkmap: Path, upstream: int):
        self.werkmap = werkmap
        self.http_poort = self.poort = vrije_poort()
        while self.poort == self.http_poort:
            self.poort = vrije_poort()
        self.vervangingen = {
            "listen 80;": f"listen {LOOPBACK}:{self.http_poort};",
            "listen 443 ssl;": f"listen {LOOPBACK}:{self.poort} ssl;",
            "server web:8000;": f"server {LOOPBACK}:{upstream};",
            "/var/cache/nginx/": f"{werkmap}/cache/",
            "/var/log/nginx/": f"{werkmap}/log/",
        }
        self.fouten = werkmap / "log" / "error.log"
        self.proces: subprocess.Popen | None = None

    def conf(self) -> str:
        tekst = CONF.read_text()
        for oud, nieuw in self.vervangingen.items():
            assert oud in tekst, f"{oud!r} staat niet meer in {CONF}"
            tekst = tekst.replace(oud, nieuw)
        directieven = "\n".join(regel.partition("#")[0] for regel in tekst.splitlines())
        assert "/var/" not in directieven and "web:" not in directieven, f"{CONF} noemt iets wat hier niet bestaat"
        return tekst

    def start(self) -> None:
        for naam in ("cache", "log", "tls"):
            (self.werkmap / naam).mkdir()
        tls = self.werkmap / "tls"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "1", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
                        "-keyout", tls / "privkey.pem", "-out", tls / "fullchain.pem"], check=True,
                       capture_output=True)
        conf = self.werkmap / "nginx.conf"  # tls/ is relative to it, as /etc/nginx/tls/ is in the container
        conf.write_text(self.conf())
        globaal = f"daemon off; pid {self.werkmap}/nginx.pid;"
        if os.geteuid() == 0:  # workers would otherwise run as nobody, who cannot enter pytest's tmp folders
            globaal += " user root;"
        self.proces = subprocess.Popen([NGINX, "-p", f"{self.werkmap}/", "-c", conf, "-e", self.fouten,
                                        "-g", globaal], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        einde = time.monotonic() + 10
        while time.monotonic() < einde:
            if self.proces.poll() is not None:
                raise RuntimeError(f"nginx stopte direct (exitcode {self.proces.returncode}).\n{self.staart()}")
            try:
                socket.create_connection((LOOPBACK, self.poort), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx luisterde niet binnen 10 seconden.\n{self.staart()}")

    def stop(self) -> None:
        if self.proces is not None and self.proces.poll() is None:
            self.proces.terminate()
            self.proces.wait(timeout=10)

    def staart(self) -> str:
        return self.fouten.read_text(errors="replace")[-3000:] if self.fouten.exists() else "(geen error.log)"

    def tls(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=self.werkmap / "tls" / "fullchain.pem")
        context.check_hostname = False  # we connect to 127.0.0.1; the chain is still checked
        return context

    def verbinding(self, timeout: float = 10) -> socket.socket:
        kaal = socket.create_connection((LOOPBACK, self.poort), timeout=timeout, source_address=(CLIENT, 0))
        return self.tls().wrap_socket(kaal)

    def https(self, timeout: float = 10) -> http.client.HTTPSConnection:
        return http.client.HTTPSConnection(LOOPBACK, self.poort, context=self.tls(), timeout=timeout,
                                           source_address=(CLIENT, 0))
