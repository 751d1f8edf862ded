"""The agenda of the gesprek, generated from the kwaliteitskader(s) in the submitted dossier and the zelfanalyse.

000 "Hoe te gebruiken?! 1/2": the zorgkantoor holds the dialogue along the kwaliteitsuitgangspunten, and "Dit gesprek
start met de vraag: Hoe zorgt de zorgaanbieder dat deze voldoet aan de kwaliteitsuitgangspunten GGZ Wlz?". Per theme
the agenda puts that question (for another kader: the same question with its name) beside the aanbieder's own
analysis, the ontwikkelplan proposals for the theme and the finding recorded so far
(``Gesprek.bevindingen_per_thema``).

Which themes: every theme of the leading kader (the dominant sector's, first in the snapshot), the themes the
round required a zelfanalyse for, and the themes of the other applicable kaders that the aanbieder filled in (a
zelfanalyse or a proposal). The kaders come from the snapshot (``regels["kwaliteitskaders"]``); a dossier without
them falls back on the sectors of its ondernemingsplan. Order: kader as applicable, theme by ``volgorde``.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from beoordeling.models import Beoordeling
from inschrijving.models import Zelfanalyse
from inschrijving.models.kwaliteit import Niveau
from kwaliteit.models import Kader
from kwaliteit.selectors import SECTOREN, kaders_voor_sectoren

GGZ_WLZ = "ggz-wlz"
# The five elements of the zelfanalyse (004 §2.2.3), in the order of the form; niveau and its toelichting are one.
ELEMENTEN = ("invulling", "sterktes_ontwikkelpunten", "clientervaring", "niveau", "gegevens")


@dataclass
class AgendaPunt:
    code: str  # "kadercode/themacode", as in the dossier
    kader_code: str
    kader_naam: str
    thema: str
    doel: str
    essentie: str
    omschrijving: str
    vraag: str
    leidend: bool  # a theme of the leading kader
    zelfanalyse: list[tuple[str, str]] | None  # (label, text) per element; None: no zelfanalyse submitted
    voorstellen: list[dict] = field(default_factory=list)
    bevinding: str = ""
    # Items with a doel/essentie of their own (the onderwerpen of GZ niveau 2): {"naam", "doel", "essentie"}.
    onderdelen: list[dict] = field(default_factory=list)

    @property
    def geen_zelfanalyse(self) -> str:
        return _("Geen zelfanalyse ingediend")


def vraag_voor(kader: Kader) -> str:
    """The opening question of the dialogue, literally 000's for the GGZ kwaliteitsuitgangspunten."""
    if kader.code == GGZ_WLZ:
        return _("Hoe zorgt de zorgaanbieder dat deze voldoet aan de kwaliteitsuitgangspunten GGZ Wlz?")
    return _("Hoe zorgt de zorgaanbieder dat deze voldoet aan de kwaliteitsuitgangspunten van het kader "
             "“%(kader)s”?") % {"kader": kader.naam}


def _kader(code: str, jaar) -> Kader | None:
    kaders = Kader.objects.filter(code=code)
    return kaders.filter(jaar=jaar).first() or kaders.order_by("-jaar").first()


def kaders_van(snapshot: dict) -> list[Kader]:
    """The applicable kaders of the submitted dossier, the leading one first."""
    regels = snapshot.get("regels") or {}
    kaders = [k for k in (_kader(r.get("code"), r.get("jaar")) for r in regels.get("kwaliteitskaders") or [])
              if k is not None]
    if kaders:
        return list({k.pk: k for k in kaders}.values())
    sectoren = [s for s in dict.fromkeys((snapshot.get("ondernemingsplan") or {}).get("sectoren") or [])
                if s in SECTOREN]
    if not sectoren:
        return []
    dominant = regels.get("dominante_sector")
    return kaders_voor_sectoren(sectoren, dominant if dominant in sectoren else None)


def _elementen(gegevens: dict) -> list[tuple[str, str]]:
    velden = {f.name: f.verbose_name for f in Zelfanalyse._meta.get_fields() if hasattr(f, "verbose_name")}
    regels = []
    for element in ELEMENTEN:
        tekst = str(gegevens.get(element) or "").strip()
        if element == "niveau":
            niveau = dict(Niveau.choices).get(tekst, tekst)
            toelichting = str(gegevens.get("niveau_toelichting") or "").strip()
            tekst = " – ".join(str(t) for t in (niveau, toelichting) if t)
        regels.append((str(velden[element]).capitalize(), tekst or "—"))
    return regels


def agenda(beoordeling: Beoordeling) -> list[AgendaPunt]:
    snapshot = beoordeling.indiening.snapshot or {}
    regels = snapshot.get("regels") or {}
    zelfanalyse = snapshot.get("zelfanalyse") or {}
    voorstellen = [v for v in snapshot.get("ontwikkelplan") or [] if v.get("thema")]
    vereist = set(regels.get("zelfanalyse_themas") or [])
    gesprek = getattr(beoordeling, "gesprek", None)
    bevindingen = (gesprek.bevindingen_per_thema if gesprek else None) or {}

    punten = []
    for index, kader in enumerate(kaders_van(snapshot)):
        for thema in kader.themas.prefetch_related("items").order_by("volgorde", "pk"):
            code = f"{kader.code}/{thema.code}"
            eigen = [v for v in voorstellen if v["thema"] == code]
            if index and code not in vereist and code not in zelfanalyse and not eigen:
                continue
            punten.append(AgendaPunt(
                code=code, kader_code=kader.code, kader_naam=kader.naam, thema=thema.naam, doel=thema.doel,
                essentie=thema.essentie, omschrijving=thema.omschrijving, vraag=vraag_voor(kader),
                leidend=index == 0, zelfanalyse=_elementen(zelfanalyse[code]) if code in zelfanalyse else None,
                voorstellen=[{"doel": v.get("doel", ""), "aanpak": v.get("aanpak", "")} for v in eigen],
                bevinding=str(bevindingen.get(code) or ""),
                onderdelen=[{"naam": item.tekst, "doel": item.doel, "essentie": item.essentie}
                            for item in sorted(thema.items.all(), key=lambda item: (item.volgorde, item.pk))
                            if item.doel or item.essentie]))
    return punten
