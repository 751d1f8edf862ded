from django.urls import path

from beoordeling import views

app_name = "beoordeling"
urlpatterns = [
    path("", views.start, name="start"),
    path("ronde/<int:ronde_pk>/ontvangen/", views.ontvangen, name="ontvangen"),
    path("inschrijving/<int:pk>/", views.inschrijving, name="inschrijving"),
]
