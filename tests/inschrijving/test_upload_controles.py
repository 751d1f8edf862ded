"""The upload checks one by one, without a database: what PdfBestandField accepts and refuses (size before
any byte is read, the extension, the content sniffing with its header window and PDF whitespace, libmagic,
the pypdf structure), the error each refusal shows the aanbieder, how ``veilige_weergavenaam`` cleans an
original filename, and what ``bewaar_pdf`` stores and reports.

Each refusal is checked by its code and its Dutch text: the text is what the aanbieder reads.
"""

import hashlib
import io
import logging
from functools import cache

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation

from inschrijving import uploads
from inschrijving.uploads import (
    MB,
    PDF_MIME,
    WEERGAVENAAM_MAX,
    OpgeslagenBestand,
    PdfBestandField,
    bewaar_pdf,
    veilige_weergavenaam,
)
from tests.pdfs import maak_pdf, maak_pdf_zonder_paginas, maak_versleutelde_pdf

TE_GROOT = "Het bestand is {grootte} MB; de grens is {grens} MB."
EXTENSIE = "Alleen PDF-bestanden zijn toegestaan: de bestandsnaam moet eindigen op .pdf."
GEEN_PDF = "Dit bestand is geen PDF. Upload het document als PDF-bestand."
VERSLEUTELD = "Dit PDF-bestand is beveiligd met een wachtwoord of versleuteld. Upload een onbeveiligde versie."
BESCHADIGD = "Dit PDF-bestand is beschadigd of onleesbaar."


@pytest.fixture(autouse=True)
def nederlands():
    with translation.override("nl"):
        yield


@cache
def _pdf() -> bytes:
    return maak_pdf("Statuten")


@cache
def _versleuteld() -> bytes:
    return maak_versleutelde_pdf()


def upload(inhoud: bytes, naam: str = "statuten.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, inhoud, content_type="application/pdf")


def op_schijf(inhoud: bytes, naam: str = "statuten.pdf") -> TemporaryUploadedFile:
    """An upload as the project's TemporaryFileUploadHandler delivers it: in a temporary file."""
    bestand = TemporaryUploadedFile(naam, "application/pdf", len(inhoud), None)
    bestand.write(inhoud)
    bestand.flush()
    bestand.seek(0)
    return bestand


def weigering(veld: PdfBestandField, bestand) -> tuple[str, str]:
    """(code, message) of the one error the field raises."""
    with pytest.raises(ValidationError) as fout:
        veld.clean(bestand)
    [bericht] = fout.value.messages
    return fout.value.error_list[0].code, bericht


# --- accepted ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("maak", [upload, op_schijf], ids=["in-het-geheugen", "op-schijf"])
def test_echte_pdf_wordt_geaccepteerd_en_teruggespoeld(maak):
    bestand = maak(_pdf())
    resultaat = PdfBestandField().clean(bestand)
    assert resultaat is bestand
    # Whoever stores it next reads it from the start.
    assert resultaat.tell() == 0
    assert resultaat.read() == _pdf()


def test_extensie_in_hoofdletters_wordt_geaccepteerd():
    assert PdfBestandField().clean(upload(_pdf(), "STATUTEN.PDF")).name == "STATUTEN.PDF"


def test_zonder_bestand_geen_upload_als_het_veld_niet_verplicht_is():
    assert PdfBestandField(required=False).clean(None) is None


def test_widget_vraagt_de_browser_om_alleen_pdfs():
    assert PdfBestandField().widget.attrs["accept"] == "application/pdf,.pdf"
    assert PDF_MIME == "application/pdf"


# --- size: checked before reading -----------------------------------------------------------------------


class Ongelezen(SimpleUploadedFile):
    """An upload whose content must not be touched: the size check comes first."""

    def read(self, *args):
        raise AssertionError("de inhoud is gelezen")


def test_precies_op_de_grens_is_toegestaan():
    bestand = upload(_pdf())
    bestand.size = 2 * MB  # what the upload handler counted
    assert PdfBestandField(max_mb=2).clean(bestand) is bestand


@pytest.mark.parametrize(("grootte", "grens", "getoond"), [
    # One byte over: rounded up, so it never reads as "1,0 MB; de grens is 1 MB".
    (MB + 1, 1, "1,1"),
    (2 * MB + 1, 2, "2,1"),
    (int(2.5 * MB), 2, "2,5"),
    (31 * MB, 25, "31,0"),
])
def test_te_groot_geweigerd_voordat_er_iets_gelezen_is(grootte, grens, getoond):
    bestand = Ongelezen("scan.pdf", b"", content_type="application/pdf")
    bestand.size = grootte
    assert weigering(PdfBestandField(max_mb=grens), bestand) == (
        "te_groot", TE_GROOT.format(grootte=getoond, grens=grens))


def test_grens_komt_uit_de_instelling_tijdens_de_validatie(settings):
    veld = PdfBestandField()
    settings.WLZ_MAX_UPLOAD_MB = 3
    bestand = Ongelezen("scan.pdf", b"")
    bestand.size = 3 * MB + 1
    assert weigering(veld, bestand) == ("te_groot", TE_GROOT.format(grootte="3,1", grens=3))
    assert veld.grens_mb == 3


def test_zonder_instelling_is_de_grens_25_mb(settings):
    del settings.WLZ_MAX_UPLOAD_MB
    assert PdfBestandField().grens_mb == 25
    bestand = Ongelezen("scan.pdf", b"")
    bestand.size = 25 * MB + 1
    assert weigering(PdfBestandField(), bestand) == ("te_groot", TE_GROOT.format(grootte="25,1", grens=25))


def test_grens_per_veld_gaat_voor_de_instelling(settings):
    settings.WLZ_MAX_UPLOAD_MB = 100
    assert PdfBestandField(max_mb=1).grens_mb == 1
    bestand = Ongelezen("scan.pdf", b"")
    bestand.size = MB + 1
    assert weigering(PdfBestandField(max_mb=1), bestand)[0] == "te_groot"


# --- extension -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("naam", ["statuten.docx", "statuten.pdf.exe", "statuten", "statutenpdf"])
def test_bestandsnaam_moet_op_pdf_eindigen(naam):
    assert weigering(PdfBestandField(), upload(_pdf(), naam)) == ("extensie", EXTENSIE)


# --- content: header window, PDF whitespace, libmagic -----------------------------------------------------


@pytest.mark.parametrize("witruimte", [b"\x00", b"\t", b"\n", b"\x0c", b"\r", b" "])
def test_pdf_witruimte_voor_de_kop_is_toegestaan(witruimte, monkeypatch):
    # libmagic itself refuses a NUL in front; the field's own header rule must allow every PDF whitespace byte,
    # so the type check is taken as passed here and the rule is seen on its own.
    monkeypatch.setattr(uploads.magic, "from_buffer", lambda kop, mime: PDF_MIME)
    bestand = upload(witruimte * 3 + _pdf())
    assert PdfBestandField().clean(bestand) is bestand


@pytest.mark.parametrize("voorvoegsel", [b"X", b"<html>", b"\xef\xbb\xbf", b"%", b"\x0b"])
def test_iets_anders_voor_de_kop_is_geen_pdf(voorvoegsel):
    # libmagic calls each of these a PDF: the header rule is what refuses the polyglot.
    assert weigering(PdfBestandField(), upload(voorvoegsel + _pdf())) == ("geen_pdf", GEEN_PDF)


def test_kop_moet_binnen_de_eerste_1024_bytes_beginnen(monkeypatch):
    # libmagic (5.44) gives up after 256 bytes; another version may look further. The header rule does not:
    # "%PDF-" must lie wholly within the first 1024 bytes, wherever libmagic would find it.
    monkeypatch.setattr(uploads.magic, "from_buffer", lambda kop, mime: PDF_MIME)
    binnen = upload(b" " * 1019 + _pdf())
    assert PdfBestandField().clean(binnen) is binnen
    assert weigering(PdfBestandField(), upload(b" " * 1020 + _pdf())) == ("geen_pdf", GEEN_PDF)


def test_de_kop_is_de_eerste_keer_pdf_en_een_latere_doet_er_niet_toe():
    # A real PDF whose binary comment line is replaced (same length, offsets intact) by a second "%PDF-".
    inhoud = _pdf_met_tweede_kop()
    assert inhoud.count(b"%PDF-", 0, 1024) == 2
    bestand = upload(inhoud)
    assert PdfBestandField().clean(bestand) is bestand


def _pdf_met_tweede_kop() -> bytes:
    from pypdf import PdfWriter

    schrijver = PdfWriter()
    schrijver.add_blank_page(595, 842)
    uit = io.BytesIO()
    schrijver.write(uit)
    kop, binair, rest = uit.getvalue().split(b"\n", 2)
    assert kop.startswith(b"%PDF-") and len(binair) == len(b"%PDF-")
    return kop + b"\n%PDF-\n" + rest


def test_libmagic_beslist_mee():
    # Whitespace is allowed by the header rule, but 300 bytes of it are more than libmagic accepts.
    assert weigering(PdfBestandField(), upload(b" " * 300 + _pdf())) == ("geen_pdf", GEEN_PDF)


def test_libmagic_krijgt_de_eerste_2_kib(monkeypatch):
    gezien = []

    def from_buffer(kop, mime):
        gezien.append((kop, mime))
        return PDF_MIME

    monkeypatch.setattr(uploads.magic, "from_buffer", from_buffer)
    inhoud = _pdf()
    assert len(inhoud) > 2048
    PdfBestandField().clean(upload(inhoud))
    assert gezien == [(inhoud[:2048], True)]


@pytest.mark.parametrize("inhoud", [
    b"PK\x03\x04 dit is een zip",
    b"%PD",
    b"Statuten van de stichting %PDF-1.7",
], ids=["zip", "afgekapte-kop", "kop-midden-in-tekst"])
def test_geen_pdf_met_pdf_extensie(inhoud):
    assert weigering(PdfBestandField(), upload(inhoud)) == ("geen_pdf", GEEN_PDF)


# --- structure: pypdf ------------------------------------------------------------------------------------


@pytest.mark.parametrize("maak", [upload, op_schijf], ids=["in-het-geheugen", "op-schijf"])
def test_versleutelde_pdf_wordt_geweigerd(maak):
    assert weigering(PdfBestandField(), maak(_versleuteld())) == ("versleuteld", VERSLEUTELD)


@pytest.mark.parametrize("maak", [upload, op_schijf], ids=["in-het-geheugen", "op-schijf"])
def test_pdf_zonder_paginas_wordt_geweigerd(maak):
    assert weigering(PdfBestandField(), maak(maak_pdf_zonder_paginas())) == ("beschadigd", BESCHADIGD)


@pytest.mark.parametrize("maak", [upload, op_schijf], ids=["in-het-geheugen", "op-schijf"])
def test_afgekapte_pdf_is_beschadigd_en_de_reden_wordt_gelogd(maak, caplog):
    caplog.set_level(logging.INFO, logger="inschrijving.uploads")
    assert weigering(PdfBestandField(), maak(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<")) == (
        "beschadigd", BESCHADIGD)
    # For the operator: the parser's exception and what it said.
    [regel] = [r for r in caplog.records if r.name == "inschrijving.uploads"]
    assert regel.levelno == logging.INFO
    assert regel.getMessage() == "PDF geweigerd als onleesbaar (PdfStreamError): Stream has ended unexpectedly"


# --- veilige_weergavenaam -------------------------------------------------------------------------------


@pytest.mark.parametrize(("origineel", "verwacht"), [
    ("Statuten 2025.pdf", "Statuten 2025.pdf"),
    ("Xenia Zorg.pdf", "Xenia Zorg.pdf"),
    ("Jaarrekening.PDF", "Jaarrekening.pdf"),
    ("scan", "scan.pdf"),
    ("scan.docx", "scan.docx.pdf"),
    # Paths sent by old browsers: only the last part.
    ("C:\\Users\\anna\\Documenten\\statuten.pdf", "statuten.pdf"),
    ("/home/anna/statuten.pdf", "statuten.pdf"),
    ("map\\sub/kvk.pdf", "kvk.pdf"),
    # Whitespace of every kind becomes one space; leading and trailing space goes.
    ("a\tb\nc.pdf", "a b c.pdf"),
    ("a\u00a0b\u2028c\u3000d.pdf", "a b c d.pdf"),
    ("  veel    spaties  .pdf", "veel spaties.pdf"),
    # Control and direction characters are dropped (U+202E would show "fdp.exe" as "exe.pdf").
    ("rapport\u202efdp.exe", "rapportfdp.exe.pdf"),
    ("a\x00b\x07c.pdf", "abc.pdf"),
    ("zero\u200bwidth.pdf", "zerowidth.pdf"),
    # HTML- and filesystem-significant characters.
    ('<script>a&b"c\'d`e|f?g*h:i.pdf', "scriptabcdefghi.pdf"),
    # Accented letters stay, composed (NFC).
    ("Ce\u0301line Zorg.pdf", "C\u00e9line Zorg.pdf"),
    # Nothing left, or only dots: a neutral name.
    ("", "document.pdf"),
    (None, "document.pdf"),
    (".pdf", "document.pdf"),
    ("...", "document.pdf"),
    ("<>.pdf", "document.pdf"),
    ("\u202e", "document.pdf"),
    # No hidden files, no trailing dots.
    ("..verborgen.pdf", "verborgen.pdf"),
    ("statuten. .pdf", "statuten.pdf"),
    # Windows device names get an underscore, also in lower case and with a further extension.
    ("CON.pdf", "_CON.pdf"),
    ("con.pdf", "_con.pdf"),
    ("nul.backup.pdf", "_nul.backup.pdf"),
    ("COM1.pdf", "_COM1.pdf"),
    ("COM9.pdf", "_COM9.pdf"),
    ("LPT1.pdf", "_LPT1.pdf"),
    ("lpt9.pdf", "_lpt9.pdf"),
    ("PRN.pdf", "_PRN.pdf"),
    ("AUX.pdf", "_AUX.pdf"),
    ("COM0.pdf", "COM0.pdf"),
    ("COM10.pdf", "COM10.pdf"),
    ("LPT0.pdf", "LPT0.pdf"),
    ("LPT10.pdf", "LPT10.pdf"),
    ("CONTRACT.pdf", "CONTRACT.pdf"),
])
def test_veilige_weergavenaam(origineel, verwacht):
    assert veilige_weergavenaam(origineel) == verwacht


def test_weergavenaam_is_nfc():
    naam = veilige_weergavenaam("Ce\u0301line.pdf")
    assert naam == "C\u00e9line.pdf" and len(naam) == 10


def test_lange_naam_wordt_150_tekens_met_extensie():
    assert WEERGAVENAAM_MAX == 150
    naam = veilige_weergavenaam("a" * 300 + ".pdf")
    assert naam == "a" * 146 + ".pdf" and len(naam) == 150
    # Exactly at the limit: unchanged.
    assert veilige_weergavenaam("b" * 146 + ".pdf") == "b" * 146 + ".pdf"


def test_afgekapte_naam_eindigt_niet_op_punt_of_spatie():
    naam = veilige_weergavenaam("a" * 144 + " .bbbbbbbbbb.pdf")
    assert naam == "a" * 144 + ".pdf"


def test_lange_apparaatnaam_blijft_binnen_150_tekens():
    naam = veilige_weergavenaam("CON." + "x" * 200 + ".pdf")
    assert naam == "_CON." + "x" * 141 + ".pdf" and len(naam) == 150


# --- bewaar_pdf ------------------------------------------------------------------------------------------


@pytest.fixture
def opslag(tmp_path, monkeypatch):
    opslag = FileSystemStorage(location=tmp_path)
    monkeypatch.setattr(uploads, "prive_opslag", opslag)
    return opslag


@pytest.mark.parametrize("maak", [upload, op_schijf], ids=["in-het-geheugen", "op-schijf"])
def test_bewaar_pdf_telt_hasht_en_bewaart_in_meerdere_stukken(maak, opslag):
    # Several chunks (64 KiB each): size and hash must cover all of them.
    inhoud = _pdf() + bytes(range(256)) * 1000
    assert len(inhoud) > 3 * 64 * 1024
    bestand = maak(inhoud, "../../etc/passwd.pdf")
    opgeslagen = bewaar_pdf(bestand, map="/documenten/7/")
    assert isinstance(opgeslagen, OpgeslagenBestand)
    assert opgeslagen.grootte == len(inhoud)
    assert opgeslagen.sha256 == hashlib.sha256(inhoud).hexdigest()
    # The original name is never the path: <map>/<32 hex>.pdf.
    map_, _sep, naam = opgeslagen.naam.rpartition("/")
    assert map_ == "documenten/7"
    assert naam.endswith(".pdf") and len(naam) == 36 and int(naam[:-4], 16) >= 0
    with opslag.open(opgeslagen.naam) as bewaard:
        assert bewaard.read() == inhoud
    bestand.close()


@pytest.mark.parametrize(("map_", "verwacht"), [
    ("documenten/12", "documenten/12"),
    ("/verduidelijking/", "verduidelijking"),
    ("Xtra/bijlagen/X", "Xtra/bijlagen/X"),
])
def test_bewaar_pdf_in_de_gevraagde_map(opslag, map_, verwacht):
    opgeslagen = bewaar_pdf(upload(_pdf()), map=map_)
    assert opgeslagen.naam.rpartition("/")[0] == verwacht
    assert opslag.exists(opgeslagen.naam)


def test_bewaar_pdf_geeft_elke_versie_een_eigen_naam(opslag):
    eerste = bewaar_pdf(upload(_pdf()), map="documenten/1")
    tweede = bewaar_pdf(upload(_pdf()), map="documenten/1")
    assert eerste.naam != tweede.naam
    assert eerste.sha256 == tweede.sha256


def test_bewaar_pdf_na_gelezen_upload(opslag):
    """An upload whose position is not at the start (the field or a view read it) is stored whole."""
    bestand = upload(_pdf())
    bestand.read(100)
    opgeslagen = bewaar_pdf(bestand, map="d")
    assert opgeslagen.grootte == len(_pdf())
    with opslag.open(opgeslagen.naam) as bewaard:
        assert bewaard.read() == _pdf()
