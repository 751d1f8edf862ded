"""Step 3, the gesprek: the zorginkoper invites, records the verslag and closes; the aanbieder sees the invitation.

Thin views over ``beoordeling.gesprek``. A failed submit re-renders the gesprek page with what was typed and the
errors beside the fields; a successful one returns to where the form was (the assessment page) or to that page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beoordeling import gesprek as diensten
from beoordeling.agenda import agenda as maak_agenda
from beoordeling.forms_gesprek import BevindingenForm, UitnodigingForm, VerslagForm
from beoordeling.models import AFWIJZINGSGRONDEN, Beoordeling, Fase, Gesprek
from beoordeling.selectors import beoordelingen_voor
from beoordeling.services import gesprek_nodig
from inschrijving.selectors import inschrijvingen_voor
from inschrijving.views.basis import aanbieder_vereist, zorgkantoor_vereist


def _beoordeling(request, pk) -> Beoordeling:
    qs = beoordelingen_voor(request.user).select_related(
        "indiening", "inschrijving__zorgaanbieder", "inschrijving__zorgkantoor", "inschrijving__ronde",
        "gesprek__tekenbevoegde", "gesprek__uitgenodigd_door", "gesprek__afgerond_door")
    return get_object_or_404(qs, pk=pk)


def _gesprek(beoordeling: Beoordeling) -> Gesprek | None:
    return getattr(beoordeling, "gesprek", None)


def signalen_met_bewijs(beoordeling: Beoordeling) -> list:
    """The signals of the beoordeling, each with ``document`` (the snapshot's entry for the document its evidence
    names, if any) and ``oordeel`` (the gesprek's judgement so far, with ``grond_label``)."""
    documenten = {d.get("id"): d for d in (beoordeling.indiening.snapshot or {}).get("documenten", [])}
    gesprek = _gesprek(beoordeling)
    oordelen = (gesprek.signaal_oordelen if gesprek else None) or {}
    labels = dict(AFWIJZINGSGRONDEN)
    lijst = diensten.signalen(beoordeling)
    for r in lijst:
        r.document = documenten.get((r.bewijs or {}).get("document_id"))
        r.oordeel = dict(oordelen.get(r.regel) or {})
        r.oordeel["grond_label"] = labels.get(r.oordeel.get("grond"), "")
    return lijst


def gesprek_context(beoordeling: Beoordeling, *, uitnodiging_form=None, verslag_form=None, afronden_fouten=(),
                    terug: str = "", signalen=None) -> dict:
    """Everything ``beoordeling/_gesprek.html`` shows; a detail page may merge this into its own context."""
    gesprek = _gesprek(beoordeling)
    in_fase = beoordeling.fase == Fase.GESPREK
    planning = beoordeling.inschrijving.ronde.planning(beoordeling.inschrijving.zorgkantoor)
    signalen = signalen_met_bewijs(beoordeling) if signalen is None else signalen
    return {
        "beoordeling": beoordeling,
        "gesprek_geladen": True,
        "gesprek_nodig": gesprek_nodig(beoordeling),
        "gesprek": gesprek,
        "gesprek_in_fase": in_fase,
        "gesprekken_afgerond": planning.gesprekken_afgerond,
        "uitnodiging_form": uitnodiging_form or (UitnodigingForm(beoordeling=beoordeling) if in_fase else None),
        "verslag_form": verslag_form or (VerslagForm(gesprek=gesprek, signalen=signalen)
                                         if in_fase and gesprek else None),
        "kan_afronden": bool(in_fase and gesprek and diensten.kan_afronden(gesprek, signalen)),
        "gesprek_signalen": signalen,
        "afronden_fouten": list(afronden_fouten),
        "gesprek_bezwaren": gesprek.bezwaren() if gesprek else [],
        "terug": terug,
    }


def _terug(request) -> str:
    """The page the form was on (the assessment page), if it is one of ours."""
    doel = request.POST.get("next") or request.GET.get("next") or ""
    if doel and url_has_allowed_host_and_scheme(doel, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return doel
    return ""


def _beoordelingpagina(beoordeling) -> str:
    """The assessment page (which includes the gesprek partial); the gesprek page where there is none."""
    try:
        return reverse("beoordeling:beoordeling", kwargs={"pk": beoordeling.pk})
    except NoReverseMatch:
        return reverse("beoordeling:gesprek", kwargs={"pk": beoordeling.pk})


def _klaar(request, beoordeling):
    doel = _terug(request) or _beoordelingpagina(beoordeling)
    return redirect(doel.split("#", 1)[0] + "#gesprek")


def _pagina(request, beoordeling, *, status=200, **formulieren):
    """The gesprek page (or the partial) with the forms given; a re-rendered form keeps what was typed."""
    terug = _terug(request) or _beoordelingpagina(beoordeling)
    context = gesprek_context(beoordeling, terug=terug, **formulieren)
    sjabloon = "beoordeling/_gesprek.html" if request.GET.get("fragment") else "beoordeling/gesprek.html"
    return render(request, sjabloon, context, status=status)


@zorgkantoor_vereist
def gesprek(request, pk):
    """The gesprek on its own page; with ``?fragment=1`` only the partial (loaded into the assessment page)."""
    return _pagina(request, _beoordeling(request, pk))


@zorgkantoor_vereist
@require_POST
def uitnodigen(request, pk):
    beoordeling = _beoordeling(request, pk)
    form = UitnodigingForm(request.POST, beoordeling=beoordeling)
    if form.is_valid():
        data = form.cleaned_data
        opnieuw = _gesprek(beoordeling) is not None
        try:
            diensten.uitnodigen(beoordeling=beoordeling, datum=data["datum"], plaats=data["plaats"],
                                op_locatie=data["op_locatie"], deelnemers=data["deelnemers"],
                                tekenbevoegde=data["tekenbevoegde"], door=request.user)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("De gewijzigde uitnodiging is verstuurd naar de gebruikers van de "
                                        "zorgaanbieder.") if opnieuw else
                             _("De uitnodiging is verstuurd naar de gebruikers van de zorgaanbieder."))
            return _klaar(request, beoordeling)
    return _pagina(request, beoordeling, uitnodiging_form=form)


@zorgkantoor_vereist
@require_POST
def verslag(request, pk):
    beoordeling = _beoordeling(request, pk)
    gesprek = _gesprek(beoordeling)
    if gesprek is None:
        messages.error(request, _("Nodig de zorgaanbieder eerst uit voor het gesprek."))
        return _klaar(request, beoordeling)
    signalen = signalen_met_bewijs(beoordeling)
    form = VerslagForm(request.POST, gesprek=gesprek, signalen=signalen)
    if form.is_valid():
        try:
            diensten.verslag_vastleggen(gesprek=gesprek, verslag=form.cleaned_data["verslag"],
                                        oordelen=form.oordelen(), signaal_oordelen=form.signaal_oordelen(),
                                        door=request.user)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("Het verslag en de oordelen zijn opgeslagen."))
            return _klaar(request, beoordeling)
    return _pagina(request, beoordeling, verslag_form=form, signalen=signalen)


@zorgkantoor_vereist
@require_POST
def afronden(request, pk):
    beoordeling = _beoordeling(request, pk)
    gesprek = _gesprek(beoordeling)
    if gesprek is None:
        messages.error(request, _("Er is nog geen gesprek gepland."))
        return _klaar(request, beoordeling)
    try:
        diensten.gesprek_afronden(gesprek=gesprek, door=request.user)
    except ValidationError as fout:
        return _pagina(request, beoordeling, afronden_fouten=fout.messages)
    messages.success(request, _("Het gesprek is afgerond. De beoordeling gaat naar het besluit."))
    return _klaar(request, beoordeling)


@aanbieder_vereist
def gesprek_aanbieder(request, inschrijving_pk):
    """The aanbieder's view of the invitation: when, where, who must attend (never the verslag or oordelen)."""
    inschrijving = get_object_or_404(inschrijvingen_voor(request.user), pk=inschrijving_pk)
    uitnodiging = (Gesprek.objects.filter(beoordeling__inschrijving=inschrijving)
                   .select_related("tekenbevoegde").first())
    return render(request, "beoordeling/gesprek_aanbieder.html", {
        "inschrijving": inschrijving, "gesprek": uitnodiging,
        "bestuurders": diensten.tekenbevoegden(uitnodiging.beoordeling) if uitnodiging else [],
    })


@zorgkantoor_vereist
def agenda(request, pk):
    """The gesprek agenda per kwaliteitsthema, printable, with a field per theme for the finding."""
    beoordeling = _beoordeling(request, pk)
    gesprek = _gesprek(beoordeling)
    punten = maak_agenda(beoordeling)
    bewerkbaar = bool(gesprek and not gesprek.afgerond_op and beoordeling.fase == Fase.GESPREK)
    form = None
    if request.method == "POST":
        if not bewerkbaar:
            messages.error(request, _("De bevindingen kunnen nu niet worden vastgelegd."))
            return redirect("beoordeling:gesprek_agenda", pk=beoordeling.pk)
        form = BevindingenForm(request.POST, punten=punten)
        if form.is_valid():
            try:
                diensten.bevindingen_vastleggen(gesprek=gesprek, bevindingen=form.bevindingen(), door=request.user)
            except ValidationError as fout:
                form.add_error(None, fout)
            else:
                messages.success(request, _("De bevindingen per thema zijn opgeslagen."))
                return redirect("beoordeling:gesprek_agenda", pk=beoordeling.pk)
    elif bewerkbaar:
        form = BevindingenForm(punten=punten)
    kaders = []
    for punt in punten:
        if not kaders or kaders[-1][0] != punt.kader_naam:
            kaders.append((punt.kader_naam, []))
        kaders[-1][1].append(punt)
    return render(request, "beoordeling/gesprek_agenda.html", {
        "beoordeling": beoordeling, "gesprek": gesprek, "punten": punten, "kaders": kaders, "form": form,
        "terug": _beoordelingpagina(beoordeling),
    })
