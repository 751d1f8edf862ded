"""The landing page: each role starts where its work is. And the password-reset request, rate-limited."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from wlzportal import beveiliging
from wlzportal.forms import WachtwoordVergetenForm


@login_required
def start(request):
    user = request.user
    if user.is_aanbieder:
        return redirect(reverse("inschrijving:dashboard"))
    if user.rol == "zorginkoper":
        return redirect(reverse("beoordeling:start"))
    return redirect(reverse("admin:index"))


class WachtwoordVergetenView(auth_views.PasswordResetView):
    """Limited per client address and per e-mail address typed. The limit counts every request alike, whether the
    address has an account or not, so the 429 tells nothing about which addresses exist."""

    form_class = WachtwoordVergetenForm

    def post(self, request, *args, **kwargs):
        wachten = beveiliging.overschreden(request, beveiliging.WACHTWOORD_HERSTEL_IP,
                                           beveiliging.WACHTWOORD_HERSTEL_ADRES)
        if wachten is None:
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        form.add_error(None, _("Er is in korte tijd te vaak om een nieuw wachtwoord gevraagd. Er is geen e-mail "
                               "verstuurd. Probeer het %(wanneer)s opnieuw.") % {"wanneer": beveiliging.over(wachten)})
        return self.render_to_response(self.get_context_data(form=form), status=429)
