"""Nota van Inlichtingen (DOMAIN.md, "Inkoopronde and deadlines"): services and selectors.

Aanbieders ask questions about a round until the round's ``vragen_tot`` (checked here, on the server, at the
moment of saving). Zorginkopers of a zorgkantoor taking part in the round answer them, merging several
questions into one anonymised entry, and publish the whole Nota at once; after that nothing changes. The
published Nota never says who asked: its entries carry only the anonymised question, the answer and the
paragraaf of the inkoopkader.

Every service that changes the Nota of a round first locks the round's row, so asking, answering and
publishing for one round happen one after the other and a question can never slip in beside a publication.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Case, Exists, Max, OuterRef, Prefetch, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inschrijving import berichten
from inschrijving.models import (
    AANBIEDER_ROLLEN,
    Gebruiker,
    Inkoopronde,
    Inschrijving,
    NotaVanInlichtingen,
    NvIAntwoord,
    Vraag,
)
from wlzportal.datums import moment as _moment
from wlzportal.links import portaal_url

# ---------------------------------------------------------------------------------------------------------------
# Helpers


def _vergrendel(ronde: Inkoopronde) -> Inkoopronde:
    """Lock the round's row (and read its deadline fresh from the database)."""
    return Inkoopronde.objects.select_for_update().get(pk=ronde.pk)


def is_gepubliceerd(ronde: Inkoopronde) -> bool:
    return NotaVanInlichtingen.objects.filter(ronde=ronde, gepubliceerd_op__isnull=False).exists()


def neemt_deel(user: Gebruiker, ronde: Inkoopronde) -> bool:
    """Whether the user works for a zorgkantoor that takes part in the round."""
    return bool(user.is_zorgkantoor and user.zorgkantoor_id
                and ronde.zorgkantoren.filter(pk=user.zorgkantoor_id).exists())


def _controleer_zorginkoper(door: Gebruiker, ronde: Inkoopronde) -> None:
    if not neemt_deel(door, ronde):
        raise ValidationError(_("Alleen zorginkopers van een zorgkantoor dat aan deze inkoopronde deelneemt, "
                                "kunnen de Nota van Inlichtingen bewerken."))


def _weiger_na_publicatie(nota: NotaVanInlichtingen | None) -> None:
    if nota is not None and nota.gepubliceerd_op is not None:
        raise ValidationError(_("De Nota van Inlichtingen is op %(moment)s gepubliceerd en kan niet meer worden "
                                "gewijzigd.") % {"moment": _moment(nota.gepubliceerd_op)})


def _verplicht(waarde: str, melding: str) -> str:
    waarde = (waarde or "").strip()
    if not waarde:
        raise ValidationError(melding)
    return waarde


def _te_koppelen_vragen(*, ronde: Inkoopronde, vragen: list[Vraag],
                        eigen: NvIAntwoord | None = None) -> list[Vraag]:
    """The given questions, re-read and locked; all of this round and not answered elsewhere."""
    if not vragen:
        raise ValidationError(_("Kies ten minste één vraag die dit antwoord beantwoordt."))
    pks = {vraag.pk for vraag in vragen}
    gevonden = list(Vraag.objects.select_for_update().filter(pk__in=pks))
    if len(gevonden) != len(pks) or any(vraag.ronde_id != ronde.pk for vraag in gevonden):
        raise ValidationError(_("U kunt alleen vragen uit deze inkoopronde beantwoorden."))
    elders = [vraag for vraag in gevonden
              if vraag.antwoord_id is not None and (eigen is None or vraag.antwoord_id != eigen.pk)]
    if elders:
        raise ValidationError(_("Een of meer gekozen vragen zijn al met een ander antwoord beantwoord. Wijzig dat "
                                "antwoord of kies andere vragen."))
    return gevonden


# ---------------------------------------------------------------------------------------------------------------
# Services


@transaction.atomic
def vraag_stellen(*, ronde: Inkoopronde, door: Gebruiker, tekst: str, paragraaf: str = "",
                  moment: datetime | None = None) -> Vraag:
    """Record a question of the user's zorgaanbieder; refused from ``ronde.vragen_tot`` on (to the second)."""
    moment = moment or timezone.now()
    if not door.is_aanbieder or not door.zorgaanbieder_id:
        raise ValidationError(_("Alleen medewerkers van een zorgaanbieder kunnen vragen stellen voor de Nota van "
                                "Inlichtingen."))
    tekst = _verplicht(tekst, _("Vul uw vraag in."))
    # The NvI is per round, so the round's own question deadline applies (not a zorgkantoor's override).
    ronde = _vergrendel(ronde)
    if moment >= ronde.vragen_tot:
        raise ValidationError(_("De termijn voor vragen voor de Nota van Inlichtingen is gesloten sinds "
                                "%(moment)s. Uw vraag is niet opgeslagen.") % {"moment": _moment(ronde.vragen_tot)})
    if is_gepubliceerd(ronde):
        raise ValidationError(_("De Nota van Inlichtingen is al gepubliceerd; er kunnen geen vragen meer worden "
                                "gesteld. Uw vraag is niet opgeslagen."))
    return Vraag.objects.create(ronde=ronde, zorgaanbieder_id=door.zorgaanbieder_id, gesteld_door=door,
                                paragraaf=(paragraaf or "").strip(), tekst=tekst, gesteld_op=moment)


@transaction.atomic
def antwoord_geven(*, ronde: Inkoopronde, vragen: list[Vraag], vraag_tekst: str, antwoord: str,
                   paragraaf: str = "", door: Gebruiker) -> NvIAntwoord:
    """One (possibly merged) entry of the NvI: an anonymised question and its answer, linked from ``vragen``."""
    _controleer_zorginkoper(door, ronde)
    vraag_tekst = _verplicht(vraag_tekst, _("Vul de geanonimiseerde vraag in."))
    antwoord = _verplicht(antwoord, _("Vul het antwoord in."))
    ronde = _vergrendel(ronde)
    nota, _nieuw = NotaVanInlichtingen.objects.get_or_create(ronde=ronde)
    _weiger_na_publicatie(nota)
    gekozen = _te_koppelen_vragen(ronde=ronde, vragen=vragen)
    volgorde = (nota.antwoorden.aggregate(hoogste=Max("volgorde"))["hoogste"] or 0) + 1
    item = NvIAntwoord.objects.create(nota=nota, vraag=vraag_tekst, antwoord=antwoord,
                                      paragraaf=(paragraaf or "").strip(), volgorde=volgorde, beantwoord_door=door)
    Vraag.objects.filter(pk__in=[vraag.pk for vraag in gekozen]).update(antwoord=item)
    return item


@transaction.atomic
def antwoord_wijzigen(*, nvi_antwoord: NvIAntwoord, door: Gebruiker, vraag_tekst: str, antwoord: str,
                      paragraaf: str = "", vragen: list[Vraag] | None = None) -> NvIAntwoord:
    """Change a draft entry; with ``vragen`` also which questions it answers (the others become unanswered)."""
    ronde = nvi_antwoord.nota.ronde
    _controleer_zorginkoper(door, ronde)
    vraag_tekst = _verplicht(vraag_tekst, _("Vul de geanonimiseerde vraag in."))
    antwoord = _verplicht(antwoord, _("Vul het antwoord in."))
    ronde = _vergrendel(ronde)
    item = NvIAntwoord.objects.select_related("nota").get(pk=nvi_antwoord.pk)
    _weiger_na_publicatie(item.nota)
    if vragen is not None:
        gekozen = _te_koppelen_vragen(ronde=ronde, vragen=vragen, eigen=item)
        Vraag.objects.filter(antwoord=item).exclude(pk__in=[v.pk for v in gekozen]).update(antwoord=None)
        Vraag.objects.filter(pk__in=[v.pk for v in gekozen]).update(antwoord=item)
    item.vraag, item.antwoord, item.paragraaf = vraag_tekst, antwoord, (paragraaf or "").strip()
    item.beantwoord_door = door
    item.save(update_fields=["vraag", "antwoord", "paragraaf", "beantwoord_door"])
    return item


@transaction.atomic
def antwoord_verwijderen(*, nvi_antwoord: NvIAntwoord, door: Gebruiker) -> None:
    """Remove a draft entry; its questions become unanswered again."""
    ronde = nvi_antwoord.nota.ronde
    _controleer_zorginkoper(door, ronde)
    _vergrendel(ronde)
    item = NvIAntwoord.objects.select_related("nota").get(pk=nvi_antwoord.pk)
    _weiger_na_publicatie(item.nota)
    Vraag.objects.filter(antwoord=item).update(antwoord=None)
    item.delete()


@transaction.atomic
def publiceren(*, ronde: Inkoopronde, door: Gebruiker, moment: datetime | None = None) -> NotaVanInlichtingen:
    """Publish the whole NvI at once and tell the aanbieders that asked; only when every question is answered."""
    moment = moment or timezone.now()
    _controleer_zorginkoper(door, ronde)
    ronde = _vergrendel(ronde)
    nota, _nieuw = NotaVanInlichtingen.objects.get_or_create(ronde=ronde)
    if nota.gepubliceerd_op is not None:
        raise ValidationError(_("De Nota van Inlichtingen is al gepubliceerd op %(moment)s.")
                              % {"moment": _moment(nota.gepubliceerd_op)})
    if moment < ronde.vragen_tot:
        # Publishing earlier would leave questions asked after it unanswered (and refuse them).
        raise ValidationError(_("De Nota van Inlichtingen kan pas worden gepubliceerd als de termijn voor vragen "
                                "is gesloten (%(moment)s).") % {"moment": _moment(ronde.vragen_tot)})
    open_vragen = Vraag.objects.filter(ronde=ronde, antwoord__isnull=True).count()
    if open_vragen:
        raise ValidationError(ngettext(
            "Er is nog %(aantal)d vraag zonder antwoord. De Nota van Inlichtingen beantwoordt alle vragen "
            "tegelijk: beantwoord eerst elke vraag.",
            "Er zijn nog %(aantal)d vragen zonder antwoord. De Nota van Inlichtingen beantwoordt alle vragen "
            "tegelijk: beantwoord eerst elke vraag.", open_vragen) % {"aantal": open_vragen})
    nota.gepubliceerd_op = moment
    nota.gepubliceerd_door = door
    nota.save(update_fields=["gepubliceerd_op", "gepubliceerd_door"])
    _meld_publicatie(ronde)
    return nota


def _meld_publicatie(ronde: Inkoopronde) -> None:
    """E-mail the active users of every zorgaanbieder that asked a question in the round."""
    ontvangers = Gebruiker.objects.filter(
        is_active=True, rol__in=AANBIEDER_ROLLEN,
        zorgaanbieder__in=Vraag.objects.filter(ronde=ronde).values("zorgaanbieder"),
    ).order_by("pk")
    link = portaal_url("inschrijving:nvi", ronde_pk=ronde.pk)
    with translation.override(settings.LANGUAGE_CODE):
        onderwerp = _("De Nota van Inlichtingen voor %(ronde)s is gepubliceerd") % {"ronde": ronde.naam}
        tekst = _("Beste lezer,\n\n"
                  "De Nota van Inlichtingen voor %(ronde)s is gepubliceerd. U leest alle vragen en antwoorden "
                  "op:\n%(link)s\n\n"
                  "De Nota van Inlichtingen gaat voor op het inkoopkader. Vragen en antwoorden zijn "
                  "geanonimiseerd: niemand ziet welke zorgaanbieder een vraag stelde.\n\n"
                  "Met vriendelijke groet,\nWlz inschrijvingsportaal") % {"ronde": ronde.naam, "link": link}
    berichten.verstuur(aan=list(ontvangers), onderwerp=onderwerp, tekst=tekst)


# ---------------------------------------------------------------------------------------------------------------
# Selectors (reads, scoped to the user)


def gepubliceerde_nvi(ronde: Inkoopronde) -> NotaVanInlichtingen | None:
    """The published NvI of the round (entries prefetched, in order), or None before publication.

    Only the anonymised fields of each entry are loaded: nothing here leads back to who asked.
    """
    entries = NvIAntwoord.objects.only("nota", "vraag", "antwoord", "paragraaf", "volgorde").order_by(
        "volgorde", "pk")
    return (NotaVanInlichtingen.objects.filter(ronde=ronde, gepubliceerd_op__isnull=False)
            .only("ronde", "inleiding", "gepubliceerd_op")
            .prefetch_related(Prefetch("antwoorden", queryset=entries)).first())


def vragen_van_aanbieder(user: Gebruiker, ronde: Inkoopronde) -> QuerySet[Vraag]:
    """The questions the user's own organisation asked in the round.

    ``beantwoord`` is True only for answered questions of a published NvI: before publication an aanbieder
    learns nothing of the answers, not even whether one exists.
    """
    if not user.is_aanbieder or not user.zorgaanbieder_id:
        return Vraag.objects.none()
    if is_gepubliceerd(ronde):
        beantwoord = Case(When(antwoord__isnull=False, then=Value(True)), default=Value(False),
                          output_field=BooleanField())
    else:
        beantwoord = Value(False, output_field=BooleanField())
    return (Vraag.objects.filter(ronde=ronde, zorgaanbieder=user.zorgaanbieder_id)
            .select_related("gesteld_door").annotate(beantwoord=beantwoord).order_by("gesteld_op", "pk"))


def vragen_voor_zorgkantoor(user: Gebruiker, ronde: Inkoopronde) -> QuerySet[Vraag]:
    """All questions of the round, only for staff of a zorgkantoor taking part in it. Who asked (``vrager_zichtbaar``)
    only where the asking organisation has an inschrijving with this zorgkantoor in this round, so the zorgkantoor can
    answer it in that context; for every other zorgkantoor of the round the asker stays anonymous."""
    if not neemt_deel(user, ronde):
        return Vraag.objects.none()
    eigen = Inschrijving.objects.filter(ronde=ronde, zorgkantoor_id=user.zorgkantoor_id,
                                        zorgaanbieder=OuterRef("zorgaanbieder"))
    return (Vraag.objects.filter(ronde=ronde).annotate(vrager_zichtbaar=Exists(eigen))
            .select_related("zorgaanbieder", "gesteld_door", "antwoord"))


def antwoorden_voor_zorgkantoor(user: Gebruiker, ronde: Inkoopronde) -> QuerySet[NvIAntwoord]:
    """The NvI entries of the round (drafts or published), each with the questions it answers."""
    if not neemt_deel(user, ronde):
        return NvIAntwoord.objects.none()
    return (NvIAntwoord.objects.filter(nota__ronde=ronde).select_related("nota", "beantwoord_door")
            .prefetch_related(Prefetch("vragen", queryset=Vraag.objects.select_related("zorgaanbieder")))
            .order_by("volgorde", "pk"))


def nota_voor_zorgkantoor(user: Gebruiker, ronde: Inkoopronde) -> NotaVanInlichtingen | None:
    if not neemt_deel(user, ronde):
        return None
    return NotaVanInlichtingen.objects.filter(ronde=ronde).select_related("gepubliceerd_door").first()
