"""Starting the tests' OpenID Connect provider (tests/idp/idp.mjs: node's oidc-provider) and walking its login the
way a browser does. The provider is real: authorization code flow with PKCE, RS256-signed ID tokens, a userinfo
endpoint; only its login screen is the library's development one (any password; the login name is the account)."""

import copy
import json
import re
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "idp" / "idp.mjs"
GEHEIM = "wlz-test-client-geheim"


@dataclass
class Idp:
    url: str
    configuratie: Path
    proces: subprocess.Popen
    accounts: dict = field(default_factory=dict)

    def account(self, login: str, **claims) -> str:
        """Add (or change) an account the provider knows, with its claims."""
        self.accounts[login] = claims
        inhoud = json.loads(self.configuratie.read_text())
        inhoud["accounts"] = self.accounts
        self.configuratie.write_text(json.dumps(inhoud))
        return login

    def stop(self):
        self.proces.terminate()
        self.proces.wait(timeout=10)


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(map_: Path, basis_urls: list[str]) -> Idp:
    """The provider, with a client per portal provider whose redirect URIs are the callbacks on ``basis_urls``."""
    poort = _vrije_poort()
    configuratie = map_ / "idp.json"
    clients = [{"client_id": f"wlz-{naam}", "client_secret": GEHEIM,
                "redirect_uris": [f"{basis.rstrip('/')}{pad}" for basis in basis_urls]}
               for naam, pad in (("eherkenning", "/account/eherkenning/terug/"),
                                 ("medewerkers", "/account/zorgkantoor/terug/"))]
    configuratie.write_text(json.dumps({"clients": clients, "accounts": {}}))
    proces = subprocess.Popen(["node", str(SCRIPT), str(poort), str(configuratie)], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    regel = proces.stdout.readline()
    if not regel.startswith("klaar"):
        proces.kill()
        raise RuntimeError(f"de identity provider startte niet: {regel!r}")
    return Idp(url=regel.split()[1], configuratie=configuratie, proces=proces)


def aanbieders(idp: Idp, **anders) -> dict:
    """settings.OIDC_AANBIEDERS pointing at ``idp`` (each provider its own client)."""
    uit = copy.deepcopy(settings.OIDC_AANBIEDERS)
    for naam in ("eherkenning", "medewerkers"):
        uit[naam].update({
            "OIDC_RP_CLIENT_ID": f"wlz-{naam}", "OIDC_RP_CLIENT_SECRET": GEHEIM,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{idp.url}/auth", "OIDC_OP_TOKEN_ENDPOINT": f"{idp.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{idp.url}/me", "OIDC_OP_JWKS_ENDPOINT": f"{idp.url}/jwks"})
    uit["medewerkers"]["OIDC_RP_SCOPES"] = "openid email profile mfa"
    uit["eherkenning"]["OIDC_RP_SCOPES"] = "openid eherkenning profile email"  # a broker that also gives the name
    for naam, waarden in anders.items():
        uit[naam].update(waarden)
    return uit


def inloggen_bij_idp(autorisatie_url: str, login: str, portaal: str = "http://testserver") -> str:
    """Walk the provider's login for ``login`` from the portal's redirect to it; returns the callback URL (on
    ``portaal``) the provider sends the browser back to, with its code and state."""
    sessie = requests.Session()
    pagina = sessie.get(autorisatie_url, timeout=10)
    actie = re.search(r'action="([^"]+)"', pagina.text)[1]
    antwoord = sessie.post(actie, data={"prompt": "login", "login": login, "password": "wat-dan-ook"},
                           allow_redirects=False, timeout=10)
    while antwoord.status_code in (302, 303):
        volgende = antwoord.headers["Location"]
        if volgende.startswith(portaal):
            return volgende
        antwoord = sessie.get(volgende if volgende.startswith("http") else f"{idp_basis(autorisatie_url)}{volgende}",
                              allow_redirects=False, timeout=10)
    raise AssertionError(f"de identity provider stuurde niet terug: {antwoord.status_code} {antwoord.text[:300]}")


def idp_basis(url: str) -> str:
    return re.match(r"https?://[^/]+", url)[0]
