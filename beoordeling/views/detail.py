"""One assessment for the zorginkoper: the recorded results per step with their evidence, the checklist,
the submitted documents and the full history. Viewing it is written to the audit trail."""

import functools
from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from beoordeling import audit, services
from beoordeling.models import AuditRegel, Beoordeling, Fase, Toetsresultaat, Uitkomst, Verduidelijkingsverzoek
from beoordeling.selectors import beoordelingen_voor, voor_tabel
from inschrijving.evaluator import CONTROLE, VOLLEDIGHEID
from inschrijving.views.basis import zorgkantoor_vereist

STAPPEN = [(VOLLEDIGHEID, gettext_lazy("Stap 1: volledigheid")),
           (CONTROLE, gettext_lazy("Stap 2: controle verklaring en documenten"))]


class ResultaatForm(forms.Form):
    uitkomst = forms.ChoiceField(label=gettext_lazy("Oordeel"), widget=forms.RadioSelect,
                                 choices=[(Uitkomst.VOLDOET, Uitkomst.VOLDOET.label),
                                          (Uitkomst.VOLDOET_NIET, Uitkomst.VOLDOET_NIET.label)])
    toelichting = forms.CharField(label=gettext_lazy("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=gettext_lazy("Verplicht: waarop berust uw oordeel?"))


class SignaalForm(forms.Form):
    """Weighing one signal where no gesprek follows (``services.signaal_wegen``)."""

    bezwaar = forms.TypedChoiceField(
        label=gettext_lazy("Weging"), widget=forms.RadioSelect, coerce=lambda waarde: waarde == "ja",
        choices=[("nee", gettext_lazy("Geen bezwaar: het signaal staat een overeenkomst niet in de weg")),
                 ("ja", gettext_lazy("Bezwaar: een reden voor afwijzing"))])
    bevinding = forms.CharField(label=gettext_lazy("Afweging"), widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=gettext_lazy("Verplicht: hoe weegt u dit signaal, en waarom? Dit komt in "
                                                       "het voorstel en in de brief."))


def _signaal_prefix(resultaat_pk: int) -> str:
    return f"signaal-{resultaat_pk}"


def _prefix(resultaat_pk: int) -> str:
    return f"resultaat-{resultaat_pk}"


def _beoordeling(request, pk: int, *meer: str) -> Beoordeling:
    """``meer``: further relations to load in the same query (what the page shows, for the page itself)."""
    return get_object_or_404(voor_tabel(beoordelingen_voor(request.user)).select_related("indiening", *meer), pk=pk)


def _pagina(request, beoordeling: Beoordeling, *, ongeldig: tuple[int, ResultaatForm] | None = None, status=200,
            extra: dict | None = None):
    """The detail page; ``ongeldig`` is a posted form to show again with its errors beside the fields, ``extra``
    the context of the step-1 block with a posted form (``beoordeling.views.onvolledig``)."""
    from beoordeling.views.onvolledig import context_voor

    bewerkbaar = beoordeling.fase == Fase.CONTROLE
    # What the included templates loop over (the results up to three times, the requests with who asked and who
    # answered), loaded once each rather than once per loop or per row.
    prefetch_related_objects([beoordeling], Prefetch(
        "resultaten", queryset=Toetsresultaat.objects.select_related("besloten_door").order_by("stap", "pk")), Prefetch(
        "verduidelijkingen", queryset=Verduidelijkingsverzoek.objects.select_related(
            "gesteld_door", "beantwoord_door", "geoordeeld_door")))
    alle = list(beoordeling.resultaten.all())
    # Signals are weighed here where no gesprek follows, and in the gesprek where one does (002 §4.6).
    gesprek_nodig = functools.cache(lambda: services.gesprek_nodig(beoordeling))  # a query; only when asked
    hier_wegen = bewerkbaar and not gesprek_nodig()
    for resultaat in alle:
        weging = (beoordeling.signaal_oordelen or {}).get(resultaat.regel)
        resultaat.weging = ({**weging, "op": datetime.fromisoformat(weging["op"])}
                            if isinstance(weging, dict) and weging.get("op") else weging)
        resultaat.signaal_form = None
        if not bewerkbaar:
            resultaat.form = None
        elif resultaat.uitkomst == Uitkomst.SIGNAAL:
            resultaat.form = None
            if hier_wegen:
                resultaat.signaal_form = (ongeldig[1] if ongeldig and ongeldig[0] == resultaat.pk
                                          else SignaalForm(prefix=_signaal_prefix(resultaat.pk)))
        elif ongeldig and ongeldig[0] == resultaat.pk:
            resultaat.form = ongeldig[1]
        else:
            resultaat.form = ResultaatForm(prefix=_prefix(resultaat.pk))
    documenten = list(beoordeling.indiening.documenten.select_related("documenttype")
                      .order_by("documenttype__volgorde", "documenttype__naam"))
    open_items, tellingen = _open_items(alle, {d.pk: d for d in documenten}, gesprek=gesprek_nodig)
    open_pks = {r.pk for r in open_items}
    return render(request, "beoordeling/detail.html", {
        "beoordeling": beoordeling, "inschrijving": beoordeling.inschrijving,
        "open_items": open_items, "tellingen": tellingen,
        # Per step what is not open: decided or failed in view, the passed automatic checks collapsed.
        "stappen": [(code, label, [r for r in alle if r.stap == code and r.pk not in open_pks and not _geslaagd(r)],
                     [r for r in alle if r.stap == code and r.pk not in open_pks and _geslaagd(r)])
                    for code, label in STAPPEN],
        "aantal_handmatig_open": sum(1 for r in alle if r.uitkomst == Uitkomst.HANDMATIG),
        "signalen_in_gesprek": bewerkbaar and not hier_wegen,
        "bewerkbaar": bewerkbaar,
        "documenten": documenten,
        "geschiedenis": AuditRegel.objects.filter(inschrijving=beoordeling.inschrijving_id).select_related("door"),
        **(extra if extra is not None else context_voor(beoordeling)),
    }, status=status)


def _geslaagd(resultaat: Toetsresultaat) -> bool:
    """A passed automatic check (nobody decided it): collapsed on the page."""
    return resultaat.uitkomst == Uitkomst.VOLDOET and resultaat.besloten_door_id is None


def _open_items(resultaten, documenten: dict, *, gesprek):
    """What needs a person, in the order of the steps: each checklist item still to judge and each signal still to
    weigh (here, or in the gesprek: ``gesprek()`` says whether one follows), with the submitted document its evidence
    is in. Returns them and their counts."""
    items, tellingen = [], {"checklist": 0, "signaal": 0, "gesprek": 0}
    for r in resultaten:
        r.document = documenten.get((r.bewijs or {}).get("document_id"))
        if r.uitkomst == Uitkomst.HANDMATIG:
            soort = "checklist"
        elif r.uitkomst == Uitkomst.SIGNAAL and not r.weging:
            soort = "gesprek" if gesprek() else "signaal"
        else:
            continue
        tellingen[soort] += 1
        items.append(r)
    return items, tellingen


@zorgkantoor_vereist
def detail(request, pk):
    # The round's rule set, the gesprek and the besluit are on the page: one join each instead of a query each.
    beoordeling = _beoordeling(request, pk, "inschrijving__ronde__regelset", "gesprek", "besluit")
    zorgkantoor = beoordeling.inschrijving.zorgkantoor
    if request.user.zorgkantoor_id == zorgkantoor.pk:
        request.user.zorgkantoor = zorgkantoor  # the menu names it: the one just loaded, not another query
    audit.log(actie="beoordeling_bekeken", inschrijving=beoordeling.inschrijving, door=request.user)
    return _pagina(request, beoordeling)


def _vastleggen(request, pk, resultaat_pk, form_class, prefix, opslaan, gelukt: str):
    """Record one judgement on a result of the detail page: the form's errors beside its fields (400), a refusal of
    the service as a message, success back at the result."""
    beoordeling = _beoordeling(request, pk)
    resultaat = get_object_or_404(beoordeling.resultaten, pk=resultaat_pk)
    form = form_class(request.POST, prefix=prefix(resultaat.pk))
    if form.is_valid():
        try:
            opslaan(resultaat, form.cleaned_data)
        except ValidationError as fout:
            if hasattr(fout, "error_dict"):
                form.add_error(None, fout)
            else:
                messages.error(request, " ".join(fout.messages))
                return redirect("beoordeling:beoordeling", pk=beoordeling.pk)
        else:
            messages.success(request, gelukt % {"titel": resultaat.titel})
            return redirect(f"{reverse('beoordeling:beoordeling', args=[beoordeling.pk])}#resultaat-{resultaat.pk}")
    return _pagina(request, beoordeling, ongeldig=(resultaat.pk, form), status=400)


@zorgkantoor_vereist
@require_POST
def resultaat_vastleggen(request, pk, resultaat_pk):
    return _vastleggen(request, pk, resultaat_pk, ResultaatForm, _prefix, lambda resultaat, data: (
        services.resultaat_vastleggen(resultaat=resultaat, uitkomst=data["uitkomst"], toelichting=data["toelichting"],
                                      door=request.user)), _("Vastgelegd: %(titel)s."))


@zorgkantoor_vereist
@require_POST
def signaal_wegen(request, pk, resultaat_pk):
    return _vastleggen(request, pk, resultaat_pk, SignaalForm, _signaal_prefix, lambda resultaat, data: (
        services.signaal_wegen(resultaat=resultaat, bezwaar=data["bezwaar"], bevinding=data["bevinding"],
                               door=request.user)), _("Gewogen: %(titel)s."))


@zorgkantoor_vereist
@require_POST
def controle_afronden(request, pk):
    beoordeling = _beoordeling(request, pk)
    try:
        beoordeling = services.controle_afronden(beoordeling=beoordeling, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("Controle afgerond. De beoordeling staat nu in de fase: %(fase)s.") % {
            "fase": Fase(beoordeling.fase).label})
    return redirect("beoordeling:beoordeling", pk=beoordeling.pk)

