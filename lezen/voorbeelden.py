"""Documents in the layouts their issuers use, with known facts: the KvK's uittreksel Handelsregister and UBO
uittreksel, Justis' VOG rechtspersonen, an insurer's polisblad and the CIBG's Wtzi-toelating — as text PDFs and as
image-only scans of the same pages. Used by the demo (an aanbieder whose documents contradict its declaration),
the tests (``tests/lezen``) and the benchmark (``bench/lezen.py``), so all three read the same kind of document.

The layouts follow the published documents: label and value in two columns, the sections the KvK prints
(Rechtspersoon, Onderneming, Vestiging, Bestuurders, Toezichthouders), its closing line "Uittreksel is vervaardigd
op dd-mm-jjjj om uu.mm uur"; Justis' "Den Haag, 12 mei 2021"; an insurer's "€ 2.500.000 per aanspraak"."""

import io
import random
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path

MAANDNAMEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december"]
FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"


@dataclass(frozen=True)
class Persoon:
    naam: str  # as the KvK prints it: "Achternaam, Voornamen tussenvoegsel"
    titel: str
    bevoegdheid: str = ""  # as printed: "Alleen/zelfstandig bevoegd", "Gezamenlijk bevoegd (met andere bestuurder(s))"
    geboortedatum: date = date(1970, 3, 14)
    in_functie: date = date(2018, 1, 1)


@dataclass(frozen=True)
class Gegevens:
    statutaire_naam: str = "Stichting Zorg Dichtbij"
    kvk_nummer: str = "41234567"
    rechtsvorm: str = "Stichting"
    plaats: str = "Amsterdam"
    adres: str = "Zorgstraat 1, 1011AB Amsterdam"
    datum: date = date(2021, 6, 15)
    tijd: str = "10.42"
    bestuurders: tuple = (Persoon("Bestuur, Bea", "Voorzitter raad van bestuur", "Alleen/zelfstandig bevoegd"),)
    toezichthouders: tuple = (Persoon("Toezicht, Theo", "Voorzitter raad van toezicht"),
                              Persoon("Uitzicht, Ursula", "Lid raad van toezicht"))
    verzekeringnemer: str = ""  # empty: the statutaire naam
    bedrag: Decimal = Decimal("2500000")
    ingangsdatum: date = date(2021, 1, 1)
    vog_soort: str = "rp"  # rp, np, gva
    doel: str = "Inschrijving inkoopprocedure Wlz-zorg 2022 bij het zorgkantoor"
    functies: tuple = ("persoonlijke verzorging", "verpleging", "begeleiding", "verblijf")
    extra_paginas: int = 0  # pages of conditions after the facts (a 10-page scan)
    variant: int = 0  # 0 or 1: two layouts per issuer (the older KvK layout, another insurer)
    zaad: int = field(default=0, compare=False)


def _d(dag: date) -> str:
    return dag.strftime("%d-%m-%Y")


def _lang(dag: date) -> str:
    return f"{dag.day} {MAANDNAMEN[dag.month - 1]} {dag.year}"


def _euro(bedrag: Decimal) -> str:
    return "€ " + f"{int(bedrag):,}".replace(",", ".")


CSS = f"""
@font-face {{ font-family: Doc; src: url("{(FONTS / 'DejaVuSans.ttf').as_uri()}"); }}
@font-face {{ font-family: Doc; font-weight: bold; src: url("{(FONTS / 'DejaVuSans-Bold.ttf').as_uri()}"); }}
@page {{ size: A4; margin: 20mm 18mm; }}
body {{ font-family: Doc; font-size: 10pt; line-height: 1.35; }}
h1 {{ font-size: 15pt; margin: 0 0 2mm; }} h2 {{ font-size: 11pt; margin: 6mm 0 1mm; }}
table {{ border-collapse: collapse; width: 100%; }} td {{ padding: 0.6mm 0; vertical-align: top; }}
td.l {{ width: 55mm; }} .klein {{ font-size: 8pt; color: #333; }} .breuk {{ page-break-before: always; }}
"""


def _rijen(rijen) -> str:
    return "<table>" + "".join(f"<tr><td class='l'>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in rijen
                               if b is not None) + "</table>"


def _voorwaarden(g: Gegevens, titel: str) -> str:
    rnd = random.Random(g.zaad)
    zinnen = ("de verzekerde heeft recht op dekking voor schade aan personen en zaken die is ontstaan tijdens de "
              "looptijd van deze overeenkomst met inachtneming van de bepalingen in deze voorwaarden en de "
              "uitsluitingen zoals vermeld in artikel")
    woorden = zinnen.split(" ")
    uit = []
    for n in range(g.extra_paginas):
        alineas = []
        for a in range(6):  # one page each
            zin = " ".join(rnd.choice(woorden) for _ in range(50))
            alineas.append(f"<p><b>Artikel {n * 6 + a + 1}</b> {zin.capitalize()}.</p>")
        uit.append(f"<div class='breuk'><h2>{escape(titel)} – vervolg</h2>{''.join(alineas)}</div>")
    return "".join(uit)


def kvk_uittreksel(g: Gegevens) -> str:
    personen = "".join(
        f"<h2>{kop}</h2>" + "".join(_rijen([("Naam", p.naam), ("Geboortedatum", _d(p.geboortedatum)),
                                            ("Datum in functie", _d(p.in_functie)), ("Titel", p.titel),
                                            ("Bevoegdheid", p.bevoegdheid or None)]) + "<br>" for p in lijst)
        for kop, lijst in (("Bestuurders", g.bestuurders), ("Toezichthouders", g.toezichthouders)) if lijst)
    if g.variant:
        # The older layout: one heading per person ("Bestuurder", "Commissaris"), the date line at the top.
        personen = "".join(f"<h2>{'Bestuurder' if p in g.bestuurders else 'Commissaris'}</h2>" + _rijen(
            [("Naam", p.naam), ("Geboortedatum", _d(p.geboortedatum)), ("Datum in functie", _d(p.in_functie)),
             ("Titel", p.titel), ("Bevoegdheid", p.bevoegdheid or None)]) for p in g.bestuurders + g.toezichthouders)
    kop = (f"<p class='klein'>Uittreksel is vervaardigd op {_d(g.datum)} om {g.tijd} uur.</p>" if g.variant else "")
    voet = "" if g.variant else f"<p>Uittreksel is vervaardigd op {_d(g.datum)} om {g.tijd} uur.</p>"
    return f"""<h1>Uittreksel Handelsregister<br>Kamer van Koophandel</h1>{kop}
    {_rijen([("KvK-nummer", g.kvk_nummer), ("Pagina", "1 (van 1)")])}
    <p class='klein'>De onderneming / rechtspersoon staat ingeschreven in het Handelsregister.</p>
    <h2>Rechtspersoon</h2>{_rijen([("RSIN", "8" + g.kvk_nummer), ("Rechtsvorm", g.rechtsvorm),
                                   ("Statutaire naam", g.statutaire_naam), ("Statutaire zetel", g.plaats),
                                   ("Eerste inschrijving handelsregister", "12-03-2009"),
                                   ("Datum akte van oprichting", "10-03-2009")])}
    <h2>Onderneming</h2>{_rijen([("Handelsnamen", g.statutaire_naam.replace("Stichting ", "")),
                                 ("Startdatum onderneming", "10-03-2009"),
                                 ("Activiteiten", "SBI-code: 87301 - Verpleeghuizen"),
                                 ("Werkzame personen", "42")])}
    <h2>Vestiging</h2>{_rijen([("Vestigingsnummer", "0000" + g.kvk_nummer), ("Bezoekadres", g.adres),
                               ("Werkzame personen", "42")])}
    {personen}{voet}
    <p class='klein'>Waarmerk: dit uittreksel is gewaarmerkt met een elektronische handtekening en is een officieel
    bewijs van inschrijving in het Handelsregister.</p>{_voorwaarden(g, "Uittreksel")}"""


def ubo_uittreksel(g: Gegevens) -> str:
    return f"""<h1>Uittreksel Register van uiteindelijk belanghebbenden</h1>
    <p class='klein'>Kamer van Koophandel – UBO-register</p>
    {_rijen([("KvK-nummer", g.kvk_nummer), ("Statutaire naam", g.statutaire_naam), ("Rechtsvorm", g.rechtsvorm)])}
    <h2>Uiteindelijk belanghebbende(n)</h2>
    {_rijen([("Naam", g.bestuurders[0].naam), ("Geboortemaand en -jaar", "maart 1970"),
             ("Nationaliteit", "Nederlandse"), ("Woonstaat", "Nederland"),
             ("Aard en omvang van het economisch belang", "Hoger leidinggevend personeel (pseudo-UBO)")])}
    <p>Uittreksel is vervaardigd op {_d(g.datum)} om {g.tijd} uur.</p>{_voorwaarden(g, "Uittreksel UBO")}"""


def vog(g: Gegevens) -> str:
    if g.vog_soort == "gva":
        titel, over = "Gedragsverklaring aanbesteden", "de hieronder genoemde onderneming"
    elif g.vog_soort == "np":
        titel, over = "Verklaring Omtrent het Gedrag", "de hieronder genoemde natuurlijke persoon"
    else:
        titel, over = "Verklaring Omtrent het Gedrag rechtspersonen", "de hieronder genoemde rechtspersoon"
    gegevens = ([("Achternaam", "Bestuur"), ("Voornamen", "Bea"), ("Geboortedatum", "14-03-1970")]
                if g.vog_soort == "np" else
                [("Statutaire naam", g.statutaire_naam), ("KvK-nummer", g.kvk_nummer), ("Vestigingsadres", g.adres)])
    return f"""<p class='klein'>Ministerie van Justitie en Veiligheid<br>Justis – Dienst Justis<br>Postbus 20300,
    2500 EH Den Haag</p><h1>{titel}</h1>
    <p>De Minister voor Rechtsbescherming verklaart dat uit een onderzoek naar het gedrag van {over}, de
    bestuurders en de vennoten niet is gebleken van bezwaren tegen de afgifte van deze verklaring met het oog op het
    doel waarvoor zij is aangevraagd.</p>
    <h2>Gegevens</h2>{_rijen(gegevens)}
    <h2>Doel van de aanvraag</h2>{_rijen([("Doel", g.doel)])}
    <p>Den Haag, {_lang(g.datum)}</p><p>Namens de Minister voor Rechtsbescherming,<br>het hoofd van Justis</p>
    {_voorwaarden(g, "Toelichting")}"""


def polisblad(g: Gegevens) -> str:
    nemer = g.verzekeringnemer or g.statutaire_naam
    if g.variant:
        dekking = (f"<h2>Dekking</h2><p>Verzekerde som per aanspraak: {_euro(g.bedrag)},-<br>Maximaal per "
                   f"verzekeringsjaar: {_euro(g.bedrag * 2)},-</p>")
        kop = "<p class='klein'>Achmea Schadeverzekeringen N.V. – Centraal Beheer</p><h1>Polisblad</h1>"
    else:
        bedragen = _rijen([("Aansprakelijkheid", _euro(g.bedrag) + " per gebeurtenis"),
                           ("Per verzekeringsjaar", _euro(g.bedrag * 2))])
        dekking = "<h2>Verzekerde bedragen</h2>" + bedragen
        kop = ("<p class='klein'>Nationale-Nederlanden Schadeverzekering Maatschappij N.V.</p>"
               "<h1>Polisblad Aansprakelijkheidsverzekering Bedrijven</h1>")
    return f"""{kop}
    {_rijen([("Polisnummer", "AVB-" + g.kvk_nummer[:6]), ("Verzekeringnemer", nemer), ("Adres", g.adres),
             ("Ingangsdatum", _d(g.ingangsdatum)),
             ("Contractvervaldatum", _d(g.ingangsdatum.replace(year=g.ingangsdatum.year + 1))),
             ("Hoedanigheid", "Zorginstelling – verpleging en verzorging")])}
    {dekking}
    <h2>Eigen risico</h2><p>€ 1.000 per aanspraak voor zaakschade.</p>
    <p>Datum polisblad: {_d(g.datum)}</p>{_voorwaarden(g, "Polisvoorwaarden")}"""


def wtzi_toelating(g: Gegevens) -> str:
    return f"""<p class='klein'>Ministerie van Volksgezondheid, Welzijn en Sport<br>CIBG – Toelating
    zorginstellingen</p>
    {_rijen([("Datum", _lang(g.datum)), ("Betreft", "Besluit toelating Wtzi")])}
    <h1>Toelating op grond van de Wet toelating zorginstellingen</h1>
    <p>Op grond van artikel 5 van de Wet toelating zorginstellingen (Wtzi) wordt toelating verleend aan
    {escape(g.statutaire_naam)}, gevestigd te {escape(g.plaats)}.</p>
    {_rijen([("Naam instelling", g.statutaire_naam), ("KvK-nummer", g.kvk_nummer), ("Vestigingsplaats", g.plaats)])}
    <p>De toelating geldt voor het verlenen van zorg als bedoeld in de Wet langdurige zorg, te weten:
    {escape(", ".join(g.functies))}.</p><p>De minister van Volksgezondheid, Welzijn en Sport,<br>namens deze,</p>
    {_voorwaarden(g, "Toelichting")}"""


MAKERS = {"kvk_uittreksel": kvk_uittreksel, "ubo_uittreksel": ubo_uittreksel, "vog_rp": vog,
          "polisblad": polisblad, "wtzi_toelating": wtzi_toelating}


def verwacht(code: str, g: Gegevens) -> dict:
    """The facts the extractor of ``code`` should find in the document made from ``g`` (as it stores them)."""
    dag = g.datum.isoformat()
    uur, minuut = g.tijd.split(".")
    uur = f"{int(uur):02d}:{minuut}"
    if code == "kvk_uittreksel":
        return {"kvk_nummer": g.kvk_nummer, "statutaire_naam": g.statutaire_naam, "rechtsvorm": g.rechtsvorm,
                "datum": f"{dag}T{uur}",
                "functionarissen": sorted([p.naam for p in g.bestuurders + g.toezichthouders])}
    if code == "ubo_uittreksel":
        return {"kvk_nummer": g.kvk_nummer, "statutaire_naam": g.statutaire_naam, "datum": f"{dag}T{uur}"}
    if code == "vog_rp":
        uit = {"vog_soort": g.vog_soort, "doel": g.doel, "datum": dag}
        if g.vog_soort != "np":
            uit.update(statutaire_naam=g.statutaire_naam, kvk_nummer=g.kvk_nummer)
        return uit
    if code == "polisblad":
        return {"verzekeringnemer": g.verzekeringnemer or g.statutaire_naam,
                "verzekerd_bedrag": str(g.bedrag.quantize(Decimal("0.01"))),
                "ingangsdatum": g.ingangsdatum.isoformat(), "datum": dag}
    if code == "wtzi_toelating":
        return {"statutaire_naam": g.statutaire_naam, "kvk_nummer": g.kvk_nummer, "functies": list(g.functies),
                "datum": dag}
    raise KeyError(code)


def tekst_pdf(code: str, g: Gegevens) -> bytes:
    from weasyprint import HTML  # slow to import; only when documents are made

    html = f"<!doctype html><html lang='nl'><head><style>{CSS}</style></head><body>{MAKERS[code](g)}</body></html>"
    return HTML(string=html).write_pdf()


def als_scan(pdf: bytes, *, dpi: int = 200, zaad: int = 0) -> bytes:
    """The same pages as a scanner makes them: grey images at ``dpi``, slightly rotated, with noise, and no text
    layer."""
    from PIL import Image, ImageFilter

    rnd = random.Random(zaad)
    with tempfile.TemporaryDirectory(prefix="wlz-scan-") as map_:
        bron = Path(map_) / "in.pdf"
        bron.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(bron), str(Path(map_) / "p")],  # noqa: S603, S607
                       check=True, capture_output=True)
        beelden = []
        for pad in sorted(Path(map_).glob("p*.png")):
            with Image.open(pad) as beeld:
                grijs = beeld.convert("L").rotate(rnd.uniform(-0.6, 0.6), expand=False, fillcolor=255,
                                                  resample=Image.Resampling.BILINEAR)
                ruis = Image.effect_noise(grijs.size, 18)
                grijs = Image.blend(grijs, ruis, 0.08).filter(ImageFilter.GaussianBlur(0.4))
                beelden.append(grijs)
    uit = io.BytesIO()
    beelden[0].save(uit, format="PDF", save_all=True, append_images=beelden[1:], resolution=dpi)
    return uit.getvalue()
