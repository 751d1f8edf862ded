from django.urls import path

from beoordeling import views

app_name = "beoordeling"
urlpatterns = [
    path("", views.start, name="start"),
]
