"""The zelfanalyse page of an inschrijving (004 §2.2.3): the kwaliteitskader that applies, a zelfanalyse per
theme and the proposals for the ontwikkelplan. Thin views over ``kwaliteit_selectie`` and ``kwaliteit_diensten``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inschrijving import kwaliteit_diensten as diensten
from inschrijving.aanbiedertype import registratie_van
from inschrijving.evaluator import ZELFANALYSE_ELEMENTEN
from inschrijving.forms_kwaliteit import KaderKeuzeForm, VoorstelForm, ZelfanalyseForm
from inschrijving.kwaliteit_selectie import keuze_van, thema_code, toepassing_van
from inschrijving.models import Inschrijving, OntwikkelplanVoorstel, Zelfanalyse
from inschrijving.selectors import inschrijvingen_voor
from inschrijving.views.basis import aanbieder_vereist


def _inschrijving(request, pk) -> Inschrijving:
    return get_object_or_404(inschrijvingen_voor(request.user), pk=pk)


def _fout(request, fout: ValidationError) -> None:
    for bericht in fout.messages:
        messages.error(request, bericht)


def _naar_pagina(inschrijving, anker=""):
    return redirect(reverse("inschrijving:zelfanalyse", args=[inschrijving.pk]) + (f"#{anker}" if anker else ""))


def _volledig(zelfanalyse: Zelfanalyse | None) -> bool:
    return bool(zelfanalyse) and all(str(getattr(zelfanalyse, veld) or "").strip()
                                     for veld, _label in ZELFANALYSE_ELEMENTEN)


def _pagina(request, inschrijving, *, keuze_form=None, thema_forms=None, voorstel_forms=None, nieuw_form=None,
            status=200):
    toepassing = toepassing_van(inschrijving)
    regelset = inschrijving.regelset()
    vereist_ids = {t.pk for t in toepassing.vereiste_themas()}
    bestaande = {z.thema_id: z for z in Zelfanalyse.objects.filter(inschrijving=inschrijving)}
    thema_forms = thema_forms or {}
    kaders, alle_themas = [], []
    for kader in toepassing.kaders:
        regels = []
        for thema in kader.themas.select_related("kader").order_by("volgorde"):
            alle_themas.append(thema)
            zelfanalyse = bestaande.get(thema.pk)
            form = thema_forms.get(thema.pk) or ZelfanalyseForm(instance=zelfanalyse, prefix=f"t{thema.pk}")
            regels.append({"thema": thema, "form": form, "vereist": thema.pk in vereist_ids,
                           "volledig": _volledig(zelfanalyse), "begonnen": zelfanalyse is not None,
                           "anker": f"thema-{thema_code(thema).replace('/', '-')}"})
        kaders.append({"kader": kader, "leidend": kader == toepassing.leidend, "themas": regels})
    keuze = keuze_van(inschrijving)
    if keuze_form is None:
        keuze_form = KaderKeuzeForm(initial={
            "sectoren": toepassing.sectoren, "dominante_sector": toepassing.dominante_sector or "",
            "leveringsvormen": list(registratie_van(inschrijving.zorgaanbieder, inschrijving.zorgkantoor,
                                                    inschrijving.ronde).leveringsvormen),
            "extra_kaders": list(keuze.extra_kaders.all()) if keuze else []})
    voorstel_forms = voorstel_forms or {}
    voorstellen = [
        (voorstel, voorstel_forms.get(voorstel.pk)
         or VoorstelForm(instance=voorstel, themas=alle_themas, prefix=f"v{voorstel.pk}"))
        for voorstel in inschrijving.ontwikkelvoorstellen.select_related("thema__kader")]
    return render(request, "inschrijving/zelfanalyse.html", {
        "inschrijving": inschrijving, "bewerkbaar": inschrijving.bewerkbaar(), "toepassing": toepassing,
        "vereist": bool(regelset and regelset.zelfanalyse_vereist), "keuze_form": keuze_form, "kaders": kaders,
        "voorstellen": voorstellen,
        "nieuw_form": nieuw_form or VoorstelForm(themas=alle_themas, prefix="nieuw"),
    }, status=status)


@aanbieder_vereist
def zelfanalyse(request, pk):
    """The page; a POST saves the kader choice (sectors, dominant sector, added kaders)."""
    inschrijving = _inschrijving(request, pk)
    if request.method != "POST":
        return _pagina(request, inschrijving)
    form = KaderKeuzeForm(request.POST)
    if form.is_valid():
        try:
            diensten.keuze_opslaan(inschrijving=inschrijving, door=request.user,
                                   sectoren=form.cleaned_data["sectoren"],
                                   dominante_sector=form.cleaned_data["dominante_sector"],
                                   leveringsvormen=form.cleaned_data["leveringsvormen"],
                                   extra_kaders=form.cleaned_data["extra_kaders"])
        except ValidationError as fout:
            _fout(request, fout)
        else:
            messages.success(request, _("Het kwaliteitskader is opgeslagen."))
            return _naar_pagina(inschrijving, "kader")
    return _pagina(request, inschrijving, keuze_form=form, status=400 if form.errors else 200)


@aanbieder_vereist
@require_POST
def zelfanalyse_thema(request, pk, thema_pk):
    inschrijving = _inschrijving(request, pk)
    thema = next((t for k in toepassing_van(inschrijving).kaders for t in k.themas.all() if t.pk == thema_pk), None)
    if thema is None:
        return _naar_pagina(inschrijving)
    form = ZelfanalyseForm(request.POST, prefix=f"t{thema.pk}")
    anker = f"thema-{thema_code(thema).replace('/', '-')}"
    if form.is_valid():
        try:
            diensten.zelfanalyse_opslaan(inschrijving=inschrijving, door=request.user, thema=thema,
                                         gegevens=form.cleaned_data)
        except ValidationError as fout:
            _fout(request, fout)
        else:
            messages.success(request, _("De zelfanalyse voor %(thema)s is opgeslagen.") % {"thema": thema.naam})
            return _naar_pagina(inschrijving, anker)
    return _pagina(request, inschrijving, thema_forms={thema.pk: form}, status=400 if form.errors else 200)


def _themas(inschrijving):
    return [t for k in toepassing_van(inschrijving).kaders for t in k.themas.select_related("kader")]


@aanbieder_vereist
@require_POST
def voorstel(request, pk, voorstel_pk=None):
    """Add a proposal for the ontwikkelplan (without ``voorstel_pk``) or change one."""
    inschrijving = _inschrijving(request, pk)
    bestaand = get_object_or_404(inschrijving.ontwikkelvoorstellen, pk=voorstel_pk) if voorstel_pk else None
    prefix = f"v{bestaand.pk}" if bestaand else "nieuw"
    form = VoorstelForm(request.POST, instance=bestaand, themas=_themas(inschrijving), prefix=prefix)
    if form.is_valid():
        try:
            diensten.voorstel_opslaan(inschrijving=inschrijving, door=request.user, voorstel=bestaand,
                                      thema=form.cleaned_data["thema"], doel=form.cleaned_data["doel"],
                                      aanpak=form.cleaned_data["aanpak"])
        except ValidationError as fout:
            _fout(request, fout)
        else:
            messages.success(request, _("Het voorstel voor het ontwikkelplan is opgeslagen."))
            return _naar_pagina(inschrijving, "ontwikkelplan")
    status = 400 if form.errors else 200
    if bestaand:
        return _pagina(request, inschrijving, voorstel_forms={bestaand.pk: form}, status=status)
    return _pagina(request, inschrijving, nieuw_form=form, status=status)


@aanbieder_vereist
@require_POST
def voorstel_verwijderen(request, pk, voorstel_pk):
    inschrijving = _inschrijving(request, pk)
    voorstel_ = get_object_or_404(OntwikkelplanVoorstel.objects.filter(inschrijving=inschrijving), pk=voorstel_pk)
    try:
        diensten.voorstel_verwijderen(voorstel=voorstel_, door=request.user)
    except ValidationError as fout:
        _fout(request, fout)
    else:
        messages.success(request, _("Het voorstel is verwijderd."))
    return _naar_pagina(inschrijving, "ontwikkelplan")
