"""Run in a subprocess by test_import_killed.py, against the database named by DATABASE_URL.

`seed`: an office with the five product groups. `import FILE`: manage.py import_registry --commit.
`import-and-stop FILE`: the same, but it prints `writing` to stderr and stops (until killed) when
it starts on the products — by then every business of the file is written inside the still-open
transaction, so a kill lands where a partial import would show if the import were not
all-or-nothing. (On PostgreSQL rows go in by COPY, which passes no execute wrapper: the product
ids being reserved is the signal there.)
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurasi.settings")
SLUG = "disperindag-tangsel"


def seed():
    from kurasi.accounts.models import Organisation
    from kurasi.registry.models import ProductGroup

    organisation = Organisation.objects.create(
        name="Disperindag Kota Tangerang Selatan", slug=SLUG, region_code="36.74"
    )
    for code, name, food in [("busana", "Busana", False), ("makanan", "Makanan", True)]:
        ProductGroup.objects.create(organisation=organisation, code=code, name=name, is_food=food)


def starts_on_products(sql, params):
    inserting = sql.lstrip().upper().startswith("INSERT") and '"registry_product"' in sql
    reserving = "pg_get_serial_sequence" in sql and params and params[0] == "registry_product"
    return inserting or reserving


def stop_at_first_product_insert(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if starts_on_products(sql, params):
        sys.stderr.write("writing\n")
        sys.stderr.flush()
        time.sleep(120)  # the test kills us long before this ends
    return result


def run_import(path, pause):
    from django.core.management import call_command
    from django.db import connection
    from django.db.backends.signals import connection_created

    def hook(sender, connection, **kwargs):
        connection.execute_wrappers.append(stop_at_first_product_insert)

    if pause:
        connection_created.connect(hook)
        if connection.connection is not None:
            hook(None, connection)
    call_command("import_registry", SLUG, path, "--commit", "--problems-only")


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "seed":
        seed()
    else:
        run_import(sys.argv[2], pause=sys.argv[1] == "import-and-stop")
