from django.urls import path

from toegang import views

app_name = "toegang"

urlpatterns = [
    path("account/aanmelden/", views.aanmelden_view, name="aanmelden"),
    path("account/aanmelden/verstuurd/", views.aangemeld, name="aangemeld"),
    path("account/aanmelden/bevestigen/<str:token>/", views.bevestigen, name="bevestigen"),
    path("zorgkantoor/aanmeldingen/", views.aanmeldingen, name="aanmeldingen"),
    path("zorgkantoor/aanmeldingen/<int:pk>/", views.aanmelding, name="aanmelding"),
]
