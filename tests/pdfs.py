"""Real PDF files for tests (and the upload benchmark): rendered, encrypted, page-less and large ones.

Everything here is a genuine PDF that pypdf and libmagic recognise, so the upload checks are tested
against what a browser would actually send, not against bytes that merely start with ``%PDF-``.
"""

import html
import io
import os
from pathlib import Path

from pypdf import PdfReader, PdfWriter

MB = 1024 * 1024


def maak_pdf(tekst: str = "Statuten van Stichting Zorggroep De Linde", paginas: int = 1) -> bytes:
    """A small text PDF rendered by WeasyPrint, ``paginas`` pages long."""
    from weasyprint import HTML  # slow to import; only the tests that render need it

    veilig = html.escape(tekst)
    body = "".join(
        f'<section style="page-break-after: always"><h1>{veilig}</h1><p>Pagina {n}</p></section>'
        for n in range(1, paginas + 1)
    )
    return HTML(string=f"<!doctype html><html lang='nl'><body>{body}</body></html>").write_pdf()


def maak_versleutelde_pdf(wachtwoord: str = "geheim") -> bytes:
    """A real PDF encrypted with a user password (RC4-128: AES would need the cryptography package)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(maak_pdf("Vertrouwelijk"))))
    writer.encrypt(wachtwoord)
    uit = io.BytesIO()
    writer.write(uit)
    return uit.getvalue()


def maak_pdf_zonder_paginas() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    uit = io.BytesIO()
    PdfWriter().write(uit)
    return uit.getvalue()


def maak_grote_pdf(megabytes: int, pad: Path) -> Path:
    """Write a valid one-page PDF of exactly ``megabytes`` MiB to ``pad``, in 1 MiB pieces.

    The bulk is an image in the page's resources (as a scanned page carries), written as a raw stream; the xref
    table is built from the offsets as we go, so the whole file never sits in memory. (Not an embedded file: the
    upload check refuses those.)
    """
    pad = Path(pad)
    doel = megabytes * MB
    objecten = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Scan 7 0 R >> >> >>",
        None,  # 4: the page content, a stream
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (Groot testdocument) /Producer (tests/pdfs.py) >>",
        None,  # 7: the scanned image, the bulk
    ]
    inhoud = f"BT /F1 24 Tf 72 760 Td (Groot testdocument: {megabytes} MB) Tj ET".encode()
    kop = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    # Size the attachment so the file is exactly `doel` long. The overhead depends (through the digits of
    # the startxref offset) on the attachment's size, so count a dry run until it settles.
    bulk = 0
    for _poging in range(4):
        overhead = _schrijf(_Teller(), kop, objecten, inhoud, bulk) - bulk
        if overhead + bulk == doel:
            break
        bulk = doel - overhead
    if bulk < 0:
        raise ValueError(f"{megabytes} MB is te klein voor deze PDF")
    with pad.open("wb") as uit:
        lengte = _schrijf(uit, kop, objecten, inhoud, bulk)
    assert lengte == doel == pad.stat().st_size, (lengte, doel)
    return pad


class _Teller:
    """A file that only counts what is written to it."""

    def write(self, data: bytes) -> int:
        return len(data)


def _schrijf(uit, kop: bytes, objecten: list, inhoud: bytes, bulk: int) -> int:
    """Write the PDF to `uit` with a `bulk`-byte image stream; return the number of bytes written."""
    posities = []
    geschreven = uit.write(kop)
    for nummer, lichaam in enumerate(objecten, start=1):
        posities.append(geschreven)
        geschreven += uit.write(f"{nummer} 0 obj\n".encode())
        if nummer == 4:
            geschreven += uit.write(b"<< /Length %d >>\nstream\n" % len(inhoud) + inhoud + b"\nendstream")
        elif nummer == 7:
            geschreven += uit.write(b"<< /Type /XObject /Subtype /Image /Width 1 /Height %d /ColorSpace /DeviceGray "
                                    b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (bulk, bulk))
            rest = bulk
            while rest:
                # Random bytes: incompressible, like a scan, and no two test files alike.
                stuk = os.urandom(min(rest, MB))
                geschreven += uit.write(stuk)
                rest -= len(stuk)
            geschreven += uit.write(b"\nendstream")
        else:
            geschreven += uit.write(lichaam)
        geschreven += uit.write(b"\nendobj\n")
    xref = geschreven
    regels = [b"xref\n", b"0 %d\n" % (len(objecten) + 1), b"0000000000 65535 f \n"]
    regels += [b"%010d 00000 n \n" % positie for positie in posities]
    regels.append(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objecten) + 1, xref))
    for regel in regels:
        geschreven += uit.write(regel)
    return geschreven
