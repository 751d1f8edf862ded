"""The force of every rule (issue 8: "het oordeel is aan het zorgkantoor"), as data.

Four forces, each with what follows from a rule that is not met:

- ``uitsluiting``: a consequence without a person — late, a mandatory uitsluitingsgrond (Aw 2012 art. 2.86)
  answered yes, a geschiktheidseis not met, not akkoord with the kader, and a required item missing or not
  what §4.9 asks (which makes the inschrijving incomplete: step 1 proposes "niet in behandeling").
- ``signaal``: shown to the zorginkoper beside its evidence and weighed by people, never deciding by itself:
  onderaanneming above the guideline (002 §4.1 "Onze richtlijn"), the financial position (§4.6, weighed in the
  last phase), fewer toezichthouders than the round's minimum, an optional uitsluitingsgrond (art. 2.87)
  answered yes, a document that contradicts the declaration, and whatever the document's own content says
  (``inhoud.*``: read by ``lezen``, compared with the declaration and the rule).
- ``oordeel``: the zorginkoper records voldoet / voldoet niet with a reason (the checklist and the
  integriteitstoets).
- ``gesprek``: weighed in the last phase for new providers, the eight grounds of §4.6, fed by the signals.

A rule set's forces are rows of ``RegelKracht`` (editable in admin), loaded from these defaults into the
templates. A pattern may hold ``*`` (``document.*.leeftijd``); the exact code wins over a pattern, and a more
specific pattern over a broader one. The evaluator reads the forces from the dossier, and these defaults for a
snapshot made before forces existed. A rule no row names is left to a person (``oordeel``).
"""

from fnmatch import fnmatchcase

UITSLUITING = "uitsluiting"
SIGNAAL = "signaal"
OORDEEL = "oordeel"
GESPREK = "gesprek"

KRACHT_LABELS = {
    UITSLUITING: "Uitsluiting: volgt zonder tussenkomst van een persoon",
    SIGNAAL: "Signaal: het zorgkantoor weegt het, met het bewijs",
    OORDEEL: "Oordeel: de zorginkoper beoordeelt het, met een reden",
    GESPREK: "Gesprek: gewogen in de laatste fase, na het gesprek",
}
ONBEKEND = OORDEEL

# (pattern, force, source, why) — the 2022 kader (seed 002).
KRACHTEN_2022 = [
    ("regelset", UITSLUITING, "002 §4.5", "Zonder regels voor het type is er niets om aan te voldoen."),
    ("verklaring.aanwezig", UITSLUITING, "002 §4.6 stap 1", "Zonder verklaring is de inschrijving onvolledig."),
    ("verklaring.volledig", UITSLUITING, "002 §4.6 stap 1", "Een onvolledig ingevulde verklaring is onvolledig."),
    ("plan.aanwezig", UITSLUITING, "002 §4.6 stap 1", "Het vereiste ondernemingsplan ontbreekt."),
    ("plan.volledig", UITSLUITING, "002 §4.6 stap 1, §4.10", "Een vereist onderdeel van het plan ontbreekt."),
    ("kwaliteit.zelfanalyse", UITSLUITING, "004 §2.2.3", "Waar de ronde de zelfanalyse vraagt, hoort zij erbij."),
    ("document.*.aanwezig", UITSLUITING, "002 §4.6 stap 1, §4.9", "Een vereist document ontbreekt."),
    ("verklaring.instemming", UITSLUITING, "002 §4.5 punt 1", "Niet akkoord met de voorwaarden sluit uit."),
    ("verklaring.uitsluitingsgronden", UITSLUITING, "Aw 2012 art. 2.86; 002 §4.6",
     "Een verplichte uitsluitingsgrond sluit uit."),
    ("verklaring.uitsluitingsgronden_facultatief", SIGNAAL, "Aw 2012 art. 2.87; 002 §4.6",
     "Een facultatieve uitsluitingsgrond weegt het zorgkantoor."),
    ("verklaring.geschiktheid", UITSLUITING, "002 §4.6", "Wie niet aan een geschiktheidseis voldoet, is uitgesloten."),
    ("verklaring.akkoord", UITSLUITING, "002 §4.6", "Niet akkoord met het inkoopkader sluit uit."),
    ("verklaring.onderaanneming", SIGNAAL, "002 §4.1 (\"Onze richtlijn\")",
     "Twee derde zelf leveren is een richtlijn, geen uitsluitingsgrond."),
    ("verklaring.wijzigingen", OORDEEL, "002 §4.5 punt 1 en 2",
     "De zorginkoper beoordeelt de gemelde wijzigingen en de gewijzigde documenten."),
    ("plan.financieel", SIGNAAL, "002 §4.6 (laatste fase), §4.10",
     "Het eindoordeel over de financiële positie is aan het zorgkantoor, na het gesprek."),
    ("plan.toezichthouders", SIGNAAL, "002 §4.9; ECLI:NL:RBZWB:2018:7334",
     "Het minimum is een parameter van de regelset; het zorgkantoor weegt de governance."),
    ("document.*.leeftijd", UITSLUITING, "002 §4.9", "Een te oud document is niet het document dat §4.9 vraagt."),
    ("document.*.soort", UITSLUITING, "002 §4.9", "Alleen een VOG RP voor deze procedure telt."),
    ("document.*.bedrag", UITSLUITING, "002 §4.9", "Het minimaal verzekerde bedrag is een eis."),
    ("document.*.ingangsdatum", UITSLUITING, "002 §4.9", "De polis moet uiterlijk bij de ingang lopen."),
    ("document.*.rechtspersoon", SIGNAAL, "002 §4.9",
     "Een andere rechtspersoon op het document spreekt de verklaring tegen; het zorgkantoor weegt het."),
    ("document.*.verzekeringnemer", SIGNAAL, "002 §4.9",
     "Een andere verzekeringnemer spreekt de verklaring tegen; het zorgkantoor weegt het."),
    ("inhoud.*", SIGNAAL, "002 §4.9",
     "Wat het document zelf zegt (gelezen, issue 11) weegt het zorgkantoor; een machine kan verkeerd lezen."),
    ("inhoud.*.leesbaar", OORDEEL, "002 §4.9", "Een document dat niet automatisch te lezen is, beoordeelt de "
     "zorginkoper."),
    ("handmatig.*", OORDEEL, "002 §4.9", "De zorginkoper beoordeelt het document."),
    ("integriteit.*", OORDEEL, "002 §4.6", "De zorginkoper toetst in de eigen bronnen."),
    ("gesprek.*", GESPREK, "002 §4.6 (laatste fase)",
     "Gewogen na het gesprek; het eindoordeel is aan het zorgkantoor."),
]
# The 2016 kader (seed 004 §2.2) uses the same rules with the same forces.
KRACHTEN_2016 = KRACHTEN_2022

STANDAARD = {patroon: kracht for patroon, kracht, _bron, _waarom in KRACHTEN_2022}


def _specificiteit(patroon: str) -> tuple[int, int]:
    return (-patroon.count("*"), len(patroon))


def expliciet(regel: str, krachten: dict[str, str]) -> bool:
    """Whether a row (the code itself or a pattern) gives this rule its force."""
    return regel in krachten or any("*" in p and fnmatchcase(regel, p) for p in krachten)


def kracht_van(regel: str, krachten: dict[str, str] | None = None) -> str:
    """The force of one rule code under ``krachten`` ({pattern: force}); the defaults when none are given."""
    krachten = STANDAARD if krachten is None else krachten
    if regel in krachten:
        return krachten[regel]
    passend = [p for p in krachten if "*" in p and fnmatchcase(regel, p)]
    if not passend:
        return ONBEKEND
    return krachten[max(passend, key=_specificiteit)]


def laad_krachten(regelset, RegelKracht, rijen) -> None:
    """Give a rule set these forces (real models, or a migration's historical ones); existing rows are kept."""
    for patroon, kracht, bron, waarom in rijen:
        RegelKracht.objects.get_or_create(regelset=regelset, regel=patroon,
                                          defaults={"kracht": kracht, "bron": bron, "toelichting": waarom})
