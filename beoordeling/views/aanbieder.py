"""The aanbieder's view of its assessments: where each stands, open verduidelijkingen, the gesprek and the offer."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from beoordeling.models import Beoordeling, Fase
from inschrijving.selectors import inschrijvingen_voor
from inschrijving.views.basis import aanbieder_vereist

# What the aanbieder is told about each phase (internal steps are not shown in detail).
AANBIEDER_LABELS = {
    Fase.NIEUW: _("In behandeling: controle op volledigheid"),
    # The proposal "niet in behandeling" is the zorgkantoor's to decide; the aanbieder hears it from the letter.
    Fase.VOORSTEL_NIET_IN_BEHANDELING: _("In behandeling: controle op volledigheid"),
    Fase.TOELICHTING: _("Het zorgkantoor vraagt u om een toelichting"),
    Fase.NIET_IN_BEHANDELING: _("Niet in behandeling genomen (onvolledig)"),
    Fase.CONTROLE: _("In behandeling: controle van de verklaring en de documenten"),
    Fase.GESPREK: _("Gesprek met het zorgkantoor"),
    Fase.BESLUIT: _("In behandeling: besluit wordt voorbereid"),
    Fase.GOEDKEURING: _("In behandeling: besluit wordt voorbereid"),
    Fase.AANGEBODEN: _("Aanbod ontvangen: reageer vóór de termijn"),
    Fase.GEACCEPTEERD: _("Aanbod geaccepteerd"),
    Fase.GEWEIGERD: _("Aanbod geweigerd"),
    Fase.AFGEWEZEN: _("Afgewezen"),
}


@aanbieder_vereist
def overzicht(request):
    beoordelingen = (Beoordeling.objects.filter(inschrijving__in=inschrijvingen_voor(request.user).values("pk"))
                     .select_related("inschrijving__ronde", "inschrijving__zorgkantoor", "besluit", "gesprek")
                     .prefetch_related("verduidelijkingen"))
    regels = [{"beoordeling": b, "status": AANBIEDER_LABELS[b.fase],
               "open_verzoeken": [v for v in b.verduidelijkingen.all() if v.open],
               "gesprek": getattr(b, "gesprek", None),
               "aanbod": b.fase in (Fase.AANGEBODEN, Fase.GEACCEPTEERD, Fase.GEWEIGERD, Fase.AFGEWEZEN,
                                    Fase.NIET_IN_BEHANDELING)}
              for b in beoordelingen]
    return render(request, "beoordeling/aanbieder_overzicht.html", {"regels": regels})
