"""Which kwaliteitskaders and themes apply to an inschrijving (reads only; the writes are in kwaliteit_diensten).

The sectors are the aanbieder's own choice on the zelfanalyse page, or else those of its ondernemingsplan
(types 1a/1b have no plan, so they choose them on the page). With several sectors the dominant verstrekking
leads (``kwaliteit.selectors.kaders_voor_sectoren``); the aanbieder may add further kaders. The zelfanalyse
is required for the themes of the dominant sector's leading kader.
"""

from dataclasses import dataclass, field

from inschrijving.models import Inschrijving, KwaliteitKeuze, Ondernemingsplan
from kwaliteit.models import Kader, Thema
from kwaliteit.selectors import SECTOREN, kaders_voor_sectoren


def thema_code(thema: Thema) -> str:
    """A theme's code in the dossier: unique over all kaders."""
    return f"{thema.kader.code}/{thema.code}"


@dataclass
class Toepassing:
    sectoren: list[str]
    dominante_sector: str | None
    kaders: list[Kader] = field(default_factory=list)
    leidend: Kader | None = None  # the dominant sector's leading kader: its themes are required

    def vereiste_themas(self) -> list[Thema]:
        return list(self.leidend.themas.select_related("kader").order_by("volgorde")) if self.leidend else []


def keuze_van(inschrijving: Inschrijving) -> KwaliteitKeuze | None:
    return KwaliteitKeuze.objects.filter(inschrijving=inschrijving).first()


def toepassing_van(inschrijving: Inschrijving) -> Toepassing:
    keuze = keuze_van(inschrijving)
    sectoren = list(keuze.sectoren) if keuze and keuze.sectoren else []
    if not sectoren:
        plan = Ondernemingsplan.objects.filter(inschrijving=inschrijving).first()
        sectoren = list(plan.sectoren) if plan else []
    sectoren = [s for s in dict.fromkeys(sectoren) if s in SECTOREN]
    dominant = keuze.dominante_sector if keuze and keuze.dominante_sector in sectoren else None
    if dominant is None and len(sectoren) == 1:
        dominant = sectoren[0]
    kaders = kaders_voor_sectoren(sectoren, dominant) if sectoren else []
    if keuze and keuze.pk:
        bekend = {k.code for k in kaders}
        for kader in keuze.extra_kaders.filter(actief=True).order_by("sector", "volgorde", "code", "-jaar"):
            if kader.code not in bekend:
                bekend.add(kader.code)
                kaders.append(kader)
    leidend = next((k for k in kaders if k.sector == dominant), None) if dominant else None
    return Toepassing(sectoren=sectoren, dominante_sector=dominant, kaders=kaders, leidend=leidend)
