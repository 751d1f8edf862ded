from django.db import migrations


def laad(apps, schema_editor):
    from inschrijving.sjablonen import OVEREENKOMSTEN_2022, SJABLOON_2022, laad_overeenkomsten, laad_sjabloon_2016

    regelset_model = apps.get_model("inschrijving", "Regelset")
    regel_model = apps.get_model("inschrijving", "OvereenkomstRegel")
    for regelset in regelset_model.objects.filter(naam=SJABLOON_2022):
        laad_overeenkomsten(regelset, regel_model, OVEREENKOMSTEN_2022)
    laad_sjabloon_2016(regelset_model, apps.get_model("inschrijving", "DocumentType"),
                       apps.get_model("inschrijving", "TypeEis"), regel_model)


class Migration(migrations.Migration):
    dependencies = [("inschrijving", "0004_overeenkomst_opslag_overeenkomst_soort_and_more")]
    operations = [migrations.RunPython(laad, migrations.RunPython.noop)]
