from django.urls import path

from inschrijving.views import aanbieder, kwaliteit, nvi

app_name = "inschrijving"
urlpatterns = [
    path("", aanbieder.dashboard, name="dashboard"),
    path("ronde/<int:ronde_pk>/zorgkantoor/<int:zk_pk>/starten/", aanbieder.starten, name="starten"),
    path("inschrijving/<int:pk>/", aanbieder.overzicht, name="overzicht"),
    path("inschrijving/<int:pk>/verklaring/", aanbieder.verklaring, name="verklaring"),
    path("inschrijving/<int:pk>/ondernemingsplan/", aanbieder.ondernemingsplan, name="ondernemingsplan"),
    path("inschrijving/<int:pk>/documenten/<slug:code>/", aanbieder.document, name="document"),
    path("inschrijving/<int:pk>/documenten/versie/<int:doc_pk>/gegevens/", aanbieder.document_gegevens,
         name="document_gegevens"),
    path("inschrijving/<int:pk>/zelfanalyse/", kwaliteit.zelfanalyse, name="zelfanalyse"),
    path("inschrijving/<int:pk>/zelfanalyse/thema/<int:thema_pk>/", kwaliteit.zelfanalyse_thema,
         name="zelfanalyse_thema"),
    path("inschrijving/<int:pk>/zelfanalyse/voorstel/", kwaliteit.voorstel, name="ontwikkelplan_voorstel"),
    path("inschrijving/<int:pk>/zelfanalyse/voorstel/<int:voorstel_pk>/", kwaliteit.voorstel,
         name="ontwikkelplan_voorstel_wijzigen"),
    path("inschrijving/<int:pk>/zelfanalyse/voorstel/<int:voorstel_pk>/verwijderen/", kwaliteit.voorstel_verwijderen,
         name="ontwikkelplan_voorstel_verwijderen"),
    path("inschrijving/<int:pk>/voorcontrole/", aanbieder.voorcontrole, name="voorcontrole"),
    path("inschrijving/<int:pk>/indienen/", aanbieder.indienen, name="indienen"),
    path("inschrijving/<int:pk>/intrekken/", aanbieder.intrekken, name="intrekken"),
    path("inschrijving/<int:pk>/ingediend/<int:volgnummer>/", aanbieder.ingediend, name="ingediend"),
    path("inschrijving/<int:pk>/ontvangstbevestiging/<int:volgnummer>/", aanbieder.ontvangstbevestiging,
         name="ontvangstbevestiging"),
    path("document/<int:doc_pk>/", aanbieder.document_downloaden, name="document_downloaden"),
    # Nota van Inlichtingen
    path("ronde/<int:ronde_pk>/nvi/", nvi.vragen, name="nvi"),
    path("ronde/<int:ronde_pk>/nvi/beheer/", nvi.beheer, name="nvi_beheer"),
    path("ronde/<int:ronde_pk>/nvi/beheer/antwoord/<int:pk>/", nvi.beheer_antwoord, name="nvi_antwoord"),
    path("ronde/<int:ronde_pk>/nvi/beheer/antwoord/<int:pk>/verwijderen/", nvi.beheer_antwoord_verwijderen,
         name="nvi_antwoord_verwijderen"),
    path("ronde/<int:ronde_pk>/nvi/beheer/publiceren/", nvi.beheer_publiceren, name="nvi_publiceren"),
]
