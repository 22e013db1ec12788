"""The producer's "cannot attend" is her own answer (Availability), derived where it is shown
(kurasi/exhibitions/availability.py): the rows earlier runs stored for it go. Undone as a no-op:
the next run would not write them again."""

from django.db import migrations


def delete_unavailable_rows(apps, schema_editor):
    Allocation = apps.get_model("exhibitions", "Allocation")
    Allocation.objects.filter(status="out", reason="unavailable", pinned=False).delete()


class Migration(migrations.Migration):
    dependencies = [("exhibitions", "0006_allocation_indexes_skip_out_rows")]

    operations = [
        migrations.RunPython(delete_unavailable_rows, migrations.RunPython.noop, elidable=True),
    ]
