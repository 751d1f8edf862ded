"""The werkvoorraad: every assessment of the zorginkoper's own zorgkantoor, filtered, sorted and paged, with
bulk assignment and retrying a failed automated step. The list runs a constant number of queries."""

from html import escape

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.forms.widgets import CheckboxInput
from django.http import QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from beoordeling import tasks, toewijzing
from beoordeling.filters import WerkvoorraadFilter
from beoordeling.models import Beoordeling, Fase
from beoordeling.selectors import beoordelingen_voor, te_tellen_voor, tellingen, voor_tabel
from inschrijving.models import AanbiederType
from inschrijving.views.basis import zorgkantoor_vereist
from wlzportal.datums import moment

PER_PAGINA = 50
NAAM = "inschrijving__zorgaanbieder__statutaire_naam"
_FASEVOLGORDE = Case(*(When(fase=fase, then=Value(i)) for i, fase in enumerate(Fase.values)),
                     output_field=IntegerField())
# The only orderings a URL can ask for; the primary key last keeps pages stable.
SORTERINGEN = {
    "name": (NAAM, "pk"),
    "-name": (f"-{NAAM}", "-pk"),
    "type": ("inschrijving__aanbieder_type", NAAM, "pk"),
    "fase": (_FASEVOLGORDE, NAAM, "pk"),
    "bijgewerkt": (F("bijgewerkt_op").desc(), "pk"),
    "laatste_activiteit": (F("laatste_activiteit").desc(nulls_last=True), "pk"),
}
STANDAARD_SORTERING = "name"
# What a row of the table shows (besides the annotations of ``voor_tabel``).
KOLOMMEN = ("fase", "mislukt_op", "fout_stap", "inschrijving__aanbieder_type",
            "inschrijving__zorgaanbieder__statutaire_naam", "inschrijving__zorgaanbieder__kvk_nummer",
            "toegewezen_aan__username", "toegewezen_aan__first_name", "toegewezen_aan__last_name")


class ToewijzenForm(forms.Form):
    aan = forms.ModelChoiceField(label=gettext_lazy("Toewijzen aan"), queryset=None, required=False,
                                 empty_label=gettext_lazy("Kies een zorginkoper"))
    actie = forms.ChoiceField(choices=[("aan", "aan"), ("mij", "mij")], widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aan"].queryset = toewijzing.behandelaars(user.zorgkantoor_id)
        self.fields["aan"].label_from_instance = lambda gebruiker: gebruiker.get_full_name() or gebruiker.username
        self.user = user

    def clean(self):
        gegevens = super().clean()
        if gegevens.get("actie") == "mij":
            gegevens["aan"] = self.user
        elif gegevens.get("actie") == "aan" and not gegevens.get("aan"):
            self.add_error("aan", _("Kies aan wie u de beoordelingen toewijst."))
        return gegevens


def _sortering(request) -> str:
    sleutel = request.GET.get("sort", "")
    return sleutel if sleutel in SORTERINGEN else STANDAARD_SORTERING


def _terug(request) -> str:
    """Back to the queue with the filters the form was posted from (only a query string, never another URL)."""
    query = QueryDict(request.POST.get("terug", "")).urlencode()
    return reverse("beoordeling:werkvoorraad") + (f"?{query}" if query else "")


def _zonder_fase(filterset: WerkvoorraadFilter):
    """The filterset's selection without its fase filter (what the fase badges count), or None when no filter but
    the round narrows it: then it is every row of the progress count. From the cleaned data the filterset already
    has, so the round is not looked up a second time."""
    qs, gefilterd = filterset.queryset.all(), False
    for naam, waarde in filterset.form.cleaned_data.items():
        if naam == "fase":
            continue
        qs = filterset.filters[naam].filter(qs, waarde)
        gefilterd = gefilterd or (naam != "ronde" and waarde not in (None, "", False))
    return qs if gefilterd else None


def _veld(bf, kolom: str = "") -> dict:
    """What the template shows of one form field, read once: its name, id, label, value (as its widget would
    render it), errors and, for a choice, the options with the chosen one marked (the widget's own rule: the
    option whose value is the bound value's text, the empty one when there is none)."""
    veld, waarde = bf.field, bf.value()
    gegevens = {"naam": bf.html_name, "id": bf.auto_id, "label": bf.label, "fouten": bf.errors, "kolom": kolom}
    if isinstance(veld.widget, CheckboxInput):
        gegevens["aan"] = veld.widget.check_test(waarde)
    elif isinstance(veld, forms.ChoiceField | forms.ModelChoiceField):
        if isinstance(veld, forms.ModelChoiceField):
            # From the queryset itself (read once: the same rows the field validated against), not through the
            # field's iterator, which would ask the database again.
            keuzes = [("", veld.empty_label)] if veld.empty_label is not None else []
            keuzes += [(str(obj.pk), veld.label_from_instance(obj)) for obj in veld.queryset]
        else:
            keuzes = [(str(w), label) for w, label in veld.choices]
        gekozen = "" if waarde is None else str(waarde)
        gegevens["keuzes"] = [(w, label, w == gekozen) for w, label in keuzes]
        gegevens["select"] = True
    else:
        gegevens["waarde"] = None if waarde in ("", None) else str(waarde)
    return gegevens


_PLEK = 987654321

#: One row of the table, filled in by ``_rij_html`` (every text escaped) rather than by a template loop: fifty rows
#: of ten cells were the largest part of the page's time (issue 10), and a format string does the same work at a
#: fraction of the cost. A failed row's retry form (``_MISLUKT``) is rare and made with format_html.
_RIJ = ('<tr data-testid="rij-{pk}">\n'
        '  <td><input class="form-check-input" type="checkbox" name="beoordeling" value="{pk}" form="toewijzen" '
        'id="kies-{pk}">\n    <label class="visually-hidden" for="kies-{pk}">{kies}</label></td>\n'
        '  <th scope="row" class="fw-normal"><a href="{url}">{naam}</a>{mislukt}</th>\n'
        '  <td>{kvk}</td>\n  <td><abbr title="{type_label}">{type}</abbr></td>\n'
        '  <td>{fase_label}{verduidelijking}</td>\n  <td>{stap}</td>\n  <td>{voldoet_niet}</td>\n'
        '  <td>{handmatig}</td>\n  <td>{behandelaar}</td>\n  <td>{activiteit}</td>\n</tr>\n')
_MISLUKT = ('<div class="status-fout small" data-testid="mislukt-{pk}">{melding}\n'
            '  <form method="post" action="{actie}" class="d-inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">\n'
            '    <input type="hidden" name="terug" value="{terug}">\n'
            '    <button type="submit" class="btn btn-sm btn-outline-danger py-0">{knop}'
            '<span class="visually-hidden">: {naam}</span></button>\n  </form></div>')


def _badge(aantal: int, kleur: str) -> str:
    return f'<span class="badge text-bg-{kleur}">{int(aantal)}</span>' if aantal else "0"


def _rij_html(rij: dict, *, open_label: str, niemand: str, mislukt: str) -> SafeString:
    """``_RIJ`` for one row: each text through the standard library's escape (what format_html's conditional_escape
    does for a plain string, without its checks for lazy and safe values), numbers as numbers."""
    return mark_safe(_RIJ.format(  # noqa: S308 - every value below is escaped or a number or fixed markup
        pk=int(rij["pk"]), kies=escape(rij["kies"]), url=escape(rij["url"]), naam=escape(rij["naam"]),
        mislukt=mislukt, kvk=escape(rij["kvk"]), type_label=escape(str(rij["type_label"])),
        type=escape(rij["type"]), fase_label=escape(str(rij["fase_label"])),
        verduidelijking=open_label if rij["verduidelijking_open"] else "", stap=escape(str(rij["stap"])),
        voldoet_niet=_badge(rij["aantal_voldoet_niet"], "danger"),
        handmatig=_badge(rij["aantal_handmatig"], "warning"),
        behandelaar=escape(rij["behandelaar"]) if rij["behandelaar"] else niemand,
        activiteit=escape(rij["activiteit"])))


def _rijen(pagina, request) -> list[dict]:
    """Each row of the page as the table shows it: the labels, names, links and dates worked out here once, and
    the row's HTML (``_RIJ``), so the template's loop only prints it."""
    fase_labels, type_labels = dict(Fase.choices), dict(AanbiederType.choices)
    kies = _("%(naam)s selecteren")
    open_label = f' <span class="badge text-bg-warning">{escape(_("verduidelijking open"))}</span>'
    niemand = f'<span class="text-body-secondary">{escape(_("niemand"))}</span>'
    # The detail page's URL once, around a placeholder for the pk (reverse() per row was a tenth of the loop).
    url_voor, url_na = reverse("beoordeling:beoordeling", args=[_PLEK]).split(str(_PLEK))
    rijen = []
    for b in pagina:
        # Each row's fase and type label from one lookup per page: get_FOO_display builds and hashes the field's
        # choices (translating every label) once per call.
        b.fase_label = fase_labels.get(b.fase, b.fase)
        b.type_label = type_labels.get(b.inschrijving.aanbieder_type, b.inschrijving.aanbieder_type)
        aanbieder, aan, activiteit = b.inschrijving.zorgaanbieder, b.toegewezen_aan, b.laatste_activiteit
        if activiteit:  # the portal's one format (wlzportal.datums), in Dutch time
            activiteit = moment(activiteit)
        rij = {
            "pk": b.pk, "naam": aanbieder.statutaire_naam, "kvk": aanbieder.kvk_nummer,
            "url": f"{url_voor}{b.pk}{url_na}", "kies": kies % {"naam": aanbieder.statutaire_naam},
            "mislukt_op": b.mislukt_op, "fout_stap": b.fout_stap,
            "type": b.inschrijving.aanbieder_type, "type_label": b.type_label, "fase_label": b.fase_label,
            "verduidelijking_open": b.verduidelijking_open, "stap": b.stap,
            "aantal_voldoet_niet": b.aantal_voldoet_niet, "aantal_handmatig": b.aantal_handmatig,
            "behandelaar": (aan.get_full_name() or aan.username) if aan else None, "activiteit": activiteit or "–",
        }
        rij["html"] = _rij_html(rij, open_label=open_label, niemand=niemand,
                                mislukt=_mislukt(rij, request) if rij["mislukt_op"] else "")
        rijen.append(rij)
    return rijen


def _mislukt(rij: dict, request):
    return format_html(
        _MISLUKT, pk=rij["pk"], melding=_("mislukt: %(stap)s") % {"stap": rij["fout_stap"] or "?"},
        actie=reverse("beoordeling:opnieuw_proberen", args=[rij["pk"]]), csrf=get_token(request),
        terug=request.GET.urlencode(), knop=_("Opnieuw proberen"), naam=rij["naam"])


@zorgkantoor_vereist
def werkvoorraad(request):
    basis = beoordelingen_voor(request.user)
    filterset = WerkvoorraadFilter(request.GET, queryset=basis, request=request)
    sortering = _sortering(request)
    # The rows show the zorgaanbieder and the assignee, not the round or the zorgkantoor: fewer joins to plan.
    # Only the columns the table shows: fewer values to send, parse (dates, the JSON of the signals) and set.
    rijen = (voor_tabel(filterset.qs).select_related(None)
             .select_related("inschrijving__zorgaanbieder", "toegewezen_aan").only(*KOLOMMEN)
             .order_by(*SORTERINGEN[sortering]))
    ronde = filterset.form.cleaned_data.get("ronde")  # validated when .qs was built; invalid fields are left out

    # One query counts it all: the progress over the round, and the fase badges over the current selection
    # without its fase filter, so each badge narrows it; the paginator's total is one of those numbers.
    telbaar = te_tellen_voor(request.user)
    geteld = tellingen(telbaar.filter(ronde=ronde) if ronde else telbaar, _zonder_fase(filterset))
    fase = filterset.form.cleaned_data.get("fase")
    paginator = Paginator(rijen, PER_PAGINA)
    paginator.count = geteld.per_fase.get(fase, 0) if fase else geteld.geselecteerd
    pagina = paginator.get_page(request.GET.get("page"))
    form, toewijzen_form = filterset.form, ToewijzenForm(user=request.user)

    return render(request, "beoordeling/werkvoorraad.html", {
        "filter": filterset, "pagina": pagina, "sortering": sortering, "rijen": _rijen(pagina, request),
        "paginanummers": pagina.paginator.get_elided_page_range(pagina.number, on_each_side=2, on_ends=1),
        "fasen": [(fase, fase.label, geteld.per_fase.get(fase.value, 0)) for fase in Fase],
        "gekozen_fase": request.GET.get("fase", ""), "ronde": ronde,
        "klaar": geteld.klaar, "totaal": geteld.totaal, "toewijzen_form": toewijzen_form,
        # The filter form's fields in the order and columns the form shows them.
        "keuzevelden": [_veld(form[naam], kolom) for naam, kolom in
                        (("zoek", "col-md-4"), ("ronde", "col-md-3"), ("type", "col-md-2"), ("fase", "col-md-3"))],
        "vinkvelden": [_veld(form[naam]) for naam in ("mij", "te_laat", "mislukt")],
        "toewijzen_aan": _veld(toewijzen_form["aan"]),
    })


@zorgkantoor_vereist
@require_POST
def toewijzen(request):
    """Bulk action: each selected assessment goes through the service on its own; failures are reported one
    by one and never stop the others."""
    form = ToewijzenForm(request.POST, user=request.user)
    ids = list(dict.fromkeys(int(i) for i in request.POST.getlist("beoordeling") if i.isdigit()))
    if not ids:
        messages.error(request, _("Selecteer eerst een of meer beoordelingen."))
        return redirect(_terug(request))
    if not form.is_valid():
        for fouten in form.errors.values():
            for fout in fouten:
                messages.error(request, fout)
        return redirect(_terug(request))
    aan = form.cleaned_data["aan"]
    gevonden = Beoordeling.objects.select_related("inschrijving__zorgaanbieder").in_bulk(ids)
    gelukt = 0
    for pk in ids:
        beoordeling = gevonden.get(pk)
        try:
            if beoordeling is None:
                raise PermissionDenied
            toewijzing.toewijzen(beoordeling=beoordeling, aan=aan, door=request.user)
            gelukt += 1
        except PermissionDenied:
            # Say nothing about what another zorgkantoor's record is.
            messages.error(request, _("Beoordeling %(pk)s is niet gevonden in uw werkvoorraad en is niet "
                                      "toegewezen.") % {"pk": pk})
        except ValidationError as fout:
            messages.error(request, _("%(naam)s is niet toegewezen: %(fout)s") % {
                "naam": beoordeling.inschrijving.zorgaanbieder.statutaire_naam, "fout": " ".join(fout.messages)})
    if gelukt:
        messages.success(request, _("%(n)s beoordeling(en) toegewezen aan %(aan)s.") % {
            "n": gelukt, "aan": aan.get_full_name() or aan.username})
    return redirect(_terug(request))


@zorgkantoor_vereist
@require_POST
def opnieuw_proberen(request, pk):
    beoordeling = get_object_or_404(beoordelingen_voor(request.user).select_related("inschrijving__zorgaanbieder"),
                                    pk=pk)
    if beoordeling.mislukt_op is None:
        messages.info(request, _("De automatische controle van %(naam)s is niet mislukt.") % {
            "naam": beoordeling.inschrijving.zorgaanbieder.statutaire_naam})
    else:
        with transaction.atomic():
            tasks.opnieuw_proberen(beoordeling=beoordeling, door=request.user)
        messages.success(request, _("De automatische controle van %(naam)s wordt opnieuw uitgevoerd.") % {
            "naam": beoordeling.inschrijving.zorgaanbieder.statutaire_naam})
    if request.POST.get("vanaf") == "detail":
        return redirect("beoordeling:beoordeling", pk=beoordeling.pk)
    return redirect(_terug(request))
