"""Request guards that apply to every page: a strict Content-Security-Policy, and two factors for staff."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

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
    """Zorgkantoor staff and beheerders must verify a TOTP code before anything else (admin included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "vereist_tweede_factor", False)
            and not user.is_verified()
            and not request.path.startswith(settings.STATIC_URL if settings.STATIC_URL.startswith("/")
                                            else "/" + settings.STATIC_URL)
            and request.path not in {reverse(naam) for naam in _VRIJ}
        ):
            from django_otp import devices_for_user

            doel = "tweefactor_verifieren" if any(devices_for_user(user)) else "tweefactor_instellen"
            return redirect(f"{reverse(doel)}?next={request.get_full_path()}")
        return self.get_response(request)
