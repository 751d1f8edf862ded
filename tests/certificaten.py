"""Certificates for the tests of the portal's signature: another signer's, and a zorgkantoor's own as production
configures it (``WLZ_ONDERTEKENING_CERTIFICAAT`` / ``_SLEUTEL``)."""

import datetime
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def zelf_ondertekend(cn: str):
    """A self-signed signing certificate (asn1crypto, as pyHanko takes it) with its key (cryptography)."""
    sleutel = ec.generate_private_key(ec.SECP256R1())
    naam = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn), x509.NameAttribute(NameOID.COUNTRY_NAME, "NL")])
    nu = datetime.datetime.now(datetime.UTC)
    certificaat = (x509.CertificateBuilder().subject_name(naam).issuer_name(naam).public_key(sleutel.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(nu - datetime.timedelta(days=1)).not_valid_after(nu + datetime.timedelta(days=30))
                   .add_extension(x509.KeyUsage(
                       digital_signature=True, content_commitment=True, key_encipherment=False,
                       data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                       encipher_only=False, decipher_only=False), critical=True)
                   .sign(sleutel, hashes.SHA256()))
    return asn1_x509.Certificate.load(certificaat.public_bytes(serialization.Encoding.DER)), sleutel


def zegel_bestanden(map_: Path, cn: str = "Zorgkantoor Amstelland – zegel") -> dict[str, str]:
    """A certificate and key in PEM files; returns the settings (environment) that configure them."""
    certificaat, sleutel = zelf_ondertekend(cn)
    (map_ / "zegel.pem").write_bytes(pem.armor("CERTIFICATE", certificaat.dump()))
    (map_ / "zegel.key").write_bytes(sleutel.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return {"WLZ_ONDERTEKENING_CERTIFICAAT": str(map_ / "zegel.pem"),
            "WLZ_ONDERTEKENING_SLEUTEL": str(map_ / "zegel.key")}
