from django.urls import path

from api import views_koppelingen

app_name = "koppelingen"

urlpatterns = [
    path("", views_koppelingen.overzicht, name="overzicht"),
    path("<int:pk>/", views_koppelingen.eindpunt, name="eindpunt"),
    path("<int:pk>/nieuw-geheim/", views_koppelingen.nieuw_geheim, name="nieuw_geheim"),
    path("<int:pk>/verwijderen/", views_koppelingen.verwijderen, name="verwijderen"),
]
