from django.urls import path

from inschrijving import views

app_name = "inschrijving"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
