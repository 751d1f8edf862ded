"""Sign-in with a second factor: TOTP set-up and verification for zorgkantoor staff and beheerders."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


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


def _volgende(request):
    doel = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(doel, {request.get_host()}, require_https=request.is_secure()):
        return doel
    return "start"


@never_cache
@login_required
def tweefactor_instellen(request):
    """First sign-in of a staff member: link an authenticator app by QR code, confirm with one code."""
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
        return redirect(_volgende(request))
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
