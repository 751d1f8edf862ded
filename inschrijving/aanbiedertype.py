"""The aanbieder type per zorgkantoor per round, from the contract history (seed 002 §4.3; 004 §2.2.2 under the
2016 rules, where what the inschrijving registers for counts too).

The *inschrijfjaar* is the year before the contract year; the moment that counts is the moment of
inschrijving. The reason is returned in plain Dutch, naming the overeenkomst it rests on.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from inschrijving.models import (
    AanbiederType,
    Inkoopronde,
    Inschrijving,
    KwaliteitKeuze,
    Ondernemingsplan,
    Overeenkomst,
    Zorgaanbieder,
    Zorgkantoor,
)
from inschrijving.models.overeenkomst import ZZP_VPT
from inschrijving.verklaringen import LEVERINGSVORMEN, SECTOREN
from wlzportal.datums import datum as _d


@dataclass(frozen=True)
class TypeUitkomst:
    type: str
    reden: str

    @property
    def label(self) -> str:
        return AanbiederType(self.type).label




def bepaal_type(*, zorgaanbieder: Zorgaanbieder, zorgkantoor: Zorgkantoor, ronde: Inkoopronde,
                moment: datetime | None = None) -> TypeUitkomst:
    """The type under the taxonomy of the round's rule set (2022 by default, or 2016)."""
    dag = timezone.localtime(moment or timezone.now()).date()
    regelset = ronde.regelset_voor(zorgkantoor)
    if regelset is not None and regelset.kader == "2016":
        return _bepaal_2016(zorgaanbieder, zorgkantoor, ronde)
    return _bepaal_2022(zorgaanbieder, zorgkantoor, ronde, dag)


@dataclass(frozen=True)
class Registratie:
    """What the inschrijving registers for: sector codes and leveringsvormen (``verblijf`` is the zzp)."""

    sectoren: tuple[str, ...] = ()
    leveringsvormen: tuple[str, ...] = ()


def registratie_van(zorgaanbieder, zorgkantoor, ronde) -> Registratie:
    """The sectors and leveringsvormen of the inschrijving's ondernemingsplan (those of its kwaliteitskeuze where the
    plan names none, as under the 2016 kader, whose types hand in no plan); empty before the inschrijving exists or
    names them."""
    inschrijving = Inschrijving.objects.filter(ronde=ronde, zorgkantoor=zorgkantoor,
                                               zorgaanbieder=zorgaanbieder).first()
    if inschrijving is None:
        return Registratie()
    plan = Ondernemingsplan.objects.filter(inschrijving=inschrijving).first()
    keuze = KwaliteitKeuze.objects.filter(inschrijving=inschrijving).first()
    sectoren = list(plan.sectoren or []) if plan else []
    if not sectoren:
        sectoren = list(keuze.sectoren or []) if keuze else []
    vormen = list(plan.leveringsvormen or []) if plan else []
    if not vormen:
        vormen = list(keuze.leveringsvormen or []) if keuze else []
    return Registratie(tuple(dict.fromkeys(sectoren)), tuple(dict.fromkeys(vormen)))


def _namen(codes, keuzes) -> str:
    labels = dict(keuzes)
    namen = [str(labels.get(code, code)) for code in codes]
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]


def _bepaal_2016(zorgaanbieder, zorgkantoor, ronde) -> TypeUitkomst:
    """004 §2.2.2. *Nieuw zzp/vpt*: only extramural overeenkomsten for the previous year (with any zorgkantoor) and
    now registering for zzp or vpt. *Bestaand*: an overeenkomst for the previous year with this zorgkantoor for the
    sector(s) registered for, with production delivered, or a production agreement funded by a budget transfer from
    another region or zorgkantoor. *Nieuw in de regio*: contracted and producing elsewhere for that care. Otherwise
    *geheel nieuw* (working only as onderaannemer, in the zzp pilot or for pgb clients counts as geheel nieuw).

    An overeenkomst without recorded sectors counts for every sector, and a registration without sectors is not
    checked on them. Nieuw zzp/vpt goes before bestaand: an extramural provider moving to zzp or vpt shows the
    bewijsstukken, also where its extramural overeenkomst was with this zorgkantoor."""
    vorig = ronde.inschrijfjaar
    registratie = registratie_van(zorgaanbieder, zorgkantoor, ronde)
    vorig_jaar = list(Overeenkomst.objects.filter(
        zorgaanbieder=zorgaanbieder, ingangsdatum__lte=date(vorig, 12, 31), einddatum__gte=date(vorig, 1, 1))
        .select_related("zorgkantoor").order_by("-einddatum", "pk"))
    zzp_vpt = [v for v in registratie.leveringsvormen if v in ZZP_VPT]
    if zzp_vpt and vorig_jaar and all(o.alleen_extramuraal for o in vorig_jaar):
        vormen = sorted({v for o in vorig_jaar for v in o.leveringsvormen})
        return TypeUitkomst("nz", (
            f"U had voor {vorig} alleen overeenkomsten voor extramurale zorg ({_namen(vormen, LEVERINGSVORMEN)}) "
            f"en schrijft nu in voor {_namen(zzp_vpt, LEVERINGSVORMEN)}; u bent nieuw zzp/vpt en levert de "
            f"bewijsstukken van een nieuwe zorgaanbieder (inkoopkader 2016 §2.2.2)."))

    sectoren = registratie.sectoren
    hier = [o for o in vorig_jaar if o.zorgkantoor_id == zorgkantoor.pk
            and (o.declaraties_sinds is not None or o.budget_overheveling)]
    ontbrekend = [s for s in sectoren if not any(o.dekt_sector(s) for o in hier)] if hier else list(sectoren)
    if hier and not ontbrekend:
        grond = ("waaronder zorg is geleverd" if any(o.declaraties_sinds is not None for o in hier)
                 else "met een productieafspraak uit overgeheveld budget")
        if not sectoren:
            return TypeUitkomst("b", f"U had voor {vorig} een overeenkomst met {zorgkantoor} {grond}; u bent een "
                                     f"bestaande zorgaanbieder (inkoopkader 2016 §2.2.2).")
        return TypeUitkomst("b", (
            f"U had voor {vorig} een overeenkomst met {zorgkantoor} voor {_namen(sectoren, SECTOREN)} {grond}; u bent "
            f"een bestaande zorgaanbieder (inkoopkader 2016 §2.2.2)."))

    elders = [o for o in vorig_jaar if o.zorgkantoor_id != zorgkantoor.pk and o.declaraties_sinds is not None]
    dezelfde_zorg = [o for o in elders if all(o.dekt_sector(s) for s in ontbrekend)]
    if dezelfde_zorg:
        if not sectoren:
            return TypeUitkomst("nr", f"U had voor {vorig} een overeenkomst met {dezelfde_zorg[0].zorgkantoor}, niet "
                                      f"met {zorgkantoor}; u bent nieuw in de regio (inkoopkader 2016 §2.2.2).")
        return TypeUitkomst("nr", (
            f"U had voor {vorig} een overeenkomst met {dezelfde_zorg[0].zorgkantoor} voor "
            f"{_namen(ontbrekend, SECTOREN)}, maar niet met {zorgkantoor} voor die zorg; u bent nieuw in de regio "
            f"(inkoopkader 2016 §2.2.2)."))
    if sectoren and (hier or elders):
        return TypeUitkomst("gn", (
            f"U had voor {vorig} geen overeenkomst waaronder zorg is geleverd voor {_namen(ontbrekend, SECTOREN)}; "
            f"voor die zorg bent u een geheel nieuwe zorgaanbieder (inkoopkader 2016 §2.2.2)."))
    return TypeUitkomst("gn", f"U had voor {vorig} met geen enkel zorgkantoor een overeenkomst waaronder zorg is "
                              f"geleverd; u bent een geheel nieuwe zorgaanbieder (inkoopkader 2016 §2.2.2).")


def _bepaal_2022(zorgaanbieder, zorgkantoor, ronde, dag) -> TypeUitkomst:
    jaar = ronde.inschrijfjaar
    jan1 = date(jaar, 1, 1)
    lopend = list(Overeenkomst.objects.filter(zorgaanbieder=zorgaanbieder).lopend_op(dag)
                  .select_related("zorgkantoor").order_by("-einddatum"))

    hier = [o for o in lopend if o.zorgkantoor_id == zorgkantoor.pk]
    if hier:
        o = hier[0]
        if o.einddatum >= ronde.contractjaar_start:
            return TypeUitkomst("1a", (
                f"U heeft een meerjarige overeenkomst met {zorgkantoor} van {_d(o.ingangsdatum)} tot en met "
                f"{_d(o.einddatum)}, die doorloopt in {ronde.contractjaar}; u bent bestaand voor het zorgkantoor "
                f"en kunt volstaan met een instemmingsverklaring (inkoopkader §4.3 en §4.5)."))
        return TypeUitkomst("1b", (
            f"U heeft een overeenkomst met {zorgkantoor} tot en met {_d(o.einddatum)}; u bent bestaand voor het "
            f"zorgkantoor en dient een bestuursverklaring in (inkoopkader §4.3 en §4.5)."))

    elders_heel_jaar = [o for o in lopend if o.dekt_jaar(jaar)]
    declarerend = [o for o in elders_heel_jaar if o.declaraties_sinds is not None and o.declaraties_sinds <= jan1]
    if declarerend:
        o = declarerend[0]
        return TypeUitkomst("2", (
            f"U heeft geen overeenkomst met {zorgkantoor}, maar wel met {o.zorgkantoor} voor heel {jaar} "
            f"({_d(o.ingangsdatum)} tot en met {_d(o.einddatum)}) en declareert zorgkosten sinds "
            f"{_d(o.declaraties_sinds)}; u bent bestaand maar nieuw voor het zorgkantoor (inkoopkader §4.3)."))

    if not lopend:
        reden = ("U heeft op dit moment met geen enkel zorgkantoor een Wlz-overeenkomst; u bent een nieuwe "
                 "zorgaanbieder (inkoopkader §4.3).")
    elif elders_heel_jaar:
        o = elders_heel_jaar[0]
        reden = (f"U heeft een overeenkomst met {o.zorgkantoor} voor heel {jaar}, maar declareert daaronder niet "
                 f"sinds 1 januari {jaar}; voor {zorgkantoor} bent u een nieuwe zorgaanbieder (inkoopkader §4.3).")
    else:
        o = lopend[0]
        reden = (f"Uw overeenkomst met {o.zorgkantoor} ({_d(o.ingangsdatum)} tot en met {_d(o.einddatum)}) dekt "
                 f"niet heel {jaar}; voor {zorgkantoor} bent u een nieuwe zorgaanbieder (inkoopkader §4.3).")
    return TypeUitkomst("3", reden)
