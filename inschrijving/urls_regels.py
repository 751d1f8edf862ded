"""Rule sets as data (issue 13, item 6): the JSON Schema, each round's rule set as JSON, and the comparison page."""

from django.urls import path

from inschrijving import regeldata
from inschrijving.views import regels

app_name = "regels"
urlpatterns = [
    path(f"schema/regelset-{regeldata.SCHEMAVERSIE}.json", regels.schema, name="schema"),
    path("ronde/<int:ronde_pk>.json", regels.ronde, name="ronde"),
    path("ronde/<int:ronde_pk>/zorgkantoor/<int:zk_pk>.json", regels.regionaal, name="regionaal"),
    path("sjabloon/<int:pk>.json", regels.sjabloon, name="sjabloon"),
    path("vergelijken/", regels.verschil, name="verschil"),
]
