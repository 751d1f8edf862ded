"""Reads for zorgkantoor staff, always scoped to their own zorgkantoor and to opened (closed) rounds."""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from beoordeling.models import AuditRegel, Beoordeling, Fase, Toetsresultaat, Verduidelijkingsverzoek
from inschrijving.models import Gebruiker
from inschrijving.selectors import geopende_rondes, zichtbaar_voor_zorgkantoor


def beoordelingen_voor(user: Gebruiker) -> QuerySet[Beoordeling]:
    """The assessments of exactly the inschrijvingen ``inschrijving.selectors.inschrijvingen_voor`` gives the user:
    the same rule (``zichtbaar_voor_zorgkantoor``), joined rather than as a subquery of inschrijvingen."""
    if not user.is_zorgkantoor or not user.zorgkantoor_id:
        return Beoordeling.objects.none()
    return Beoordeling.objects.filter(zichtbaar_voor_zorgkantoor(user, via="inschrijving__"))


def te_tellen_voor(user: Gebruiker) -> QuerySet[Beoordeling]:
    """The same assessments as ``beoordelingen_voor``, for counting only: read from the assessment's own columns —
    its zorgkantoor, and a round whose sluitingstijd has passed and whose vault is open (``geopende_rondes``) —
    with one index (issue 10: the queue's counts over a round of 10,000 without joining three tables of 10,000).

    The rest of the rule — submitted, not withdrawn — holds for every inschrijving with an assessment and cannot
    stop holding: the pipeline makes assessments only for those, and the database refuses to change the
    zorgkantoor, round or status of an inschrijving under assessment, or to withdraw its submission (beoordeling
    migration 0010); ``tests/inschrijving/test_selectors.py`` checks that both give the same rows. The rows a page
    shows always come from ``beoordelingen_voor``: a query that returns rows must not be planned around this
    index (a round-wide index scan per row when the statistics lag behind a bulk insert)."""
    if not user.is_zorgkantoor or not user.zorgkantoor_id:
        return Beoordeling.objects.none()
    return Beoordeling.objects.filter(zorgkantoor=user.zorgkantoor_id,
                                      ronde__in=geopende_rondes(user.zorgkantoor_id).values("pk"))


def _aantal_resultaten(uitkomst: str):
    # A correlated subquery, not COUNT over a join: Postgres then counts only for the rows on the page
    # instead of grouping every result of the round first (2.5 s → milliseconds at 2,000 rows).
    return Coalesce(Subquery(
        Toetsresultaat.objects.filter(beoordeling=OuterRef("pk"), uitkomst=uitkomst).order_by()
        .values("beoordeling").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0)


def voor_tabel(qs: QuerySet[Beoordeling]) -> QuerySet[Beoordeling]:
    """Everything one queue row shows, in a constant number of queries whatever the page size."""
    laatste = AuditRegel.objects.filter(inschrijving=OuterRef("inschrijving")).order_by("-op").values("op")[:1]
    open_verzoek = Verduidelijkingsverzoek.objects.filter(beoordeling=OuterRef("pk"), beantwoord_op__isnull=True,
                                                          verlopen_op__isnull=True)
    return qs.select_related("inschrijving__zorgaanbieder", "inschrijving__ronde", "inschrijving__zorgkantoor",
                             "toegewezen_aan").annotate(
        aantal_voldoet_niet=_aantal_resultaten("voldoet_niet"),
        aantal_handmatig=_aantal_resultaten("handmatig"),
        laatste_activiteit=Subquery(laatste),
        verduidelijking_open=Exists(open_verzoek),
    )


def tellingen_per_fase(qs: QuerySet[Beoordeling]) -> dict[str, int]:
    return dict(qs.order_by().values_list("fase").annotate(n=Count("pk")))


def voortgang(qs: QuerySet[Beoordeling]) -> tuple[int, int]:
    """(automatically checked, total): how far the pipeline is."""
    totaal = qs.count()
    klaar = qs.exclude(fase=Fase.NIEUW).count()
    return klaar, totaal


@dataclass(frozen=True)
class Tellingen:
    per_fase: dict[str, int]  # the selection (without its fase filter) per fase
    geselecteerd: int  # the selection (without its fase filter)
    klaar: int  # automatically checked, of ``totaal``
    totaal: int


def tellingen(basis: QuerySet[Beoordeling], selectie: QuerySet[Beoordeling] | None = None) -> Tellingen:
    """Every count of the werkvoorraad in one query: the progress over ``basis`` and the fase badges over
    ``selectie``, a subset of ``basis`` (None: the same rows). One pass over ``basis``, grouped by fase (a dozen
    groups at most), with the selection counted beside the whole per group; the totals are the sums."""
    aantallen = {"n": Count("pk")}
    if selectie is not None:
        aantallen["binnen"] = Count("pk", filter=Q(pk__in=selectie.order_by().values("pk")))
    alle, binnen = {}, {}
    for rij in basis.order_by().values("fase").annotate(**aantallen).order_by():
        alle[rij["fase"]] = rij["n"]
        binnen[rij["fase"]] = rij.get("binnen", rij["n"])
    totaal = sum(alle.values())
    return Tellingen(per_fase={fase: binnen.get(fase, 0) for fase in Fase.values},
                     geselecteerd=sum(binnen.values()), klaar=totaal - alle.get(Fase.NIEUW, 0), totaal=totaal)


def resultaten(beoordeling: Beoordeling) -> QuerySet[Toetsresultaat]:
    return beoordeling.resultaten.select_related("besloten_door").order_by("stap", "pk")


def inregelitems_voor(user: Gebruiker) -> QuerySet:
    """Inregel items the user may see: an aanbieder's own, or those of a zorgkantoor user's contracts."""
    from beoordeling.models import InregelItem

    qs = InregelItem.objects.select_related("overeenkomst__zorgaanbieder", "overeenkomst__zorgkantoor",
                                            "besluit__beoordeling__inschrijving__ronde", "ingediend_door",
                                            "beoordeeld_door")
    if user.is_aanbieder and user.zorgaanbieder_id:
        return qs.filter(overeenkomst__zorgaanbieder_id=user.zorgaanbieder_id)
    if user.is_zorgkantoor and user.zorgkantoor_id:
        return qs.filter(overeenkomst__zorgkantoor_id=user.zorgkantoor_id)
    return qs.none()


def verlopen_inregelitems(user: Gebruiker, vandaag=None) -> QuerySet:
    """Overdue for a zorgkantoor user: the due date has passed and the item is not (yet) accepted."""

    if not user.is_zorgkantoor:
        return inregelitems_voor(user).none()
    vandaag = vandaag or timezone.localdate()
    return inregelitems_voor(user).filter(vervaldatum__lt=vandaag).exclude(status="geaccepteerd")
