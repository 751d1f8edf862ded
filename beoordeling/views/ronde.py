"""Pages for zorginkopers: thin views over selectors and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user

from beoordeling import audit
from beoordeling import opening as openen
from inschrijving.models import Opening
from inschrijving.selectors import inschrijvingen_voor, rondes_voor, verzegeld_aantal
from inschrijving.views.basis import zorgkantoor_vereist
from wlzportal.accounts import CodeForm


@zorgkantoor_vereist
def start(request):
    zk = request.user.zorgkantoor
    openingen = {o.ronde_id: o for o in Opening.objects.filter(zorgkantoor=zk).select_related("geopend_door",
                                                                                               "tweede_opener")}
    rondes = [(ronde, ronde.planning(zk), verzegeld_aantal(request.user, ronde), openingen.get(ronde.pk))
              for ronde in rondes_voor(request.user)]
    return render(request, "beoordeling/start.html", {"zorgkantoor": zk, "rondes": rondes})


def _codeformulier(request):
    return CodeForm(request.POST if request.method == "POST" else None,
                    apparaten=list(devices_for_user(request.user, confirmed=True)))


def _openen_pagina(request, ronde, planning, form, status=200):
    """The closed, unopened round: the count, a colleague's request if there is one, and the code form."""
    zk = request.user.zorgkantoor
    return render(request, "beoordeling/openen.html", {
        "ronde": ronde, "planning": planning, "aantal": verzegeld_aantal(request.user, ronde),
        "verzoek": openen.verzoek_van(ronde, zk), "form": form}, status=status)


@zorgkantoor_vereist
def ontvangen(request, ronde_pk):
    """The received inschrijvingen of a round. Sealed until the sluitingstijd, and after it until two colleagues
    have opened them (the proces-verbaal van opening): until then only the count."""
    ronde = get_object_or_404(rondes_voor(request.user), pk=ronde_pk)
    zk = request.user.zorgkantoor
    planning = ronde.planning(zk)
    if not planning.gesloten():
        return render(request, "beoordeling/verzegeld.html", {
            "ronde": ronde, "planning": planning, "aantal": verzegeld_aantal(request.user, ronde)}, status=403)
    opening = openen.opening_van(ronde, zk)
    if opening is None:
        return _openen_pagina(request, ronde, planning, _codeformulier(request))
    inschrijvingen = inschrijvingen_voor(request.user).filter(ronde=ronde).order_by("zorgaanbieder__statutaire_naam")
    return render(request, "beoordeling/ontvangen.html", {"ronde": ronde, "opening": opening,
                                                          "inschrijvingen": inschrijvingen})


@require_POST
@zorgkantoor_vereist
def openen_stap(request, ronde_pk, stap):
    """Request, confirm or withdraw the opening; requesting and confirming each need a fresh code of the second
    factor, so the proces-verbaal names two people who each proved it was them at that moment."""
    if stap not in ("verzoeken", "bevestigen", "intrekken"):
        raise Http404
    ronde = get_object_or_404(rondes_voor(request.user), pk=ronde_pk)
    planning = ronde.planning(request.user.zorgkantoor)
    if not planning.gesloten():
        return redirect("beoordeling:ontvangen", ronde.pk)
    if stap == "intrekken":
        openen.opening_intrekken(ronde=ronde, door=request.user)
        messages.info(request, _("Uw verzoek tot opening is ingetrokken."))
        return redirect("beoordeling:ontvangen", ronde.pk)
    form = _codeformulier(request)
    if form.is_valid():
        try:
            if stap == "verzoeken":
                openen.opening_verzoeken(ronde=ronde, door=request.user)
                messages.success(request, _("Opening aangevraagd. Een collega bevestigt haar met de eigen tweede "
                                            "factor; pas dan gaan de inschrijvingen open."))
            else:
                openen.opening_bevestigen(ronde=ronde, door=request.user)
                messages.success(request, _("De inschrijvingen zijn geopend. Het proces-verbaal is vastgelegd."))
            return redirect("beoordeling:ontvangen", ronde.pk)
        except ValidationError as fout:
            form.add_error(None, fout)
    return _openen_pagina(request, ronde, planning, form, status=400)


@zorgkantoor_vereist
def proces_verbaal(request, ronde_pk):
    ronde = get_object_or_404(rondes_voor(request.user), pk=ronde_pk)
    opening = openen.opening_van(ronde, request.user.zorgkantoor)
    if opening is None or not opening.proces_verbaal:
        raise Http404
    return FileResponse(opening.proces_verbaal.open("rb"), as_attachment=True, content_type="application/pdf",
                        filename=f"proces-verbaal-opening-{ronde.pk}.pdf")


@zorgkantoor_vereist
def inschrijving(request, pk):
    inschrijving = get_object_or_404(inschrijvingen_voor(request.user), pk=pk)
    indiening = inschrijving.actuele_indiening()
    # Every view of a dossier by staff is on record (issue 11), as the assessment page and each document are.
    audit.log(actie="dossier_bekeken", inschrijving=inschrijving, door=request.user,
              omschrijving=f"Indiening {indiening.volgnummer} (SHA-256 {indiening.sha256[:12]}…)" if indiening else "")
    return render(request, "beoordeling/inschrijving.html", {
        "inschrijving": inschrijving, "indiening": indiening, "dossier": indiening.snapshot,
        "documenten": indiening.documenten.select_related("documenttype")})
