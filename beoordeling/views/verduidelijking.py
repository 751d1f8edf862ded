"""Verzoek om verduidelijking: zorginkopers ask (from the assessment) and see the round's equal-treatment
overview; aanbieders list their requests and answer. Thin views over ``beoordeling.verduidelijking``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beoordeling import audit
from beoordeling import verduidelijking as diensten
from beoordeling.models import Beoordeling, Verduidelijkingsverzoek
from beoordeling.selectors import beoordelingen_voor
from inschrijving.selectors import inschrijvingen_voor, rondes_voor
from inschrijving.uploads import PdfBestandField
from inschrijving.views.basis import aanbieder_vereist, fout_in_form, zorgkantoor_vereist
from wlzportal import beveiliging
from wlzportal.datums import datum

# ---------------------------------------------------------------------------------------------------------------
# Forms


class VerzoekForm(forms.Form):
    """Field names and ids match the hand-written form in ``beoordeling/_verduidelijking.html``."""

    regel = forms.ChoiceField(label=gettext_lazy("Over welke bevinding gaat de vraag?"), required=False)
    vraag = forms.CharField(label=gettext_lazy("Vraag aan de zorgaanbieder"), max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            error_messages={"required": gettext_lazy("Vul de vraag aan de zorgaanbieder in.")})
    document_toegestaan = forms.BooleanField(label=gettext_lazy("De zorgaanbieder mag een document meesturen"),
                                             required=False)

    def __init__(self, *args, beoordeling: Beoordeling, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regel"].choices = [("", _("Algemeen: geen bepaalde bevinding"))] + [
            (r.regel, f"{r.titel} ({r.get_uitkomst_display()})") for r in beoordeling.resultaten.all()]


class AntwoordForm(forms.Form):
    antwoord = forms.CharField(label=gettext_lazy("Uw antwoord"), max_length=10000,
                               widget=forms.Textarea(attrs={"rows": 6}),
                               error_messages={"required": gettext_lazy("Vul uw antwoord in.")})
    document = PdfBestandField(label=gettext_lazy("Document (PDF, optioneel)"), required=False)
    document_datum = forms.DateField(
        label=gettext_lazy("Datum op het document"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Vul een geldige datum in, bijvoorbeeld 15-07-2021.")})

    def __init__(self, *args, verzoek: Verduidelijkingsverzoek, sluitingsdag, **kwargs):
        super().__init__(*args, **kwargs)
        if verzoek.document_toegestaan:
            self.fields["document"].help_text = _(
                "Alleen een document dat objectief van vóór de sluitingstijd dateert. Uw inschrijving zelf "
                "wijzigt niet.")
            self.fields["document_datum"].help_text = _(
                "De datum die op het document staat; die moet vóór %(dag)s liggen.") % {
                "dag": datum(sluitingsdag)}
        else:
            del self.fields["document"]
            del self.fields["document_datum"]




def _veilig_terug(request, standaard: str) -> str:
    doel = request.POST.get("next") or ""
    if doel and url_has_allowed_host_and_scheme(doel, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return doel
    return standaard


# ---------------------------------------------------------------------------------------------------------------
# Zorginkoper


@zorgkantoor_vereist
def stellen(request, pk):
    """GET: the assessment's requests and the form; POST: ask. The form is also part of the assessment
    page (the partial posts here with ``next`` set to that page)."""
    beoordeling = get_object_or_404(
        beoordelingen_voor(request.user).select_related("inschrijving__zorgaanbieder", "inschrijving__ronde",
                                                        "inschrijving__zorgkantoor"), pk=pk)
    form = VerzoekForm(request.POST or None, beoordeling=beoordeling)
    if request.method == "POST" and form.is_valid():
        try:
            verzoek = diensten.verzoek_stellen(beoordeling=beoordeling, vraag=form.cleaned_data["vraag"],
                                               regel=form.cleaned_data["regel"],
                                               document_toegestaan=form.cleaned_data["document_toegestaan"],
                                               door=request.user)
        except ValidationError as fout:
            fout_in_form(form, fout)
        else:
            messages.success(request, _("Het verzoek om verduidelijking is verstuurd. De zorgaanbieder kan "
                                        "antwoorden tot en met %(termijn)s.") % {
                "termijn": diensten.nl_tijd(verzoek.termijn)})
            zonder = diensten.zelfde_situatie_zonder_verzoek(verzoek)
            if zonder:
                messages.warning(request, _(
                    "Gelijke behandeling: %(n)s andere inschrijver(s) in dezelfde situatie kreeg/kregen dit verzoek "
                    "(nog) niet: %(namen)s. Zie het overzicht van de verzoeken in deze ronde.") % {
                    "n": len(zonder),
                    "namen": ", ".join(b.inschrijving.zorgaanbieder.statutaire_naam for b in zonder)})
            standaard = reverse("beoordeling:verduidelijking_stellen", args=[beoordeling.pk])
            return redirect(_veilig_terug(request, standaard) + "#verduidelijking")
    return render(request, "beoordeling/verduidelijking/beoordeling.html", {
        "beoordeling": beoordeling, "verduidelijking_form": form,
        "verduidelijking_next": request.POST.get("next", "") if request.method == "POST" else "",
    }, status=400 if form.is_bound else 200)


@zorgkantoor_vereist
def overzicht(request, ronde_pk):
    """Per round: every situation with a request, who in it got the offer and who did not; all requests."""
    ronde = get_object_or_404(rondes_voor(request.user), pk=ronde_pk)
    zorgkantoor = request.user.zorgkantoor
    verzoeken = (Verduidelijkingsverzoek.objects
                 .filter(beoordeling__in=beoordelingen_voor(request.user).filter(inschrijving__ronde=ronde))
                 .select_related("beoordeling__inschrijving__zorgaanbieder", "gesteld_door", "beantwoord_door")
                 .order_by("-gesteld_op", "-pk"))
    return render(request, "beoordeling/verduidelijking/overzicht.html", {
        "ronde": ronde, "zorgkantoor": zorgkantoor, "situaties": diensten.gelijke_behandeling(ronde, zorgkantoor),
        "verzoeken": verzoeken, "nu": timezone.now()})


# ---------------------------------------------------------------------------------------------------------------
# Aanbieder


def _verzoeken_van_aanbieder(user):
    return (Verduidelijkingsverzoek.objects
            .filter(beoordeling__inschrijving__in=inschrijvingen_voor(user).values("pk"))
            .select_related("beoordeling__inschrijving__zorgkantoor", "beoordeling__inschrijving__ronde",
                            "beantwoord_door"))


@aanbieder_vereist
def lijst(request, inschrijving_pk):
    inschrijving = get_object_or_404(inschrijvingen_voor(request.user), pk=inschrijving_pk)
    verzoeken = list(_verzoeken_van_aanbieder(request.user).filter(beoordeling__inschrijving=inschrijving)
                     .order_by("-gesteld_op", "-pk"))
    nu = timezone.now()
    return render(request, "beoordeling/verduidelijking/lijst.html", {
        "inschrijving": inschrijving, "nu": nu,
        "open_verzoeken": [v for v in verzoeken if v.open and v.termijn >= nu],
        "eerdere_verzoeken": [v for v in verzoeken if not (v.open and v.termijn >= nu)]})


@aanbieder_vereist
def antwoord(request, pk):
    """Another organisation's request is a 404: it is looked up through the user's own inschrijvingen."""
    verzoek = get_object_or_404(_verzoeken_van_aanbieder(request.user), pk=pk)
    inschrijving = verzoek.beoordeling.inschrijving
    sluitingsdag = diensten.sluitingsdag(inschrijving)
    kan_antwoorden = verzoek.open and timezone.now() <= verzoek.termijn
    form = None
    wachten = request.method == "POST" and bool(request.FILES) and beveiliging.overschreden(
        request, beveiliging.UPLOAD_GEBRUIKER)
    if wachten:
        # The same limit as the inschrijving's documents: the file is not read; the answer typed comes back.
        form = AntwoordForm(request.POST, verzoek=verzoek, sluitingsdag=sluitingsdag)
        form.add_error("document", beveiliging.upload_melding(wachten))
        return render(request, "beoordeling/verduidelijking/antwoord.html", {
            "verzoek": verzoek, "inschrijving": inschrijving, "form": form, "kan_antwoorden": kan_antwoorden,
            "sluiting": inschrijving.sluiting()}, status=429)
    if kan_antwoorden or request.method == "POST":
        form = AntwoordForm(request.POST or None, request.FILES or None, verzoek=verzoek, sluitingsdag=sluitingsdag)
    if request.method == "POST" and form.is_valid():
        try:
            diensten.verzoek_beantwoorden(verzoek=verzoek, antwoord=form.cleaned_data["antwoord"],
                                          document=form.cleaned_data.get("document"),
                                          document_datum=form.cleaned_data.get("document_datum"), door=request.user)
        except ValidationError as fout:
            fout_in_form(form, fout)
        else:
            messages.success(request, _("Uw antwoord is verstuurd naar het zorgkantoor."))
            return redirect("beoordeling:verduidelijking_lijst", inschrijving_pk=inschrijving.pk)
    return render(request, "beoordeling/verduidelijking/antwoord.html", {
        "verzoek": verzoek, "inschrijving": inschrijving, "form": form, "kan_antwoorden": kan_antwoorden,
        "sluiting": inschrijving.sluiting()}, status=400 if form is not None and form.is_bound else 200)


def document(request, pk):
    """The answer's PDF, for the zorgkantoor's staff (recorded in the audit trail) and for the aanbieder."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    if request.user.is_zorgkantoor:
        qs = Verduidelijkingsverzoek.objects.filter(beoordeling__in=beoordelingen_voor(request.user))
    elif request.user.is_aanbieder:
        qs = _verzoeken_van_aanbieder(request.user)
    else:
        raise Http404
    verzoek = get_object_or_404(qs.select_related("beoordeling__inschrijving"), pk=pk)
    if not verzoek.antwoord_document:
        raise Http404
    if request.user.is_zorgkantoor:
        audit.log(actie="document_bekeken", inschrijving=verzoek.beoordeling.inschrijving, door=request.user,
                  omschrijving=_("Antwoord op verzoek om verduidelijking %(pk)s: %(naam)s (SHA-256 %(sha)s…)") % {
                      "pk": verzoek.pk, "naam": verzoek.antwoord_document_naam,
                      "sha": verzoek.antwoord_document_sha256[:12]})
    antwoord = FileResponse(verzoek.antwoord_document.open("rb"), content_type="application/pdf",
                            as_attachment=request.GET.get("inline") != "1",
                            filename=verzoek.antwoord_document_naam or "document.pdf")
    antwoord["X-Content-Type-Options"] = "nosniff"
    return antwoord
