from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from api import views_controle
from wlzportal import accounts, gezondheid, views

admin.site.site_header = "Wlz inschrijvingsportaal – beheer"
admin.site.site_title = "Wlz-beheer"

urlpatterns = [
    path("", views.start, name="start"),
    path("account/inloggen/", accounts.Inloggen.as_view(), name="login"),
    path("account/uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/tweede-factor/instellen/", accounts.tweefactor_instellen, name="tweefactor_instellen"),
    path("account/tweede-factor/", accounts.tweefactor_verifieren, name="tweefactor_verifieren"),
    path("account/tweede-factor/herstelcode/", accounts.tweefactor_herstelcode, name="tweefactor_herstelcode"),
    path("account/tweede-factor/herstelcodes/", accounts.herstelcodes, name="tweefactor_herstelcodes"),
    path("account/tweede-factor/nieuwe-app/", accounts.app_vervangen, name="tweefactor_app_vervangen"),
    path("account/wachtwoord-vergeten/", views.WachtwoordVergetenView.as_view(), name="password_reset"),
    path("account/wachtwoord-vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("account/wachtwoord-herstellen/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("account/wachtwoord-herstellen/klaar/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("taal/", set_language, name="set_language"),
    path("gezondheid/", gezondheid.web, name="gezondheid"),
    path("gezondheid/worker/", gezondheid.worker, name="gezondheid_worker"),
    path("gezondheid/beat/", gezondheid.beat, name="gezondheid_beat"),
    path("controleer/", views_controle.controleer, name="controleer"),
    path("controleer/certificaat.pem", views_controle.certificaat, name="controleer_certificaat"),
    path("", include("toegang.urls")),
    path("api/v1/", include("api.urls")),
    path("zorgkantoor/exports/", include("api.urls_exports")),
    path("zorgkantoor/koppelingen/", include("api.urls_koppelingen")),
    path("regels/", include("inschrijving.urls_regels")),
    path("aanbieder/", include("inschrijving.urls")),
    path("zorgkantoor/", include("beoordeling.urls")),
    path("beheer/", admin.site.urls),
]
