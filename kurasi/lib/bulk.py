"""Inserting many rows fast, for imports of a whole city's or province's registry.

Django's bulk_create prepares every value of every field through several layers; at 100,000
rows of a 35-column model that is most of an import's time. Here each column gets one converter,
chosen once per field, and rows go to PostgreSQL's COPY or SQLite's executemany. Primary keys
are reserved up front (PostgreSQL's sequence, or SQLite's sequence under the import
transaction's write lock) so the caller knows them, as bulk_create would have told it; no
model instances are built either. Call inside transaction.atomic().
"""

from itertools import islice

from django.db import connection, models
from django.utils import timezone


def _converter(field):
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        digits, places = field.max_digits, field.decimal_places
        return lambda value: ops.adapt_decimalfield_value(value, digits, places)
    if isinstance(field, models.FileField):
        return lambda value: str(value) if value else ""
    return None


def reserve_ids(model, count: int) -> list[int]:
    if count == 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the import's transaction holds the write lock (transaction_mode IMMEDIATE), so
        # nobody else can take these numbers. AUTOINCREMENT never reuses numbers of deleted rows:
        # start after both the sequence and the largest id.
        cursor.execute(f'SELECT COALESCE(MAX("{column}"), 0) FROM "{table}"')  # noqa: S608
        largest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(largest, row[0] if row else 0) + 1
    return list(range(start, start + count))


_DEFAULT = object()


def insert_rows(model, rows, *, batch=2000) -> list[int]:
    """INSERT `rows` (dicts by field name or attname) into `model`'s table; return their new ids.

    Missing fields take their defaults; auto_now and auto_now_add fields take the current time.
    No model instances are built and no signals are sent.
    """
    if not rows:
        return []
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    plans = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default = now
        elif field.has_default():
            default = field.get_default()
        else:
            default = None if field.null or not field.empty_strings_allowed else ""
        convert = _converter(field)
        # Most rows leave most fields to their default: convert it once, not once per row.
        stored_default = convert(default) if convert and default is not None else default
        plans.append((field.attname, field.name, stored_default, convert))
    ids = reserve_ids(model, len(rows))
    pk_column = connection.ops.quote_name(model._meta.pk.column)
    columns = ", ".join([pk_column, *(connection.ops.quote_name(f.column) for f in fields)])
    placeholders = ", ".join(["%s"] * (len(fields) + 1))
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
        f"({columns}) VALUES ({placeholders})"
    )

    def lines():
        for new_id, row in zip(ids, rows, strict=True):
            line = [new_id]
            for attname, name, stored_default, convert in plans:
                value = row.get(attname, _DEFAULT)
                if value is _DEFAULT:
                    value = row.get(name, _DEFAULT)
                    if value is _DEFAULT:
                        line.append(stored_default)
                        continue
                    if isinstance(value, models.Model):
                        value = value.pk
                line.append(convert(value) if convert and value is not None else value)
            yield line

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams every row in one statement; executemany sends one statement per row.
            table = connection.ops.quote_name(model._meta.db_table)
            # The raw cursor's errors are mapped to Django's like any other query's.
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
                for line in lines():
                    copy.write_row(line)
        else:
            pending = lines()
            while chunk := list(islice(pending, batch)):
                cursor.executemany(sql, chunk)
    return ids
