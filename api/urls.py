from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from api import views

app_name = "api"

router = SimpleRouter(trailing_slash=False)
router.register("inschrijvingen", views.InschrijvingViewSet, basename="inschrijving")
router.register("overeenkomsten", views.OvereenkomstViewSet, basename="overeenkomst")

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    *router.urls,
]
