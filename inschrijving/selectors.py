"""Reads scoped to the user: every queryset an aanbieder or zorgkantoor user sees starts here."""

from django.db.models import QuerySet

from inschrijving.models import Gebruiker, Inkoopronde


def rondes_voor(user: Gebruiker) -> QuerySet[Inkoopronde]:
    """Rounds the user takes part in: all rounds for aanbieders, their own zorgkantoor's for staff."""
    qs = Inkoopronde.objects.all()
    if user.is_aanbieder:
        return qs.prefetch_related("zorgkantoren")
    if user.zorgkantoor_id:
        return qs.filter(zorgkantoren=user.zorgkantoor_id)
    if user.is_staff:
        return qs
    return qs.none()
