"""An index for the werkvoorraad's default order, by the zorgaanbieder's statutaire naam (then the assessment).

Without it every page of the queue joins and sorts the whole selection to show 50 rows; with it PostgreSQL walks
the names in order and stops after the page. The column belongs to ``inschrijving.Zorgaanbieder``, but the index
is there for this queue, so it lives here, as SQL: the model state does not change (``makemigrations`` sees
nothing to add or remove), and both PostgreSQL and SQLite understand the statement.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("beoordeling", "0008_audit_en_besluit_onveranderlijk"),
        ("inschrijving", "0018_geschiedenis_van_rondes_en_regelsets"),
    ]

    operations = [
        migrations.RunSQL(
            sql="CREATE INDEX IF NOT EXISTS zorgaanbieder_naam_werkvoorraad_idx "
                "ON inschrijving_zorgaanbieder (statutaire_naam, id);",
            reverse_sql="DROP INDEX IF EXISTS zorgaanbieder_naam_werkvoorraad_idx;",
        ),
    ]
