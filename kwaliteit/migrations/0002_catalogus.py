"""Load the catalogue of quality frameworks (kwaliteit.catalogus) into the tables."""

from django.db import migrations


def laad(apps, schema_editor):
    from kwaliteit.catalogus import laad_catalogus

    laad_catalogus(apps.get_model("kwaliteit", "Kader"), apps.get_model("kwaliteit", "Thema"),
                   apps.get_model("kwaliteit", "Item"))


class Migration(migrations.Migration):
    dependencies = [("kwaliteit", "0001_initial")]
    # Reversing keeps the rows: unapplying 0001 drops the tables with them.
    operations = [migrations.RunPython(laad, migrations.RunPython.noop)]
