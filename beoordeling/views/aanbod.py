"""The aanbieder's side of the decision: the offer page, the letter download and the online answer of the
tekenbevoegde (accept or decline, signed by re-entering the password, like at submission)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from beoordeling import audit, services
from beoordeling.brief import bewaar_brief, datum, tarief
from beoordeling.models import Besluit, Fase
from beoordeling.selectors import beoordelingen_voor
from inschrijving.models import Inschrijving, OvereenkomstSoort
from inschrijving.selectors import inschrijvingen_voor
from wlzportal.accounts import recent_getypt, wachtwoord_controleren


class ReactieForm(forms.Form):
    keuze = forms.ChoiceField(
        label=gettext_lazy("Uw besluit"), widget=forms.RadioSelect,
        choices=[("accepteren", gettext_lazy("Ik accepteer het aanbod")),
                 ("weigeren", gettext_lazy("Ik weiger het aanbod"))])
    bevestiging = forms.BooleanField(
        label=gettext_lazy("Ik bevestig dat ik als tekenbevoegde bestuurder namens de organisatie over dit aanbod "
                           "beslis, en dat deze keuze definitief is."))
    wachtwoord = forms.CharField(
        label=gettext_lazy("Uw wachtwoord"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("Door uw wachtwoord opnieuw in te voeren ondertekent u uw keuze als tekenbevoegde."))

    def __init__(self, *args, gebruiker, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.gebruiker = gebruiker
        self.request = request
        if not gebruiker.has_usable_password():  # eHerkenning (issue 12): a recent login at EH3 signs instead
            del self.fields["wachtwoord"]

    def clean(self):
        gegevens = super().clean()
        if "wachtwoord" not in self.fields and recent_getypt(self.request) is None:
            raise ValidationError(_("Uw login met eHerkenning is te lang geleden om mee te ondertekenen. Log opnieuw "
                                    "in met eHerkenning en kies dan."))
        return gegevens

    def clean_wachtwoord(self):
        wachtwoord = self.cleaned_data["wachtwoord"]
        # Through authenticate(): a wrong password counts towards the lockout, and a locked-out user cannot answer.
        wachtwoord_controleren(self.request, self.gebruiker, wachtwoord,
                               fout=_("Het wachtwoord klopt niet. Uw keuze is niet vastgelegd."))
        return wachtwoord


def _eigen_inschrijving(request, inschrijving_pk) -> Inschrijving:
    """Only users of the inschrijving's own zorgaanbieder; everyone else gets a 404."""
    if not request.user.is_aanbieder:
        raise Http404
    return get_object_or_404(inschrijvingen_voor(request.user).filter(zorgaanbieder=request.user.zorgaanbieder_id),
                             pk=inschrijving_pk)


def _verstuurd_besluit(inschrijving: Inschrijving) -> Besluit | None:
    """The decision as the aanbieder may see it: only after the four-eyes approval."""
    return (Besluit.objects.select_related("beoordeling__inschrijving__ronde", "beoordeling__indiening",
                                           "reactie_door")
            .filter(beoordeling__inschrijving=inschrijving, goedgekeurd_op__isnull=False).first())


def samenvatting(besluit: Besluit) -> dict:
    """What the offer page (and the zorginkoper's panel) show of an approved decision."""
    begin, einde = services.looptijd(besluit)
    positief = besluit.soort != OvereenkomstSoort.AFWIJZING
    return {
        "positief": positief,
        "soort": OvereenkomstSoort(besluit.soort).label,
        "begin": datum(begin),
        "einde": datum(einde),
        "tarief": tarief(besluit, besluit.beoordeling.inschrijving.regelset()) if positief else "",
        "voorwaarden": [{**v, "datum": datum(v.get("vervaldatum"))} for v in besluit.voorwaarden],
        "redenen": besluit.redenen,
        "overwegingen": besluit.overwegingen,  # the letter names them too
        "reageren_voor": datum(besluit.reageren_voor),
    }


def _kan_reageren(besluit: Besluit) -> bool:
    return (besluit.beoordeling.fase == Fase.AANGEBODEN and not besluit.reactie
            and (besluit.reageren_voor is None or timezone.localdate() <= besluit.reageren_voor))


def _pagina(request, inschrijving, besluit, form=None):
    context = {"inschrijving": inschrijving, "besluit": besluit}
    if besluit is not None:
        kan_reageren = _kan_reageren(besluit)
        context.update({
            "samenvatting": samenvatting(besluit),
            "kan_reageren": kan_reageren,
            "verlopen": (besluit.beoordeling.fase == Fase.AANGEBODEN and not besluit.reactie and not kan_reageren),
            "mag_tekenen": request.user.mag_tekenen,
            "form": form or (ReactieForm(gebruiker=request.user) if kan_reageren and request.user.mag_tekenen
                             else None),
        })
    return render(request, "beoordeling/aanbod.html", context)


@login_required
def aanbod(request, inschrijving_pk):
    inschrijving = _eigen_inschrijving(request, inschrijving_pk)
    return _pagina(request, inschrijving, _verstuurd_besluit(inschrijving))


@login_required
@require_POST
def reageren(request, inschrijving_pk):
    inschrijving = _eigen_inschrijving(request, inschrijving_pk)
    besluit = _verstuurd_besluit(inschrijving)
    if besluit is None:
        raise Http404
    if not request.user.mag_tekenen:
        raise PermissionDenied(_("Alleen een tekenbevoegde bestuurder accepteert of weigert het aanbod."))
    form = ReactieForm(request.POST, gebruiker=request.user, request=request)
    if not form.is_valid():
        return _pagina(request, inschrijving, besluit, form=form)
    accepteren = form.cleaned_data["keuze"] == "accepteren"
    try:
        services.reageren(besluit=besluit, door=request.user, accepteren=accepteren)
    except ValidationError as fout:
        for bericht in fout.messages:
            messages.error(request, bericht)
    else:
        messages.success(request, _("U heeft het aanbod geaccepteerd. De overeenkomst is vastgelegd.") if accepteren
                         else _("U heeft het aanbod geweigerd."))
    return redirect("beoordeling:aanbod", inschrijving_pk=inschrijving.pk)


def brief(request, inschrijving_pk):
    """The letter: for users of the zorgaanbieder once approved, and for staff of the zorgkantoor."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if request.user.is_zorgkantoor:
        beoordeling = get_object_or_404(beoordelingen_voor(request.user), inschrijving=inschrijving_pk)
        besluit = Besluit.objects.filter(beoordeling=beoordeling, goedgekeurd_op__isnull=False).first()
    else:
        besluit = _verstuurd_besluit(_eigen_inschrijving(request, inschrijving_pk))
    if besluit is None:
        raise Http404
    if not besluit.brief:  # the letter failed after commit: make it now
        bewaar_brief(besluit)
    if request.user.is_zorgkantoor:
        audit.log(actie="besluitbrief_bekeken", inschrijving=besluit.beoordeling.inschrijving, door=request.user,
                  omschrijving=f"SHA-256 {besluit.brief_sha256[:12]}…")
    antwoord = FileResponse(besluit.brief.open("rb"), content_type="application/pdf",
                            as_attachment=request.GET.get("inline") != "1",
                            filename=f"besluit-{besluit.beoordeling.inschrijving_id}.pdf")
    antwoord["X-Content-Type-Options"] = "nosniff"
    return antwoord
