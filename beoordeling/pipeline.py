"""The automated steps after closing (002 §4.6): step 1 volledigheid, step 2's automated controls.

Priced per round, not per row (issue 10): ``uitvoeren`` runs steps 1 and 2 for a batch of assessments in ONE
transaction on their locked rows, with a constant number of queries for the batch (the rows, the accepted
toelichtingen, the earlier runs, the rule set's manual conditions once per rule set; then one insert per table and
one update), so a round of 2,000 is 40 commits, not 4,000. Each row checks its phase first, so a batch run twice
records nothing twice, and a worker killed halfway leaves nothing half-written (the transaction is rolled back and
the batch simply runs again). ``stap1_volledigheid`` and ``stap2_controle`` are the same code for one row and one
step. Findings come from the same evaluator as the voorcontrole.
"""

import copy
import re
from dataclasses import dataclass, field

from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from beoordeling import audit
from beoordeling.besluitregels import HANDMATIGE_VOORWAARDEN, VOORWAARDEN
from beoordeling.models import (
    Beoordeling,
    Fase,
    Oordeel,
    Toetsresultaat,
    Uitkomst,
    Verduidelijkingsverzoek,
    Volledigheidscontrole,
)
from inschrijving.evaluator import CONTROLE, VOLLEDIGHEID, Bevinding, evalueer, handmatige_controles
from inschrijving.lezingen import lezingen_voor, met_lezingen, ongelezen_hashes
from inschrijving.models import Inkoopronde, OvereenkomstRegel, Status, Zorgkantoor

#: The database failed, not the dossier: the whole batch is rolled back and retried (``tasks.BIJ_DATABASEFOUT``).
DATABASEFOUTEN = (OperationalError, InterfaceError)
DOCUMENT_REGEL = re.compile(r"^document\.(?P<code>[\w-]+)\.aanwezig$")


def _resultaten(beoordeling: Beoordeling, bevindingen: list[Bevinding], aanvullingen: dict | None = None
                ) -> list[Toetsresultaat]:
    """Result rows for the findings. ``aanvullingen`` (from ``dossier_met_aanvullingen``) marks the evidence that
    came with an accepted toelichting, and applies an accepted toelichting on a missing item that is not a
    document: that item is then complete on the zorginkoper's recorded judgement (never automatically)."""
    nu = timezone.now()
    aanvullingen = aanvullingen or {}
    per_sha = {a["sha256"]: a for a in aanvullingen.get("lijst", []) if a.get("sha256")}
    toelichtingen = aanvullingen.get("toelichtingen", {})
    rijen = []
    for b in bevindingen:
        bewijs = dict(b.bewijs or {})
        if bewijs.get("sha256") in per_sha and not bewijs.get("document_id"):
            bewijs["verzoek_id"] = per_sha[bewijs["sha256"]]["verzoek"]
        rij = Toetsresultaat(beoordeling=beoordeling, regel=b.regel, stap=b.stap, uitkomst=b.uitkomst, titel=b.titel,
                             toelichting=b.toelichting, bron=b.bron, onderdeel=b.onderdeel, bewijs=bewijs,
                             automatisch=b.uitkomst != Uitkomst.HANDMATIG, besloten_op=nu)
        verzoek = toelichtingen.get(b.regel)
        if verzoek is not None and b.uitkomst == Uitkomst.VOLDOET_NIET:
            rij.uitkomst = Uitkomst.VOLDOET
            rij.toelichting = _(
                "Aangevuld met de aanvaarde toelichting op verzoek %(pk)s: %(antwoord)s Aanvaard door %(wie)s: "
                "%(reden)s") % {"pk": verzoek.pk, "antwoord": verzoek.antwoord, "reden": verzoek.oordeel_reden,
                                "wie": verzoek.geoordeeld_door.get_full_name() or verzoek.geoordeeld_door.username}
            rij.bewijs = {"verzoek_id": verzoek.pk}
            rij.automatisch = False
            rij.besloten_door = verzoek.geoordeeld_door
            rij.besloten_op = verzoek.geoordeeld_op or nu
        rijen.append(rij)
    return rijen


def dossier_met_aanvullingen(b: Beoordeling, verzoeken: list | None = None,
                             lezingen: dict | None = None) -> tuple[dict, dict]:
    """The dossier steps 1 and 2 evaluate: a copy of the snapshot (the snapshot itself never changes) plus every
    toelichting on a missing item the zorginkoper accepted (002 §4.6). An accepted PDF answering a missing
    document joins the copy as the document of that code, dated by the date on it; an accepted toelichting on
    another missing item is applied to that item's result (``_resultaten``). A text without the document does not
    supply a missing document. ``verzoeken``: those accepted toelichtingen, when the caller fetched them already
    (``uitvoeren`` does for a whole batch)."""
    lijst, toelichtingen = [], {}
    if verzoeken is None:
        verzoeken = list(_aanvaarde_verzoeken().filter(beoordeling=b))
    if not verzoeken:
        # Nearly every inschrijving: nothing to add, and the evaluator only reads, so no copy of the snapshot.
        return met_lezingen(b.indiening.snapshot, lezingen), {"lijst": lijst, "toelichtingen": toelichtingen}
    dossier = copy.deepcopy(met_lezingen(b.indiening.snapshot, lezingen))
    eisen = {e["code"]: e for e in (dossier.get("regels") or {}).get("documenten", [])}
    for verzoek in verzoeken:
        gevonden = DOCUMENT_REGEL.match(verzoek.regel or "")
        if gevonden:
            if not verzoek.antwoord_document:
                continue
            code = gevonden["code"]
            eis = eisen.get(code, {})
            document = {
                "id": None, "code": code, "naam": eis.get("naam", code), "versie": 1,
                "weergavenaam": verzoek.antwoord_document_naam or "aanvulling.pdf", "grootte": None,
                "sha256": verzoek.antwoord_document_sha256,
                "geupload_op": timezone.localtime(verzoek.beantwoord_op).isoformat(),
                "afgiftedatum": verzoek.antwoord_document_datum.isoformat() if verzoek.antwoord_document_datum
                else None,
                "rechtspersoon": "", "verzekerd_bedrag": None, "polis_ingangsdatum": None, "verzekeringnemer": "",
                "vog_soort": "", "vog_voor_deze_procedure": None, "aanvulling": verzoek.pk,
            }
            dossier["documenten"] = [d for d in dossier.get("documenten", []) if d.get("code") != code] + [document]
            lijst.append({"verzoek": verzoek.pk, "regel": verzoek.regel, "soort": "document",
                          "naam": document["weergavenaam"], "sha256": document["sha256"],
                          "datum": document["afgiftedatum"]})
        else:
            toelichtingen[verzoek.regel] = verzoek
            lijst.append({"verzoek": verzoek.pk, "regel": verzoek.regel, "soort": "toelichting", "naam": "",
                          "sha256": "", "datum": None})
    return dossier, {"lijst": lijst, "toelichtingen": toelichtingen}


def _als_dict(r: Toetsresultaat) -> dict:
    return {"regel": r.regel, "uitkomst": r.uitkomst, "titel": r.titel, "toelichting": r.toelichting, "bron": r.bron,
            "onderdeel": r.onderdeel, "bewijs": r.bewijs, "automatisch": r.automatisch,
            "besloten_door": r.besloten_door_id, "besloten_op": r.besloten_op.isoformat()}


def _aanvaarde_verzoeken():
    return (Verduidelijkingsverzoek.objects.filter(oordeel=Oordeel.AANVAARD, volledigheidscontrole__isnull=False)
            .select_related("geoordeeld_door").order_by("beantwoord_op", "pk"))


STAP1, STAP2 = "volledigheid", "controle"


@dataclass
class Uitvoering:
    """What ``uitvoeren`` did: per step the ids it recorded, and the ids whose dossier raised (nothing of them was
    written; the caller sends each on its own chain, which records the failure and retries it as for one)."""

    stap1: list[int] = field(default_factory=list)
    stap2: list[int] = field(default_factory=list)
    mislukt: dict[int, BaseException] = field(default_factory=dict)


def uitvoeren(ids, stappen: tuple[str, ...] = (STAP1, STAP2)) -> Uitvoering:
    """Steps 1 and 2 for these assessments, in one transaction. Step 1 records the volledigheid findings as a new run
    (``Volledigheidscontrole``); an incomplete inschrijving becomes a proposal "niet in behandeling" for the
    zorginkoper and nothing is sent to the aanbieder (002 §4.6: the zorgkantoor may still ask a toelichting). A later
    run (after an accepted toelichting) replaces the result rows; every run's rows stay on record in its
    Volledigheidscontrole. Step 2 records the automated controls and opens the checklist and integriteitstoets for
    the zorginkoper. A row not waiting for a step is left alone (run twice, nothing twice)."""
    uit = Uitvoering()
    with transaction.atomic():
        rijen = list(Beoordeling.objects.select_for_update(of=("self",))
                     .select_related("indiening", "inschrijving__ronde", "inschrijving__zorgkantoor")
                     .filter(pk__in=list(ids), fase=Fase.NIEUW)
                     .order_by("pk"))
        if STAP1 not in stappen:
            rijen = [b for b in rijen if b.stap1_klaar_op and not b.stap2_klaar_op]
        if not rijen:
            return uit
        verzoeken: dict[int, list] = {}
        for verzoek in _aanvaarde_verzoeken().filter(beoordeling__in=rijen):
            verzoeken.setdefault(verzoek.beoordeling_id, []).append(verzoek)
        # Files read after they were submitted (issue 11): every batch's readings in one query.
        gelezen = lezingen_voor(set().union(*(ongelezen_hashes(b.indiening.snapshot) for b in rijen)))
        eerdere = dict(Volledigheidscontrole.objects.filter(beoordeling__in=rijen).values("beoordeling")
                       .annotate(n=Count("pk")).values_list("beoordeling", "n"))
        handmatig: dict[tuple[int, int], list[str]] = {}  # per ronde and zorgkantoor: the rule set's conditions
        resultaten, controles, audit_regels, opnieuw, gewijzigd = [], [], [], [], []
        for b in rijen:
            try:
                dossier, aanvullingen = dossier_met_aanvullingen(b, verzoeken.get(b.pk, []), gelezen)
                doe1 = STAP1 in stappen and not b.stap1_klaar_op
                doe2 = STAP2 in stappen and not b.stap2_klaar_op and (b.stap1_klaar_op or doe1)
                bevindingen = evalueer(dossier) if doe1 or doe2 else []
                stap1 = _stap1(b, bevindingen, aanvullingen, eerdere.get(b.pk, 0) + 1) if doe1 else None
                if stap1 and not stap1[1].volledig:
                    doe2 = False  # a proposal "niet in behandeling": the controls wait for the zorginkoper
                if doe2:
                    sleutel = (b.inschrijving.ronde_id, b.inschrijving.zorgkantoor_id)
                    if sleutel not in handmatig:
                        handmatig[sleutel] = _handmatige_voorwaarden(b.inschrijving)
                    stap2 = _stap2(b, dossier, bevindingen, aanvullingen, handmatig[sleutel])
            except DATABASEFOUTEN:
                raise
            except Exception as exc:  # this dossier, not the batch: the others go on
                uit.mislukt[b.pk] = exc
                continue
            if stap1:
                rijen1, controle, regel = stap1
                if controle.nummer > 1:
                    opnieuw.append(b.pk)
                resultaten += rijen1
                controles.append(controle)
                audit_regels.append(regel)
                uit.stap1.append(b.pk)
            if doe2:
                rijen2, regel = stap2
                resultaten += rijen2
                audit_regels.append(regel)
                uit.stap2.append(b.pk)
            if stap1 or doe2:
                b.fout = b.fout_stap = ""
                b.mislukt_op = None
                b.bijgewerkt_op = timezone.now()
                gewijzigd.append(b)
        if opnieuw:
            Toetsresultaat.objects.filter(beoordeling__in=opnieuw, stap=VOLLEDIGHEID).delete()
        Toetsresultaat.objects.bulk_create(resultaten, ignore_conflicts=True)
        Volledigheidscontrole.objects.bulk_create(controles)
        Beoordeling.objects.bulk_update(gewijzigd, ["fase", "stap1_klaar_op", "stap2_klaar_op", "fout", "fout_stap",
                                                    "mislukt_op", "bijgewerkt_op"])
        audit.log_alle(audit_regels)
    return uit


def _stap1(b: Beoordeling, bevindingen: list[Bevinding], aanvullingen: dict, nummer: int):
    """Step 1 for one row, in memory: its result rows, its run and its audit line; sets the row's fields."""
    rijen = _resultaten(b, [x for x in bevindingen if x.stap == VOLLEDIGHEID], aanvullingen)
    ontbreekt = [r for r in rijen if r.uitkomst == Uitkomst.VOLDOET_NIET]
    b.stap1_klaar_op = timezone.now()
    controle = Volledigheidscontrole(beoordeling=b, nummer=nummer, uitgevoerd_op=b.stap1_klaar_op,
                                     volledig=not ontbreekt, resultaten=[_als_dict(r) for r in rijen],
                                     aanvullingen=aanvullingen["lijst"])
    if ontbreekt:
        b.fase = Fase.VOORSTEL_NIET_IN_BEHANDELING
    omschrijving = (_("Onvolledig: %(n)s onderdeel/onderdelen ontbreken (%(titels)s); voorstel: niet in "
                      "behandeling. De zorginkoper bevestigt dat of vraagt een toelichting.")
                    % {"n": len(ontbreekt), "titels": "; ".join(r.titel for r in ontbreekt)}
                    if ontbreekt else _("Volledig."))
    if nummer > 1:
        omschrijving = _("Controle %(nummer)s, met %(n)s aanvaarde aanvulling(en): ") % {
            "nummer": nummer, "n": len(aanvullingen["lijst"])} + omschrijving
    return rijen, controle, audit.regel(actie="stap1_volledigheid", inschrijving=b.inschrijving,
                                        omschrijving=omschrijving, op=b.stap1_klaar_op)


def _stap2(b: Beoordeling, dossier: dict, bevindingen: list[Bevinding], aanvullingen: dict, handmatig: list[str]):
    """Step 2 for one row, in memory: its result rows and audit line; sets the row's fields."""
    controles = [x for x in bevindingen if x.stap == CONTROLE]
    controles += handmatige_controles(dossier)
    controles += integriteitstoets(b, handmatig)
    b.stap2_klaar_op = timezone.now()
    b.fase = Fase.CONTROLE
    niet = sum(1 for x in controles if x.uitkomst == Uitkomst.VOLDOET_NIET)
    return _resultaten(b, controles, aanvullingen), audit.regel(
        actie="stap2_controle", inschrijving=b.inschrijving, op=b.stap2_klaar_op,
        omschrijving=_("Automatische controles: %(n)s voldoet niet; checklist klaargezet.") % {"n": niet})


def stap1_volledigheid(beoordeling_id: int) -> bool:
    """Step 1 alone for one assessment (``uitvoeren``); True when it recorded it. Raises what the dossier raised."""
    return _een(beoordeling_id, STAP1)


def stap2_controle(beoordeling_id: int) -> bool:
    """Step 2 alone for one assessment whose step 1 found it complete; True when it recorded it."""
    return _een(beoordeling_id, STAP2)


def _een(beoordeling_id: int, stap: str) -> bool:
    if not Beoordeling.objects.filter(pk=beoordeling_id).exists():
        raise Beoordeling.DoesNotExist
    uit = uitvoeren([beoordeling_id], (stap,))
    if beoordeling_id in uit.mislukt:
        raise uit.mislukt[beoordeling_id]
    return beoordeling_id in (uit.stap1 if stap == STAP1 else uit.stap2)


def toelichting_afronden(beoordeling_id: int) -> str | None:
    """After a toelichting on missing items is settled (every request about the latest step-1 run answered and
    judged, or expired): with at least one accepted answer, steps 1 and 2 run again on the dossier plus the
    accepted answers ("opnieuw"); otherwise the inschrijving returns to the proposal "niet in behandeling"
    ("voorstel"). Returns None while something is still open, or outside the toelichting phase."""
    with transaction.atomic():
        b = Beoordeling.objects.select_for_update().select_related("inschrijving").get(pk=beoordeling_id)
        if b.fase != Fase.TOELICHTING:
            return None
        laatste = b.volledigheidscontroles.order_by("-nummer").first()
        verzoeken = list(b.verduidelijkingen.filter(volledigheidscontrole=laatste))
        if any(v.open or v.wacht_op_oordeel for v in verzoeken):
            return None
        aanvaard = [v for v in verzoeken if v.oordeel == Oordeel.AANVAARD]
        if aanvaard:
            b.fase = Fase.NIEUW
            b.stap1_klaar_op = b.stap2_klaar_op = None
            b.save()
            audit.log(actie="toelichting_verwerkt", inschrijving=b.inschrijving, omschrijving=_(
                "Toelichting aanvaard (verzoek %(pks)s): stap 1 en 2 worden opnieuw uitgevoerd op het dossier met de "
                "aanvaarde toelichting.") % {"pks": ", ".join(str(v.pk) for v in aanvaard)})
            transaction.on_commit(lambda: _opnieuw_uitvoeren(b.pk))
            return "opnieuw"
        b.fase = Fase.VOORSTEL_NIET_IN_BEHANDELING
        b.save()
        audit.log(actie="toelichting_verwerkt", inschrijving=b.inschrijving, omschrijving=_(
            "Geen toelichting aanvaard (niet aanvaard of niet binnen de termijn beantwoord): terug naar het voorstel "
            "niet in behandeling."))
        return "voorstel"


def _opnieuw_uitvoeren(beoordeling_id: int) -> None:
    from beoordeling import tasks

    tasks.verstuur([beoordeling_id])


def _handmatige_voorwaarden(inschrijving) -> list[str]:
    """The conditions of the rule set's overeenkomst table that only the zorginkoper can answer, sorted."""
    codes = set()
    for voorwaarden in OvereenkomstRegel.objects.filter(regelset=inschrijving.regelset()).values_list(
            "voorwaarden", flat=True):
        codes |= {c for c in voorwaarden if c in HANDMATIGE_VOORWAARDEN}
    return sorted(codes)


def integriteitstoets(b: Beoordeling, handmatig: list[str] | None = None) -> list[Bevinding]:
    """The zorgkantoor's own toets on the exclusion criteria (002 §4.6), plus every condition of the round's
    overeenkomst table that only the zorginkoper can answer (e.g. 2016: no verscherpt toezicht); ``handmatig``:
    those conditions, when the caller looked them up already (once per rule set)."""
    items = [Bevinding("integriteit.uitsluitingsgronden", CONTROLE, Uitkomst.HANDMATIG,
                       _("Integriteitstoets op de uitsluitingsgronden"),
                       _("Toets op de uitsluitingscriteria uit de eigen bronnen van het zorgkantoor (niet de VOG)."),
                       "002 §4.6", "verklaring"),
             Bevinding("integriteit.onjuiste_gegevens", CONTROLE, Uitkomst.HANDMATIG,
                       _("Onjuiste of valse gegevens"),
                       _("Heeft de zorgaanbieder onjuiste en/of valse gegevens verstrekt? Dat blijkt uit de "
                         "vergelijking van de verklaring met de documenten en de eigen bronnen."),
                       "002 §4.6", "verklaring"),
             Bevinding("integriteit.offerte_waarmaken", CONTROLE, Uitkomst.HANDMATIG,
                       _("Twijfel of de offerte waargemaakt kan worden"),
                       _("Alleen bij gerezen twijfel stelt het zorgkantoor een onderzoek in of de zorgaanbieder de "
                         "offerte volledig of gedeeltelijk waar kan maken; zonder twijfel, of met een positieve "
                         "uitkomst: voldoet."),
                       "002 §4.6", "verklaring")]
    if handmatig is None:
        handmatig = _handmatige_voorwaarden(b.inschrijving)
    items += [Bevinding(f"integriteit.{code}", CONTROLE, Uitkomst.HANDMATIG, str(VOORWAARDEN[code]),
                        _("Vast te stellen door de zorginkoper; bepaalt welke overeenkomst kan worden aangeboden."),
                        "overeenkomsttabel van de regelset", "verklaring") for code in handmatig]
    return items


def fout_vastleggen(beoordeling_id: int, stap: str, fout: BaseException) -> None:
    Beoordeling.objects.filter(pk=beoordeling_id).update(
        fout=f"{type(fout).__name__}: {fout}"[:4000], fout_stap=stap, mislukt_op=timezone.now())


def beoordelingen_aanmaken(*, ronde: Inkoopronde, zorgkantoor: Zorgkantoor) -> list[int]:
    """One assessment per inschrijving submitted (and not withdrawn) at the sluitingstijd. Idempotent."""
    from inschrijving.models import Indiening

    bestaand = set(Beoordeling.objects.filter(inschrijving__ronde=ronde, inschrijving__zorgkantoor=zorgkantoor)
                   .values_list("inschrijving_id", flat=True))
    geldend = {}
    for indiening in (Indiening.objects.filter(inschrijving__ronde=ronde, inschrijving__zorgkantoor=zorgkantoor,
                                               inschrijving__status=Status.INGEDIEND, ingetrokken_op__isnull=True)
                      .order_by("inschrijving_id", "volgnummer").only("pk", "inschrijving_id")):
        geldend[indiening.inschrijving_id] = indiening.pk  # the last one counts
    nieuw = [Beoordeling(inschrijving_id=i, indiening_id=ind, zorgkantoor=zorgkantoor, ronde=ronde)
             for i, ind in geldend.items() if i not in bestaand]
    Beoordeling.objects.bulk_create(nieuw, ignore_conflicts=True, batch_size=1000)
    return list(Beoordeling.objects.filter(inschrijving_id__in=geldend, fase=Fase.NIEUW).values_list("pk", flat=True))
