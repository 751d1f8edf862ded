"""From recorded results to a proposed decision, by the rule set's overeenkomst table (data).

The conditions a row may name are this fixed vocabulary; each is answered from the contract history,
the recorded results or the zorginkoper's integriteitstoets — never from memory of a year's kader.
"""

from dataclasses import asdict, dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from inschrijving.models import Overeenkomst, OvereenkomstRegel, OvereenkomstSoort

VOORWAARDEN = {
    "heel_inschrijfjaar": _("Een overeenkomst met dit zorgkantoor voor het hele inschrijfjaar"),
    "niet_onder_voorwaarden": _("Die overeenkomst was niet onder voorwaarden"),
    "overeenkomst_vorig_jaar": _("Een overeenkomst met een zorgkantoor in het voorgaande jaar"),
    "geen_verscherpt_toezicht": _("Geen locatie onder verscherpt toezicht van de inspectie"),
    "geen_fraudeonderzoek": _("Geen lopend fraudeonderzoek"),
    "geen_fraude_sinds_2010": _("Geen vastgestelde fraude sinds 2010"),
    "ontwikkelplan_akkoord": _("Een overeengekomen ontwikkelplan"),
    # Answered from the submitted dossier (004 §2.2.3: the zelfanalyse is a condition for an opslag).
    "zelfanalyse_ingediend": _("Een zelfanalyse ingediend bij de inschrijving"),
    "geen_zelfanalyse": _("Geen zelfanalyse ingediend bij de inschrijving"),
}
# Conditions the zorginkoper answers in the integriteitstoets (a recorded result per condition).
HANDMATIGE_VOORWAARDEN = ("geen_verscherpt_toezicht", "geen_fraudeonderzoek", "geen_fraude_sinds_2010",
                          "ontwikkelplan_akkoord")
# Their results only choose a row of the table: "voldoet niet" there is no ground for rejection (004 §2.2.3).
VOORWAARDE_REGELS = frozenset(f"integriteit.{code}" for code in HANDMATIGE_VOORWAARDEN)


@dataclass
class Voorstel:
    soort: str
    looptijd_jaren: int = 0
    verlenging_jaren: int = 0
    met_opslag: bool = False
    onder_voorwaarden: bool = False
    voorwaarden: list = field(default_factory=list)  # [{"regel", "titel", "vervaldatum", "moment"}]
    redenen: list = field(default_factory=list)  # [{"regel", "titel", "toelichting", "bron"}]
    regel: str = ""  # which row of the table, for the record
    bron: str = ""
    # Signals weighed in the gesprek without bezwaar: the reasoning of a positive proposal.
    overwegingen: list = field(default_factory=list)  # [{"regel", "titel", "bevinding", "bron"}]

    def als_dict(self) -> dict:
        """For Besluit.voorstel. ``overwegingen`` only when there are any: a decision recorded before signals were
        weighed has none either, so readers use ``.get("overwegingen", [])``."""
        gegevens = asdict(self)
        if not gegevens["overwegingen"]:
            del gegevens["overwegingen"]
        return gegevens

    @property
    def label(self) -> str:
        return OvereenkomstSoort(self.soort).label


def voorwaarde_geldt(code: str, beoordeling, resultaten: dict, geschiedenis: list[Overeenkomst]) -> bool:
    """Whether one condition of the overeenkomst table holds; ``geschiedenis`` is the aanbieder's contracts."""
    inschrijving = beoordeling.inschrijving
    jaar = inschrijving.ronde.inschrijfjaar
    if code in ("heel_inschrijfjaar", "niet_onder_voorwaarden"):
        heel = [o for o in geschiedenis if o.zorgkantoor_id == inschrijving.zorgkantoor_id and o.dekt_jaar(jaar)]
        if code == "heel_inschrijfjaar":
            return bool(heel)
        return bool(heel) and not any(o.onder_voorwaarden for o in heel)
    if code == "overeenkomst_vorig_jaar":
        return any(o.loopt_in_jaar(jaar) for o in geschiedenis)
    if code in HANDMATIGE_VOORWAARDEN:
        resultaat = resultaten.get(f"integriteit.{code}")
        return resultaat is not None and resultaat.uitkomst == "voldoet"
    if code in ("zelfanalyse_ingediend", "geen_zelfanalyse"):
        ingediend = zelfanalyse_ingediend(beoordeling.indiening.snapshot)
        return ingediend if code == "zelfanalyse_ingediend" else not ingediend
    raise ValueError(f"Onbekende voorwaarde {code!r} in de overeenkomsttabel")


def zelfanalyse_ingediend(snapshot: dict | None) -> bool:
    """Whether the submitted dossier holds a zelfanalyse: at least one quality theme with something filled in
    (004 §2.2.3). Whether it is *zorgvuldig* the zorgkantoor judges in the dialogue."""
    per_thema = (snapshot or {}).get("zelfanalyse") or {}
    return any(isinstance(velden, dict) and any(str(waarde).strip() for veld, waarde in velden.items()
                                                if veld != "thema" and waarde)
               for velden in per_thema.values())


def _reden(r) -> dict:
    return {"regel": r.regel, "titel": r.titel, "toelichting": r.toelichting, "bron": r.bron}


def bereken_voorstel(beoordeling) -> Voorstel:
    """What DOMAIN.md's table prescribes for this assessment as recorded."""
    from beoordeling.models import Fase

    resultaten = {r.regel: r for r in beoordeling.resultaten.all()}
    if beoordeling.fase in (Fase.VOORSTEL_NIET_IN_BEHANDELING, Fase.NIET_IN_BEHANDELING):
        # Step 1 found the inschrijving incomplete: every missing item is a reason (002 §4.6).
        return Voorstel(OvereenkomstSoort.AFWIJZING, redenen=[_reden(r) for r in resultaten.values()
                                                              if r.uitkomst == "voldoet_niet"
                                                              and r.stap == "volledigheid"],
                        bron="002 §4.6: onvolledige inschrijvingen worden niet in behandeling genomen")
    redenen = [_reden(r) for r in resultaten.values()
               if r.uitkomst == "voldoet_niet" and r.regel not in VOORWAARDE_REGELS]
    gesprek = getattr(beoordeling, "gesprek", None)
    overwegingen = []
    # The signals as the gesprek weighed them, or (types 1a, 1b, 2: no gesprek) the zorginkoper in the controle.
    oordelen, weging = ((gesprek.signaal_oordelen, GESPREK_BRON) if gesprek is not None
                        else (beoordeling.signaal_oordelen, CONTROLE_BRON))
    signaalredenen, overwegingen = _gewogen_signalen(oordelen, resultaten, weging)
    redenen += signaalredenen
    if gesprek is not None:
        redenen += [{"regel": "gesprek", "titel": bezwaar, "toelichting": (gesprek.oordelen.get(code) or {}).get(
            "toelichting", ""), "bron": "002 §4.6 (gesprek)"}
            for code, bezwaar in _bezwaren(gesprek)]
    if redenen:
        return Voorstel(OvereenkomstSoort.AFWIJZING, redenen=redenen, overwegingen=overwegingen,
                        bron="002 §4.6: uitsluiting of afwijzing op de genoemde gronden")
    regelset = beoordeling.inschrijving.regelset()
    rijen = OvereenkomstRegel.objects.filter(regelset=regelset).order_by("volgorde")
    # Read the contract history once, not once per condition of every row.
    geschiedenis = list(Overeenkomst.objects.filter(zorgaanbieder=beoordeling.inschrijving.zorgaanbieder_id))
    for rij in rijen:
        if rij.aanbieder_type and rij.aanbieder_type != beoordeling.inschrijving.aanbieder_type:
            continue
        if all(voorwaarde_geldt(code, beoordeling, resultaten, geschiedenis) for code in rij.voorwaarden):
            voorwaarden = _inregelitems(beoordeling, resultaten)
            return Voorstel(rij.soort, rij.looptijd_jaren, rij.verlenging_jaren, rij.met_opslag,
                            onder_voorwaarden=bool(voorwaarden), voorwaarden=voorwaarden,
                            regel=f"{regelset.naam} / rij {rij.volgorde + 1}", bron=rij.bron,
                            overwegingen=overwegingen)
    return Voorstel(OvereenkomstSoort.AFWIJZING, redenen=[{
        "regel": "overeenkomsttabel", "titel": _("Geen passende overeenkomst in de regelset"),
        "toelichting": _("Geen rij van de overeenkomsttabel is van toepassing."), "bron": regelset.naam}],
        overwegingen=overwegingen)


GESPREK_BRON = "002 §4.6 (gesprek)"
CONTROLE_BRON = "002 §4.6 (weging door het zorgkantoor)"


def _gewogen_signalen(oordelen: dict | None, resultaten: dict, weging: str) -> tuple[list[dict], list[dict]]:
    """The signals as weighed (``Gesprek.signaal_oordelen``, or ``Beoordeling.signaal_oordelen`` where no gesprek
    follows), in the order of the controle: those judged a bezwaar as reasons of the afwijzing, citing the signal's
    rule and the finding; the others as overwegingen of the proposal. Only recorded signals count; a judgement of
    anything else is ignored."""
    oordelen = oordelen or {}
    redenen, overwegingen = [], []
    for r in resultaten.values():
        oordeel = oordelen.get(r.regel)
        if r.uitkomst != "signaal" or not isinstance(oordeel, dict) or not isinstance(oordeel.get("bezwaar"), bool):
            continue
        bron = f"{weging}; {r.bron}"
        if oordeel["bezwaar"]:
            redenen.append({"regel": r.regel, "titel": r.titel, "toelichting": oordeel.get("bevinding", ""),
                            "bron": bron})
        else:
            overwegingen.append({"regel": r.regel, "titel": r.titel, "bevinding": oordeel.get("bevinding", ""),
                                 "bron": bron})
    return redenen, overwegingen


def _bezwaren(gesprek):
    from beoordeling.models import AFWIJZINGSGRONDEN

    return [(code, str(label)) for code, label in AFWIJZINGSGRONDEN
            if (gesprek.oordelen.get(code) or {}).get("bezwaar")]


def _inregelitems(beoordeling, resultaten) -> list[dict]:
    """Items due at the start of care (Z) or six months after the start (6) not yet in order. The start is the
    round's start of the overeenkomst: 1 January, or a tussentijdse round's own (002 §4.6 "uiterlijk zes maanden
    na ingangsdatum van de overeenkomst"; §4.7)."""
    start = beoordeling.inschrijving.ronde.ingangsdatum_overeenkomst
    documenten = {d["code"]: d for d in beoordeling.indiening.snapshot["regels"]["documenten"]}
    items = []
    for r in resultaten.values():
        if r.uitkomst != "inregeltijd":
            continue
        code = r.onderdeel.split(":", 1)[-1]
        moment = documenten.get(code, {}).get("moment", "6")
        vervaldatum = start + relativedelta(months=6) if moment == "6" else start
        items.append({"regel": r.regel, "code": code, "titel": documenten.get(code, {}).get("naam", r.titel),
                      "moment": moment, "vervaldatum": vervaldatum.isoformat(),
                      "toelichting": _("uiterlijk zes maanden na ingang van de overeenkomst") if moment == "6"
                      else _("vóór aanvang van de zorglevering")})
    return sorted(items, key=lambda i: (i["vervaldatum"], i["titel"]))
