import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0005_application_business"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="business",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="registry.business",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["programme", "business"], name="application_entrant_idx"),
        ),
    ]
