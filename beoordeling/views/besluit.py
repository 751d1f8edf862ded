"""The zorginkoper's side of the decision: the system's proposal, proposing (the same or, with a written
reason, another), and the colleague's approval (four eyes). Thin over ``beoordeling.services``.

The panel ``beoordeling/_besluit.html`` is included in the assessment page with only ``beoordeling`` in
its context; it then loads itself from ``besluit?fragment=1`` (htmx), which adds the computed proposal and the
forms. Without JavaScript the same view is a page of its own. A successful POST returns to the assessment page.
"""

import logging
from functools import cache

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from beoordeling import services
from beoordeling.besluitregels import bereken_voorstel
from beoordeling.brief import datum
from beoordeling.models import Beoordeling, Besluit, Fase
from beoordeling.ontwikkelplan import voorgestelde_opslag
from beoordeling.selectors import beoordelingen_voor
from beoordeling.views.aanbod import samenvatting
from inschrijving.models import OvereenkomstSoort
from inschrijving.views.basis import zorgkantoor_vereist

log = logging.getLogger(__name__)

PANEEL = "beoordeling/_besluit.html"
# The generic proposal form; an incomplete inschrijving's proposal is confirmed in ``beoordeling.views.onvolledig``.
VOORSTELBAAR = (Fase.BESLUIT,)


class VoorstelForm(forms.Form):
    soort = forms.ChoiceField(label=gettext_lazy("Besluit"), choices=OvereenkomstSoort.choices)
    afwijkingsreden = forms.CharField(
        label=gettext_lazy("Reden van afwijken van het voorstel"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Verplicht als u een ander besluit kiest dan het systeem voorstelt. De reden blijft "
                               "intern; alleen bij een afwijzing zonder redenen uit de beoordeling wordt zij als "
                               "reden in de brief genoemd."))
    # The bounds are the service's to enforce (and to explain); the widget only hints them.
    opslag = forms.DecimalField(label=gettext_lazy("Opslag op het basistarief (%)"), required=False, localize=True,
                                decimal_places=2, max_digits=4)

    def __init__(self, *args, voorstel, regelset, beoordeling=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].initial = voorstel.soort
        self.fields["soort"].choices = [
            (code, f"{label} ({_('voorstel van het systeem')})" if code == voorstel.soort else label)
            for code, label in OvereenkomstSoort.choices]
        if voorstel.met_opslag and regelset is not None:
            maximum = regelset.max_opslag
            # The opslag the scored ontwikkelplan determined (004 §2.2.3), else 0.
            self.fields["opslag"].initial = voorgestelde_opslag(beoordeling) if beoordeling is not None else 0
            self.fields["opslag"].help_text = _("Ten hoogste %(max)s%% (regelset %(naam)s).") % {
                "max": str(maximum).replace(".", ","), "naam": regelset.naam}
            self.fields["opslag"].widget.attrs.update({"inputmode": "decimal"})
        else:
            del self.fields["opslag"]


def _beoordeling(request, pk) -> Beoordeling:
    return get_object_or_404(beoordelingen_voor(request.user).select_related(
        "inschrijving__ronde", "inschrijving__zorgkantoor", "inschrijving__zorgaanbieder", "indiening"), pk=pk)


def _besluit(beoordeling: Beoordeling) -> Besluit | None:
    return (Besluit.objects.select_related("voorgesteld_door", "goedgekeurd_door", "reactie_door",
                                           "beoordeling__inschrijving__ronde")
            .filter(beoordeling=beoordeling).first())


def _terug(request) -> str:
    """The page the form was on (the assessment page), if it is one of ours."""
    doel = request.POST.get("next") or request.GET.get("next") or ""
    if doel and url_has_allowed_host_and_scheme(doel, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return doel
    return ""


def _klaar(request, beoordeling: Beoordeling):
    doel = _terug(request) or reverse("beoordeling:beoordeling", args=[beoordeling.pk])
    return redirect(doel.split("#", 1)[0] + "#besluit")


def voorstel_weergave(voorstel: dict, ronde) -> dict:
    """A proposal (computed, or as stored on the Besluit) as the panel shows it."""
    soort = voorstel["soort"]
    begin, einde = services.looptijd_van(ronde, soort, voorstel.get("looptijd_jaren"))
    return {
        **voorstel,
        "label": OvereenkomstSoort(soort).label,
        "positief": soort != OvereenkomstSoort.AFWIJZING,
        "begin": datum(begin),
        "einde": datum(einde),
        "voorwaarden": [{**v, "datum": datum(v.get("vervaldatum"))} for v in voorstel.get("voorwaarden", [])],
    }


def _context(request, beoordeling: Beoordeling, form: VoorstelForm | None = None) -> dict:
    besluit = _besluit(beoordeling)
    ronde = beoordeling.inschrijving.ronde
    context = {"beoordeling": beoordeling, "besluit": besluit, "besluitpaneel": True,
               "terug": _terug(request) or reverse("beoordeling:beoordeling", args=[beoordeling.pk])}
    if besluit is None:
        kan_voorstellen = beoordeling.fase in VOORSTELBAAR
        context["kan_voorstellen"] = kan_voorstellen
        if kan_voorstellen:
            voorstel = bereken_voorstel(beoordeling)
            context["voorstel"] = voorstel_weergave(voorstel.als_dict(), ronde)
            context["form"] = form or VoorstelForm(voorstel=voorstel, regelset=beoordeling.inschrijving.regelset(),
                                                   beoordeling=beoordeling)
        return context
    context.update({
        # The zorginkoper's reason for "niet in behandeling" (on the step-1 run), when this decision is that.
        "bevestiging": beoordeling.volledigheidscontroles.filter(bevestigd_op__isnull=False)
        .select_related("bevestigd_door").first(),
        "voorstel": voorstel_weergave(besluit.voorstel, ronde),
        "samenvatting": samenvatting(besluit),
        "afwijkend": besluit.soort != besluit.voorstel.get("soort"),
        "kan_goedkeuren": not besluit.goedgekeurd_op and besluit.voorgesteld_door_id != request.user.pk,
    })
    return context


@cache
def _pagina_sjabloon():
    return engines["django"].from_string(
        '{% extends "base.html" %}{% load i18n %}'
        '{% block title %}{% translate "Besluit" %} – {{ beoordeling.inschrijving.zorgaanbieder.statutaire_naam }}'
        ' – {{ block.super }}{% endblock %}'
        '{% block content %}<nav aria-label="{% translate \'Kruimelpad\' %}"><ol class="breadcrumb">'
        '<li class="breadcrumb-item"><a href="{% url \'beoordeling:start\' %}">{% translate "Beoordeling" %}</a></li>'
        '<li class="breadcrumb-item"><a href="{{ terug }}">{{ beoordeling.inschrijving.zorgaanbieder.statutaire_naam }}'
        '</a></li><li class="breadcrumb-item active" aria-current="page">{% translate "Besluit" %}</li></ol></nav>'
        '<h1 class="h3">{% translate "Besluit" %} <small class="text-body-secondary d-block fs-5">'
        '{{ beoordeling.inschrijving.zorgaanbieder.statutaire_naam }} · {{ beoordeling.inschrijving.ronde.naam }} · '
        '{{ beoordeling.get_fase_display }}</small></h1>'
        '{% include "beoordeling/_besluit.html" %}{% endblock %}')


def _render(request, beoordeling: Beoordeling, form: VoorstelForm | None = None) -> HttpResponse:
    """The panel alone with ``?fragment=1`` (loaded into the assessment page), else a page of its own."""
    context = _context(request, beoordeling, form)
    if request.method == "GET" and request.GET.get("fragment"):
        return HttpResponse(render_to_string(PANEEL, context, request))
    return HttpResponse(_pagina_sjabloon().render(context, request))


@zorgkantoor_vereist
def besluit(request, pk):
    return _render(request, _beoordeling(request, pk))


def _fouten(request, form: forms.Form, fout: ValidationError) -> None:
    if hasattr(fout, "error_dict"):
        for veld, berichten in fout.message_dict.items():
            for bericht in berichten:
                if veld in form.fields:
                    form.add_error(veld, bericht)
                else:
                    messages.error(request, bericht)
    else:
        for bericht in fout.messages:
            messages.error(request, bericht)


@zorgkantoor_vereist
@require_POST
def voorstellen(request, pk):
    beoordeling = _beoordeling(request, pk)
    if beoordeling.fase not in VOORSTELBAAR or _besluit(beoordeling):
        messages.error(request, _("Een besluit kan nu niet (meer) worden voorgesteld."))
        return _klaar(request, beoordeling)
    voorstel = bereken_voorstel(beoordeling)
    form = VoorstelForm(request.POST, voorstel=voorstel, regelset=beoordeling.inschrijving.regelset())
    if form.is_valid():
        try:
            services.voorstellen(beoordeling=beoordeling, door=request.user, soort=form.cleaned_data["soort"],
                                 afwijkingsreden=form.cleaned_data["afwijkingsreden"],
                                 opslag=form.cleaned_data.get("opslag") or 0)
        except ValidationError as fout:
            _fouten(request, form, fout)
        else:
            messages.success(request, _("Het besluit is voorgesteld. Een collega keurt het goed (vier ogen)."))
            return _klaar(request, beoordeling)
    return _render(request, beoordeling, form)


@zorgkantoor_vereist
@require_POST
def goedkeuren(request, pk):
    beoordeling = _beoordeling(request, pk)
    besluit = _besluit(beoordeling)
    if besluit is None:
        messages.error(request, _("Er is nog geen besluit voorgesteld."))
        return _klaar(request, beoordeling)
    try:
        services.goedkeuren(besluit=besluit, door=request.user)
    except ValidationError as fout:
        for bericht in fout.messages:
            messages.error(request, bericht)
    except Exception:
        # The approval is committed; only the letter or its e-mail after commit failed. The letter is
        # made again on its first download.
        if not Besluit.objects.filter(pk=besluit.pk, goedgekeurd_op__isnull=False).exists():
            raise
        log.exception("Besluitbrief voor besluit %s mislukt", besluit.pk)
        messages.warning(request, _("Het besluit is goedgekeurd, maar de brief kon niet worden gemaakt of verstuurd. "
                                    "Meld dit aan de beheerder."))
    else:
        messages.success(request, _("Het besluit is goedgekeurd. De brief is gemaakt en per e-mail verstuurd aan de "
                                    "gebruikers van de zorgaanbieder."))
    return _klaar(request, beoordeling)
