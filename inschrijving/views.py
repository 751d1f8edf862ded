"""Pages for zorgaanbieders: thin views over selectors and services."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from inschrijving.selectors import rondes_voor


def aanbieder_vereist(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_aanbieder:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@aanbieder_vereist
def dashboard(request):
    rondes = rondes_voor(request.user)
    regels = [(ronde, zk, ronde.planning(zk)) for ronde in rondes for zk in ronde.zorgkantoren.all()]
    return render(request, "inschrijving/dashboard.html", {"regels": regels})
