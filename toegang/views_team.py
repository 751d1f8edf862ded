"""The organisation's own team: every user of an aanbieder sees its colleagues and the history; a tekenbevoegde
invites, changes roles and removes. Records are found only through ``team.collegas`` / ``team.uitnodigingen``:
another organisation's id is a 404."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from beoordeling.models import AuditRegel
from inschrijving.models import Gebruiker
from inschrijving.views.basis import aanbieder_vereist, fout_in_form
from toegang import team
from toegang.forms import AccountForm, RolForm, UitnodigForm
from toegang.models import Uitnodiging


def _team(request, uitnodig, *, status=200):
    collegas = team.collegas(request.user).order_by("-is_active", "last_name", "first_name")
    open_ = list(team.uitnodigingen(request.user).filter(status=Uitnodiging.Status.OPEN)
                 .select_related("uitgenodigd_door"))
    geschiedenis = (AuditRegel.objects.filter(zorgaanbieder_id=request.user.zorgaanbieder_id)
                    .select_related("door").order_by("-op", "-pk")[:50])
    return render(request, "toegang/team.html", {
        "collegas": collegas, "uitnodigingen": open_, "geschiedenis": geschiedenis,
        "beheert": request.user.mag_tekenen, "uitnodig": uitnodig}, status=status)


@aanbieder_vereist
def overzicht(request):
    return _team(request, UitnodigForm() if request.user.mag_tekenen else None)


@aanbieder_vereist
@require_POST
def uitnodigen(request):
    if not request.user.mag_tekenen:
        raise PermissionDenied
    form = UitnodigForm(request.POST)
    if form.is_valid():
        try:
            uitnodiging = team.uitnodigen(door=request.user, **{k: form.cleaned_data[k] for k in (
                "email", "voornaam", "achternaam", "rol", "grond")})
        except ValidationError as fout:
            fout_in_form(form, fout)
        else:
            messages.success(request, _("%(email)s is uitgenodigd en krijgt een e-mail met een link.")
                             % {"email": uitnodiging.email})
            return redirect("toegang:team")
    return _team(request, form, status=400)


@aanbieder_vereist
@require_POST
def intrekken(request, pk):
    uitnodiging = get_object_or_404(team.uitnodigingen(request.user), pk=pk)
    try:
        team.intrekken(door=request.user, uitnodiging=uitnodiging)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("De uitnodiging van %(email)s is ingetrokken.") % {"email": uitnodiging.email})
    return redirect("toegang:team")


@aanbieder_vereist
@require_http_methods(["GET", "POST"])
def collega(request, pk):
    persoon = get_object_or_404(team.collegas(request.user), pk=pk)
    form = RolForm(initial={"rol": persoon.rol})
    status = 200
    if request.method == "POST":
        if not request.user.mag_tekenen:
            raise PermissionDenied
        if "verwijderen" in request.POST:
            try:
                team.verwijderen(door=request.user, collega=persoon)
            except ValidationError as fout:
                messages.error(request, " ".join(fout.messages))
            else:
                messages.success(request, _("%(naam)s heeft geen toegang meer.") % {"naam": persoon.get_full_name()})
                return redirect("toegang:team")
        else:
            form = RolForm(request.POST)
            if form.is_valid():
                try:
                    team.rol_wijzigen(door=request.user, collega=persoon, rol=form.cleaned_data["rol"],
                                      grond=form.cleaned_data["grond"])
                except ValidationError as fout:
                    fout_in_form(form, fout)
                else:
                    messages.success(request, _("De rol van %(naam)s is bijgewerkt.")
                                     % {"naam": persoon.get_full_name()})
                    return redirect("toegang:team")
        status = 400
    return render(request, "toegang/collega.html", {"persoon": persoon, "form": form,
                                                    "beheert": request.user.mag_tekenen}, status=status)


@require_http_methods(["GET", "POST"])
def aanvaarden(request, token):
    try:
        uitnodiging = team.uitnodiging_van_token(token)
    except ValidationError as fout:
        return render(request, "toegang/uitnodiging.html", {"fout": fout.messages[0]}, status=400)
    if request.user.is_authenticated:
        return render(request, "toegang/uitnodiging.html", {"uitnodiging": uitnodiging, "ingelogd": True})
    nieuw = Gebruiker(username=uitnodiging.email.lower(), email=uitnodiging.email, first_name=uitnodiging.voornaam,
                      last_name=uitnodiging.achternaam)
    form = AccountForm(nieuw, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                gebruiker = team.aanvaarden(uitnodiging, wachtwoord=form.cleaned_data["new_password1"])
            except ValidationError as fout:
                form.add_error(None, " ".join(fout.messages))
            else:
                login(request, gebruiker, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welkom! Stel nu uw tweede factor in."))
                return redirect("start")
        status = 400
    return render(request, "toegang/uitnodiging.html", {"uitnodiging": uitnodiging, "form": form}, status=status)
