from django.db import migrations


def laad(apps, schema_editor):
    from inschrijving.sjablonen import laad_sjabloon_2022

    laad_sjabloon_2022(apps.get_model("inschrijving", "Regelset"), apps.get_model("inschrijving", "DocumentType"),
                       apps.get_model("inschrijving", "TypeEis"))


class Migration(migrations.Migration):
    dependencies = [("inschrijving", "0002_inschrijving_en_regels")]
    operations = [migrations.RunPython(laad, migrations.RunPython.noop)]
