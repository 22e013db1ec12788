"""Applications keep their product's business (see Application.business), filled for existing rows.

Two migrations rather than one: on PostgreSQL, making the column NOT NULL in the same transaction
as the UPDATE that fills it fails with "pending trigger events" (the foreign key is deferred).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_business(apps, schema_editor):
    Application = apps.get_model("programmes", "Application")
    Product = apps.get_model("registry", "Product")
    owner = Product.objects.filter(pk=OuterRef("product_id")).values("business_id")[:1]
    Application.objects.update(business_id=Subquery(owner))


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0004_figures_fingerprint_indexes"),
        ("registry", "0007_figures_fingerprint_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="business",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="registry.business",
            ),
        ),
        migrations.RunPython(fill_business, migrations.RunPython.noop, elidable=True),
    ]
