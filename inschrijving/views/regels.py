"""Rule sets as data (issue 13, item 6): each round's rule set as versioned JSON with its JSON Schema, and a page that
shows the differences between two rule sets.

Who may download: the inkoopkader is published, so a round's rules are public from its ``publicatie_inkoopkader``
(the zorgkantoor's own planning for its regional set) — anyone, signed in or not, as the published PDF is. Before
that moment they are a draft: only staff of a zorgkantoor taking part may fetch them (to check them before
publication); anyone else gets a 404, as for a round that does not exist. The templates are the published kaders:
public. The comparison page is for zorgkantoor staff (second factor verified), over their own zorgkantoor's rounds,
its regional sets and the templates: staff compare next year's draft with this year's before it is published.
"""

import hashlib

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from inschrijving import regeldata
from inschrijving.models import (
    AanbiederType,
    AfwijkendePlanning,
    Controle,
    DocumentType,
    DocumentVoorwaarde,
    Inkoopronde,
    Kader,
    Kracht,
    Moment,
    OvereenkomstRegel,
    OvereenkomstSoort,
    PlanOmvang,
    RegelKracht,
    Regelset,
    TariefGrondslag,
    TypeEis,
    Verklaring,
)
from inschrijving.selectors import rondes_voor
from inschrijving.views.basis import zorgkantoor_vereist

# --- Scope: the one place that decides which rule sets a request may read.


def _staf_van(user, zorgkantoor_ids) -> bool:
    return user.is_authenticated and user.is_zorgkantoor and user.zorgkantoor_id in zorgkantoor_ids


def ronde_met_regelset(user, ronde_pk: int, zorgkantoor_pk: int | None = None):
    """(round, zorgkantoor or None, rule set, regional?, published?) for a download, or 404: the round exists, the
    zorgkantoor takes part in it, and the rules are published (``publicatie_inkoopkader`` passed, the zorgkantoor's
    own planning first) or the user is staff of a zorgkantoor they are for."""
    ronde = get_object_or_404(Inkoopronde.objects.select_related("regelset").prefetch_related("zorgkantoren"),
                              pk=ronde_pk)
    deelnemers = {zk.pk: zk for zk in ronde.zorgkantoren.all()}
    zorgkantoor = None
    if zorgkantoor_pk is not None:
        zorgkantoor = deelnemers.get(zorgkantoor_pk)
        if zorgkantoor is None:
            raise Http404
    gepubliceerd = ronde.planning(zorgkantoor).publicatie_inkoopkader <= timezone.now()
    if not gepubliceerd and not _staf_van(user, [zorgkantoor.pk] if zorgkantoor else deelnemers):
        raise Http404
    regelset = ronde.regelset_voor(zorgkantoor)
    if regelset is None:
        raise Http404
    return ronde, zorgkantoor, regelset, zorgkantoor is not None and regelset.pk != ronde.regelset_id, gepubliceerd


def sjabloon_van(regelset: Regelset) -> Regelset | None:
    """The template a rule set came from: up its ``afgeleid_van`` line (``Regelset.kopieer`` records it; a regional set
    copied from the round's set leads to the round's template), or, for a set made before copies recorded their origin
    or whose template was deleted, the template of the same kader."""
    gezien = set()
    while regelset is not None and not regelset.is_sjabloon and regelset.pk not in gezien:
        gezien.add(regelset.pk)
        if regelset.afgeleid_van_id is None:
            return Regelset.objects.filter(is_sjabloon=True, kader=regelset.kader).order_by("naam").first()
        regelset = regelset.afgeleid_van
    return regelset


def vergelijkbare_regelsets(user) -> dict[str, tuple[str, str, dict]]:
    """What the comparison page offers a zorgkantoor user, by form value: (group, label, arguments of ``als_json``).
    The templates, the rule set of each round of their own zorgkantoor, and its own regional sets."""
    keuzes = {}
    for sjabloon in Regelset.objects.filter(is_sjabloon=True).order_by("naam"):
        keuzes[f"sjabloon-{sjabloon.pk}"] = (_("Sjablonen"), sjabloon.naam, {"regelset": sjabloon})
    rondes = rondes_voor(user).filter(regelset__isnull=False).select_related("regelset")
    for ronde in rondes:
        keuzes[f"ronde-{ronde.pk}"] = (_("Rondes"), _("%(ronde)s (regels van de ronde)") % {"ronde": ronde.naam},
                                       {"regelset": ronde.regelset, "ronde": ronde})
    regionaal = (AfwijkendePlanning.objects.filter(zorgkantoor=user.zorgkantoor_id, regelset__isnull=False,
                                                   ronde__in=rondes.values("pk"))
                 .select_related("ronde", "regelset", "zorgkantoor").order_by("ronde__naam"))
    for afwijking in regionaal:
        keuzes[f"regio-{afwijking.ronde_id}"] = (
            _("Regionale regelsets"), _("%(ronde)s – regionaal, %(zk)s") % {
                "ronde": afwijking.ronde.naam, "zk": afwijking.zorgkantoor.naam},
            {"regelset": afwijking.regelset, "ronde": afwijking.ronde, "zorgkantoor": afwijking.zorgkantoor,
             "regionaal": True})
    return keuzes


# --- Downloads


def _json_antwoord(request, gegevens: dict, bestandsnaam: str, *, openbaar: bool) -> HttpResponse:
    inhoud = regeldata.als_bytes(gegevens)
    etag = f'"{hashlib.sha256(inhoud).hexdigest()}"'
    # Django's own If-None-Match handling (a 304 with the ETag when the client has this body).
    antwoord = get_conditional_response(request, etag=etag) or HttpResponse(
        inhoud, content_type="application/json; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(as_attachment=True, filename=bestandsnaam)})
    antwoord["ETag"] = etag
    # Rules may still be corrected in admin: a cache asks again every time (the ETag makes that cheap). A draft
    # (before publication, staff only) is never kept by a shared cache.
    antwoord["Cache-Control"] = "no-cache" if openbaar else "private, no-cache"
    return antwoord


def _bestandsnaam(*delen) -> str:
    return "-".join(["regelset", *(slugify(str(d)) for d in delen)]) + f"-v{regeldata.SCHEMAVERSIE}.json"


@require_GET
def schema(request):
    return JsonResponse(regeldata.schema(), json_dumps_params={"ensure_ascii": False, "indent": 2},
                        content_type="application/schema+json")


@require_GET
def ronde(request, ronde_pk):
    """The round's own rule set."""
    ronde, _zk, regelset, _regionaal, gepubliceerd = ronde_met_regelset(request.user, ronde_pk)
    return _json_antwoord(request, regeldata.als_json(regelset, ronde=ronde),
                          _bestandsnaam(ronde.contractjaar, ronde.naam), openbaar=gepubliceerd)


@require_GET
def regionaal(request, ronde_pk, zk_pk):
    """The rule set that holds at one zorgkantoor in a round: its regional set where it has one, else the round's."""
    ronde, zk, regelset, eigen, gepubliceerd = ronde_met_regelset(request.user, ronde_pk, zk_pk)
    return _json_antwoord(request, regeldata.als_json(regelset, ronde=ronde, zorgkantoor=zk, regionaal=eigen),
                          _bestandsnaam(ronde.contractjaar, ronde.naam, zk.naam), openbaar=gepubliceerd)


@require_GET
def sjabloon(request, pk):
    regelset = get_object_or_404(Regelset, pk=pk, is_sjabloon=True)
    return _json_antwoord(request, regeldata.als_json(regelset), _bestandsnaam("sjabloon", regelset.naam),
                          openbaar=True)


# --- The comparison page

ONDERDELEN = {
    "parameters": (gettext_lazy("Parameter"), Regelset),
    "krachten": (gettext_lazy("Kracht van een regel"), RegelKracht),
    "documenttypen": (gettext_lazy("Documenttype"), DocumentType),
    "type_eisen": (gettext_lazy("Eis per aanbiedertype"), TypeEis),
    "overeenkomst_regels": (gettext_lazy("Overeenkomstregel"), OvereenkomstRegel),
}
# Codes shown by their Dutch label.
KEUZES = {"kader": Kader, "kracht": Kracht, "moment": Moment, "controle": Controle, "voorwaarde": DocumentVoorwaarde,
          "verklaring": Verklaring, "ondernemingsplan": PlanOmvang, "soort": OvereenkomstSoort,
          "aanbieder_type": AanbiederType, "tarief_grondslag": TariefGrondslag}
SOORTEN = {regeldata.TOEGEVOEGD: gettext_lazy("toegevoegd"), regeldata.VERWIJDERD: gettext_lazy("verwijderd"),
           regeldata.GEWIJZIGD: gettext_lazy("gewijzigd")}


def _veldnaam(model, veld: str) -> str:
    try:
        return str(model._meta.get_field(veld).verbose_name)
    except FieldDoesNotExist:  # a key of the JSON that is no model field: its own name
        return veld.replace("_", " ")


def _waarde(veld: str | None, waarde, model) -> str:
    if waarde is None or waarde == []:
        return "—"
    if isinstance(waarde, bool):
        return _("ja") if waarde else _("nee")
    if isinstance(waarde, list):
        return ", ".join(_waarde(veld, w, model) for w in waarde)
    if isinstance(waarde, dict):
        return "; ".join(f"{_veldnaam(model, k)}: {_waarde(k, v, model)}" for k, v in waarde.items())
    if veld in KEUZES:
        return str(dict(KEUZES[veld].choices).get(waarde, waarde))
    return str(waarde)


def _regel(verschil: dict, model) -> str:
    onderdeel, sleutel = verschil["onderdeel"], verschil["sleutel"]
    if onderdeel == "parameters":
        return _veldnaam(model, sleutel)
    if onderdeel == "type_eisen":
        return _waarde("aanbieder_type", sleutel, model)
    if onderdeel == "overeenkomst_regels":
        return _("rij %(n)s") % {"n": sleutel}
    return sleutel


def rij(verschil: dict) -> dict:
    """One difference as the page shows it, in Dutch."""
    label, model = ONDERDELEN[verschil["onderdeel"]]
    veld = verschil["veld"] or (verschil["sleutel"] if verschil["onderdeel"] == "parameters" else None)
    return {"onderdeel": label, "regel": _regel(verschil, model),
            "is_code": verschil["onderdeel"] in ("krachten", "documenttypen"), "soort": SOORTEN[verschil["soort"]],
            "veld": _veldnaam(model, verschil["veld"]) if verschil["veld"] else "",
            "was": _waarde(veld, verschil["was"], model), "is": _waarde(veld, verschil["is"], model)}


class VergelijkForm(forms.Form):
    a = forms.ChoiceField(label=gettext_lazy("Was (oude regelset)"))
    b = forms.ChoiceField(label=gettext_lazy("Is (nieuwe regelset)"))

    def __init__(self, *args, keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        groepen: dict[str, list] = {}
        for waarde, (groep, label, _argumenten) in keuzes.items():
            groepen.setdefault(groep, []).append((waarde, label))
        for veld in ("a", "b"):
            self.fields[veld].choices = [("", "—"), *groepen.items()]


def _met_standaarden(request, keuzes) -> dict | None:
    """The form's data, with the shortcuts filled in: ``?ronde=<pk>`` is the rules that hold at the user's zorgkantoor
    in that round (its regional set where it has one); without ``a``, ``b`` is compared with its template."""
    gegevens = request.GET.dict()
    if not gegevens:
        return None
    if "ronde" in gegevens and not gegevens.get("b"):
        ronde_pk = gegevens.pop("ronde")
        gegevens["b"] = f"regio-{ronde_pk}" if f"regio-{ronde_pk}" in keuzes else f"ronde-{ronde_pk}"
    if not gegevens.get("a") and gegevens.get("b") in keuzes:
        sjabloon = sjabloon_van(keuzes[gegevens["b"]][2]["regelset"])
        gegevens["a"] = f"sjabloon-{sjabloon.pk}" if sjabloon else ""
    return gegevens


@require_GET
@zorgkantoor_vereist
def verschil(request):
    keuzes = vergelijkbare_regelsets(request.user)
    form = VergelijkForm(_met_standaarden(request, keuzes), keuzes=keuzes)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        a, b = (keuzes[form.cleaned_data[veld]] for veld in ("a", "b"))
        context.update(a=a[1], b=b[1], rijen=[rij(v) for v in regeldata.verschillen(
            regeldata.als_json(**a[2]), regeldata.als_json(**b[2]))])
    return render(request, "inschrijving/regels/verschil.html", context,
                  status=400 if form.is_bound and not form.is_valid() else 200)
