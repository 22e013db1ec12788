from django.db import migrations

from kurasi.registry.shipped import ensure_shipped_certificate_types


def forwards(apps, schema_editor):
    ensure_shipped_certificate_types(apps.get_model("registry", "CertificateType"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
