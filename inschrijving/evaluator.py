"""The one evaluator of the inkoopkader rules.

It reads a dossier (``inschrijving.dossier``: the live inschrijving before submission, or the frozen
snapshot after it) and returns findings: every rule with its outcome, a Dutch explanation naming the
rule and its source, and the evidence it rests on. The voorcontrole shows these findings to the
aanbieder before the sluitingstijd; the beoordeling records the same findings after closing. There is
no second copy of any rule.
"""

import unicodedata
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta

from inschrijving.krachten import GESPREK, KRACHT_LABELS, OORDEEL, SIGNAAL, UITSLUITING, kracht_van
from inschrijving.verklaringen import GESCHIKTHEIDSEISEN, INSTEMMINGEN, UITSLUITINGSGRONDEN, WIE, is_verplicht
from wlzportal.datums import datum as _d

VOLLEDIGHEID = "volledigheid"
CONTROLE = "controle"

VOLDOET = "voldoet"
VOLDOET_NIET = "voldoet_niet"
HANDMATIG = "handmatig"
INREGELTIJD = "inregeltijd"
# Not met, but a rule whose force is signaal or gesprek: weighed by the zorgkantoor, never deciding by itself.
GEWOGEN = "signaal"

UITKOMST_LABELS = {VOLDOET: "Voldoet", VOLDOET_NIET: "Voldoet niet", HANDMATIG: "Handmatig te beoordelen",
                   INREGELTIJD: "Mag later (inregeltijd)", GEWOGEN: "Signaal: het zorgkantoor weegt dit"}

BRON_KADER = "Inkoopkader Wlz"


@dataclass(frozen=True)
class Bevinding:
    regel: str  # stable code, e.g. "document.vog_rp.leeftijd"
    stap: str  # VOLLEDIGHEID or CONTROLE
    uitkomst: str
    titel: str
    toelichting: str
    bron: str
    onderdeel: str  # where the aanbieder fixes it: "verklaring", "ondernemingsplan", "document:<code>"
    bewijs: dict = field(default_factory=dict)
    kracht: str = UITSLUITING  # inschrijving.krachten: what follows when the rule is not met

    @property
    def blokkerend(self) -> bool:
        return self.uitkomst == VOLDOET_NIET

    @property
    def uitkomst_label(self) -> str:
        return UITKOMST_LABELS[self.uitkomst]

    @property
    def kracht_label(self) -> str:
        return KRACHT_LABELS[self.kracht]

    def als_dict(self) -> dict:
        return asdict(self)


def bewijs_van(doc: dict | None) -> dict:
    """The evidence a finding names for a document of the dossier: which version, with its hash."""
    return {"document_id": doc["id"], "versie": doc["versie"], "sha256": doc["sha256"]} if doc else {}


def _datum(waarde: str | None) -> date | None:
    return date.fromisoformat(waarde) if waarde else None


def _getal(waarde) -> Decimal | None:
    if waarde in (None, ""):
        return None
    try:
        return Decimal(str(waarde))
    except InvalidOperation:
        return None


def _naam(tekst: str) -> str:
    """Compare legal-entity names loosely: case, accents, punctuation and spacing do not matter."""
    zonder = unicodedata.normalize("NFKD", tekst or "").encode("ascii", "ignore").decode()
    return " ".join("".join(c if c.isalnum() else " " for c in zonder.casefold()).split())


def _bedrag(waarde: Decimal) -> str:
    heel = f"{waarde:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"EUR {heel}"


def _zin(tekst: str) -> str:
    """A sentence: the first letter a capital, the rest as written (so "VOG RP" stays "VOG RP"), a full stop."""
    return tekst[:1].upper() + tekst[1:] + "."




class _Verzamelaar:
    def __init__(self, bron: str):
        self.bevindingen: list[Bevinding] = []
        self.bron = bron

    def voeg(self, regel, stap, uitkomst, titel, toelichting, onderdeel, bron=None, bewijs=None):
        self.bevindingen.append(Bevinding(regel, stap, uitkomst, titel, toelichting, bron or self.bron, onderdeel,
                                          bewijs or {}))


class _Peil(date):
    """The day the rules on "het moment van inschrijving" are measured at (002 §4.9: the KvK uittreksel "niet ouder
    dan zes maanden op het moment van inschrijving", the polis "op de datum van inschrijving" afgesloten), and
    whether it is that moment: the submission that counts (or now, in the voorcontrole). A dossier that does not
    carry it (made before it did) is measured at its sluitingstijd, as it was then, and says so."""

    moment_van_inschrijving = False

    @classmethod
    def van(cls, dag: date, moment_van_inschrijving: bool) -> "_Peil":
        peil = cls(dag.year, dag.month, dag.day)
        peil.moment_van_inschrijving = moment_van_inschrijving
        return peil


def _peiltekst(peil: _Peil) -> str:
    if peil.moment_van_inschrijving:
        return f"op het moment van inschrijving (gemeten op {_d(peil)})"
    return f"bij de sluiting op {_d(peil)}"


def evalueer(dossier: dict) -> list[Bevinding]:
    """Every rule of the dossier's rule set applied to the dossier, at its moment of inschrijving (``_Peil``) and
    against the start of its overeenkomst."""
    regels = dossier["regels"]
    kader = f"{BRON_KADER} ({regels.get('regelset') or 'geen regelset'})"
    v = _Verzamelaar(kader)
    gegevens = dossier["inschrijving"]
    # The moment of inschrijving: the dossier's own (inschrijving.dossier), else the submission's receipt time of a
    # snapshot made before the dossier carried it, else the sluitingstijd.
    moment = gegevens.get("moment_van_inschrijving") or (dossier.get("indiening") or {}).get("ontvangen_op")
    peil = _Peil.van(datetime.fromisoformat(moment or gegevens["sluiting"]).date(), bool(moment))
    # The start of the overeenkomst: the round's own (a tussentijdse round, 002 §4.7), else 1 January.
    contractstart = _datum(gegevens.get("contractstart")) or date(gegevens["contractjaar"], 1, 1)
    if not regels.get("verklaring"):
        v.voeg("regelset", VOLLEDIGHEID, VOLDOET_NIET, "Geen regels voor dit aanbiedertype",
               "De ronde heeft voor uw aanbiedertype geen eisen vastgelegd. Neem contact op met het zorgkantoor.",
               "verklaring")
        return v.bevindingen
    _verklaring(v, dossier, regels)
    _plan(v, dossier, regels)
    _documenten(v, dossier, regels, peil, contractstart)
    _zelfanalyse(v, dossier, regels)
    return met_krachten(v.bevindingen, regels)


def met_krachten(bevindingen: list[Bevinding], regels: dict) -> list[Bevinding]:
    """Each finding with the force its rule has in the rule set (the dossier's ``krachten``, or the defaults for a
    snapshot made before forces existed). A rule not met decides by itself only under ``uitsluiting``; under
    ``signaal`` or ``gesprek`` it is a signal for the zorgkantoor to weigh, under ``oordeel`` the zorginkoper
    judges it."""
    krachten = regels.get("krachten")
    uit = []
    for b in bevindingen:
        kracht = kracht_van(b.regel, krachten)
        uitkomst = b.uitkomst
        if uitkomst == VOLDOET_NIET and kracht in (SIGNAAL, GESPREK):
            uitkomst = GEWOGEN
        elif uitkomst == VOLDOET_NIET and kracht == OORDEEL:
            uitkomst = HANDMATIG
        uit.append(replace(b, kracht=kracht, uitkomst=uitkomst))
    return uit


def _verklaring(v: _Verzamelaar, dossier: dict, regels: dict) -> None:
    soort = regels["verklaring"]
    verklaring = dossier.get("verklaring")
    naam = "instemmingsverklaring" if soort == "instemming" else "bestuursverklaring"
    if not verklaring:
        v.voeg("verklaring.aanwezig", VOLLEDIGHEID, VOLDOET_NIET, f"De {naam} ontbreekt",
               f"Een inschrijving is pas volledig met een {naam} (§4.6, stap 1). Vul de {naam} in.",
               "verklaring", "002 §4.5, §4.6")
        return
    open_vragen = []
    voorwaarden = {d.get("voorwaarde") for d in regels.get("documenten", [])}
    if not verklaring.get("ondertekenaar_naam") or not verklaring.get("ondertekenaar_functie"):
        open_vragen.append("naam en functie van de ondertekenaar")
    if "volmacht" in voorwaarden and verklaring.get("bevoegdheid_uit_kvk") is None:
        open_vragen.append("of uw bevoegdheid als ondertekenaar uit het KvK-uittreksel blijkt")
    if soort == "instemming":
        open_vragen += [str(tekst) for code, tekst in INSTEMMINGEN if verklaring["instemmingen"].get(code) is None]
        open_vragen += _wijzigingen_vragen(verklaring)
        # Bijlage 1 (002 §4.1); a dossier made before it was asked does not carry the key.
        if "werkt_met_onderaannemers" in verklaring:
            open_vragen += _bijlage_onderaannemers(verklaring, "bijlage 1")
    else:
        for code, vraag, _artikel in UITSLUITINGSGRONDEN:
            antwoorden = verklaring["uitsluitingsgronden"].get(code) or {}
            if any(antwoorden.get(wie) is None for wie, _label in WIE):
                open_vragen.append(f"uitsluitingsgrond: {vraag}")
        open_vragen += [f"geschiktheidseis: {tekst}" for code, tekst in GESCHIKTHEIDSEISEN
                        if verklaring["geschiktheid"].get(code) is None]
        open_vragen += _bijlage_onderaannemers(verklaring, "bijlage 2")
        if verklaring.get("bijlage3_van_toepassing") and not (verklaring.get("bijlage3_zorgkantoren")
                                                                or verklaring.get("bijlage3_toelichting")):
            open_vragen.append("bijlage 3: de lijst met zorgkantoren")
        # 002 §4.5 punt 2: a bestaande zorgaanbieder (where its rules take gewijzigde documenten) reports changes.
        if "wijzigingen" in voorwaarden:
            open_vragen += _wijzigingen_vragen(verklaring)
    if open_vragen:
        v.voeg("verklaring.volledig", VOLLEDIGHEID, VOLDOET_NIET, f"De {naam} is niet volledig ingevuld",
               "Nog niet beantwoord: " + "; ".join(open_vragen) + ".", "verklaring", "002 §4.5, §4.6")
    else:
        v.voeg("verklaring.volledig", VOLLEDIGHEID, VOLDOET, f"De {naam} is volledig ingevuld",
               f"Alle vragen van de {naam} zijn beantwoord.", "verklaring", "002 §4.5, §4.6")

    if soort == "instemming" or "wijzigingen" in voorwaarden:
        _wijzigingen(v, dossier, verklaring)
    if soort == "instemming":
        niet = [str(tekst) for code, tekst in INSTEMMINGEN if verklaring["instemmingen"].get(code) is False]
        v.voeg("verklaring.instemming", CONTROLE, VOLDOET_NIET if niet else VOLDOET,
               "Instemming met de voorwaarden",
               ("Niet ingestemd met: " + "; ".join(niet) + ". Zonder instemming komt u niet in aanmerking."
                if niet else "U stemt in met alle vier de verklaringen van de instemmingsverklaring."),
               "verklaring", "002 §4.5 punt 1")
        _onderaanneming(v, verklaring, regels, "bijlage 1")
        return

    ja = {True: [], False: []}  # verplicht (art. 2.86) or facultatief (art. 2.87)
    for code, vraag, artikel in UITSLUITINGSGRONDEN:
        antwoorden = verklaring["uitsluitingsgronden"].get(code) or {}
        ja[is_verplicht(artikel)] += [f"{vraag} ({label}; {artikel})" for wie, label in WIE
                                      if antwoorden.get(wie) is True]
    v.voeg("verklaring.uitsluitingsgronden", CONTROLE, VOLDOET_NIET if ja[True] else VOLDOET,
           "Verplichte uitsluitingsgronden",
           ("Met 'ja' beantwoord: " + "; ".join(ja[True]) + ". Een inschrijving waarop een verplichte "
            "uitsluitingsgrond van toepassing is, wordt uitgesloten." if ja[True]
            else "Op geen enkele verplichte uitsluitingsgrond is 'ja' geantwoord."),
           "verklaring", "002 §4.6; Aanbestedingswet 2012 art. 2.86")
    v.voeg("verklaring.uitsluitingsgronden_facultatief", CONTROLE, VOLDOET_NIET if ja[False] else VOLDOET,
           "Facultatieve uitsluitingsgronden",
           ("Met 'ja' beantwoord: " + "; ".join(ja[False]) + ". Het zorgkantoor weegt of deze grond tot "
            "uitsluiting leidt." if ja[False] else "Op geen enkele facultatieve uitsluitingsgrond is 'ja' geantwoord."),
           "verklaring", "002 §4.6; Aanbestedingswet 2012 art. 2.87")
    niet = [str(tekst) for code, tekst in GESCHIKTHEIDSEISEN if verklaring["geschiktheid"].get(code) is False]
    v.voeg("verklaring.geschiktheid", CONTROLE, VOLDOET_NIET if niet else VOLDOET, "Geschiktheidseisen",
           ("Niet bevestigd: " + "; ".join(niet) + ". Wie niet aan een geschiktheidseis voldoet (ook niet "
            "gedurende de looptijd), wordt uitgesloten." if niet else "Alle geschiktheidseisen zijn bevestigd."),
           "verklaring", "002 §4.6")
    v.voeg("verklaring.akkoord", CONTROLE, VOLDOET if verklaring.get("akkoord_voorwaarden") else VOLDOET_NIET,
           "Akkoord met de voorwaarden van het inkoopkader",
           "U gaat akkoord met de eisen en voorwaarden van het inkoopkader." if verklaring.get("akkoord_voorwaarden")
           else "U heeft niet verklaard akkoord te gaan met de voorwaarden; een inschrijving die niet akkoord gaat "
                "met het inkoopkader wordt uitgesloten.", "verklaring", "002 §4.6")
    _onderaanneming(v, verklaring, regels, "bijlage 2")


def _wijzigingen_vragen(verklaring: dict) -> list[str]:
    if verklaring.get("geen_wijzigingen") is None:
        return ["of er wijzigingen zijn sinds de vorige inschrijving"]
    if verklaring["geen_wijzigingen"] is False and not (verklaring.get("wijzigingen") or "").strip():
        return ["de beschrijving van de wijzigingen"]
    return []


def _bijlage_onderaannemers(verklaring: dict, bijlage: str) -> list[str]:
    if verklaring.get("werkt_met_onderaannemers") is None:
        return [f"{bijlage}: of u met onderaannemers werkt"]
    if verklaring["werkt_met_onderaannemers"] and not verklaring.get("onderaannemers"):
        return [f"{bijlage}: de onderaannemers (u gaf aan met onderaannemers te werken)"]
    return []


def _wijzigingen(v: _Verzamelaar, dossier: dict, verklaring: dict) -> None:
    """002 §4.5: "Als er wijzigingen plaatsvinden [...] moet u dit melden aan het zorgkantoor en eventuele gewijzigde
    documenten aanleveren." Reported changes are for the zorginkoper to judge (force ``oordeel``)."""
    if verklaring.get("geen_wijzigingen") is not False:
        if verklaring.get("geen_wijzigingen"):
            v.voeg("verklaring.wijzigingen", CONTROLE, VOLDOET, "Wijzigingen sinds de vorige inschrijving",
                   "U meldt geen wijzigingen ten opzichte van de eerdere inschrijvingsdocumenten of overeenkomst.",
                   "verklaring", "002 §4.5")
        return
    doc = next((d for d in dossier.get("documenten", []) if d["code"] == "gewijzigde_documenten"), None)
    bewijs = bewijs_van(doc)
    v.voeg("verklaring.wijzigingen", CONTROLE, VOLDOET_NIET, "Wijzigingen sinds de vorige inschrijving",
           f"Gemeld: {(verklaring.get('wijzigingen') or '').strip()} "
           + (f"Gewijzigde documenten aangeleverd: {doc['weergavenaam']} (versie {doc['versie']})." if doc
              else "Er zijn geen gewijzigde documenten aangeleverd; lever ze mee als de wijziging een document "
                   "betreft.") + " Het zorgkantoor beoordeelt de wijzigingen.", "verklaring", "002 §4.5", bewijs)


def _onderaanneming(v: _Verzamelaar, verklaring: dict, regels: dict, bijlage: str) -> None:
    grens = _getal(regels.get("max_aandeel_onderaanneming"))
    if grens is None or not verklaring.get("werkt_met_onderaannemers"):
        return
    totaal = sum((_getal(o.get("aandeel")) or Decimal(0)) for o in verklaring.get("onderaannemers", []))
    v.voeg("verklaring.onderaanneming", CONTROLE, VOLDOET if totaal <= grens else VOLDOET_NIET,
           "Aandeel onderaanneming",
           f"Onderaannemers leveren samen {totaal}% van de zorg; de richtlijn is ten hoogste {grens}% (u levert ten "
           f"minste twee derde zelf)." + ("" if totaal <= grens else f" Licht in {bijlage} toe waarom het aandeel "
                                                                     "hoger is; het zorgkantoor weegt dit."),
           "verklaring", "002 §4.1")


def _plan(v: _Verzamelaar, dossier: dict, regels: dict) -> None:
    omvang = regels.get("ondernemingsplan", "geen")
    if omvang == "geen":
        return
    plan = dossier.get("ondernemingsplan")
    if not plan:
        v.voeg("plan.aanwezig", VOLLEDIGHEID, VOLDOET_NIET, "Het ondernemingsplan ontbreekt",
               f"Voor uw aanbiedertype is een {omvang} ondernemingsplan vereist.", "ondernemingsplan",
               "002 §4.5, §4.10")
        return
    verplicht = {
        "sectoren": "sectoren", "leveringsvormen": "leveringsvormen", "prestaties": "prestaties",
        "verwacht_aantal_clienten": "verwacht aantal cliënten", "gemeenten_locaties": "gemeenten en locaties",
        "personeel_aantal": "aantal medewerkers", "personeel_niveau": "deskundigheidsniveau personeel",
        "eigen_vermogen": "eigen vermogen", "verwacht_resultaat": "verwacht resultaat",
    }
    # 002 §4.10, as a dossier made since the plan carries its parts (the begroting per domein) asks them: the
    # bedrijfsplan's distinctiveness and the governance code in practice, the financieel plan's explanation,
    # omzetprognose and whether there is a (grand)parent; "ervaring" only "indien van toepassing".
    per_domein = "begroting_per_domein" in plan
    if per_domein:
        verplicht.update({"onderscheidend": "onderscheidend vermogen",
                          "governancecode_praktijk": "de Governancecode Zorg in de praktijk",
                          "financiele_toelichting": "algemene toelichting op de financiële positie",
                          "omzetprognose": "omzetprognose",
                          "moedermaatschappij": "of er een (groot)moedermaatschappij is"})
    if omvang == "volledig":
        verplicht.update({"bestuur": "raad van bestuur / directie", "toezichthouders": "toezichthouders",
                          "clientenraad": "cliëntenraad", "missie": "missie", "strategie": "strategie",
                          **({} if per_domein else {"ervaring": "ervaring"}),
                          "samenwerking": "samenwerking in de keten"})
    ontbreekt = [label for veld, label in verplicht.items() if plan.get(veld) in (None, "", [])]
    if per_domein:
        ontbreekt += _begroting_ontbreekt(plan["begroting_per_domein"])
    else:
        ontbreekt += [f"begroting {sector.upper()}" for sector in plan.get("sectoren", [])
                      if plan["begroting"].get(sector) is None]
    v.voeg("plan.volledig", VOLLEDIGHEID, VOLDOET_NIET if ontbreekt else VOLDOET,
           f"Het {omvang} ondernemingsplan is " + ("niet volledig" if ontbreekt else "volledig"),
           ("Nog in te vullen: " + ", ".join(ontbreekt) + ".") if ontbreekt
           else "Alle vereiste onderdelen van het ondernemingsplan zijn ingevuld.", "ondernemingsplan",
           "002 §4.10")
    eigen, resultaat = _getal(plan.get("eigen_vermogen")), _getal(plan.get("verwacht_resultaat"))
    if eigen is not None and resultaat is not None:
        zwak = []
        if eigen < 0:
            zwak.append(f"het eigen vermogen is negatief ({_bedrag(eigen)})")
        if resultaat <= 0:
            zwak.append(f"het verwachte resultaat is niet positief ({_bedrag(resultaat)})")
        saldo = _begroting_saldo(plan.get("begroting_per_domein") or {})
        if saldo is not None and saldo <= 0:
            zwak.append(f"de begroting toont geen positief saldo van opbrengsten en kosten ({_bedrag(saldo)})")
        v.voeg("plan.financieel", CONTROLE, VOLDOET_NIET if zwak else VOLDOET, "Financiële positie",
               ("Uit het financieel plan blijkt dat " + " en ".join(zwak) + "; het zorgkantoor weegt de financiële "
                "positie in het eindoordeel.")
               if zwak else "Geen negatief eigen vermogen en een positief verwacht resultaat.", "ondernemingsplan",
               "002 §4.6, §4.10")
    minimum = regels.get("min_toezichthouders")
    if omvang == "volledig" and minimum:
        aantal = len(plan.get("toezichthouders") or [])
        v.voeg("plan.toezichthouders", CONTROLE, VOLDOET if aantal >= minimum else VOLDOET_NIET,
               "Toezichthoudend orgaan",
               f"{aantal} toezichthouder(s) genoemd; vereist is een toezichthoudend orgaan van ten minste {minimum} "
               f"personen op het moment van inschrijving.", "ondernemingsplan",
               "002 §4.9 (Governancecode Zorg); ECLI:NL:RBZWB:2018:7334")


BEGROTING_DOMEINEN = {"wlz": "Wlz", "wmo": "Wmo", "zvw": "Zvw", "overig": "overige domeinen"}


def _begroting_ontbreekt(begroting: dict) -> list[str]:
    """The Wlz opbrengsten and kosten always; another domein's pair once either half of it is given."""
    ontbreekt = []
    for domein, label in BEGROTING_DOMEINEN.items():
        regel = begroting.get(domein) or {}
        leeg = [soort for soort in ("opbrengsten", "kosten") if regel.get(soort) is None]
        if domein == "wlz" or len(leeg) == 1:
            ontbreekt += [f"begroting {label}: {soort}" for soort in leeg]
    return ontbreekt


def _begroting_saldo(begroting: dict) -> Decimal | None:
    """Opbrengsten minus kosten over every domein, once the Wlz pair is there."""
    wlz = begroting.get("wlz") or {}
    if wlz.get("opbrengsten") is None or wlz.get("kosten") is None:
        return None
    return sum(((_getal(regel.get("opbrengsten")) or Decimal(0)) - (_getal(regel.get("kosten")) or Decimal(0))
                for regel in begroting.values()), Decimal(0))


# The five elements of a careful zelfanalyse per quality theme (004 §2.2.3), as dossier keys with their labels.
ZELFANALYSE_ELEMENTEN = (
    ("invulling", "huidige invulling en implementatie van beleid"),
    ("sterktes_ontwikkelpunten", "sterktes en ontwikkelpunten"),
    ("clientervaring", "ervaring van de cliënt(vertegenwoordiging)"),
    ("niveau", "niveau van de analyse"),
    ("gegevens", "onderliggende gegevens"),
)


def _zelfanalyse(v: _Verzamelaar, dossier: dict, regels: dict) -> None:
    """Only when the round requires it: every theme of the dominant kader has all five elements."""
    if not regels.get("zelfanalyse_vereist"):
        return
    themas = regels.get("zelfanalyse_themas") or []
    namen = regels.get("zelfanalyse_thema_namen") or {}
    bron = "004 §2.2.3"
    if not themas:
        v.voeg("kwaliteit.zelfanalyse", VOLLEDIGHEID, VOLDOET_NIET, "De zelfanalyse kwaliteit ontbreekt",
               "Deze ronde vraagt een zelfanalyse per kwaliteitsthema. Geef op de pagina Zelfanalyse kwaliteit uw "
               "sectoren en de dominante sector op; daaruit volgt het kwaliteitskader en de thema's.",
               "zelfanalyse", bron)
        return
    ingevuld = dossier.get("zelfanalyse") or {}
    onvolledig = []
    for code in themas:
        elementen = ingevuld.get(code) or {}
        ontbreekt = [label for veld, label in ZELFANALYSE_ELEMENTEN if not str(elementen.get(veld) or "").strip()]
        if ontbreekt:
            onvolledig.append(f"{namen.get(code, code)} ({', '.join(ontbreekt)})")
    v.voeg("kwaliteit.zelfanalyse", VOLLEDIGHEID, VOLDOET_NIET if onvolledig else VOLDOET,
           "De zelfanalyse kwaliteit is " + ("niet volledig" if onvolledig else "volledig"),
           ("Nog niet volledig ingevuld voor de thema's: " + "; ".join(onvolledig) + ".") if onvolledig
           else f"Voor alle {len(themas)} thema's van het leidende kwaliteitskader zijn de vijf onderdelen van de "
                "zelfanalyse ingevuld.", "zelfanalyse", bron,
           {"themas": themas})


def _documenten(v: _Verzamelaar, dossier: dict, regels: dict, peil: _Peil, contractstart: date) -> None:
    aanwezig = {d["code"]: d for d in dossier.get("documenten", [])}
    starter = bool((dossier.get("ondernemingsplan") or {}).get("starter"))
    statutaire_naam = dossier["zorgaanbieder"]["statutaire_naam"]
    for eis in regels.get("documenten", []):
        code, naam, bron = eis["code"], eis["naam"], eis["bron"] or "002 §4.9"
        onderdeel = f"document:{code}"
        doc = aanwezig.get(code)
        if eis["niet_voor_starters"] and starter:
            continue
        if not document_vereist(eis, dossier) and not doc:
            continue
        bewijs = bewijs_van(doc)
        if eis["moment"] != "I":
            wanneer = ("op het moment van zorglevering" if eis["moment"] == "Z"
                       else "uiterlijk zes maanden na de ingangsdatum van de overeenkomst")
            if doc:
                v.voeg(f"document.{code}.aanwezig", VOLLEDIGHEID, VOLDOET, f"{naam}: aangeleverd",
                       f"Aangeleverd ({doc['weergavenaam']}), terwijl het pas {wanneer} in orde moet zijn.",
                       onderdeel, bron, bewijs)
            else:
                v.voeg(f"document.{code}.aanwezig", VOLLEDIGHEID, INREGELTIJD, f"{naam}: mag later",
                       f"Dit moet {wanneer} in orde zijn. Ontbreekt het bij de inschrijving, dan volgt bij een "
                       "positieve beoordeling een overeenkomst onder voorwaarden.", onderdeel, bron)
            continue
        if not doc:
            v.voeg(f"document.{code}.aanwezig", VOLLEDIGHEID, VOLDOET_NIET, f"{naam} ontbreekt",
                   f"Dit document moet bij de inschrijving worden meegestuurd. {eis['toelichting']}".strip(),
                   onderdeel, bron)
            continue
        v.voeg(f"document.{code}.aanwezig", VOLLEDIGHEID, VOLDOET, f"{naam}: aanwezig",
               f"Aangeleverd: {doc['weergavenaam']} (versie {doc['versie']}).", onderdeel, bron, bewijs)
        _document_controles(v, eis, doc, peil, contractstart, statutaire_naam, onderdeel, bron, bewijs)
        _inhoud(v, eis, doc, dossier, peil, contractstart, aanwezig)
    _dubbel(v, dossier, regels)


def document_vereist(eis: dict, dossier: dict) -> bool:
    """Whether a document of the rule set is required of this dossier (DocumentVoorwaarde): a parent's
    jaarrekeningen only with a (grand)parent, a volmacht only when the signer's authority is not on the KvK
    uittreksel, gewijzigde documenten never (they come with reported changes where a change concerns one)."""
    voorwaarde = eis.get("voorwaarde") or ""
    if voorwaarde == "moedermaatschappij":
        return bool((dossier.get("ondernemingsplan") or {}).get("moedermaatschappij"))
    if voorwaarde == "volmacht":
        return (dossier.get("verklaring") or {}).get("bevoegdheid_uit_kvk") is False
    return voorwaarde == ""


def _document_controles(v, eis, doc, peil, contractstart, statutaire_naam, onderdeel, bron, bewijs) -> None:
    code, naam, controle = eis["code"], eis["naam"], eis["controle"]
    if eis.get("max_leeftijd_maanden"):
        afgifte = _datum(doc.get("afgiftedatum"))
        maanden = eis["max_leeftijd_maanden"]
        if afgifte is None:
            v.voeg(f"document.{code}.leeftijd", CONTROLE, VOLDOET_NIET, f"{naam}: afgiftedatum ontbreekt",
                   "Vul de afgiftedatum van het document in.", onderdeel, bron, bewijs)
        else:
            uiterlijk = afgifte + relativedelta(months=maanden)
            te_oud = uiterlijk < peil
            nog = (f" Het is actueel genoeg voor een inschrijving tot en met {_d(uiterlijk)}; wie later indient, "
                   "vraagt een nieuw exemplaar aan." if peil.moment_van_inschrijving else "")
            v.voeg(f"document.{code}.leeftijd", CONTROLE, VOLDOET_NIET if te_oud else VOLDOET,
                   f"{naam}: " + ("te oud" if te_oud else "actueel genoeg"),
                   f"Afgegeven op {_d(afgifte)}; mag {_peiltekst(peil)} niet ouder zijn dan {maanden} "
                   f"maanden" + (f", dus afgegeven op of na {_d(peil - relativedelta(months=maanden))}. "
                                 "Vraag een nieuw exemplaar aan." if te_oud else "." + nog), onderdeel, bron, bewijs)
    if controle in ("uittreksel", "toelating", "vog"):
        _zelfde_rechtspersoon(v, code, naam, doc.get("rechtspersoon"), statutaire_naam, onderdeel, bron, bewijs,
                              "rechtspersoon")
    if controle == "vog":
        soort, doel = doc.get("vog_soort"), doc.get("vog_voor_deze_procedure")
        goed = soort == "rp" and doel is True
        redenen = []
        if soort != "rp":
            redenen.append("alleen een VOG voor rechtspersonen (VOG RP) telt; een VOG natuurlijk persoon of een "
                           "Gedragsverklaring Aanbesteding volstaat niet")
        if doel is not True:
            redenen.append("de VOG moet specifiek zijn aangevraagd voor deze inkoopprocedure")
        v.voeg(f"document.{code}.soort", CONTROLE, VOLDOET if goed else VOLDOET_NIET, f"{naam}: soort en doel",
               "VOG RP, aangevraagd voor deze inkoopprocedure." if goed else _zin("; ".join(redenen)),
               onderdeel, bron, bewijs)
    if controle == "polis":
        minimum = _getal(eis.get("min_verzekerd_bedrag"))
        bedrag = _getal(doc.get("verzekerd_bedrag"))
        if minimum is not None:
            goed = bedrag is not None and bedrag >= minimum
            v.voeg(f"document.{code}.bedrag", CONTROLE, VOLDOET if goed else VOLDOET_NIET,
                   f"{naam}: verzekerd bedrag",
                   (f"Verzekerd {_bedrag(bedrag)} per gebeurtenis" if bedrag is not None else "Geen bedrag ingevuld")
                   + f"; vereist is minimaal {_bedrag(minimum)} per gebeurtenis.", onderdeel, bron, bewijs)
        ingang = _datum(doc.get("polis_ingangsdatum"))
        op_tijd = ingang is not None and ingang <= contractstart
        afgesloten, afgesloten_tekst = _polis_afgesloten(doc, ingang, peil)
        # The exact finding of a dossier without its moment of inschrijving stays as it was (only a polis shown
        # to be taken out later adds its sentence); every other names both halves of the §4.9 rule.
        beide = afgesloten is False or peil.moment_van_inschrijving
        v.voeg(f"document.{code}.ingangsdatum", CONTROLE, VOLDOET if op_tijd and afgesloten else VOLDOET_NIET,
               f"{naam}: " + ("afgesloten en ingangsdatum" if beide else "ingangsdatum"),
               (afgesloten_tekst + " " if beide else "")
               + (f"De polis gaat in op {_d(ingang)}" if ingang else "Geen ingangsdatum ingevuld")
               + f"; de verzekering moet uiterlijk op {_d(contractstart)} (ingang van de overeenkomst) ingaan.",
               onderdeel, bron, bewijs)
        _zelfde_rechtspersoon(v, code, naam, doc.get("verzekeringnemer"), statutaire_naam, onderdeel, bron, bewijs,
                              "verzekeringnemer")


def _polis_afgesloten(doc: dict, ingang: date | None, peil: _Peil) -> tuple[bool, str]:
    """002 §4.9 polisblad: "De zorgaanbieder heeft op de datum van inschrijving een schadeverzekering afgesloten";
    it may start later ("uiterlijk vanaf de ingangsdatum van de overeenkomst"). The earliest evidence that the
    polis existed: the polisblad's own date (``afgiftedatum``, where given), a polis already running (its
    ingangsdatum), or the polisblad lying in the inschrijving (its upload). Afgesloten when that evidence is no
    later than the moment of inschrijving; a polisblad that only arrives later, without an earlier date, is not."""
    geupload = datetime.fromisoformat(doc["geupload_op"]).date() if doc.get("geupload_op") else None
    bewijzen = [(dag, tekst) for dag, tekst in (
        (_datum(doc.get("afgiftedatum")), "het polisblad is gedateerd op"),
        (ingang, "de polis gaat in op"),
        (geupload, "het polisblad is aangeleverd op"),
    ) if dag is not None]
    if not bewijzen:
        return False, f"Niet aangetoond dat de verzekering {_peiltekst(peil)} was afgesloten."
    dag, tekst = min(bewijzen, key=lambda b: b[0])
    if dag <= peil:
        return True, f"De verzekering was {_peiltekst(peil)} afgesloten: {tekst} {_d(dag)}."
    return False, (f"Niet aangetoond dat de verzekering {_peiltekst(peil)} was afgesloten: {tekst} {_d(dag)}, en "
                   "niets wijst op een eerdere datum. De verzekering moet op de datum van inschrijving zijn "
                   "afgesloten; lever een polisblad aan waaruit dat blijkt.")


def _zelfde_rechtspersoon(v, code, naam, op_document, statutaire_naam, onderdeel, bron, bewijs, veld) -> None:
    # An empty name on either side is never "the same legal entity" (not even as another empty name).
    goed = bool(_naam(op_document)) and _naam(op_document) == _naam(statutaire_naam)
    v.voeg(f"document.{code}.{veld}", CONTROLE, VOLDOET if goed else VOLDOET_NIET, f"{naam}: rechtspersoon",
           (f"Op het document staat '{op_document}'" if op_document else "Niet ingevuld welke rechtspersoon op het "
            "document staat") + f"; de inschrijver is '{statutaire_naam}'. "
           + ("Dat is dezelfde rechtspersoon." if goed
              else "Het document moet op naam van dezelfde juridische entiteit staan als de inschrijver."),
           onderdeel, bron, bewijs)


# --- What the document itself says (issue 11): the reading (``lezen``) compared with the declaration and the rule.
# Every rule here is ``inhoud.<code>.<fact>``: a signal with its evidence (page and snippet), never a decision — a
# machine can misread; the zorgkantoor weighs it, and the aanbieder sees it before the deadline.

ROLLEN_MET_BEVOEGDHEID = ("bestuurder", "gevolmachtigde")


def _feitbewijs(doc: dict, feit: dict | None, **extra) -> dict:
    bewijs = {**bewijs_van(doc), **extra}
    if feit:
        bewijs.update(pagina=feit["pagina"], fragment=feit["fragment"])
    return bewijs


def _waar(feit: dict) -> str:
    return f" (pagina {feit['pagina']}: “{feit['fragment']}”)"


def _inhoud(v: _Verzamelaar, eis: dict, doc: dict, dossier: dict, peil: _Peil, contractstart: date,
            aanwezig: dict) -> None:
    lezing = doc.get("lezing")
    if not lezing:
        return  # not (yet) read, or a dossier made before documents were read
    code, naam, bron = eis["code"], eis["naam"], eis["bron"] or "002 §4.9"
    onderdeel = f"document:{code}"
    if lezing["status"] != "gelezen":
        v.voeg(f"inhoud.{code}.leesbaar", CONTROLE, HANDMATIG, f"{naam}: niet automatisch gelezen",
               f"Dit document kon niet automatisch worden gelezen; het wordt handmatig beoordeeld. {lezing['reden']}"
               .strip(), onderdeel, bron, bewijs_van(doc))
        return
    if lezing.get("herkend") is False:
        v.voeg(f"inhoud.{code}.soort", CONTROLE, VOLDOET_NIET, f"{naam}: lijkt een ander document",
               f"In de tekst van '{doc['weergavenaam']}' staat niets wat op een {naam} wijst. Controleer of u het "
               "juiste bestand heeft geüpload.", onderdeel, bron, bewijs_van(doc))
        return
    feiten = lezing.get("feiten") or {}
    za = dossier["zorgaanbieder"]
    if kvk := feiten.get("kvk_nummer"):
        goed = kvk["waarde"] == (za.get("kvk_nummer") or "")
        v.voeg(f"inhoud.{code}.kvk_nummer", CONTROLE, VOLDOET if goed else VOLDOET_NIET, f"{naam}: KvK-nummer",
               f"Op het document staat KvK-nummer {kvk['waarde']}{_waar(kvk)}; de inschrijver heeft KvK-nummer "
               f"{za.get('kvk_nummer')}. " + ("Dat is hetzelfde." if goed else "Het document hoort bij een andere "
                                              "inschrijving in het Handelsregister."),
               onderdeel, bron, _feitbewijs(doc, kvk, op_document=kvk["waarde"], verwacht=za.get("kvk_nummer")))
    for veld in ("statutaire_naam", "verzekeringnemer"):
        if feit := feiten.get(veld):
            _inhoud_rechtspersoon(v, code, naam, doc, feit, za["statutaire_naam"], onderdeel, bron)
    if datum := feiten.get("datum"):
        _inhoud_datum(v, eis, doc, datum, peil, onderdeel, bron)
    if code == "vog_rp" or eis.get("controle") == "vog":
        _inhoud_vog(v, code, naam, doc, feiten, dossier, onderdeel, bron)
    if eis.get("controle") == "polis":
        _inhoud_polis(v, eis, doc, feiten, contractstart, onderdeel, bron)
    if code == "kvk_uittreksel" and "functionarissen" in feiten:
        _inhoud_bevoegdheid(v, doc, feiten["functionarissen"], dossier, aanwezig.get("volmacht"), onderdeel, bron)
        _inhoud_toezicht(v, doc, feiten["functionarissen"], dossier, onderdeel, bron)
    elif code == "kvk_uittreksel":
        v.voeg("inhoud.kvk_uittreksel.functionarissen", CONTROLE, HANDMATIG, f"{naam}: bestuurders niet gevonden",
               "Op het uittreksel zijn geen bestuurders of toezichthouders gevonden; de zorginkoper beoordeelt de "
               "bevoegdheid van de ondertekenaar en het toezichthoudend orgaan zelf.", onderdeel, bron,
               bewijs_van(doc))


def _inhoud_rechtspersoon(v, code, naam, doc, feit, statutaire_naam, onderdeel, bron) -> None:
    op_document = feit["waarde"]
    goed = _naam(op_document) == _naam(statutaire_naam)
    verklaard = doc.get("verzekeringnemer") or doc.get("rechtspersoon") or ""
    extra = (f" U vulde '{verklaard}' in." if verklaard and _naam(verklaard) != _naam(op_document) else "")
    v.voeg(f"inhoud.{code}.rechtspersoon", CONTROLE, VOLDOET if goed else VOLDOET_NIET, f"{naam}: rechtspersoon",
           f"Op het document staat '{op_document}'{_waar(feit)}; de inschrijver is '{statutaire_naam}'." + extra + " "
           + ("Dat is dezelfde rechtspersoon." if goed
              else "Het document moet op naam van dezelfde juridische entiteit staan als de inschrijver."),
           onderdeel, bron, _feitbewijs(doc, feit, op_document=op_document, verwacht=statutaire_naam))


def _inhoud_datum(v, eis, doc, feit, peil, onderdeel, bron) -> None:
    code, naam = eis["code"], eis["naam"]
    waarde = feit["waarde"]
    dag = date.fromisoformat(waarde[:10])
    tijd = f", {waarde[11:16]} uur" if len(waarde) > 10 else ""
    verklaard = _datum(doc.get("afgiftedatum"))
    redenen = []
    if verklaard and verklaard != dag:
        redenen.append(f"u vulde als afgiftedatum {_d(verklaard)} in")
    maanden = eis.get("max_leeftijd_maanden")
    if maanden and dag + relativedelta(months=maanden) < peil:
        redenen.append(f"het mag {_peiltekst(peil)} niet ouder zijn dan {maanden} maanden (dus van "
                       f"{_d(peil - relativedelta(months=maanden))} of later)")
    if not redenen and not maanden and not verklaard:
        return  # a date nobody asked about
    v.voeg(f"inhoud.{code}.datum", CONTROLE, VOLDOET_NIET if redenen else VOLDOET, f"{naam}: datum op het document",
           f"Volgens het document {'vervaardigd' if tijd else 'gedateerd'} op {_d(dag)}{tijd}{_waar(feit)}"
           + ("; " + "; ".join(redenen) + ". Vraag zo nodig een nieuw exemplaar aan." if redenen
              else "; dat klopt met de opgegeven datum" + (f" en de maximale ouderdom van {maanden} maanden."
                                                           if maanden else ".")),
           onderdeel, bron, _feitbewijs(doc, feit, op_document=waarde,
                                        verwacht=verklaard.isoformat() if verklaard else None))


INKOOP_WOORDEN = ("aanbested", "inkoop", "inschrijving", "zorgkantoor", "wlz", "contracter", "overheidsopdracht")


def _inhoud_vog(v, code, naam, doc, feiten, dossier, onderdeel, bron) -> None:
    soort, doel = feiten.get("vog_soort"), feiten.get("doel")
    if soort:
        goed = soort["waarde"] == "rp"
        wat = {"rp": "een VOG voor rechtspersonen", "np": "een VOG voor een natuurlijk persoon",
               "gva": "een Gedragsverklaring Aanbesteden"}[soort["waarde"]]
        v.voeg(f"inhoud.{code}.soort", CONTROLE, VOLDOET if goed else VOLDOET_NIET, f"{naam}: soort verklaring",
               f"Volgens de tekst is dit {wat}{_waar(soort)}."
               + ("" if goed else " Alleen een VOG RP telt; een VOG natuurlijk persoon of een Gedragsverklaring "
                                  "Aanbesteden volstaat niet."),
               onderdeel, bron, _feitbewijs(doc, soort, op_document=soort["waarde"], verwacht="rp"))
    if doel:
        tekst = doel["waarde"].casefold()
        zorgkantoor = (dossier["inschrijving"].get("zorgkantoor") or "").casefold()
        goed = any(w in tekst for w in INKOOP_WOORDEN) or bool(zorgkantoor and zorgkantoor in tekst)
        v.voeg(f"inhoud.{code}.doel", CONTROLE, VOLDOET if goed else VOLDOET_NIET, f"{naam}: doel van de aanvraag",
               f"Doel op de verklaring: '{doel['waarde']}'{_waar(doel)}. "
               + ("Dat wijst op deze inkoopprocedure." if goed else "De VOG moet specifiek zijn aangevraagd voor "
                  "deze inkoopprocedure; dat blijkt hier niet uit."),
               onderdeel, bron, _feitbewijs(doc, doel, op_document=doel["waarde"]))


def _inhoud_polis(v, eis, doc, feiten, contractstart, onderdeel, bron) -> None:
    code, naam = eis["code"], eis["naam"]
    minimum = _getal(eis.get("min_verzekerd_bedrag"))
    if (feit := feiten.get("verzekerd_bedrag")) and minimum is not None:
        bedrag = Decimal(feit["waarde"])
        verklaard = _getal(doc.get("verzekerd_bedrag"))
        goed = bedrag >= minimum
        extra = (f" U vulde {_bedrag(verklaard)} in." if verklaard is not None and verklaard != bedrag else "")
        v.voeg(f"inhoud.{code}.bedrag", CONTROLE, VOLDOET if goed else VOLDOET_NIET, f"{naam}: verzekerd bedrag",
               f"Op het polisblad staat {_bedrag(bedrag)} per gebeurtenis{_waar(feit)}; vereist is minimaal "
               f"{_bedrag(minimum)} per gebeurtenis." + extra,
               onderdeel, bron, _feitbewijs(doc, feit, op_document=feit["waarde"], verwacht=str(minimum)))
    if feit := feiten.get("ingangsdatum"):
        ingang = date.fromisoformat(feit["waarde"])
        goed = ingang <= contractstart
        v.voeg(f"inhoud.{code}.ingangsdatum", CONTROLE, VOLDOET if goed else VOLDOET_NIET, f"{naam}: ingangsdatum",
               f"Volgens het polisblad gaat de verzekering in op {_d(ingang)}{_waar(feit)}; zij moet uiterlijk op "
               f"{_d(contractstart)} (ingang van de overeenkomst) ingaan.",
               onderdeel, bron, _feitbewijs(doc, feit, op_document=feit["waarde"], verwacht=contractstart.isoformat()))


def _inhoud_bevoegdheid(v, doc, feit, dossier, volmacht, onderdeel, bron) -> None:
    """002 §4.9: the signer's authority is on the KvK uittreksel, or a volmacht is attached."""
    from lezen.feiten import naam_past

    ondertekenaar = ((dossier.get("verklaring") or {}).get("ondertekenaar_naam") or "").strip()
    if not ondertekenaar:
        return
    personen = feit["waarde"]
    gevonden = next((p for p in personen if p["rol"] in ROLLEN_MET_BEVOEGDHEID and naam_past(ondertekenaar, p["naam"])),
                    None)
    namen = "; ".join(f"{p['naam']} ({p['titel'] or p['rol']}, {p['bevoegdheid'] or 'bevoegdheid niet vermeld'})"
                      for p in personen if p["rol"] in ROLLEN_MET_BEVOEGDHEID) or "niemand"
    if gevonden and gevonden["bevoegdheid"] == "zelfstandig":
        uitkomst, tekst = VOLDOET, (f"{ondertekenaar} staat op het uittreksel als {gevonden['naam']}, zelfstandig "
                                    f"bevoegd (pagina {gevonden['pagina']}).")
    elif gevonden:
        uitkomst = VOLDOET_NIET
        tekst = (f"{ondertekenaar} staat op het uittreksel als {gevonden['naam']}, maar "
                 + ({"gezamenlijk": "gezamenlijk bevoegd: de verklaring vraagt dan ook de handtekening van de "
                                    "andere bestuurder(s), of een volmacht",
                     "beperkt": "beperkt bevoegd: blijkt de bevoegdheid voor deze verklaring uit een volmacht?"}
                    .get(gevonden["bevoegdheid"], "zonder vermelde bevoegdheid"))
                 + f" (pagina {gevonden['pagina']}).")
    else:
        uitkomst = VOLDOET_NIET
        tekst = (f"De ondertekenaar {ondertekenaar} staat niet als bestuurder of gevolmachtigde op het uittreksel. "
                 f"Op het uittreksel: {namen}.")
    if uitkomst == VOLDOET_NIET and volmacht:
        uitkomst = VOLDOET
        tekst += f" Er is een volmacht aangeleverd ({volmacht['weergavenaam']}); de zorginkoper beoordeelt die."
    elif uitkomst == VOLDOET_NIET:
        tekst += " Lever een volmacht aan, of laat de verklaring tekenen door een bevoegde bestuurder."
    v.voeg("inhoud.kvk_uittreksel.bevoegdheid", CONTROLE, uitkomst, "Bevoegdheid van de ondertekenaar (uittreksel)",
           tekst, onderdeel, bron, _feitbewijs(doc, {"pagina": (gevonden or {}).get("pagina") or feit["pagina"],
                                                     "fragment": feit["fragment"] if not gevonden
                                                     else gevonden["naam"]},
                                               op_document=namen, verwacht=ondertekenaar))


def _inhoud_toezicht(v, doc, feit, dossier, onderdeel, bron) -> None:
    """002 §4.9: the uittreksel shows the names of the toezichthoudend orgaan."""
    toezicht = [p for p in feit["waarde"] if p["rol"] == "toezichthouder"]
    minimum = dossier["regels"].get("min_toezichthouders") or 1
    goed = len(toezicht) >= minimum
    v.voeg("inhoud.kvk_uittreksel.toezichthouders", CONTROLE, VOLDOET if goed else VOLDOET_NIET,
           "Toezichthoudend orgaan op het uittreksel",
           (f"Op het uittreksel staan {len(toezicht)} toezichthouder(s): "
            + "; ".join(p["naam"] for p in toezicht) + "." if toezicht
            else "Op het uittreksel staan geen toezichthouders of commissarissen.")
           + ("" if goed else f" De regelset vraagt er ten minste {minimum}; het zorgkantoor weegt de governance."),
           onderdeel, bron, _feitbewijs(doc, {"pagina": toezicht[0]["pagina"] if toezicht else feit["pagina"],
                                              "fragment": toezicht[0]["naam"] if toezicht else feit["fragment"]},
                                        op_document=len(toezicht), verwacht=minimum))


def _dubbel(v: _Verzamelaar, dossier: dict, regels: dict) -> None:
    """The same file (same SHA-256) uploaded as two different documents: one of them is not what it claims to be."""
    namen = {e["code"]: e["naam"] for e in regels.get("documenten", [])}
    per_hash: dict[str, list[dict]] = {}
    for doc in dossier.get("documenten", []):
        per_hash.setdefault(doc["sha256"], []).append(doc)
    for docs in per_hash.values():
        if len({d["code"] for d in docs}) < 2:
            continue
        for doc in docs:
            anderen = ", ".join(namen.get(d["code"], d.get("naam", d["code"])) for d in docs if d is not doc)
            naam = namen.get(doc["code"], doc.get("naam", doc["code"]))
            v.voeg(f"inhoud.{doc['code']}.dubbel", CONTROLE, VOLDOET_NIET, f"{naam}: hetzelfde bestand als {anderen}",
                   f"'{doc['weergavenaam']}' is precies hetzelfde bestand (dezelfde SHA-256) als wat u uploadde bij "
                   f"{anderen}. Elk document moet het eigen document zijn; upload bij elk het juiste bestand.",
                   f"document:{doc['code']}", "002 §4.9", bewijs_van(doc))


HANDMATIGE_CONTROLES = [
    ("handmatig.kvk_bevoegdheid", "kvk_uittreksel", "Bevoegdheid ondertekenaar",
     "De bevoegdheid van de ondertekenaar blijkt uit het KvK-uittreksel, of er is een volmacht.", "002 §4.9"),
    ("handmatig.wtzi_functies", "wtzi_toelating", "Toelating dekt de functies",
     "De functies uit het ondernemingsplan staan op de Wtzi-toelating of Wtza-vergunning.", "002 §4.9"),
    ("handmatig.statuten_plan", "statuten", "Statuten passen bij het plan",
     "De statuten komen overeen met het ondernemingsplan en borgen de Governancecode Zorg.", "002 §4.9"),
    ("handmatig.privacybeleid", "privacybeleid", "Privacybeleid: de zeven punten",
     "Gepubliceerd op de website met een werkende link en in lijn met de AVG; voor klanten is duidelijk: welke "
     "persoonsgegevens worden vastgelegd, wie er inzage heeft, hoe invulling is gegeven aan geheimhouding, wat de "
     "bewaartermijn is, het beleid op inzage door de klanten, hoe gehandeld wordt bij datalekken, en de "
     "bezwaarmogelijkheden.", "002 §4.9"),
    ("handmatig.klachtenregeling", "klachtenregeling", "Klachtenregeling: de vijf punten",
     "Gepubliceerd op de website met een werkende link en in lijn met de Wkkgz; voor klanten blijkt er ten minste "
     "uit: een reactie op een klacht binnen zes weken, een onafhankelijke klachtenfunctionaris, diens "
     "contactgegevens, dat een klacht kan zonder melding aan de begeleider of zorgverlener, en dat de "
     "zorgaanbieder is aangesloten bij een geschilleninstantie.", "002 §4.9"),
]


def _bevoegdheid(dossier: dict, volmacht: dict | None, toelichting: str, bewijs: dict) -> tuple[str, dict]:
    """The signing-authority check names what the signer declared and the volmacht that was attached."""
    verklaring = dossier.get("verklaring") or {}
    wie = " ".join(filter(None, [verklaring.get("ondertekenaar_naam"),
                                 f"({verklaring['ondertekenaar_functie']})"
                                 if verklaring.get("ondertekenaar_functie") else ""])) or "De ondertekenaar"
    uit_kvk = verklaring.get("bevoegdheid_uit_kvk")
    if uit_kvk is True:
        toelichting += f" Ondertekend door {wie}, die verklaart dat de bevoegdheid uit het KvK-uittreksel blijkt."
    elif uit_kvk is False:
        toelichting += f" Ondertekend door {wie}, die verklaart dat de bevoegdheid uit een volmacht blijkt."
    if volmacht:
        toelichting += (f" Volmacht aangeleverd: {volmacht['weergavenaam']} (versie {volmacht['versie']}, SHA-256 "
                        f"{volmacht['sha256']}).")
        bewijs = {**bewijs, "volmacht": bewijs_van(volmacht)}
    elif uit_kvk is False:
        toelichting += " Er is geen volmacht aangeleverd."
    return toelichting, bewijs


def handmatige_controles(dossier: dict) -> list[Bevinding]:
    """The checklist a zorginkoper completes per document (only for documents the type must submit; for one due at
    the start of care or later, once it has arrived)."""
    momenten = {d["code"]: d["moment"] for d in dossier["regels"].get("documenten", [])}
    aanwezig = {d["code"]: d for d in dossier.get("documenten", [])}
    uit = []
    for regel, code, titel, toelichting, bron in HANDMATIGE_CONTROLES:
        if code in momenten and (momenten[code] == "I" or code in aanwezig):
            doc = aanwezig.get(code)
            bewijs = bewijs_van(doc)
            if regel == "handmatig.kvk_bevoegdheid":
                toelichting, bewijs = _bevoegdheid(dossier, aanwezig.get("volmacht"), toelichting, bewijs)
            uit.append(Bevinding(regel, CONTROLE, HANDMATIG, titel, toelichting, bron, f"document:{code}", bewijs))
    return met_krachten(uit, dossier["regels"])
