"""Pages for zorginkopers: thin views over selectors and services."""

from django.shortcuts import get_object_or_404, render

from inschrijving import services
from inschrijving.models import Opening
from inschrijving.selectors import inschrijvingen_voor, rondes_voor, verzegeld_aantal
from inschrijving.views.basis import zorgkantoor_vereist


@zorgkantoor_vereist
def start(request):
    zk = request.user.zorgkantoor
    openingen = {o.ronde_id: o for o in Opening.objects.filter(zorgkantoor=zk)}
    rondes = [(ronde, ronde.planning(zk), verzegeld_aantal(request.user, ronde), openingen.get(ronde.pk))
              for ronde in rondes_voor(request.user)]
    return render(request, "beoordeling/start.html", {"zorgkantoor": zk, "rondes": rondes})


@zorgkantoor_vereist
def ontvangen(request, ronde_pk):
    """The received inschrijvingen of a round. Sealed until the sluitingstijd; the first look after
    it is recorded as the proces-verbaal van opening."""
    ronde = get_object_or_404(rondes_voor(request.user), pk=ronde_pk)
    planning = ronde.planning(request.user.zorgkantoor)
    if not planning.gesloten():
        return render(request, "beoordeling/verzegeld.html", {
            "ronde": ronde, "planning": planning, "aantal": verzegeld_aantal(request.user, ronde)}, status=403)
    opening = services.kluis_openen(ronde=ronde, door=request.user)
    inschrijvingen = inschrijvingen_voor(request.user).filter(ronde=ronde).order_by("zorgaanbieder__statutaire_naam")
    return render(request, "beoordeling/ontvangen.html", {"ronde": ronde, "opening": opening,
                                                          "inschrijvingen": inschrijvingen})


@zorgkantoor_vereist
def inschrijving(request, pk):
    inschrijving = get_object_or_404(inschrijvingen_voor(request.user), pk=pk)
    services.kluis_openen(ronde=inschrijving.ronde, door=request.user)  # the first look is the opening
    indiening = inschrijving.actuele_indiening()
    return render(request, "beoordeling/inschrijving.html", {
        "inschrijving": inschrijving, "indiening": indiening, "dossier": indiening.snapshot,
        "documenten": indiening.documenten.select_related("documenttype")})
