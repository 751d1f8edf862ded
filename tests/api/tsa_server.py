"""An RFC 3161 timestamp authority for the tests: an HTTP server on a free loopback port that answers
``application/timestamp-query`` with a signed ``application/timestamp-reply``. The tokens are made by pyHanko's
DummyTimeStamper with a TSA certificate (extended key usage timeStamping) issued by a root made here; the protocol
on the wire is the real one, so the portal's client (pyHanko's HTTPTimeStamper) talks to it as to a real TSA."""

from __future__ import annotations

import datetime
import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper


def _naam(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn), x509.NameAttribute(NameOID.COUNTRY_NAME, "NL")])


def _certificaat(onderwerp, sleutel, uitgever, uitgever_sleutel, *, ca: bool):
    nu = datetime.datetime.now(datetime.UTC)
    bouwer = (x509.CertificateBuilder().subject_name(onderwerp).issuer_name(uitgever).public_key(sleutel.public_key())
              .serial_number(x509.random_serial_number()).not_valid_before(nu - datetime.timedelta(days=1))
              .not_valid_after(nu + datetime.timedelta(days=365))
              .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        bouwer = bouwer.add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
            critical=True)
    else:
        bouwer = (bouwer.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
                  .add_extension(x509.KeyUsage(
                      digital_signature=True, content_commitment=True, key_encipherment=False,
                      data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                      encipher_only=False, decipher_only=False), critical=True))
    return bouwer.sign(uitgever_sleutel, hashes.SHA256())


class Tsa:
    def __init__(self, map_: Path):
        wortel_sleutel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        wortel = _certificaat(_naam("Test-TSA wortel"), wortel_sleutel, _naam("Test-TSA wortel"), wortel_sleutel,
                              ca=True)
        tsa_sleutel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        tsa = _certificaat(_naam("Test-TSA"), tsa_sleutel, wortel.subject, wortel_sleutel, ca=False)
        self.wortel_pem = map_ / "tsa-wortel.pem"
        self.wortel_pem.write_bytes(wortel.public_bytes(serialization.Encoding.PEM))
        der = serialization.Encoding.DER
        self.stempelaar = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(tsa.public_bytes(der)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(tsa_sleutel.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
            certs_to_embed=[asn1_x509.Certificate.load(wortel.public_bytes(der))])
        self.verzoeken = 0
        tsa_ = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                lengte = int(self.headers.get("Content-Length", 0))
                verzoek = tsp.TimeStampReq.load(self.rfile.read(lengte))
                if self.headers.get("Content-Type") != "application/timestamp-query":
                    self.send_error(415)
                    return
                antwoord = tsa_.stempelaar.request_tsa_response(verzoek).dump()
                tsa_.verzoeken += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(antwoord)))
                self.end_headers()
                self.wfile.write(antwoord)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsa"
        self.draad = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.draad.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

