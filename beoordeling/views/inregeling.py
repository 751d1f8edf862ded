"""Inregeling after contracting: the aanbieder's items with upload, and the zorgkantoor's overview with
accept/reject. Items are always looked up through the user's own organisation: anything else is a 404."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beoordeling import audit
from beoordeling import inregeling as diensten
from beoordeling.models import InregelStatus
from beoordeling.selectors import inregelitems_voor, verlopen_inregelitems
from inschrijving.uploads import PdfBestandField
from inschrijving.views.basis import aanbieder_vereist, fout_in_form, zorgkantoor_vereist
from wlzportal import beveiliging


class BewijsForm(forms.Form):
    bestand = PdfBestandField(label=gettext_lazy("Bewijs (PDF)"),
                              error_messages={"required": gettext_lazy("Kies een PDF-bestand.")})


class OordeelForm(forms.Form):
    oordeel = forms.ChoiceField(label=gettext_lazy("Oordeel"), widget=forms.RadioSelect,
                                choices=[("accepteren", gettext_lazy("Accepteren")),
                                         ("afwijzen", gettext_lazy("Afwijzen"))],
                                error_messages={"required": gettext_lazy("Kies accepteren of afwijzen.")})
    toelichting = forms.CharField(label=gettext_lazy("Toelichting"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=gettext_lazy("Verplicht bij afwijzen."))




def _form_id(pk: int) -> str:
    return f"id_%s_{pk}"


# ---------------------------------------------------------------------------------------------------------------
# Aanbieder


def _aanbieder_pagina(request, bound=None, status=200):
    vandaag = timezone.localdate()
    regels = []
    for item in inregelitems_voor(request.user):
        form = None
        if item.kan_indienen:
            form = bound[1] if bound and bound[0] == item.pk else BewijsForm(auto_id=_form_id(item.pk))
        regels.append({"item": item, "form": form, "verlopen": item.vervaldatum < vandaag
                       and item.status != InregelStatus.GEACCEPTEERD})
    return render(request, "beoordeling/inregeling/aanbieder.html", {"regels": regels}, status=status)


@aanbieder_vereist
def aanbieder(request):
    return _aanbieder_pagina(request)


@aanbieder_vereist
def bewijs(request, pk):
    item = get_object_or_404(inregelitems_voor(request.user), pk=pk)
    if request.method != "POST":
        return redirect("beoordeling:inregeling_aanbieder")
    if wachten := beveiliging.overschreden(request, beveiliging.UPLOAD_GEBRUIKER):
        # The same limit as the inschrijving's documents: the file is not even read.
        form = BewijsForm(request.POST, auto_id=_form_id(item.pk))
        form.add_error("bestand", beveiliging.upload_melding(wachten))
        return _aanbieder_pagina(request, bound=(item.pk, form), status=429)
    form = BewijsForm(request.POST, request.FILES, auto_id=_form_id(item.pk))
    if form.is_valid():
        try:
            diensten.bewijs_indienen(item=item, bestand=form.cleaned_data["bestand"], door=request.user)
        except ValidationError as fout:
            fout_in_form(form, fout)
        else:
            messages.success(request, _("Uw bewijs voor \"%(titel)s\" is ingediend bij het zorgkantoor.")
                             % {"titel": item.titel})
            return redirect("beoordeling:inregeling_aanbieder")
    return _aanbieder_pagina(request, bound=(item.pk, form), status=400)


# ---------------------------------------------------------------------------------------------------------------
# Zorgkantoor


def _beheer_pagina(request, bound=None, status=200):
    filter_ = request.GET.get("filter", "")
    vandaag = timezone.localdate()
    qs = verlopen_inregelitems(request.user, vandaag) if filter_ == "verlopen" else inregelitems_voor(request.user)
    if filter_ in InregelStatus.values:
        qs = qs.filter(status=filter_)
    regels = []
    for item in qs.order_by("vervaldatum", "overeenkomst__zorgaanbieder__statutaire_naam", "pk"):
        form = None
        if item.status == InregelStatus.INGEDIEND:
            form = bound[1] if bound and bound[0] == item.pk else OordeelForm(auto_id=_form_id(item.pk))
        regels.append({"item": item, "form": form, "verlopen": item.vervaldatum < vandaag
                       and item.status != InregelStatus.GEACCEPTEERD})
    filters = [("", _("Alle")), ("verlopen", _("Verlopen")), *InregelStatus.choices]
    return render(request, "beoordeling/inregeling/beheer.html", {
        "regels": regels, "filter": filter_, "filters": filters,
        "aantal_verlopen": verlopen_inregelitems(request.user, vandaag).count()}, status=status)


@zorgkantoor_vereist
def beheer(request):
    return _beheer_pagina(request)


@zorgkantoor_vereist
def beoordelen(request, pk):
    item = get_object_or_404(inregelitems_voor(request.user), pk=pk)
    if request.method != "POST":
        return redirect("beoordeling:inregeling_beheer")
    form = OordeelForm(request.POST, auto_id=_form_id(item.pk))
    if form.is_valid():
        try:
            diensten.beoordelen(item=item, geaccepteerd=form.cleaned_data["oordeel"] == "accepteren",
                                toelichting=form.cleaned_data["toelichting"], door=request.user)
        except ValidationError as fout:
            fout_in_form(form, fout)
        else:
            messages.success(request, _("Uw oordeel over \"%(titel)s\" is vastgelegd en de zorgaanbieder is "
                                        "geïnformeerd.") % {"titel": item.titel})
            return redirect(reverse("beoordeling:inregeling_beheer") + (
                f"?filter={request.POST['filter']}" if request.POST.get("filter") in ("verlopen", "ingediend")
                else ""))
    return _beheer_pagina(request, bound=(item.pk, form), status=400)


def bewijs_bestand(request, pk):
    """The uploaded evidence, for the aanbieder and for the zorgkantoor (recorded in the audit trail)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    item = get_object_or_404(inregelitems_voor(request.user), pk=pk)
    if not item.bewijs:
        raise Http404
    if request.user.is_zorgkantoor:
        audit.log(actie="document_bekeken", inschrijving=item.besluit.beoordeling.inschrijving, door=request.user,
                  omschrijving=_("Inregelbewijs %(titel)s: %(naam)s (SHA-256 %(sha)s…)") % {
                      "titel": item.titel, "naam": item.bewijs_naam, "sha": item.bewijs_sha256[:12]})
    antwoord = FileResponse(item.bewijs.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename=item.bewijs_naam or "bewijs.pdf")
    antwoord["X-Content-Type-Options"] = "nosniff"
    return antwoord
