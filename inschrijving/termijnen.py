"""Moving a deadline after publication, in the open (issue 9, item 3).

Before the inkoopkader is published a beheerder edits the timeline freely in admin. After it, the sluitingstijd and
the NvI question deadline move only through a Termijnwijziging:

- only forward, to a moment in the future, with a reason;
- approved by a second person (not the requester); it takes effect on that approval;
- a deadline that has passed moves only by a formal *heropening* (as TenderNed's extension after an outage): a
  reason, two approvals by two people other than the requester, and only while no vault it concerns is opened;
- when it takes effect every organisation with an inschrijving (draft or submitted) or an NvI question in the round
  is e-mailed at once, and the change shows on the round's page; the rows are its history (old and new value).

The admin form shows these two deadlines (and the publication itself) read-only after publication, and a zorgkantoor's
own planning can then neither set them nor be removed (inschrijving.admin).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inschrijving import berichten
from inschrijving.models import (
    MIJLPALEN,
    AfwijkendePlanning,
    Gebruiker,
    Inkoopronde,
    Opening,
    Termijnwijziging,
    Vraag,
    Zorgaanbieder,
    Zorgkantoor,
)
from inschrijving.models.ronde import controleer_volgorde
from inschrijving.pdf import nederlandse_tijd

Mijlpaal = Termijnwijziging.Mijlpaal


def gepubliceerd(ronde: Inkoopronde, moment: datetime | None = None) -> bool:
    return ronde.publicatie_inkoopkader is not None and ronde.publicatie_inkoopkader <= (moment or timezone.now())


def betrokken_zorgkantoren(ronde: Inkoopronde, zorgkantoor: Zorgkantoor | None, mijlpaal: str) -> list[Zorgkantoor]:
    """Whose deadline the change moves: the one zorgkantoor, or every zorgkantoor of the round that follows the
    round's own value for this deadline (no planning of its own for it)."""
    if zorgkantoor is not None:
        return [zorgkantoor]
    eigen = AfwijkendePlanning.objects.filter(ronde=ronde, **{f"{mijlpaal}__isnull": False}).values("zorgkantoor")
    return list(ronde.zorgkantoren.exclude(pk__in=eigen).order_by("naam"))


def _mag_beheren(door: Gebruiker) -> None:
    if not (door.is_staff or door.is_superuser):
        raise PermissionDenied


def _controleer(ronde, zorgkantoor, mijlpaal, nieuw, nu, *, soort=None) -> tuple[datetime, str]:
    """The current value and the kind of change this is; a ValidationError per field when it may not happen."""
    if not gepubliceerd(ronde, nu):
        raise ValidationError(_("Vóór de publicatie van het inkoopkader past u de planning gewoon aan bij de ronde."))
    if zorgkantoor is not None and not ronde.zorgkantoren.filter(pk=zorgkantoor.pk).exists():
        raise ValidationError({"zorgkantoor": _("Dit zorgkantoor doet niet mee aan deze ronde.")})
    planning = ronde.planning(zorgkantoor)  # without a zorgkantoor: the round's own timeline
    oud = getattr(planning, mijlpaal)
    if nieuw <= oud:
        raise ValidationError({"nieuw": _(
            "Na publicatie verschuift een termijn alleen naar later: kies een moment na %(oud)s.") % {
            "oud": nederlandse_tijd(oud)}})
    if nieuw <= nu:
        raise ValidationError({"nieuw": _("De nieuwe termijn moet in de toekomst liggen.")})
    verstreken = oud <= nu
    if verstreken:
        geopend = Opening.objects.filter(ronde=ronde, zorgkantoor__in=betrokken_zorgkantoren(ronde, zorgkantoor,
                                                                                           mijlpaal))
        if mijlpaal == Mijlpaal.SLUITING and geopend.exists():
            raise ValidationError(_(
                "De inschrijvingen zijn al geopend (proces-verbaal van opening): de sluitingstijd kan niet meer "
                "worden verschoven, ook niet met een heropening."))
    if soort == Termijnwijziging.Soort.VERLENGING and verstreken:
        raise ValidationError(_("De termijn is inmiddels verstreken; dit kan alleen nog met een heropening."))
    samen = {naam: getattr(planning, naam) for naam, _label in MIJLPALEN}
    samen[mijlpaal] = nieuw
    fouten = controleer_volgorde(samen)
    if fouten:
        raise ValidationError({"nieuw": list(fouten.values())})
    return oud, (Termijnwijziging.Soort.HEROPENING if verstreken else Termijnwijziging.Soort.VERLENGING)


def aanvragen(*, ronde: Inkoopronde, zorgkantoor: Zorgkantoor | None, mijlpaal: str, nieuw: datetime, reden: str,
              door: Gebruiker, moment: datetime | None = None) -> Termijnwijziging:
    _mag_beheren(door)
    nu = moment or timezone.now()
    if not reden.strip():
        raise ValidationError({"reden": _("Geef de reden van de wijziging; die gaat mee in de e-mail aan iedereen.")})
    with transaction.atomic():
        Inkoopronde.objects.select_for_update().get(pk=ronde.pk)
        oud, soort = _controleer(ronde, zorgkantoor, mijlpaal, nieuw, nu)
        if Termijnwijziging.objects.filter(ronde=ronde, zorgkantoor=zorgkantoor, mijlpaal=mijlpaal,
                                           doorgevoerd_op__isnull=True, afgewezen_op__isnull=True).exists():
            raise ValidationError(_("Voor deze termijn staat al een wijziging open; keur die eerst goed of af."))
        return Termijnwijziging.objects.create(
            ronde=ronde, zorgkantoor=zorgkantoor, mijlpaal=mijlpaal, soort=soort, oud=oud, nieuw=nieuw,
            reden=reden.strip(), aangevraagd_door=door, aangevraagd_op=nu)


def goedkeuren(*, wijziging: Termijnwijziging, door: Gebruiker, moment: datetime | None = None) -> Termijnwijziging:
    """One approval; with enough of them (1, or 2 for a heropening) the change takes effect at once."""
    _mag_beheren(door)
    nu = moment or timezone.now()
    with transaction.atomic():
        ronde = Inkoopronde.objects.select_for_update().get(pk=wijziging.ronde_id)
        wijziging = Termijnwijziging.objects.select_for_update().get(pk=wijziging.pk)
        if not wijziging.open:
            raise ValidationError(_("Deze wijziging is al afgehandeld."))
        if door.pk in (wijziging.aangevraagd_door_id, wijziging.goedgekeurd_door_id):
            raise ValidationError(_("Een ander dan de aanvrager (en dan de eerste goedkeurder) keurt goed."))
        # Still true now? A verlenging whose deadline passed meanwhile needs a heropening; an opened vault ends it.
        oud, _soort = _controleer(ronde, wijziging.zorgkantoor, wijziging.mijlpaal, wijziging.nieuw, nu,
                                  soort=wijziging.soort)
        if oud != wijziging.oud:
            raise ValidationError(_("De termijn is intussen gewijzigd; vraag de wijziging opnieuw aan."))
        if wijziging.goedgekeurd_door_id is None:
            wijziging.goedgekeurd_door, wijziging.goedgekeurd_op = door, nu
        else:
            wijziging.tweede_goedkeurder, wijziging.tweede_goedgekeurd_op = door, nu
        goedkeuringen = 1 + (wijziging.tweede_goedkeurder_id is not None)
        if goedkeuringen >= wijziging.benodigde_goedkeuringen:
            wijziging.doorgevoerd_op = nu
            wijziging.save()
            _doorvoeren(ronde, wijziging)
        else:
            wijziging.save()
    return wijziging


def afwijzen(*, wijziging: Termijnwijziging, door: Gebruiker, moment: datetime | None = None) -> Termijnwijziging:
    _mag_beheren(door)
    with transaction.atomic():
        wijziging = Termijnwijziging.objects.select_for_update().get(pk=wijziging.pk)
        if not wijziging.open:
            raise ValidationError(_("Deze wijziging is al afgehandeld."))
        wijziging.afgewezen_door, wijziging.afgewezen_op = door, moment or timezone.now()
        wijziging.save(update_fields=["afgewezen_door", "afgewezen_op"])
    return wijziging


def _doorvoeren(ronde: Inkoopronde, wijziging: Termijnwijziging) -> None:
    if wijziging.zorgkantoor is None:
        Inkoopronde.objects.filter(pk=ronde.pk).update(**{wijziging.mijlpaal: wijziging.nieuw})
    else:
        planning, _nieuw = AfwijkendePlanning.objects.get_or_create(ronde=ronde, zorgkantoor=wijziging.zorgkantoor)
        AfwijkendePlanning.objects.filter(pk=planning.pk).update(**{wijziging.mijlpaal: wijziging.nieuw})
    wijziging.aantal_berichten = len(_melden(ronde, wijziging))
    Termijnwijziging.objects.filter(pk=wijziging.pk).update(aantal_berichten=wijziging.aantal_berichten)


def betrokken_aanbieders(ronde: Inkoopronde, zorgkantoren: list[Zorgkantoor]):
    """Every organisation with an inschrijving (draft or submitted) with one of these zorgkantoren in the round,
    or with an NvI question in the round."""
    return Zorgaanbieder.objects.filter(
        Q(inschrijvingen__ronde=ronde, inschrijvingen__zorgkantoor__in=zorgkantoren)
        | Q(pk__in=Vraag.objects.filter(ronde=ronde).values("zorgaanbieder"))).distinct()


def _melden(ronde: Inkoopronde, wijziging: Termijnwijziging) -> list:
    zorgkantoren = betrokken_zorgkantoren(ronde, wijziging.zorgkantoor, wijziging.mijlpaal)
    ontvangers = Gebruiker.objects.filter(is_active=True, zorgaanbieder__in=betrokken_aanbieders(
        ronde, zorgkantoren)).order_by("zorgaanbieder", "pk")
    wat = wijziging.get_mijlpaal_display()
    voor = ", ".join(z.naam for z in zorgkantoren)
    onderwerp = (_("Heropening: %(wat)s %(ronde)s verschoven") if wijziging.soort == Termijnwijziging.Soort.HEROPENING
                 else _("Termijn verlengd: %(wat)s %(ronde)s")) % {"wat": wat, "ronde": ronde.naam}
    tekst = _(
        "Geachte heer/mevrouw,\n\n"
        "De termijn '%(wat)s' van %(ronde)s (voor %(voor)s) is gewijzigd.\n\n"
        "Oude termijn: %(oud)s\nNieuwe termijn: %(nieuw)s\n\nReden: %(reden)s\n\n"
        "De wijziging staat ook bij de ronde in het portaal.\n\n"
        "Dit bericht is automatisch verzonden door het Wlz inschrijvingsportaal aan iedere organisatie met een "
        "inschrijving of een vraag in deze ronde.\n") % {
        "wat": wat, "ronde": ronde.naam, "voor": voor, "oud": nederlandse_tijd(wijziging.oud),
        "nieuw": nederlandse_tijd(wijziging.nieuw), "reden": wijziging.reden}
    return berichten.verstuur(aan=ontvangers, onderwerp=onderwerp[:250], tekst=tekst)


def doorgevoerde(ronde: Inkoopronde, zorgkantoor: Zorgkantoor | None = None):
    """The history shown with the round: every change that took effect, for the round or this zorgkantoor."""
    qs = Termijnwijziging.objects.filter(ronde=ronde, doorgevoerd_op__isnull=False)
    qs = qs.filter(Q(zorgkantoor__isnull=True) | Q(zorgkantoor=zorgkantoor)) if zorgkantoor else qs
    return qs.order_by("doorgevoerd_op")
