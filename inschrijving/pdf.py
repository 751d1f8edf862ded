"""PDFs rendered from Django templates with WeasyPrint, and the ontvangstbevestiging of an indiening.

The receipt is built from the Indiening's snapshot only, never from live records: it shows what was
submitted, hashed and stamped, even after documents have been replaced since. Static files (CSS and
fonts) are read from the local filesystem through the staticfiles finders; nothing is fetched over the
network.

Rendering is the cost of a receipt or letter, so what is the same for every PDF is done once per process: the
stylesheet ``css/pdf.css`` is parsed, and its @font-face fonts loaded, once (``_opmaak``; parsed again when a file
changes), and WeasyPrint's user-agent stylesheet is used without the rules for footnotes and notes, which these PDFs
do not have (``_HTML``).
"""

import functools
import hashlib
import mimetypes
import os
import posixpath
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote, urljoin
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from inschrijving import berichten
from inschrijving.dossier import canoniek
from inschrijving.models import AanbiederType, Bericht, Indiening, PlanOmvang, Verklaring
from inschrijving.ondertekening import onderteken
from wlzportal.datums import tijdstip
from wlzportal.links import portaal_url

# A reserved, unresolvable origin (RFC 2606): relative URLs in the HTML resolve against it, and the
# fetcher only answers for its static paths, so even a mistake cannot reach the network.
BASIS_URL = "https://pdf.wlzportal.invalid/"
NEDERLANDSE_TIJD = ZoneInfo("Europe/Amsterdam")
ONTVANGSTBEVESTIGING = "inschrijving/pdf/ontvangstbevestiging.html"
#: The print stylesheet of the receipt and the decision letter (static path); their templates do not link it:
#: ``render_pdf`` applies it, parsed once per process.
PDF_CSS = "css/pdf.css"


class PdfFout(RuntimeError):
    """A PDF could not be rendered completely (e.g. a stylesheet or font was not found)."""


class StatischeBestanden(URLFetcher):
    """Answers the static URLs from the staticfiles finders and refuses every other URL."""

    def __init__(self):
        # Fail rather than silently produce a receipt without its fonts or layout.
        super().__init__(fail_on_errors=True)
        self.voorvoegsel = statische_url()

    def pad(self, url: str) -> str | None:
        """The static path ("css/pdf.css") a URL stands for, or None if it is not a static URL."""
        url = url.split("#", 1)[0].split("?", 1)[0]
        if not url.startswith(self.voorvoegsel):
            return None
        pad = unquote(url[len(self.voorvoegsel):])
        if not pad or pad.startswith("/") or "\\" in pad or "\x00" in pad or ".." in pad.split("/"):
            return None
        return posixpath.normpath(pad)

    def fetch(self, url, headers=None):
        pad = self.pad(url)
        gevonden = finders.find(pad) if pad else None
        if not gevonden:
            raise ValueError(f"Geen lokaal statisch bestand, niet opgehaald: {url}")
        with open(gevonden, "rb") as fh:
            inhoud = fh.read()
        self.gelezen(pad, gevonden)
        soort = mimetypes.guess_type(pad)[0] or "application/octet-stream"
        return URLFetcherResponse(url, inhoud, {"Content-Type": soort})

    def gelezen(self, pad: str, gevonden: str) -> None:
        """Called for every static file read (``_Opmaak`` records them)."""


def statische_url() -> str:
    """Where static files live in the PDF's HTML (``{{ statisch }}css/pdf.css``)."""
    return urljoin(BASIS_URL, settings.STATIC_URL)


def _bestand(pad: str, gevonden: str | None = None) -> tuple[str, str, int, int]:
    """A static file as it is now: (static path, file, mtime, size). Raises PdfFout if it is not found."""
    gevonden = gevonden or finders.find(pad)
    if not gevonden:
        raise PdfFout(f"Geen lokaal statisch bestand: {pad}")
    stat = os.stat(gevonden)
    return pad, gevonden, stat.st_mtime_ns, stat.st_size


class _Opmaak(StatischeBestanden):
    """Stylesheets parsed once, with the FontConfiguration that holds their @font-face fonts (WeasyPrint needs the
    same one for the stylesheets and the document), and every static file they read, to see when one changed."""

    def __init__(self, paden: tuple[str, ...]):
        super().__init__()
        self.pid = os.getpid()  # fontconfig and Pango state is not shared with a forked child
        self.bestanden = []
        self.font_config = FontConfiguration()
        try:
            self.stylesheets = [CSS(url=self.voorvoegsel + pad, url_fetcher=self, font_config=self.font_config)
                                for pad in paden]
        except FatalURLFetchingError as fout:
            raise PdfFout(f"{fout}: {fout.__cause__}") from fout.__cause__

    def gelezen(self, pad: str, gevonden: str) -> None:
        self.bestanden.append(_bestand(pad, gevonden))

    def actueel(self) -> bool:
        """Whether every file is still where and as it was read (raises PdfFout if one is gone)."""
        return self.pid == os.getpid() and all(_bestand(bestand[0]) == bestand for bestand in self.bestanden)


_opgemaakt: dict[tuple[str, ...], _Opmaak] = {}
# One render at a time per process with a shared FontConfiguration (Pango's font map is not thread-safe).
_renderslot = threading.Lock()


def _opmaak(paden: tuple[str, ...]) -> _Opmaak:
    opmaak = _opgemaakt.get(paden)
    if opmaak is None or not opmaak.actueel():
        opmaak = _opgemaakt[paden] = _Opmaak(paden)
    return opmaak


@functools.cache
def _slanke_ua() -> CSS | None:
    """WeasyPrint's user-agent stylesheet without the rules that give every element a ::footnote-call,
    ::footnote-marker, ::note-call, ::note-marker and ::note-callback, and a ::marker outside list items: six
    computed styles per element, some 10% of rendering a table-heavy page. These PDFs have no footnotes or notes
    (``float: footnote``); a list item keeps its marker. None (WeasyPrint's own stylesheet, the same output, only
    slower) if WeasyPrint's text (``weasyprint.html.UA``) is not what this expects."""
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA

    tekst, n = re.subn(r"^::(?:footnote|note)-(?:call|marker|callback) \{[^}\n]*\}$", "", UA, flags=re.MULTILINE)
    tekst, m = re.subn(r"^::marker \{", "li::marker, summary::marker {", tekst, flags=re.MULTILINE)
    if (n, m) != (5, 1) or re.search(r"(?:^|[\s,])::(?:footnote|note|marker)", tekst):
        return None
    # Its @counter-style rules (disc, decimal) are WeasyPrint's, registered when WeasyPrint parsed its own copy:
    # parsed into a dict of their own, not again into that one (which warns that they exist).
    return CSS(string=tekst, counter_style=CounterStyle())


class _HTML(HTML):
    """WeasyPrint's HTML with the slim user-agent stylesheet. ``_ua_stylesheets`` is WeasyPrint's own hook (not public
    API): called otherwise than this expects after an upgrade, it is passed on unchanged; the PDF tests render every
    document, so an upgrade that breaks it is seen there."""

    def _ua_stylesheets(self, *args, **kwargs):
        forms = kwargs.get("forms", args[0] if args else False)
        slank = None if forms or len(args) > 1 or set(kwargs) - {"forms"} else _slanke_ua()
        return [slank] if slank is not None else super()._ua_stylesheets(*args, **kwargs)


@dataclass(frozen=True)
class Bijlage:
    """A file embedded in a PDF/A-3 record: the data it was made from (AFRelationship Source), e.g. the snapshot."""

    naam: str  # its extension gives the MIME type (/Subtype) WeasyPrint writes
    inhoud: bytes
    omschrijving: str


def render_pdf(template_name: str, context: dict, *, stylesheets: tuple[str, ...] = (),
               bijlagen: tuple[Bijlage, ...] = ()) -> tuple[str, bytes]:
    """Render a template to HTML and to a PDF/A-3b document (ISO 19005-3: fonts embedded, an sRGB output intent,
    XMP metadata; archived records); returns both. ``bijlagen`` are embedded as associated files.

    ``stylesheets``: static paths of stylesheets applied to the document, parsed once per process; a template
    rendered with them does not link them. WeasyPrint applies them as user stylesheets: a template's own ``<style>``
    (author origin) overrides them whatever the selectors' specificity, as a ``<style>`` after the ``<link>`` did for
    equal specificity. A template may also link static files as ``{{ statisch }}css/pdf.css`` rather than with
    ``{% static %}``: under ManifestStaticFilesStorage that tag yields hashed names, which the finders do not know.
    """
    html = render_to_string(template_name, {**context, "statisch": statische_url()})
    with _renderslot:
        try:
            opmaak = _opmaak(stylesheets) if stylesheets else None
            document = _HTML(string=html, base_url=BASIS_URL, url_fetcher=StatischeBestanden())
            opties = {"pdf_variant": "pdf/a-3b", "attachments": [
                Attachment(string=b.inhoud, name=b.naam, description=b.omschrijving, relationship="Source")
                for b in bijlagen]}
            if opmaak is None:
                pdf = document.write_pdf(**opties)
            else:
                pdf = document.write_pdf(stylesheets=opmaak.stylesheets, font_config=opmaak.font_config, **opties)
        except FatalURLFetchingError as fout:
            # WeasyPrint's fatal error is a BaseException; callers (Celery tasks) expect an Exception.
            raise PdfFout(f"{fout}: {fout.__cause__}") from fout.__cause__
    return html, pdf


def nederlandse_tijd(moment: datetime) -> str:
    """'30 juli 2021, 16:59:59 (Nederlandse tijd)', whatever the active time zone and language (the receipt and the
    opening's proces-verbaal are Dutch records)."""
    with translation.override("nl"):
        return f"{tijdstip(moment.astimezone(NEDERLANDSE_TIJD))} (Nederlandse tijd)"


def _getal(waarde: float, decimalen: int = 0) -> str:
    """Dutch number notation: 1.234.567 and 1,2 (independent of the active locale)."""
    tekst = f"{waarde:,.{decimalen}f}"
    return tekst.replace(",", " ").replace(".", ",").replace(" ", ".")


def leesbare_grootte(grootte: int) -> str:
    """'1,2 MB' (1 KB = 1024 bytes, like the file managers most users have)."""
    if grootte < 1024:
        return "1 byte" if grootte == 1 else f"{grootte} bytes"
    waarde = float(grootte)
    for eenheid in ("KB", "MB", "GB", "TB"):
        waarde /= 1024
        if waarde < 1024 or eenheid == "TB":
            return f"{_getal(waarde, 1)} {eenheid}"
    raise AssertionError("onbereikbaar")


def exacte_grootte(grootte: int) -> str:
    return "1 byte" if grootte == 1 else f"{_getal(grootte)} bytes"


def _label(keuzes, waarde) -> str:
    """The display label of a choice code as stored in the snapshot; an unknown code is shown as is."""
    try:
        return str(keuzes(waarde).label)
    except ValueError:
        return str(waarde)


def _onderdelen(snapshot: dict) -> list[dict]:
    """Every submitted item, numbered: the verklaring, the ondernemingsplan, then each document."""
    onderdelen = []
    verklaring = snapshot.get("verklaring")
    if verklaring:
        ondertekenaar = ", ".join(d for d in (verklaring.get("ondertekenaar_naam"),
                                              verklaring.get("ondertekenaar_functie")) if d)
        onderdelen.append({
            "onderdeel": _label(Verklaring, verklaring.get("soort")),
            "toelichting": (f"Ingevuld in het portaal; ondertekend door {ondertekenaar}" if ondertekenaar
                            else "Ingevuld in het portaal"),
        })
    if snapshot.get("ondernemingsplan"):
        omvang = (snapshot.get("regels") or {}).get("ondernemingsplan") or PlanOmvang.VOLLEDIG
        onderdelen.append({"onderdeel": _label(PlanOmvang, omvang), "toelichting": "Ingevuld in het portaal"})
    for doc in snapshot.get("documenten", []):
        onderdelen.append({
            "onderdeel": doc["naam"], "bestand": doc["weergavenaam"], "versie": doc["versie"],
            "grootte": leesbare_grootte(doc["grootte"]),
            # The exact count only where the readable one rounds.
            "bytes": exacte_grootte(doc["grootte"]) if doc["grootte"] >= 1024 else "",
            "sha256": doc["sha256"],
        })
    for nummer, onderdeel in enumerate(onderdelen, start=1):
        onderdeel["nummer"] = nummer
    return onderdelen


def context_van(indiening: Indiening) -> dict:
    """The receipt's content: the snapshot, plus the indiening's own stamp (time, who, number, hash)."""
    snapshot = indiening.snapshot
    inschrijving = snapshot["inschrijving"]
    sluiting = inschrijving.get("sluiting")
    door = indiening.ingediend_door
    return {
        "zorgaanbieder": snapshot["zorgaanbieder"],
        "zorgkantoor": inschrijving["zorgkantoor"],
        "ronde": inschrijving["ronde"],
        "contractjaar": inschrijving.get("contractjaar"),
        "aanbieder_type": _label(AanbiederType, inschrijving["aanbieder_type"]),
        "sluiting": nederlandse_tijd(datetime.fromisoformat(sluiting)) if sluiting else "",
        "ontvangen_op": nederlandse_tijd(indiening.ingediend_op),
        "ingediend_door": door.get_full_name() or door.get_username(),
        "volgnummer": indiening.volgnummer,
        "sha256": indiening.sha256,
        "onderdelen": _onderdelen(snapshot),
        "controle_url": portaal_url("controleer"),
    }


#: The name of the snapshot embedded in a receipt and a decision letter: exactly the bytes whose SHA-256 the record
#: names (``dossier.canoniek``), so anyone can recompute it.
SNAPSHOT_BIJLAGE = "inschrijving.json"


def snapshot_bijlage(indiening: Indiening) -> Bijlage:
    return Bijlage(SNAPSHOT_BIJLAGE, canoniek(indiening.snapshot),
                   f"De ingediende inhoud (indiening {indiening.volgnummer}); SHA-256 {indiening.sha256}")


def ontvangstbevestiging(indiening: Indiening, *, ondertekend: bool = True) -> tuple[str, bytes]:
    """The receipt of one indiening as (HTML, PDF bytes): PDF/A-3b with the snapshot embedded, signed by the portal
    (``ondertekend=False``: the bare render, for the benchmark's breakdown)."""
    # Dutch whatever the request or worker language: the labels come from gettext_lazy choices.
    with translation.override("nl"):
        html, pdf = render_pdf(ONTVANGSTBEVESTIGING, context_van(indiening), stylesheets=(PDF_CSS,),
                               bijlagen=(snapshot_bijlage(indiening),))
    if ondertekend:
        pdf = onderteken(pdf, reden=f"Ontvangstbevestiging van indiening {indiening.volgnummer}, SHA-256 "
                                    f"{indiening.sha256}")
    return html, pdf


def _neem_opgeslagen_over(obj, bestand_veld: str, hash_veld: str) -> bool:
    """Copy a PDF already in the database (perhaps stored by another worker) onto this instance."""
    rij = type(obj).objects.filter(pk=obj.pk).values(bestand_veld, hash_veld).first()
    if not rij or not rij[bestand_veld]:
        return False
    setattr(obj, bestand_veld, rij[bestand_veld])
    setattr(obj, hash_veld, rij[hash_veld])
    return True


def bewaar_eenmalig(obj, *, bestand_veld: str, hash_veld: str, naam: str, maak, vers: bool = False) -> bool:
    """Render (``maak()`` returns PDF bytes) and store a generated PDF with its SHA-256 once. Only these two
    fields are written, and only while empty; when another worker was first, its file is kept, so the
    stored hash always matches the stored file. True if this call stored it.

    ``vers``: ``obj`` was just read from the database, so it is not read again before rendering (the conditional
    update below still keeps whatever another worker stored meanwhile)."""
    if getattr(obj, bestand_veld) or (not vers and _neem_opgeslagen_over(obj, bestand_veld, hash_veld)):
        return False
    pdf = maak()
    bestand = getattr(obj, bestand_veld)
    bestand.save(naam, ContentFile(pdf), save=False)
    sha256 = hashlib.sha256(pdf).hexdigest()
    if type(obj).objects.filter(pk=obj.pk, **{bestand_veld: ""}).update(
            **{bestand_veld: bestand.name, hash_veld: sha256}):
        setattr(obj, hash_veld, sha256)
        return True
    bestand.storage.delete(bestand.name)
    _neem_opgeslagen_over(obj, bestand_veld, hash_veld)
    return False


def bewaar_ontvangstbevestiging(indiening: Indiening) -> None:
    """Render and store the receipt once; a second call (or a second worker) leaves the first in place."""
    bewaar_eenmalig(indiening, bestand_veld="ontvangstbewijs", hash_veld="ontvangstbewijs_sha256",
                    naam=f"{indiening.inschrijving_id}-{indiening.volgnummer}.pdf",
                    maak=lambda: ontvangstbevestiging(indiening)[1])


def verstuur_ontvangstbevestiging(indiening: Indiening) -> list[Bericht]:
    """E-mail the stored receipt to every active user of the zorgaanbieder (one Bericht each)."""
    bewaar_ontvangstbevestiging(indiening)
    inschrijving = indiening.snapshot["inschrijving"]
    ontvangen_op = nederlandse_tijd(indiening.ingediend_op)
    onderwerp = f"Ontvangstbevestiging inschrijving {inschrijving['ronde']} – {inschrijving['zorgkantoor']}"
    tekst = (
        "Geachte heer/mevrouw,\n\n"
        f"Uw inschrijving voor {inschrijving['ronde']} bij {inschrijving['zorgkantoor']} is ontvangen op "
        f"{ontvangen_op}.\n\n"
        f"Volgnummer van de indiening: {indiening.volgnummer}\n"
        f"SHA-256 van de ingediende inhoud: {indiening.sha256}\n\n"
        "In de bijlage vindt u de ontvangstbevestiging (pdf) met alle ingediende onderdelen en documenten. "
        "U kunt de ontvangstbevestiging later ook downloaden in het portaal, bij uw inschrijving.\n\n"
        "Dit bericht is automatisch verzonden door het Wlz inschrijvingsportaal.\n"
    )
    ontvangers = indiening.inschrijving.zorgaanbieder.gebruikers.filter(is_active=True).order_by("pk")
    return berichten.verstuur(aan=ontvangers, onderwerp=onderwerp[:250], tekst=tekst,
                              # The attachment is the stored file itself (referred to, not copied), byte for
                              # byte what the portal offers for download.
                              bijlage=(f"ontvangstbevestiging-{indiening.volgnummer}.pdf", indiening.ontvangstbewijs),
                              inschrijving=indiening.inschrijving)
