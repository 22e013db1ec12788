"""Copying the database in and out, one way per vendor.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot page by
page while the app keeps serving, and restores by copying pages back into the configured file.
PostgreSQL: `pg_dump --format=custom` inside a REPEATABLE READ snapshot that the row counts are
taken from too, so the manifest describes exactly what was dumped; `pg_restore` restores it.

Why not `dumpdata`/`loaddata`: they go through the ORM (slow on a province's registry, all in
memory), skip what the ORM does not model (the audit trail's triggers, sequences, indexes), and
`loaddata` would have to insert audit events through the model that refuses rewrites. The native
tools give back the database as it was, and each vendor restores its own format only (a backup
moves between two installs of one vendor, not from SQLite to PostgreSQL).
"""

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import connection, transaction


class BackupError(Exception):
    pass


def vendor() -> str:
    return connection.vendor


def table_names() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in table_names():
            # Table names come from the database's own catalogue, quoted.
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations() -> dict[str, list[str]]:
    if "django_migrations" not in table_names():
        return {}
    migrations = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return migrations


def dump(target: Path) -> dict[str, int]:
    """Write the database to `target`; returns the row counts of the snapshot written."""
    if vendor() == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)
            return _sqlite_counts(copy)
    if vendor() == "postgresql":
        return _pg_dump(target)
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor()}.")


def load(source: Path) -> None:
    """Replace the configured database's content with the dump at `source`."""
    if vendor() == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(source)) as dumped:
            dumped.backup(connection.connection)
        connection.close()
    elif vendor() == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                _pg_settings()["dbname"],
                str(source),
            ]
        )
    else:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor()}.")


def _sqlite_counts(db) -> dict[str, int]:
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    count = 'SELECT COUNT(*) FROM "{}"'  # names from sqlite_master, not from people
    return {t: db.execute(count.format(t)).fetchone()[0] for t in sorted(tables)}


def _pg_dump(target: Path) -> dict[str, int]:
    # One snapshot for the counts and the dump: rows written meanwhile are in neither.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                "--dbname",
                _pg_settings()["dbname"],
            ]
        )
    return counts


def _pg_settings() -> dict:
    """libpq settings of the configured database; the password goes by environment."""
    s = connection.settings_dict
    return {
        "dbname": s["NAME"],
        "host": s.get("HOST") or "",
        "port": str(s.get("PORT") or ""),
        "user": s.get("USER") or "",
        "password": s.get("PASSWORD") or "",
    }


def _run(command):
    s = _pg_settings()
    env = {**os.environ, "PGHOST": s["host"], "PGPORT": s["port"], "PGUSER": s["user"]}
    if s["password"]:
        env["PGPASSWORD"] = s["password"]
    # A fixed argument list (no shell); the values come from settings.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")
