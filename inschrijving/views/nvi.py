"""Nota van Inlichtingen pages: aanbieders ask and read, zorginkopers answer, merge and publish.

Thin views over ``inschrijving.nvi``: every rule (deadline, publication, who may do what) is enforced there.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inschrijving import nvi as diensten
from inschrijving.forms_nvi import AntwoordForm, PublicerenForm, VraagForm
from inschrijving.selectors import rondes_voor
from inschrijving.views.basis import aanbieder_vereist, zorgkantoor_vereist
from wlzportal import beveiliging


def _gekozen(form) -> set[str]:
    """The question ids ticked in a (possibly failed) submit, to tick them again."""
    waarde = form["vragen"].value() or []
    return {str(pk) for pk in waarde}


# ---------------------------------------------------------------------------------------------------------------
# Aanbieder


@aanbieder_vereist
def vragen(request, ronde_pk):
    ronde = get_object_or_404(rondes_voor(request.user), pk=ronde_pk)
    form = VraagForm(request.POST or None)
    status = 200
    wachten = request.method == "POST" and beveiliging.overschreden(
        request, beveiliging.NVI_VRAAG_GEBRUIKER, beveiliging.NVI_VRAAG_ORGANISATIE)
    if wachten:
        form.add_error(None, _("U of uw organisatie heeft in korte tijd veel vragen gesteld. Deze vraag is niet "
                               "verstuurd; de tekst staat hieronder nog. Probeer het %(wanneer)s opnieuw.")
                       % {"wanneer": beveiliging.over(wachten)})
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            vraag = diensten.vraag_stellen(ronde=ronde, door=request.user, tekst=form.cleaned_data["tekst"],
                                           paragraaf=form.cleaned_data["paragraaf"])
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("Uw vraag is ontvangen. Het antwoord verschijnt in de Nota van "
                                        "Inlichtingen."))
            return redirect(reverse("inschrijving:nvi", kwargs={"ronde_pk": ronde.pk}) + f"#vraag-{vraag.pk}")
    nota = diensten.gepubliceerde_nvi(ronde)
    nummers = {item.pk: nummer for nummer, item in enumerate(nota.antwoorden.all(), 1)} if nota else {}
    eigen = list(diensten.vragen_van_aanbieder(request.user, ronde))
    for vraag in eigen:
        vraag.nvi_nummer = nummers.get(vraag.antwoord_id) if vraag.beantwoord else None
    return render(request, "inschrijving/nvi/aanbieder.html", {
        "ronde": ronde, "form": form, "nota": nota, "eigen_vragen": eigen,
        "vragen_open": ronde.planning().vragen_open() and nota is None,
    }, status=status)


# ---------------------------------------------------------------------------------------------------------------
# Zorginkoper


def _ronde(request, ronde_pk):
    return get_object_or_404(rondes_voor(request.user), pk=ronde_pk)


def _beheer_url(ronde) -> str:
    return reverse("inschrijving:nvi_beheer", kwargs={"ronde_pk": ronde.pk})


def _genummerd(request, ronde):
    """All questions and all entries of the round, numbered for cross-references on the page."""
    alle = list(diensten.vragen_voor_zorgkantoor(request.user, ronde))
    nummers = {vraag.pk: nummer for nummer, vraag in enumerate(alle, 1)}
    for vraag in alle:
        vraag.nummer = nummers[vraag.pk]
    antwoorden = list(diensten.antwoorden_voor_zorgkantoor(request.user, ronde))
    for nummer, item in enumerate(antwoorden, 1):
        item.nummer = nummer
        item.vraagnummers = sorted(nummers[vraag.pk] for vraag in item.vragen.all())
    antwoordnummers = {item.pk: item.nummer for item in antwoorden}
    for vraag in alle:
        vraag.antwoord_nummer = antwoordnummers.get(vraag.antwoord_id)
    return alle, antwoorden


def _beheer_pagina(request, ronde, *, antwoord_form=None, publiceer_form=None, status=200):
    alle, antwoorden = _genummerd(request, ronde)
    nota = diensten.nota_voor_zorgkantoor(request.user, ronde)
    antwoord_form = antwoord_form or AntwoordForm()
    return render(request, "inschrijving/nvi/beheer.html", {
        "ronde": ronde, "nota": nota, "vragen": alle, "antwoorden": antwoorden,
        "keuzevragen": [vraag for vraag in alle if vraag.antwoord_id is None],
        "aantal_open": sum(1 for vraag in alle if vraag.antwoord_id is None),
        "gepubliceerd": bool(nota and nota.gepubliceerd_op),
        "vragen_open": ronde.planning().vragen_open(),
        "form": antwoord_form, "gekozen": _gekozen(antwoord_form),
        "publiceer_form": publiceer_form or PublicerenForm(),
    }, status=status)


@zorgkantoor_vereist
def beheer(request, ronde_pk):
    ronde = _ronde(request, ronde_pk)
    open_vragen = diensten.vragen_voor_zorgkantoor(request.user, ronde).filter(antwoord__isnull=True)
    form = AntwoordForm(request.POST or None, vragen=open_vragen)
    if request.method == "POST" and form.is_valid():
        try:
            diensten.antwoord_geven(ronde=ronde, vragen=list(form.cleaned_data["vragen"]),
                                    vraag_tekst=form.cleaned_data["vraag_tekst"],
                                    antwoord=form.cleaned_data["antwoord"],
                                    paragraaf=form.cleaned_data["paragraaf"], door=request.user)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("Het antwoord is opgeslagen als concept."))
            return redirect(_beheer_url(ronde) + "#antwoorden")
    return _beheer_pagina(request, ronde, antwoord_form=form)


@zorgkantoor_vereist
def beheer_antwoord(request, ronde_pk, pk):
    ronde = _ronde(request, ronde_pk)
    item = get_object_or_404(diensten.antwoorden_voor_zorgkantoor(request.user, ronde), pk=pk)
    if item.nota.gepubliceerd_op:
        messages.error(request, _("De Nota van Inlichtingen is gepubliceerd; antwoorden kunnen niet meer worden "
                                  "gewijzigd."))
        return redirect(_beheer_url(ronde))
    keuze = diensten.vragen_voor_zorgkantoor(request.user, ronde).filter(
        Q(antwoord__isnull=True) | Q(antwoord=item))
    initial = {"vragen": [vraag.pk for vraag in item.vragen.all()], "vraag_tekst": item.vraag,
               "antwoord": item.antwoord, "paragraaf": item.paragraaf}
    form = AntwoordForm(request.POST or None, vragen=keuze, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            diensten.antwoord_wijzigen(nvi_antwoord=item, door=request.user, vragen=list(form.cleaned_data["vragen"]),
                                       vraag_tekst=form.cleaned_data["vraag_tekst"],
                                       antwoord=form.cleaned_data["antwoord"],
                                       paragraaf=form.cleaned_data["paragraaf"])
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("Het antwoord is gewijzigd."))
            return redirect(_beheer_url(ronde) + f"#antwoord-{item.pk}")
    alle, _antwoorden = _genummerd(request, ronde)
    kiesbaar = {vraag.pk for vraag in keuze}
    return render(request, "inschrijving/nvi/antwoord.html", {
        "ronde": ronde, "item": item, "form": form, "gekozen": _gekozen(form),
        "keuzevragen": [vraag for vraag in alle if vraag.pk in kiesbaar],
    })


@zorgkantoor_vereist
@require_POST
def beheer_antwoord_verwijderen(request, ronde_pk, pk):
    ronde = _ronde(request, ronde_pk)
    item = get_object_or_404(diensten.antwoorden_voor_zorgkantoor(request.user, ronde), pk=pk)
    try:
        diensten.antwoord_verwijderen(nvi_antwoord=item, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("Het antwoord is verwijderd; de vragen ervan zijn weer onbeantwoord."))
    return redirect(_beheer_url(ronde))


@zorgkantoor_vereist
@require_POST
def beheer_publiceren(request, ronde_pk):
    ronde = _ronde(request, ronde_pk)
    form = PublicerenForm(request.POST)
    if form.is_valid():
        try:
            diensten.publiceren(ronde=ronde, door=request.user)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("De Nota van Inlichtingen is gepubliceerd. De zorgaanbieders die een vraag "
                                        "stelden, krijgen bericht."))
            return redirect(_beheer_url(ronde))
    return _beheer_pagina(request, ronde, publiceer_form=form)
