"""Writes of the quality part of an inschrijving (004 §2.2.3): the kader choice, the zelfanalyse per theme and
the ontwikkelplan proposals. Like every write in ``inschrijving.services`` each one checks that the user belongs
to the aanbieder and, on the server at the moment of the request, that the sluitingstijd has not passed."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inschrijving.kwaliteit_selectie import toepassing_van
from inschrijving.models import Gebruiker, Inschrijving, KwaliteitKeuze, OntwikkelplanVoorstel, Zelfanalyse
from inschrijving.services import _eigen, _vergrendel, controleer_bewerkbaar, type_bijwerken
from inschrijving.verklaringen import LEVERINGSVORMEN
from kwaliteit.models import Kader, Thema
from kwaliteit.selectors import SECTOREN

ZELFANALYSE_VELDEN = ("invulling", "sterktes_ontwikkelpunten", "clientervaring", "niveau", "niveau_toelichting",
                      "gegevens")


def _schrijven(inschrijving: Inschrijving, door: Gebruiker, moment: datetime | None) -> None:
    _eigen(inschrijving, door)
    _vergrendel(inschrijving)
    controleer_bewerkbaar(inschrijving, moment)


def _toegestaan_thema(inschrijving: Inschrijving, thema: Thema) -> None:
    if thema.kader_id not in {k.pk for k in toepassing_van(inschrijving).kaders}:
        raise ValidationError(_("Dit thema hoort niet bij een kwaliteitskader dat op uw inschrijving van "
                                "toepassing is."), code="thema")


@transaction.atomic
def keuze_opslaan(*, inschrijving: Inschrijving, door: Gebruiker, sectoren: list[str], dominante_sector: str = "",
                  extra_kaders=(), leveringsvormen=(), moment: datetime | None = None) -> KwaliteitKeuze:
    """Sectors, dominant sector, leveringsvormen and the kaders the aanbieder adds of its own accord; the
    aanbiedertype follows the registration at once (under the 2016 kader it depends on it)."""
    _schrijven(inschrijving, door, moment)
    sectoren = [s for s in dict.fromkeys(sectoren) if s in SECTOREN]
    vormen = [v for v in dict.fromkeys(leveringsvormen) if v in dict(LEVERINGSVORMEN)]
    if dominante_sector and dominante_sector not in sectoren:
        raise ValidationError({"dominante_sector": _("De dominante sector moet een van de gekozen sectoren zijn.")})
    keuze, _nieuw = KwaliteitKeuze.objects.update_or_create(
        inschrijving=inschrijving, defaults={"sectoren": sectoren, "dominante_sector": dominante_sector or "",
                                             "leveringsvormen": vormen})
    keuze.extra_kaders.set([k for k in extra_kaders if isinstance(k, Kader) and k.actief])
    type_bijwerken(inschrijving, moment)
    return keuze


@transaction.atomic
def zelfanalyse_opslaan(*, inschrijving: Inschrijving, door: Gebruiker, thema: Thema, gegevens: dict,
                        moment: datetime | None = None) -> Zelfanalyse:
    """The zelfanalyse of one theme; it may be saved half-filled (the voorcontrole says what is missing)."""
    _schrijven(inschrijving, door, moment)
    _toegestaan_thema(inschrijving, thema)
    zelfanalyse, _nieuw = Zelfanalyse.objects.update_or_create(
        inschrijving=inschrijving, thema=thema,
        defaults={veld: gegevens.get(veld) or "" for veld in ZELFANALYSE_VELDEN})
    return zelfanalyse


@transaction.atomic
def voorstel_opslaan(*, inschrijving: Inschrijving, door: Gebruiker, doel: str, aanpak: str,
                     thema: Thema | None = None, voorstel: OntwikkelplanVoorstel | None = None,
                     moment: datetime | None = None) -> OntwikkelplanVoorstel:
    """Add a proposal for the ontwikkelplan, or change ``voorstel``."""
    _schrijven(inschrijving, door, moment)
    if voorstel is not None and voorstel.inschrijving_id != inschrijving.pk:
        raise ValidationError(_("Dit voorstel hoort bij een andere inschrijving."))
    if thema is not None:
        _toegestaan_thema(inschrijving, thema)
    if not (doel or "").strip() or not (aanpak or "").strip():
        raise ValidationError(_("Een voorstel heeft een cliëntgericht doel en een globale aanpak."))
    voorstel = voorstel or OntwikkelplanVoorstel(inschrijving=inschrijving)
    voorstel.thema, voorstel.doel, voorstel.aanpak = thema, doel.strip(), aanpak.strip()
    voorstel.save()
    return voorstel


@transaction.atomic
def voorstel_verwijderen(*, voorstel: OntwikkelplanVoorstel, door: Gebruiker, moment: datetime | None = None) -> None:
    _schrijven(voorstel.inschrijving, door, moment)
    voorstel.delete()
