"""Reading each uploaded document (issue 11): after its virus scan, a Celery task (``tasks.document_lezen``) reads the
text of every page (``lezen.tekst``: the text layer, OCR for a scan) and the facts its type's extractor finds
(``lezen.feiten``), and stores them as a ``Lezing`` bound to the file's SHA-256. The dossier carries the reading of
each document, so the voorcontrole compares the document's own content with the declaration before the deadline,
and the assessment after it."""

import logging
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, transaction
from django.utils import timezone

from inschrijving.models import Document, Lezing
from lezen import feiten as lezen_feiten
from lezen import tekst as lezen_tekst

logger = logging.getLogger(__name__)

TE_LEZEN = (Document.Scan.SCHOON, Document.Scan.UIT)


def na_commit_lezen(document_id: int) -> None:
    transaction.on_commit(lambda: _in_de_wachtrij(document_id))


def _in_de_wachtrij(pk: int) -> None:
    from inschrijving.tasks import document_lezen, in_de_wachtrij

    in_de_wachtrij(document_lezen, pk, later="ongelezen_documenten")


def lezen(document_id: int) -> Lezing | None:
    """Read the version once its scan allows it; a file already read for this document type is not read again.
    ``None``: no such version, or not (yet) to be read (waiting for its scan, or refused)."""
    document = Document.objects.select_related("documenttype").filter(pk=document_id).first()
    if document is None or document.scan not in TE_LEZEN:
        return None
    code = document.documenttype.code
    bestaand = Lezing.objects.filter(sha256=document.sha256, documenttype_code=code).first()
    if bestaand is not None:
        return bestaand
    begin = time.monotonic()
    with document.bestand.open("rb") as bestand:
        inhoud = bestand.read()
    reden = ""
    try:
        paginas = lezen_tekst.lees(inhoud)
    except lezen_tekst.Onleesbaar as fout:
        paginas, reden = [], f"Het bestand is geen leesbare pdf ({fout})."[:300]
    except SoftTimeLimitExceeded:
        # Too many scanned pages for the task's time: recorded as not read, so nobody waits for it and beat does not
        # queue it again; the zorginkoper reads it.
        paginas, reden = [], "Het lezen duurde te lang (te veel gescande pagina's)."
    met_tekst = [p for p in paginas if p.bron != lezen_tekst.GEEN]
    if paginas and not met_tekst:
        reden = ("Geen tekst gevonden: de pagina's hebben geen tekstlaag"
                 + ("" if lezen_tekst.ocr_beschikbaar() else " en er is geen OCR (Tesseract) geïnstalleerd")
                 + " of de OCR vond geen tekst.")
    lezing = Lezing(sha256=document.sha256, documenttype_code=code, document=document,
                    status=Lezing.Status.GELEZEN if met_tekst else Lezing.Status.ONLEESBAAR, reden=reden,
                    paginas=[p.als_dict() for p in paginas],
                    herkend=lezen_feiten.herkend(code, met_tekst),
                    feiten={naam: f.als_dict() for naam, f in lezen_feiten.lees_feiten(code, met_tekst).items()},
                    aantal_paginas=len(paginas), ocr_paginas=sum(1 for p in paginas if p.bron == lezen_tekst.OCR),
                    gelezen_op=timezone.now(), duur_ms=int((time.monotonic() - begin) * 1000))
    try:
        with transaction.atomic():
            lezing.save(force_insert=True)
    except IntegrityError:  # read at the same time by another worker: that reading counts
        return Lezing.objects.get(sha256=document.sha256, documenttype_code=code)
    logger.info("Document %s (%s) gelezen: %s, %s pagina's (%s OCR), %s feiten, %s ms", document.pk, code,
                lezing.status, len(paginas), lezing.ocr_paginas, len(lezing.feiten), lezing.duur_ms)
    return lezing


def ongelezen_hashes(dossier: dict) -> set[str]:
    """The SHA-256 of every document of a snapshot that carries no reading."""
    return {d["sha256"] for d in dossier.get("documenten", []) if not d.get("lezing") and d.get("sha256")}


def lezingen_voor(hashes: set[str]) -> dict[tuple[str, str], Lezing]:
    """The readings of these files, by (SHA-256, document type code), in one query (the dossier's documents, or the
    sealed files of a pipeline batch for ``met_lezingen``)."""
    if not hashes:
        return {}
    return {(r.sha256, r.documenttype_code): r for r in Lezing.objects.filter(sha256__in=hashes).defer("paginas")}


def met_lezingen(dossier: dict, rijen: dict | None = None) -> dict:
    """A snapshot's dossier with the reading of every sealed file that was not yet read when it was submitted (read
    later from the very same bytes: its SHA-256). What the snapshot itself carries is never replaced. ``rijen``:
    readings fetched already for a batch (``lezingen_voor``)."""
    ontbreekt = ongelezen_hashes(dossier)
    if not ontbreekt:
        return dossier
    if rijen is None:
        rijen = lezingen_voor(ontbreekt)
    documenten = []
    for d in dossier["documenten"]:
        rij = None if d.get("lezing") else rijen.get((d["sha256"], d["code"]))
        documenten.append({**d, "lezing": rij.als_dossier()} if rij else d)
    return {**dossier, "documenten": documenten}
