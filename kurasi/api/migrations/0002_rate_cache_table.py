"""The database cache table for rate-limit counters (when no REDIS_URL), so `migrate` is all a
deployment needs."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_tokens")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
