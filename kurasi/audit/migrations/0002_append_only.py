"""Append-only in the database: triggers refusing UPDATE and DELETE of audit events (guard.py),
plus the redacted_at column of the one sanctioned rewrite and an index for the office's log."""

from django.db import migrations, models

from kurasi.audit import guard


def create_triggers(apps, schema_editor):
    guard.create_triggers(schema_editor)


def drop_triggers(apps, schema_editor):
    guard.drop_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="redacted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="redacted at"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["organisation", "-created_at"], name="audit_org_time_idx"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
