from django.urls import path

from beoordeling.views import (
    aanbieder,
    aanbod,
    besluit,
    detail,
    gesprek,
    inregeling,
    ontwikkelplan,
    onvolledig,
    ronde,
    verduidelijking,
    werkvoorraad,
)

app_name = "beoordeling"
urlpatterns = [
    path("", ronde.start, name="start"),
    path("ronde/<int:ronde_pk>/ontvangen/", ronde.ontvangen, name="ontvangen"),
    path("ronde/<int:ronde_pk>/openen/<str:stap>/", ronde.openen_stap, name="openen"),
    path("ronde/<int:ronde_pk>/proces-verbaal/", ronde.proces_verbaal, name="proces_verbaal"),
    path("inschrijving/<int:pk>/", ronde.inschrijving, name="inschrijving"),
    # Gesprek
    path("beoordeling/<int:pk>/gesprek/", gesprek.gesprek, name="gesprek"),
    path("beoordeling/<int:pk>/gesprek/uitnodigen/", gesprek.uitnodigen, name="gesprek_uitnodigen"),
    path("beoordeling/<int:pk>/gesprek/verslag/", gesprek.verslag, name="gesprek_verslag"),
    path("beoordeling/<int:pk>/gesprek/afronden/", gesprek.afronden, name="gesprek_afronden"),
    path("beoordeling/<int:pk>/gesprek/agenda/", gesprek.agenda, name="gesprek_agenda"),
    path("gesprek/<int:inschrijving_pk>/", gesprek.gesprek_aanbieder, name="gesprek_aanbieder"),
    # Werkvoorraad en detail
    path("werkvoorraad/", werkvoorraad.werkvoorraad, name="werkvoorraad"),
    path("werkvoorraad/toewijzen/", werkvoorraad.toewijzen, name="toewijzen"),
    path("werkvoorraad/<int:pk>/opnieuw/", werkvoorraad.opnieuw_proberen, name="opnieuw_proberen"),
    path("beoordeling/<int:pk>/", detail.detail, name="beoordeling"),
    path("beoordeling/<int:pk>/resultaat/<int:resultaat_pk>/", detail.resultaat_vastleggen,
         name="resultaat_vastleggen"),
    path("beoordeling/<int:pk>/signaal/<int:resultaat_pk>/", detail.signaal_wegen, name="signaal_wegen"),
    path("beoordeling/<int:pk>/controle-afronden/", detail.controle_afronden, name="controle_afronden"),
    # Onvolledig (002 §4.6): confirm "niet in behandeling", or judge the answer to a toelichting
    path("beoordeling/<int:pk>/niet-in-behandeling/", onvolledig.bevestigen, name="niet_in_behandeling"),
    path("beoordeling/<int:pk>/toelichting/<int:verzoek_pk>/oordeel/", onvolledig.oordelen,
         name="toelichting_oordeel"),
    # Verduidelijking
    path("beoordeling/<int:pk>/verduidelijking/", verduidelijking.stellen, name="verduidelijking_stellen"),
    path("ronde/<int:ronde_pk>/verduidelijkingen/", verduidelijking.overzicht, name="verduidelijking_overzicht"),
    path("verduidelijking/<int:pk>/antwoord/", verduidelijking.antwoord, name="verduidelijking_antwoord"),
    path("verduidelijking/<int:pk>/document/", verduidelijking.document, name="verduidelijking_document"),
    path("inschrijving/<int:inschrijving_pk>/verduidelijkingen/", verduidelijking.lijst, name="verduidelijking_lijst"),
    # Besluit en aanbod
    path("beoordeling/<int:pk>/besluit/", besluit.besluit, name="besluit"),
    path("beoordeling/<int:pk>/voorstellen/", besluit.voorstellen, name="voorstellen"),
    path("beoordeling/<int:pk>/goedkeuren/", besluit.goedkeuren, name="goedkeuren"),
    path("aanbod/<int:inschrijving_pk>/", aanbod.aanbod, name="aanbod"),
    path("aanbod/<int:inschrijving_pk>/reageren/", aanbod.reageren, name="aanbod_reageren"),
    path("aanbod/<int:inschrijving_pk>/brief/", aanbod.brief, name="aanbod_brief"),
    # Aanbieder: the state of its assessments
    path("mijn-beoordelingen/", aanbieder.overzicht, name="aanbieder_overzicht"),
    # Inregeling
    path("inregeling/", inregeling.aanbieder, name="inregeling_aanbieder"),
    path("inregeling/<int:pk>/bewijs/", inregeling.bewijs, name="inregeling_bewijs_indienen"),
    path("inregeling/<int:pk>/bewijs/bestand/", inregeling.bewijs_bestand, name="inregeling_bewijs"),
    path("inregeling/beheer/", inregeling.beheer, name="inregeling_beheer"),
    path("inregeling/<int:pk>/beoordelen/", inregeling.beoordelen, name="inregeling_beoordelen"),
    # Ontwikkelplan
    path("ontwikkelplan/<int:inschrijving_pk>/", ontwikkelplan.aanbieder, name="ontwikkelplan_aanbieder"),
    path("beoordeling/<int:pk>/ontwikkelplan/", ontwikkelplan.beoordelen, name="ontwikkelplan_beoordelen"),
    path("ronde/<int:ronde_pk>/ontwikkelplan-weging/", ontwikkelplan.weging, name="ontwikkelplan_weging"),
]
