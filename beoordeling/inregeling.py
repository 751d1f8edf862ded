"""Inregeling after contracting (002 §4.9): what a new provider still has to put in order once it accepted an
overeenkomst onder voorwaarden, with a due date per item, evidence uploaded by the aanbieder, a zorginkoper's
judgement and reminders before the due date.

Which items are tracked (``items_aanmaken``, called when the offer is accepted):

- one per entry of ``besluit.voorwaarden``: the ``Z`` and ``6`` items that were given inregeltijd, with the
  due date the letter named (``Z``: the start of the overeenkomst, before care is first delivered; ``6``: six
  months after it);
- every other ``Z``/``6`` item of the round's rule set for this aanbieder type (the snapshot of the indiening)
  that was *not* supplied with the inschrijving, should the decision's list lack it (e.g. a deviating soort);
- items that *were* supplied with the inschrijving are not tracked: they were found in order at the
  assessment, and a row "geaccepteerd" for them would only add noise to the aanbieder's to-do list;
- the kwaliteitsverslag over the first year, where the rule set asks the kwaliteitskader item of this
  aanbieder (002 §4.9: "Over het eerste jaar moet verplicht een kwaliteitsverslag/visitatieverslag worden
  aangeleverd bij het zorgkantoor"), due on ``KWALITEITSVERSLAG_DATUM`` of the year after the contract start.
"""

from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beoordeling import audit
from beoordeling.models import Besluit, InregelItem, InregelMoment, InregelStatus
from inschrijving.models import Gebruiker
from inschrijving.uploads import PdfBestandField, bewaar_pdf, veilige_weergavenaam
from wlzportal.datums import datum as _dag
from wlzportal.links import portaal_url

BEWIJS_MAP = "inregeling"
# The document type whose obligation includes the kwaliteitsverslag after year one (002 §4.9, "Kwaliteitskader").
KWALITEITSKADER_CODE = "kwaliteitskader"
KWALITEITSVERSLAG_CODE = "kwaliteitsverslag"
# Due date of the kwaliteitsverslag: (month, day) in the year after the contract start. The seed says only "over
# het eerste jaar"; a report over a year can be written once that year has ended, and 1 July is the date by which
# care providers publish their quality reports in the sector frameworks (Kwaliteitskader Verpleeghuiszorg:
# kwaliteitsverslag before 1 July) and lies after the jaarverantwoording (1 June). A contract starting
# 1 January 2022 thus owes its report on 1 July 2023. Override with settings.WLZ_KWALITEITSVERSLAG_DATUM.
KWALITEITSVERSLAG_DATUM = (7, 1)
# Reminders go out this many days before the due date, once each.
HERINNERING_DAGEN = (30, 7)
NOG_TE_DOEN = (InregelStatus.OPEN, InregelStatus.AFGEWEZEN)


def kwaliteitsverslag_vervaldatum(ingangsdatum: date) -> date:
    maand, dag = getattr(settings, "WLZ_KWALITEITSVERSLAG_DATUM", KWALITEITSVERSLAG_DATUM)
    return date(ingangsdatum.year + 1, maand, dag)


def _vervaldatum(moment: str, ingangsdatum: date) -> date:
    return ingangsdatum + relativedelta(months=6) if moment == InregelMoment.ZES_MAANDEN else ingangsdatum


# ---------------------------------------------------------------------------------------------------------------
# Creating the items


def voorwaarden_van(besluit: Besluit, start: date) -> dict[str, dict]:
    """What an accepted offer obliges the aanbieder to put in order, per code: titel, moment, vervaldatum, bron
    (see the module docstring). One list for both the decision letter and the inregel items."""
    snapshot = besluit.beoordeling.indiening.snapshot or {}
    regels = (snapshot.get("regels") or {}).get("documenten", [])
    aangeleverd = {d["code"] for d in snapshot.get("documenten", [])}
    starter = bool((snapshot.get("ondernemingsplan") or {}).get("starter"))
    bronnen = {d["code"]: d.get("bron") or "002 §4.9" for d in regels}

    gewenst: dict[str, dict] = {}
    for v in besluit.voorwaarden or []:
        gewenst[v["code"]] = {"titel": v.get("titel") or v["code"], "moment": v.get("moment") or "6",
                              "vervaldatum": date.fromisoformat(v["vervaldatum"]) if v.get("vervaldatum")
                              else _vervaldatum(v.get("moment") or "6", start),
                              "bron": bronnen.get(v["code"], "002 §4.9")}
    for d in regels:
        if d["moment"] not in ("Z", "6") or d["code"] in gewenst or d["code"] in aangeleverd:
            continue
        if d.get("niet_voor_starters") and starter:
            continue
        gewenst[d["code"]] = {"titel": d["naam"], "moment": d["moment"],
                              "vervaldatum": _vervaldatum(d["moment"], start), "bron": bronnen[d["code"]]}
    if any(d["code"] == KWALITEITSKADER_CODE for d in regels):
        gewenst[KWALITEITSVERSLAG_CODE] = {
            "titel": _("Kwaliteitsverslag/visitatieverslag over het eerste jaar"),
            "moment": InregelMoment.KWALITEITSVERSLAG, "vervaldatum": kwaliteitsverslag_vervaldatum(start),
            "bron": "002 §4.9 (Kwaliteitskader: \"Over het eerste jaar moet verplicht een kwaliteitsverslag "
                    "worden aangeleverd\")"}
    return gewenst


def items_aanmaken(besluit: Besluit) -> list[InregelItem]:
    """The items of an accepted offer (see the module docstring). Idempotent: a code already tracked for the
    overeenkomst is left as it is."""
    overeenkomst = besluit.overeenkomst
    if overeenkomst is None:
        return []
    gewenst = voorwaarden_van(besluit, overeenkomst.ingangsdatum)

    items = []
    for code, waarden in gewenst.items():
        item, nieuw = InregelItem.objects.get_or_create(overeenkomst=overeenkomst, code=code,
                                                        defaults={"besluit": besluit, **waarden})
        if nieuw:
            items.append(item)
    if items:
        audit.log(actie="inregelitems_aangemaakt", inschrijving=besluit.beoordeling.inschrijving,
                  omschrijving="; ".join(f"{i.titel} uiterlijk {_dag(i.vervaldatum)}" for i in items))
    return items


# ---------------------------------------------------------------------------------------------------------------
# The aanbieder submits evidence


def _vergrendel(item: InregelItem) -> InregelItem:
    return (InregelItem.objects.select_for_update(of=("self",))
            .select_related("overeenkomst__zorgaanbieder", "overeenkomst__zorgkantoor",
                            "besluit__beoordeling__inschrijving", "besluit__beoordeling__toegewezen_aan")
            .get(pk=item.pk))


@transaction.atomic
def bewijs_indienen(*, item: InregelItem, bestand, door: Gebruiker, moment: datetime | None = None) -> InregelItem:
    """Any user of the contracted zorgaanbieder uploads a PDF as evidence for an open or rejected item."""
    item = _vergrendel(item)
    if not door.is_aanbieder or door.zorgaanbieder_id != item.overeenkomst.zorgaanbieder_id:
        raise PermissionDenied
    if not item.kan_indienen:
        raise ValidationError(_("Voor dit item is al bewijs ingediend of het is geaccepteerd."))
    if bestand is None:
        raise ValidationError({"bestand": _("Kies een PDF-bestand.")})
    try:
        bestand = PdfBestandField().clean(bestand)
    except ValidationError as fout:
        raise ValidationError({"bestand": fout.messages}) from None
    opgeslagen = bewaar_pdf(bestand, map=BEWIJS_MAP)
    item.bewijs.name = opgeslagen.naam
    item.bewijs_naam = veilige_weergavenaam(getattr(bestand, "name", ""))
    item.bewijs_sha256 = opgeslagen.sha256
    item.status = InregelStatus.INGEDIEND
    item.ingediend_op, item.ingediend_door = moment or timezone.now(), door
    item.beoordeeld_op, item.beoordeeld_door, item.toelichting = None, None, ""
    item.save()
    inschrijving = item.besluit.beoordeling.inschrijving
    audit.log(actie="inregelbewijs_ingediend", inschrijving=inschrijving, door=door,
              omschrijving=f"{item.titel}: {item.bewijs_naam} (SHA-256 {item.bewijs_sha256})")
    # The zorgkantoor sees submitted items on its overview; the zorginkoper assigned to the assessment, if any,
    # is also told by e-mail.
    inkoper = item.besluit.beoordeling.toegewezen_aan
    if inkoper is not None and inkoper.is_active:
        from inschrijving import berichten

        with translation.override("nl"):
            berichten.verstuur(aan=[inkoper], onderwerp=_("Inregeling: bewijs ingediend door %(za)s") % {
                "za": item.overeenkomst.zorgaanbieder.statutaire_naam},
                tekst=_("%(za)s heeft bewijs ingediend voor \"%(titel)s\" (uiterlijk %(datum)s).\n\n"
                        "Beoordelen: %(link)s\n") % {
                    "za": item.overeenkomst.zorgaanbieder.statutaire_naam, "titel": item.titel,
                    "datum": _dag(item.vervaldatum), "link": portaal_url("beoordeling:inregeling_beheer")})
    return item


# ---------------------------------------------------------------------------------------------------------------
# The zorginkoper judges it


@transaction.atomic
def beoordelen(*, item: InregelItem, geaccepteerd: bool, toelichting: str, door: Gebruiker) -> InregelItem:
    """A zorginkoper of the contracting zorgkantoor accepts or rejects submitted evidence; a rejection needs a
    reason. Every active user of the zorgaanbieder is told."""
    item = _vergrendel(item)
    if not door.is_zorgkantoor or door.zorgkantoor_id != item.overeenkomst.zorgkantoor_id:
        raise PermissionDenied
    if item.status != InregelStatus.INGEDIEND:
        raise ValidationError(_("Alleen ingediend bewijs kan worden beoordeeld."))
    toelichting = (toelichting or "").strip()
    if not geaccepteerd and not toelichting:
        raise ValidationError({"toelichting": _("Leg uit waarom het bewijs niet volstaat.")})
    item.status = InregelStatus.GEACCEPTEERD if geaccepteerd else InregelStatus.AFGEWEZEN
    item.toelichting = toelichting
    item.beoordeeld_op, item.beoordeeld_door = timezone.now(), door
    item.save()
    audit.log(actie=f"inregelbewijs_{item.status}", inschrijving=item.besluit.beoordeling.inschrijving, door=door,
              omschrijving=f"{item.titel}: {InregelStatus(item.status).label}. {toelichting}".strip())
    from inschrijving import berichten

    with translation.override("nl"):
        if geaccepteerd:
            onderwerp = _("Inregeling: \"%(titel)s\" geaccepteerd") % {"titel": item.titel}
            kern = _("Het zorgkantoor %(zk)s heeft uw bewijs voor \"%(titel)s\" geaccepteerd.") % {
                "zk": item.overeenkomst.zorgkantoor, "titel": item.titel}
        else:
            onderwerp = _("Inregeling: \"%(titel)s\" afgewezen") % {"titel": item.titel}
            kern = _("Het zorgkantoor %(zk)s heeft uw bewijs voor \"%(titel)s\" afgewezen. Dien vóór %(datum)s "
                     "nieuw bewijs in.") % {"zk": item.overeenkomst.zorgkantoor, "titel": item.titel,
                                            "datum": _dag(item.vervaldatum)}
        tekst = kern + ("\n\n" + _("Toelichting: %(t)s") % {"t": toelichting} if toelichting else "") + "\n\n" + _(
            "Uw inregeling: %(link)s\n") % {"link": portaal_url("beoordeling:inregeling_aanbieder")}
    berichten.verstuur(aan=item.overeenkomst.zorgaanbieder.gebruikers.filter(is_active=True).order_by("pk"),
                       onderwerp=onderwerp, tekst=tekst)
    return item


# ---------------------------------------------------------------------------------------------------------------
# Reminders


def herinneringen_versturen(vandaag: date | None = None) -> int:
    """E-mail every active user of the zorgaanbieder 30 and 7 days before an item's due date while it is still
    open or rejected; each reminder once (``herinnerd_30_op`` / ``herinnerd_7_op``), so running this daily or
    hourly is safe. A missed run catches up the next day; an item within 7 days gets only the 7-day reminder.
    Returns the number of reminders (items) sent."""
    vandaag = vandaag or timezone.localdate()
    verstuurd = 0
    kandidaten = InregelItem.objects.filter(
        status__in=NOG_TE_DOEN, vervaldatum__gte=vandaag, vervaldatum__lte=vandaag + timedelta(days=30)).filter(
        Q(herinnerd_30_op__isnull=True) | Q(herinnerd_7_op__isnull=True)).values_list("pk", flat=True)
    for pk in kandidaten:
        with transaction.atomic():
            item = _vergrendel(InregelItem(pk=pk))
            if item.status not in NOG_TE_DOEN:
                continue
            dagen = (item.vervaldatum - vandaag).days
            if dagen <= 7:
                if item.herinnerd_7_op:
                    continue
                veld = "herinnerd_7_op"
            elif dagen <= 30:
                if item.herinnerd_30_op:
                    continue
                veld = "herinnerd_30_op"
            else:
                continue
            setattr(item, veld, timezone.now())
            item.save(update_fields=[veld])
            _herinnering(item, dagen)
            verstuurd += 1
    return verstuurd


def _herinnering(item: InregelItem, dagen: int) -> None:
    from inschrijving import berichten

    with translation.override("nl"):
        onderwerp = _("Herinnering: \"%(titel)s\" uiterlijk %(datum)s in orde") % {
            "titel": item.titel, "datum": _dag(item.vervaldatum)}
        tekst = _(
            "Uw overeenkomst met %(zk)s is onder voorwaarden gesloten. \"%(titel)s\" moet uiterlijk %(datum)s in "
            "orde zijn (nog %(dagen)s dagen). Upload het bewijs in het portaal:\n%(link)s\n") % {
            "zk": item.overeenkomst.zorgkantoor, "titel": item.titel, "datum": _dag(item.vervaldatum),
            "dagen": dagen, "link": portaal_url("beoordeling:inregeling_aanbieder")}
        if item.status == InregelStatus.AFGEWEZEN and item.toelichting:
            tekst += "\n" + _("Eerder ingediend bewijs is afgewezen: %(t)s\n") % {"t": item.toelichting}
    berichten.verstuur(aan=item.overeenkomst.zorgaanbieder.gebruikers.filter(is_active=True).order_by("pk"),
                       onderwerp=onderwerp, tekst=tekst)
    audit.log(actie="inregelherinnering", inschrijving=item.besluit.beoordeling.inschrijving,
              omschrijving=f"{item.titel}: herinnering {dagen} dagen voor {_dag(item.vervaldatum)}")
