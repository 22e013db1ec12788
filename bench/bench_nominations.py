#!/usr/bin/env python3
"""Nominations up the chain (issue 20), on SQLite and on PostgreSQL:

A national call (the Ministry of Trade's Trade Expo Indonesia) asks 500 offices below it for
20 nominees each: 10,000 nominees, every one with consent given and every list submitted, filed
under the organiser's five product groups, each office with its quota (20) and a minimum of
one place; an exhibition of 1,500 booths (standard, with power, cold storage kept for food),
group minimums and maximums. A third of the offices share no photos, a quarter no scores, a
fifth no legality (what the organiser's page then leaves out).

- the organiser's page (`nominations:organiser_nominations`): its first page, and filtered by one
  office, p50/p95 of N requests through Django's test Client (a logged-in admin of the ministry)
  with the queries per request; before the allocation and after it (every nominee then has a
  place, a waiting rank or a reason). Target: ≤ 300 ms on PostgreSQL.
- the allocation: `exhibitions.services.run_allocation` on the call's exhibition, a first run
  (every row created) and a re-run (rows compared, changes written), with the solver's share
  and the query count. Target: ≤ 5 s on PostgreSQL.

On PostgreSQL the planner's statistics are analysed after the data is built and after the
first allocation run, as autovacuum would. `--profile` prints cProfile's top functions of one
request of the page and of each run. Benches print figures, they never assert timings.

  .venv/bin/python bench/bench_nominations.py [--only sqlite|postgres] [--offices 500]
      [--per-office 20] [--n 30]

PostgreSQL: postgres://postgres@127.0.0.1:5432/kurasi_bench_nominations (dropped and created
afresh; another name in KURASI_BENCH_PG_NAME, so two benches at once do not drop each other's).
"""

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_NAME = os.environ.get("KURASI_BENCH_PG_NAME", "kurasi_bench_nominations")
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
GROUPS = [("tas", False), ("busana", False), ("aksesori", False), ("makanan", True)]
GROUPS += [("minuman", True)]
BOOTHS = 1500
BATCH = 2000


def fresh_postgres_database():
    for sql in (f"DROP DATABASE IF EXISTS {PG_NAME}", f"CREATE DATABASE {PG_NAME}"):
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", sql],  # noqa: S607
            check=True,
            capture_output=True,
        )


def organiser():
    """The ministry, its admin and its product groups (the groups nominees are filed under)."""
    from django.core.management import call_command

    from kurasi.accounts.models import Membership, Organisation, OrganisationKind, Role, User
    from kurasi.registry.models import ProductGroup

    call_command("migrate", verbosity=0)
    ministry = Organisation.objects.create(
        slug="bench-kemendag",
        name="Kementerian Perdagangan (bench)",
        kind=OrganisationKind.MINISTRY,
        region_code="31",
    )
    admin = User.objects.create_user(email="bench-admin@kurasi.test", full_name="Admin Bench")
    Membership.objects.create(user=admin, organisation=ministry, role=Role.ADMIN)
    groups = [
        ProductGroup.objects.create(organisation=ministry, code=code, name=code, is_food=food)
        for code, food in GROUPS
    ]
    return ministry, admin, groups


def offices_below(ministry, count):
    """`count` offices under the ministry, each with the same five product groups (its own), a
    closed programme and a passing band."""
    from django.utils import timezone

    from kurasi.accounts.models import Organisation
    from kurasi.curation.models_decisions import OutcomeBand
    from kurasi.programmes.models import Programme
    from kurasi.registry.models import ProductGroup

    offices = Organisation.objects.bulk_create(
        (
            Organisation(
                slug=f"bench-dinas-{i}",
                name=f"Dinas Kabupaten {i:03d}",
                region_code="36.74",
                parent=ministry,
            )
            for i in range(count)
        ),
        batch_size=BATCH,
    )
    own_groups = ProductGroup.objects.bulk_create(
        (
            ProductGroup(organisation=office, code=code, name=code, is_food=food)
            for office in offices
            for code, food in GROUPS
        ),
        batch_size=BATCH,
    )
    office_groups = {(g.organisation_id, g.code): g for g in own_groups}
    now = timezone.now()
    programmes = Programme.objects.bulk_create(
        (
            Programme(
                organisation=office,
                title=f"Kurasi {office.name}",
                slug="kurasi-2026",
                year=2026,
                registration_opens_at=now - dt.timedelta(days=90),
                registration_closes_at=now - dt.timedelta(days=60),
                curation_date=dt.date(2026, 9, 19),
                status="closed",
            )
            for office in offices
        ),
        batch_size=BATCH,
    )
    bands = OutcomeBand.objects.bulk_create(
        (
            OutcomeBand(
                programme=programme,
                label="Lolos — pameran nasional",
                minimum_score=70,
                is_pass=True,
                target="national",
            )
            for programme in programmes
        ),
        batch_size=BATCH,
    )
    return offices, programmes, bands, office_groups


def nominees(offices, office_groups, programmes, bands, groups, per_office, rng):
    """`per_office` curated, decided products of each office: [(office, product, application)]."""
    from django.utils import timezone

    from kurasi.curation.models_decisions import Decision
    from kurasi.exhibitions.models import BoothNeeds
    from kurasi.programmes.models import Application, ApplicationStatus
    from kurasi.registry.models import Business, Product

    slots = [(k, i) for k in range(len(offices)) for i in range(per_office)]
    chosen = [rng.choice(groups) for _ in slots]  # the organiser's group each is filed under
    businesses = Business.objects.bulk_create(
        (
            Business(
                organisation=offices[k],
                name=f"Usaha {k:03d}-{i:02d}",
                owner_name="Pemilik",
                phone=f"+62812{k:04d}{i:04d}",
                email=f"usaha-{k}-{i}@contoh.test",
                address=f"Jalan Bench {i}",
                district_code=f"36.74.0{1 + (k + i) % 7}",
            )
            for k, i in slots
        ),
        batch_size=BATCH,
    )
    products = Product.objects.bulk_create(
        (
            Product(
                business=business,
                group=office_groups[(business.organisation_id, group.code)],
                name=f"Produk {business.name[6:]}",
            )
            for business, group in zip(businesses, chosen, strict=True)
        ),
        batch_size=BATCH,
    )
    applications = Application.objects.bulk_create(
        (
            Application(
                programme=programmes[k],
                product=product,
                business_id=product.business_id,
                status=ApplicationStatus.VERIFIED,
            )
            for (k, _i), product in zip(slots, products, strict=True)
        ),
        batch_size=BATCH,
    )
    decided = timezone.now() - dt.timedelta(days=60)
    Decision.objects.bulk_create(
        (
            Decision(
                application=application,
                band=bands[k],
                score_snapshot={"mean": round(rng.uniform(70, 100), 2)},
                decided_at=decided,
            )
            for (k, _i), application in zip(slots, applications, strict=True)
        ),
        batch_size=BATCH,
    )
    needs = []
    for product, group in zip(products, chosen, strict=True):
        if group.is_food and rng.random() < 0.3:
            needs.append(BoothNeeds(product=product, cold_storage=True))
        elif rng.random() < 0.15:
            needs.append(BoothNeeds(product=product, power=True))
    BoothNeeds.objects.bulk_create(needs, batch_size=BATCH)
    return slots, applications, chosen


def call_for_nominations(ministry, admin, groups, offices, per_office, rng):
    """Trade Expo Indonesia (no programme: fed by nominations), its booths and group quotas, and
    an open call asking every office for `per_office` nominees."""
    from django.utils import timezone

    from kurasi.exhibitions.models import BoothType, Exhibition, GroupQuota
    from kurasi.nominations.models import CallOffice, CallStatus, NominationCall

    first_day = timezone.localdate() + dt.timedelta(days=45)
    show = Exhibition.objects.create(
        organisation=ministry,
        programme=None,
        name="Trade Expo Indonesia (bench)",
        level="national",
        venue="ICE BSD City",
        starts_on=first_day,
        ends_on=first_day + dt.timedelta(days=4),
    )
    cold, power = BOOTHS // 10, BOOTHS // 5
    BoothType.objects.create(exhibition=show, label="Standar", count=BOOTHS - cold - power)
    BoothType.objects.create(exhibition=show, label="Listrik", count=power, power=True)
    kept = BoothType.objects.create(
        exhibition=show, label="Dingin", count=cold, power=True, cold_storage=True
    )
    kept.reserved_for.set([g for g in groups if g.is_food])
    GroupQuota.objects.bulk_create(
        GroupQuota(exhibition=show, group=g, minimum=BOOTHS // 10, maximum=BOOTHS // 3)
        for g in groups
    )
    now = timezone.now()
    call = NominationCall.objects.create(
        organisation=ministry,
        exhibition=show,
        title="Nominasi Trade Expo Indonesia",
        passed_within_years=2,
        deadline=now - dt.timedelta(hours=1),
        status=CallStatus.CLOSED,
        opened_at=now - dt.timedelta(days=21),
        created_by=admin,
    )
    call.groups.set(groups)
    call_offices = CallOffice.objects.bulk_create(
        (
            CallOffice(
                call=call,
                office=office,
                quota=per_office,
                minimum=1,
                cover_note=f"Usulan {office.name}.",
                share_photos=k % 3 != 0,
                share_scores=k % 4 != 0,
                share_legality=k % 5 != 0,
                submitted_at=now - dt.timedelta(days=2),
            )
            for k, office in enumerate(offices)
        ),
        batch_size=BATCH,
    )
    return show, call, call_offices


def nominations(call_offices, slots, applications, chosen):
    from django.utils import timezone

    from kurasi.nominations.models import ConsentState, Nomination

    given = timezone.now() - dt.timedelta(days=3)
    Nomination.objects.bulk_create(
        (
            Nomination(
                call_office=call_offices[k],
                application=application,
                group=group,
                consent=ConsentState.GIVEN,
                consent_channel="phone",
                consent_by="Pemilik",
                consent_at=given,
            )
            for (k, _i), application, group in zip(slots, applications, chosen, strict=True)
        ),
        batch_size=BATCH,
    )


def build(offices_count, per_office):
    rng = random.Random(2017)
    started = time.perf_counter()
    ministry, admin, groups = organiser()
    offices, programmes, bands, office_groups = offices_below(ministry, offices_count)
    slots, applications, chosen = nominees(
        offices, office_groups, programmes, bands, groups, per_office, rng
    )
    show, call, call_offices = call_for_nominations(
        ministry, admin, groups, offices, per_office, rng
    )
    nominations(call_offices, slots, applications, chosen)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them
    print(
        f"  {offices_count} offices × {per_office} nominees = {len(applications)} shared "
        f"nominees, {BOOTHS} booths (data in {time.perf_counter() - started:.1f} s)",
        flush=True,
    )
    return ministry, admin, show, call, call_offices


def page_timings(client, url, n):
    """p50, p95 of the wall clock and p50 of this process's CPU (ms), the queries and the size
    of the last of N requests to `url` (after two warm-ups)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        assert client.get(url).status_code == 200
    timings, cpu = [], []
    for _ in range(n):
        with CaptureQueriesContext(connection) as captured:
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        assert response.status_code == 200
    cuts = statistics.quantiles(timings, n=20)
    size = len(response.content) // 1024
    return statistics.median(timings), cuts[18], statistics.median(cpu), len(captured), size


def profile_page(client, url):
    """Where one request's time goes: cProfile's top functions by cumulative time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


def page_part(admin, ministry, call, call_offices, n, when, profile=False):
    from django.urls import reverse

    from bench.staff_client import logged_in_client

    client = logged_in_client(admin, HTTP_HOST="localhost")
    url = reverse("nominations:organiser_nominations", args=[ministry.slug, call.pk])
    one = call_offices[len(call_offices) // 2]
    for label, address in (
        ("first page", url),
        ("one office", f"{url}?office={one.pk}"),
        ("page 100", f"{url}?page=100"),
    ):
        p50, p95, cpu, queries, size = page_timings(client, address, n)
        print(
            f"    organiser's page, {label} ({when}) N={n}: p50 {p50:.0f} ms, p95 {p95:.0f} ms "
            f"(CPU of this process p50 {cpu:.0f} ms), {queries} queries, {size} KiB",
            flush=True,
        )
    if profile:
        profile_page(client, url)


def allocation_part(admin, show, profile=False):
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kurasi.exhibitions.models import Allocation
    from kurasi.exhibitions.services import run_allocation

    for label in ("first run (rows created)", "re-run (rows compared)"):
        profiler = cProfile.Profile() if profile else None
        with CaptureQueriesContext(connection) as queries:
            if profiler:
                profiler.enable()
            started, cpu = time.perf_counter(), time.process_time()
            solution = run_allocation(actor=admin, exhibition=show)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            if profiler:
                profiler.disable()
        rows = Allocation.objects.filter(exhibition=show).count()
        print(
            f"    allocation, {label}: {seconds:.2f} s (CPU of this process {cpu:.2f} s), "
            f"{len(queries)} queries; solver {solution.seconds:.2f} s (model + HiGHS "
            f"{solution.solve_seconds:.2f} s; {solution.columns} columns, {solution.rows} rows); "
            f"the rest (reading, writing {rows} rows) {seconds - solution.seconds:.2f} s; "
            f"status {solution.status}, {len(solution.placed)} placed"
            + (f"; problems {solution.problems}" if solution.problems else ""),
            flush=True,
        )
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def child(args):
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurasi.settings")
    django.setup()
    ministry, admin, show, call, call_offices = build(args.offices, args.per_office)
    page_part(admin, ministry, call, call_offices, args.n, "before the allocation")
    allocation_part(admin, show, args.profile)
    from django.db import connection

    with connection.cursor() as cursor:
        # 10,000 allocation rows written: autovacuum analyses the table within a minute; the
        # page measured right after would time a plan made for an empty table.
        cursor.execute("ANALYZE")
    page_part(admin, ministry, call, call_offices, args.n, "after the allocation", args.profile)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--offices", type=int, default=500)
    parser.add_argument("--per-office", type=int, default=20)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--profile", action="store_true", help="cProfile the page and the runs")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    # Static files collected for this bench alone: the pages' {% static %} read a manifest,
    # and a shared one may be rewritten by other work while the bench runs.
    with tempfile.TemporaryDirectory(prefix="kurasi-bench-static-") as static:
        run_benches(args, {**os.environ, "DATABASE_CONN_MAX_AGE": "60", "STATIC_ROOT": static})


def run_benches(args, env):
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, env=env, check=True, cwd=ROOT)
    command = [sys.executable, __file__, "--child", "--n", str(args.n)]
    command += ["--profile"] if args.profile else []
    command += ["--offices", str(args.offices), "--per-office", str(args.per_office)]
    if args.only != "postgres":
        with tempfile.TemporaryDirectory() as tmp:
            print("SQLite (temporary file):", flush=True)
            url = f"sqlite:///{tmp}/bench.sqlite3"
            subprocess.run(command, env={**env, "DATABASE_URL": url}, check=True, cwd=ROOT)
    if args.only != "sqlite":
        fresh_postgres_database()
        print(f"PostgreSQL ({PG_NAME}):", flush=True)
        subprocess.run(command, env={**env, "DATABASE_URL": PG_URL}, check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
