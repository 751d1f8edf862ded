"""An incomplete inschrijving on the assessment page (002 §4.6): step 1 proposes "niet in behandeling"; the
zorginkoper confirms it with a reason (a colleague then approves it: four eyes, then the letter) or asks a
toelichting about a missing item, and later accepts the answer or not, with a reason. Thin over
``beoordeling.services`` and ``beoordeling.verduidelijking``; the block is ``beoordeling/_onvolledig.html``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from beoordeling import services
from beoordeling import verduidelijking as diensten
from beoordeling.models import Beoordeling, Fase, Oordeel, Uitkomst
from inschrijving.evaluator import VOLLEDIGHEID
from inschrijving.views.basis import fout_in_form, zorgkantoor_vereist


class BevestigForm(forms.Form):
    reden = forms.CharField(
        label=gettext_lazy("Reden om de inschrijving niet in behandeling te nemen"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Verplicht. Waarom vraagt het zorgkantoor geen toelichting? De reden blijft intern; "
                               "de brief noemt wat ontbreekt."),
        error_messages={"required": gettext_lazy(
            "Leg vast waarom het zorgkantoor de inschrijving niet in behandeling neemt en geen toelichting vraagt.")})


class OordeelForm(forms.Form):
    oordeel = forms.ChoiceField(label=gettext_lazy("Oordeel over het antwoord"), widget=forms.RadioSelect,
                                choices=Oordeel.choices,
                                error_messages={"required": gettext_lazy("Kies aanvaard of niet aanvaard.")})
    reden = forms.CharField(label=gettext_lazy("Reden"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=gettext_lazy("Verplicht: waarom aanvaardt u het antwoord wel of niet?"),
                            error_messages={"required": gettext_lazy(
                                "Leg uit waarom u het antwoord wel of niet aanvaardt.")})


def _prefix(verzoek_pk: int) -> str:
    return f"oordeel-{verzoek_pk}"


def context_voor(beoordeling: Beoordeling, *, bevestig_form: BevestigForm | None = None,
                 oordeel_form: tuple[int, OordeelForm] | None = None) -> dict:
    """What the detail page shows about step 1: every run (the earlier ones stay on record), and in the
    onvolledig phases the proposal with the missing items, the two choices and the toelichting requests."""
    controles = list(beoordeling.volledigheidscontroles.select_related("bevestigd_door").order_by("nummer"))
    context = {"controles": controles, "onvolledig_blok": beoordeling.fase in diensten.ONVOLLEDIG}
    if not context["onvolledig_blok"]:
        return context
    laatste = controles[-1] if controles else None
    verzoeken = list(beoordeling.verduidelijkingen.filter(volledigheidscontrole=laatste)
                     .select_related("beantwoord_door", "geoordeeld_door", "gesteld_door").order_by("gesteld_op", "pk"))
    for verzoek in verzoeken:
        if oordeel_form and oordeel_form[0] == verzoek.pk:
            verzoek.oordeel_form = oordeel_form[1]
        elif verzoek.wacht_op_oordeel and beoordeling.fase == Fase.TOELICHTING:
            verzoek.oordeel_form = OordeelForm(prefix=_prefix(verzoek.pk))
        else:
            verzoek.oordeel_form = None
    context.update({
        "ontbrekend": list(beoordeling.resultaten.filter(stap=VOLLEDIGHEID, uitkomst=Uitkomst.VOLDOET_NIET)
                           .order_by("pk")),
        "laatste_controle": laatste,
        "toelichtingen": verzoeken,
        "bevestig_form": bevestig_form or BevestigForm(),
        "kan_bevestigen": beoordeling.fase == Fase.VOORSTEL_NIET_IN_BEHANDELING,
    })
    return context


def _beoordeling(request, pk) -> Beoordeling:
    from beoordeling.views.detail import _beoordeling as detail_beoordeling

    return detail_beoordeling(request, pk)


def _terug(beoordeling: Beoordeling, anker: str = "onvolledig"):
    return redirect(f"{reverse('beoordeling:beoordeling', args=[beoordeling.pk])}#{anker}")


def _opnieuw(request, beoordeling: Beoordeling, **kwargs):
    from beoordeling.views.detail import _pagina

    return _pagina(request, beoordeling, status=400, extra=context_voor(beoordeling, **kwargs))




@zorgkantoor_vereist
@require_POST
def bevestigen(request, pk):
    """Choice (a): confirm "niet in behandeling" with a reason; it then waits for a colleague's approval."""
    beoordeling = _beoordeling(request, pk)
    form = BevestigForm(request.POST)
    if form.is_valid():
        try:
            services.voorstellen(beoordeling=beoordeling, door=request.user, reden=form.cleaned_data["reden"])
        except ValidationError as fout:
            fout_in_form(form, fout)
        else:
            messages.success(request, _("Voorgesteld: niet in behandeling. Een collega keurt het besluit goed (vier "
                                        "ogen); pas dan gaat de brief naar de zorgaanbieder."))
            return _terug(beoordeling, "besluit")
    return _opnieuw(request, beoordeling, bevestig_form=form)


@zorgkantoor_vereist
@require_POST
def oordelen(request, pk, verzoek_pk):
    """Accept the answer to a toelichting, or not, with a reason."""
    beoordeling = _beoordeling(request, pk)
    verzoek = get_object_or_404(beoordeling.verduidelijkingen, pk=verzoek_pk)
    form = OordeelForm(request.POST, prefix=_prefix(verzoek.pk))
    if form.is_valid():
        try:
            gevolg = diensten.toelichting_beoordelen(verzoek=verzoek, door=request.user,
                                                     aanvaard=form.cleaned_data["oordeel"] == Oordeel.AANVAARD,
                                                     reden=form.cleaned_data["reden"])
        except ValidationError as fout:
            if not hasattr(fout, "error_dict"):
                messages.error(request, " ".join(fout.messages))
                return _terug(beoordeling)
            fout_in_form(form, fout)
        else:
            messages.success(request, {
                "opnieuw": _("Vastgelegd. Stap 1 en 2 worden opnieuw uitgevoerd op het dossier met de aanvaarde "
                             "toelichting."),
                "voorstel": _("Vastgelegd. Er is geen toelichting aanvaard: de inschrijving staat weer op het "
                              "voorstel niet in behandeling."),
            }.get(gevolg, _("Vastgelegd. Er staat nog een verzoek om toelichting open.")))
            return _terug(beoordeling)
    return _opnieuw(request, beoordeling, oordeel_form=(verzoek.pk, form))
