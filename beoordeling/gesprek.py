"""Step 3 of the beoordeling (002 §4.6): the gesprek with a new provider that is positive on steps 1 and 2.

The zorginkoper invites the aanbieder (preferably on location, always with the vertegenwoordigingsbevoegde
bestuurder), records a verslag with an assessment on each of the eight reasons to reject a new provider and, for
each signal of the controle (a rule not met whose force is ``signaal``: the zorgkantoor weighs it, issue 8), what
the gesprek showed and whether it is a bezwaar, and closes the gesprek, which moves the assessment to the decision.
A bezwaar on any reason or signal becomes a reason for afwijzing in ``besluitregels.bereken_voorstel``; a signal
weighed without bezwaar is recorded there as an overweging. Every change locks the assessment row and is audited.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beoordeling import audit
from beoordeling.agenda import agenda
from beoordeling.models import AFWIJZINGSGRONDEN, Beoordeling, Fase, Gesprek, Toetsresultaat, Uitkomst
from beoordeling.services import _staf, _vergrendel
from inschrijving import berichten
from inschrijving.models import Gebruiker, Rol
from wlzportal.datums import uur as nl_tijd
from wlzportal.links import portaal_url

NL = ZoneInfo("Europe/Amsterdam")
CODES = [code for code, _label in AFWIJZINGSGRONDEN]
# Which of the eight grounds a signal feeds (002 §4.6: "signals from the documents feed it"); the zorginkoper may
# choose another or none. A document naming another legal entity contradicts the declaration.
GROND_VAN_SIGNAAL = {
    "plan.financieel": "financieel",
    "plan.toezichthouders": "governance",
    "verklaring.onderaanneming": "plan",
    "verklaring.uitsluitingsgronden_facultatief": "integriteit",
}


def tekenbevoegden(beoordeling: Beoordeling):
    """The active tekenbevoegde bestuurders of the aanbieder: who may (and must) attend the gesprek."""
    return Gebruiker.objects.filter(zorgaanbieder=beoordeling.inschrijving.zorgaanbieder_id, rol=Rol.TEKENBEVOEGDE,
                                    is_active=True).order_by("last_name", "first_name", "username")


def oordelen_compleet(oordelen: dict) -> bool:
    return not _oordeelfouten(oordelen)


def signalen(beoordeling: Beoordeling) -> list[Toetsresultaat]:
    """The signals of the beoordeling: rules not met that the zorgkantoor weighs, in the order of the controle."""
    return list(beoordeling.resultaten.filter(uitkomst=Uitkomst.SIGNAAL))


def standaard_grond(regel: str) -> str:
    """The afwijzingsgrond a signal feeds unless the zorginkoper chooses another ("" for none)."""
    if regel in GROND_VAN_SIGNAAL:
        return GROND_VAN_SIGNAAL[regel]
    if regel.startswith("document.") and regel.endswith((".rechtspersoon", ".verzekeringnemer")):
        return "consistentie"
    return ""


def signaal_veld(soort: str, regel: str) -> str:
    """The form field (and error key) of one part of a signal's oordeel: ``soort`` is bevinding, bezwaar or grond.
    Dots become double underscores, so the name is also a plain HTML id."""
    return f"signaal_{soort}__" + regel.replace(".", "__")


def signalen_gewogen(gesprek: Gesprek, lijst: list[Toetsresultaat] | None = None) -> bool:
    """Whether every signal of the beoordeling has a bevinding and a judgement in the verslag."""
    lijst = signalen(gesprek.beoordeling) if lijst is None else lijst
    return not _signaalfouten(lijst, gesprek.signaal_oordelen)


def kan_afronden(gesprek: Gesprek, lijst: list[Toetsresultaat] | None = None) -> bool:
    return (not gesprek.afgerond_op and bool(gesprek.verslag.strip()) and oordelen_compleet(gesprek.oordelen)
            and signalen_gewogen(gesprek, lijst) and timezone.now() >= gesprek.datum)


def _oordeelfouten(oordelen) -> dict[str, str]:
    """Field errors (keyed like the verslag form) for an incomplete or invalid set of assessments."""
    if not isinstance(oordelen, dict):
        return {"__all__": _("Geef per afwijzingsgrond een oordeel.")}
    fouten = {}
    onbekend = sorted(set(oordelen) - set(CODES))
    if onbekend:
        fouten["__all__"] = _("Onbekende afwijzingsgrond: %(codes)s.") % {"codes": ", ".join(map(str, onbekend))}
    for code, label in AFWIJZINGSGRONDEN:
        oordeel = oordelen.get(code)
        if not isinstance(oordeel, dict) or not isinstance(oordeel.get("bezwaar"), bool):
            fouten[f"bezwaar_{code}"] = _("Geef aan of er op deze grond een bezwaar is: %(grond)s.") % {
                "grond": label}
        elif oordeel["bezwaar"] and not str(oordeel.get("toelichting") or "").strip():
            fouten[f"toelichting_{code}"] = _("Licht het bezwaar toe: %(grond)s.") % {"grond": label}
    return fouten


def _signaalfouten(lijst: list[Toetsresultaat], signaal_oordelen) -> dict[str, list[str]]:
    """Field errors (keyed like the verslag form) unless ``signaal_oordelen`` judges exactly the signals of
    ``lijst``, each with a bevinding, a yes/no bezwaar and at most one of the eight grounds."""
    if signaal_oordelen is None:
        signaal_oordelen = {}
    if not isinstance(signaal_oordelen, dict):
        return {"__all__": [_("Geef per signaal de bevinding uit het gesprek en uw oordeel.")]}
    fouten: dict[str, list[str]] = {}
    regels = [r.regel for r in lijst]
    onbekend = sorted(str(regel) for regel in set(signaal_oordelen) - set(regels))
    if onbekend:
        fouten["__all__"] = [_("Geen signaal van deze beoordeling: %(regels)s.") % {"regels": ", ".join(onbekend)}]
    for r in lijst:
        oordeel = signaal_oordelen.get(r.regel)
        if not isinstance(oordeel, dict):
            oordeel = {}
        if not isinstance(oordeel.get("bevinding"), str) or not oordeel["bevinding"].strip():
            fouten[signaal_veld("bevinding", r.regel)] = [
                _("Vul in wat het gesprek over dit signaal heeft laten zien: %(titel)s.") % {"titel": r.titel}]
        if not isinstance(oordeel.get("bezwaar"), bool):
            fouten[signaal_veld("bezwaar", r.regel)] = [
                _("Geef aan of dit signaal een bezwaar is: %(titel)s.") % {"titel": r.titel}]
        if oordeel.get("grond") not in (None, "", *CODES):
            fouten[signaal_veld("grond", r.regel)] = [_("Kies een van de acht afwijzingsgronden, of geen.")]
    return fouten


def _signaaloordelen_schoon(lijst: list[Toetsresultaat], signaal_oordelen: dict) -> dict:
    return {r.regel: {"bevinding": signaal_oordelen[r.regel]["bevinding"].strip(),
                      "bezwaar": signaal_oordelen[r.regel]["bezwaar"],
                      "grond": signaal_oordelen[r.regel].get("grond") or ""} for r in lijst}


def _signalen_tekst(lijst: list[Toetsresultaat], signaal_oordelen: dict) -> str:
    """For the audit trail: every signal with its judgement ("" without signals)."""
    if not lijst:
        return ""
    delen = []
    for r in lijst:
        oordeel = signaal_oordelen.get(r.regel) or {}
        delen.append(f"{r.titel} ({r.regel}): " + (_("bezwaar") if oordeel.get("bezwaar") else _("geen bezwaar"))
                     + (f" – {oordeel['bevinding']}" if oordeel.get("bevinding") else ""))
    return " " + _("Signalen: %(signalen)s.") % {"signalen": "; ".join(delen)}


def _gesprek_van(beoordeling: Beoordeling) -> Gesprek | None:
    return Gesprek.objects.select_for_update().filter(beoordeling=beoordeling).first()


def _in_gesprekfase(beoordeling: Beoordeling) -> None:
    if beoordeling.fase != Fase.GESPREK:
        raise ValidationError(_("Deze beoordeling staat niet in de fase gesprek."))


@transaction.atomic
def uitnodigen(*, beoordeling: Beoordeling, datum: datetime, plaats: str, op_locatie: bool = True,
               deelnemers: str, tekenbevoegde: Gebruiker | None, door: Gebruiker) -> Gesprek:
    """Invite the aanbieder to the gesprek, or change the invitation (new date or place). The tekenbevoegde
    named must be a vertegenwoordigingsbevoegde bestuurder of this zorgaanbieder: he or she must attend."""
    beoordeling = _vergrendel(beoordeling)
    _staf(beoordeling, door)
    _in_gesprekfase(beoordeling)
    inschrijving = beoordeling.inschrijving
    fouten = {}
    if (tekenbevoegde is None or not tekenbevoegde.is_active or tekenbevoegde.rol != Rol.TEKENBEVOEGDE
            or tekenbevoegde.zorgaanbieder_id != inschrijving.zorgaanbieder_id):
        fouten["tekenbevoegde"] = _("Kies een tekenbevoegde (vertegenwoordigingsbevoegde) bestuurder van %(naam)s: "
                                    "die moet bij het gesprek aanwezig zijn.") % {
            "naam": inschrijving.zorgaanbieder.statutaire_naam}
    if datum is None:
        fouten["datum"] = _("Vul de datum en tijd van het gesprek in.")
    else:
        if timezone.is_naive(datum):
            datum = timezone.make_aware(datum, NL)
        if datum <= timezone.now():
            fouten["datum"] = _("Kies een datum en tijd in de toekomst.")
    plaats, deelnemers = (plaats or "").strip(), (deelnemers or "").strip()
    if not plaats:
        fouten["plaats"] = _("Vul de plaats van het gesprek in.")
    if not deelnemers:
        fouten["deelnemers"] = _("Vul de deelnemers in: één naam en functie per regel.")
    if fouten:
        raise ValidationError(fouten)

    gesprek = _gesprek_van(beoordeling)
    opnieuw = gesprek is not None
    oud = f"{nl_tijd(gesprek.datum)}, {gesprek.plaats}" if opnieuw else ""
    if not opnieuw:
        gesprek = Gesprek(beoordeling=beoordeling)
    gesprek.datum, gesprek.plaats, gesprek.op_locatie = datum, plaats, bool(op_locatie)
    gesprek.deelnemers, gesprek.tekenbevoegde = deelnemers, tekenbevoegde
    gesprek.uitgenodigd_door, gesprek.uitgenodigd_op = door, timezone.now()
    gesprek.save()
    nieuw = f"{nl_tijd(datum)}, {plaats}" + (f" ({_('op locatie')})" if op_locatie else "")
    audit.log(actie="gesprek_opnieuw_uitgenodigd" if opnieuw else "gesprek_uitgenodigd", inschrijving=inschrijving,
              door=door, omschrijving=(f"{oud} → {nieuw}" if opnieuw else nieuw)
              + f"; {_('bestuurder')}: {tekenbevoegde.get_full_name() or tekenbevoegde.username}")
    _verstuur_uitnodiging(gesprek, opnieuw=opnieuw)
    return gesprek


def _verstuur_uitnodiging(gesprek: Gesprek, *, opnieuw: bool) -> None:
    """E-mail every active user of the zorgaanbieder (queued on commit)."""
    inschrijving = gesprek.beoordeling.inschrijving
    aanbieder = inschrijving.zorgaanbieder
    link = portaal_url("beoordeling:gesprek_aanbieder", inschrijving_pk=inschrijving.pk)
    bestuurder = gesprek.tekenbevoegde.get_full_name() or gesprek.tekenbevoegde.username
    with translation.override(settings.LANGUAGE_CODE):
        onderwerp = (_("Gewijzigde uitnodiging voor het gesprek over uw inschrijving") if opnieuw
                     else _("Uitnodiging voor een gesprek over uw inschrijving"))
        locatie = (_("Het gesprek vindt bij voorkeur op locatie plaats: bij u, op het adres hierboven.")
                   if gesprek.op_locatie else
                   _("Het gesprek vindt bij voorkeur op locatie plaats; dit keer is gekozen voor de plaats "
                     "hierboven."))
        tekst = _(
            "Beste lezer,\n\n"
            "%(wijziging)s"
            "Uw inschrijving voor %(ronde)s bij %(zk)s is positief beoordeeld op volledigheid en op de controle van "
            "de verklaring en de documenten. Als nieuwe zorgaanbieder voor het zorgkantoor nodigen wij %(naam)s uit "
            "voor een gesprek (inkoopkader §4.6, stap 3). In het gesprek toetsen wij of het beeld overeenkomt met "
            "uw ondernemingsplan.\n\n"
            "Datum en tijd: %(tijd)s (Nederlandse tijd)\n"
            "Plaats: %(plaats)s\n"
            "%(locatie)s\n\n"
            "De vertegenwoordigingsbevoegde bestuurder(s) van %(naam)s moeten bij het gesprek aanwezig zijn, in "
            "ieder geval %(bestuurder)s.\n\n"
            "Deelnemers:\n%(deelnemers)s\n\n"
            "U vindt de uitnodiging ook in het portaal:\n%(link)s\n\n"
            "Met vriendelijke groet,\n%(zk)s"
        ) % {"wijziging": _("Let op: de uitnodiging is gewijzigd. Deze gegevens vervangen die uit de eerdere "
                             "uitnodiging.\n\n") if opnieuw else "",
             "ronde": inschrijving.ronde.naam, "zk": inschrijving.zorgkantoor.naam, "naam": aanbieder.statutaire_naam,
             "tijd": nl_tijd(gesprek.datum), "plaats": gesprek.plaats, "locatie": locatie,
             "bestuurder": bestuurder, "deelnemers": gesprek.deelnemers, "link": link}
    berichten.verstuur(aan=aanbieder.gebruikers.filter(is_active=True).order_by("pk"), onderwerp=onderwerp,
                       tekst=tekst)


def _schoon(oordelen: dict) -> dict:
    return {code: {"bezwaar": oordelen[code]["bezwaar"], "toelichting": str(oordelen[code].get("toelichting") or "")
                   .strip()} for code in CODES}


@transaction.atomic
def verslag_vastleggen(*, gesprek: Gesprek, verslag: str, oordelen: dict, signaal_oordelen: dict | None = None,
                       door: Gebruiker) -> Gesprek:
    """Record the verslag and, for each of the eight reasons, whether there is a bezwaar (with a toelichting);
    for each signal of the beoordeling ({regel: {"bevinding", "bezwaar", "grond"}}, exactly its signals) what the
    gesprek showed and whether it is a bezwaar. Without signals ``signaal_oordelen`` is empty (or omitted)."""
    beoordeling = _vergrendel(gesprek.beoordeling)
    _staf(beoordeling, door)
    _in_gesprekfase(beoordeling)
    gesprek = _gesprek_van(beoordeling)
    if gesprek is None:
        raise ValidationError(_("Nodig de zorgaanbieder eerst uit voor het gesprek."))
    if gesprek.afgerond_op:
        raise ValidationError(_("Het gesprek is afgerond; het verslag kan niet meer worden gewijzigd."))
    fouten = {veld: [fout] for veld, fout in _oordeelfouten(oordelen).items()}
    lijst = signalen(beoordeling)
    for veld, meldingen in _signaalfouten(lijst, signaal_oordelen).items():
        fouten.setdefault(veld, []).extend(meldingen)
    verslag = (verslag or "").strip()
    if not verslag:
        fouten["verslag"] = [_("Vul het verslag van het gesprek in.")]
    if fouten:
        raise ValidationError(fouten)
    gesprek.verslag, gesprek.oordelen = verslag, _schoon(oordelen)
    gesprek.signaal_oordelen = _signaaloordelen_schoon(lijst, signaal_oordelen or {})
    gesprek.save(update_fields=["verslag", "oordelen", "signaal_oordelen"])
    bezwaren = gesprek.bezwaren()
    audit.log(actie="gesprek_verslag", inschrijving=beoordeling.inschrijving, door=door,
              omschrijving=((_("Bezwaren: %(gronden)s.") % {"gronden": "; ".join(bezwaren)}) if bezwaren
                            else _("Geen bezwaren op de afwijzingsgronden."))
              + _signalen_tekst(lijst, gesprek.signaal_oordelen))
    return gesprek


@transaction.atomic
def gesprek_afronden(*, gesprek: Gesprek, door: Gebruiker) -> Gesprek:
    """Close the gesprek after it took place, with a verslag, all eight reasons assessed and every signal weighed:
    on to the decision."""
    beoordeling = _vergrendel(gesprek.beoordeling)
    _staf(beoordeling, door)
    _in_gesprekfase(beoordeling)
    gesprek = _gesprek_van(beoordeling)
    if gesprek is None:
        raise ValidationError(_("Er is nog geen gesprek gepland."))
    if gesprek.afgerond_op:
        raise ValidationError(_("Het gesprek is al afgerond."))
    fouten = []
    if timezone.now() < gesprek.datum:
        fouten.append(_("Het gesprek is gepland op %(tijd)s; u rondt het af nadat het heeft plaatsgevonden.")
                      % {"tijd": nl_tijd(gesprek.datum)})
    if not gesprek.verslag.strip():
        fouten.append(_("Leg eerst het verslag van het gesprek vast."))
    if not oordelen_compleet(gesprek.oordelen):
        fouten.append(_("Beoordeel eerst elk van de acht afwijzingsgronden."))
    lijst = signalen(beoordeling)
    signaalfouten = _signaalfouten(lijst, gesprek.signaal_oordelen)
    open_signalen = [r.titel for r in lijst if any(signaal_veld(soort, r.regel) in signaalfouten
                                                   for soort in ("bevinding", "bezwaar", "grond"))]
    if signaalfouten:
        fouten.append(_("Leg eerst per signaal de bevinding uit het gesprek en uw oordeel vast: %(signalen)s.")
                      % {"signalen": "; ".join(open_signalen) or _("de signalen van deze beoordeling")})
    if fouten:
        raise ValidationError(fouten)
    gesprek.afgerond_door, gesprek.afgerond_op = door, timezone.now()
    gesprek.save(update_fields=["afgerond_door", "afgerond_op"])
    beoordeling.fase = Fase.BESLUIT
    beoordeling.save(update_fields=["fase", "bijgewerkt_op"])
    bezwaren = gesprek.bezwaren() + [_("signaal %(titel)s (%(regel)s)") % {"titel": r.titel, "regel": r.regel}
                                     for r in lijst if gesprek.signaal_oordelen[r.regel]["bezwaar"]]
    audit.log(actie="gesprek_afgerond", inschrijving=beoordeling.inschrijving, door=door,
              omschrijving=((_("Afgerond met %(n)s bezwaar/bezwaren: %(gronden)s.")
                             % {"n": len(bezwaren), "gronden": "; ".join(bezwaren)}) if bezwaren
                            else _("Afgerond zonder bezwaren."))
              + _signalen_tekst(lijst, gesprek.signaal_oordelen))
    return gesprek


@transaction.atomic
def bevindingen_vastleggen(*, gesprek: Gesprek, bevindingen: dict, door: Gebruiker) -> Gesprek:
    """Record the findings per theme of the agenda ({thema code: text}); an empty text clears that theme's finding.

    Only themes on the generated agenda (``beoordeling.agenda``) are accepted, and only until the gesprek is
    closed."""
    beoordeling = _vergrendel(gesprek.beoordeling)
    _staf(beoordeling, door)
    gesprek = _gesprek_van(beoordeling)
    if gesprek is None:
        raise ValidationError(_("Nodig de zorgaanbieder eerst uit voor het gesprek."))
    if gesprek.afgerond_op:
        raise ValidationError(_("Het gesprek is afgerond; de bevindingen kunnen niet meer worden gewijzigd."))
    _in_gesprekfase(beoordeling)
    if not isinstance(bevindingen, dict):
        raise ValidationError(_("Geef de bevindingen per thema."))
    namen = {punt.code: punt.thema for punt in agenda(beoordeling)}
    onbekend = sorted(str(code) for code in set(bevindingen) - set(namen))
    if onbekend:
        raise ValidationError(_("Dit thema staat niet op de agenda van het gesprek: %(codes)s.")
                              % {"codes": ", ".join(onbekend)})
    nieuw = {code: tekst for code, tekst in (gesprek.bevindingen_per_thema or {}).items() if code in namen}
    gewijzigd = []
    for code in namen:  # agenda order, so the audit line reads like the agenda
        if code not in bevindingen:
            continue
        tekst = str(bevindingen[code] or "").strip()
        if tekst != nieuw.get(code, ""):
            gewijzigd.append(namen[code])
        if tekst:
            nieuw[code] = tekst
        else:
            nieuw.pop(code, None)
    if not gewijzigd:
        return gesprek
    gesprek.bevindingen_per_thema = nieuw
    gesprek.save(update_fields=["bevindingen_per_thema"])
    audit.log(actie="gesprek_bevindingen", inschrijving=beoordeling.inschrijving, door=door,
              omschrijving=_("Bevindingen vastgelegd voor: %(themas)s.") % {"themas": "; ".join(gewijzigd)})
    return gesprek
