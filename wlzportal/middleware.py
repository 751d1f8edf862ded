"""Request guards that apply to every page: a strict Content-Security-Policy, two factors, and Dutch error
pages."""

import logging

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

logger = logging.getLogger(__name__)

CSP = "; ".join([
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "frame-src 'self'",
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "form-action 'self'",
])


class ContentSecurityPolicyMiddleware:
    """Everything the portal shows comes from itself: vendored assets, no CDN, no inline script."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response


# Pages a signed-in staff member may reach before the second factor is verified.
_VRIJ = ("tweefactor_instellen", "tweefactor_verifieren", "tweefactor_herstelcode", "logout")


class TweeFactorVerplichtMiddleware:
    """Every user who needs a second factor (``Gebruiker.vereist_tweede_factor``: staff, beheerders and aanbieder
    users) verifies a TOTP code before anything else (admin included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "vereist_tweede_factor", False)
            and not user.is_verified()
            # The second factor given outside the portal: the eHerkenning means, or the staff IdP's MFA (issue 12).
            and not request.session.get("wlz_tweede_factor_extern")
            and not request.path.startswith(settings.STATIC_URL if settings.STATIC_URL.startswith("/")
                                            else "/" + settings.STATIC_URL)
            and request.path not in {reverse(naam) for naam in _VRIJ}
        ):
            from django_otp import devices_for_user

            doel = "tweefactor_verifieren" if any(devices_for_user(user)) else "tweefactor_instellen"
            return redirect(f"{reverse(doel)}?next={request.get_full_path()}")
        return self.get_response(request)


class FoutpaginaMiddleware:
    """Dutch error pages for people, also while ``DEBUG`` is on (``make run``, where a new user's first hour happens):
    a missing page or record is ``404.html``, an error ``500.html`` (logged with its traceback). A developer who wants
    Django's technical pages sets ``WLZ_TECHNISCHE_FOUTPAGINAS=true``. Without ``DEBUG`` Django itself renders these
    templates."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (self._nederlands() and response.status_code == 404
                and response.get("Content-Type", "").startswith("text/html")):
            # Django's technical 404 (an unknown address, or Http404 from a view): the page for people instead.
            from django.shortcuts import render

            return render(request, "404.html", status=404)
        return response

    @staticmethod
    def _nederlands() -> bool:
        return settings.DEBUG and not settings.TECHNISCHE_FOUTPAGINAS

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied
        from django.http import Http404
        from django.template.loader import render_to_string

        if not self._nederlands() or isinstance(exception, (Http404, PermissionDenied)):
            return None
        logger.error("Fout bij %s %s", request.method, request.path, exc_info=exception)
        from django.http import HttpResponseServerError

        return HttpResponseServerError(render_to_string("500.html"))
