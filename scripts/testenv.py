#!/usr/bin/env python3
"""Run a command (the test suite) against throwaway PostgreSQL, Redis and ClamAV servers.

Starts them from the binaries Debian's ``postgresql``, ``redis-server`` and ``clamav-daemon`` packages install,
on free loopback ports (clamd on a unix socket) with their data in a temporary folder, exports DATABASE_URL,
REDIS_URL and CLAMD_URL, runs the command, and removes everything afterwards. PostgreSQL refuses to run as root,
so under root it runs as the ``postgres`` system user the package creates. clamd cannot download signatures
here: it loads the local database ``scripts/clamav/eicar.ndb``, which holds the EICAR test signature.

    python scripts/testenv.py -- pytest
    python scripts/testenv.py --productie -- python bench/run_all.py   # PostgreSQL as production runs it
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAKKETTEN = ("postgresql redis-server clamav-daemon chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core "
             "gettext nginx openssl")
HANDTEKENINGEN = Path(__file__).resolve().parent / "clamav" / "eicar.ndb"


def _stop(melding: str) -> None:
    sys.stderr.write(f"\n{melding}\nInstalleer wat de tests nodig hebben, bijvoorbeeld op Debian/Ubuntu:\n"
                     f"    sudo apt-get install {PAKKETTEN}\n\n")
    sys.exit(2)


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_bin() -> Path:
    kandidaten = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if shutil.which("initdb"):
        kandidaten.insert(0, shutil.which("initdb"))
    if not kandidaten:
        _stop("PostgreSQL (initdb, pg_ctl) is niet gevonden.")
    return Path(kandidaten[0]).resolve().parent


def _wacht(poort: int, naam: str, proces: subprocess.Popen | None = None, seconden: float = 30) -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if proces is not None and proces.poll() is not None:
            _stop(f"{naam} stopte direct na het starten.")
        try:
            with socket.create_connection(("127.0.0.1", poort), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    _stop(f"{naam} startte niet binnen {seconden:.0f} seconden.")


def _pg_ctl(werkmap: Path) -> list[str]:
    """pg_ctl for the cluster in ``werkmap / "pg"``, as the ``postgres`` system user when we are root."""
    als = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return [*als, str(_postgres_bin() / "pg_ctl"), "-D", str(werkmap / "pg"), "-s"]


#: PostgreSQL for the tests: durability off (a throwaway cluster); ``--productie`` (``make bench``) keeps
#: PostgreSQL's production defaults, fsync, synchronous_commit and full_page_writes on.
SNEL = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
PRODUCTIE = "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"


def start_postgres(werkmap: Path, *, productie: bool = False) -> tuple[str, callable]:
    bindir = _postgres_bin()
    als = []
    data = werkmap / "pg"
    data.mkdir()
    if os.geteuid() == 0:
        try:
            gebruiker = pwd.getpwnam("postgres")
        except KeyError:
            _stop("De systeemgebruiker 'postgres' ontbreekt (PostgreSQL draait niet als root).")
        os.chown(werkmap, gebruiker.pw_uid, gebruiker.pw_gid)
        os.chown(data, gebruiker.pw_uid, gebruiker.pw_gid)
        als = ["runuser", "-u", "postgres", "--"]
    poort = _vrije_poort()
    subprocess.run([*als, str(bindir / "initdb"), "-D", str(data), "-U", "wlz", "--auth=trust",
                    "--encoding=UTF8", "--locale=C.UTF-8", "-N"], check=True, stdout=subprocess.DEVNULL)
    opties = (f"{PRODUCTIE if productie else SNEL} -c max_connections=200 "
              f"-c unix_socket_directories={werkmap} -c listen_addresses=127.0.0.1 -p {poort}")
    pg_ctl = _pg_ctl(werkmap)
    subprocess.run([*pg_ctl, "-w", "-t", "60", "-l", str(werkmap / "postgres.log"), "-o", opties, "start"],
                   check=True)
    _wacht(poort, "PostgreSQL")
    subprocess.run([str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(poort), "-U", "wlz", "-d", "postgres",
                    "-qc", "CREATE DATABASE wlz"], check=True)

    def stop():
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], check=True, timeout=60)

    return f"postgres://wlz@127.0.0.1:{poort}/wlz", stop


def herstart_postgres(werkmap: Path) -> None:
    """Restart the cluster ``start_postgres(werkmap)`` started, as an operator would (``pg_ctl restart -m fast``:
    every connection is ended, open transactions are rolled back); same port and options. Returns once it accepts
    connections again."""
    subprocess.run([*_pg_ctl(werkmap), "-w", "-t", "60", "-m", "fast", "-l", str(werkmap / "postgres.log"),
                    "restart"], check=True, timeout=90)


def start_redis(werkmap: Path, poort: int | None = None, *, appendonly: bool = False) -> tuple[str, callable]:
    """A Redis server on ``poort`` (default: a free one), its files in ``werkmap``. Without persistence unless
    ``appendonly`` (as docker-compose runs it: then a restart in the same ``werkmap`` keeps its data)."""
    redis = shutil.which("redis-server")
    if not redis:
        _stop("Redis (redis-server) is niet gevonden.")
    poort = poort or _vrije_poort()
    proces = subprocess.Popen([redis, "--port", str(poort), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "yes" if appendonly else "no", "--dir", str(werkmap)],
                              stdout=subprocess.DEVNULL)
    _wacht(poort, "Redis", proces)

    def stop():
        proces.terminate()
        proces.wait(timeout=30)

    return f"redis://127.0.0.1:{poort}/0", stop


def start_clamd(werkmap: Path):
    clamd = shutil.which("clamd") or ("/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None)
    if not clamd:
        _stop("ClamAV (clamd) is niet gevonden.")
    map_ = werkmap / "clamav"
    (map_ / "db").mkdir(parents=True)
    shutil.copy(HANDTEKENINGEN, map_ / "db" / HANDTEKENINGEN.name)
    socketpad = map_ / "clamd.sock"
    config = map_ / "clamd.conf"
    config.write_text(f"Foreground yes\nLocalSocket {socketpad}\nDatabaseDirectory {map_ / 'db'}\n"
                      f"LogFile {map_ / 'clamd.log'}\nStreamMaxLength 100M\nMaxFileSize 100M\nMaxScanSize 100M\n")
    proces = subprocess.Popen([clamd, "--config-file", str(config)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    einde = time.monotonic() + 60
    while True:
        if proces.poll() is not None:
            _stop(f"clamd stopte meteen:\n{(map_ / 'clamd.log').read_text() if (map_ / 'clamd.log').exists() else ''}")
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(2)
                s.connect(str(socketpad))
                s.sendall(b"zPING\0")
                if s.recv(16).startswith(b"PONG"):
                    break
        except OSError:
            pass
        if time.monotonic() > einde:
            proces.kill()
            _stop("clamd kwam niet binnen 60 s op.")
        time.sleep(0.1)

    def stop():
        proces.terminate()
        proces.wait(timeout=30)

    return f"unix://{socketpad}", stop


def main(argv: list[str]) -> int:
    productie = "--productie" in argv[: argv.index("--")] if "--" in argv else False
    if "--" in argv:
        argv = argv[argv.index("--") + 1:]
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    werkmap = Path(tempfile.mkdtemp(prefix="wlz-test-"))
    werkmap.chmod(0o755)
    stoppers = []
    try:
        database_url, stop_pg = start_postgres(werkmap, productie=productie)
        stoppers.append(stop_pg)
        redis_url, stop_redis = start_redis(werkmap)
        stoppers.append(stop_redis)
        clamd_url, stop_clamd = start_clamd(werkmap)
        stoppers.append(stop_clamd)
        omgeving = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "CLAMD_URL": clamd_url,
                    "WLZ_VAR_DIR": str(werkmap / "var")}
        soort = "productie-instellingen, fsync aan" if productie else "zonder fsync"
        print(f"testomgeving: PostgreSQL ({soort}) op {database_url}, Redis op {redis_url}, ClamAV op {clamd_url}",
              flush=True)
        return subprocess.call(argv, env=omgeving)
    finally:
        for stop in reversed(stoppers):
            try:
                stop()
            except Exception as exc:
                sys.stderr.write(f"opruimen: {exc}\n")
        shutil.rmtree(werkmap, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
