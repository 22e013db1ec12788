from django.db import migrations

from kurasi.facilitation.shipped import ensure_shipped_rules


def forwards(apps, schema_editor):
    ensure_shipped_rules(
        apps.get_model("facilitation", "LegalityRule"),
        apps.get_model("registry", "CertificateType"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("facilitation", "0001_initial"),
        ("registry", "0002_shipped_certificate_types"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
