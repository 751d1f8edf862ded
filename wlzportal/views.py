"""The landing page: each role starts where its work is."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse


@login_required
def start(request):
    user = request.user
    if user.is_aanbieder:
        return redirect(reverse("inschrijving:dashboard"))
    if user.rol == "zorginkoper":
        return redirect(reverse("beoordeling:start"))
    return redirect(reverse("admin:index"))
