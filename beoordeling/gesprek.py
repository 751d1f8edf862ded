"""Step 3 of the beoordeling (002 §4.6): the gesprek with a new provider that is positive on steps 1 and 2.

The zorginkoper invites the aanbieder (preferably on location, always with the vertegenwoordigingsbevoegde
bestuurder), records a verslag with an assessment on each of the eight reasons to reject a new provider, and
closes the gesprek, which moves the assessment to the decision. A bezwaar on any reason becomes a reason for
afwijzing in ``besluitregels.bereken_voorstel``. Every change locks the assessment row and is audited.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from beoordeling import audit
from beoordeling.agenda import agenda
from beoordeling.models import AFWIJZINGSGRONDEN, Beoordeling, Fase, Gesprek
from beoordeling.services import _staf, _vergrendel
from inschrijving import berichten
from inschrijving.models import Gebruiker, Rol

NL = ZoneInfo("Europe/Amsterdam")
CODES = [code for code, _label in AFWIJZINGSGRONDEN]


def nl_tijd(moment: datetime) -> str:
    """A moment as Dutch wall-clock time, e.g. "dinsdag 3 september 2024 om 10:00 uur"."""
    lokaal = timezone.localtime(moment, NL)
    return _("%(datum)s om %(tijd)s uur") % {"datum": formats.date_format(lokaal, "l j F Y"),
                                             "tijd": formats.time_format(lokaal, "H:i")}


def tekenbevoegden(beoordeling: Beoordeling):
    """The active tekenbevoegde bestuurders of the aanbieder: who may (and must) attend the gesprek."""
    return Gebruiker.objects.filter(zorgaanbieder=beoordeling.inschrijving.zorgaanbieder_id, rol=Rol.TEKENBEVOEGDE,
                                    is_active=True).order_by("last_name", "first_name", "username")


def oordelen_compleet(oordelen: dict) -> bool:
    return not _oordeelfouten(oordelen)


def kan_afronden(gesprek: Gesprek) -> bool:
    return (not gesprek.afgerond_op and bool(gesprek.verslag.strip()) and oordelen_compleet(gesprek.oordelen)
            and timezone.now() >= gesprek.datum)


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
    link = settings.SITE_URL.rstrip("/") + reverse("beoordeling:gesprek_aanbieder",
                                                   kwargs={"inschrijving_pk": inschrijving.pk})
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
def verslag_vastleggen(*, gesprek: Gesprek, verslag: str, oordelen: dict, door: Gebruiker) -> Gesprek:
    """Record the verslag and, for each of the eight reasons, whether there is a bezwaar (with a toelichting)."""
    beoordeling = _vergrendel(gesprek.beoordeling)
    _staf(beoordeling, door)
    _in_gesprekfase(beoordeling)
    gesprek = _gesprek_van(beoordeling)
    if gesprek is None:
        raise ValidationError(_("Nodig de zorgaanbieder eerst uit voor het gesprek."))
    if gesprek.afgerond_op:
        raise ValidationError(_("Het gesprek is afgerond; het verslag kan niet meer worden gewijzigd."))
    fouten = _oordeelfouten(oordelen)
    verslag = (verslag or "").strip()
    if not verslag:
        fouten["verslag"] = _("Vul het verslag van het gesprek in.")
    if fouten:
        raise ValidationError(fouten)
    gesprek.verslag, gesprek.oordelen = verslag, _schoon(oordelen)
    gesprek.save(update_fields=["verslag", "oordelen"])
    bezwaren = gesprek.bezwaren()
    audit.log(actie="gesprek_verslag", inschrijving=beoordeling.inschrijving, door=door,
              omschrijving=(_("Bezwaren: %(gronden)s.") % {"gronden": "; ".join(bezwaren)}) if bezwaren
              else _("Geen bezwaren op de afwijzingsgronden."))
    return gesprek


@transaction.atomic
def gesprek_afronden(*, gesprek: Gesprek, door: Gebruiker) -> Gesprek:
    """Close the gesprek after it took place, with a verslag and all eight reasons assessed: on to the decision."""
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
    if fouten:
        raise ValidationError(fouten)
    gesprek.afgerond_door, gesprek.afgerond_op = door, timezone.now()
    gesprek.save(update_fields=["afgerond_door", "afgerond_op"])
    beoordeling.fase = Fase.BESLUIT
    beoordeling.save(update_fields=["fase", "bijgewerkt_op"])
    bezwaren = gesprek.bezwaren()
    audit.log(actie="gesprek_afgerond", inschrijving=beoordeling.inschrijving, door=door,
              omschrijving=(_("Afgerond met %(n)s bezwaar/bezwaren: %(gronden)s.")
                            % {"n": len(bezwaren), "gronden": "; ".join(bezwaren)}) if bezwaren
              else _("Afgerond zonder bezwaren."))
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
