from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inschrijving", "0022_lezing_blijft_bij_het_bestand"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="indiening",
            index=models.Index(fields=["ontvangstbewijs_sha256"], name="indiening_bewijs_sha256"),
        ),
    ]
