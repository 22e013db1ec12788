"""Trigram (pg_trgm) GIN indexes for the registry's substring search, on PostgreSQL only.

Django's `icontains` on PostgreSQL compiles to `UPPER(col::text) LIKE UPPER(%s)`, so the indexes
are on that very expression: the planner then uses them for `name__icontains`. SQLite keeps its
plain LIKE scans, fast enough at a city's scale.
"""

from django.db import migrations

INDEXES = [
    ("registry_business_name_trgm", "registry_business", "name"),
    ("registry_business_owner_trgm", "registry_business", "owner_name"),
    ("registry_product_name_trgm", "registry_product", "name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_shipped_certificate_types")]
    operations = [migrations.RunPython(create, drop)]
