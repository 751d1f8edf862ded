"""The ontwikkelplan of a 2016-rules round (004 §2.2.3): the aanbieder submits it, the zorginkoper scores it, and
the zorgkantoor sets the weights per round. Thin over ``beoordeling.ontwikkelplan``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beoordeling import ontwikkelplan as diensten
from beoordeling.models import Beoordeling, Ontwikkelplan
from beoordeling.selectors import beoordelingen_voor
from inschrijving.selectors import inschrijvingen_voor, rondes_voor
from inschrijving.views.basis import aanbieder_vereist, zorgkantoor_vereist


class PlanForm(forms.ModelForm):
    class Meta:
        model = Ontwikkelplan
        fields = list(diensten.ONDERDELEN)
        widgets = {veld: forms.Textarea(attrs={"rows": 3}) for veld in diensten.ONDERDELEN}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.fields.values():
            veld.required = True


def _score(label):
    return forms.IntegerField(label=label, min_value=0, max_value=10, help_text=gettext_lazy("0 tot en met 10"))


class ScoreForm(forms.Form):
    effect = _score(gettext_lazy("Effect voor de cliënt"))
    ambitie = _score(gettext_lazy("Ambitie tegenover omvang en capaciteit"))
    haalbaarheid = _score(gettext_lazy("Haalbaarheid"))
    akkoord = forms.BooleanField(label=gettext_lazy("Het ontwikkelplan is overeengekomen"), required=False)
    toelichting = forms.CharField(label=gettext_lazy("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}))


def _weging(label):
    return forms.IntegerField(label=label, min_value=0, max_value=100)


class WegingForm(forms.Form):
    effect = _weging(gettext_lazy("Weging effect voor de cliënt"))
    ambitie = _weging(gettext_lazy("Weging ambitie tegenover omvang en capaciteit"))
    haalbaarheid = _weging(gettext_lazy("Weging haalbaarheid"))


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


@aanbieder_vereist
def aanbieder(request, inschrijving_pk):
    """The aanbieder submits (or, until it is scored, replaces) the definitive ontwikkelplan."""
    inschrijving = get_object_or_404(inschrijvingen_voor(request.user), pk=inschrijving_pk)
    beoordeling = Beoordeling.objects.filter(inschrijving=inschrijving).select_related("inschrijving__ronde").first()
    if beoordeling is None:
        raise Http404
    plan = Ontwikkelplan.objects.filter(beoordeling=beoordeling).first()
    kent = diensten.kent_ontwikkelplan(beoordeling)
    open_ = kent and not beoordeling.is_eindfase and not (plan and plan.beoordeeld_op)
    form = PlanForm(instance=plan) if open_ else None
    if request.method == "POST" and open_:
        form = PlanForm(request.POST, instance=plan)
        if form.is_valid():
            try:
                diensten.plan_indienen(beoordeling=beoordeling, gegevens=form.cleaned_data, door=request.user)
            except ValidationError as fout:
                _fouten(request, form, fout)
            else:
                messages.success(request, _("Uw ontwikkelplan is ingediend bij het zorgkantoor."))
                return redirect("beoordeling:ontwikkelplan_aanbieder", inschrijving_pk=inschrijving.pk)
    return render(request, "beoordeling/ontwikkelplan/aanbieder.html", {
        "inschrijving": inschrijving, "beoordeling": beoordeling, "plan": plan, "kent": kent, "form": form,
        "max_opslag": diensten.max_opslag(beoordeling)})


@zorgkantoor_vereist
def beoordelen(request, pk):
    """The zorginkoper scores the plan; the opslag and the result ``ontwikkelplan_akkoord`` follow."""
    beoordeling = get_object_or_404(beoordelingen_voor(request.user).select_related(
        "inschrijving__ronde", "inschrijving__zorgkantoor", "inschrijving__zorgaanbieder"), pk=pk)
    plan = Ontwikkelplan.objects.filter(beoordeling=beoordeling).first()
    inschrijving = beoordeling.inschrijving
    weging = diensten.weging_voor(inschrijving.ronde, inschrijving.zorgkantoor)
    kan_scoren = bool(plan and plan.ingediend_op and beoordeling.fase in diensten.TE_SCOREN
                      and not hasattr(beoordeling, "besluit") and diensten.kent_ontwikkelplan(beoordeling))
    initial = {"effect": plan.score_effect, "ambitie": plan.score_ambitie, "haalbaarheid": plan.score_haalbaarheid,
               "akkoord": bool(plan.akkoord), "toelichting": plan.toelichting} if plan else {}
    form = ScoreForm(initial=initial) if kan_scoren else None
    if request.method == "POST" and kan_scoren:
        form = ScoreForm(request.POST)
        if form.is_valid():
            try:
                plan = diensten.scoren(plan=plan, door=request.user, **form.cleaned_data)
            except ValidationError as fout:
                _fouten(request, form, fout)
            else:
                messages.success(request, _("Het ontwikkelplan is beoordeeld: opslag %(opslag)s.") % {
                    "opslag": diensten.procent(plan.opslag)})
                return redirect("beoordeling:ontwikkelplan_beoordelen", pk=beoordeling.pk)
    return render(request, "beoordeling/ontwikkelplan/beoordelen.html", {
        "beoordeling": beoordeling, "plan": plan, "form": form, "weging": weging,
        "max_opslag": diensten.max_opslag(beoordeling), "kent": diensten.kent_ontwikkelplan(beoordeling)})


@zorgkantoor_vereist
def weging(request, ronde_pk):
    """How the user's zorgkantoor weighs the three criteria in this round."""
    ronde = get_object_or_404(rondes_voor(request.user), pk=ronde_pk)
    zorgkantoor = request.user.zorgkantoor
    huidig = diensten.weging_voor(ronde, zorgkantoor)
    form = WegingForm(initial={"effect": huidig.weging_effect, "ambitie": huidig.weging_ambitie,
                               "haalbaarheid": huidig.weging_haalbaarheid})
    if request.method == "POST":
        form = WegingForm(request.POST)
        if form.is_valid():
            try:
                diensten.weging_instellen(ronde=ronde, zorgkantoor=zorgkantoor, door=request.user,
                                          **form.cleaned_data)
            except ValidationError as fout:
                _fouten(request, form, fout)
            else:
                messages.success(request, _("De weging van het ontwikkelplan is opgeslagen."))
                return redirect("beoordeling:ontwikkelplan_weging", ronde_pk=ronde.pk)
    return render(request, "beoordeling/ontwikkelplan/weging.html", {
        "ronde": ronde, "zorgkantoor": zorgkantoor, "form": form, "weging": huidig})
