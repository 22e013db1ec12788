#!/usr/bin/env python3
"""Registry export at scale: every product of 200,000 businesses / 1,000,000 products as .csv
and .xlsx, printing rows/s and the peak memory of the process that wrote the file.

Uses the database of bench_registry_search.py (`kurasi_bench_search` on PostgreSQL; it is
generated there first if missing). Each format runs in a forked child so its peak resident
memory is its own. Not a test: it prints figures.

    .venv/bin/python bench/bench_exports.py                        # PostgreSQL, full size
    .venv/bin/python bench/bench_exports.py --sqlite               # SQLite, 20k / 100k
    .venv/bin/python bench/bench_exports.py --sqlite --businesses 2000 --products 10000
    BENCH_EXPORT_LIMIT=50000 .venv/bin/python bench/bench_exports.py   # the first 50,000 rows

With a limit, the same writers run over the first rows of the same query (rows/s and memory
of a slice; the count still covers everything).
"""

import itertools
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import bench_registry_search as search  # noqa: E402 - after the path is set


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _run(fmt, queue):
    from django.db import connection

    from kurasi.accounts.models import Organisation
    from kurasi.lib import tabular
    from kurasi.registry import exporter

    connection.close()  # the child needs its own connection, not the parent's socket
    organisation = Organisation.objects.get(slug=search.SLUG)
    filters = exporter.parse_registry_filters(organisation, {})
    started = time.perf_counter()
    rows = exporter.count_records(organisation, filters)
    counted = time.perf_counter() - started
    limit = int(os.environ.get("BENCH_EXPORT_LIMIT", "0")) or None
    table = exporter.registry_table(organisation, filters)
    table.rows = itertools.islice(table.rows, limit)
    rows = min(rows, limit or rows)
    size = 0
    if fmt == "csv":
        for chunk in tabular.csv_chunks(table):
            size += len(chunk.encode("utf-8"))
    else:
        with tabular.xlsx_file(table) as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
    elapsed = time.perf_counter() - started
    queue.put((fmt, rows, counted, elapsed, size, _peak_mb()))


def main():
    args = search.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurasi.settings")
    if os.environ["DATABASE_URL"].startswith("postgres"):
        search.ensure_postgres_database(os.environ["DATABASE_URL"])
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    search.generate(args)
    connection.close()
    print(f"database: {connection.vendor}; baseline process: {_peak_mb():.0f} MB", flush=True)
    print(f"{'format':<6} {'rows':>10} {'count s':>8} {'total s':>8} {'rows/s':>9} "
          f"{'file MB':>8} {'peak MB':>8}")  # fmt: skip
    context = multiprocessing.get_context("fork")
    for fmt in ("csv", "xlsx"):
        queue = context.Queue()
        child = context.Process(target=_run, args=(fmt, queue))
        child.start()
        fmt, rows, counted, elapsed, size, peak = queue.get()
        child.join()
        print(
            f"{fmt:<6} {rows:>10,} {counted:>8.1f} {elapsed:>8.1f} {rows / elapsed:>9,.0f} "
            f"{size / 2**20:>8.1f} {peak:>8.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
