"""Certificates for the tests of the portal's signature: another signer's, and a zorgkantoor's own as production
configures it (``WLZ_ONDERTEKENING_CERTIFICAAT`` / ``_SLEUTEL``). Made as the portal makes its demo certificate
(``inschrijving.ondertekening.zelf_ondertekend``), valid a month."""

from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization

from inschrijving import ondertekening


def zelf_ondertekend(cn: str):
    """A self-signed signing certificate (asn1crypto, as pyHanko takes it) with its key (cryptography)."""
    certificaat, sleutel = ondertekening.zelf_ondertekend(cn, dagen=30)
    return asn1_x509.Certificate.load(certificaat.public_bytes(serialization.Encoding.DER)), sleutel


def zegel_bestanden(map_: Path, cn: str = "Zorgkantoor Amstelland – zegel") -> dict[str, str]:
    """A certificate and key in PEM files; returns the settings (environment) that configure them."""
    certificaat, sleutel = zelf_ondertekend(cn)
    (map_ / "zegel.pem").write_bytes(pem.armor("CERTIFICATE", certificaat.dump()))
    (map_ / "zegel.key").write_bytes(sleutel.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return {"WLZ_ONDERTEKENING_CERTIFICAAT": str(map_ / "zegel.pem"),
            "WLZ_ONDERTEKENING_SLEUTEL": str(map_ / "zegel.key")}
