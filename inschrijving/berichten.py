"""The one entry point for e-mail: ``verstuur()`` records a Bericht per recipient and queues it on commit."""

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from inschrijving.models import Bericht, Gebruiker


def verstuur(*, aan: Iterable[Gebruiker | str], onderwerp: str, tekst: str,
             bijlage: tuple[str, bytes] | None = None) -> list[Bericht]:
    from inschrijving.tasks import verstuur_bericht

    berichten = []
    for ontvanger in aan:
        adres = ontvanger.email if isinstance(ontvanger, Gebruiker) else ontvanger
        if not adres:
            continue
        bericht = Bericht(aan=adres, onderwerp=onderwerp, tekst=tekst,
                          gebruiker=ontvanger if isinstance(ontvanger, Gebruiker) else None)
        if bijlage:
            bericht.bijlage_naam = bijlage[0]
            bericht.bijlage.save(f"berichten/{bijlage[0]}", ContentFile(bijlage[1]), save=False)
        bericht.save()
        berichten.append(bericht)
        transaction.on_commit(lambda pk=bericht.pk: verstuur_bericht.delay(pk))
    return berichten


def bezorg(bericht: Bericht) -> None:
    """Send one recorded message; safe to call twice (a sent message is not sent again)."""
    if bericht.status == Bericht.Status.VERZONDEN:
        return
    mail = EmailMessage(subject=bericht.onderwerp, body=bericht.tekst, to=[bericht.aan])
    if bericht.bijlage:
        with bericht.bijlage.open("rb") as fh:
            mail.attach(bericht.bijlage_naam, fh.read(), "application/pdf")
    mail.send()
    bericht.status = Bericht.Status.VERZONDEN
    bericht.verzonden_op = timezone.now()
    bericht.save(update_fields=["status", "verzonden_op"])
