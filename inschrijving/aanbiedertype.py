"""The aanbieder type per zorgkantoor per round, from the contract history (seed 002 §4.3).

The *inschrijfjaar* is the year before the contract year; the moment that counts is the moment of
inschrijving. The reason is returned in plain Dutch, naming the overeenkomst it rests on.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from inschrijving.models import AanbiederType, Inkoopronde, Overeenkomst, Zorgaanbieder, Zorgkantoor


@dataclass(frozen=True)
class TypeUitkomst:
    type: str
    reden: str

    @property
    def label(self) -> str:
        return AanbiederType(self.type).label


def _d(dag: date) -> str:
    return dag.strftime("%d-%m-%Y")


def bepaal_type(*, zorgaanbieder: Zorgaanbieder, zorgkantoor: Zorgkantoor, ronde: Inkoopronde,
                moment: datetime | None = None) -> TypeUitkomst:
    """The type under the taxonomy of the round's rule set (2022 by default, or 2016)."""
    dag = timezone.localtime(moment or timezone.now()).date()
    regelset = ronde.regelset_voor(zorgkantoor)
    if regelset is not None and regelset.kader == "2016":
        return _bepaal_2016(zorgaanbieder, zorgkantoor, ronde)
    return _bepaal_2022(zorgaanbieder, zorgkantoor, ronde, dag)


def _bepaal_2016(zorgaanbieder, zorgkantoor, ronde) -> TypeUitkomst:
    """004 §2.2.2: bestaand is an overeenkomst for the previous year with this zorgkantoor with production
    delivered; nieuw in de regio is contracted and producing elsewhere; otherwise geheel nieuw (working only
    as onderaannemer, in the zzp pilot or for pgb clients counts as geheel nieuw)."""
    vorig = ronde.inschrijfjaar
    productief = [o for o in Overeenkomst.objects.filter(
        zorgaanbieder=zorgaanbieder, ingangsdatum__lte=date(vorig, 12, 31), einddatum__gte=date(vorig, 1, 1),
        declaraties_sinds__isnull=False).select_related("zorgkantoor")]
    hier = [o for o in productief if o.zorgkantoor_id == zorgkantoor.pk]
    if hier:
        return TypeUitkomst("b", f"U had voor {vorig} een overeenkomst met {zorgkantoor} waaronder zorg is geleverd; "
                                 f"u bent een bestaande zorgaanbieder (inkoopkader 2016 §2.2.2).")
    if productief:
        return TypeUitkomst("nr", f"U had voor {vorig} een overeenkomst met {productief[0].zorgkantoor}, niet met "
                                  f"{zorgkantoor}; u bent nieuw in de regio (inkoopkader 2016 §2.2.2).")
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
