from django.urls import path

from beoordeling.views import ronde

app_name = "beoordeling"
urlpatterns = [
    path("", ronde.start, name="start"),
    path("ronde/<int:ronde_pk>/ontvangen/", ronde.ontvangen, name="ontvangen"),
    path("inschrijving/<int:pk>/", ronde.inschrijving, name="inschrijving"),
]
