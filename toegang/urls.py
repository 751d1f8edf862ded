from django.urls import path

from toegang import views, views_oidc, views_team

app_name = "toegang"

urlpatterns = [
    path("account/aanmelden/", views.aanmelden_view, name="aanmelden"),
    path("account/aanmelden/verstuurd/", views.aangemeld, name="aangemeld"),
    path("account/aanmelden/bevestigen/<str:token>/", views.bevestigen, name="bevestigen"),
    path("zorgkantoor/aanmeldingen/", views.aanmeldingen, name="aanmeldingen"),
    path("zorgkantoor/aanmeldingen/<int:pk>/", views.aanmelding, name="aanmelding"),
    path("account/uitnodiging/<str:token>/", views_team.aanvaarden, name="uitnodiging"),
    path("aanbieder/organisatie/", views_team.overzicht, name="team"),
    path("aanbieder/organisatie/uitnodigen/", views_team.uitnodigen, name="uitnodigen"),
    path("aanbieder/organisatie/uitnodiging/<int:pk>/intrekken/", views_team.intrekken, name="intrekken"),
    path("aanbieder/organisatie/collega/<int:pk>/", views_team.collega, name="collega"),
    path("account/eherkenning/", views_oidc.eherkenning, name="eherkenning"),
    path("account/eherkenning/terug/", views_oidc.eherkenning_terug, name="eherkenning_terug"),
    path("account/eherkenning/organisatie/", views_oidc.organisatie_aanvullen, name="eherkenning_organisatie"),
    path("account/e-mailadres/", views_oidc.email_opgeven, name="email"),
    path("account/e-mailadres/bevestigen/<str:token>/", views_oidc.email_bevestigen, name="email_bevestigen"),
    path("account/zorgkantoor/", views_oidc.sso, name="sso"),
    path("account/zorgkantoor/terug/", views_oidc.sso_terug, name="sso_terug"),
]
