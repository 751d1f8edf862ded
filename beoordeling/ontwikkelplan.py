"""The definitive ontwikkelplan of a 2016-rules round and its assessment, which leads to the opslag on the
basistarief (004 §2.2.4, "Bepaling van de prijs" and "Beoordelingskader ontwikkelplan").

The zelfanalyse is the gate (004 §2.2.3: "De zelfanalyse leidt niet tot een opslag op het basistarief. Wel is de
zelfanalyse een voorwaarde ... om in aanmerking te komen voor een opslag"): without a zelfanalyse in the submitted
dossier no plan is submitted or scored, the proposed opslag is 0 and the overeenkomst table proposes the eenjarige
overeenkomst at the basistarief, naming that reason.

The aanbieder submits the plan: a cliëntgericht doel with its SMART approach, planning, investment, risks,
intended results and the evidence. The zorgkantoor scores it 0–10 on the three criteria of the kader (effect for
the client; ambition against size and capacity; feasibility), weighted per round and zorgkantoor, and determines
the opslag:

    opslag = max_opslag × Σ(weging × score) / (10 × Σ weging), rounded down to 0.01 %; 0 when not agreed.

Whether the plan is agreed is recorded as the result ``integriteit.ontwikkelplan_akkoord``, which the 2016
overeenkomst table reads (tweejarig / eenjarig met opslag). Only rounds whose rule set has ``max_opslag > 0``
know an ontwikkelplan.
"""

from decimal import ROUND_FLOOR, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beoordeling import audit, services
from beoordeling.besluitregels import zelfanalyse_ingediend
from beoordeling.brief import procent
from beoordeling.models import Beoordeling, Fase, Ontwikkelplan, OntwikkelplanWeging, Toetsresultaat, Uitkomst
from inschrijving.models import Gebruiker

REGEL = "integriteit.ontwikkelplan_akkoord"
ONDERDELEN = ("doel", "smart_aanpak", "planning", "investering", "risicos", "resultaten", "onderbouwing")
CRITERIA = ("effect", "ambitie", "haalbaarheid")
# While the zorgkantoor still assesses; once a decision is proposed the opslag is the decision's.
TE_SCOREN = (Fase.CONTROLE, Fase.GESPREK, Fase.BESLUIT)
CENT = Decimal("0.01")
BRON = "004 §2.2.4"


def max_opslag(beoordeling: Beoordeling) -> Decimal:
    regelset = beoordeling.inschrijving.regelset()
    return Decimal(regelset.max_opslag or 0) if regelset else Decimal(0)


def kent_ontwikkelplan(beoordeling: Beoordeling) -> bool:
    return max_opslag(beoordeling) > 0


def geen_opslag_reden(beoordeling: Beoordeling) -> str:
    """Why this assessment cannot lead to an opslag although its rules know one ("" when it can): no zelfanalyse
    was submitted with the inschrijving (004 §2.2.3)."""
    if kent_ontwikkelplan(beoordeling) and not zelfanalyse_ingediend(beoordeling.indiening.snapshot):
        return _("Bij de inschrijving is geen zelfanalyse ingediend. De zelfanalyse is een voorwaarde voor een "
                 "voorstel voor een ontwikkelplan en daarmee voor een opslag op het basistarief (inkoopkader 2016 "
                 "§2.2.3); de overeenkomst is eenjarig tegen het basistarief (§2.2.2, §2.2.4).")
    return ""


def weging_voor(ronde, zorgkantoor) -> OntwikkelplanWeging:
    """The zorgkantoor's weights for the round; equal weights (unsaved) where none were set."""
    return (OntwikkelplanWeging.objects.filter(ronde=ronde, zorgkantoor=zorgkantoor).first()
            or OntwikkelplanWeging(ronde=ronde, zorgkantoor=zorgkantoor))


def bereken_opslag(*, maximum: Decimal, wegingen: tuple[int, int, int], scores: tuple[int, int, int],
                   akkoord: bool) -> Decimal:
    if not akkoord:
        return Decimal("0.00")
    totaal = sum(wegingen)
    if totaal <= 0:
        raise ValidationError(_("De wegingen zijn samen 0."))
    gewogen = sum(Decimal(w) * Decimal(s) for w, s in zip(wegingen, scores, strict=True))
    return (Decimal(maximum) * gewogen / (10 * totaal)).quantize(CENT, rounding=ROUND_FLOOR)


def voorgestelde_opslag(beoordeling: Beoordeling) -> Decimal:
    """The opslag the scored ontwikkelplan leads to; 0 without a scored plan or without a zelfanalyse."""
    if not zelfanalyse_ingediend(beoordeling.indiening.snapshot):
        return Decimal("0.00")
    plan = Ontwikkelplan.objects.filter(beoordeling=beoordeling, opslag__isnull=False).first()
    return plan.opslag if plan else Decimal("0.00")


@transaction.atomic
def plan_indienen(*, beoordeling: Beoordeling, gegevens: dict, door: Gebruiker) -> Ontwikkelplan:
    """The aanbieder (tekenbevoegde or medewerker) submits, or replaces, the definitive plan until it is scored."""
    beoordeling = Beoordeling.objects.select_for_update().select_related("inschrijving").get(pk=beoordeling.pk)
    inschrijving = beoordeling.inschrijving
    if not door.is_aanbieder or door.zorgaanbieder_id != inschrijving.zorgaanbieder_id:
        raise PermissionDenied
    if not kent_ontwikkelplan(beoordeling):
        raise ValidationError(_("De regelset van deze ronde kent geen ontwikkelplan en geen opslag."))
    if reden := geen_opslag_reden(beoordeling):
        raise ValidationError(reden)
    if beoordeling.is_eindfase:
        raise ValidationError(_("De beoordeling is afgerond; een ontwikkelplan kan niet meer worden ingediend."))
    plan = Ontwikkelplan.objects.filter(beoordeling=beoordeling).first() or Ontwikkelplan(beoordeling=beoordeling)
    if plan.beoordeeld_op:
        raise ValidationError(_("Het ontwikkelplan is al beoordeeld en kan niet meer worden gewijzigd."))
    waarden = {veld: str(gegevens.get(veld) or "").strip() for veld in ONDERDELEN}
    verplicht = _("Dit onderdeel van het ontwikkelplan is verplicht.")
    leeg = {veld: verplicht for veld, tekst in waarden.items() if not tekst}
    if leeg:
        raise ValidationError(leeg)
    for veld, tekst in waarden.items():
        setattr(plan, veld, tekst)
    opnieuw = plan.pk is not None
    plan.ingediend_door, plan.ingediend_op = door, timezone.now()
    plan.save()
    audit.log(actie="ontwikkelplan_ingediend", inschrijving=inschrijving, door=door,
              omschrijving=_("Ontwikkelplan opnieuw ingediend") if opnieuw else _("Ontwikkelplan ingediend"))
    return plan


def _geheel(waarde, veld: str, minimum: int, maximum: int | None = None) -> int:
    try:
        getal = int(waarde)
    except (TypeError, ValueError):
        raise ValidationError({veld: _("Vul een geheel getal in.")}) from None
    if getal != waarde and str(getal) != str(waarde).strip():
        raise ValidationError({veld: _("Vul een geheel getal in.")})
    if getal < minimum or (maximum is not None and getal > maximum):
        raise ValidationError({veld: _("Vul een getal van %(min)s tot en met %(max)s in.") % {
            "min": minimum, "max": maximum} if maximum is not None else _("Vul 0 of meer in.")})
    return getal


@transaction.atomic
def weging_instellen(*, ronde, zorgkantoor, effect, ambitie, haalbaarheid, door: Gebruiker) -> OntwikkelplanWeging:
    """Zorgkantoor staff set how their zorgkantoor weighs the three criteria in a round."""
    if not door.is_zorgkantoor or door.zorgkantoor_id != zorgkantoor.pk:
        raise PermissionDenied
    if not ronde.zorgkantoren.filter(pk=zorgkantoor.pk).exists():
        raise PermissionDenied
    wegingen = {"effect": _geheel(effect, "effect", 0, 100), "ambitie": _geheel(ambitie, "ambitie", 0, 100),
                "haalbaarheid": _geheel(haalbaarheid, "haalbaarheid", 0, 100)}
    if not any(wegingen.values()):
        raise ValidationError(_("Ten minste één weging is groter dan 0."))
    weging, _nieuw = OntwikkelplanWeging.objects.select_for_update().update_or_create(
        ronde=ronde, zorgkantoor=zorgkantoor, defaults={
            "weging_effect": wegingen["effect"], "weging_ambitie": wegingen["ambitie"],
            "weging_haalbaarheid": wegingen["haalbaarheid"]})
    audit.log(actie="ontwikkelplan_weging", ronde=ronde, door=door, omschrijving=_(
        "Weging ontwikkelplan %(zk)s: effect %(e)s, ambitie %(a)s, haalbaarheid %(h)s") % {
        "zk": zorgkantoor, "e": wegingen["effect"], "a": wegingen["ambitie"], "h": wegingen["haalbaarheid"]})
    return weging


@transaction.atomic
def scoren(*, plan: Ontwikkelplan, effect, ambitie, haalbaarheid, akkoord: bool, toelichting: str,
           door: Gebruiker) -> Ontwikkelplan:
    """The zorginkoper scores the plan on the beoordelingskader of 004 §2.2.4, which determines the opslag and answers
    ``ontwikkelplan_akkoord``."""
    beoordeling = Beoordeling.objects.select_for_update().select_related(
        "inschrijving__ronde", "inschrijving__zorgkantoor").get(pk=plan.beoordeling_id)
    services._staf(beoordeling, door)
    plan = Ontwikkelplan.objects.select_for_update().get(pk=plan.pk)
    if not kent_ontwikkelplan(beoordeling):
        raise ValidationError(_("De regelset van deze ronde kent geen ontwikkelplan en geen opslag."))
    if reden := geen_opslag_reden(beoordeling):
        raise ValidationError(reden)
    if beoordeling.fase not in TE_SCOREN or hasattr(beoordeling, "besluit"):
        raise ValidationError(_("Het ontwikkelplan kan alleen worden beoordeeld zolang er geen besluit is "
                                "voorgesteld."))
    if not plan.ingediend_op:
        raise ValidationError(_("De zorgaanbieder heeft het ontwikkelplan nog niet ingediend."))
    if not (toelichting or "").strip():
        raise ValidationError({"toelichting": _("Leg uit waarop uw oordeel berust.")})
    scores = (_geheel(effect, "effect", 0, 10), _geheel(ambitie, "ambitie", 0, 10),
              _geheel(haalbaarheid, "haalbaarheid", 0, 10))
    inschrijving = beoordeling.inschrijving
    weging = weging_voor(inschrijving.ronde, inschrijving.zorgkantoor)
    wegingen = (weging.weging_effect, weging.weging_ambitie, weging.weging_haalbaarheid)
    maximum = max_opslag(beoordeling)
    opslag = bereken_opslag(maximum=maximum, wegingen=wegingen, scores=scores, akkoord=bool(akkoord))
    plan.score_effect, plan.score_ambitie, plan.score_haalbaarheid = scores
    plan.akkoord, plan.opslag, plan.toelichting = bool(akkoord), opslag, toelichting.strip()
    plan.beoordeeld_door, plan.beoordeeld_op = door, timezone.now()
    plan.save()
    omschrijving = _("Scores effect %(e)s, ambitie %(a)s, haalbaarheid %(h)s (weging %(w)s); %(oordeel)s; "
                     "opslag %(opslag)s van ten hoogste %(max)s (beoordelingskader ontwikkelplan, %(bron)s).") % {
        "e": scores[0], "a": scores[1], "h": scores[2], "w": "/".join(map(str, wegingen)),
        "oordeel": _("overeengekomen") if akkoord else _("niet overeengekomen"),
        "opslag": procent(opslag), "max": procent(maximum), "bron": BRON}
    audit.log(actie="ontwikkelplan_beoordeeld", inschrijving=inschrijving, door=door, omschrijving=omschrijving)
    _resultaat(beoordeling, akkoord=bool(akkoord), toelichting=f"{omschrijving} {plan.toelichting}", door=door)
    return plan


def _resultaat(beoordeling: Beoordeling, *, akkoord: bool, toelichting: str, door: Gebruiker) -> None:
    """Record ``integriteit.ontwikkelplan_akkoord``: through the checklist while it is open, else directly."""
    uitkomst = Uitkomst.VOLDOET if akkoord else Uitkomst.VOLDOET_NIET
    resultaat = Toetsresultaat.objects.filter(beoordeling=beoordeling, regel=REGEL).first()
    if resultaat is not None and beoordeling.fase == Fase.CONTROLE:
        services.resultaat_vastleggen(resultaat=resultaat, uitkomst=uitkomst, toelichting=toelichting, door=door)
        return
    oud = resultaat.uitkomst if resultaat else "–"
    Toetsresultaat.objects.update_or_create(beoordeling=beoordeling, regel=REGEL, defaults={
        "stap": resultaat.stap if resultaat else "controle", "uitkomst": uitkomst,
        "titel": resultaat.titel if resultaat else _("Een overeengekomen ontwikkelplan"),
        "toelichting": toelichting, "bron": BRON,
        "onderdeel": resultaat.onderdeel if resultaat else "verklaring", "automatisch": False,
        "besloten_door": door, "besloten_op": timezone.now()})
    audit.log(actie="resultaat_vastgelegd", inschrijving=beoordeling.inschrijving, door=door,
              omschrijving=f"{REGEL}: {oud} → {uitkomst} (ontwikkelplan). {toelichting}")
