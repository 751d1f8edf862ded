"""Sign-in with a second factor: TOTP set-up and verification for every user (zorgkantoor staff and beheerders, and
aanbieder users unless ``WLZ_TWEEDE_FACTOR_AANBIEDERS`` is off), recovery codes
for when the app is out of reach; and the password re-entered to sign, counted like a login, unless it was typed in
the last ``WLZ_ONDERTEKENEN_BINNEN_MINUTEN`` minutes of this session (``recent_getypt``)."""

import base64
import re
import time
from datetime import UTC, datetime
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wlzportal.beveiliging import over

AANTAL_HERSTELCODES = 10


#: Where the session keeps when this user last typed the password (the login form, or a signing).
WACHTWOORD_OP = "wlz_wachtwoord_op"


def wachtwoord_getypt(request) -> None:
    """Record in the session that the user typed the right password just now."""
    request.session[WACHTWOORD_OP] = time.time()


def recent_getypt(request) -> datetime | None:
    """When the user last typed the password in this session, if within ``WLZ_ONDERTEKENEN_BINNEN_MINUTEN`` (then
    signing asks only the explicit declaration, not the password again); else None. Only the login form and a
    signing with the password count: not a login a test or an admin made (``force_login``), not a second factor."""
    op = request.session.get(WACHTWOORD_OP) if request is not None and hasattr(request, "session") else None
    if not isinstance(op, int | float):
        return None
    if not 0 <= time.time() - op <= settings.ONDERTEKENEN_BINNEN_MINUTEN * 60:
        return None
    return datetime.fromtimestamp(op, tz=UTC)


class Inloggen(LoginView):
    """Django's login view; a successful login also records that the password was typed (``recent_getypt``)."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from toegang.oidc import login_urls

        return {**super().get_context_data(**kwargs), "oidc": login_urls()}

    def form_valid(self, form):
        antwoord = super().form_valid(form)
        wachtwoord_getypt(self.request)
        return antwoord


def opnieuw_inloggen(request) -> str | None:
    """Where a user without a password (logged in with eHerkenning, issue 12) authenticates again to sign: the
    eHerkenning login, back to this page. None for a user with a password (that user types it)."""
    gebruiker = request.user
    if gebruiker.has_usable_password() or not hasattr(gebruiker, "eherkenning"):
        return None
    return f"{reverse('toegang:eherkenning')}?{urlencode({'next': request.get_full_path()})}"


def wachtwoord_controleren(request, gebruiker, wachtwoord: str, *, fout: str, veld: str | None = None) -> None:
    """The signed-in user types the password again to sign (a submission, the answer to an offer).

    Checked through ``authenticate()``, like a login: django-axes counts a wrong password towards the lockout of the
    username (from any address), and a locked-out user cannot sign either, not even with the right password. Call it
    outside a transaction that a wrong password rolls back, or axes' record of the failure is rolled back with it.
    Without a request (a management command, a test of a service) there is no client to lock out, so only the
    password is compared. Raises ValidationError (on ``veld`` when given): ``fout`` for a wrong password, or the
    lockout message (code ``geblokkeerd``).
    """
    if request is None:
        if gebruiker.check_password(wachtwoord):
            return
        raise ValidationError({veld: fout} if veld else fout, code="onjuist")
    bevestigd = authenticate(request, username=gebruiker.get_username(), password=wachtwoord)
    if getattr(request, "axes_locked_out", False):
        # Said beside the password field, in the page the user was filling in, instead of axes' lockout page.
        request.axes_locked_out = False
        minuten = max(1, round(settings.AXES_COOLOFF_TIME * 60))
        melding = gettext("Er is te vaak een verkeerd wachtwoord ingevuld. Uw account is tijdelijk geblokkeerd: "
                          "ondertekenen en inloggen kan weer %(wanneer)s.") % {"wanneer": over(minuten)}
        raise ValidationError({veld: melding} if veld else melding, code="geblokkeerd")
    if bevestigd is None or bevestigd.pk != gebruiker.pk:
        raise ValidationError({veld: fout} if veld else fout, code="onjuist")
    wachtwoord_getypt(request)


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code uit uw authenticator-app"), regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Vul de zes cijfers uit uw authenticator-app in.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, apparaten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.apparaten = list(apparaten)
        self.apparaat = None

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        for apparaat in self.apparaten:
            if apparaat.verify_token(code):
                self.apparaat = apparaat
                return code
        raise forms.ValidationError(_("Deze code klopt niet of is verlopen. Probeer de volgende code."))


class HerstelcodeForm(forms.Form):
    code = forms.CharField(
        label=_("Herstelcode"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false",
                                      "autofocus": True}))

    def __init__(self, *args, apparaten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.apparaten = list(apparaten)
        self.apparaat = None

    def clean_code(self):
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()
        for apparaat in self.apparaten:
            # Locked, so two requests with the same code cannot both use it.
            with transaction.atomic():
                apparaat = StaticDevice.objects.select_for_update().get(pk=apparaat.pk)
                if apparaat.verify_token(code):  # deletes the code: it works once
                    self.apparaat = apparaat
                    return code
        raise forms.ValidationError(_("Deze herstelcode klopt niet of is al gebruikt."))


def _leesbaar(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


@transaction.atomic
def herstelcodes_maken(gebruiker) -> list[str]:
    """New recovery codes for the user's second factor; the old ones stop working. Shown once, never again."""
    apparaat, _n = StaticDevice.objects.get_or_create(user=gebruiker, name="herstelcodes",
                                                      defaults={"confirmed": True})
    apparaat.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(AANTAL_HERSTELCODES)]
    StaticToken.objects.bulk_create([StaticToken(device=apparaat, token=code) for code in codes])
    apparaat.throttle_reset()
    return [_leesbaar(code) for code in codes]


def herstelcodes_over(gebruiker) -> int:
    return StaticToken.objects.filter(device__user=gebruiker, device__confirmed=True).count()


def _toon_herstelcodes(request, codes, volgende):
    """The new codes, in the response to the request that made them: they are not shown again."""
    return render(request, "account/herstelcodes.html", {"codes": codes, "volgende": resolve_url(volgende)})


def _volgende(request):
    doel = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(doel, {request.get_host()}, require_https=request.is_secure()):
        return doel
    return "start"


@never_cache
@login_required
def tweefactor_instellen(request):
    """First sign-in (staff, and since issue 12 aanbieder users too): link an authenticator app by QR code, confirm
    with one code."""
    apparaat = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if apparaat is None:
        if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            return redirect("tweefactor_verifieren")
        apparaat = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = CodeForm(request.POST or None, apparaten=[apparaat])
    if request.method == "POST" and form.is_valid():
        apparaat.confirmed = True
        apparaat.save(update_fields=["confirmed"])
        otp_login(request, apparaat)
        return _toon_herstelcodes(request, herstelcodes_maken(request.user), _volgende(request))
    svg = BytesIO()
    qrcode.make(apparaat.config_url, image_factory=qrcode.image.svg.SvgPathImage).save(svg)
    return render(request, "account/tweefactor_instellen.html", {
        "form": form,
        "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode(),
        "geheim": base64.b32encode(apparaat.bin_key).decode(),
        "next": _volgende(request),
    })


@never_cache
@login_required
def tweefactor_verifieren(request):
    apparaten = TOTPDevice.objects.devices_for_user(request.user, confirmed=True)
    if not apparaten.exists():
        return redirect("tweefactor_instellen")
    form = CodeForm(request.POST or None, apparaten=apparaten)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.apparaat)
        return redirect(_volgende(request))
    return render(request, "account/tweefactor_verifieren.html", {"form": form, "next": _volgende(request)})


@never_cache
@login_required
def tweefactor_herstelcode(request):
    """No access to the app: sign in with one of the recovery codes instead; each works once. Then the page of the
    codes, where the remaining ones are counted and a new app can be linked."""
    form = HerstelcodeForm(request.POST or None,
                           apparaten=StaticDevice.objects.filter(user=request.user, confirmed=True))
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.apparaat)
        messages.warning(request, gettext("U bent ingelogd met een herstelcode. Die code werkt nu niet meer."))
        return redirect(f"{reverse('tweefactor_herstelcodes')}?{urlencode({'next': _volgende(request)})}")
    return render(request, "account/tweefactor_herstelcode.html", {"form": form, "next": _volgende(request)})


def _na_tweede_factor(request):
    """Only with the second factor verified in this session (the middleware sends staff to verify first)."""
    if not request.user.is_verified():
        raise Http404


@never_cache
@login_required
def herstelcodes(request):
    """How many recovery codes are left; new ones (which replace the old); a new authenticator app."""
    _na_tweede_factor(request)
    if request.method == "POST":
        return _toon_herstelcodes(request, herstelcodes_maken(request.user), _volgende(request))
    return render(request, "account/herstelcodes.html", {"aantal": herstelcodes_over(request.user),
                                                         "volgende": resolve_url(_volgende(request))})


@never_cache
@login_required
@require_POST
def app_vervangen(request):
    """A lost phone: signed in with a recovery code, link a new authenticator app (and get new codes with it)."""
    _na_tweede_factor(request)
    TOTPDevice.objects.filter(user=request.user).delete()
    return redirect(f"{reverse('tweefactor_instellen')}?{urlencode({'next': _volgende(request)})}")
