#!/usr/bin/env python3
"""A programme's results page at 2,000 applications with 3 assessments each, on SQLite and on
PostgreSQL: prints p50/p95 of N requests through Django's test Client (logged-in office admin).

  .venv/bin/python bench/bench_programme_applications.py [--n 30] [--apps 2000] [--only sqlite]

PostgreSQL: postgres://postgres@127.0.0.1:5432/kurasi_bench_results (created with psql if missing;
the data is built once and reused by later runs). Target: p95 ≤ 150 ms at 2,000 applications.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_NAME = "kurasi_bench_results"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"


def ensure_postgres_database():
    exists = subprocess.run(
        [  # noqa: S607
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{PG_NAME}'",  # noqa: S608 (a constant)
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {PG_NAME}"],  # noqa: S607
            check=True,
            capture_output=True,
        )


def build(apps_wanted):
    """The office, its admin and curators, a programme with bands, and the applications."""
    from django.core.management import call_command

    from kurasi.accounts.models import Membership, Organisation, Role, User
    from kurasi.curation.decisions import create_default_bands
    from kurasi.curation.models import CurationPlan, ProgrammeRubric
    from kurasi.curation.services import copy_preset
    from kurasi.programmes.models import Programme
    from kurasi.registry.models import ProductGroup
    from tests.curation_results.bulk import add_scored_applications

    call_command("migrate", verbosity=0)
    office, _ = Organisation.objects.get_or_create(
        slug="bench-office", defaults={"name": "Dinas Bench", "region_code": "36.74"}
    )
    admin = User.objects.filter(email="bench-admin@kurasi.test").first()
    if admin is None:
        admin = User.objects.create_user(email="bench-admin@kurasi.test", full_name="Admin Bench")
        Membership.objects.create(user=admin, organisation=office, role=Role.ADMIN)
    programme = Programme.objects.filter(organisation=office, slug="bench").first()
    if programme is not None and programme.applications.count() == apps_wanted:
        return admin, programme
    if programme is not None:
        sys.exit("The bench database holds another size: drop kurasi_bench_results and rerun.")
    group, _ = ProductGroup.objects.get_or_create(
        organisation=office, code="makanan", defaults={"name": "Makanan", "is_food": True}
    )
    import datetime as dt

    from django.utils import timezone

    programme = Programme.objects.create(
        organisation=office,
        title="Bench",
        slug="bench",
        year=2026,
        registration_opens_at=timezone.now() - dt.timedelta(days=30),
        registration_closes_at=timezone.now() - dt.timedelta(days=1),
        curation_date=dt.date(2026, 9, 19),
        status="closed",
    )
    rubric = copy_preset(actor=admin, organisation=office, preset_code="food")
    ProgrammeRubric.objects.create(programme=programme, product_group=group, rubric=rubric)
    CurationPlan.objects.create(programme=programme, curators_per_application=3)
    create_default_bands(actor=admin, programme=programme)
    curators = []
    for i in range(3):
        curator = User.objects.create_user(email=f"bench-kurator{i}@kurasi.test", full_name=f"K{i}")
        Membership.objects.create(user=curator, organisation=office, role=Role.CURATOR)
        curators.append(curator)
    add_scored_applications(programme, group, rubric, curators, apps_wanted)
    return admin, programme


def measure(n, apps_wanted):
    """Runs inside a child process whose DATABASE_URL names the database."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurasi.settings")
    django.setup()
    from bench.staff_client import logged_in_client

    started = time.perf_counter()
    admin, programme = build(apps_wanted)
    built = time.perf_counter() - started
    # No test environment: its template instrumentation would be timed too.
    client = logged_in_client(admin, HTTP_HOST="localhost")
    url = f"/o/{programme.organisation.slug}/programmes/{programme.slug}/results/"
    for _ in range(2):  # warm caches, templates and connections
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    rows = programme.applications.count()
    cuts = statistics.quantiles(timings, n=20)
    print(
        f"  {rows} applications × 3 assessments, N={n}: "
        f"p50 {statistics.median(timings):.0f} ms, p95 {cuts[18]:.0f} ms "
        f"(min {min(timings):.0f}, max {max(timings):.0f}; data ready in {built:.1f} s)",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--apps", type=int, default=2000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.n, args.apps)
        return
    child = [sys.executable, __file__, "--child", "--n", str(args.n), "--apps", str(args.apps)]
    env = {**os.environ, "DATABASE_CONN_MAX_AGE": "60"}
    if args.only != "postgres":
        with tempfile.TemporaryDirectory() as tmp:
            print("SQLite (temporary file):", flush=True)
            url = f"sqlite:///{tmp}/bench.sqlite3"
            subprocess.run(child, env={**env, "DATABASE_URL": url}, check=True, cwd=ROOT)
    if args.only != "sqlite":
        ensure_postgres_database()
        print(f"PostgreSQL ({PG_NAME}):", flush=True)
        subprocess.run(child, env={**env, "DATABASE_URL": PG_URL}, check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
