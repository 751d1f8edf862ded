"""The virus scan of a stored document version, after its upload (issue 10; issue 9, item 7 scans every upload).

Why after, not inside the upload request: clamd needs 0.3–0.7 s for a 25 MB file with only the test signature and
longer with the full database; a request that waits for it holds a web worker for that long, at the hour when
hundreds of providers upload. So the upload is accepted once it is stored and hashed, in quarantine: the version
starts ``wachtend`` (``Document.Scan``) and ``tasks.document_scannen`` scans it, usually within a second. Until then
nobody opens it — the download scans it first (``document_downloaden``), a submission scans every version still
waiting before it seals them (``services.indienen``), and beat's ``wachtende_scans`` queues what was never queued.

Infected: the version is refused (``besmet``, with what clamd found) and its file removed; when it had replaced an
earlier version, that one becomes the current version again (as a new version pointing at its file: a stored
version's replacement is recorded once, migration 0015). The aanbieder sees the refusal beside the document, and a
submission that finds one is refused before anything is sealed, so the document can still be replaced in time.

clamd unreachable: the task retries with backoff; a download says "probeer het zo opnieuw"; a submission goes ahead
(the arrival time is what counts, and the portal's own failure must not cost a provider its contract) and the task
scans the sealed version later — which, if infected, is marked so and not opened, for the zorgkantoor to weigh.
"""

import logging

from django.db import transaction
from django.utils import timezone

from inschrijving import lezingen, virusscan
from inschrijving.models import Document, Indiening, Inschrijving
from inschrijving.opslag import prive_opslag

logger = logging.getLogger(__name__)

Scan = Document.Scan


def status_bij_upload() -> str:
    """The scan state a new upload starts in: waiting for the task, or — no scanner configured, the laptop
    default — not scanned (``manage.py check --deploy`` warns about that)."""
    return Scan.WACHTEND if virusscan.ingeschakeld() else Scan.UIT


def na_commit_in_de_wachtrij(document: Document) -> None:
    """After the upload commits: its scan, or — no scanner configured — its reading (``inschrijving.lezingen``),
    which otherwise follows a clean verdict."""
    pk = document.pk
    if document.scan == Scan.WACHTEND:
        transaction.on_commit(lambda: _in_de_wachtrij(pk))
    elif document.scan == Scan.UIT:
        lezingen.na_commit_lezen(pk)


def _in_de_wachtrij(pk: int) -> None:
    from inschrijving.tasks import document_scannen, in_de_wachtrij

    in_de_wachtrij(document_scannen, pk, later="wachtende_scans")


def scannen(document_id: int) -> Document | None:
    """Scan the version when it is still waiting, record the verdict, and return it (``None``: no such version).
    Raises ``virusscan.ScanNietBeschikbaar`` when clamd cannot be reached or fails; nothing is recorded then."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None or document.scan != Scan.WACHTEND:
        return document
    with document.bestand.open("rb") as bestand:
        uitslag = virusscan.scan(bestand)
    return vastleggen(document, uitslag)


@transaction.atomic
def vastleggen(gescand: Document, uitslag: virusscan.Uitslag) -> Document:
    """Record the verdict on a scanned version. The inschrijving is locked first, as every change to its documents
    locks it (``services._vergrendel``), so a new upload or a submission and this verdict happen one after the
    other; the version is then read again under that lock."""
    inschrijving_id = gescand.inschrijving_id
    Inschrijving.objects.select_for_update(of=("self",)).filter(pk=inschrijving_id).exists()
    document = Document.objects.select_related("documenttype").get(pk=gescand.pk)
    if document.scan != Scan.WACHTEND:
        return document  # scanned meanwhile (the task and a download at once)
    nu = timezone.now()
    # Versions that point at the same file (details corrected after a submission) share its verdict.
    zelfde_bestand = Document.objects.filter(inschrijving_id=inschrijving_id, bestand=document.bestand.name)
    if uitslag.schoon:
        zelfde_bestand.filter(scan=Scan.WACHTEND).update(scan=Scan.SCHOON, gescand_op=nu)
        document.refresh_from_db()
        lezingen.na_commit_lezen(document.pk)
        return document
    logger.warning("Document %s (%s) geweigerd door de virusscan: %s", document.pk, document.documenttype.code,
                   uitslag.naam)
    zelfde_bestand.update(scan=Scan.BESMET, scan_vondst=uitslag.naam[:200], gescand_op=nu)
    if Indiening.objects.filter(documenten__in=zelfde_bestand).exists():
        # Sealed while clamd was away: the record stays as submitted; nobody can open the file (the download
        # refuses it) and the zorginkoper sees the refusal beside it.
        document.refresh_from_db()
        return document
    for versie in zelfde_bestand.filter(vervangen_op__isnull=True):
        versie.vervangen_op = nu
        versie.save(update_fields=["vervangen_op"])
        _vorige_terug(versie, nu)
    naam = document.bestand.name
    transaction.on_commit(lambda: prive_opslag.delete(naam))
    document.refresh_from_db()
    return document


def _vorige_terug(besmet: Document, nu) -> Document | None:
    """The version this upload replaced is the current one again: a new version pointing at its file, with its
    upload time and details."""
    vorige = (Document.objects.filter(inschrijving_id=besmet.inschrijving_id, documenttype_id=besmet.documenttype_id,
                                      versie__lt=besmet.versie, vervangen_op=besmet.geupload_op)
              .exclude(scan=Scan.BESMET).order_by("-versie").first())
    if vorige is None:
        return None
    hoogste = (Document.objects.filter(inschrijving_id=besmet.inschrijving_id, documenttype_id=besmet.documenttype_id)
               .order_by("-versie").values_list("versie", flat=True).first())
    vorige.pk = None
    vorige.versie = hoogste + 1
    vorige.vervangen_op = None
    vorige.save(force_insert=True)
    return vorige


def wachtende_scannen(inschrijving: Inschrijving) -> list[Document]:
    """Before a submission seals them: scan the current versions still waiting; return those found infected.
    clamd unreachable: logged, and the submission goes ahead (see the module's docstring)."""
    besmet = []
    for pk in (inschrijving.documenten.filter(vervangen_op__isnull=True, scan=Scan.WACHTEND)
               .values_list("pk", flat=True)):
        try:
            document = scannen(pk)
        except virusscan.ScanNietBeschikbaar as fout:
            logger.error("Virusscan niet beschikbaar bij het indienen van inschrijving %s: %s", inschrijving.pk, fout)
            continue
        if document is not None and document.scan == Scan.BESMET:
            besmet.append(document)
    return besmet


def geweigerde_uploads(inschrijving: Inschrijving) -> list[Document]:
    """The uploads the virus scan refused that the aanbieder has not yet followed with a new upload of the same
    document (a version put back after a refusal keeps its own, earlier upload time and does not count)."""
    geweigerd = list(inschrijving.documenten.filter(scan=Scan.BESMET).select_related("documenttype")
                     .order_by("documenttype__volgorde", "-geupload_op"))
    return [d for i, d in enumerate(geweigerd)
            if (i == 0 or geweigerd[i - 1].documenttype_id != d.documenttype_id)
            and not inschrijving.documenten.filter(documenttype_id=d.documenttype_id,
                                                   geupload_op__gt=d.geupload_op).exists()]
