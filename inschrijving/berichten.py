"""The one entry point for e-mail: ``verstuur()`` records a Bericht per recipient and queues it on commit.

A password-reset mail (``verstuur_wachtwoordherstel``) is recorded with ``HERSTELLINK`` where its link goes: the
token that link carries would let whoever reads the database or the admin set the user's password. ``bezorg`` makes
a fresh link for the Bericht's user on every attempt to send it, so a retry works and the token exists only in the
mail that left. Other such links (an e-mail address to confirm, a first password to set: issue 12) go the same way:
``verstuur_met_link`` records ``[link:<soort>:<sleutel>]`` and ``bezorg`` asks the maker registered for that kind
(``registreer_link``) for a fresh link, for this Bericht's address only.
"""

import re
from collections.abc import Callable, Iterable

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from inschrijving.models import Bericht, Gebruiker
from wlzportal.links import portaal_url

HERSTELLINK = "[herstellink: alleen in de verzonden e-mail]"
_LINK = re.compile(r"\[link:(\w+):(\w*)\]")
_LINKMAKERS: dict[str, Callable[[Bericht, str], str]] = {}


def registreer_link(soort: str, maker: Callable[[Bericht, str], str]) -> None:
    """``maker(bericht, sleutel)`` returns the link for this message's recipient, or a sentence saying it no longer
    works; called on every attempt to send."""
    _LINKMAKERS[soort] = maker


def verstuur(*, aan: Iterable[Gebruiker | str], onderwerp: str, tekst: str,
             bijlage: tuple[str, bytes | FieldFile] | None = None, inschrijving=None) -> list[Bericht]:
    """``inschrijving``: the one the message is about, where it tells who submitted to whom (the receipt); admin
    lists such a message only once that round's vault is opened.

    ``bijlage``: (name in the e-mail, content). Bytes are stored once, in one file every recipient's Bericht
    refers to; a stored file (a FieldFile in the private storage, e.g. the receipt or the letter) is referred to
    as it is, so the attachment is that file byte for byte, neither read back nor copied."""
    # Only a password-reset mail, or one sent by verstuur_met_link, may carry a placeholder bezorg() makes a link.
    return _vastleggen(aan=aan, onderwerp=onderwerp, tekst=_zonder_links(tekst), bijlage=bijlage,
                       inschrijving=inschrijving)


def _zonder_links(tekst: str) -> str:
    """A text with no placeholder bezorg() would turn into a link (text from elsewhere cannot smuggle one in)."""
    return _LINK.sub("", tekst.replace(HERSTELLINK, ""))


def verstuur_met_link(*, aan: Gebruiker | str, onderwerp: str, tekst: str, soort: str, sleutel: str) -> Bericht:
    """One message whose ``{link}`` becomes, when it is sent, the link ``registreer_link(soort)`` makes for
    ``sleutel``: the token is in the mail that left, not in the database."""
    if soort not in _LINKMAKERS:
        raise ValueError(f"Geen link van soort {soort!r} geregistreerd.")
    return _vastleggen(aan=[aan], onderwerp=onderwerp,
                       tekst=_zonder_links(tekst).replace("{link}", f"[link:{soort}:{sleutel}]"))[0]


def verstuur_wachtwoordherstel(*, gebruiker: Gebruiker, onderwerp: str, tekst: str) -> Bericht:
    """The reset mail for ``gebruiker``, to the address of the account; ``tekst`` has HERSTELLINK for the link."""
    return _vastleggen(aan=[gebruiker], onderwerp=onderwerp, tekst=tekst)[0]


def _vastleggen(*, aan, onderwerp, tekst, bijlage=None, inschrijving=None) -> list[Bericht]:

    berichten = []
    # The attachment's stored name: the same file for every recipient (nothing deletes a Bericht's attachment).
    bijlage_naam, inhoud = bijlage or ("", None)
    opgeslagen = None
    if isinstance(inhoud, FieldFile):
        if not inhoud.name or inhoud.storage is not Bericht._meta.get_field("bijlage").storage:
            raise ValueError("Een bijlage uit de opslag moet een opgeslagen bestand in de privé-opslag zijn.")
        opgeslagen = inhoud.name
    for ontvanger in aan:
        adres = ontvanger.email if isinstance(ontvanger, Gebruiker) else ontvanger
        if not adres:
            continue
        bericht = Bericht(aan=adres, onderwerp=onderwerp, tekst=tekst, inschrijving=inschrijving,
                          gebruiker=ontvanger if isinstance(ontvanger, Gebruiker) else None)
        if bijlage:
            bericht.bijlage_naam = bijlage_naam
            if opgeslagen is None:
                bericht.bijlage.save(f"berichten/{bijlage_naam}", ContentFile(inhoud), save=False)
                opgeslagen = bericht.bijlage.name
            else:
                bericht.bijlage.name = opgeslagen
        bericht.save()
        berichten.append(bericht)
        transaction.on_commit(lambda pk=bericht.pk: _versturen(pk))
    return berichten


def _versturen(bericht_id: int) -> None:
    """Queue one recorded message after commit; unsent, it stays "wachtend" for wachtende_berichten_versturen."""
    from inschrijving.tasks import in_de_wachtrij, verstuur_bericht

    in_de_wachtrij(verstuur_bericht, bericht_id, later="wachtende_berichten_versturen")


def wachtwoordlink(gebruiker: Gebruiker | None) -> str:
    """The link that sets a password for ``gebruiker``, made now; for None (the account no longer fits the mail)
    the sentence that tells where to ask for a new one."""
    if gebruiker is None:
        return _("(deze link is niet meer geldig; vraag een nieuwe aan op %(url)s)") % {
            "url": portaal_url("password_reset")}
    return portaal_url("password_reset_confirm", uidb64=urlsafe_base64_encode(force_bytes(gebruiker.pk)),
                       token=default_token_generator.make_token(gebruiker))


def _herstellink(bericht: Bericht) -> str:
    """A link to set a new password, made now for the Bericht's user; none if the account no longer fits."""
    gebruiker = bericht.gebruiker
    geldig = (gebruiker is not None and gebruiker.is_active and gebruiker.has_usable_password()
              and gebruiker.email.lower() == bericht.aan.lower())
    return wachtwoordlink(gebruiker if geldig else None)


def tekst_bij_verzenden(bericht: Bericht) -> str:
    """The body as it leaves: its links made now, for this recipient."""
    tekst = bericht.tekst
    if HERSTELLINK in tekst:
        tekst = tekst.replace(HERSTELLINK, _herstellink(bericht))
    return _LINK.sub(lambda m: _LINKMAKERS[m[1]](bericht, m[2]) if m[1] in _LINKMAKERS else "", tekst)


def bezorg(bericht: Bericht) -> None:
    """Send one recorded message; safe to call twice (a sent message is not sent again)."""
    if bericht.status == Bericht.Status.VERZONDEN:
        return
    tekst = tekst_bij_verzenden(bericht)
    mail = EmailMessage(subject=bericht.onderwerp, body=tekst, to=[bericht.aan])
    if bericht.bijlage:
        with bericht.bijlage.open("rb") as fh:
            mail.attach(bericht.bijlage_naam, fh.read(), "application/pdf")
    mail.send()
    bericht.status = Bericht.Status.VERZONDEN
    bericht.verzonden_op = timezone.now()
    bericht.save(update_fields=["status", "verzonden_op"])
