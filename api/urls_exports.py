from django.urls import path

from api import views_export

app_name = "exports"

urlpatterns = [
    path("", views_export.overzicht, name="overzicht"),
    path("<int:pk>/", views_export.export, name="export"),
    path("<int:pk>/download/", views_export.downloaden, name="downloaden"),
]
