"""The virus scan moves out of the upload request (issue 10): each document version records its scan. Versions
stored before this migration were scanned before they were accepted, so they are "schoon"; a new version starts
"wachtend" until the Celery task (or its submission, or its first download) has scanned it.

On SQLite adding a NOT NULL column rebuilds the table, which drops its trigger: it is installed again."""

from django.db import migrations, models

from inschrijving.triggers import SQLITE_DOCUMENT, sqlite_triggers_opnieuw

KEUZES = [("wachtend", "wordt op virussen gescand"), ("schoon", "gescand, geen virus gevonden"),
          ("besmet", "geweigerd: schadelijke inhoud gevonden"), ("uit", "niet gescand (geen virusscanner ingesteld)")]


class Migration(migrations.Migration):

    dependencies = [
        ("inschrijving", "0019_ontvangstbevestiging_eenmaal_per_ontvanger"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="gescand_op",
            field=models.DateTimeField(blank=True, null=True, verbose_name="gescand op"),
        ),
        migrations.AddField(
            model_name="document",
            name="scan",
            field=models.CharField(choices=KEUZES, default="schoon", max_length=8, verbose_name="virusscan"),
        ),
        migrations.AlterField(
            model_name="document",
            name="scan",
            field=models.CharField(choices=KEUZES, default="wachtend", max_length=8, verbose_name="virusscan"),
        ),
        migrations.AddField(
            model_name="document",
            name="scan_vondst",
            field=models.CharField(blank=True, max_length=200, verbose_name="gevonden door de virusscan"),
        ),
        sqlite_triggers_opnieuw(["document_onveranderlijk"], [SQLITE_DOCUMENT]),
    ]
