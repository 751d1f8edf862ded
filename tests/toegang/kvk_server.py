"""A local stand-in for the KvK APIs, started by the tests: a real HTTP server on 127.0.0.1 that answers Zoeken v2 and
Basisprofiel v1 in their published response format (HAL+JSON, ``{"fout": [...]}`` errors with KvK's IPD codes) for
the organisations registered in it, checks the ``apikey`` header, and can be told to be slow or to answer 429/503."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

SLEUTEL = "l7xx-test-sleutel"


@dataclass
class Organisatie:
    kvk_nummer: str
    statutaire_naam: str
    rechtsvorm: str = "Stichting"
    straatnaam: str = "Zorglaan"
    huisnummer: int = 12
    huisletter: str = ""
    postcode: str = "3511AB"
    plaats: str = "Utrecht"
    vestigingsnummer: str = "000012345678"
    afgeschermd: bool = False

    def basisprofiel(self, basis: str) -> dict:
        zelf = f"{basis}/v1/basisprofielen/{self.kvk_nummer}"
        adres = {"type": "bezoekadres", "indAfgeschermd": "Ja" if self.afgeschermd else "Nee",
                 "volledigAdres": f"{self.straatnaam} {self.huisnummer}{self.huisletter} {self.postcode} {self.plaats}",
                 "straatnaam": self.straatnaam, "huisnummer": self.huisnummer, "postcode": self.postcode,
                 "plaats": self.plaats, "land": "Nederland"}
        if self.huisletter:
            adres["huisletter"] = self.huisletter
        return {
            "kvkNummer": self.kvk_nummer, "indNonMailing": "Ja", "naam": self.statutaire_naam,
            "formeleRegistratiedatum": "20100101", "materieleRegistratie": {"datumAanvang": "20100101"},
            "statutaireNaam": self.statutaire_naam, "totaalWerkzamePersonen": 120,
            "handelsnamen": [{"naam": self.statutaire_naam, "volgorde": 0}],
            "sbiActiviteiten": [{"sbiCode": "87101", "sbiOmschrijving": "Verpleeghuizen", "indHoofdactiviteit": "Ja"}],
            "links": [{"rel": "self", "href": zelf}],
            "_embedded": {
                "hoofdvestiging": {"vestigingsnummer": self.vestigingsnummer, "kvkNummer": self.kvk_nummer,
                                   "eersteHandelsnaam": self.statutaire_naam, "indHoofdvestiging": "Ja",
                                   "adressen": [adres], "links": [{"rel": "self", "href": f"{zelf}/hoofdvestiging"}]},
                "eigenaar": {"rechtsvorm": self.rechtsvorm, "uitgebreideRechtsvorm": self.rechtsvorm,
                             "links": [{"rel": "self", "href": f"{zelf}/eigenaar"}]},
            },
        }

    def zoekresultaat(self, basis: str) -> dict:
        return {"kvkNummer": self.kvk_nummer, "vestigingsnummer": self.vestigingsnummer, "naam": self.statutaire_naam,
                "adres": {"binnenlandsAdres": {"type": "bezoekadres", "straatnaam": self.straatnaam,
                                               "plaats": self.plaats}},
                "type": "hoofdvestiging",
                "_links": {"basisprofiel": {"href": f"{basis}/v1/basisprofielen/{self.kvk_nummer}"}}}


@dataclass
class NepKvk:
    """The server's state: the register, and how it misbehaves (``traag`` seconds, ``status`` forced)."""

    organisaties: dict[str, Organisatie] = field(default_factory=dict)
    traag: float = 0.0
    status: int | None = None
    retry_after: str = "30"
    verzoeken: list[str] = field(default_factory=list)
    url: str = ""

    def voeg_toe(self, organisatie: Organisatie) -> Organisatie:
        self.organisaties[organisatie.kvk_nummer] = organisatie
        return organisatie


def _fout(code: str, omschrijving: str) -> dict:
    return {"fout": [{"code": code, "omschrijving": omschrijving}]}


def start() -> tuple[NepKvk, ThreadingHTTPServer]:
    staat = NepKvk()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _antwoord(self, status: int, inhoud: dict, headers: dict | None = None):
            data = json.dumps(inhoud).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/hal+json" if status == 200 else "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("API-Version", "1.5.0")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            deel = urlparse(self.path)
            staat.verzoeken.append(self.path)
            if staat.traag:
                time.sleep(staat.traag)
            if self.headers.get("apikey") != SLEUTEL:
                return self._antwoord(401, _fout("IPD1002", "Geen geldige API key meegestuurd."))
            if staat.status == 429:
                return self._antwoord(429, _fout("IPD9999", "Too many requests"), {"Retry-After": staat.retry_after})
            if staat.status:
                return self._antwoord(staat.status, _fout("IPD9999", "Er is een technische fout opgetreden."))
            basis = f"{staat.url}"
            if deel.path.startswith("/v1/basisprofielen/"):
                nummer = deel.path.rsplit("/", 1)[-1]
                if not (nummer.isdigit() and len(nummer) == 8):
                    return self._antwoord(400, _fout("IPD0004", f"Het KVK-nummer {nummer} is niet valide."))
                if nummer not in staat.organisaties:
                    return self._antwoord(404, _fout(
                        "IPD0005", f"Op basis van het KVK-nummer {nummer} kan het product niet worden geleverd."))
                return self._antwoord(200, staat.organisaties[nummer].basisprofiel(basis))
            if deel.path == "/v2/zoeken":
                vraag = {k: v[0] for k, v in parse_qs(deel.query).items()}
                gevonden = [o for o in staat.organisaties.values()
                            if (not vraag.get("kvkNummer") or o.kvk_nummer == vraag["kvkNummer"])
                            and (not vraag.get("naam") or vraag["naam"].lower() in o.statutaire_naam.lower())]
                if not gevonden:
                    return self._antwoord(404, _fout(
                        "IPD5200", "Er zijn geen gegevens gevonden die voldoen aan de opgegeven zoekparameters."))
                return self._antwoord(200, {"pagina": 1, "resultatenPerPagina": 10, "totaal": len(gevonden),
                                            "resultaten": [o.zoekresultaat(basis) for o in gevonden]})
            return self._antwoord(404, _fout("IPD0000", "Onbekende resource."))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    staat.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return staat, server
