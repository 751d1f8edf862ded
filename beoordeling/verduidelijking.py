"""The verzoek om verduidelijking (002 §4.6; the CJEU SAG/Manova doctrine in DOMAIN.md).

After the sluitingstijd the inschrijving as received is the starting point; the aanbieder cannot change it.
The zorgkantoor *may* ask for a clarification. Such a request is:

- logged: every request, answer and expiry is written to the audit trail;
- time-boxed: the answer is due within five working days (``werkdagen.plus_werkdagen``), at 23:59:59
  Dutch time on the last day; afterwards it can no longer be answered and the beat task marks it expired;
- offered equally: ``regel`` names the situation (a finding of the assessment), and ``gelijke_behandeling``
  lists every inschrijver of the round in that same situation and whether it got the same offer;
- a supplement must objectively pre-date the deadline: a document is accepted only where the zorginkoper
  allowed one, and only when the date on it lies before the day of the sluitingstijd.

Which phases allow a request: ``CONTROLE`` (step 2), and ``VOORSTEL_NIET_IN_BEHANDELING`` / ``TOELICHTING``
(step 1 found the inschrijving incomplete: 002 §4.6 says the zorgkantoor may then use its bevoegdheid to ask a
toelichting, with five working days to answer). Not ``NIEUW`` (the automated checks have not recorded their
findings yet) nor any later phase, nor a final "niet in behandeling".

A toelichting on an incomplete inschrijving is about one missing item (a step-1 result "voldoet niet") and is
linked to the step-1 run that found it missing. The zorginkoper accepts the answer or not, with a reason
(``toelichting_beoordelen``). Once every such request is settled (judged, or expired unanswered), steps 1 and 2
run again on the dossier plus the accepted answers, or — with nothing accepted — the inschrijving returns to the
proposal "niet in behandeling" (``beoordeling.pipeline.toelichting_afronden``).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beoordeling import audit
from beoordeling.models import Beoordeling, Fase, Oordeel, Toetsresultaat, Uitkomst, Verduidelijkingsverzoek
from beoordeling.werkdagen import AMSTERDAM, plus_werkdagen
from inschrijving.models import Gebruiker, Inkoopronde, Zorgkantoor
from inschrijving.uploads import PdfBestandField, bewaar_pdf, veilige_weergavenaam
from wlzportal.datums import datum as _dag
from wlzportal.datums import uur as nl_tijd
from wlzportal.links import portaal_url

TERMIJN_WERKDAGEN = 5
ONVOLLEDIG = (Fase.VOORSTEL_NIET_IN_BEHANDELING, Fase.TOELICHTING)
FASEN_VOOR_VERZOEK = (*ONVOLLEDIG, Fase.CONTROLE)
DOCUMENT_MAP = "verduidelijking"


def sluitingsdag(inschrijving) -> date:
    return inschrijving.sluiting().astimezone(AMSTERDAM).date()


def _staf(beoordeling: Beoordeling, door: Gebruiker) -> None:
    if not door.is_zorgkantoor or door.zorgkantoor_id != beoordeling.inschrijving.zorgkantoor_id:
        raise PermissionDenied


# ---------------------------------------------------------------------------------------------------------------
# Asking


@transaction.atomic
def verzoek_stellen(*, beoordeling: Beoordeling, vraag: str, regel: str = "", document_toegestaan: bool = False,
                    door: Gebruiker, moment: datetime | None = None) -> Verduidelijkingsverzoek:
    """A zorginkoper of the assessment's zorgkantoor asks a question; the aanbieder has five working days.

    Every active user of the zorgaanbieder is e-mailed the question, the deadline and the link to answer.
    """
    nu = moment or timezone.now()
    beoordeling = (Beoordeling.objects.select_for_update(of=("self",))
                   .select_related("inschrijving__zorgaanbieder", "inschrijving__zorgkantoor", "inschrijving__ronde")
                   .get(pk=beoordeling.pk))
    _staf(beoordeling, door)
    if beoordeling.fase not in FASEN_VOOR_VERZOEK:
        raise ValidationError(_(
            "Een verzoek om verduidelijking kan alleen in de controlefase, of als toelichting bij een onvolledige "
            "inschrijving voordat over het niet in behandeling nemen is besloten. Deze beoordeling staat in de fase: "
            "%(fase)s.")
            % {"fase": Fase(beoordeling.fase).label})
    vraag = (vraag or "").strip()
    regel = (regel or "").strip()
    fouten = {}
    if not vraag:
        fouten["vraag"] = _("Vul de vraag aan de zorgaanbieder in.")
    onvolledig = beoordeling.fase in ONVOLLEDIG
    if onvolledig and not beoordeling.resultaten.filter(regel=regel, stap="volledigheid",
                                                         uitkomst=Uitkomst.VOLDOET_NIET).exists():
        fouten["regel"] = _("Bij een onvolledige inschrijving gaat de toelichting over een onderdeel dat ontbreekt: "
                            "kies er een.")
    elif regel and not beoordeling.resultaten.filter(regel=regel).exists():
        fouten["regel"] = _("Kies een bevinding van deze beoordeling.")
    elif regel and beoordeling.verduidelijkingen.filter(regel=regel, beantwoord_op__isnull=True,
                                                         verlopen_op__isnull=True).exists():
        fouten["regel"] = _("Over deze bevinding staat al een verzoek open. Wacht het antwoord of de termijn af.")
    if fouten:
        raise ValidationError(fouten)

    verzoek = Verduidelijkingsverzoek.objects.create(
        beoordeling=beoordeling, regel=regel, vraag=vraag, document_toegestaan=document_toegestaan,
        gesteld_door=door, gesteld_op=nu, termijn=plus_werkdagen(nu, TERMIJN_WERKDAGEN),
        volledigheidscontrole=beoordeling.volledigheidscontroles.order_by("-nummer").first() if onvolledig else None)
    inschrijving = beoordeling.inschrijving
    if onvolledig and beoordeling.fase != Fase.TOELICHTING:
        beoordeling.fase = Fase.TOELICHTING
        beoordeling.save(update_fields=["fase", "bijgewerkt_op"])
    audit.log(actie="verduidelijking_gevraagd", inschrijving=inschrijving, door=door, omschrijving=_(
        "Verzoek %(pk)s over %(regel)s: %(vraag)s Antwoord uiterlijk %(termijn)s; document %(document)s.") % {
        "pk": verzoek.pk, "regel": regel or _("algemeen"), "vraag": vraag, "termijn": nl_tijd(verzoek.termijn),
        "document": _("toegestaan") if document_toegestaan else _("niet toegestaan")}
        + (" " + _("Toelichting op een onvolledige inschrijving (volledigheidscontrole %(nummer)s).") % {
            "nummer": verzoek.volledigheidscontrole.nummer} if onvolledig else ""))
    _meld_verzoek(verzoek)
    return verzoek


def _meld_verzoek(verzoek: Verduidelijkingsverzoek) -> None:
    from inschrijving import berichten

    inschrijving = verzoek.beoordeling.inschrijving
    with translation.override("nl"):
        tekst = _(
            "%(zk)s vraagt u om een verduidelijking van uw inschrijving voor %(ronde)s (inkoopkader §4.6).\n\n"
            "Vraag:\n%(vraag)s\n\n"
            "U kunt antwoorden tot en met %(termijn)s (Nederlandse tijd). Daarna kan niet meer worden geantwoord.\n\n"
        ) % {"zk": inschrijving.zorgkantoor, "ronde": inschrijving.ronde, "vraag": verzoek.vraag,
             "termijn": nl_tijd(verzoek.termijn)}
        if verzoek.volledigheidscontrole_id:
            tekst += _(
                "Bij de controle op volledigheid ontbrak een onderdeel van uw inschrijving. Het zorgkantoor maakt "
                "gebruik van zijn bevoegdheid om u een toelichting te vragen; daaraan kunt u geen rechten ontlenen. "
                "Aanvaardt het zorgkantoor uw toelichting, dan wordt uw inschrijving opnieuw op volledigheid "
                "gecontroleerd.\n\n")
        if verzoek.document_toegestaan:
            tekst += _(
                "U mag een document meesturen, maar alleen een document dat objectief van vóór de sluitingstijd "
                "dateert: de datum op het document ligt vóór %(sluiting)s. ") % {
                "sluiting": _dag(sluitingsdag(inschrijving))}
        else:
            tekst += _("Het zorgkantoor vraagt om een toelichting; u kunt bij dit verzoek geen document meesturen. ")
        tekst += _("Uw inschrijving zelf kunt u na de sluitingstijd niet meer wijzigen.\n\n"
                   "Beantwoorden: %(link)s\n") % {
                       "link": portaal_url("beoordeling:verduidelijking_antwoord", verzoek.pk)}
        onderwerp = _("Verzoek om verduidelijking: antwoord uiterlijk %(datum)s") % {
            "datum": _dag(verzoek.termijn)}
    berichten.verstuur(aan=inschrijving.zorgaanbieder.gebruikers.filter(is_active=True), onderwerp=onderwerp,
                       tekst=tekst)


# ---------------------------------------------------------------------------------------------------------------
# Answering


@transaction.atomic
def verzoek_beantwoorden(*, verzoek: Verduidelijkingsverzoek, antwoord: str, document=None,
                         document_datum: date | None = None, door: Gebruiker,
                         moment: datetime | None = None) -> Verduidelijkingsverzoek:
    """A user of the zorgaanbieder answers before the termijn: a text, and a PDF only where allowed and
    only when the date on it (``document_datum``) lies before the day of the sluitingstijd."""
    nu = moment or timezone.now()
    verzoek = (Verduidelijkingsverzoek.objects.select_for_update(of=("self",))
               .select_related("beoordeling__inschrijving__ronde", "beoordeling__inschrijving__zorgkantoor",
                               "beoordeling__inschrijving__zorgaanbieder", "gesteld_door")
               .get(pk=verzoek.pk))
    inschrijving = verzoek.beoordeling.inschrijving
    if not door.is_aanbieder or door.zorgaanbieder_id != inschrijving.zorgaanbieder_id:
        raise PermissionDenied
    if verzoek.beantwoord_op:
        raise ValidationError(_("Dit verzoek is al beantwoord op %(moment)s.") % {
            "moment": nl_tijd(verzoek.beantwoord_op)})
    if verzoek.verlopen_op or nu > verzoek.termijn:
        raise ValidationError(_("De termijn om te antwoorden is verstreken op %(termijn)s. Een antwoord kan niet "
                                "meer worden gegeven.") % {"termijn": nl_tijd(verzoek.termijn)})
    antwoord = (antwoord or "").strip()
    fouten = {}
    if not antwoord:
        fouten["antwoord"] = _("Vul uw antwoord in.")
    if document is not None:
        if not verzoek.document_toegestaan:
            fouten["document"] = _("Bij dit verzoek mag u geen document meesturen; geef uw toelichting in tekst.")
        elif document_datum is None:
            fouten["document_datum"] = _("Vul de datum in die op het document staat.")
        elif document_datum >= sluitingsdag(inschrijving):
            fouten["document_datum"] = _(
                "Een aanvulling moet objectief van vóór de sluitingstijd dateren: dit document is gedateerd "
                "%(datum)s, de inschrijving sloot op %(sluiting)s. Alleen een document van vóór %(dag)s wordt "
                "geaccepteerd.") % {"datum": _dag(document_datum), "sluiting": nl_tijd(inschrijving.sluiting()),
                                    "dag": _dag(sluitingsdag(inschrijving))}
    elif document_datum is not None:
        fouten["document_datum"] = _("Vul alleen een datum in als u een document meestuurt.")
    if fouten:
        raise ValidationError(fouten)
    if document is not None:
        try:
            document = PdfBestandField().clean(document)
        except ValidationError as fout:
            raise ValidationError({"document": fout.messages}) from None
        opgeslagen = bewaar_pdf(document, map=DOCUMENT_MAP)
        verzoek.antwoord_document.name = opgeslagen.naam
        verzoek.antwoord_document_naam = veilige_weergavenaam(getattr(document, "name", ""))
        verzoek.antwoord_document_sha256 = opgeslagen.sha256
        verzoek.antwoord_document_datum = document_datum
    verzoek.antwoord = antwoord
    verzoek.beantwoord_door = door
    verzoek.beantwoord_op = nu
    verzoek.save()
    omschrijving = _("Verzoek %(pk)s beantwoord.") % {"pk": verzoek.pk}
    if verzoek.antwoord_document:
        omschrijving += " " + _("Document %(naam)s, gedateerd %(datum)s, SHA-256 %(sha)s.") % {
            "naam": verzoek.antwoord_document_naam, "datum": _dag(document_datum),
            "sha": verzoek.antwoord_document_sha256}
    audit.log(actie="verduidelijking_beantwoord", inschrijving=inschrijving, door=door, omschrijving=omschrijving)
    _meld_aan_vrager(verzoek, _("Antwoord op uw verzoek om verduidelijking"), _(
        "%(aanbieder)s heeft uw verzoek om verduidelijking beantwoord.") % {
        "aanbieder": inschrijving.zorgaanbieder.statutaire_naam})
    return verzoek


def _meld_aan_vrager(verzoek: Verduidelijkingsverzoek, onderwerp: str, zin: str) -> None:
    """Tell the zorginkoper who asked; the link leads to the assessment's requests."""
    from inschrijving import berichten

    if not verzoek.gesteld_door.is_active:
        return
    with translation.override("nl"):
        tekst = f"{zin}\n\n{_('Vraag')}:\n{verzoek.vraag}\n\n" + _("Bekijken: %(link)s\n") % {
            "link": portaal_url("beoordeling:beoordeling", verzoek.beoordeling_id)}
    berichten.verstuur(aan=[verzoek.gesteld_door], onderwerp=onderwerp, tekst=tekst)


# ---------------------------------------------------------------------------------------------------------------
# Expiry (Celery beat: beoordeling.tasks.verlopen_verduidelijkingen)


def verlopen_afhandelen(moment: datetime | None = None) -> int:
    """Mark every open request whose termijn has passed as expired, with an audit line each. Rows another
    worker holds are skipped (they are picked up on the next run); running it twice marks nothing twice."""
    nu = moment or timezone.now()
    with transaction.atomic():
        verzoeken = list(
            Verduidelijkingsverzoek.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(beantwoord_op__isnull=True, verlopen_op__isnull=True, termijn__lt=nu)
            .select_related("beoordeling__inschrijving__zorgaanbieder", "gesteld_door").order_by("pk"))
        for verzoek in verzoeken:
            verzoek.verlopen_op = nu
            verzoek.save(update_fields=["verlopen_op"])
            inschrijving = verzoek.beoordeling.inschrijving
            audit.log(actie="verduidelijking_verlopen", inschrijving=inschrijving, omschrijving=_(
                "Verzoek %(pk)s niet beantwoord binnen de termijn (%(termijn)s).") % {
                "pk": verzoek.pk, "termijn": nl_tijd(verzoek.termijn)})
            _meld_aan_vrager(verzoek, _("Verzoek om verduidelijking verlopen"), _(
                "%(aanbieder)s heeft uw verzoek om verduidelijking niet binnen de termijn (%(termijn)s) "
                "beantwoord.") % {"aanbieder": inschrijving.zorgaanbieder.statutaire_naam,
                                  "termijn": nl_tijd(verzoek.termijn)})
    # A toelichting on an incomplete inschrijving that expired may settle it (back to the proposal, or steps 1 and
    # 2 again when another answer was accepted); each in its own transaction, after the marks are committed.
    from beoordeling.pipeline import toelichting_afronden

    for pk in sorted({v.beoordeling_id for v in verzoeken if v.volledigheidscontrole_id}):
        toelichting_afronden(pk)
    return len(verzoeken)


# ---------------------------------------------------------------------------------------------------------------
# Judging a toelichting on an incomplete inschrijving


@transaction.atomic
def toelichting_beoordelen(*, verzoek: Verduidelijkingsverzoek, aanvaard: bool, reden: str, door: Gebruiker,
                           moment: datetime | None = None) -> str | None:
    """The zorginkoper accepts the answer to a toelichting on a missing item, or not, with a reason (002 §4.6).
    An accepted answer joins the next run of steps 1 and 2 (a PDF as the document of that code). When this was
    the last open request of the run, the assessment moves on: ``"opnieuw"`` (steps 1 and 2 run again),
    ``"voorstel"`` (back to the proposal niet in behandeling) or None (other requests still open)."""
    from beoordeling.pipeline import toelichting_afronden

    nu = moment or timezone.now()
    beoordeling = (Beoordeling.objects.select_for_update(of=("self",)).select_related("inschrijving")
                   .get(pk=verzoek.beoordeling_id))
    _staf(beoordeling, door)
    verzoek = Verduidelijkingsverzoek.objects.select_for_update(of=("self",)).get(pk=verzoek.pk)
    if verzoek.oordeel:
        raise ValidationError(_("Over dit antwoord is al geoordeeld: %(oordeel)s.") % {
            "oordeel": Oordeel(verzoek.oordeel).label.lower()})
    if not verzoek.volledigheidscontrole_id or beoordeling.fase != Fase.TOELICHTING:
        raise ValidationError(_("Alleen een toelichting op een onvolledige inschrijving wordt hier aanvaard of niet "
                                "aanvaard, zolang die toelichting loopt."))
    if not verzoek.beantwoord_op:
        raise ValidationError(_("Dit verzoek is (nog) niet beantwoord; er is niets te aanvaarden."))
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Leg uit waarom u het antwoord wel of niet aanvaardt.")})
    verzoek.oordeel = Oordeel.AANVAARD if aanvaard else Oordeel.NIET_AANVAARD
    verzoek.oordeel_reden, verzoek.geoordeeld_door, verzoek.geoordeeld_op = reden, door, nu
    verzoek.save(update_fields=["oordeel", "oordeel_reden", "geoordeeld_door", "geoordeeld_op"])
    audit.log(actie="toelichting_" + verzoek.oordeel, inschrijving=beoordeling.inschrijving, door=door,
              omschrijving=_("Verzoek %(pk)s over %(regel)s: %(oordeel)s. Reden: %(reden)s") % {
                  "pk": verzoek.pk, "regel": verzoek.regel, "oordeel": Oordeel(verzoek.oordeel).label.lower(),
                  "reden": reden})
    return toelichting_afronden(beoordeling.pk)


# ---------------------------------------------------------------------------------------------------------------
# Equal treatment


@dataclass
class Rij:
    """One inschrijver in a situation: the requests it got about that regel."""

    beoordeling: Beoordeling
    verzoeken: list[Verduidelijkingsverzoek] = field(default_factory=list)
    # False when it got a request about the regel but its result no longer reads "voldoet niet".
    in_situatie: bool = True

    @property
    def kreeg_verzoek(self) -> bool:
        return bool(self.verzoeken)


@dataclass
class Situatie:
    regel: str
    titel: str
    rijen: list[Rij] = field(default_factory=list)
    stap: str = ""

    @property
    def met_verzoek(self) -> list[Rij]:
        return [r for r in self.rijen if r.kreeg_verzoek]

    @property
    def zonder_verzoek(self) -> list[Rij]:
        return [r for r in self.rijen if not r.kreeg_verzoek]

    @property
    def gelijk(self) -> bool:
        """Everyone in the situation got the offer — or, for a missing item, no one did."""
        return not self.zonder_verzoek or (self.ontbrekend and not self.met_verzoek)

    @property
    def ontbrekend(self) -> bool:
        """A missing item of step 1 (002 §4.6): the offer is a toelichting."""
        return self.stap == "volledigheid"


def gelijke_behandeling(ronde: Inkoopronde, zorgkantoor: Zorgkantoor) -> list[Situatie]:
    """Per regel (situation) that had at least one request in this round at this zorgkantoor, and per item that
    step 1 found missing in any inschrijving of the round (002 §4.6: the offer there is a toelichting): every
    assessment whose recorded result for that regel is "voldoet niet" or a signal, and for each the requests it got
    about that regel; so the list shows who in the same situation got the same offer and who did not.
    An assessment that got a request but whose result has since changed (e.g. a missing document supplied with an
    accepted toelichting) is listed too (``in_situatie`` False). The caller scopes ``zorgkantoor`` to the user."""
    scope = {"inschrijving__ronde": ronde, "inschrijving__zorgkantoor": zorgkantoor}
    verzoeken = list(Verduidelijkingsverzoek.objects.filter(**{f"beoordeling__{k}": v for k, v in scope.items()})
                     .exclude(regel="").select_related("gesteld_door", "beoordeling__inschrijving__zorgaanbieder")
                     .order_by("gesteld_op", "pk"))
    beoordelingen = Beoordeling.objects.filter(**scope).select_related("inschrijving__zorgaanbieder")
    ontbrekend = set(Toetsresultaat.objects.filter(beoordeling__in=beoordelingen, stap="volledigheid",
                                                   uitkomst=Uitkomst.VOLDOET_NIET).values_list("regel", flat=True))
    regels = sorted({v.regel for v in verzoeken} | ontbrekend)
    if not regels:
        return []
    resultaten = (Toetsresultaat.objects.filter(beoordeling__in=beoordelingen, regel__in=regels)
                  .select_related("beoordeling__inschrijving__zorgaanbieder", "beoordeling__inschrijving__ronde"))
    titels: dict[str, str] = {}
    stappen: dict[str, str] = {}
    situaties = {regel: {} for regel in regels}
    for resultaat in resultaten:
        stappen[resultaat.regel] = resultaat.stap
        if resultaat.uitkomst in (Uitkomst.VOLDOET_NIET, Uitkomst.SIGNAAL):
            titels[resultaat.regel] = resultaat.titel
            situaties[resultaat.regel][resultaat.beoordeling_id] = Rij(resultaat.beoordeling)
        else:
            titels.setdefault(resultaat.regel, resultaat.titel)
    for verzoek in verzoeken:
        rijen = situaties[verzoek.regel]
        if verzoek.beoordeling_id not in rijen:
            rijen[verzoek.beoordeling_id] = Rij(verzoek.beoordeling, in_situatie=False)
        rijen[verzoek.beoordeling_id].verzoeken.append(verzoek)

    def naam(rij: Rij) -> str:
        return rij.beoordeling.inschrijving.zorgaanbieder.statutaire_naam.lower()

    return [Situatie(regel=regel, titel=titels.get(regel, regel), rijen=sorted(situaties[regel].values(), key=naam),
                     stap=stappen.get(regel, ""))
            for regel in regels]


def zelfde_situatie_zonder_verzoek(verzoek: Verduidelijkingsverzoek) -> list[Beoordeling]:
    """The other assessments of the round and zorgkantoor that fail the request's regel (or have it as a signal) and
    got no request about it: to offer them the same (shown to the zorginkoper right after asking)."""
    if not verzoek.regel:
        return []
    inschrijving = verzoek.beoordeling.inschrijving
    gevraagd = Verduidelijkingsverzoek.objects.filter(regel=verzoek.regel).values("beoordeling_id")
    return list(Beoordeling.objects.filter(
        inschrijving__ronde_id=inschrijving.ronde_id, inschrijving__zorgkantoor_id=inschrijving.zorgkantoor_id,
        resultaten__regel=verzoek.regel, resultaten__uitkomst__in=(Uitkomst.VOLDOET_NIET, Uitkomst.SIGNAAL))
        .exclude(pk__in=gevraagd).select_related("inschrijving__zorgaanbieder").distinct())
