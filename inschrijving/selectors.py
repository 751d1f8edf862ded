"""Reads scoped to the user: every queryset that reaches an aanbieder or zorgkantoor user starts here.

Aanbieders see their own organisation's records. Zorgkantoor staff see their own zorgkantoor's
inschrijvingen, and only submitted ones whose sluitingstijd (the zorgkantoor's own, where it has one)
has passed and whose vault two colleagues have opened (the Opening, beoordeling.opening): until then it is
sealed and only a count is shown.
"""

from django.db.models import DateTimeField, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from inschrijving.models import (
    AfwijkendePlanning,
    Document,
    Gebruiker,
    Indiening,
    Inkoopronde,
    Inschrijving,
    Opening,
    Status,
)


def rondes_voor(user: Gebruiker) -> QuerySet[Inkoopronde]:
    """Rounds the user takes part in: all rounds for aanbieders, their own zorgkantoor's for staff."""
    qs = Inkoopronde.objects.all()
    if user.is_aanbieder:
        return qs.prefetch_related("zorgkantoren")
    if user.zorgkantoor_id:
        return qs.filter(zorgkantoren=user.zorgkantoor_id)
    if user.is_staff:
        return qs
    return qs.none()


def met_sluiting(qs: QuerySet[Inschrijving]) -> QuerySet[Inschrijving]:
    """Annotate each inschrijving with its effective sluitingstijd (zorgkantoor override first)."""
    afwijkend = AfwijkendePlanning.objects.filter(
        ronde=OuterRef("ronde"), zorgkantoor=OuterRef("zorgkantoor")).values("sluiting_inschrijving")[:1]
    return qs.annotate(sluiting=Coalesce(Subquery(afwijkend, output_field=DateTimeField()),
                                         "ronde__sluiting_inschrijving"))


def geopende_rondes(zorgkantoor_id: int) -> QuerySet[Inkoopronde]:
    """The rounds whose inschrijvingen at this zorgkantoor its staff may see: the sluitingstijd (the zorgkantoor's own
    planning first) has passed and the vault has been opened. Both depend on the round and the zorgkantoor only, so
    they are checked once per round, not once per inschrijving (issue 10: at 10,000 inschrijvingen in a round the
    per-row check was most of the werkvoorraad's time)."""
    afwijkend = AfwijkendePlanning.objects.filter(ronde=OuterRef("pk"), zorgkantoor=zorgkantoor_id).values(
        "sluiting_inschrijving")[:1]
    return (Inkoopronde.objects.filter(Exists(Opening.objects.filter(ronde=OuterRef("pk"), zorgkantoor=zorgkantoor_id)))
            .alias(sluiting=Coalesce(Subquery(afwijkend, output_field=DateTimeField()), "sluiting_inschrijving"))
            .filter(sluiting__lte=timezone.now()))


def zichtbaar_voor_zorgkantoor(user: Gebruiker, via: str = "") -> Q:
    """What a zorgkantoor user may see of inschrijvingen, as a filter on a path to the inschrijving (``via``: ""
    for inschrijvingen, "inschrijving__" for the assessments of ``beoordeling.selectors``): its own zorgkantoor,
    submitted and not withdrawn, in a round whose sluitingstijd has passed and whose vault has been opened."""
    ingediend = Indiening.objects.filter(inschrijving=OuterRef(f"{via}pk"), ingetrokken_op__isnull=True)
    return Q(Exists(ingediend), **{f"{via}zorgkantoor": user.zorgkantoor_id, f"{via}status": Status.INGEDIEND,
                                   f"{via}ronde__in": geopende_rondes(user.zorgkantoor_id).values("pk")})


def inschrijvingen_voor(user: Gebruiker) -> QuerySet[Inschrijving]:
    qs = Inschrijving.objects.select_related("ronde", "zorgaanbieder", "zorgkantoor")
    if user.is_aanbieder and user.zorgaanbieder_id:
        return qs.filter(zorgaanbieder=user.zorgaanbieder_id)
    if user.is_zorgkantoor and user.zorgkantoor_id:
        # Each row still carries its sluiting (for the pages); the filter is on the round's.
        return met_sluiting(qs.filter(zichtbaar_voor_zorgkantoor(user)))
    return qs.none()


def alleen_geopend(qs: QuerySet, via: str = "") -> QuerySet:
    """Only rows of inschrijvingen whose vault has been opened (``via`` is the path to the inschrijving, e.g.
    "inschrijving__"). For every list that could tell who submitted what before the opening: admin included,
    superusers included."""
    return qs.filter(Exists(Opening.objects.filter(ronde=OuterRef(f"{via}ronde"),
                                                   zorgkantoor=OuterRef(f"{via}zorgkantoor"))))


def verzegeld_aantal(user: Gebruiker, ronde: Inkoopronde) -> int:
    """How many inschrijvingen a zorgkantoor has received in a round, sealed or not."""
    if not user.zorgkantoor_id:
        return 0
    return Inschrijving.objects.filter(ronde=ronde, zorgkantoor=user.zorgkantoor_id, status=Status.INGEDIEND).count()


def actuele_indieningen(qs: QuerySet[Indiening]) -> QuerySet[Indiening]:
    """Only the submission that counts per inschrijving: the latest one that was not withdrawn."""
    laatste = Indiening.objects.filter(inschrijving=OuterRef("inschrijving"), ingetrokken_op__isnull=True).order_by(
        "-volgnummer").values("pk")[:1]
    return qs.filter(ingetrokken_op__isnull=True, pk=Subquery(laatste))


def documenten_voor(user: Gebruiker) -> QuerySet[Document]:
    """Aanbieders: every version of their own documents. Zorgkantoor staff: only what the submission that
    counts contains (not a superseded or withdrawn one, not a version uploaded afterwards)."""
    qs = Document.objects.select_related("documenttype", "inschrijving")
    if user.is_zorgkantoor:
        return qs.filter(Exists(Indiening.documenten.through.objects.filter(
            document=OuterRef("pk"), indiening__in=indieningen_voor(user).values("pk"))))
    return qs.filter(inschrijving__in=inschrijvingen_voor(user).values("pk"))


def indieningen_voor(user: Gebruiker) -> QuerySet[Indiening]:
    """Aanbieders: every submission of their own, withdrawn and superseded ones included (their history).
    Zorgkantoor staff: only the submission that counts per inschrijving."""
    qs = Indiening.objects.filter(inschrijving__in=inschrijvingen_voor(user).values("pk")).select_related(
        "inschrijving__zorgaanbieder", "inschrijving__zorgkantoor", "inschrijving__ronde")
    return actuele_indieningen(qs) if user.is_zorgkantoor else qs
