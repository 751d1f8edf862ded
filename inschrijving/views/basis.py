"""Access guards shared by the inschrijving views."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from inschrijving.models import Rol


def aanbieder_vereist(view):
    """Only users of a zorgaanbieder (medewerker or tekenbevoegde)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_aanbieder:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def zorgkantoor_vereist(view):
    """Only zorgkantoor staff (zorginkoper or a beheerder of a zorgkantoor), second factor verified."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_zorgkantoor or not request.user.zorgkantoor_id:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def beheerder_vereist(view):
    """Only a beheerder (second factor verified: the middleware sees to that); anyone else gets a 404, so the page's
    existence is not told. For a beheerder of a zorgkantoor, wrap it in ``zorgkantoor_vereist`` as well."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.rol != Rol.BEHEERDER:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def fout_in_form(form, fout: ValidationError) -> None:
    """A service's ValidationError beside the field it is about, or above the form (a field the form lacks too)."""
    if hasattr(fout, "error_dict"):
        for veld, lijst in fout.error_dict.items():
            form.add_error(veld if veld in form.fields else None, lijst)
    else:
        form.add_error(None, fout)
