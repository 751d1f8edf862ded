"""The facts a rule needs, read from a document's pages by the extractor of its type (``extractors.json``).

Each fact carries the page it was found on and the snippet it came from, so a person sees the evidence beside the
rule. Nothing here decides: a fact that is not found is simply absent, and the evaluator says "handmatig"."""

import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from lezen.tekst import Pagina

MAANDEN = {"januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4, "mei": 5,
           "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
           "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
_MAAND = "|".join(sorted(MAANDEN, key=len, reverse=True))
DATUM = (r"(?:\d{1,2}\s?[-./]\s?\d{1,2}\s?[-./]\s?\d{4}|"
         rf"\d{{1,2}}\s+(?:{_MAAND})\.?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})")
TIJD = r"\d{1,2}[.:]\d{2}(?:\s*uur)?"
BEDRAG = (r"(?:€|eur(?:o)?)\s*\d[\d.]*(?:,\d{1,2}|,-)?(?:\s*(?:miljoen|mln\.?))?"
          r"|\d[\d.]*(?:,\d{1,2})?\s*(?:miljoen|mln\.?)")

#: Section headings of the KvK uittreksel under which functionarissen are listed, and the role each stands for.
FUNCTIE_KOPPEN = [
    (r"toezichthouders?|commissarissen|commissaris|raad\s+van\s+(?:toezicht|commissarissen)", "toezichthouder"),
    (r"gevolmachtigden?|gevolmachtigde\s*\(n\)", "gevolmachtigde"),
    (r"bestuurders?|functionaris(?:sen)?|bestuur|aansprakelijke\s+vennoten?|vennoten|directie", "bestuurder"),
]
ANDERE_KOPPEN = (r"rechtspersoon|onderneming|vestigingen?|activiteiten|overige\s+gegevens|waarmerk|einde|"
                 r"buitenlandse\s+rechtspersoon|aandeelhouders?|enig\s+aandeelhouder|deponering.*|"
                 r"uiteindelijk\s+belanghebbenden?")
TITELS = {"dhr", "mevr", "mw", "mevrouw", "de heer", "heer", "drs", "dr", "mr", "ir", "ing", "prof", "bc", "msc", "ma",
          "mba", "ra", "bsc"}
TUSSENVOEGSELS = {"de", "der", "den", "van", "het", "t", "ten", "ter", "te", "in", "op", "la", "le", "du", "da", "von",
                  "zu", "vd", "v"}


@dataclass(frozen=True)
class Feit:
    waarde: object  # JSON-ready: str (dates ISO), a list, or a dict
    pagina: int
    fragment: str

    def als_dict(self) -> dict:
        return asdict(self)


@cache
def extractors() -> dict:
    data = json.loads((Path(__file__).with_name("extractors.json")).read_text(encoding="utf-8"))
    return {code: spec for code, spec in data.items() if not code.startswith("_")}


def heeft_extractor(code: str) -> bool:
    return code in extractors()


#: The domain's own words as OCR misreads them (an l read as i or 1): put right before the patterns look.
OCR_CORRECTIES = [(re.compile(r"\bW[iI1|]z\b"), "Wlz"), (re.compile(r"\bWtz[lI1|]\b"), "Wtzi"),
                  (re.compile(r"\bKVK\b"), "KvK")]


def _schoon(tekst: str) -> str:
    """Text as the patterns expect it: one kind of dash and quote, no non-breaking spaces, spaces collapsed per
    line (OCR and PDF text layers differ in exactly these), the domain's words as OCR misreads them put right."""
    tekst = unicodedata.normalize("NFKC", tekst)
    tekst = re.sub(r"[‐‑‒–—―]", "-", tekst).replace("’", "'").replace("‘", "'")
    for fout, goed in OCR_CORRECTIES:
        tekst = fout.sub(goed, tekst)
    return "\n".join(" ".join(regel.split()) for regel in tekst.splitlines())


def _patroon(bron: str) -> re.Pattern:
    return re.compile(bron.replace("DATUM", DATUM).replace("TIJD", TIJD).replace("BEDRAG", BEDRAG),
                      re.IGNORECASE | re.MULTILINE)


def datum_van(tekst: str) -> date | None:
    tekst = tekst.strip().lower().rstrip(".")
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", tekst):
        j, mnd, d = map(int, m.groups())
    elif m := re.fullmatch(r"(\d{1,2})\s?[-./]\s?(\d{1,2})\s?[-./]\s?(\d{4})", tekst):
        d, mnd, j = map(int, m.groups())
    elif m := re.fullmatch(rf"(\d{{1,2}})\s+({_MAAND})\.?\s+(\d{{4}})", tekst):
        d, mnd, j = int(m[1]), MAANDEN[m[2]], int(m[3])
    else:
        return None
    try:
        return date(j, mnd, d)
    except ValueError:
        return None


def bedrag_van(tekst: str) -> Decimal | None:
    """'€ 2.500.000,-', 'EUR 2.500.000,00', '€2,5 miljoen', '2.500.000' → Decimal (Dutch notation: a point groups
    thousands, a comma starts the cents)."""
    t = tekst.lower().replace("euro", "").replace("eur", "").replace("€", "").replace(" ", "")
    miljoen = bool(re.search(r"miljoen|mln", t))
    t = re.sub(r"miljoen|mln\.?", "", t).replace(",-", "")
    t = t.replace(".", "").replace(",", ".")
    try:
        waarde = Decimal(t)
    except InvalidOperation:
        return None
    return waarde * 1_000_000 if miljoen else waarde


def _fragment(tekst: str, begin: int, eind: int) -> str:
    """The line(s) the match stands on, at most 200 characters."""
    links = tekst.rfind("\n", 0, begin) + 1
    rechts = tekst.find("\n", eind)
    return tekst[links:rechts if rechts != -1 else len(tekst)].strip()[:200]


def _eerste(spec: dict, paginas: list[tuple[int, str]]):
    for patroon in spec.get("patronen", []):
        p = _patroon(patroon)
        for nummer, tekst in paginas:
            for m in p.finditer(tekst):
                yield nummer, tekst, m


def _waarde(soort: str, m: re.Match):
    ruw = m.group(1).strip()
    if soort == "kvk":
        return re.sub(r"\D", "", ruw) if len(re.sub(r"\D", "", ruw)) == 8 else None
    if soort == "naam":
        # A name ends where the next column or remark starts (two spaces in a text layer, or a parenthesis). Its own
        # full stops stay: "B.V." and "U.A." are part of a legal entity's name.
        naam = re.split(r"\s{2,}|\s\(", ruw)[0].strip(" :;,")
        return naam or None
    if soort == "tekst":
        return ruw.strip(" .:;") or None
    if soort in ("datum", "datumtijd"):
        dag = datum_van(ruw)
        if dag is None:
            return None
        if soort == "datumtijd" and m.lastindex and m.lastindex >= 2 and m.group(2):
            uur, minuut = re.findall(r"\d+", m.group(2))[:2]
            if int(uur) < 24 and int(minuut) < 60:
                return f"{dag.isoformat()}T{int(uur):02d}:{int(minuut):02d}"
        return dag.isoformat()
    if soort == "bedrag":
        bedrag = bedrag_van(ruw)
        return str(bedrag.quantize(Decimal("0.01"))) if bedrag is not None and bedrag > 0 else None
    raise ValueError(f"onbekende soort {soort}")


def _klasse(spec: dict, paginas: list[tuple[int, str]]) -> Feit | None:
    for klasse, patroon in spec["klassen"]:
        p = re.compile(patroon, re.IGNORECASE)
        for nummer, tekst in paginas:
            if m := p.search(tekst):
                return Feit(klasse, nummer, _fragment(tekst, m.start(), m.end()))
    return None


def _lijst(spec: dict, paginas: list[tuple[int, str]]) -> Feit | None:
    gevonden, eerste = [], None
    for optie in spec["opties"]:
        p = re.compile(r"\b" + r"\s+".join(map(re.escape, optie.split())) + r"\b", re.IGNORECASE)
        for nummer, tekst in paginas:
            if m := p.search(tekst):
                gevonden.append(optie)
                eerste = eerste or (nummer, _fragment(tekst, m.start(), m.end()))
                break
    return Feit(gevonden, eerste[0], eerste[1]) if gevonden else None


def _bevoegdheid(tekst: str) -> str:
    t = tekst.lower()
    if "gezamenlijk" in t:
        return "gezamenlijk"
    if "alleen" in t or "zelfstandig" in t or "onbeperkt" in t or "volledig" in t:
        return "zelfstandig"
    if "beperkt" in t:
        return "beperkt"
    return ""


def _functionarissen(paginas: list[tuple[int, str]]) -> Feit | None:
    """The functionarissen of a KvK uittreksel: blocks of "Naam", "Titel"/"Functie" and "Bevoegdheid" lines under a
    heading that says what they are (Bestuurder(s), Functionarissen, Toezichthouder(s), Commissaris(sen),
    Gevolmachtigde(n)). Each: naam, rol (bestuurder, toezichthouder, gevolmachtigde), titel, bevoegdheid
    (zelfstandig, gezamenlijk, beperkt or empty)."""
    koppen = [(re.compile(rf"^(?:{k})\s*:?$", re.IGNORECASE), rol) for k, rol in FUNCTIE_KOPPEN]
    anders = re.compile(rf"^(?:{ANDERE_KOPPEN})\s*:?$", re.IGNORECASE)
    naam_re = re.compile(r"^(?:naam|achternaam\s+en\s+voornamen)\s*:?\s+(.+)$", re.IGNORECASE)
    veld_re = re.compile(r"^(titel|functie|bevoegdheid)\s*:?\s+(.+)$", re.IGNORECASE)
    personen, rol, huidig, eerste = [], None, None, None
    for nummer, tekst in paginas:
        for regel in tekst.splitlines():
            regel = regel.strip()
            if not regel:
                continue
            kop = next((r for p, r in koppen if p.match(regel)), None)
            if kop:
                rol, huidig = kop, None
                continue
            if anders.match(regel):
                rol, huidig = None, None
                continue
            if rol is None:
                continue
            if m := naam_re.match(regel):
                huidig = {"naam": re.split(r"\s{2,}", m[1])[0].strip(" .:;"), "rol": rol, "titel": "",
                          "bevoegdheid": "", "pagina": nummer}
                personen.append(huidig)
                eerste = eerste or (nummer, regel)
            elif huidig and (m := veld_re.match(regel)):
                veld, waarde = m[1].lower(), m[2].strip()
                if veld == "bevoegdheid":
                    huidig["bevoegdheid"] = _bevoegdheid(waarde)
                else:
                    huidig["titel"] = waarde
                    if re.search(r"toezicht|commissaris", waarde, re.IGNORECASE):
                        huidig["rol"] = "toezichthouder"
                    elif re.search(r"gevolmachtigd", waarde, re.IGNORECASE):
                        huidig["rol"] = "gevolmachtigde"
    if not personen:
        return None
    return Feit(personen, eerste[0], eerste[1][:200])


def _patroonfeit(spec: dict, paginas: list[tuple[int, str]]) -> Feit | None:
    """The first match of the first pattern that yields a value; a match on (or just under) a line the spec excludes
    (``niet_op_regel``: the eigen risico under its heading) does not count."""
    uitgesloten = [re.compile(p, re.IGNORECASE) for p in spec.get("niet_op_regel", [])]
    for nummer, tekst, m in _eerste(spec, paginas):
        fragment = _fragment(tekst, m.start(), m.end())
        vorige = tekst[:tekst.rfind("\n", 0, m.start()) + 1].rstrip("\n").rsplit("\n", 1)[-1]
        if any(u.search(fragment) or u.fullmatch(vorige.strip()) for u in uitgesloten):
            continue
        if (waarde := _waarde(spec["soort"], m)) is not None:
            return Feit(waarde, nummer, fragment)
    return None


def herkend(code: str, paginas: list[Pagina]) -> bool | None:
    """Whether the text looks like this type of document (every recognition pattern, or at least one? — at least
    one: register extracts do not always print "Kamer van Koophandel"); ``None`` without text or extractor."""
    spec = extractors().get(code)
    tekst = "\n".join(_schoon(p.tekst) for p in paginas)
    if spec is None or not tekst.strip():
        return None
    return any(re.search(p, tekst, re.IGNORECASE) for p in spec["herkenning"])


def lees_feiten(code: str, paginas: list[Pagina]) -> dict[str, Feit]:
    """The facts of document type ``code`` found on these pages (an empty dict when the type has no extractor)."""
    spec = extractors().get(code)
    if spec is None:
        return {}
    schoon = [(p.nummer, _schoon(p.tekst)) for p in paginas if p.tekst.strip()]
    uit: dict[str, Feit] = {}
    for feit in spec["feiten"]:
        soort = feit["soort"]
        if soort == "functionarissen":
            gevonden = _functionarissen(schoon)
        elif soort == "klasse":
            gevonden = _klasse(feit, schoon)
        elif soort == "lijst":
            gevonden = _lijst(feit, schoon)
        else:
            gevonden = _patroonfeit(feit, schoon)
        if gevonden is not None:
            uit[feit["naam"]] = gevonden
    return uit


def naam_past(ondertekenaar: str, functionaris: str) -> bool:
    """Whether a typed signer ("P.H. de Vries", "drs. Pieter de Vries") is this functionaris of the uittreksel
    ("Vries, Pieter Hendrik de"): the surname's own words all there, and the first initial the same where the
    signer gave one."""
    def woorden(tekst: str) -> list[str]:
        t = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode().casefold()
        return [w for w in re.split(r"[^a-z]+", t.replace(".", ". ")) if w]

    if "," in functionaris:
        achter, voor = functionaris.split(",", 1)
    else:
        delen = functionaris.split()
        achter, voor = (delen[-1], " ".join(delen[:-1])) if delen else ("", "")
    achternaam = [w for w in woorden(achter) if w not in TUSSENVOEGSELS]
    voornamen = [w for w in woorden(voor) if w not in TUSSENVOEGSELS]
    getypt = [w for w in woorden(ondertekenaar) if w not in TITELS and w not in TUSSENVOEGSELS]
    if not achternaam or not all(w in getypt for w in achternaam):
        return False
    rest = [w for w in getypt if w not in achternaam]
    return not rest or not voornamen or rest[0][0] == voornamen[0][0]
