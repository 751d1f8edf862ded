"""Uploads refuse what can hurt (issue 9, item 7): a PDF that would run something or carries something besides its
pages — JavaScript, a Launch action, an action on opening, ImportData or SubmitForm, embedded files (in the name
tree or as a file-attachment annotation), an XFA form — and a PDF with other data stuck on after its final
``%%EOF`` (a polyglot), each with a clear Dutch message beside the field. What ordinary documents carry still
passes: a destination to open at, a web link, an incremental update, a trailing newline.

Every case is a real PDF written by pypdf from a WeasyPrint document, as a browser would send it.
"""

import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from inschrijving.uploads import PdfBestandField
from tests.pdfs import maak_pdf


class Formulier(forms.Form):
    bestand = PdfBestandField()


def _fouten(inhoud: bytes) -> list[str]:
    formulier = Formulier(data={}, files={"bestand": SimpleUploadedFile("document.pdf", inhoud)})
    return [] if formulier.is_valid() else formulier.errors["bestand"]


def _schrijf(bewerk) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(maak_pdf("Uittreksel Handelsregister"))))
    bewerk(writer)
    uit = io.BytesIO()
    writer.write(uit)
    return uit.getvalue()


def _actie(soort: str, **velden) -> DictionaryObject:
    actie = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(soort)})
    actie.update({NameObject(f"/{k}"): TextStringObject(v) for k, v in velden.items()})
    return actie


def _annotatie(writer, **velden) -> None:
    annotatie = DictionaryObject({NameObject("/Type"): NameObject("/Annot"),
                                  NameObject("/Rect"): ArrayObject([FloatObject(0)] * 4)})
    annotatie.update({NameObject(sleutel): waarde for sleutel, waarde in velden.items()})
    pagina = writer.pages[0]
    pagina[NameObject("/Annots")] = ArrayObject([writer._add_object(annotatie)])


def _javascript_in_de_namen(writer) -> None:
    """A document-level script in the catalogue's name tree, run when the document opens."""
    script = writer._add_object(_actie("/JavaScript", JS="app.alert('hallo');"))
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("begroeting"), script])})})


def _openactie(actie):
    return lambda w: w._root_object.__setitem__(NameObject("/OpenAction"), w._add_object(actie))


GEVAARLIJK = {
    "javascript-in-de-namen": (_javascript_in_de_namen, "JavaScript"),
    "javascript-bij-openen": (_openactie(_actie("/JavaScript", JS="app.launchURL('http://x');")), "JavaScript"),
    "launch-bij-openen": (_openactie(_actie("/Launch", F="cmd.exe")), "een opdracht die een programma start"),
    "importdata-bij-openen": (_openactie(_actie("/ImportData", F="gegevens.fdf")), "het inlezen van gegevens"),
    "javascript-in-een-link": (
        lambda w: _annotatie(w, **{"/Subtype": NameObject("/Link"), "/A": _actie("/JavaScript", JS="this.print();")}),
        "JavaScript"),
    "submitform-in-een-link": (
        lambda w: _annotatie(w, **{"/Subtype": NameObject("/Link"), "/A": _actie("/SubmitForm", F="http://x")}),
        "het verzenden van een formulier"),
    "javascript-bij-het-tonen-van-de-pagina": (
        lambda w: w.pages[0].__setitem__(NameObject("/AA"), DictionaryObject(
            {NameObject("/O"): _actie("/JavaScript", JS="app.alert(1);")})),
        "JavaScript"),
    "ingesloten-programma": (lambda w: w.add_attachment("factuur.exe", b"MZ\x90\x00" + b"\x00" * 60),
                             "ingesloten bestanden"),
    "bijlage-als-annotatie": (
        lambda w: _annotatie(w, **{"/Subtype": NameObject("/FileAttachment")}), "ingesloten bestanden"),
}


@pytest.mark.parametrize("geval", GEVAARLIJK, ids=list(GEVAARLIJK))
def test_actieve_inhoud_of_ingesloten_bestanden_worden_geweigerd_met_een_nederlandse_melding(geval):
    bewerk, wat = GEVAARLIJK[geval]
    fouten = _fouten(_schrijf(bewerk))
    assert len(fouten) == 1, fouten
    assert fouten[0].startswith(f"Dit PDF-bestand bevat {wat}") or f"bevat {wat}" in fouten[0], fouten[0]
    assert "mag geen actieve inhoud of ingesloten bestanden bevatten" in fouten[0]


@pytest.mark.parametrize("aanhangsel", [
    b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40,  # a ZIP archive after the PDF
    b"<script>alert(1)</script>\n",  # HTML after it
    b"MZ\x90\x00" + b"\x00" * 100,  # an executable after it
], ids=["zip", "html", "exe"])
def test_gegevens_na_het_einde_van_de_pdf_worden_geweigerd(aanhangsel):
    fouten = _fouten(maak_pdf() + aanhangsel)
    assert fouten == ["Na het einde van dit PDF-bestand staan nog andere gegevens. Sla het document opnieuw op als "
                      "PDF en upload het dan."]


def test_wat_gewone_documenten_hebben_blijft_toegestaan():
    def bestemming_en_weblink(w):
        # Open at the first page, fit to the window: a destination, not an action.
        w._root_object[NameObject("/OpenAction")] = ArrayObject(
            [w.pages[0].indirect_reference, NameObject("/Fit")])
        _annotatie(w, **{"/Subtype": NameObject("/Link"), "/A": _actie("/URI", URI="https://www.kvk.nl")})
        w.pages[0][NameObject("/Rotate")] = NumberObject(0)

    assert _fouten(_schrijf(bestemming_en_weblink)) == []
    assert _fouten(maak_pdf() + b"\r\n  \n") == []  # whitespace after %%EOF is still the end

    # An incremental update: a second revision appended by a PDF editor, with its own %%EOF.
    eerste = maak_pdf()
    writer = PdfWriter(io.BytesIO(eerste), incremental=True)
    writer.add_metadata({"/Title": "Uittreksel (bijgewerkt)"})
    uit = io.BytesIO()
    writer.write(uit)
    bijgewerkt = uit.getvalue()
    assert bijgewerkt.startswith(eerste) and bijgewerkt.count(b"%%EOF") == 2
    assert _fouten(bijgewerkt) == []
