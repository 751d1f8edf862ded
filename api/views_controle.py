"""The public page "Controleer een ontvangstbevestiging": anyone uploads a receipt, letter or proces-verbaal and hears
whether it is genuine and unchanged (``api.controle``). Nothing uploaded is kept."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from api import controle
from inschrijving import ondertekening
from wlzportal import beveiliging

#: A receipt is some hundreds of KB; a letter with an attached snapshot of a large dossier a few MB.
MAX_GROOTTE = 20 * 1024 * 1024


class ControleForm(forms.Form):
    bestand = forms.FileField(label=gettext_lazy("Het document (pdf)"), help_text=gettext_lazy(
        "De ontvangstbevestiging, besluitbrief of het proces-verbaal zoals u die van het portaal kreeg, ongewijzigd."))

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_GROOTTE:
            raise forms.ValidationError(_("Dit bestand is groter dan 20 MB; een document van het portaal is kleiner. "
                                          "Kies het pdf-bestand dat u van het portaal kreeg."))
        kop = bestand.read(5)
        bestand.seek(0)
        if kop != b"%PDF-":
            raise forms.ValidationError(_("Dit is geen pdf-bestand. Kies het pdf-bestand dat u van het portaal "
                                          "kreeg."))
        return bestand


@require_http_methods(["GET", "POST"])
def controleer(request):
    form = ControleForm(request.POST, request.FILES) if request.method == "POST" else ControleForm()
    uitslag, status = None, 200
    if request.method == "POST":
        wachten = beveiliging.overschreden(request, beveiliging.CONTROLE_IP)
        if wachten is not None:
            form.is_valid()
            form.add_error(None, _("Vanaf uw adres zijn in korte tijd te veel documenten gecontroleerd. Probeer het "
                                   "%(wanneer)s opnieuw.") % {"wanneer": beveiliging.over(wachten)})
            status = 429
        elif form.is_valid():
            uitslag = controle.controleer_en_log(form.cleaned_data["bestand"].read())
            form = ControleForm()
        else:
            status = 400
    return render(request, "api/controleer.html", {"form": form, "uitslag": uitslag}, status=status)


@require_http_methods(["GET"])
def certificaat(request):
    """The portal's signing certificate (PEM), to validate a record in one's own PDF reader or tooling."""
    antwoord = HttpResponse(ondertekening.certificaat_pem(), content_type="application/x-pem-file")
    antwoord["Content-Disposition"] = 'attachment; filename="wlzportal-ondertekening.pem"'
    return antwoord
