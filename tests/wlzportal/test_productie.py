"""The production configuration serving real requests: gunicorn with DJANGO_DEBUG=false behind a (simulated) proxy.

Every other test runs with DEBUG on, through Django's test client. Here one gunicorn server per module runs the
Dockerfile's command with the production variables from .env.example, after ``collectstatic`` into its own
STATIC_ROOT, on the test database. Requests go over real HTTP as nginx would forward them (``Host`` of the site,
``X-Forwarded-Proto: https``). Checked: the HTTPS redirect, HSTS, Secure/HttpOnly cookies, hashed and compressed
static files from whitenoise with long cache headers, DEBUG off, and the access, deadline and upload rules.

The server has its own clock (it cannot be frozen): deadlines are set in the database relative to the real time.

Every test is transactional, so what it builds with the factories is committed and the server sees it. That also
keeps the module's tests together when pytest-django sorts the suite (database tests first, then transactional
ones, then the rest), so the module-scoped server starts once instead of once per group.
"""

import gzip
import hashlib
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from inschrijving.dossier import hash_van
from inschrijving.models import Document, Indiening, Inkoopronde, Inschrijving, Status
from tests.factories import WACHTWOORD, GebruikerFactory, ZorgaanbiederFactory, ZorgkantoorFactory
from tests.inschrijving.maak import nieuwe_inschrijving, ronde_met_regels, volledige_inschrijving
from tests.pdfs import maak_pdf
from tests.productie import ProductieServer
from wlzportal.datums import tijdstip

EEN_JAAR = 365 * 24 * 3600
GEEN_PDF = "Dit bestand is geen PDF. Upload het document als PDF-bestand."
GEHASHT = re.compile(r"\.[0-9a-f]{12}\.(css|js)$")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def server(django_db_setup, tmp_path_factory):
    """gunicorn in production mode on the test database, for the whole module."""
    productie = ProductieServer(tmp_path_factory.mktemp("productie"), settings.DATABASES["default"],
                                settings.PRIVATE_STORAGE_ROOT)
    try:
        productie.collectstatic()
        productie.start()
    except RuntimeError as fout:
        pytest.fail(str(fout))
    yield productie
    productie.stop()


def ingelogd(server, gebruiker):
    sessie = server.sessie()
    antwoord = sessie.inloggen(gebruiker.username, WACHTWOORD)
    assert antwoord.status == 302, antwoord.uitleg()
    assert "sessionid" in sessie.cookies, antwoord.uitleg()
    return sessie


def max_age(cache_control: str | None) -> int:
    gevonden = re.search(r"max-age=(\d+)", cache_control or "")
    return int(gevonden.group(1)) if gevonden else 0


# --- the production configuration ----------------------------------------------------------------------------

def test_server_draait_met_de_productievariabelen(server):
    """The set-up itself: DEBUG off, the documented host and secret, and the Dockerfile's command."""
    assert server.omgeving["DJANGO_DEBUG"] == "false"
    assert server.omgeving["DJANGO_ALLOWED_HOSTS"] == server.host == "inschrijven.example.nl"
    assert len(server.omgeving["DJANGO_SECRET_KEY"]) >= 50
    assert server.opdracht()[2:4] == ["gunicorn", "wlzportal.wsgi"]
    assert (server.static_root / "staticfiles.json").exists()


def test_gewoon_http_wordt_naar_https_gestuurd(server):
    antwoord = server.sessie().get("/account/inloggen/?next=/aanbieder/", https=False)
    assert antwoord.status == 301, antwoord.uitleg()
    assert antwoord.kop("Location") == "https://inschrijven.example.nl/account/inloggen/?next=/aanbieder/"
    assert antwoord.kop("Strict-Transport-Security") is None  # HSTS only over HTTPS


def test_onbekende_host_wordt_geweigerd(server):
    sessie = server.sessie()
    status, _koppen, inhoud = sessie.verzoek("GET", "/account/inloggen/", koppen={"Host": "aanvaller.example"})
    assert status == 400
    assert b"DisallowedHost" not in inhoud and b"ALLOWED_HOSTS" not in inhoud


def test_https_antwoord_heeft_hsts_en_veilige_csrf_cookie(server):
    sessie = server.sessie()
    antwoord = sessie.get("/account/inloggen/")
    assert antwoord.status == 200, antwoord.uitleg()
    assert antwoord.kop("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload"
    assert antwoord.kop("X-Content-Type-Options") == "nosniff"
    assert antwoord.kop("X-Frame-Options") == "DENY"
    assert "default-src 'self'" in antwoord.kop("Content-Security-Policy")
    csrf = sessie.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert sessie.csrf_token  # the token comes from the form, not from the (HttpOnly) cookie


def test_statische_bestanden_gehasht_gecomprimeerd_en_lang_gecachet(server):
    pagina = server.sessie().get("/account/inloggen/")
    links = re.findall(r'(?:href|src)="(/static/[^"]+)"', pagina.tekst)
    assert len(links) >= 4, pagina.tekst  # bootstrap css + js, htmx, portal.css
    assert any("bootstrap" in link and link.endswith(".css") for link in links)
    for link in links:
        assert GEHASHT.search(link), f"{link} is geen gehashte manifestnaam"
        antwoord = server.sessie().get(link)
        assert antwoord.status == 200, antwoord.uitleg()
        assert max_age(antwoord.kop("Cache-Control")) >= EEN_JAAR, antwoord.kop("Cache-Control")
        assert "immutable" in antwoord.kop("Cache-Control")
        assert antwoord.inhoud == (server.static_root / link.removeprefix("/static/")).read_bytes()
    # The compressed copies made by CompressedManifestStaticFilesStorage are served to a browser that asks.
    css = next(link for link in links if "bootstrap" in link and link.endswith(".css"))
    status, koppen, inhoud = server.sessie().verzoek("GET", css, koppen={"Accept-Encoding": "gzip"})
    assert status == 200
    assert koppen.get("Content-Encoding") == "gzip"
    assert gzip.decompress(inhoud) == (server.static_root / css.removeprefix("/static/")).read_bytes()


def test_debug_staat_uit_een_onbekende_url_geeft_de_gewone_404(server):
    antwoord = server.sessie().get("/bestaat-niet/")
    assert antwoord.status == 404
    assert "Deze pagina bestaat niet (meer)" in antwoord.tekst  # the portal's Dutch 404 (issue 11)
    for technisch in ("DEBUG = True", "URLconf", "wlzportal.urls", "Traceback"):
        assert technisch not in antwoord.tekst
    assert antwoord.kop("Strict-Transport-Security")


# --- access --------------------------------------------------------------------------------------------------

def test_inloggen_via_het_formulier_en_alleen_de_eigen_inschrijving(server):
    zk = ZorgkantoorFactory(naam="Zorgkantoor Productie")
    ronde = ronde_met_regels(zorgkantoren=[zk])
    eigen, bestuurder = nieuwe_inschrijving(
        "3", ronde=ronde, zorgkantoor=zk, bestuurder=GebruikerFactory(
            tekenbevoegd=True, zorgaanbieder=ZorgaanbiederFactory(statutaire_naam="Stichting Eigen Productie")))
    ander, _ = nieuwe_inschrijving(
        "3", ronde=ronde, zorgkantoor=zk, bestuurder=GebruikerFactory(
            tekenbevoegd=True, zorgaanbieder=ZorgaanbiederFactory(statutaire_naam="Stichting Ander Productie")))
    medewerker = GebruikerFactory(zorgaanbieder=bestuurder.zorgaanbieder)

    # Anonymous: to the login form.
    anoniem = server.sessie().get(reverse("inschrijving:overzicht", args=[eigen.pk]))
    assert anoniem.status == 302, anoniem.uitleg()
    assert anoniem.kop("Location").startswith("/account/inloggen/?next=")

    # A wrong password does not sign in.
    sessie = server.sessie()
    fout = sessie.inloggen(medewerker.username, "fout-wachtwoord-123")
    assert fout.status == 200, fout.uitleg()
    assert "sessionid" not in sessie.cookies

    sessie = server.sessie()
    antwoord = sessie.inloggen(medewerker.username, WACHTWOORD)
    assert antwoord.status == 302, antwoord.uitleg()
    sessiecookie = sessie.cookies["sessionid"]
    assert sessiecookie["secure"] is True
    assert sessiecookie["httponly"] is True
    assert sessie.cookies["csrftoken"]["secure"] is True  # rotated at login, still Secure
    assert antwoord.kop("Strict-Transport-Security")

    start = sessie.get(antwoord.kop("Location"))
    assert start.status == 302 and start.kop("Location") == reverse("inschrijving:dashboard"), start.uitleg()
    dashboard = sessie.get(start.kop("Location"))
    assert dashboard.status == 200, dashboard.uitleg()
    assert "Stichting Eigen Productie" in dashboard.tekst

    pagina = sessie.get(reverse("inschrijving:overzicht", args=[eigen.pk]))
    assert pagina.status == 200, pagina.uitleg()
    assert "Stichting Eigen Productie" in pagina.tekst

    for url in (reverse("inschrijving:overzicht", args=[ander.pk]),
                reverse("inschrijving:document", args=[ander.pk, "statuten"])):
        vreemd = sessie.get(url)
        assert vreemd.status == 404, vreemd.uitleg()
        assert "Stichting Ander Productie" not in vreemd.tekst
        assert "Traceback" not in vreemd.tekst and "DEBUG = True" not in vreemd.tekst


# --- the deadline, on the server's own clock -----------------------------------------------------------------

def zet_sluiting(ronde, sluiting):
    Inkoopronde.objects.filter(pk=ronde.pk).update(sluiting_inschrijving=sluiting)


def test_indienen_na_de_sluitingstijd_geweigerd_en_ervoor_geaccepteerd(server):
    zk = ZorgkantoorFactory(naam="Zorgkantoor Productie Deadline")
    ronde = ronde_met_regels(zorgkantoren=[zk])
    inschrijving, bestuurder = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)
    url = reverse("inschrijving:indienen", args=[inschrijving.pk])
    sessie = ingelogd(server, bestuurder)
    formulier = sessie.get(url)
    assert formulier.status == 200, formulier.uitleg()
    assert "Ondertekenen en indienen" in formulier.tekst
    # With "ondanks_bevindingen" a refusal can only come from the deadline (or the password): the voorcontrole's
    # findings are not what this test is about.
    gegevens = {"wachtwoord": WACHTWOORD, "verklaring_juist": "on", "ondanks_bevindingen": "on"}

    # The page was opened in time; the sluitingstijd passes before the form is sent.
    gesloten = timezone.now().replace(microsecond=0) - timedelta(seconds=2)
    zet_sluiting(ronde, gesloten)
    geweigerd = sessie.post(url, gegevens)
    assert geweigerd.status == 200, geweigerd.uitleg()
    tijd = tijdstip(timezone.localtime(gesloten))
    assert f"De inschrijving is gesloten sinds {tijd} (Nederlandse tijd)" in geweigerd.tekst, geweigerd.uitleg()
    assert not Indiening.objects.filter(inschrijving=inschrijving).exists()
    assert Inschrijving.objects.get(pk=inschrijving.pk).status == Status.CONCEPT

    # The same form with the sluitingstijd an hour ahead is accepted.
    zet_sluiting(ronde, timezone.now() + timedelta(hours=1))
    voor = timezone.now()
    geaccepteerd = sessie.post(url, gegevens)
    na = timezone.now()
    assert geaccepteerd.status == 302, geaccepteerd.uitleg()
    assert geaccepteerd.kop("Location") == reverse("inschrijving:ingediend", args=[inschrijving.pk, 1])
    indiening = Indiening.objects.get(inschrijving=inschrijving)
    assert indiening.volgnummer == 1 and indiening.ingediend_door == bestuurder
    assert voor <= indiening.ingediend_op <= na
    assert indiening.sha256 == hash_van(indiening.snapshot)
    assert Inschrijving.objects.get(pk=inschrijving.pk).status == Status.INGEDIEND
    bevestiging = sessie.get(geaccepteerd.kop("Location"))
    assert bevestiging.status == 200, bevestiging.uitleg()
    assert indiening.sha256 in bevestiging.tekst


# --- uploads through the live server -------------------------------------------------------------------------

@pytest.fixture
def concept():
    inschrijving, bestuurder = nieuwe_inschrijving("3")
    return inschrijving, GebruikerFactory(zorgaanbieder=bestuurder.zorgaanbieder)


def test_upload_van_een_echte_pdf_wordt_opgeslagen_met_hash(server, concept):
    inschrijving, medewerker = concept
    url = reverse("inschrijving:document", args=[inschrijving.pk, "statuten"])
    pdf = maak_pdf("Statuten van Stichting Productie")
    sessie = ingelogd(server, medewerker)
    assert sessie.get(url).status == 200

    antwoord = sessie.post_bestand(url, "bestand", "statuten.pdf", pdf)
    assert antwoord.status == 302, antwoord.uitleg()
    assert antwoord.kop("Location") == reverse("inschrijving:overzicht", args=[inschrijving.pk])
    document = Document.objects.get(inschrijving=inschrijving, documenttype__code="statuten")
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert (document.grootte, document.weergavenaam, document.versie) == (len(pdf), "statuten.pdf", 1)
    assert document.geupload_door == medewerker
    with document.bestand.open("rb") as bestand:  # in the private storage the test process shares
        assert bestand.read() == pdf
    assert not document.bestand.name.startswith(("static", "media"))

    overzicht = sessie.get(antwoord.kop("Location"))
    assert "is opgeslagen (versie 1)" in overzicht.tekst, overzicht.uitleg()
    # And back through the download view, which checks the rights.
    download = sessie.get(reverse("inschrijving:document_downloaden", args=[document.pk]))
    assert download.status == 200, download.uitleg()
    assert download.kop("Content-Type") == "application/pdf"
    assert download.inhoud == pdf


def test_upload_van_iets_anders_dan_pdf_wordt_geweigerd_met_melding_bij_het_veld(server, concept):
    inschrijving, medewerker = concept
    url = reverse("inschrijving:document", args=[inschrijving.pk, "statuten"])
    sessie = ingelogd(server, medewerker)
    assert sessie.get(url).status == 200

    # Named .pdf and sent as application/pdf, as a browser would: only the content gives it away.
    antwoord = sessie.post_bestand(url, "bestand", "statuten.pdf", b"Notulen van de ledenvergadering, 12 maart.\n")
    assert antwoord.status == 200, antwoord.uitleg()
    veld = re.search(r'<input[^>]*name="bestand"[^>]*>(.*?)</div>', antwoord.tekst, re.S)
    assert veld, antwoord.uitleg()
    assert 'is-invalid' in veld.group(0)
    assert GEEN_PDF in veld.group(1), antwoord.uitleg()
    assert not Document.objects.filter(inschrijving=inschrijving).exists()
