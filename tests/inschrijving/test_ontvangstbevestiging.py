"""The ontvangstbevestiging: a PDF rendered from the Indiening's snapshot, stored once and e-mailed.

The data is real (factories, the 2022 template rule set, documents in private storage); WeasyPrint
renders for real and pypdf reads the result back.
"""

import hashlib
import io
import logging
import re
from datetime import datetime

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader
from weasyprint import HTML

from inschrijving.dossier import dossier_van, hash_van
from inschrijving.models import (
    Bericht,
    Bestuursverklaring,
    Document,
    DocumentType,
    Indiening,
    Inschrijving,
    Ondernemingsplan,
)
from inschrijving.pdf import (
    BASIS_URL,
    PdfFout,
    StatischeBestanden,
    bewaar_ontvangstbevestiging,
    leesbare_grootte,
    ontvangstbevestiging,
    verstuur_ontvangstbevestiging,
)
from inschrijving.sjablonen import sjabloon_2022
from inschrijving.tasks import verstuur_bericht
from tests.factories import AMS, GebruikerFactory, InkooprondeFactory, ZorgaanbiederFactory, ZorgkantoorFactory

ONTVANGEN_OP = datetime(2021, 7, 30, 16, 59, 59, tzinfo=AMS)
NAAM = "Stichting Zorggroep De Linde"
KVK = "41234567"
# (documenttype, weergavenaam, grootte): one large file for the "1,2 MB", one name without any spaces.
DOCUMENTEN = [
    ("kvk_uittreksel", "uittreksel KvK juni 2021.pdf", 1_250_000),
    ("statuten", "Statuten 2019.pdf", 48_213),
    ("vog_rp", "VOG_rechtspersoon_Zorggroep_De_Linde_aangevraagd_voor_inkoopprocedure_2022_definitief.pdf", 912),
]


def _zonder_witruimte(tekst: str) -> str:
    return re.sub(r"\s+", "", tekst)


def _pdf_tekst(pdf: bytes) -> str:
    return "\n".join(pagina.extract_text() for pagina in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def aanbieder():
    return ZorgaanbiederFactory(statutaire_naam=NAAM, kvk_nummer=KVK, straat="Lindelaan 12", postcode="1234 AB",
                                plaats="Amstelveen")


@pytest.fixture
def bestuurder(aanbieder):
    return GebruikerFactory(zorgaanbieder=aanbieder, tekenbevoegd=True, first_name="Anna", last_name="de Vries")


@pytest.fixture
def indiening(aanbieder, bestuurder):
    regelset = sjabloon_2022()
    zorgkantoor = ZorgkantoorFactory(naam="Zorgkantoor Amstelland")
    ronde = InkooprondeFactory(naam="Zorginkoop Wlz 2022", zorgkantoren=[zorgkantoor], regelset=regelset)
    inschrijving = Inschrijving.objects.create(
        ronde=ronde, zorgaanbieder=aanbieder, zorgkantoor=zorgkantoor, aanbieder_type="3",
        type_reden="Nieuwe zorgaanbieder zonder eerdere Wlz-overeenkomst.", aangemaakt_door=bestuurder)
    Bestuursverklaring.objects.create(inschrijving=inschrijving, ondertekenaar_naam="Anna de Vries",
                                      ondertekenaar_functie="bestuurder", akkoord_voorwaarden=True)
    Ondernemingsplan.objects.create(inschrijving=inschrijving, missie="Goede zorg dichtbij huis.",
                                    toezichthouders="J. Jansen\nP. Pietersen")
    documenten = []
    for code, weergavenaam, grootte in DOCUMENTEN:
        inhoud = b"%PDF-1.4\n" + code.encode().ljust(grootte - 9, b"x")
        documenten.append(Document.objects.create(
            inschrijving=inschrijving, documenttype=DocumentType.objects.get(regelset=regelset, code=code),
            bestand=ContentFile(inhoud, name="upload.pdf"), weergavenaam=weergavenaam, grootte=len(inhoud),
            sha256=hashlib.sha256(inhoud).hexdigest(), geupload_door=bestuurder))
    snapshot = dossier_van(inschrijving)
    indiening = Indiening.objects.create(inschrijving=inschrijving, volgnummer=1, ingediend_op=ONTVANGEN_OP,
                                         ingediend_door=bestuurder, snapshot=snapshot, sha256=hash_van(snapshot))
    indiening.documenten.set(documenten)
    return indiening


@pytest.mark.django_db
def test_ontvangstbevestiging_toont_de_indiening(indiening, aanbieder, caplog):
    hashes = [doc["sha256"] for doc in indiening.snapshot["documenten"]]
    assert len(hashes) == len(DOCUMENTEN)
    # The receipt shows what was submitted, not what the live records say now.
    aanbieder.statutaire_naam = "Nieuwe Naam B.V."
    aanbieder.save()
    caplog.set_level(logging.WARNING, logger="weasyprint")

    html, pdf = ontvangstbevestiging(indiening)

    # (a) the HTML
    assert "Ontvangstbevestiging inschrijving" in html
    assert "30 juli 2021, 16:59:59 (Nederlandse tijd)" in html
    for sha256 in [*hashes, indiening.sha256]:
        assert sha256 in html
    assert "1,2 MB" in html and "1.250.000 bytes" in html
    assert "Anna de Vries" in html and "Zorgkantoor Amstelland" in html and "Zorginkoop Wlz 2022" in html
    assert "Bestuursverklaring" in html and "Volledig ondernemingsplan" in html
    assert "3 – nieuwe zorgaanbieder" in html
    assert "Nieuwe Naam" not in html

    # (b) the PDF, read back; long hashes and names may be wrapped over lines
    assert pdf.startswith(b"%PDF-")
    tekst = _pdf_tekst(pdf)
    platte_tekst = _zonder_witruimte(tekst)
    assert _zonder_witruimte(NAAM) in platte_tekst
    assert KVK in platte_tekst
    assert "30juli2021,16:59:59" in platte_tekst
    for sha256 in [*hashes, indiening.sha256]:
        assert sha256 in platte_tekst
    assert "pagina1van" in platte_tekst
    assert "Automatischgegenereerdeontvangstbevestiging" in platte_tekst
    assert "Nieuwe Naam" not in tekst

    # Only the vendored @font-face fonts are embedded (named after pdf.css's families), no system fonts.
    fonts = {str(font["/BaseFont"]).split("+", 1)[-1] for pagina in PdfReader(io.BytesIO(pdf)).pages
             for font in pagina["/Resources"]["/Font"].values()}
    assert fonts == {"DejaVu-Sans-PDF", "DejaVu-Sans-PDF-Bold", "DejaVu-Sans-Mono-PDF"}

    # (c) WeasyPrint reported no errors (unreachable stylesheets, fonts or images), nor even a warning
    # (unsupported CSS would show up here).
    meldingen = [(r.levelno, r.getMessage()) for r in caplog.records if r.name.startswith("weasyprint")]
    assert [m for m in meldingen if m[0] >= logging.ERROR] == []
    assert meldingen == []


def test_caplog_ziet_fouten_van_weasyprint(caplog):
    """The control for (c): with the settings' ERROR level, caplog does capture WeasyPrint's errors."""
    caplog.set_level(logging.WARNING, logger="weasyprint")

    class Weigert(StatischeBestanden):
        def __init__(self):
            super().__init__()
            self._fail_on_errors = False

    HTML(string='<link rel="stylesheet" href="https://example.com/x.css"><p>x</p>', base_url=BASIS_URL,
         url_fetcher=Weigert()).write_pdf()
    assert any(r.name == "weasyprint" and r.levelno == logging.ERROR and "example.com" in r.getMessage()
               for r in caplog.records)


@pytest.mark.django_db
def test_ontbrekend_statisch_bestand_is_een_fout(indiening, monkeypatch):
    """No receipt without its stylesheet or fonts: rendering stops with an ordinary exception."""
    monkeypatch.setattr("inschrijving.pdf.finders.find", lambda pad: None)
    with pytest.raises(PdfFout):
        ontvangstbevestiging(indiening)


@pytest.mark.django_db
def test_bewaar_ontvangstbevestiging_eenmalig(indiening):
    bewaar_ontvangstbevestiging(indiening)

    opgeslagen = Indiening.objects.get(pk=indiening.pk)
    assert opgeslagen.ontvangstbewijs.name == f"ontvangst/{indiening.inschrijving_id}-1.pdf"
    with opgeslagen.ontvangstbewijs.open("rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == opgeslagen.ontvangstbewijs_sha256
    assert indiening.ontvangstbewijs_sha256 == opgeslagen.ontvangstbewijs_sha256
    # The snapshot itself is untouched.
    assert opgeslagen.snapshot == indiening.snapshot and opgeslagen.sha256 == hash_van(opgeslagen.snapshot)

    # A second call, also on a fresh (stale) instance, keeps the first receipt.
    bewaar_ontvangstbevestiging(indiening)
    bewaar_ontvangstbevestiging(Indiening.objects.get(pk=indiening.pk))
    nogmaals = Indiening.objects.get(pk=indiening.pk)
    assert (nogmaals.ontvangstbewijs.name, nogmaals.ontvangstbewijs_sha256) == (
        opgeslagen.ontvangstbewijs.name, opgeslagen.ontvangstbewijs_sha256)
    with nogmaals.ontvangstbewijs.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == opgeslagen.ontvangstbewijs_sha256


@pytest.mark.django_db
def test_verstuur_ontvangstbevestiging_naar_actieve_gebruikers(indiening, aanbieder, bestuurder,
                                                              django_capture_on_commit_callbacks, mailoutbox):
    medewerker = GebruikerFactory(zorgaanbieder=aanbieder)
    GebruikerFactory(zorgaanbieder=aanbieder, is_active=False)
    GebruikerFactory()  # another zorgaanbieder

    with django_capture_on_commit_callbacks() as callbacks:
        verzonden = verstuur_ontvangstbevestiging(indiening)

    assert len(callbacks) == 2
    assert Bericht.objects.count() == 2
    assert {b.aan for b in verzonden} == {bestuurder.email, medewerker.email}
    indiening.refresh_from_db()
    for bericht in Bericht.objects.all():
        assert bericht.onderwerp == "Ontvangstbevestiging inschrijving Zorginkoop Wlz 2022 – Zorgkantoor Amstelland"
        assert "30 juli 2021, 16:59:59 (Nederlandse tijd)" in bericht.tekst
        assert indiening.sha256 in bericht.tekst
        assert "downloaden in het portaal" in bericht.tekst
        assert bericht.bijlage_naam == "ontvangstbevestiging-1.pdf"
        with bericht.bijlage.open("rb") as fh:
            # The attachment is the stored receipt, byte for byte.
            assert hashlib.sha256(fh.read()).hexdigest() == indiening.ontvangstbewijs_sha256

    # Delivery as the Celery task does it, run here in the test process.
    verstuur_bericht.run(verzonden[0].pk)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [verzonden[0].aan]
    naam, inhoud, soort = mail.attachments[0]
    assert (naam, soort) == ("ontvangstbevestiging-1.pdf", "application/pdf")
    assert hashlib.sha256(inhoud).hexdigest() == indiening.ontvangstbewijs_sha256
    assert KVK in _zonder_witruimte(_pdf_tekst(inhoud))


def test_statische_bestanden_lokaal_en_niets_anders():
    fetcher = StatischeBestanden()
    css = fetcher(f"{BASIS_URL}static/css/pdf.css")
    assert b"@font-face" in css.read()
    assert css.content_type == "text/css"
    assert fetcher(f"{BASIS_URL}static/fonts/DejaVuSans.ttf").read()[:4] == b"\x00\x01\x00\x00"
    for url in ["https://example.com/static/css/pdf.css", "http://pdf.wlzportal.invalid/static/css/pdf.css",
                f"{BASIS_URL}static/../wlzportal/settings.py", f"{BASIS_URL}static/%2e%2e/wlzportal/settings.py",
                f"{BASIS_URL}static/css/bestaat-niet.css", f"{BASIS_URL}private/x.pdf", "file:///etc/passwd",
                "data:text/css,body{}"]:
        with pytest.raises(ValueError):
            fetcher(url)


@pytest.mark.parametrize(("grootte", "tekst"), [(1, "1 byte"), (912, "912 bytes"), (48_213, "47,1 KB"),
                                                (1_250_000, "1,2 MB"), (3 * 1024**3, "3,0 GB")])
def test_leesbare_grootte(grootte, tekst):
    assert leesbare_grootte(grootte) == tekst
