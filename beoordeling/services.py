"""Writes of the assessment by people: the checklist, the proposal, the four-eyes approval and the
aanbieder's answer to the offer. Every change locks the assessment row and is written to the audit trail."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beoordeling import audit
from beoordeling.besluitregels import VOORWAARDE_REGELS, bereken_voorstel
from beoordeling.models import Beoordeling, Besluit, Fase, Toetsresultaat, Uitkomst
from beoordeling.signals import aanbod_geaccepteerd, besluit_goedgekeurd
from inschrijving.models import Gebruiker, Inschrijving, Overeenkomst, OvereenkomstSoort
from wlzportal.datums import datum

# Where a decision can be proposed: after the assessment, or to confirm the proposal for an incomplete one.
VOORSTELBAAR = (Fase.BESLUIT, Fase.VOORSTEL_NIET_IN_BEHANDELING)


def _staf(beoordeling: Beoordeling, door: Gebruiker) -> None:
    if not door.is_zorgkantoor or door.zorgkantoor_id != beoordeling.inschrijving.zorgkantoor_id:
        raise PermissionDenied


def _vergrendel(beoordeling: Beoordeling) -> Beoordeling:
    return Beoordeling.objects.select_for_update().select_related("inschrijving__ronde").get(pk=beoordeling.pk)


def gesprek_nodig(beoordeling: Beoordeling) -> bool:
    """Step 3 for new providers (type 3; type 2 where the round asks; every kind of nieuw under the 2016 kader) and,
    under the 2016 kader, the dialogue with every provider that submitted a zelfanalyse, existing ones included
    (004 §2.2.3 "Het zorgkantoor gaat in gesprek met alle zorgaanbieders die een zorgvuldige zelfanalyse ...
    hebben aangeleverd", §2.2.4)."""
    from beoordeling.besluitregels import zelfanalyse_ingediend

    soort = beoordeling.inschrijving.aanbieder_type
    regelset = beoordeling.inschrijving.regelset()
    if soort in ("3", "gn", "nr", "nz") or (soort == "2" and bool(regelset and regelset.gesprek_type_2)):
        return True
    return bool(regelset and regelset.kader == "2016" and zelfanalyse_ingediend(beoordeling.indiening.snapshot))


@transaction.atomic
def resultaat_vastleggen(*, resultaat: Toetsresultaat, uitkomst: str, toelichting: str, door: Gebruiker
                         ) -> Toetsresultaat:
    """A zorginkoper completes a checklist item, or corrects an automated finding (with a reason)."""
    beoordeling = _vergrendel(resultaat.beoordeling)
    _staf(beoordeling, door)
    if beoordeling.fase != Fase.CONTROLE:
        raise ValidationError(_("De controle is afgerond; resultaten kunnen niet meer worden gewijzigd."))
    if uitkomst not in (Uitkomst.VOLDOET, Uitkomst.VOLDOET_NIET):
        raise ValidationError(_("Kies voldoet of voldoet niet."))
    if not toelichting.strip():
        raise ValidationError({"toelichting": _("Leg uit waarop uw oordeel berust.")})
    oud = resultaat.uitkomst
    resultaat.uitkomst = uitkomst
    resultaat.toelichting = toelichting.strip()
    resultaat.automatisch = False
    resultaat.besloten_door = door
    resultaat.besloten_op = timezone.now()
    resultaat.save()
    audit.log(actie="resultaat_vastgelegd", inschrijving=beoordeling.inschrijving, door=door,
              omschrijving=f"{resultaat.regel}: {oud} → {uitkomst}. {resultaat.toelichting}")
    return resultaat


def signaal_gewogen(beoordeling: Beoordeling, regel: str) -> bool:
    oordeel = (beoordeling.signaal_oordelen or {}).get(regel)
    return isinstance(oordeel, dict) and isinstance(oordeel.get("bezwaar"), bool) and bool(oordeel.get("bevinding"))


@transaction.atomic
def signaal_wegen(*, resultaat: Toetsresultaat, bezwaar: bool, bevinding: str, door: Gebruiker) -> Beoordeling:
    """The zorginkoper weighs one signal of the controle where no gesprek follows (types 1a, 1b and 2; 002 §4.6):
    the signal keeps its finding and evidence; the judgement is recorded beside it, with who and when. A bezwaar
    becomes a reason of the proposal, citing the signal's rule; otherwise the weighing is an overweging of it."""
    beoordeling = _vergrendel(resultaat.beoordeling)
    _staf(beoordeling, door)
    if beoordeling.fase != Fase.CONTROLE:
        raise ValidationError(_("De controle is afgerond; signalen kunnen niet meer worden gewogen."))
    if resultaat.uitkomst != Uitkomst.SIGNAAL:
        raise ValidationError(_("Dit is geen signaal."))
    if gesprek_nodig(beoordeling):
        raise ValidationError(_("Dit signaal wordt in het gesprek gewogen."))
    if not bevinding.strip():
        raise ValidationError({"bevinding": _("Leg uit hoe u dit signaal weegt.")})
    oordelen = dict(beoordeling.signaal_oordelen or {})
    oordelen[resultaat.regel] = {"bezwaar": bezwaar, "bevinding": bevinding.strip(),
                                 "door": door.get_full_name() or door.username, "door_id": door.pk,
                                 "op": timezone.localtime().isoformat()}
    beoordeling.signaal_oordelen = oordelen
    beoordeling.save(update_fields=["signaal_oordelen", "bijgewerkt_op"])
    audit.log(actie="signaal_gewogen", inschrijving=beoordeling.inschrijving, door=door,
              omschrijving=f"{resultaat.regel}: {'bezwaar' if bezwaar else 'geen bezwaar'}. {bevinding.strip()}")
    return beoordeling


@transaction.atomic
def controle_afronden(*, beoordeling: Beoordeling, door: Gebruiker) -> Beoordeling:
    beoordeling = _vergrendel(beoordeling)
    _staf(beoordeling, door)
    if beoordeling.fase != Fase.CONTROLE:
        raise ValidationError(_("Deze beoordeling staat niet in de controlefase."))
    open_items = beoordeling.resultaten.filter(uitkomst=Uitkomst.HANDMATIG)
    if open_items.exists():
        raise ValidationError(_("Nog niet beoordeeld: %(items)s.") % {
            "items": ", ".join(open_items.values_list("titel", flat=True))})
    if beoordeling.verduidelijkingen.filter(beantwoord_op__isnull=True, verlopen_op__isnull=True).exists():
        raise ValidationError(_("Er staat nog een verzoek om verduidelijking open."))
    gesprek = gesprek_nodig(beoordeling)
    if not gesprek:
        open_signalen = [r.titel for r in beoordeling.resultaten.filter(uitkomst=Uitkomst.SIGNAAL)
                         if not signaal_gewogen(beoordeling, r.regel)]
        if open_signalen:
            raise ValidationError(_("Nog niet gewogen: %(signalen)s.") % {"signalen": ", ".join(open_signalen)})
    negatief = (beoordeling.resultaten.filter(uitkomst=Uitkomst.VOLDOET_NIET)
                .exclude(regel__in=VOORWAARDE_REGELS).exists())
    beoordeling.fase = Fase.GESPREK if (not negatief and gesprek) else Fase.BESLUIT
    beoordeling.save(update_fields=["fase", "bijgewerkt_op"])
    audit.log(actie="controle_afgerond", inschrijving=beoordeling.inschrijving, door=door,
              omschrijving=Fase(beoordeling.fase).label)
    return beoordeling


@transaction.atomic
def voorstellen(*, beoordeling: Beoordeling, door: Gebruiker, soort: str | None = None, afwijkingsreden: str = "",
                opslag: Decimal | None = None, reden: str = "") -> Besluit:
    """Record the proposal: the system's by default; another only with a written reason.

    Without an ``opslag`` (None) a proposal with opslag takes the one the scored ontwikkelplan determined
    (``beoordeling.ontwikkelplan.voorgestelde_opslag``, 004 §2.2.3); an explicit value, 0 included, is kept.

    For an incomplete inschrijving (phase VOORSTEL_NIET_IN_BEHANDELING) this is the zorginkoper confirming the
    proposal "niet in behandeling" instead of asking a toelichting (002 §4.6): only that decision, and only with
    ``reden`` (why the zorgkantoor does not use its bevoegdheid), recorded on the step-1 run. A colleague then
    approves it (four eyes) before the letter goes out."""
    beoordeling = _vergrendel(beoordeling)
    # The proposal and this function both ask for the rule set: the round, read in this transaction only, looks the
    # zorgkantoor's own planning up once.
    beoordeling.inschrijving.ronde.afwijkingen_onthouden()
    _staf(beoordeling, door)
    if beoordeling.fase not in VOORSTELBAAR:
        raise ValidationError(_("Een besluit kan pas worden voorgesteld als de beoordeling daaraan toe is."))
    if hasattr(beoordeling, "besluit"):
        raise ValidationError(_("Er is al een besluit voorgesteld."))
    voorstel = bereken_voorstel(beoordeling)
    soort = soort or voorstel.soort
    onvolledig = beoordeling.fase == Fase.VOORSTEL_NIET_IN_BEHANDELING
    if onvolledig:
        if soort != OvereenkomstSoort.AFWIJZING:
            raise ValidationError({"soort": _(
                "Een onvolledige inschrijving wordt niet beoordeeld (inkoopkader §4.6). Wilt u haar toch "
                "beoordelen, vraag dan een toelichting over wat ontbreekt.")})
        if not reden.strip():
            raise ValidationError({"reden": _(
                "Leg vast waarom het zorgkantoor de inschrijving niet in behandeling neemt en geen toelichting "
                "vraagt.")})
    if soort not in OvereenkomstSoort.values:
        raise ValidationError({"soort": _("Onbekende soort besluit.")})
    if soort != voorstel.soort and not afwijkingsreden.strip():
        raise ValidationError({"afwijkingsreden": _(
            "U wijkt af van het voorstel (%(voorstel)s): geef een schriftelijke reden.")
            % {"voorstel": voorstel.label}})
    regelset = beoordeling.inschrijving.regelset()
    if opslag is None and voorstel.met_opslag:
        from beoordeling.ontwikkelplan import voorgestelde_opslag

        opslag = voorgestelde_opslag(beoordeling)
    opslag = Decimal(opslag or 0)
    if opslag and (not voorstel.met_opslag or opslag > regelset.max_opslag or opslag < 0):
        raise ValidationError({"opslag": _("De opslag ligt tussen 0 en %(max)s%% en alleen waar de regelset een "
                                           "opslag kent.") % {"max": regelset.max_opslag}})
    redenen = voorstel.redenen
    if soort == OvereenkomstSoort.AFWIJZING and not redenen:
        redenen = [{"regel": "zorginkoper", "titel": _("Afgewezen door het zorgkantoor"),
                    "toelichting": afwijkingsreden.strip(), "bron": "002 §4.6"}]
    besluit = Besluit.objects.create(
        beoordeling=beoordeling, voorstel=voorstel.als_dict(), soort=soort,
        onder_voorwaarden=voorstel.onder_voorwaarden and soort != OvereenkomstSoort.AFWIJZING,
        voorwaarden=voorstel.voorwaarden if soort != OvereenkomstSoort.AFWIJZING else [],
        redenen=redenen if soort == OvereenkomstSoort.AFWIJZING else [], opslag=opslag,
        afwijkingsreden=afwijkingsreden.strip(), voorgesteld_door=door, voorgesteld_op=timezone.now())
    if onvolledig:
        controle = beoordeling.volledigheidscontroles.order_by("-nummer").first()
        controle.bevestigd_door, controle.bevestigd_op, controle.bevestigingsreden = door, besluit.voorgesteld_op, \
            reden.strip()
        controle.save(update_fields=["bevestigd_door", "bevestigd_op", "bevestigingsreden"])
        audit.log(actie="niet_in_behandeling_voorgesteld", inschrijving=beoordeling.inschrijving, door=door,
                  omschrijving=_("Voorstel niet in behandeling bevestigd (volledigheidscontrole %(nummer)s). "
                                 "Ontbreekt: %(titels)s. Reden: %(reden)s") % {
                      "nummer": controle.nummer, "titels": "; ".join(r["titel"] for r in redenen),
                      "reden": reden.strip()})
    beoordeling.fase = Fase.GOEDKEURING
    beoordeling.save(update_fields=["fase", "bijgewerkt_op"])
    audit.log(actie="besluit_voorgesteld", inschrijving=beoordeling.inschrijving, door=door,
              omschrijving=f"{OvereenkomstSoort(soort).label}" + (f" (afwijkend: {afwijkingsreden})"
                                                                  if afwijkingsreden else ""))
    return besluit


def niet_in_behandeling(beoordeling: Beoordeling) -> bool:
    """Whether the decision on this assessment is "niet in behandeling": a zorginkoper confirmed the proposal of
    an incomplete step 1 (the reason is on that run)."""
    return beoordeling.volledigheidscontroles.filter(bevestigd_op__isnull=False).exists()


@transaction.atomic
def goedkeuren(*, besluit: Besluit, door: Gebruiker) -> Besluit:
    """The second pair of eyes approves; the letter is made, stored with its hash and sent."""
    beoordeling = _vergrendel(besluit.beoordeling)
    _staf(beoordeling, door)
    besluit = Besluit.objects.select_for_update().get(pk=besluit.pk)
    if besluit.goedgekeurd_op:
        raise ValidationError(_("Dit besluit is al goedgekeurd."))
    if besluit.voorgesteld_door_id == door.pk:
        raise ValidationError(_("Vier ogen: een collega keurt het besluit goed, niet degene die het voorstelde."))
    besluit.goedgekeurd_door, besluit.goedgekeurd_op = door, timezone.now()
    if besluit.soort != OvereenkomstSoort.AFWIJZING:
        # The rule set by the zorgkantoor's id: its name is not needed here.
        regelset = beoordeling.inschrijving.ronde.regelset_voor(beoordeling.inschrijving.zorgkantoor_id)
        besluit.reageren_voor = timezone.localdate() + timedelta(days=regelset.reactietermijn_dagen)
    besluit.save(update_fields=["goedgekeurd_door", "goedgekeurd_op", "reageren_voor"])
    if besluit.soort != OvereenkomstSoort.AFWIJZING:
        beoordeling.fase = Fase.AANGEBODEN
    else:
        beoordeling.fase = Fase.NIET_IN_BEHANDELING if niet_in_behandeling(beoordeling) else Fase.AFGEWEZEN
        Inschrijving.objects.filter(pk=beoordeling.inschrijving_id).update(afgewezen_op=besluit.goedgekeurd_op)
    beoordeling.save(update_fields=["fase", "bijgewerkt_op"])
    audit.log(actie="besluit_goedgekeurd", inschrijving=beoordeling.inschrijving, door=door,
              omschrijving=OvereenkomstSoort(besluit.soort).label)
    besluit_goedgekeurd.send(sender=Besluit, besluit=besluit)
    transaction.on_commit(lambda: besluit_versturen(besluit.pk))
    return besluit


def besluit_versturen(besluit_id: int) -> None:
    """After commit: the letter (PDF with hash) and the e-mail to every user of the organisation. Storing sets
    the file and hash on the instance, so there is nothing to reload.

    The letter is rendered before the transaction (nothing locked while WeasyPrint runs), then stored and its
    Berichten recorded in one transaction: one commit. Should recording them fail, the letter's row is rolled
    back with them and the file this call wrote removed; it is made again on the next call or download."""
    from beoordeling.brief import bewaar_brief, brief, verstuur_brief

    # What the letter and the e-mail read most, in one query (a join of more tables costs more to plan than the
    # few small queries it would save).
    besluit = Besluit.objects.select_related(
        "beoordeling__inschrijving__ronde", "beoordeling__inschrijving__zorgkantoor", "beoordeling__indiening",
    ).get(pk=besluit_id)
    pdf = None if besluit.brief else brief(besluit)[1]
    opgeslagen = False
    try:
        with transaction.atomic():
            opgeslagen = bewaar_brief(besluit, pdf=pdf)
            verstuur_brief(besluit)
    except BaseException:
        if opgeslagen:
            besluit.brief.storage.delete(besluit.brief.name)
        raise


def looptijd_van(ronde, soort: str, looptijd_jaren: int | None) -> tuple[date, date]:
    """From the round's start of the overeenkomst (1 January, or a tussentijdse round's own: 002 §4.7) to 31 December
    of its last year (a tweejarige overeenkomst two years at least)."""
    jaren = max(looptijd_jaren or 1, 2 if soort == OvereenkomstSoort.TWEEJARIG else 1)
    return ronde.ingangsdatum_overeenkomst, date(ronde.contractjaar + jaren - 1, 12, 31)


def looptijd(besluit: Besluit) -> tuple[date, date]:
    """The term of a decision; the letter, the proposal panel and the overeenkomst created on acceptance follow it."""
    # The proposal's term only where its soort was kept: a deviating soort has its own term.
    voorgesteld = besluit.voorstel.get("looptijd_jaren") if besluit.soort == besluit.voorstel.get("soort") else 0
    return looptijd_van(besluit.beoordeling.inschrijving.ronde, besluit.soort, voorgesteld)


@transaction.atomic
def reageren(*, besluit: Besluit, door: Gebruiker, accepteren: bool) -> Besluit:
    """The tekenbevoegde accepts or declines the offer online, before the date in the letter."""
    beoordeling = _vergrendel(besluit.beoordeling)
    inschrijving = beoordeling.inschrijving
    if not door.mag_tekenen or door.zorgaanbieder_id != inschrijving.zorgaanbieder_id:
        raise PermissionDenied(_("Alleen een tekenbevoegde bestuurder accepteert of weigert het aanbod."))
    besluit = Besluit.objects.select_for_update().get(pk=besluit.pk)
    if beoordeling.fase != Fase.AANGEBODEN or besluit.reactie:
        raise ValidationError(_("Op dit aanbod kan niet (meer) worden gereageerd."))
    if besluit.reageren_voor and timezone.localdate() > besluit.reageren_voor:
        raise ValidationError(_("De termijn om te reageren is verstreken op %(datum)s.") % {
            "datum": datum(besluit.reageren_voor)})
    besluit.reactie = "geaccepteerd" if accepteren else "geweigerd"
    besluit.reactie_door, besluit.reactie_op = door, timezone.now()
    if accepteren:
        besluit.overeenkomst = _overeenkomst(besluit)
    besluit.save()
    beoordeling.fase = Fase.GEACCEPTEERD if accepteren else Fase.GEWEIGERD
    beoordeling.save(update_fields=["fase", "bijgewerkt_op"])
    audit.log(actie="aanbod_" + besluit.reactie, inschrijving=inschrijving, door=door,
              omschrijving=OvereenkomstSoort(besluit.soort).label)
    if accepteren:
        from beoordeling.inregeling import items_aanmaken

        items_aanmaken(besluit)
        aanbod_geaccepteerd.send(sender=Besluit, besluit=besluit)
    return besluit


def _overeenkomst(besluit: Besluit) -> Overeenkomst:
    """The contract that next year's aanbieder type is computed from."""
    inschrijving = besluit.beoordeling.inschrijving
    if besluit.soort == OvereenkomstSoort.VOORTZETTING:
        lopend = (Overeenkomst.objects.filter(zorgaanbieder=inschrijving.zorgaanbieder,
                                              zorgkantoor=inschrijving.zorgkantoor)
                  .order_by("-einddatum").first())
        if lopend:
            return lopend
    begin, einde = looptijd(besluit)
    return Overeenkomst.objects.create(
        zorgaanbieder=inschrijving.zorgaanbieder, zorgkantoor=inschrijving.zorgkantoor, ingangsdatum=begin,
        einddatum=einde, meerjarig=einde.year > begin.year, onder_voorwaarden=besluit.onder_voorwaarden,
        soort=besluit.soort if besluit.soort != OvereenkomstSoort.AFWIJZING else "", opslag=besluit.opslag,
        omschrijving=f"{inschrijving.ronde}: {OvereenkomstSoort(besluit.soort).label}")
