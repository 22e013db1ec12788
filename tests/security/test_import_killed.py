"""Issue 8 attack: an import killed midway (SIGKILL, no clean-up code runs) leaves no partial data.

The import runs as `manage.py import_registry … --commit` in a child process against a database
of its own (a fresh PostgreSQL database, or a SQLite file, following the suite's DATABASE_URL),
so the kill hits a real server connection or a real file, as it would in production.
"""

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("import_child.py")
TABLES = ["registry_business", "registry_product", "registry_certificate", "audit_auditevent"]
HEADERS = ["Nama Usaha", "Nama Pemilik", "Kecamatan", "Kelurahan", "Kategori", "Nama Produk",
           "Harga", "No. P-IRT", "P-IRT Berlaku s.d.", "NIB"]  # fmt: skip


def write_csv(path, count, prefix, series):
    """`count` distinct businesses, each with one food product carrying a P-IRT certificate."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for n in range(count):
            writer.writerow([
                f"{prefix} Usaha {n:05d}", f"Pemilik {n:05d}", "Pamulang", "Pondok Benda",
                "Makanan", f"Keripik {n:05d}", "15000", f"P-IRT No. 2063674{n:06d}-22",
                "19 September 2027", f"9{series}{n:011d}",
            ])  # fmt: skip
    return path


@contextmanager
def scratch_database(tmp_path):
    """(DATABASE_URL for the child, table counts, whether a writing transaction is open)."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path / "kill.sqlite3"

        def counts():
            with sqlite3.connect(path, timeout=30) as db:
                return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608

        def writing():
            db = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:  # "database is locked": a writer holds it
                return True
            finally:
                db.close()
            return False

        yield f"sqlite:///{path}", counts, writing
        return
    import psycopg

    base = settings.DATABASES["default"]
    server = {
        "host": base["HOST"] or None,
        "port": base["PORT"] or None,
        "user": base["USER"],
        "password": base["PASSWORD"] or None,
    }
    name = f"kurasi_kill_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def counts():
        with psycopg.connect(dbname=name, **server) as db:
            return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608

    def writing():
        with psycopg.connect(dbname="postgres", **server) as db:
            sql = (
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = %s AND backend_xid IS NOT NULL"
            )
            return db.execute(sql, [name]).fetchone()[0] == 1

    url = "postgres://{user}{password}@{host}:{port}/{name}".format(
        user=base["USER"],
        password=f":{base['PASSWORD']}" if base["PASSWORD"] else "",
        host=base["HOST"] or "localhost",
        port=base["PORT"] or 5432,
        name=name,
    )
    try:
        yield url, counts, writing
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def child(url, *args, **kwargs):
    # PYTHONPATH: this checkout's code, not whatever the shared virtualenv has installed.
    env = {**os.environ, "DATABASE_URL": url, "DATABASE_CONN_MAX_AGE": "0", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, **kwargs,
    )  # fmt: skip


def finish(process):
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, out[-3000:] + err[-3000:]
    return out


def test_import_killed_midway_leaves_database_as_before_and_rerun_imports_all(tmp_path):
    with scratch_database(tmp_path) as (url, counts, writing):
        finish(child(url, "manage.py", "migrate", "-v0"))
        finish(child(url, str(CHILD), "seed"))
        # Something already in the registry, so "as before" is not simply "empty".
        finish(child(url, str(CHILD), "import", str(write_csv(tmp_path / "a.csv", 3, "Lama", 1))))
        before = counts()
        big = write_csv(tmp_path / "b.csv", 2500, "Baru", 2)

        run = child(url, str(CHILD), "import-and-stop", str(big))
        signal_line = run.stderr.readline()
        # Every business of the file is written, uncommitted; no other connection sees any.
        was_writing, during = writing(), counts()
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=30)
        after = counts()

        finish(child(url, str(CHILD), "import", str(big)))
        complete = counts()

    assert before == {
        "registry_business": 3, "registry_product": 3, "registry_certificate": 3,
        "audit_auditevent": 4,
    }  # fmt: skip
    assert signal_line == "writing\n"
    assert was_writing
    assert run.returncode == -signal.SIGKILL
    assert during == before
    assert after == before
    assert complete == {
        "registry_business": 2503, "registry_product": 2503, "registry_certificate": 2503,
        "audit_auditevent": 2505,
    }  # fmt: skip
