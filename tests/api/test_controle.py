"""Records anyone can verify (issue 13, item 4): the receipt, the decision letter and the proces-verbaal are PDF/A-3b
with the data they were made from embedded, signed (PAdES) by the portal; the public page "Controleer een
ontvangstbevestiging" says valid for the genuine file and not valid for one with a single byte changed.

Everything is real: a submission through the services, WeasyPrint, pyHanko signing with the portal's (self-signed,
made on first use) certificate, pypdf and pyHanko reading the result independently of the portal's own check, and
an RFC 3161 timestamp authority on a local HTTP port (tests/api/tsa_server.py).
"""

import hashlib
import io
import json
import warnings
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from api.controle import controleer
from beoordeling import opening as opening_services
from beoordeling.opening import vingerafdruk
from inschrijving.dossier import canoniek
from inschrijving.models import Indiening
from inschrijving.ondertekening import onderteken, sleutel
from inschrijving.pdf import bewaar_ontvangstbevestiging, ontvangstbevestiging
from tests.api.tsa_server import Tsa
from tests.beoordeling.test_besluit import NA, Geval, _ingediend, _reis, _ronde
from tests.certificaten import zegel_bestanden, zelf_ondertekend
from tests.factories import GebruikerFactory

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

pytestmark = pytest.mark.django_db
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


def _bytes(veld) -> bytes:
    with veld.open("rb") as fh:
        return fh.read()


def _ontvangstbewijs(inschrijving) -> tuple[Indiening, bytes]:
    indiening = inschrijving.indieningen.get()
    bewaar_ontvangstbevestiging(indiening)
    return indiening, _bytes(indiening.ontvangstbewijs)


def _pyhanko_status(pdf: bytes, vertrouwd: list):
    """pyHanko's own verdict on the last signature, trusting only the given certificates."""
    context = ValidationContext(trust_roots=vertrouwd, allow_fetching=False)
    handtekening = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[-1]
    return validate_pdf_signature(handtekening, signer_validation_context=context, ts_validation_context=context)


def _pdfa(pdf: bytes) -> tuple[str, str]:
    """(part, conformance) from the XMP metadata, read with pypdf."""
    xmp = PdfReader(io.BytesIO(pdf)).xmp_metadata
    beschrijving = ElementTree.fromstring(xmp.stream.get_data()).find(".//{*}Description")  # noqa: S314 - our own
    return beschrijving.get(f"{PDFAID}part"), beschrijving.get(f"{PDFAID}conformance")


def _post(client, inhoud: bytes, naam="ontvangstbevestiging.pdf"):
    return client.post(reverse("controleer"), {"bestand": SimpleUploadedFile(naam, inhoud, "application/pdf")})


def _uitslag(antwoord) -> str | None:
    """"ja" or "nee" as the page says it, None when it gives no verdict."""
    tekst = antwoord.content.decode()
    for waarde in ("ja", "nee"):
        if f'data-geldig="{waarde}"' in tekst:
            return waarde
    return None


@pytest.fixture
def ingediend():
    ronde, zk = _ronde()
    inschrijving, _bestuurder = _ingediend(ronde, zk, "3")
    return inschrijving


def test_ontvangstbevestiging_is_pdfa3b_met_de_snapshot_en_door_het_portaal_ondertekend(ingediend):
    indiening, pdf = _ontvangstbewijs(ingediend)
    assert hashlib.sha256(pdf).hexdigest() == indiening.ontvangstbewijs_sha256

    # pypdf: the embedded snapshot is exactly the bytes whose SHA-256 the receipt names, and the XMP says PDF/A-3b.
    bijlagen = PdfReader(io.BytesIO(pdf)).attachments
    assert set(bijlagen) == {"inschrijving.json"}
    (ingesloten,) = bijlagen["inschrijving.json"]
    assert hashlib.sha256(ingesloten).hexdigest() == indiening.sha256
    assert ingesloten == canoniek(indiening.snapshot)
    assert json.loads(ingesloten) == indiening.snapshot
    assert _pdfa(pdf) == ("3", "B")
    assert indiening.sha256 in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")

    # pyHanko, trusting the portal's certificate only: intact, valid, trusted, over the whole file, PAdES.
    status = _pyhanko_status(pdf, [sleutel().certificaat])
    assert status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    handtekening = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[-1]
    assert handtekening.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    # Trusting some other certificate instead, the same signature is intact but not trusted.
    ander, _sleutel = zelf_ondertekend("Iemand anders")
    status = _pyhanko_status(pdf, [ander])
    assert status.intact and status.valid and not status.trusted


def test_de_controlepagina_zegt_geldig_voor_het_echte_bestand_en_niet_geldig_na_een_veranderde_byte(client,
                                                                                                  ingediend):
    _indiening, pdf = _ontvangstbewijs(ingediend)
    pagina = client.get(reverse("controleer"))
    assert pagina.status_code == 200 and "Controleer een ontvangstbevestiging" in pagina.content.decode()

    antwoord = _post(client, pdf)
    assert antwoord.status_code == 200 and _uitslag(antwoord) == "ja"
    assert "ontvangstbevestiging" in antwoord.content.decode()

    # One byte changed anywhere: in the page content, in the embedded snapshot's stream, in the signature itself,
    # in the trailer. Each is refused, and the page says only "not valid", nothing of the file's content.
    for plek in (len(pdf) // 10, len(pdf) // 3, len(pdf) // 2, pdf.index(b"/Contents <") + 40, len(pdf) - 30):
        veranderd = bytearray(pdf)
        veranderd[plek] = (veranderd[plek] + 1) % 256
        antwoord = _post(client, bytes(veranderd))
        assert antwoord.status_code == 200 and _uitslag(antwoord) == "nee", plek
        assert ingediend.zorgaanbieder.statutaire_naam not in antwoord.content.decode()


def test_niet_geldig_wat_het_portaal_niet_zo_uitgaf(client, ingediend):
    indiening, pdf = _ontvangstbewijs(ingediend)
    # The same receipt unsigned, then signed by someone else's key: not the portal's.
    _html, ongetekend = ontvangstbevestiging(indiening, ondertekend=False)
    assert controleer(ongetekend).reden == "geen handtekening"
    ander, ander_sleutel = zelf_ondertekend("Namaakportaal")
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives import serialization

    signer = signers.SimpleSigner(signing_cert=ander, signing_key=asn1_keys.PrivateKeyInfo.load(
        ander_sleutel.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())), cert_registry=None)
    nagemaakt = signers.PdfSigner(signers.PdfSignatureMetadata(field_name="Ondertekening",
                                                               subfilter=SigSeedSubFilter.PADES),
                                  signer=signer).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(ongetekend))).getvalue()
    assert controleer(nagemaakt).reden == "niet ondertekend door dit portaal"
    assert _uitslag(_post(client, nagemaakt)) == "nee"
    # Signed by the portal's own key but never issued as a record (a PDF someone had the portal sign elsewhere, or
    # a receipt rendered again later): its bytes are not a stored record.
    opnieuw = onderteken(ongetekend, reden="test")
    assert controleer(opnieuw).reden == "geen door het portaal opgeslagen document"
    assert _uitslag(_post(client, opnieuw)) == "nee"
    # A signature appended after the portal's (an incremental update): the portal's no longer covers the whole file.
    erbij = signers.PdfSigner(signers.PdfSignatureMetadata(field_name="Tweede"), signer=signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf))).getvalue()
    assert not controleer(erbij).geldig
    assert _uitslag(_post(client, pdf)) == "ja"


def test_verkeerde_invoer_krijgt_een_nederlandse_melding_bij_het_veld(client):
    antwoord = client.post(reverse("controleer"), {})
    assert antwoord.status_code == 400 and "Dit veld is verplicht." in antwoord.content.decode()
    antwoord = _post(client, b"PK\x03\x04 een zip, geen pdf", naam="bijlage.pdf")
    assert antwoord.status_code == 400 and "Dit is geen pdf-bestand." in antwoord.content.decode()
    assert _uitslag(antwoord) is None


def test_controleren_is_begrensd_per_adres(client, settings, ingediend):
    settings.WLZ_LIMIET_CONTROLE = "2/h"
    _indiening, pdf = _ontvangstbewijs(ingediend)
    assert [_post(client, pdf).status_code for _ in range(3)] == [200, 200, 429]


def test_het_certificaat_van_het_portaal_is_te_downloaden(client):
    antwoord = client.get(reverse("controleer_certificaat"))
    assert antwoord.status_code == 200 and antwoord.content.startswith(b"-----BEGIN CERTIFICATE-----")
    from asn1crypto import pem

    assert pem.unarmor(antwoord.content)[2] == sleutel().certificaat.dump()


def test_besluitbrief_sluit_besluit_en_snapshot_in_en_is_te_controleren(client, django_capture_on_commit_callbacks):
    g = Geval("3")
    besluit = g.besloten(django_capture_on_commit_callbacks)
    pdf = _bytes(besluit.brief)
    assert hashlib.sha256(pdf).hexdigest() == besluit.brief_sha256
    bijlagen = PdfReader(io.BytesIO(pdf)).attachments
    assert set(bijlagen) == {"besluit.json", "inschrijving.json"}
    gegevens = json.loads(bijlagen["besluit.json"][0])
    assert gegevens["besluit"] == besluit.soort and gegevens["voorwaarden"] == besluit.voorwaarden
    assert gegevens["indiening"]["sha256"] == besluit.beoordeling.indiening.sha256
    assert hashlib.sha256(bijlagen["inschrijving.json"][0]).hexdigest() == besluit.beoordeling.indiening.sha256
    assert _pdfa(pdf) == ("3", "B")
    assert _pyhanko_status(pdf, [sleutel().certificaat]).bottom_line
    antwoord = _post(client, pdf, naam="besluit.pdf")
    assert _uitslag(antwoord) == "ja" and "besluitbrief" in antwoord.content.decode()


def test_proces_verbaal_sluit_de_hashes_in_waaruit_de_vingerafdruk_volgt():
    ronde, zk = _ronde()
    inschrijvingen = [_ingediend(ronde, zk, "3")[0] for _ in range(2)]
    eerste, tweede = (GebruikerFactory(inkoper=True, zorgkantoor=zk) for _ in range(2))
    with _reis(NA):
        opening_services.opening_verzoeken(ronde=ronde, door=eerste)
        opening = opening_services.opening_bevestigen(ronde=ronde, door=tweede)
    pdf = _bytes(opening.proces_verbaal)
    (ingesloten,) = PdfReader(io.BytesIO(pdf)).attachments["opening.json"]
    gegevens = json.loads(ingesloten)
    assert sorted(gegevens["indieningen_sha256"]) == sorted(i.indieningen.get().sha256 for i in inschrijvingen)
    assert vingerafdruk(gegevens["indieningen_sha256"]) == opening.vingerafdruk == gegevens["vingerafdruk"]
    assert _pdfa(pdf) == ("3", "B")
    assert _pyhanko_status(pdf, [sleutel().certificaat]).bottom_line
    assert controleer(pdf).soort == "proces-verbaal"


def test_met_het_certificaat_van_het_zorgkantoor_en_na_een_vernieuwing(client, ingediend, settings, tmp_path):
    """Production configures the zorgkantoor's certificate; records signed before a renewal stay valid once the old
    certificate is listed in WLZ_ONDERTEKENING_VERTROUWD, and not otherwise."""
    (tmp_path / "oud").mkdir(), (tmp_path / "nieuw").mkdir()
    for naam, waarde in zegel_bestanden(tmp_path / "oud", "Zorgkantoor Amstelland – zegel 2026").items():
        setattr(settings, naam, waarde)
    _indiening, pdf = _ontvangstbewijs(ingediend)
    ondertekenaar = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[-1].signer_cert
    assert ondertekenaar.subject.native["common_name"] == "Zorgkantoor Amstelland – zegel 2026"
    assert _uitslag(_post(client, pdf)) == "ja"

    for naam, waarde in zegel_bestanden(tmp_path / "nieuw", "Zorgkantoor Amstelland – zegel 2027").items():
        setattr(settings, naam, waarde)
    assert controleer(pdf).reden == "niet ondertekend door dit portaal"
    settings.WLZ_ONDERTEKENING_VERTROUWD = str(tmp_path / "oud" / "zegel.pem")
    assert _uitslag(_post(client, pdf)) == "ja"


@pytest.fixture
def tsa(tmp_path, settings):
    server = Tsa(tmp_path)
    settings.WLZ_TSA_URL = server.url
    settings.WLZ_TSA_CERTIFICAAT = str(server.wortel_pem)
    yield server
    server.stop()


def test_met_een_tijdstempeldienst_krijgt_de_handtekening_een_rfc3161_tijdstempel(client, ingediend, tsa):
    _indiening, pdf = _ontvangstbewijs(ingediend)
    assert tsa.verzoeken >= 1  # pyHanko asks one timestamp first to size the signature
    from pyhanko.keys import load_cert_from_pemder

    status = _pyhanko_status(pdf, [sleutel().certificaat, load_cert_from_pemder(str(tsa.wortel_pem))])
    assert status.bottom_line
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    uitslag = controleer(pdf)
    assert uitslag.geldig and uitslag.soort == "ontvangstbevestiging"
    assert _uitslag(_post(client, pdf)) == "ja"
