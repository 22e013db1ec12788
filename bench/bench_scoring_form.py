#!/usr/bin/env python3
"""The curator's scoring form and her queue with 2,000 applications × 3 assessments, on SQLite
and on PostgreSQL: prints p50/p95 of N requests through Django's test Client and each page's
query count.

The data: last year's finished programme (2,000 applications, 3 submitted assessments each) and
this year's (2,000 applications, 3 curators each, on today's schedule over 20 tables; the first
1,000 submitted, the rest not started; 1,200 checked in with a sample code). The scoring form is
opened for a product with a draft (every criterion scored); the queue is the first curator's,
holding all 2,000 of this year's products (1,000 to score, 1,000 folded as submitted).

  .venv/bin/python bench/bench_scoring_form.py [--n 30] [--apps 2000] [--only sqlite]

PostgreSQL: postgres://postgres@127.0.0.1:5432/kurasi_bench_queue (created with psql if missing;
the data is built once and reused by later runs). Target: scoring form ≤ 30 ms, ≤ 12 queries.
The CPU time of the Django process is printed beside the wall time: on a shared machine the wall
time mostly measures waiting for a core (and on PostgreSQL the server's work is not in it).
"""

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_NAME = "kurasi_bench_queue"
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


def _programme(office, slug, year, status, day):
    from django.utils import timezone

    from kurasi.programmes.models import Programme

    return Programme.objects.create(
        organisation=office,
        title=f"Kurasi {year}",
        slug=slug,
        year=year,
        registration_opens_at=timezone.now() - dt.timedelta(days=400),
        registration_closes_at=timezone.now() - dt.timedelta(days=380),
        curation_date=day,
        status=status,
    )


def _schedule(programme, applications, admin):
    """Today's session, 20 tables, a slot for every application; check-ins for 60 %."""
    from django.utils import timezone

    from kurasi.curation.models_day import CheckIn, CurationSession, Slot, Table

    session = CurationSession.objects.create(
        programme=programme,
        date=timezone.localdate(),
        place="Aula",
        starts_at=dt.time(7, 0),
        ends_at=dt.time(23, 0),
        slot_minutes=5,
    )
    tables = Table.objects.bulk_create(
        Table(session=session, name=f"Meja {i + 1}", position=i) for i in range(20)
    )
    Slot.objects.bulk_create(
        Slot(
            session=session,
            table=tables[i % 20],
            application=application,
            starts_at=session.start + dt.timedelta(minutes=5 * (i // 20)),
        )
        for i, application in enumerate(applications)
    )
    CheckIn.objects.bulk_create(
        CheckIn(
            programme=programme,
            application=application,
            arrived_at=session.start,
            checked_in_by=admin,
            sample_code=f"K26-{i + 1:04d}",
            sample_recorded_at=session.start,
        )
        for i, application in enumerate(applications[: len(applications) * 6 // 10])
    )


def build(apps_wanted):
    from django.core.management import call_command

    from kurasi.accounts.models import Membership, Organisation, Role, User
    from kurasi.curation.models import Assessment, Assignment, ProgrammeRubric
    from kurasi.curation.services import copy_preset, save_assessment, start_assessment
    from kurasi.programmes.models import Programme, ProgrammeStatus
    from kurasi.registry.models import ProductGroup
    from tests.curation_results.bulk import add_scored_applications

    call_command("migrate", verbosity=0)
    office, _ = Organisation.objects.get_or_create(
        slug="bench-office", defaults={"name": "Dinas Bench", "region_code": "36.74"}
    )
    current = Programme.objects.filter(organisation=office, slug="bench-2026").first()
    if current is not None:
        if current.applications.count() != apps_wanted:
            sys.exit("The bench database holds another size: drop kurasi_bench_queue and rerun.")
        curator = User.objects.get(email="bench-kurator0@kurasi.test")
        draft = Assessment.objects.get(curator=curator, status="draft", notes="bench draft")
        return curator, Assignment.objects.get(application=draft.application, curator=curator)
    admin = User.objects.create_user(email="bench-admin@kurasi.test", full_name="Admin Bench")
    Membership.objects.create(user=admin, organisation=office, role=Role.ADMIN)
    group, _ = ProductGroup.objects.get_or_create(
        organisation=office, code="makanan", defaults={"name": "Makanan", "is_food": True}
    )
    rubric = copy_preset(actor=admin, organisation=office, preset_code="food")
    curators = []
    for i in range(3):
        curator = User.objects.create_user(email=f"bench-kurator{i}@kurasi.test", full_name=f"K{i}")
        Membership.objects.create(user=curator, organisation=office, role=Role.CURATOR)
        curators.append(curator)
    past = _programme(office, "bench-2025", 2025, ProgrammeStatus.FINISHED, dt.date(2025, 9, 20))
    ProgrammeRubric.objects.create(programme=past, product_group=group, rubric=rubric)
    add_scored_applications(past, group, rubric, curators, apps_wanted)
    current = _programme(office, "bench-2026", 2026, ProgrammeStatus.CLOSED, None)
    ProgrammeRubric.objects.create(programme=current, product_group=group, rubric=rubric)
    applications = add_scored_applications(current, group, rubric, curators, apps_wanted, seed=2)
    # The second half is not scored yet.
    Assessment.objects.filter(application__in=applications[apps_wanted // 2 :]).delete()
    _schedule(current, applications, admin)
    assignment = Assignment.objects.get(
        application=applications[apps_wanted // 2], curator=curators[0]
    )
    assessment = start_assessment(actor=curators[0], assignment=assignment)
    save_assessment(
        actor=curators[0],
        assessment=assessment,
        scores={
            c.key: {"value": 3, "note": "cukup", "recommendation": ""}
            for c in rubric.criteria.all()
        },
        notes="bench draft",
    )
    return curators[0], assignment


def timed(client, url, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm caches, templates and connections
        assert client.get(url).status_code == 200
    timings, cpu = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    cuts = statistics.quantiles(timings, n=20)
    return (
        f"p50 {statistics.median(timings):.1f} ms, p95 {cuts[18]:.1f} ms "
        f"(min {min(timings):.1f}, max {max(timings):.1f}); this process's CPU p50 "
        f"{statistics.median(cpu):.1f} ms; {len(queries)} queries, "
        f"{len(response.content) // 1024} KiB"
    )


def measure(n, apps_wanted):
    """Runs inside a child process whose DATABASE_URL names the database."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurasi.settings")
    django.setup()
    from bench.staff_client import logged_in_client

    started = time.perf_counter()
    curator, assignment = build(apps_wanted)
    built = time.perf_counter() - started
    # No test environment: its template instrumentation would be timed too.
    client = logged_in_client(curator, HTTP_HOST="localhost")
    slug = "bench-office"
    print(f"  data ready in {built:.1f} s; N={n}", flush=True)
    print(f"  scoring form (draft): {timed(client, f'/o/{slug}/curate/{assignment.pk}/', n)}")
    print(f"  queue ({apps_wanted} products today): {timed(client, f'/o/{slug}/curate/', n)}")


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
