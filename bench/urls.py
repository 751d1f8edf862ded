"""The portal's URLs plus the bare view of ``bench/paginas.py`` (only under ``bench.instellingen``).

The bare view is the floor the werkvoorraad is measured against: the same first 50 rows (the same round and
zorgkantoor, the same sort) from one query, one join of beoordeling, inschrijving, zorgaanbieder and assignee,
rendered with the same columns and labels in the portal's layout (as every page), without the werkvoorraad's
filters, counts, sorting links, paging and bulk actions. It runs behind the same middleware (sessions,
authentication, the second factor) and asks the same of the user as the werkvoorraad (``zorgkantoor_vereist``:
signed in, staff of a zorgkantoor, second factor verified), without a query of its own for that.
"""

from django.shortcuts import render
from django.urls import path

from beoordeling.models import Beoordeling, Fase
from inschrijving.models import AanbiederType
from inschrijving.views.basis import zorgkantoor_vereist
from wlzportal.urls import urlpatterns as portaal

PER_PAGINA = 50
NAAM = "inschrijving__zorgaanbieder__statutaire_naam"


@zorgkantoor_vereist
def kale_werkvoorraad(request, ronde_pk):
    rijen = list(Beoordeling.objects.select_related("inschrijving__zorgaanbieder", "toegewezen_aan")
                 .filter(inschrijving__ronde_id=ronde_pk, inschrijving__zorgkantoor_id=request.user.zorgkantoor_id)
                 .order_by(NAAM, "pk")[:PER_PAGINA])
    fase_labels, type_labels = dict(Fase.choices), dict(AanbiederType.choices)
    for b in rijen:
        b.fase_label = fase_labels.get(b.fase, b.fase)
        b.type_label = type_labels.get(b.inschrijving.aanbieder_type, b.inschrijving.aanbieder_type)
    return render(request, "bench/kale_werkvoorraad.html", {"rijen": rijen})


urlpatterns = [
    path("bench/kale-werkvoorraad/<int:ronde_pk>/", kale_werkvoorraad, name="bench_kale_werkvoorraad"),
    *portaal,
]
