"""Pages for zorgaanbieders: thin views over selectors and services."""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from inschrijving import lezingen, scannen, services, signals, virusscan
from inschrijving.dossier import actuele_documenten, dossier_van
from inschrijving.evaluator import (
    GEWOGEN,
    HANDMATIG,
    INREGELTIJD,
    VOLDOET,
    VOLDOET_NIET,
    evalueer,
    handmatige_controles,
)
from inschrijving.forms import (
    BestuursverklaringForm,
    DocumentGegevensForm,
    DocumentUploadForm,
    IndienenForm,
    InstemmingOnderaannemerFormSet,
    InstemmingsverklaringForm,
    OnderaannemerFormSet,
    OndernemingsplanForm,
)
from inschrijving.models import Document, DocumentType, Inschrijving, Termijnwijziging, Zorgkantoor
from inschrijving.selectors import documenten_voor, indieningen_voor, inschrijvingen_voor, rondes_voor
from inschrijving.views.basis import aanbieder_vereist
from wlzportal import beveiliging
from wlzportal.aankomst import aangekomen_op
from wlzportal.accounts import opnieuw_inloggen, recent_getypt


def _inschrijving(request, pk) -> Inschrijving:
    return get_object_or_404(inschrijvingen_voor(request.user), pk=pk)


def _fout(request, fout: ValidationError) -> None:
    for bericht in fout.messages:
        messages.error(request, bericht)


@aanbieder_vereist
def dashboard(request):
    eigen = {(i.ronde_id, i.zorgkantoor_id): i for i in inschrijvingen_voor(request.user)}
    regels = [(ronde, zk, ronde.planning(zk), eigen.get((ronde.pk, zk.pk)))
              for ronde in rondes_voor(request.user) for zk in ronde.zorgkantoren.all()]
    # 002 §4.6: after a rejection one more inschrijving for that year; the page says so before the button is pressed.
    regels = [(ronde, zk, planning, inschrijving, None if inschrijving or planning.gesloten() else
               services.herinschrijving_weigering(zorgaanbieder=request.user.zorgaanbieder, zorgkantoor=zk,
                                                  ronde=ronde))
              for ronde, zk, planning, inschrijving in regels]
    # Every deadline moved after publication shows with the round: old and new value, when and why.
    wijzigingen = [w for w in Termijnwijziging.objects.filter(
        ronde__in={r[0].pk for r in regels}, doorgevoerd_op__isnull=False).select_related("ronde", "zorgkantoor")
        .order_by("ronde", "doorgevoerd_op")
        if w.zorgkantoor_id is None or any(r[0].pk == w.ronde_id and r[1].pk == w.zorgkantoor_id for r in regels)]
    return render(request, "inschrijving/dashboard.html", {"regels": regels, "wijzigingen": wijzigingen})


@aanbieder_vereist
@require_POST
def starten(request, ronde_pk, zk_pk):
    ronde = get_object_or_404(rondes_voor(request.user), pk=ronde_pk)
    zorgkantoor = get_object_or_404(Zorgkantoor, pk=zk_pk)
    try:
        inschrijving = services.inschrijving_starten(ronde=ronde, zorgkantoor=zorgkantoor, door=request.user)
    except ValidationError as fout:
        _fout(request, fout)
        return redirect("inschrijving:dashboard")
    return redirect("inschrijving:overzicht", pk=inschrijving.pk)


def _samenvatting(bevindingen):
    tellingen = Counter(b.uitkomst for b in bevindingen)
    return {"voldoet_niet": tellingen[VOLDOET_NIET], "voldoet": tellingen[VOLDOET],
            "inregeltijd": tellingen[INREGELTIJD], "signalen": tellingen[GEWOGEN],
            "groen": tellingen[VOLDOET_NIET] == 0}


@aanbieder_vereist
def overzicht(request, pk):
    inschrijving = services.type_bijwerken(_inschrijving(request, pk))
    eis = inschrijving.eis()
    dossier = dossier_van(inschrijving)
    bevindingen = evalueer(dossier)
    documenten = {d.documenttype_id: d for d in actuele_documenten(inschrijving)}
    # Still being read: scanned (or not scanned at all) and the dossier carries no reading of it yet.
    gelezen = {d["id"] for d in dossier["documenten"] if d["lezing"]}
    for d in documenten.values():
        d.wordt_gelezen = d.scan in lezingen.TE_LEZEN and d.pk not in gelezen
    vereiste = [(dt, documenten.get(dt.pk)) for dt in (eis.documenten.order_by("volgorde") if eis else [])]
    return render(request, "inschrijving/overzicht.html", {
        "inschrijving": inschrijving, "eis": eis, "planning": inschrijving.planning,
        "bewerkbaar": inschrijving.bewerkbaar(), "vereiste_documenten": vereiste,
        "samenvatting": _samenvatting(bevindingen), "indieningen": inschrijving.indieningen.all(),
        "actuele_indiening": inschrijving.actuele_indiening(), "geweigerd": scannen.geweigerde_uploads(inschrijving),
        # The document list follows a running scan or reading without a reload (htmx, every 3 s).
        "volgen": any(d.scan == Document.Scan.WACHTEND or d.wordt_gelezen for d in documenten.values()),
    })


@aanbieder_vereist
def verklaring(request, pk):
    inschrijving = _inschrijving(request, pk)
    eis = inschrijving.eis()
    if eis is None:
        raise Http404
    instance = services.verklaring_van(inschrijving, eis.verklaring)
    bestuur = eis.verklaring == "bestuur"
    data = request.POST if request.method == "POST" else None
    if bestuur:
        voorwaarden = set(eis.documenten.values_list("voorwaarde", flat=True))
        form = BestuursverklaringForm(data, instance=instance, vraag_bevoegdheid="volmacht" in voorwaarden,
                                      vraag_wijzigingen="wijzigingen" in voorwaarden)
        formset = OnderaannemerFormSet(data, instance=instance, prefix="oa")
        form.fields["bijlage3_zorgkantoren"].queryset = Zorgkantoor.objects.exclude(pk=inschrijving.zorgkantoor_id)
    else:
        form = InstemmingsverklaringForm(data, instance=instance)
        formset = InstemmingOnderaannemerFormSet(data, instance=instance, prefix="oa")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.verklaring_opslaan(inschrijving=inschrijving, door=request.user, form=form, formset=formset)
        except ValidationError as fout:
            _fout(request, fout)
        else:
            messages.success(request, _("De verklaring is opgeslagen."))
            return redirect("inschrijving:overzicht", pk=pk)
    return render(request, "inschrijving/verklaring.html", {
        "inschrijving": inschrijving, "form": form, "formset": formset, "bestuur": bestuur,
        "bewerkbaar": inschrijving.bewerkbaar()})


@aanbieder_vereist
def ondernemingsplan(request, pk):
    inschrijving = _inschrijving(request, pk)
    eis = inschrijving.eis()
    if eis is None or eis.ondernemingsplan == "geen":
        raise Http404
    form = OndernemingsplanForm(request.POST or None, instance=services.plan_van(inschrijving),
                                omvang=eis.ondernemingsplan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_opslaan(inschrijving=inschrijving, door=request.user, form=form)
        except ValidationError as fout:
            _fout(request, fout)
        else:
            messages.success(request, _("Het ondernemingsplan is opgeslagen."))
            return redirect("inschrijving:overzicht", pk=pk)
    return render(request, "inschrijving/ondernemingsplan.html", {
        "inschrijving": inschrijving, "form": form, "omvang": eis.get_ondernemingsplan_display(),
        "bewerkbaar": inschrijving.bewerkbaar()})


def _documenttype(inschrijving, code) -> DocumentType:
    eis = inschrijving.eis()
    if eis is None:
        raise Http404
    return get_object_or_404(eis.documenten, code=code)


@aanbieder_vereist
def document(request, pk, code):
    """Upload (a new version of) one document, with the details its checks need."""
    inschrijving = _inschrijving(request, pk)
    documenttype = _documenttype(inschrijving, code)
    versies = inschrijving.documenten.filter(documenttype=documenttype).order_by("-versie")
    actueel = next((v for v in versies if v.vervangen_op is None), None)
    status = 200
    if request.method == "POST" and (wachten := beveiliging.overschreden(request, beveiliging.UPLOAD_GEBRUIKER)):
        # The file is not even read (let alone scanned); the details typed come back in the form.
        form = DocumentUploadForm(request.POST, documenttype=documenttype)
        form.fields["bestand"].required = False
        form.add_error("bestand", beveiliging.upload_melding(wachten))
        status = 429
    elif request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES, documenttype=documenttype)
        form.is_valid()
        if "bestand" not in form.errors and form.cleaned_data.get("bestand"):
            try:
                nieuw = services.document_toevoegen(inschrijving=inschrijving, documenttype=documenttype,
                                                    upload=form.cleaned_data["bestand"], gegevens=form.gegevens(),
                                                    door=request.user)
            except ValidationError as fout:
                _fout(request, fout)
            else:
                if form.errors:
                    # The file is kept; only the wrongly filled details are asked again.
                    messages.warning(request, _("Het bestand is opgeslagen. Corrigeer de gemarkeerde gegevens."))
                    gegevens_form = DocumentGegevensForm(request.POST, documenttype=documenttype)
                    gegevens_form.is_valid()
                    return render(request, "inschrijving/document.html", {
                        "inschrijving": inschrijving, "documenttype": documenttype, "form": gegevens_form,
                        # versies.all(): a fresh query, the one above was read before this upload.
                        "actueel": nieuw, "versies": versies.all(), "bewerkbaar": True,
                        "actie": reverse("inschrijving:document_gegevens", args=[pk, nieuw.pk])})
                messages.success(request, _("%(naam)s is opgeslagen (versie %(versie)s).") % {
                    "naam": documenttype.naam, "versie": nieuw.versie})
                if nieuw.scan == Document.Scan.WACHTEND:
                    messages.info(request, _("Het bestand wordt nu op virussen gescand; dat duurt meestal enkele "
                                             "seconden. Een geweigerd bestand ziet u op deze pagina."))
                if dubbel := services.zelfde_bestand_elders(nieuw):
                    messages.warning(request, _("Let op: dit is precies hetzelfde bestand als uw %(andere)s. Elk "
                                                "document moet het eigen document zijn; upload bij elk het juiste "
                                                "bestand.") % {"andere": ", ".join(dubbel)})
                return redirect("inschrijving:overzicht", pk=pk)
    else:
        form = DocumentUploadForm(documenttype=documenttype)
    return render(request, "inschrijving/document.html", {
        "inschrijving": inschrijving, "documenttype": documenttype, "form": form, "actueel": actueel,
        "versies": versies, "bewerkbaar": inschrijving.bewerkbaar(), "upload": True,
        # Its own ids: the upload form above has the same fields, and a label must point at its own input.
        "gegevens_form": DocumentGegevensForm(initial=DocumentGegevensForm.initial_van(actueel),
                                              documenttype=documenttype, auto_id="gegevens_%s") if actueel else None},
        status=status)


@aanbieder_vereist
@require_POST
def document_gegevens(request, pk, doc_pk):
    inschrijving = _inschrijving(request, pk)
    document = get_object_or_404(inschrijving.documenten.select_related("documenttype"), pk=doc_pk)
    form = DocumentGegevensForm(request.POST, documenttype=document.documenttype)
    if form.is_valid():
        try:
            services.document_gegevens_wijzigen(document=document, gegevens=form.gegevens(), door=request.user)
        except ValidationError as fout:
            _fout(request, fout)
        else:
            messages.success(request, _("De gegevens van %(naam)s zijn opgeslagen.") % {
                "naam": document.documenttype.naam})
            return redirect("inschrijving:overzicht", pk=pk)
    return render(request, "inschrijving/document.html", {
        "inschrijving": inschrijving, "documenttype": document.documenttype, "form": form, "actueel": document,
        "versies": inschrijving.documenten.filter(documenttype=document.documenttype).order_by("-versie"),
        "bewerkbaar": inschrijving.bewerkbaar(),
        "actie": reverse("inschrijving:document_gegevens", args=[pk, document.pk])})


@xframe_options_sameorigin  # the zorginkoper's workspace shows it beside the rule, in a frame of this portal
def document_downloaden(request, doc_pk):
    """Every download goes through the user's scoped queryset; another party's document is a 404."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    document = get_object_or_404(documenten_voor(request.user), pk=doc_pk)
    if document.scan == Document.Scan.WACHTEND:  # nobody opens a file before its virus scan (inschrijving.scannen)
        try:
            document = scannen.scannen(document.pk)
        except virusscan.ScanNietBeschikbaar:
            return _niet_te_openen(request, document, _(
                "Dit document wordt nog op virussen gescand. Probeer het over enkele minuten opnieuw."), 503)
    if document.scan == Document.Scan.BESMET:
        return _niet_te_openen(request, document, _(
            "Dit bestand is geweigerd: de virusscan vond er schadelijke inhoud in (%(vondst)s). Het wordt niet "
            "geopend.") % {"vondst": document.scan_vondst}, 410)
    if request.user.is_zorgkantoor:
        signals.document_bekeken.send(sender=Document, document=document, door=request.user)
    antwoord = FileResponse(document.bestand.open("rb"), content_type="application/pdf",
                            as_attachment=request.GET.get("inline") != "1", filename=document.weergavenaam)
    antwoord["X-Content-Type-Options"] = "nosniff"
    return antwoord


def _niet_te_openen(request, document, melding, status):
    return render(request, "inschrijving/document_niet_te_openen.html",
                  {"document": document, "melding": melding}, status=status)


@aanbieder_vereist
def voorcontrole(request, pk):
    inschrijving = _inschrijving(request, pk)
    dossier = dossier_van(inschrijving)
    bevindingen = evalueer(dossier)
    groepen = [
        (_("Maakt de inschrijving onvolledig of leidt tot uitsluiting"),
         _("Dit volgt uit het inkoopkader zonder dat iemand het weegt: herstel het vóór de sluitingstijd."),
         [b for b in bevindingen if b.uitkomst == VOLDOET_NIET]),
        (_("Weegt het zorgkantoor (signaal)"),
         _("Dit sluit u niet uit. Het zorgkantoor weegt het, met het bewijs erbij; bij een nieuwe zorgaanbieder in "
           "het gesprek. Licht het toe waar dat kan."),
         [b for b in bevindingen if b.uitkomst == GEWOGEN]),
        (_("Beoordeelt het zorgkantoor na de sluitingstijd"),
         _("De zorginkoper beoordeelt dit aan de hand van uw documenten en legt het oordeel met een reden vast."),
         [b for b in bevindingen if b.uitkomst == HANDMATIG] + handmatige_controles(dossier)),
        (_("Mag later: leidt tot een overeenkomst onder voorwaarden"), "",
         [b for b in bevindingen if b.uitkomst == INREGELTIJD]),
        (_("In orde"), "", [b for b in bevindingen if b.uitkomst == VOLDOET]),
    ]
    return render(request, "inschrijving/voorcontrole.html", {
        "inschrijving": inschrijving, "groepen": groepen, "samenvatting": _samenvatting(bevindingen),
        "herstel": {b.regel: _herstel_url(inschrijving, b.onderdeel) for b in bevindingen},
        "bewerkbaar": inschrijving.bewerkbaar(), "geweigerd": scannen.geweigerde_uploads(inschrijving)})


def _herstel_url(inschrijving, onderdeel: str) -> str:
    if onderdeel.startswith("document:"):
        return reverse("inschrijving:document", args=[inschrijving.pk, onderdeel.split(":", 1)[1]])
    if onderdeel == "ondernemingsplan":
        return reverse("inschrijving:ondernemingsplan", args=[inschrijving.pk])
    if onderdeel == "zelfanalyse":
        return reverse("inschrijving:zelfanalyse", args=[inschrijving.pk])
    return reverse("inschrijving:verklaring", args=[inschrijving.pk])


@aanbieder_vereist
def indienen(request, pk):
    """Review everything that will be submitted, then sign (tekenbevoegde only): the declaration, with the password
    unless it was typed in this session in the last WLZ_ONDERTEKENEN_BINNEN_MINUTEN minutes. A submit builds and
    evaluates the dossier once, in the service; the page only when it is shown."""
    inschrijving = _inschrijving(request, pk)
    getypt = recent_getypt(request)
    # Without a password (eHerkenning) the recent strong login signs; when that is too long ago, log in again.
    opnieuw = opnieuw_inloggen(request) if getypt is None else None
    form = IndienenForm(request.POST or None, wachtwoord_nodig=getypt is None and opnieuw is None)
    if request.method == "POST" and form.is_valid():
        try:
            # On time is decided by when the request arrived, not by when its processing ends (issue 9, 4).
            indiening = services.indienen(inschrijving=inschrijving, door=request.user, request=request,
                                          wachtwoord=form.cleaned_data.get("wachtwoord"),
                                          ondanks_bevindingen=form.cleaned_data["ondanks_bevindingen"],
                                          moment=aangekomen_op(request))
        except ValidationError as fout:
            if hasattr(fout, "error_dict"):
                for veld, fouten in fout.message_dict.items():
                    for bericht in fouten:
                        form.add_error(veld if veld in form.fields else None, bericht)
            else:
                _fout(request, fout)
        else:
            messages.success(request, _("Uw inschrijving is ontvangen. De ontvangstbevestiging wordt per e-mail "
                                        "verstuurd naar alle gebruikers van uw organisatie."))
            return redirect("inschrijving:ingediend", pk=pk, volgnummer=indiening.volgnummer)
    dossier = dossier_van(inschrijving)
    bevindingen = evalueer(dossier)
    return render(request, "inschrijving/indienen.html", {
        "inschrijving": inschrijving, "dossier": dossier, "form": form, "samenvatting": _samenvatting(bevindingen),
        "blokkerend": [b for b in bevindingen if b.uitkomst == VOLDOET_NIET], "bewerkbaar": inschrijving.bewerkbaar(),
        "mag_tekenen": request.user.mag_tekenen, "wachtwoord_getypt": getypt, "opnieuw_inloggen": opnieuw,
        "ondertekenen_tot": getypt + timedelta(minutes=settings.ONDERTEKENEN_BINNEN_MINUTEN) if getypt else None})


@aanbieder_vereist
def ingediend(request, pk, volgnummer):
    indiening = get_object_or_404(indieningen_voor(request.user), inschrijving=pk, volgnummer=volgnummer)
    return render(request, "inschrijving/ingediend.html", {"indiening": indiening,
                                                           "inschrijving": indiening.inschrijving})


@aanbieder_vereist
@require_POST
def intrekken(request, pk):
    inschrijving = _inschrijving(request, pk)
    try:
        services.intrekken(inschrijving=inschrijving, door=request.user, moment=aangekomen_op(request))
    except ValidationError as fout:
        _fout(request, fout)
    else:
        messages.success(request, _("Uw inschrijving is ingetrokken. U kunt tot de sluitingstijd opnieuw indienen."))
    return redirect("inschrijving:overzicht", pk=pk)


def ontvangstbevestiging(request, pk, volgnummer):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    indiening = get_object_or_404(indieningen_voor(request.user), inschrijving=pk, volgnummer=volgnummer)
    if not indiening.ontvangstbewijs:
        from inschrijving.pdf import bewaar_ontvangstbevestiging

        bewaar_ontvangstbevestiging(indiening)
        indiening.refresh_from_db()
    return FileResponse(indiening.ontvangstbewijs.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"ontvangstbevestiging-{indiening.inschrijving_id}-{indiening.volgnummer}.pdf")


