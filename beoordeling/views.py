"""Pages for zorginkopers: thin views over selectors and services."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from inschrijving.selectors import rondes_voor


def zorgkantoor_vereist(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_zorgkantoor or not request.user.zorgkantoor_id:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@zorgkantoor_vereist
def start(request):
    zk = request.user.zorgkantoor
    rondes = [(ronde, ronde.planning(zk)) for ronde in rondes_voor(request.user)]
    return render(request, "beoordeling/start.html", {"zorgkantoor": zk, "rondes": rondes})
