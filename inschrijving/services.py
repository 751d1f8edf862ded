"""Writes of the inschrijving app. Every path that changes an inschrijving checks the sluitingstijd on
the server, at the moment of the request, to the second (Europe/Amsterdam time is only a display)."""

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inschrijving.aanbiedertype import bepaal_type
from inschrijving.dossier import dossier_van, hash_van
from inschrijving.evaluator import VOLDOET_NIET, evalueer
from inschrijving.models import (
    Bericht,
    Bestuursverklaring,
    Document,
    DocumentType,
    Gebruiker,
    Indiening,
    Inkoopronde,
    Inschrijving,
    Instemmingsverklaring,
    Ondernemingsplan,
    Soort,
    Status,
    Zorgkantoor,
)
from inschrijving.signals import inschrijving_ingediend, inschrijving_ingetrokken
from wlzportal.datums import tijdstip

log = logging.getLogger(__name__)


class DeadlineVerstreken(ValidationError):
    pass


def _nu(moment: datetime | None) -> datetime:
    return moment or timezone.now()


def _sluiting_tekst(inschrijving: Inschrijving) -> str:
    return tijdstip(inschrijving.sluiting())


def controleer_bewerkbaar(inschrijving: Inschrijving, moment: datetime | None = None) -> None:
    if not inschrijving.bewerkbaar(_nu(moment)):
        raise DeadlineVerstreken(
            _("De inschrijving is gesloten sinds %(tijd)s (Nederlandse tijd). Na de sluitingstijd kan niets meer "
              "worden gewijzigd, ingediend of ingetrokken.") % {"tijd": _sluiting_tekst(inschrijving)},
            code="gesloten")


def _eigen(inschrijving: Inschrijving, door: Gebruiker) -> None:
    if not door.is_aanbieder or door.zorgaanbieder_id != inschrijving.zorgaanbieder_id:
        raise PermissionDenied


@transaction.atomic
def inschrijving_starten(*, ronde: Inkoopronde, zorgkantoor: Zorgkantoor, door: Gebruiker,
                         moment: datetime | None = None) -> Inschrijving:
    if not door.is_aanbieder:
        raise PermissionDenied
    if not ronde.zorgkantoren.filter(pk=zorgkantoor.pk).exists():
        raise ValidationError(_("%(zk)s doet niet mee aan deze ronde.") % {"zk": zorgkantoor})
    bestaand = Inschrijving.objects.filter(ronde=ronde, zorgkantoor=zorgkantoor,
                                           zorgaanbieder=door.zorgaanbieder_id).first()
    if bestaand:
        return bestaand
    if _nu(moment) >= ronde.planning(zorgkantoor).sluiting_inschrijving:
        raise DeadlineVerstreken(_("De inschrijving voor deze ronde is gesloten."), code="gesloten")
    weigering = herinschrijving_weigering(zorgaanbieder=door.zorgaanbieder, zorgkantoor=zorgkantoor, ronde=ronde)
    if weigering:
        raise ValidationError(weigering, code="herinschrijving")
    uitkomst = bepaal_type(zorgaanbieder=door.zorgaanbieder, zorgkantoor=zorgkantoor, ronde=ronde, moment=moment)
    try:
        with transaction.atomic():
            return Inschrijving.objects.create(
                ronde=ronde, zorgkantoor=zorgkantoor, zorgaanbieder=door.zorgaanbieder, aangemaakt_door=door,
                aanbieder_type=uitkomst.type, type_reden=uitkomst.reden)
    except IntegrityError:  # a colleague started it at the same moment
        return Inschrijving.objects.get(ronde=ronde, zorgkantoor=zorgkantoor, zorgaanbieder=door.zorgaanbieder)


def herinschrijving_weigering(*, zorgaanbieder, zorgkantoor: Zorgkantoor, ronde: Inkoopronde) -> str | None:
    """Why the zorgaanbieder may not start an inschrijving in this round, or None.

    002 §4.6: "Als de inschrijving van de zorgaanbieder wordt afgewezen, heeft de zorgaanbieder nog één keer de
    mogelijkheid om opnieuw in te schrijven voor het betreffende jaar. Hiervoor gelden de procedures voor
    tussentijds contracteren." Rejected means a final afwijzing approved by a second zorginkoper (after a
    negative assessment or "niet in behandeling"; ``Inschrijving.afgewezen_op``, set by the assessment) for this
    contract year at this zorgkantoor. Every inschrijving in a tussentijdse round of that contract year at that
    zorgkantoor started after the rejected one is the one re-registration; a further one is refused. A regular
    round, and a tussentijdse round without an earlier rejection, are not limited."""
    if ronde.soort != Soort.TUSSENTIJDS:
        return None
    afgewezen = (Inschrijving.objects.filter(
        zorgaanbieder=zorgaanbieder, zorgkantoor=zorgkantoor, ronde__contractjaar=ronde.contractjaar,
        afgewezen_op__isnull=False).select_related("ronde").order_by("aangemaakt_op").first())
    if afgewezen is None:
        return None
    opnieuw = (Inschrijving.objects.filter(
        zorgaanbieder=zorgaanbieder, zorgkantoor=zorgkantoor, ronde__contractjaar=ronde.contractjaar,
        ronde__soort=Soort.TUSSENTIJDS, aangemaakt_op__gt=afgewezen.aangemaakt_op)
        .exclude(ronde=ronde).select_related("ronde").order_by("aangemaakt_op").first())
    if opnieuw is None:
        return None
    return _(
        "U kunt zich niet opnieuw inschrijven voor contractjaar %(jaar)s bij %(zk)s. Uw inschrijving in "
        "%(afgewezen)s is afgewezen en u heeft zich daarna al één keer opnieuw ingeschreven, in %(opnieuw)s. Na "
        "een afwijzing kunt u zich voor dat jaar nog één keer inschrijven via de tussentijdse procedure "
        "(inkoopkader §4.6); een verdere inschrijving voor %(jaar)s is niet mogelijk.") % {
        "jaar": ronde.contractjaar, "zk": zorgkantoor.naam, "afgewezen": afgewezen.ronde.naam,
        "opnieuw": opnieuw.ronde.naam}


def type_bijwerken(inschrijving: Inschrijving, moment: datetime | None = None, *, ook_ingediend=False) -> Inschrijving:
    """Until submission the type follows the contract history as it is now (the moment that counts is
    the moment of inschrijving)."""
    if (inschrijving.status == Status.INGEDIEND and not ook_ingediend) or not inschrijving.bewerkbaar(moment):
        return inschrijving
    uitkomst = bepaal_type(zorgaanbieder=inschrijving.zorgaanbieder, zorgkantoor=inschrijving.zorgkantoor,
                           ronde=inschrijving.ronde, moment=moment)
    if (uitkomst.type, uitkomst.reden) != (inschrijving.aanbieder_type, inschrijving.type_reden):
        inschrijving.aanbieder_type, inschrijving.type_reden = uitkomst.type, uitkomst.reden
        inschrijving.save(update_fields=["aanbieder_type", "type_reden", "gewijzigd_op"])
    return inschrijving


def _vergrendel(inschrijving: Inschrijving) -> Inschrijving:
    """The inschrijving's row, locked for this transaction (only that row: not the round or the organisation, which
    every other submit of the round needs too), read afresh with its round, zorgkantoor and zorgaanbieder; the
    round remembers the zorgkantoren's own plannings for the rest of this transaction."""
    vergrendeld = (Inschrijving.objects.select_for_update(of=("self",))
                   .select_related("ronde", "zorgkantoor", "zorgaanbieder").get(pk=inschrijving.pk))
    vergrendeld.ronde.afwijkingen_onthouden()
    return vergrendeld


@transaction.atomic
def verklaring_opslaan(*, inschrijving: Inschrijving, door: Gebruiker, form, formset=None,
                       moment: datetime | None = None):
    """Save a bestuurs- or instemmingsverklaring form (and the bijlage 2 rows) before the deadline."""
    _eigen(inschrijving, door)
    _vergrendel(inschrijving)
    controleer_bewerkbaar(inschrijving, moment)
    verklaring = form.save()
    if formset is not None:
        formset.instance = verklaring
        formset.save()
    return verklaring


@transaction.atomic
def plan_opslaan(*, inschrijving: Inschrijving, door: Gebruiker, form, moment: datetime | None = None):
    _eigen(inschrijving, door)
    _vergrendel(inschrijving)
    controleer_bewerkbaar(inschrijving, moment)
    return form.save()


def verklaring_van(inschrijving: Inschrijving, soort: str):
    model = Instemmingsverklaring if soort == "instemming" else Bestuursverklaring
    return model.objects.get_or_create(inschrijving=inschrijving)[0]


def plan_van(inschrijving: Inschrijving) -> Ondernemingsplan:
    return Ondernemingsplan.objects.get_or_create(inschrijving=inschrijving)[0]


METADATA_VELDEN = ("afgiftedatum", "rechtspersoon", "verzekerd_bedrag", "polis_ingangsdatum", "verzekeringnemer",
                   "vog_soort", "vog_voor_deze_procedure")


def zelfde_bestand_elders(document: Document) -> list[str]:
    """The other documents of the inschrijving whose current version is this very file (same SHA-256): the names of
    their types. One file uploaded for two types is one document too few (issue 11)."""
    return list(document.inschrijving.documenten.filter(vervangen_op__isnull=True, sha256=document.sha256)
                .exclude(documenttype_id=document.documenttype_id).order_by("documenttype__volgorde")
                .values_list("documenttype__naam", flat=True))


@transaction.atomic
def document_toevoegen(*, inschrijving: Inschrijving, documenttype: DocumentType, upload, gegevens: dict,
                       door: Gebruiker, moment: datetime | None = None) -> Document:
    """Store a new version of a document; the earlier version is kept (marked replaced). The file is scanned for
    viruses after this commits (``inschrijving.scannen``)."""
    from inschrijving import scannen
    from inschrijving.uploads import bewaar_pdf, veilige_weergavenaam

    _eigen(inschrijving, door)
    _vergrendel(inschrijving)
    controleer_bewerkbaar(inschrijving, moment)
    vorige = inschrijving.documenten.filter(documenttype=documenttype).order_by("-versie").first()
    bestand = bewaar_pdf(upload, map=f"documenten/{inschrijving.pk}")
    nu = timezone.now()
    if vorige and vorige.vervangen_op is None:
        vorige.vervangen_op = nu
        vorige.save(update_fields=["vervangen_op"])
    document = Document(
        inschrijving=inschrijving, documenttype=documenttype, versie=(vorige.versie + 1) if vorige else 1,
        weergavenaam=veilige_weergavenaam(upload.name), grootte=bestand.grootte, sha256=bestand.sha256,
        geupload_op=nu, geupload_door=door, scan=scannen.status_bij_upload(),
        **{k: v for k, v in gegevens.items() if k in METADATA_VELDEN})
    document.bestand.name = bestand.naam
    document.save()
    scannen.na_commit_in_de_wachtrij(document)
    return document


@transaction.atomic
def document_gegevens_wijzigen(*, document: Document, gegevens: dict, door: Gebruiker,
                               moment: datetime | None = None) -> Document:
    """Correct a document's details. A version that is part of a submission is never changed: the
    correction becomes a new version that points at the same file."""
    inschrijving = document.inschrijving
    _eigen(inschrijving, door)
    _vergrendel(inschrijving)
    controleer_bewerkbaar(inschrijving, moment)
    document = Document.objects.get(pk=document.pk)
    if document.vervangen_op is not None:
        raise ValidationError(_("Alleen de actuele versie van een document kan worden gewijzigd."))
    if document.indieningen.exists():
        nu = timezone.now()
        Document.objects.filter(pk=document.pk).update(vervangen_op=nu)
        document.pk = None
        document.versie += 1
        document.geupload_op, document.geupload_door, document.vervangen_op = nu, door, None
    for veld in METADATA_VELDEN:
        if veld in gegevens:
            setattr(document, veld, gegevens[veld])
    document.save()
    return document


def voorcontrole(inschrijving: Inschrijving):
    """The findings the assessment after closing would record for the inschrijving as it is now."""
    return evalueer(dossier_van(inschrijving))


def indienen(*, inschrijving: Inschrijving, door: Gebruiker, wachtwoord: str | None, request=None,
             ondanks_bevindingen: bool = False, moment: datetime | None = None) -> Indiening:
    """Sign, then submit. Signing is the tekenbevoegde's explicit declaration (the form) with the password: typed
    now (``wachtwoord``), or — ``wachtwoord=None`` — typed in this session at most ``WLZ_ONDERTEKENEN_BINNEN_MINUTEN``
    ago (the login form, an earlier signing: ``wlzportal.accounts.recent_getypt``, checked here, not only by the
    form). A password typed now is checked before the transaction, through authenticate() with the view's
    ``request``: django-axes counts a wrong one towards the lockout (a rollback would undo its record) and refuses a
    locked-out user (wlzportal.accounts.wachtwoord_controleren). The snapshot records when the password was typed."""
    from inschrijving.scannen import wachtende_scannen
    from wlzportal.accounts import recent_getypt, wachtwoord_controleren

    if wachtwoord is None:
        getypt = recent_getypt(request)
        if getypt is None:
            if not door.has_usable_password():  # eHerkenning: the login at EH3 is the authentication that signs
                raise ValidationError(_("Uw login met eHerkenning is te lang geleden om mee te ondertekenen. Log "
                                        "opnieuw in met eHerkenning en onderteken dan."))
            raise ValidationError({"wachtwoord": _("Vul uw wachtwoord in om te ondertekenen.")}, code="required")
    else:
        wachtwoord_controleren(request, door, wachtwoord, veld="wachtwoord",
                               fout=_("Het wachtwoord klopt niet. Uw inschrijving is niet ingediend."))
        getypt = timezone.now()
    if besmet := wachtende_scannen(inschrijving):
        raise ValidationError(ngettext(
            "In %(documenten)s is schadelijke inhoud gevonden. Het is geweigerd en uw inschrijving is niet ingediend: "
            "upload een schone versie en dien daarna in.",
            "In %(documenten)s is schadelijke inhoud gevonden. Ze zijn geweigerd en uw inschrijving is niet "
            "ingediend: upload schone versies en dien daarna in.", len(besmet)) % {
            "documenten": ", ".join(f"{d.documenttype.naam} ({d.weergavenaam})" for d in besmet)})
    return _indienen(inschrijving=inschrijving, door=door, ondanks_bevindingen=ondanks_bevindingen, moment=moment,
                     wachtwoord_getypt=getypt)


@transaction.atomic
def _indienen(*, inschrijving: Inschrijving, door: Gebruiker, ondanks_bevindingen: bool = False,
              moment: datetime | None = None, wachtwoord_getypt: datetime | None = None) -> Indiening:
    """Sign and submit: a new immutable, hashed snapshot of verklaring, plan and documents."""
    _eigen(inschrijving, door)
    if not door.mag_tekenen:
        raise PermissionDenied(_("Alleen een tekenbevoegde bestuurder kan de inschrijving ondertekenen en indienen."))
    inschrijving = _vergrendel(inschrijving)
    ontvangen = _nu(moment)
    controleer_bewerkbaar(inschrijving, ontvangen)
    type_bijwerken(inschrijving, ontvangen, ook_ingediend=True)
    # The moment of inschrijving is this submission: the snapshot carries it (hashed with the rest), and the
    # rules that speak of "het moment van inschrijving" are measured at it (002 §4.9).
    dossier = dossier_van(inschrijving, ontvangen)
    blokkerend = [b for b in evalueer(dossier) if b.uitkomst == VOLDOET_NIET]
    if blokkerend and not ondanks_bevindingen:
        raise ValidationError({"ondanks_bevindingen": _(
            "De voorcontrole vond %(n)s punt(en) waarop uw inschrijving niet voldoet. Herstel ze, of bevestig "
            "dat u toch wilt indienen.") % {"n": len(blokkerend)}})
    volgnummer = (inschrijving.indieningen.order_by("-volgnummer").values_list("volgnummer", flat=True).first()
                  or 0) + 1
    dossier["indiening"] = {"volgnummer": volgnummer, "ontvangen_op": timezone.localtime(ontvangen).isoformat(),
                            "ondertekend_door": door.get_full_name() or door.username,
                            "ondertekenaar_gebruiker": door.username,
                            "wachtwoord_ingevoerd_op": timezone.localtime(wachtwoord_getypt).isoformat()
                            if wachtwoord_getypt else None}
    indiening = Indiening.objects.create(
        inschrijving=inschrijving, volgnummer=volgnummer, ingediend_op=ontvangen, ingediend_door=door,
        snapshot=dossier, sha256=hash_van(dossier))
    indiening.documenten.set([d["id"] for d in dossier["documenten"]])
    inschrijving.status = Status.INGEDIEND
    inschrijving.save(update_fields=["status", "gewijzigd_op"])
    inschrijving_ingediend.send(sender=Indiening, indiening=indiening)
    transaction.on_commit(lambda: ontvangst_in_de_wachtrij(indiening.pk))
    return indiening


def ontvangst_in_de_wachtrij(indiening_id: int) -> None:
    """After commit: the receipt PDF and its e-mails are a Celery task (``tasks.ontvangst_verwerken``), so the submit
    answers as soon as the snapshot is stored. Redis unreachable: logged; beat's ``ontbrekende_ontvangstbevestigingen``
    queues it later, and the receipt is rendered at its first download anyway."""
    from inschrijving.tasks import in_de_wachtrij, ontvangst_verwerken

    in_de_wachtrij(ontvangst_verwerken, indiening_id, later="ontbrekende_ontvangstbevestigingen")


def ontvangst_afhandelen(indiening_id: int) -> None:
    """The receipt PDF (stored once) and the e-mail with it to every user of the organisation (sent once, also when
    the task runs twice). Raises on failure: the task retries; the submission itself is never undone."""
    from inschrijving.pdf import bewaar_ontvangstbevestiging, verstuur_ontvangstbevestiging

    indiening = Indiening.objects.select_related("inschrijving__zorgaanbieder").filter(pk=indiening_id).first()
    if indiening is None:
        return
    bewaar_ontvangstbevestiging(indiening)
    if Bericht.objects.filter(inschrijving=indiening.inschrijving_id,
                              bijlage_naam=f"ontvangstbevestiging-{indiening.volgnummer}.pdf").exists():
        return
    # No row lock here: the pipeline locks the inschrijving and its indiening after the sluitingstijd, and a lock
    # taken in the other order would deadlock with it. Two runs at once are stopped by the unique constraint on
    # (inschrijving, aan, bijlage_naam): the second one's insert fails and its transaction sends nothing.
    try:
        with transaction.atomic():
            verstuur_ontvangstbevestiging(indiening)
    except IntegrityError:
        log.info("Ontvangstbevestiging van indiening %s was al verstuurd", indiening_id)


@transaction.atomic
def intrekken(*, inschrijving: Inschrijving, door: Gebruiker, moment: datetime | None = None) -> Indiening:
    _eigen(inschrijving, door)
    if not door.mag_tekenen:
        raise PermissionDenied(_("Alleen een tekenbevoegde bestuurder kan een inschrijving intrekken."))
    inschrijving = _vergrendel(inschrijving)
    nu = _nu(moment)
    controleer_bewerkbaar(inschrijving, nu)
    indiening = inschrijving.actuele_indiening()
    if indiening is None:
        raise ValidationError(_("Er is geen ingediende inschrijving om in te trekken."))
    # Withdrawal withdraws the inschrijving: every submission still standing, not only the latest.
    inschrijving.indieningen.filter(ingetrokken_op__isnull=True).update(ingetrokken_op=nu, ingetrokken_door=door)
    inschrijving.status = Status.INGETROKKEN
    inschrijving.save(update_fields=["status", "gewijzigd_op"])
    inschrijving_ingetrokken.send(sender=Inschrijving, inschrijving=inschrijving)
    indiening.refresh_from_db()
    return indiening
