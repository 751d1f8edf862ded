from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('beoordeling', '0004_uitkomst_signaal'),
    ]

    operations = [
        migrations.AddField(
            model_name='gesprek',
            name='signaal_oordelen',
            field=models.JSONField(blank=True, default=dict, verbose_name='oordeel per signaal'),
        ),
    ]
