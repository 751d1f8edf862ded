"""Read-only endpoints for a zorgkantoor's own systems (issue 13, item 1): its inschrijvingen (only of rounds whose
vault it opened, through the portal's own selectors), each with the snapshot and its hash, the result of every rule
and the decision once approved; its overeenkomsten. Every call lands in the audit trail."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets

from api.beveiliging import IsClient, PerClient, TokenAuthenticatie
from api.models import ApiClient
from api.serializers import InschrijvingDetail, InschrijvingLijst, OvereenkomstSerializer
from beoordeling import audit
from beoordeling.models import Beoordeling, Besluit
from inschrijving.models import Indiening, Overeenkomst
from inschrijving.selectors import actuele_indieningen, inschrijvingen_voor


class _Basis(viewsets.ReadOnlyModelViewSet):
    authentication_classes = [TokenAuthenticatie]
    permission_classes = [IsClient]
    throttle_classes = [PerClient]

    def finalize_response(self, request, response, *args, **kwargs):
        antwoord = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(request.auth, ApiClient):
            audit.log(actie="api_opgevraagd", inschrijving=getattr(self, "_inschrijving", None),
                      omschrijving=f"{request.auth}: {request.method} {request.get_full_path()} → "
                                   f"{antwoord.status_code}")
        return antwoord


class InschrijvingViewSet(_Basis):
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return inschrijvingen_voor(self.request.user).order_by("pk")

    def get_serializer_class(self):
        return InschrijvingDetail if self.action == "retrieve" else InschrijvingLijst

    @extend_schema(summary="Een inschrijving met haar momentopname, de resultaten van de regels en het besluit")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def get_object(self):
        inschrijving = super().get_object()
        self._inschrijving = inschrijving
        beoordeling = Beoordeling.objects.filter(inschrijving=inschrijving).first()
        inschrijving.indiening = actuele_indieningen(Indiening.objects.filter(inschrijving=inschrijving)).first()
        inschrijving.fase = beoordeling.fase if beoordeling else None
        inschrijving.resultaten = list(beoordeling.resultaten.order_by("stap", "regel")) if beoordeling else []
        inschrijving.besluit = (Besluit.objects.select_related("overeenkomst__zorgaanbieder")
                                .filter(beoordeling=beoordeling, goedgekeurd_op__isnull=False).first()
                                if beoordeling else None)
        return inschrijving


class OvereenkomstViewSet(_Basis):
    serializer_class = OvereenkomstSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (Overeenkomst.objects.filter(zorgkantoor=self.request.user.zorgkantoor_id)
                .select_related("zorgaanbieder").order_by("pk"))
