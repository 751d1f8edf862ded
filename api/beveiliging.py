"""Who calls and how often: a bearer token per client, scoped to its zorgkantoor; a rate per client; errors as
``application/problem+json`` (RFC 9457, the Dutch API design rules); every call in the audit trail."""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler

from api.models import ApiClient, token_hash


@dataclass(frozen=True)
class ClientAlsGebruiker:
    """The client in the shape the portal's selectors take a user: zorgkantoor staff of one zorgkantoor, so the API
    sees exactly what that zorgkantoor's people see (nothing of a round before its opening)."""

    client: ApiClient
    is_authenticated: bool = True
    is_aanbieder: bool = False
    is_zorgkantoor: bool = True

    @property
    def zorgkantoor_id(self) -> int:
        return self.client.zorgkantoor_id

    @property
    def pk(self):
        return None


class TokenAuthenticatie(BaseAuthentication):
    def authenticate(self, request):
        delen = get_authorization_header(request).split()
        if not delen or delen[0].lower() != b"bearer":
            return None
        if len(delen) != 2:
            raise exceptions.AuthenticationFailed("Geef de sleutel als 'Authorization: Bearer <sleutel>'.")
        client = ApiClient.objects.select_related("zorgkantoor").filter(
            sleutel_hash=token_hash(delen[1].decode(errors="replace")), actief=True).first()
        if client is None:
            raise exceptions.AuthenticationFailed("Onbekende of ingetrokken sleutel.")
        ApiClient.objects.filter(pk=client.pk).update(laatst_gebruikt=timezone.now())
        return ClientAlsGebruiker(client), client

    def authenticate_header(self, request):
        return 'Bearer realm="wlz-api"'


class TokenSchema(OpenApiAuthenticationExtension):
    """The bearer token in the OpenAPI document."""

    target_class = "api.beveiliging.TokenAuthenticatie"
    name = "sleutel"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "De sleutel van de API-client."}


class IsClient(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, ApiClient)


class PerClient(SimpleRateThrottle):
    """``WLZ_API_LIMIET`` calls per client (read per request, so an operator or a test can change it)."""

    scope = "client"

    def get_rate(self):
        return settings.WLZ_API_LIMIET

    def get_cache_key(self, request, view):
        ident = request.auth.pk if isinstance(request.auth, ApiClient) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


_TITELS = {400: "Ongeldig verzoek", 401: "Niet geauthenticeerd", 403: "Geen toegang", 404: "Niet gevonden",
           405: "Methode niet toegestaan", 406: "Niet aanvaardbaar", 429: "Te veel verzoeken"}


def probleem(exc, context):
    """Every error as application/problem+json: type, title, status, detail, instance."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Dit record bestaat niet of is niet van uw zorgkantoor.")
    antwoord = exception_handler(exc, context)
    if antwoord is None:
        return None
    detail = antwoord.data.get("detail") if isinstance(antwoord.data, dict) else None
    antwoord.data = {"type": "about:blank", "title": _TITELS.get(antwoord.status_code, "Fout"),
                     "status": antwoord.status_code, "detail": str(detail or antwoord.data),
                     "instance": context["request"].get_full_path()}
    antwoord.content_type = "application/problem+json"
    return antwoord
