"""Registration pages (anyone) and their approval (beheerders of the zorgkantoor)."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inschrijving.views.basis import beheerder_vereist
from toegang import aanmelden, kvk
from toegang.forms import ORGANISATIE, AanmeldForm, AfwijsForm, GoedkeurForm
from toegang.models import Aanmelding
from wlzportal import beveiliging


@require_http_methods(["GET", "POST"])
def aanmelden_view(request):
    if request.user.is_authenticated:
        return redirect("start")
    form = AanmeldForm(request.POST or None)
    status = 200
    if request.method == "POST":
        wachten = beveiliging.overschreden(request, beveiliging.AANMELDEN_IP)
        if wachten is not None:
            form.is_valid()
            form.add_error(None, _("Er zijn vanaf uw adres in korte tijd te veel aanmeldingen gedaan. Er is niets "
                                   "opgeslagen. Probeer het %(wanneer)s opnieuw.") % {
                "wanneer": beveiliging.over(wachten)})
            status = 429
        elif form.is_valid():
            aanmelding = aanmelden.aanmelden(form.save(commit=False))
            request.session["toegang_aanmelding"] = aanmelding.pk
            return redirect("toegang:aangemeld")
    return render(request, "toegang/aanmelden.html", {"form": form, "kvk_aan": kvk.aan()}, status=status)


def aangemeld(request):
    aanmelding = Aanmelding.objects.filter(pk=request.session.get("toegang_aanmelding")).first()
    if aanmelding is None:
        return redirect("toegang:aanmelden")
    return render(request, "toegang/aangemeld.html", {"aanmelding": aanmelding})


@require_http_methods(["GET", "POST"])
def bevestigen(request, token):
    try:
        aanmelding = aanmelden.aanmelding_van_token(token)
    except ValidationError as fout:
        return render(request, "toegang/bevestigen.html", {"fout": fout.messages[0]}, status=400)
    if request.method == "POST":
        aanmelding = aanmelden.bevestigen(aanmelding)
    return render(request, "toegang/bevestigen.html", {"aanmelding": aanmelding})


@beheerder_vereist
def aanmeldingen(request):
    lijst = Aanmelding.objects.select_related("beoordeeld_door").order_by("-aangemeld_op")
    te_beoordelen = [a for a in lijst if a.status == Aanmelding.Status.TE_BEOORDELEN]
    overig = [a for a in lijst if a.status != Aanmelding.Status.TE_BEOORDELEN][:100]
    return render(request, "toegang/aanmeldingen.html", {"te_beoordelen": te_beoordelen, "overig": overig})


@beheerder_vereist
@require_http_methods(["GET", "POST"])
def aanmelding(request, pk):
    aanmelding = get_object_or_404(Aanmelding, pk=pk)
    goedkeur = GoedkeurForm(instance=aanmelding, prefix="goed")
    afwijs = AfwijsForm(prefix="af")
    status = 200
    if request.method == "POST":
        try:
            if "goedkeuren" in request.POST:
                goedkeur = GoedkeurForm(request.POST, instance=aanmelding, prefix="goed")
                if goedkeur.is_valid():
                    gebruiker = aanmelden.goedkeuren(aanmelding, door=request.user, gegevens={
                        veld: goedkeur.cleaned_data[veld] for veld in ORGANISATIE})
                    messages.success(request, _("%(org)s is toegelaten. %(naam)s krijgt een e-mail om een wachtwoord "
                                                "in te stellen.") % {"org": gebruiker.zorgaanbieder.statutaire_naam,
                                                                     "naam": gebruiker.get_full_name()})
                    return redirect("toegang:aanmeldingen")
            else:
                afwijs = AfwijsForm(request.POST, prefix="af")
                if afwijs.is_valid():
                    aanmelden.afwijzen(aanmelding, door=request.user, reden=afwijs.cleaned_data["reden"])
                    messages.success(request, _("De aanmelding van %(org)s is afgewezen; de aanmelder krijgt de "
                                                "reden per e-mail.") % {"org": aanmelding.statutaire_naam})
                    return redirect("toegang:aanmeldingen")
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        status = 400
        aanmelding.refresh_from_db()
    profiel = fout_kvk = None
    if kvk.aan() and aanmelding.status == Aanmelding.Status.TE_BEOORDELEN:
        try:
            profiel = kvk.basisprofiel(aanmelding.kvk_nummer)
        except kvk.KvkFout as fout:
            fout_kvk = fout.melding
    return render(request, "toegang/aanmelding.html", {
        "aanmelding": aanmelding, "goedkeur": goedkeur, "afwijs": afwijs, "profiel": profiel, "fout_kvk": fout_kvk,
        "bestaat_al": aanmelden.bestaat_al(aanmelding.kvk_nummer)}, status=status)
