"""The public check of a record the portal issued: an ontvangstbevestiging, a besluitbrief or a proces-verbaal.

A record is genuine when all of these hold:
1. its signature is this portal's, intact and covering the whole file (``inschrijving.ondertekening.controleer``);
2. its bytes are a record the portal stored (the SHA-256 of the file is the stored receipt's, letter's or
   proces-verbaal's hash);
3. the snapshot embedded in it is the stored snapshot of that indiening: its SHA-256 equals the indiening's, and the
   stored snapshot still hashes to that value (the legal record was not changed since).

The answer is one word, valid or not, and the kind of record: nothing of its content, and not which check failed
(that goes to the log).
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass

from beoordeling.models import Besluit
from inschrijving.dossier import hash_van
from inschrijving.models import Indiening, Opening
from inschrijving.ondertekening import controleer as controleer_handtekening
from inschrijving.pdf import SNAPSHOT_BIJLAGE

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Uitslag:
    geldig: bool
    soort: str = ""  # "ontvangstbevestiging", "besluitbrief" or "proces-verbaal" when valid
    reden: str = ""  # for the log and the tests; never shown


def _bijlage(pdf: bytes, naam: str) -> bytes | None:
    from pypdf import PdfReader

    try:
        inhoud = PdfReader(io.BytesIO(pdf)).attachments.get(naam) or []
    except Exception:  # an unreadable attachment is a missing one
        return None
    return inhoud[0] if len(inhoud) == 1 else None


def _snapshot_klopt(pdf: bytes, indiening: Indiening) -> bool:
    ingesloten = _bijlage(pdf, SNAPSHOT_BIJLAGE)
    return (ingesloten is not None and hashlib.sha256(ingesloten).hexdigest() == indiening.sha256
            and hash_van(indiening.snapshot) == indiening.sha256)


def controleer(pdf: bytes) -> Uitslag:
    handtekening = controleer_handtekening(pdf)
    if not handtekening.geldig:
        return Uitslag(False, reden=handtekening.reden)
    sha256 = hashlib.sha256(pdf).hexdigest()
    indiening = Indiening.objects.filter(ontvangstbewijs_sha256=sha256).first()
    if indiening is not None:
        if not _snapshot_klopt(pdf, indiening):
            return Uitslag(False, reden="ingesloten inhoud wijkt af van de vastgelegde")
        return Uitslag(True, "ontvangstbevestiging")
    besluit = (Besluit.objects.select_related("beoordeling__indiening")
               .filter(brief_sha256=sha256, goedgekeurd_op__isnull=False).first())
    if besluit is not None:
        if not _snapshot_klopt(pdf, besluit.beoordeling.indiening):
            return Uitslag(False, reden="ingesloten inhoud wijkt af van de vastgelegde")
        return Uitslag(True, "besluitbrief")
    if Opening.objects.filter(proces_verbaal_sha256=sha256).exists():
        return Uitslag(True, "proces-verbaal")
    return Uitslag(False, reden="geen door het portaal opgeslagen document")


def controleer_en_log(pdf: bytes) -> Uitslag:
    uitslag = controleer(pdf)
    logger.info("Controle van een document: %s%s", "geldig " + uitslag.soort if uitslag.geldig else "niet geldig",
                f" ({uitslag.reden})" if uitslag.reden else "")
    return uitslag
