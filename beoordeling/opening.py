"""The opening of the vault: a proces-verbaal by two (issue 9, "De opening is een proces-verbaal door twee").

After the sluitingstijd one of the zorgkantoor's staff requests the opening, a different colleague confirms it;
each enters a fresh code of their second factor (the views check it). Only then is the Opening recorded — both
names, both times, the counts and a fingerprint of the counted submissions — with its PDF and that PDF's hash, and
only from that moment do the selectors show who submitted what. The pipeline may run before; people see content
only after. Every step lands in the audit trail.
"""

import hashlib
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beoordeling import audit
from beoordeling.signals import ronde_geopend
from inschrijving.dossier import canoniek
from inschrijving.models import Gebruiker, Indiening, Inkoopronde, Inschrijving, Opening, OpeningVerzoek, Status
from inschrijving.ondertekening import onderteken
from inschrijving.pdf import Bijlage, nederlandse_tijd, render_pdf
from inschrijving.selectors import actuele_indieningen

PROCES_VERBAAL = "beoordeling/pdf/proces_verbaal.html"


def _zorgkantoor_van(ronde: Inkoopronde, door: Gebruiker):
    zorgkantoor = door.zorgkantoor
    if not door.is_zorgkantoor or zorgkantoor is None or not ronde.zorgkantoren.filter(pk=zorgkantoor.pk).exists():
        raise PermissionDenied
    return zorgkantoor


def _na_sluiting(ronde: Inkoopronde, zorgkantoor, nu: datetime) -> None:
    if not ronde.planning(zorgkantoor).gesloten(nu):
        raise ValidationError(_("De inschrijvingen blijven verzegeld tot de sluitingstijd."))


def opening_van(ronde: Inkoopronde, zorgkantoor) -> Opening | None:
    return Opening.objects.filter(ronde=ronde, zorgkantoor=zorgkantoor).select_related(
        "geopend_door", "tweede_opener").first()


def verzoek_van(ronde: Inkoopronde, zorgkantoor) -> OpeningVerzoek | None:
    return OpeningVerzoek.objects.filter(ronde=ronde, zorgkantoor=zorgkantoor).select_related("door").first()


def opening_verzoeken(*, ronde: Inkoopronde, door: Gebruiker, moment: datetime | None = None) -> OpeningVerzoek:
    """The first person: request the opening. Opens nothing; a colleague must confirm."""
    zorgkantoor = _zorgkantoor_van(ronde, door)
    nu = moment or timezone.now()
    _na_sluiting(ronde, zorgkantoor, nu)
    if opening_van(ronde, zorgkantoor):
        raise ValidationError(_("De inschrijvingen van deze ronde zijn al geopend."))
    try:
        with transaction.atomic():
            verzoek = OpeningVerzoek.objects.create(ronde=ronde, zorgkantoor=zorgkantoor, door=door, op=nu)
    except IntegrityError as fout:
        raise ValidationError(
            _("Een collega heeft de opening al aangevraagd; een tweede collega bevestigt haar.")) from fout
    audit.log(actie="opening_verzocht", ronde=ronde, door=door,
              omschrijving=f"Opening aangevraagd voor {zorgkantoor.naam} op {nederlandse_tijd(nu)}")
    return verzoek


def opening_intrekken(*, ronde: Inkoopronde, door: Gebruiker) -> None:
    """The requester withdraws a request no one has confirmed yet."""
    zorgkantoor = _zorgkantoor_van(ronde, door)
    with transaction.atomic():
        verzoek = OpeningVerzoek.objects.select_for_update().filter(ronde=ronde, zorgkantoor=zorgkantoor).first()
        if verzoek is None:
            return
        if verzoek.door_id != door.pk:
            raise PermissionDenied
        verzoek.delete()
        audit.log(actie="opening_verzoek_ingetrokken", ronde=ronde, door=door,
                  omschrijving=f"Verzoek tot opening voor {zorgkantoor.naam} ingetrokken")


def vingerafdruk(hashes: list[str]) -> str:
    """SHA-256 over the sorted hashes of the counted submissions, one per line: anyone holding the receipts can
    recompute it, and no submission can be added to or taken from the opened set unseen."""
    return hashlib.sha256("\n".join(sorted(hashes)).encode()).hexdigest()


def _naam(gebruiker: Gebruiker) -> str:
    return gebruiker.get_full_name() or gebruiker.get_username()


def opening_bevestigen(*, ronde: Inkoopronde, door: Gebruiker, moment: datetime | None = None) -> Opening:
    """The second person: confirm a colleague's request. Records the proces-verbaal (with its PDF and hash) and
    thereby opens the vault."""
    zorgkantoor = _zorgkantoor_van(ronde, door)
    nu = moment or timezone.now()
    _na_sluiting(ronde, zorgkantoor, nu)
    with transaction.atomic():
        verzoek = (OpeningVerzoek.objects.select_for_update().select_related("door")
                   .filter(ronde=ronde, zorgkantoor=zorgkantoor).first())
        if verzoek is None:
            bestaand = opening_van(ronde, zorgkantoor)
            if bestaand:
                return bestaand
            raise ValidationError(_("Er is geen verzoek tot opening om te bevestigen."))
        if verzoek.door_id == door.pk:
            raise ValidationError(_("Een tweede collega moet de opening bevestigen; u heeft haar zelf aangevraagd."))
        inschrijvingen = Inschrijving.objects.filter(ronde=ronde, zorgkantoor=zorgkantoor)
        hashes = list(actuele_indieningen(Indiening.objects.filter(
            inschrijving__in=inschrijvingen.filter(status=Status.INGEDIEND))).values_list("sha256", flat=True))
        opening = Opening(
            ronde=ronde, zorgkantoor=zorgkantoor, geopend_door=verzoek.door, verzocht_op=verzoek.op,
            tweede_opener=door, geopend_op=nu, aantal_ingediend=len(hashes),
            aantal_ingetrokken=inschrijvingen.filter(status=Status.INGETROKKEN).count(),
            vingerafdruk=vingerafdruk(hashes))
        pdf = proces_verbaal_pdf(opening, hashes)
        opening.proces_verbaal.save(f"{ronde.pk}-{zorgkantoor.pk}.pdf", ContentFile(pdf), save=False)
        opening.proces_verbaal_sha256 = hashlib.sha256(pdf).hexdigest()
        opening.save()
        ronde_geopend.send(sender=Opening, opening=opening)
        verzoek.delete()
        audit.log(actie="kluis_geopend", ronde=ronde, door=door, omschrijving=(
            f"Proces-verbaal van opening {zorgkantoor.naam}: aangevraagd door {_naam(verzoek.door)} op "
            f"{nederlandse_tijd(verzoek.op)}, bevestigd door {_naam(door)} op {nederlandse_tijd(nu)}; "
            f"{opening.aantal_ingediend} ingediend, {opening.aantal_ingetrokken} ingetrokken; vingerafdruk "
            f"{opening.vingerafdruk}; PDF SHA-256 {opening.proces_verbaal_sha256}"))
    return opening


def proces_verbaal_pdf(opening: Opening, hashes: list[str]) -> bytes:
    """The proces-verbaal: PDF/A-3b with the opening as data embedded (``opening.json``: the SHA-256 of every
    indiening opened, from which anyone recomputes the vingerafdruk), signed by the portal."""
    planning = opening.ronde.planning(opening.zorgkantoor)
    gegevens = {"ronde": opening.ronde.naam, "zorgkantoor": opening.zorgkantoor.naam,
                "sluiting": planning.sluiting_inschrijving, "verzocht_op": opening.verzocht_op,
                "geopend_op": opening.geopend_op, "aantal_ingediend": opening.aantal_ingediend,
                "aantal_ingetrokken": opening.aantal_ingetrokken, "vingerafdruk": opening.vingerafdruk,
                "indieningen_sha256": sorted(hashes)}
    bijlage = Bijlage("opening.json", canoniek(gegevens), "De geopende indieningen (SHA-256) en de vingerafdruk")
    with translation.override("nl"):
        pdf = render_pdf(PROCES_VERBAAL, {
            "opening": opening,
            "sluiting": nederlandse_tijd(planning.sluiting_inschrijving),
            "verzocht_door": _naam(opening.geopend_door),
            "verzocht_op": nederlandse_tijd(opening.verzocht_op),
            "bevestigd_door": _naam(opening.tweede_opener),
            "geopend_op": nederlandse_tijd(opening.geopend_op),
        }, bijlagen=(bijlage,))[1]
    return onderteken(pdf, reden=f"Proces-verbaal van opening, {opening.zorgkantoor.naam}")
