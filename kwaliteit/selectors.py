"""Which kwaliteitskaders apply to a zorgaanbieder, from the sectors in its ondernemingsplan.

Sector → kaders is data (``Kader.sector``, ``rol``, ``volgorde``): vv → the V&V kwaliteitsplan (002 §3.2.1);
gz → the three GZ niveaus (004 ch. 3); ggz → the voorlopige kwaliteitsuitgangspunten (000) lead, supported by
the GGZ kwaliteitsstandaarden (001; 000 bijlage 2 asks GGZ providers for "multidisciplinaire richtlijnen en
standaarden") and then the Keurmerk Basis GGZ (003; written for the generalistische basis-GGZ, outside the
Wlz, so a reference for the dialogue rather than a requirement).
"""

from kwaliteit.models import Kader, Rol, Sector

SECTOREN = (Sector.VV, Sector.GZ, Sector.GGZ)


def kaders_voor_sectoren(sectoren: list[str], dominant: str | None = None, *, jaar: int | None = None) -> list[Kader]:
    """The active kaders for these sectors ("vv", "gz", "ggz"), the dominant sector's first.

    Per sector its leidende kader comes first and its ondersteunende kaders follow; kaders for sector
    "algemeen" close the list. Of each kader the newest active version is taken, or with ``jaar``
    the newest up to that year. Without a dominant sector the sectors keep the order given.
    """
    volgorde_sectoren = list(dict.fromkeys(sectoren))
    onbekend = [sector for sector in volgorde_sectoren if sector not in SECTOREN]
    if onbekend:
        raise ValueError(f"Onbekende sector(en): {', '.join(onbekend)}")
    if dominant is not None:
        if dominant not in volgorde_sectoren:
            raise ValueError(f"De dominante sector {dominant!r} staat niet in de sectoren.")
        # 000 "Hoe te gebruiken?! 2/2": "Indien bij een aanbieder meerdere kwaliteitskaders van toepassing zijn,
        # geldt dat de dominante verstrekking leidend is." So the dominant sector's kaders come first.
        volgorde_sectoren.remove(dominant)
        volgorde_sectoren.insert(0, dominant)
    if not volgorde_sectoren:
        return []
    rang = {sector: index for index, sector in enumerate([*volgorde_sectoren, Sector.ALGEMEEN])}

    kaders = Kader.objects.filter(actief=True, sector__in=list(rang))
    if jaar is not None:
        kaders = kaders.filter(jaar__lte=jaar)
    nieuwste: dict[str, Kader] = {}
    for kader in kaders.order_by("code", "-jaar"):
        nieuwste.setdefault(kader.code, kader)
    return sorted(nieuwste.values(),
                  key=lambda kader: (rang[kader.sector], kader.rol != Rol.LEIDEND, kader.volgorde, kader.code))
