"""The portal's signature on the records it issues (the ontvangstbevestiging, the besluitbrief, the proces-verbaal),
and the check of such a record.

A record is PDF/A-3b with the JSON it was made from embedded (``inschrijving.pdf.render_pdf``) and signed here:
PAdES (ETSI.CAdES.detached, pyHanko) with the portal's certificate, and an RFC 3161 timestamp when a timestamp
authority is configured (``WLZ_TSA_URL``: PAdES B-T; otherwise B-B with the signer's own time).

The certificate and key are configured files in production (``WLZ_ONDERTEKENING_CERTIFICAAT``,
``WLZ_ONDERTEKENING_SLEUTEL``, ``WLZ_ONDERTEKENING_KETEN``); without them (the demo, the tests) the portal makes a
self-signed certificate once, in ``VAR_DIR/ondertekening/``, shared by the web app and the workers that share that
folder, and ``manage.py check --deploy`` warns.

``controleer(pdf)`` answers whether a PDF is such a record, signed by this portal and unchanged since: the last
signature intact, made with a trusted certificate (the portal's own, or one that was the portal's before:
``WLZ_ONDERTEKENING_VERTROUWD``), covering the whole file. Whether its bytes are a record the portal stored is for
the caller (``api.controle``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import fcntl
import io
import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from cryptography.utils import CryptographyDeprecationWarning
from django.conf import settings

with warnings.catch_warnings():
    # pyHanko imports cryptography's DSA module, which cryptography marks deprecated; DSA is not used here.
    warnings.simplefilter("ignore", CryptographyDeprecationWarning)
    from pyhanko.keys import load_certs_from_pemder
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers, timestamps
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)

VELD = "Ondertekening"
#: Bytes reserved for the signature beyond the certificates it embeds: the signed attributes (~400), the signature
#: value (RSA-4096: 512) and the CMS structure around them, with room to spare.
RESERVE = 4096
DEMO_NAAM = "Wlz inschrijvingsportaal (demo, zelf ondertekend)"


@dataclass(frozen=True)
class Sleutel:
    signer: signers.SimpleSigner
    certificaat: object  # asn1crypto x509.Certificate
    zelf_gemaakt: bool


def _demomap() -> Path:
    return Path(settings.VAR_DIR) / "ondertekening"


def zelf_ondertekend(cn: str, *, organisatie: str | None = None, dagen: int = 3650):
    """A self-signed signing certificate (cryptography) with its ECDSA P-256 key, for signatures and seals
    (key usage digitalSignature and nonRepudiation), valid ``dagen`` days from yesterday."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    sleutel = ec.generate_private_key(ec.SECP256R1())
    naam = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      *([x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisatie)] if organisatie else []),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "NL")])
    nu = datetime.datetime.now(datetime.UTC)
    certificaat = (
        x509.CertificateBuilder().subject_name(naam).issuer_name(naam).public_key(sleutel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(nu - datetime.timedelta(days=1)).not_valid_after(nu + datetime.timedelta(days=dagen))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .sign(sleutel, hashes.SHA256()))
    return certificaat, sleutel


def _maak_demo(map_: Path) -> None:
    """A self-signed certificate with an ECDSA P-256 key, valid ten years, made once: under a file lock, written to
    temporary names and renamed, so a second process waits and then finds it complete."""
    from cryptography.hazmat.primitives import serialization

    map_.mkdir(parents=True, exist_ok=True)
    with open(map_ / ".slot", "w") as slot:
        fcntl.flock(slot, fcntl.LOCK_EX)
        if (map_ / "certificaat.pem").exists():
            return
        certificaat, sleutel = zelf_ondertekend(DEMO_NAAM, organisatie="Wlz inschrijvingsportaal")
        sleutelpad = map_ / ".sleutel.pem.nieuw"
        fd = os.open(sleutelpad, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(sleutel.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        (map_ / ".certificaat.pem.nieuw").write_bytes(certificaat.public_bytes(serialization.Encoding.PEM))
        os.replace(sleutelpad, map_ / "sleutel.pem")
        os.replace(map_ / ".certificaat.pem.nieuw", map_ / "certificaat.pem")
        logger.warning("Zelf ondertekend certificaat voor de handtekening op ontvangstbevestigingen gemaakt in %s; "
                       "zet WLZ_ONDERTEKENING_CERTIFICAAT en WLZ_ONDERTEKENING_SLEUTEL in productie.", map_)


def _paden() -> tuple[str, str, bool]:
    certificaat, sleutel = settings.WLZ_ONDERTEKENING_CERTIFICAAT, settings.WLZ_ONDERTEKENING_SLEUTEL
    if certificaat and sleutel:
        return certificaat, sleutel, False
    map_ = _demomap()
    if not (map_ / "certificaat.pem").exists():
        _maak_demo(map_)
    return str(map_ / "certificaat.pem"), str(map_ / "sleutel.pem"), True


_geladen: dict[tuple, Sleutel] = {}


def sleutel() -> Sleutel:
    """The portal's signing key and certificate, loaded once per process (again when the files change)."""
    certificaat, sleutelpad, zelf = _paden()
    keten = settings.WLZ_ONDERTEKENING_KETEN
    kenmerk = (certificaat, sleutelpad, keten, *(os.stat(p).st_mtime_ns for p in (certificaat, sleutelpad)))
    if kenmerk not in _geladen:
        wachtwoord = settings.WLZ_ONDERTEKENING_WACHTWOORD.encode() or None
        signer = signers.SimpleSigner.load(sleutelpad, certificaat, ca_chain_files=(keten,) if keten else None,
                                           key_passphrase=wachtwoord)
        if signer is None:
            raise RuntimeError(f"De ondertekeningssleutel of het certificaat kon niet worden geladen: {certificaat}")
        _geladen.clear()
        _geladen[kenmerk] = Sleutel(signer=signer, certificaat=signer.signing_cert, zelf_gemaakt=zelf)
    return _geladen[kenmerk]


def _tijdstempelaar() -> timestamps.HTTPTimeStamper | None:
    url = settings.WLZ_TSA_URL
    return timestamps.HTTPTimeStamper(url, timeout=settings.WLZ_TSA_TIMEOUT) if url else None


def _buiten_de_lus(functie, *args, **kwargs):
    """Call one of pyHanko's synchronous functions, which run their async core with ``asyncio.run``: directly, or,
    when this thread already runs an event loop (an ASGI view, Playwright's sync API in the browser tests), in a
    thread of its own, where asyncio.run may start one."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return functie(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as draad:
        return draad.submit(functie, *args, **kwargs).result()


def onderteken(pdf: bytes, *, reden: str) -> bytes:
    """The PDF with the portal's PAdES signature added as an incremental update (the PDF/A-3b content untouched),
    with an RFC 3161 timestamp when a timestamp authority is configured."""
    meta = signers.PdfSignatureMetadata(field_name=VELD, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
                                        reason=reden, location="Nederland", use_pades_lta=False)
    schrijver = IncrementalPdfFileWriter(io.BytesIO(pdf))
    eigen = sleutel()
    tijdstempelaar = _tijdstempelaar()
    ondertekenaar = signers.PdfSigner(meta, signer=eigen.signer, timestamper=tijdstempelaar)
    # Without a timestamp the size of the signature is known: the certificates it carries plus a margin for the
    # signature value and its attributes. pyHanko would otherwise sign once more, with a dummy, to measure it (half
    # the cost of signing). A timestamp token's size is the TSA's: pyHanko measures that one (a dummy request).
    gereserveerd = None
    if tijdstempelaar is None:
        certificaten = sum(len(c.dump()) for c in (eigen.certificaat, *eigen.signer.cert_registry))
        gereserveerd = -(-(RESERVE + certificaten) // 256) * 256  # whole blocks: pyHanko needs an even count
    uit = _buiten_de_lus(ondertekenaar.sign_pdf, schrijver, bytes_reserved=gereserveerd)
    return uit.getvalue()


def _vertrouwd() -> list:
    """The certificates a record's signature may chain to: the portal's own, the configured chain, and earlier
    certificates of the portal (``WLZ_ONDERTEKENING_VERTROUWD``), so records signed before a renewal stay valid."""
    eigen = sleutel()
    vertrouwd = [eigen.certificaat, *eigen.signer.cert_registry]
    for pad in filter(None, settings.WLZ_ONDERTEKENING_VERTROUWD.split(",")):
        vertrouwd.extend(load_certs_from_pemder([pad.strip()]))
    if settings.WLZ_TSA_CERTIFICAAT:
        vertrouwd.extend(load_certs_from_pemder([settings.WLZ_TSA_CERTIFICAAT]))
    return vertrouwd


@dataclass(frozen=True)
class Handtekening:
    geldig: bool
    #: Why not, for the log and the tests (never shown to the person who uploaded).
    reden: str = ""
    getekend_op: datetime.datetime | None = None
    met_tijdstempel: bool = False


def controleer(pdf: bytes) -> Handtekening:
    """Whether ``pdf`` carries this portal's intact signature over the whole file (see the module docstring)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lezer = PdfFileReader(io.BytesIO(pdf), strict=False)
            handtekeningen = lezer.embedded_signatures
    except Exception as fout:
        return Handtekening(False, f"geen leesbare pdf: {type(fout).__name__}")
    if not handtekeningen:
        return Handtekening(False, "geen handtekening")
    laatste = handtekeningen[-1]
    context = ValidationContext(trust_roots=_vertrouwd(), allow_fetching=False)
    try:
        status = _buiten_de_lus(validate_pdf_signature, laatste, signer_validation_context=context,
                                ts_validation_context=context)
    except Exception as fout:
        return Handtekening(False, f"handtekening niet te valideren: {type(fout).__name__}: {fout}")
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if not status.intact or not status.valid:
        return Handtekening(False, "handtekening klopt niet met de inhoud")
    if not status.trusted:
        return Handtekening(False, "niet ondertekend door dit portaal")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return Handtekening(False, "na de ondertekening gewijzigd")
    tijdstempel = status.timestamp_validity
    if tijdstempel is not None and not (tijdstempel.intact and tijdstempel.valid and tijdstempel.trusted):
        return Handtekening(False, "tijdstempel ongeldig")
    return Handtekening(True, getekend_op=tijdstempel.timestamp if tijdstempel else status.signer_reported_dt,
                        met_tijdstempel=tijdstempel is not None)


def certificaat_pem() -> bytes:
    """The portal's certificate (PEM), for whoever wants to validate a record in their own PDF reader."""
    from asn1crypto import pem

    return pem.armor("CERTIFICATE", sleutel().certificaat.dump())
