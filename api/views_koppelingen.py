"""The webhooks' page for a zorgkantoor's beheerder (issue 13, item 2): register an endpoint (its secret is shown
once), remove it, make a new secret, see the recent deliveries. Only a beheerder of that zorgkantoor; anyone else,
and another zorgkantoor's endpoint, gets a 404 (an aanbieder a 403, as on every /zorgkantoor/ page)."""


from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from api.models import Aflevering, Eindpunt, Gebeurtenis
from api.webhooks import controleer_url
from beoordeling import audit
from inschrijving.models import Rol
from inschrijving.views import basis
from inschrijving.views.basis import zorgkantoor_vereist

GEHEIM_IN_SESSIE = "api_koppeling_geheim"


def eindpunten_voor(user):
    """The one scope: the active endpoints of the user's own zorgkantoor, for its beheerder only."""
    if not user.is_authenticated or user.rol != Rol.BEHEERDER or not user.zorgkantoor_id:
        return Eindpunt.objects.none()
    return Eindpunt.objects.filter(zorgkantoor=user.zorgkantoor_id, actief=True)


def afleveringen_voor(user):
    return Aflevering.objects.filter(eindpunt__in=eindpunten_voor(user)).select_related("eindpunt")


def beheerder_vereist(view):
    """Staff of a zorgkantoor (an aanbieder gets a 403), and of them only a beheerder (a zorginkoper gets a 404)."""
    return zorgkantoor_vereist(basis.beheerder_vereist(view))


class EindpuntForm(forms.ModelForm):
    url = forms.URLField(label=gettext_lazy("Adres (URL)"), max_length=500, assume_scheme="https",
                         help_text=gettext_lazy("Een https-adres van uw eigen systeem dat een POST aanneemt."))
    gebeurtenissen = forms.MultipleChoiceField(
        label=gettext_lazy("Gebeurtenissen"), choices=Gebeurtenis.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Kies ten minste één gebeurtenis.")})

    class Meta:
        model = Eindpunt
        fields = ("url", "omschrijving", "gebeurtenissen")
        help_texts = {"omschrijving": gettext_lazy("Bijvoorbeeld 'contractadministratie'.")}

    def clean_url(self):
        url = self.cleaned_data["url"]
        controleer_url(url)
        return url


def _geheim_tonen(request, eindpunt: Eindpunt) -> None:
    request.session[GEHEIM_IN_SESSIE] = {"pk": eindpunt.pk, "geheim": eindpunt.geheim}


@beheerder_vereist
def overzicht(request):
    form = EindpuntForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            eindpunt = form.save(commit=False)
            eindpunt.zorgkantoor_id, eindpunt.aangemaakt_door = request.user.zorgkantoor_id, request.user
            eindpunt.nieuw_geheim()
            eindpunt.save()
            audit.log(actie="koppeling_geregistreerd", door=request.user,
                      omschrijving=f"{eindpunt.url}: {', '.join(eindpunt.gebeurtenissen)}")
        _geheim_tonen(request, eindpunt)
        return redirect("koppelingen:eindpunt", pk=eindpunt.pk)
    return render(request, "api/koppelingen.html", {
        "form": form, "eindpunten": eindpunten_voor(request.user),
        "afleveringen": afleveringen_voor(request.user)[:20]}, status=400 if request.method == "POST" else 200)


@beheerder_vereist
def eindpunt(request, pk):
    gevonden = get_object_or_404(eindpunten_voor(request.user), pk=pk)
    geheim = None
    if (getoond := request.session.get(GEHEIM_IN_SESSIE)) and getoond["pk"] == gevonden.pk:
        geheim = request.session.pop(GEHEIM_IN_SESSIE)["geheim"]  # shown once
    return render(request, "api/eindpunt.html", {
        "eindpunt": gevonden, "geheim": geheim,
        "gebeurtenissen": [Gebeurtenis(g).label for g in gevonden.gebeurtenissen if g in Gebeurtenis.values],
        "afleveringen": gevonden.afleveringen.all()[:50]})


@require_POST
@beheerder_vereist
def nieuw_geheim(request, pk):
    gevonden = get_object_or_404(eindpunten_voor(request.user), pk=pk)
    gevonden.nieuw_geheim()
    gevonden.save(update_fields=["geheim"])
    audit.log(actie="koppeling_nieuw_geheim", door=request.user, omschrijving=gevonden.url)
    _geheim_tonen(request, gevonden)
    return redirect("koppelingen:eindpunt", pk=gevonden.pk)


@require_POST
@beheerder_vereist
def verwijderen(request, pk):
    """The endpoint gets nothing more (waiting deliveries are given up); its delivery log stays."""
    gevonden = get_object_or_404(eindpunten_voor(request.user), pk=pk)
    gevonden.actief, gevonden.geheim = False, ""
    gevonden.save(update_fields=["actief", "geheim"])
    audit.log(actie="koppeling_verwijderd", door=request.user, omschrijving=gevonden.url)
    messages.success(request, _("Het eindpunt %(url)s is verwijderd.") % {"url": gevonden.url})
    return redirect("koppelingen:overzicht")
