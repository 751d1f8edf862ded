"""The exports' pages: ask for one (werkvoorraad or a round's results, CSV or XLSX), follow its progress, download
it. Only staff of the zorgkantoor it belongs to; any other user gets a 404."""

from django import forms
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import Export
from beoordeling import audit
from inschrijving.models import Inkoopronde
from inschrijving.selectors import geopende_rondes
from inschrijving.tasks import in_de_wachtrij
from inschrijving.views.basis import zorgkantoor_vereist


def exports_voor(user):
    """The one scope: the exports of the user's own zorgkantoor."""
    if not user.is_authenticated or not user.is_zorgkantoor or not user.zorgkantoor_id:
        return Export.objects.none()
    return Export.objects.filter(zorgkantoor=user.zorgkantoor_id)


class ExportForm(forms.Form):
    soort = forms.ChoiceField(label=_("Wat"), choices=Export.Soort.choices, widget=forms.RadioSelect)
    formaat = forms.ChoiceField(label=_("Formaat"), choices=Export.Formaat.choices, widget=forms.RadioSelect,
                                initial=Export.Formaat.XLSX)
    ronde = forms.ModelChoiceField(label=_("Ronde"), queryset=Inkoopronde.objects.none(), required=False,
                                   empty_label=_("alle rondes"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ronde"].queryset = geopende_rondes(user.zorgkantoor_id)

    def clean(self):
        gegevens = super().clean()
        if gegevens.get("soort") == Export.Soort.RESULTATEN and not gegevens.get("ronde"):
            self.add_error("ronde", _("Kies de ronde waarvan u de resultaten wilt."))
        return gegevens


@zorgkantoor_vereist
def overzicht(request):
    form = ExportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            export = Export.objects.create(
                zorgkantoor_id=request.user.zorgkantoor_id, ronde=form.cleaned_data["ronde"],
                soort=form.cleaned_data["soort"], formaat=form.cleaned_data["formaat"],
                aangevraagd_door=request.user, aangevraagd_op=timezone.now())
            from api.tasks import export_maken

            transaction.on_commit(lambda: in_de_wachtrij(export_maken, export.pk, later="exports"))
        return redirect("exports:export", pk=export.pk)
    return render(request, "api/exports.html", {
        "form": form, "exports": exports_voor(request.user).select_related("ronde", "aangevraagd_door")[:20]},
        status=400 if request.method == "POST" else 200)


@zorgkantoor_vereist
def export(request, pk):
    gevonden = get_object_or_404(exports_voor(request.user).select_related("ronde"), pk=pk)
    sjabloon = "api/_export_status.html" if request.headers.get("HX-Request") else "api/export.html"
    return render(request, sjabloon, {"export": gevonden})


@zorgkantoor_vereist
def downloaden(request, pk):
    gevonden = get_object_or_404(exports_voor(request.user), pk=pk)
    if gevonden.status != Export.Status.KLAAR or not gevonden.bestand:
        raise Http404
    audit.log(actie="export_gedownload", ronde=gevonden.ronde, door=request.user,
              omschrijving=f"{gevonden.get_soort_display()} ({gevonden.formaat}, {gevonden.aantal_rijen} rijen)")
    return FileResponse(gevonden.bestand.open("rb"), as_attachment=True, filename=gevonden.bestandsnaam)
