"""Changes to rounds and rule sets keep their old and new values in the database itself (issue 9, item 5):
django-pghistory's triggers write a snapshot of the row on every insert, update and delete, whatever path made the
change — here raw SQL as the application's own database role — and those event tables only grow."""

from datetime import timedelta

import psycopg2
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from inschrijving.models import Regelset
from tests.factories import InkooprondeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _als_applicatie():
    call_command("databaserol", "wlz_app_geschiedenis")
    instellingen = connection.settings_dict
    app = psycopg2.connect(host=instellingen["HOST"], port=instellingen["PORT"], dbname=instellingen["NAME"],
                           user="wlz_app_geschiedenis")
    app.autocommit = True
    return app


def test_een_wijziging_van_ronde_of_regelset_laat_oud_en_nieuw_achter_ook_langs_ruwe_sql():
    ronde = InkooprondeFactory()
    regelset = Regelset.objects.create(naam="Regels geschiedenis", max_aandeel_onderaanneming=66)
    oud = ronde.sluiting_inschrijving
    app = _als_applicatie()
    try:
        with app.cursor() as cursor:
            cursor.execute("UPDATE inschrijving_inkoopronde SET sluiting_inschrijving = sluiting_inschrijving "
                           "- interval '1 day' WHERE id = %s", [ronde.pk])
            cursor.execute("UPDATE inschrijving_regelset SET max_aandeel_onderaanneming = 50 WHERE id = %s",
                           [regelset.pk])
            # The history itself cannot be rewritten or removed, not even by the application.
            for opdracht in ("UPDATE inschrijving_inkooprondeevent SET sluiting_inschrijving = now()",
                             "DELETE FROM inschrijving_inkooprondeevent"):
                with pytest.raises(psycopg2.Error):
                    cursor.execute(opdracht)
    finally:
        app.close()

    InkooprondeEvent, RegelsetEvent = (apps.get_model("inschrijving", naam)
                                       for naam in ("InkooprondeEvent", "RegelsetEvent"))
    rondes = list(InkooprondeEvent.objects.filter(pgh_obj_id=ronde.pk).order_by("pgh_id"))
    assert [(e.pgh_label, e.sluiting_inschrijving) for e in rondes] == [
        ("insert", oud), ("update", oud - timedelta(days=1))]
    regels = list(RegelsetEvent.objects.filter(pgh_obj_id=regelset.pk).order_by("pgh_id"))
    assert [(e.pgh_label, e.max_aandeel_onderaanneming) for e in regels] == [("insert", 66), ("update", 50)]
