"""The OpenID Connect pages: start and callback per provider (404 while it is off), and the short form that
describes a new organisation when its first eHerkenning login could not be described by the KvK Handelsregister."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from inschrijving.models import Zorgaanbieder
from toegang import email, oidc
from toegang.forms import ORGANISATIE, GoedkeurForm


def _aan(naam):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not oidc.aan(naam):
                raise Http404
            return view(request, *args, **kwargs)
        return wrapper
    return decorator


eherkenning = _aan("eherkenning")(oidc.EherkenningStart.as_view())
eherkenning_terug = _aan("eherkenning")(oidc.EherkenningTerug.as_view())
sso = _aan("medewerkers")(oidc.MedewerkerStart.as_view())
sso_terug = _aan("medewerkers")(oidc.MedewerkerTerug.as_view())


@_aan("eherkenning")
@require_http_methods(["GET", "POST"])
def organisatie_aanvullen(request):
    """The first eHerkenning login of an organisation the portal does not know and the KvK client could not
    describe: the user gives its name, legal form and address (the KvK-nummer is the one eHerkenning asserted)."""
    wachtend = request.session.get(oidc.WACHTEND)
    if not wachtend:
        return redirect("login")
    profiel = wachtend.get("profiel") or {}
    form = GoedkeurForm(request.POST or None, initial={v: profiel.get(v, "") for v in ORGANISATIE})
    if request.method == "POST" and form.is_valid():
        if Zorgaanbieder.objects.filter(kvk_nummer=wachtend["kvk_nummer"]).exists():
            request.session.pop(oidc.WACHTEND, None)
            return redirect("toegang:eherkenning")  # made meanwhile (a colleague): log in again to join it
        gebruiker = oidc.maak_gebruiker(wachtend, organisatie={v: form.cleaned_data[v] for v in ORGANISATIE},
                                        bron=_("het formulier van de eerste gebruiker"))
        request.session.pop(oidc.WACHTEND, None)
        login(request, gebruiker, backend="toegang.oidc.EherkenningBackend")
        oidc.eherkenning_ingelogd(request)
        return redirect("start")
    return render(request, "toegang/eherkenning_organisatie.html", {"form": form, "kvk": wachtend["kvk_nummer"]})


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Uw e-mailadres"),
                             help_text=_("Hierheen gaan uw ontvangstbevestigingen, besluiten en berichten."))


@login_required
@require_http_methods(["GET", "POST"])
def email_opgeven(request):
    """A user who came in through eHerkenning gives its e-mail address; a link confirms it."""
    if not hasattr(request.user, "eherkenning"):
        raise Http404
    form = EmailForm(request.POST or None, initial={"email": request.user.email})
    if request.method == "POST" and form.is_valid():
        email.voorstellen(request.user, form.cleaned_data["email"])
        messages.success(request, _("We hebben een link gestuurd naar %(email)s. Open die om het adres te "
                                    "bevestigen.") % {"email": form.cleaned_data["email"]})
        return redirect("start")
    return render(request, "toegang/email.html", {"form": form})


@login_required
def email_bevestigen(request, token):
    if not hasattr(request.user, "eherkenning"):
        raise Http404
    try:
        adres = email.bevestigen(request.user, token)
    except ValidationError as fout:
        messages.error(request, fout.messages[0])
        return redirect("toegang:email")
    messages.success(request, _("Uw e-mailadres %(email)s is bevestigd.") % {"email": adres})
    return redirect("start")
