"""Allocation's indexes leave out the rows most runs write: "out" outcomes (a product that is
not eligible, cannot attend, or has no booth that fits), four in five of the 200,000 rows a first
run writes at 10,000 candidates and 20 exhibitions. Every index costs on every row written.

- exhibition: its own index goes; the unique (exhibition, application) index starts with it.
- booth type, overridden by, answer entered by: indexed only where set (lookups and SET NULL on
  delete always name a value, which the partial index answers).
- (status, deadline) becomes deadline where status is "invited": reminders and expiry only ask
  for invitations.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exhibitions", "0005_verbose_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="allocation",
            name="exhibitions_status_8dc98d_idx",
        ),
        migrations.AlterField(
            model_name="allocation",
            name="answer_recorded_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="answer entered by",
            ),
        ),
        migrations.AlterField(
            model_name="allocation",
            name="booth_type",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                to="exhibitions.boothtype",
                verbose_name="booth",
            ),
        ),
        migrations.AlterField(
            model_name="allocation",
            name="exhibition",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="allocations",
                to="exhibitions.exhibition",
                verbose_name="exhibition",
            ),
        ),
        migrations.AlterField(
            model_name="allocation",
            name="overridden_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="overridden by",
            ),
        ),
        migrations.AddIndex(
            model_name="allocation",
            index=models.Index(
                condition=models.Q(("status", "invited")),
                fields=["deadline"],
                name="allocation_invited_deadline",
            ),
        ),
        migrations.AddIndex(
            model_name="allocation",
            index=models.Index(
                condition=models.Q(("booth_type__isnull", False)),
                fields=["booth_type"],
                name="allocation_booth_type",
            ),
        ),
        migrations.AddIndex(
            model_name="allocation",
            index=models.Index(
                condition=models.Q(("overridden_by__isnull", False)),
                fields=["overridden_by"],
                name="allocation_overridden_by",
            ),
        ),
        migrations.AddIndex(
            model_name="allocation",
            index=models.Index(
                condition=models.Q(("answer_recorded_by__isnull", False)),
                fields=["answer_recorded_by"],
                name="allocation_answer_recorded_by",
            ),
        ),
    ]
