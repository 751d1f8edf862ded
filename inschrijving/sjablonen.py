"""The template rule sets, as published (loaded by a data migration, then edited as data in admin).

2022: Inkoopkader Wlz 2021-2023, Aanvulling voor 2022 (seed 002), §4.5 (what each type submits) and
§4.9 (the documents for a nieuwe zorgaanbieder, each with its moment I, Z or 6). Where DOMAIN.md and the
seed differ, the seed's table is followed: the Regeling AO/IC is marked for the start of care (Z).
"""

from decimal import Decimal

from inschrijving.krachten import KRACHTEN_2016, KRACHTEN_2022, laad_krachten

BRON_2022 = "Inkoopkader Wlz 2021-2023, Aanvulling voor 2022"
SJABLOON_2022 = "Inkoopkader Wlz 2022 (sjabloon)"

# code, naam, moment, controle, max. leeftijd (maanden), min. verzekerd bedrag, niet voor starters, bron, toelichting
DOCUMENTEN_2022 = [
    ("kvk_uittreksel", "Uittreksel Handelsregister KvK", "I", "uittreksel", 6, None, False, "002 §4.9",
     "Met de namen van de leden van het toezichthoudend orgaan; dezelfde rechtspersoon als de inschrijver; de "
     "bevoegdheid van de ondertekenaar blijkt eruit, of voeg een volmacht toe."),
    ("ubo_uittreksel", "Uittreksel UBO-register", "I", "uittreksel", 6, None, False, "002 §4.9",
     "Afschrift van de inschrijving van de UBO('s), dezelfde rechtspersoon als de inschrijver."),
    ("wtzi_toelating", "Wtzi-toelating of Wtza-vergunning", "I", "toelating", None, None, False, "002 §4.9",
     "Dezelfde rechtspersoon; de functies uit het ondernemingsplan staan op de toelating."),
    ("vog_rp", "Verklaring omtrent gedrag rechtspersoon (VOG RP)", "I", "vog", 12, None, False, "002 §4.9",
     "Niet ouder dan een jaar en aangevraagd voor deze inkoopprocedure. Een VOG natuurlijk persoon of een "
     "Gedragsverklaring Aanbesteding volstaat niet."),
    ("statuten", "Statuten", "I", "aanwezig", None, None, False, "002 §4.9",
     "Actuele statuten, in lijn met het ondernemingsplan, met de Governancecode Zorg (toezichthoudend orgaan) "
     "geborgd."),
    ("polisblad", "Polisblad aansprakelijkheidsverzekering", "I", "polis", None, Decimal("2500000.00"), False,
     "002 §4.9", "Minimaal EUR 2.500.000 per gebeurtenis, op naam van de inschrijver, ingaand uiterlijk op de "
     "ingangsdatum van de overeenkomst."),
    ("igj_vragenlijst", "Vragenlijst IGJ nieuwe zorgaanbieders met bewijs van indiening", "I", "aanwezig", None,
     None, False, "002 §4.9", "Of het bewijs dat melden nog niet mogelijk was, of een verklaring van de IGJ."),
    ("organogram", "Organogram juridische structuur", "I", "aanwezig", None, None, False, "002 §4.9/§4.10",
     "Raad van bestuur/directie, onafhankelijk toezicht, cliëntenraad, en bij een holding een toelichting."),
    ("governancecode", "Borging Governancecode Zorg", "Z", "aanwezig", None, None, False, "002 §4.9",
     "Statutaire of reglementaire borging van de elementen van de Governancecode Zorg."),
    ("kwaliteitskader", "Deelname kwaliteitskader of erkend kwaliteitssysteem", "Z", "aanwezig", None, None, False,
     "002 §4.9", "Na het eerste jaar een kwaliteitsverslag (GGZ: de voorlopige kwaliteitsuitgangspunten)."),
    ("bedrijfsadministratie", "Gedegen bedrijfsadministratie (AW319 en iWlz)", "Z", "aanwezig", None, None, False,
     "002 §4.9", "Declaraties (AW319) en iWlz-berichten aan het zorgkantoor."),
    ("privacybeleid", "Privacybeleid (AVG)", "Z", "aanwezig", None, None, False, "002 §4.9",
     "Gepubliceerd op de website met een werkende link en met de zeven genoemde punten."),
    ("klachtenregeling", "Klachtenregeling (Wkkgz)", "Z", "aanwezig", None, None, False, "002 §4.9",
     "Gepubliceerd met een werkende link; reactie binnen zes weken; onafhankelijke klachtenfunctionaris; "
     "aangesloten bij een geschilleninstantie."),
    ("ao_ic", "Regeling AO/IC", "Z", "aanwezig", None, None, False, "002 §4.9",
     "Tenzij dit op grond van wet- en regelgeving niet langer is vereist."),
    ("clientenraad", "Cliëntenraad (Wmcz)", "6", "aanwezig", None, None, False, "002 §4.9",
     "Aanwezigheid, tenaamstelling en samenstelling, of een andere vorm van cliëntenmedezeggenschap."),
]

# The documents whose requirement depends on the dossier (DocumentVoorwaarde), for the types that hand them in:
# code, naam, voorwaarde, niet voor starters, volgorde, bron, toelichting, types.
DOCUMENTEN_2022_VOORWAARDELIJK = [
    ("volmacht", "Volmacht van de ondertekenaar", "volmacht", False, 1, "002 §4.9 (uittreksel KvK)",
     "Alleen als de bevoegdheid van de ondertekenaar niet uit het KvK-uittreksel blijkt: \"of er moet een volmacht "
     "zijn (die eveneens verstrekt moet worden)\".", ["3"]),
    ("jaarrekening_t3", "Enkelvoudige jaarrekening, boekjaar contractjaar − 3", "", True, 8, "002 §4.9, §4.10",
     "De vastgestelde jaarrekening van de inschrijver zelf over het derde jaar vóór het contractjaar (voor 2022: "
     "2019). Niet voor een startende organisatie waarvan nog geen jaarrekening is vastgesteld.", ["2", "3"]),
    ("jaarrekening_t2", "Enkelvoudige jaarrekening, boekjaar contractjaar − 2", "", True, 9, "002 §4.9, §4.10",
     "De vastgestelde jaarrekening van de inschrijver zelf over het tweede jaar vóór het contractjaar (voor 2022: "
     "2020). Niet voor een startende organisatie waarvan nog geen jaarrekening is vastgesteld.", ["2", "3"]),
    ("jaarrekening_moeder_t3", "Geconsolideerde jaarrekening (groot)moedermaatschappij, boekjaar contractjaar − 3",
     "moedermaatschappij", False, 10, "002 §4.9, §4.10",
     "Alleen als de inschrijver een (groot)moedermaatschappij heeft; ook voor een startende organisatie.",
     ["2", "3"]),
    ("jaarrekening_moeder_t2", "Geconsolideerde jaarrekening (groot)moedermaatschappij, boekjaar contractjaar − 2",
     "moedermaatschappij", False, 11, "002 §4.9, §4.10",
     "Alleen als de inschrijver een (groot)moedermaatschappij heeft; ook voor een startende organisatie.",
     ["2", "3"]),
    ("gewijzigde_documenten", "Gewijzigde documenten", "wijzigingen", False, 30, "002 §4.5",
     "Alleen bij wijzigingen ten opzichte van de eerdere inschrijvingsdocumenten of overeenkomst: de gewijzigde "
     "documenten, samen in één PDF. Onderbouwende stukken kan het zorgkantoor ook later opvragen.", ["1a", "1b"]),
]


def laad_voorwaardelijke_documenten(regelset, DocumentType, TypeEis, Document=None) -> None:
    """Add the conditional documents of 002 §4.5, §4.9 and §4.10 to a 2022 rule set (template or a round's copy),
    and retire its old single "jaarrekeningen" type where no document uses it."""
    for code, naam, voorwaarde, starters, volgorde, bron, toelichting, types in DOCUMENTEN_2022_VOORWAARDELIJK:
        documenttype, _n = DocumentType.objects.get_or_create(
            regelset=regelset, code=code,
            defaults={"naam": naam, "moment": "I", "controle": "aanwezig", "voorwaarde": voorwaarde,
                      "niet_voor_starters": starters, "bron": bron, "toelichting": toelichting,
                      "volgorde": volgorde})
        for eis in TypeEis.objects.filter(regelset=regelset, aanbieder_type__in=types):
            eis.documenten.add(documenttype)
    oud = DocumentType.objects.filter(regelset=regelset, code="jaarrekeningen").first()
    if oud is not None and (Document is None or not Document.objects.filter(documenttype=oud).exists()):
        oud.delete()


# aanbiedertype: verklaring, ondernemingsplan, documenten (codes), toelichting
TYPE_EISEN_2022 = [
    ("1a", "instemming", "geen", [], "002 §4.5 punt 1: instemmingsverklaring; wijzigingen sinds de vorige "
     "inschrijving melden."),
    ("1b", "bestuur", "geen", [], "002 §4.5 punt 2: bestuursverklaring; onderbouwende stukken desgevraagd "
     "kunnen overleggen."),
    ("2", "bestuur", "beknopt", [], "002 §4.5 punt 3: bestuursverklaring en een beknopt ondernemingsplan "
     "(bedrijfsplan en financieel plan)."),
    ("3", "bestuur", "volledig", [d[0] for d in DOCUMENTEN_2022], "002 §4.5 punt 4 en §4.9: bestuursverklaring, "
     "ondernemingsplan en de onderbouwende documenten."),
]


# The overeenkomst table (002 §4.4 and §4.6): type, conditions, soort, looptijd, verlenging, bron.
OVEREENKOMSTEN_2022 = [
    ("1a", [], "voortzetting", 0, 0, "002 §4.4: de lopende meerjarige overeenkomst loopt door"),
    ("1b", ["heel_inschrijfjaar", "niet_onder_voorwaarden"], "tweejarig", 2, 0,
     "002 §4.4: het hele voorafgaande jaar een overeenkomst, niet onder voorwaarden"),
    ("1b", [], "eenjarig_verlenging", 1, 1, "002 §4.4: een overeenkomst voor een deel van het voorafgaande jaar"),
    ("2", [], "eenjarig_verlenging", 1, 1, "002 §4.4: bestaand maar nieuw voor het zorgkantoor"),
    ("3", [], "eenjarig_verlenging", 1, 1, "002 §4.4/§4.6: nieuwe zorgaanbieder; onder voorwaarden bij inregeltijd"),
]


def laad_overeenkomsten(regelset, OvereenkomstRegel, rijen):
    OvereenkomstRegel.objects.filter(regelset=regelset).delete()
    for volgorde, (aanbieder_type, voorwaarden, soort, looptijd, verlenging, *rest) in enumerate(rijen):
        bron, met_opslag = ([*rest, False])[:2]
        OvereenkomstRegel.objects.create(regelset=regelset, volgorde=volgorde, aanbieder_type=aanbieder_type,
                                         voorwaarden=voorwaarden, soort=soort, looptijd_jaren=looptijd,
                                         verlenging_jaren=verlenging, bron=bron, met_opslag=met_opslag)


def laad_sjabloon_2022(Regelset, DocumentType, TypeEis, naam=SJABLOON_2022):
    """Create the 2022 template with the given model classes (real ones, or a migration's historical ones)."""
    regelset, _nieuw = Regelset.objects.get_or_create(
        naam=naam, defaults={"kader": "2022", "is_sjabloon": True, "bron": BRON_2022,
                             "max_aandeel_onderaanneming": Decimal("33.33"), "min_toezichthouders": 2})
    typen = {}
    for volgorde, (code, docnaam, moment, controle, maanden, bedrag, starters, bron, toelichting) in enumerate(
            DOCUMENTEN_2022):
        typen[code], _n = DocumentType.objects.update_or_create(
            regelset=regelset, code=code,
            defaults={"naam": docnaam, "moment": moment, "controle": controle, "max_leeftijd_maanden": maanden,
                      "min_verzekerd_bedrag": bedrag, "niet_voor_starters": starters, "bron": bron,
                      "toelichting": toelichting, "volgorde": volgorde})
    for aanbieder_type, verklaring, plan, codes, toelichting in TYPE_EISEN_2022:
        eis, _n = TypeEis.objects.update_or_create(
            regelset=regelset, aanbieder_type=aanbieder_type,
            defaults={"verklaring": verklaring, "ondernemingsplan": plan, "toelichting": toelichting})
        eis.documenten.set([typen[c] for c in codes])
    return regelset


SJABLOON_2016 = "Inkoopkader Langdurige Zorg 2016 (sjabloon)"
BRON_2016 = "Inkoopkader Langdurige Zorg 2016 (GZ)"
# 2016 (004 §2.2.2): bestaand submits only the bestuursverklaring; every kind of nieuw adds the bewijsstukken.
DOCUMENTEN_2016 = ["kvk_uittreksel", "ubo_uittreksel", "wtzi_toelating", "vog_rp", "statuten", "polisblad"]
TYPE_EISEN_2016 = [
    ("b", "bestuur", "geen", [], "004 §2.2.2: bestaande zorgaanbieder, alleen de bestuursverklaring."),
    ("nr", "bestuur", "geen", DOCUMENTEN_2016, "004 §2.2.2: nieuw in de regio, met bewijsstukken."),
    ("gn", "bestuur", "geen", DOCUMENTEN_2016, "004 §2.2.2: geheel nieuw, met bewijsstukken."),
    ("nz", "bestuur", "geen", DOCUMENTEN_2016, "004 §2.2.2: nieuw zzp/vpt (tot nu toe alleen extramurale zorg), "
     "met bewijsstukken."),
]
# The zelfanalyse is not a completeness requirement in 2016 (004 §2.2.3: it "leidt niet tot een opslag", but is a
# condition for one); a round that wants it at inschrijving sets zelfanalyse_vereist on its own copy.
# The table (004 §2.2.2-§2.2.4) holds for every type, nieuw zzp/vpt included: toetredingseisen give an eenjarige
# overeenkomst at the basistarief; an opslag needs a zelfanalyse with the inschrijving and an agreed definitive
# ontwikkelplan; a tweejarige overeenkomst the four national conditions as well. Without a zelfanalyse the proposal
# names that reason (row 3).
OVEREENKOMSTEN_2016 = [
    ("", ["zelfanalyse_ingediend", "ontwikkelplan_akkoord", "geen_verscherpt_toezicht", "geen_fraudeonderzoek",
          "geen_fraude_sinds_2010", "overeenkomst_vorig_jaar"], "tweejarig", 2, 0,
     "004 §2.2.4: tweejarige overeenkomst met opslag op het basistarief (overeengekomen ontwikkelplan en de "
     "landelijke voorwaarden)", True),
    ("", ["zelfanalyse_ingediend", "ontwikkelplan_akkoord"], "eenjarig", 1, 0,
     "004 §2.2.4: eenjarige overeenkomst met opslag op het basistarief (overeengekomen ontwikkelplan)", True),
    ("", ["geen_zelfanalyse"], "eenjarig", 1, 0,
     "004 §2.2.3, §2.2.4: geen zelfanalyse bij de inschrijving; de zelfanalyse is een voorwaarde voor een opslag, "
     "dus eenjarig tegen het basistarief", False),
    ("", [], "eenjarig", 1, 0,
     "004 §2.2.2, §2.2.4: toetredingseisen vervuld, geen overeengekomen ontwikkelplan; eenjarig tegen het "
     "basistarief", False),
]
# No onderaanneming guideline in 2016: the 2/3 rule is the 2022 kader's (002 §4.1). Not passed to
# laad_sjabloon_2016, which migration 0005 runs while the field is still required; set by migration 0011 and by
# sjabloon_2016().
ONDERAANNEMING_2016 = {"max_aandeel_onderaanneming": None}


def laad_sjabloon_2016(Regelset, DocumentType, TypeEis, OvereenkomstRegel, naam=SJABLOON_2016):
    regelset, _nieuw = Regelset.objects.get_or_create(
        naam=naam, defaults={"kader": "2016", "is_sjabloon": True, "bron": BRON_2016, "max_opslag": Decimal("3.00"),
                             "richttarief": Decimal("100"), "zelfanalyse_vereist": False,
                             "min_toezichthouders": 2})
    typen = {}
    for volgorde, (code, docnaam, moment, controle, maanden, bedrag, starters, _bron, toelichting) in enumerate(
            DOCUMENTEN_2022):
        if code in DOCUMENTEN_2016:
            typen[code], _n = DocumentType.objects.update_or_create(
                regelset=regelset, code=code,
                defaults={"naam": docnaam, "moment": moment, "controle": controle, "max_leeftijd_maanden": maanden,
                          "min_verzekerd_bedrag": bedrag, "niet_voor_starters": starters, "bron": "004 §2.2.2",
                          "toelichting": toelichting, "volgorde": volgorde})
    for aanbieder_type, verklaring, plan, codes, toelichting in TYPE_EISEN_2016:
        eis, _n = TypeEis.objects.update_or_create(
            regelset=regelset, aanbieder_type=aanbieder_type,
            defaults={"verklaring": verklaring, "ondernemingsplan": plan, "toelichting": toelichting})
        eis.documenten.set([typen[c] for c in codes])
    laad_overeenkomsten(regelset, OvereenkomstRegel, OVEREENKOMSTEN_2016)
    return regelset


def sjabloon_2022():
    """The 2022 template, loaded again if it is missing (e.g. after a database flush)."""
    from inschrijving.models import DocumentType, OvereenkomstRegel, RegelKracht, Regelset, TypeEis

    regelset = Regelset.objects.filter(naam=SJABLOON_2022).first()
    if regelset is None:
        regelset = laad_sjabloon_2022(Regelset, DocumentType, TypeEis)
        laad_voorwaardelijke_documenten(regelset, DocumentType, TypeEis)
        laad_overeenkomsten(regelset, OvereenkomstRegel, OVEREENKOMSTEN_2022)
        laad_krachten(regelset, RegelKracht, KRACHTEN_2022)
    return regelset


# The 2016 tariff: the zorgkantoor's regional basistarief plus an agreed opslag (set by migration 0008 too).
TARIEF_2016 = {"tarief_grondslag": "basistarief", "nhc_nic_percentage": None,
               "tarief_bron": "004 §2.2.2 (basistarief), §2.2.4 (opslag)"}


def sjabloon_2016():
    """The 2016 template, loaded again if it is missing (e.g. after a database flush)."""
    from inschrijving.models import DocumentType, OvereenkomstRegel, RegelKracht, Regelset, TypeEis

    regelset = Regelset.objects.filter(naam=SJABLOON_2016).first()
    if regelset is None:
        regelset = laad_sjabloon_2016(Regelset, DocumentType, TypeEis, OvereenkomstRegel)
        Regelset.objects.filter(pk=regelset.pk).update(**TARIEF_2016, **ONDERAANNEMING_2016)
        laad_krachten(regelset, RegelKracht, KRACHTEN_2016)
        regelset.refresh_from_db()
    return regelset
