from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("beoordeling", "0011_auditregel_per_zorgaanbieder"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="besluit",
            index=models.Index(fields=["brief_sha256"], name="besluit_brief_sha256"),
        ),
    ]
