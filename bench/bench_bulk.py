#!/usr/bin/env python3
"""Bulk enrolment of 5,000 businesses into a call and bulk verification of 5,000 applications
(issue 15), on SQLite and PostgreSQL: prints the time of each service call, its queries, and
the preview page as a field officer opens it.

  .venv/bin/python bench/bench_bulk.py [--businesses 5000] [--repeat 3] [--only postgres]

Each run starts from a fresh database (PostgreSQL: postgres://postgres@127.0.0.1:5432/
kurasi_bench_bulk, dropped and created with psql). The office has 5,000 businesses with two
products each; a tenth lie outside the call's area, a tenth have products of a group the call
does not take, and half have no recorded consent (the officer states a basis, so theirs is
recorded on the way). Per repeat a new call is opened, the 5,000 businesses are previewed and
entered (about 9,000 applications), then 5,000 of them are marked complete in one call. Messages
to producers go to the outbox with the production task backend (a worker would send the emails:
the request only queues them). Target: each ≤ 10 s on PostgreSQL.
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
PG_NAME = "kurasi_bench_bulk"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"


def fresh_postgres_database():
    for sql in (f"DROP DATABASE IF EXISTS {PG_NAME}", f"CREATE DATABASE {PG_NAME}"):
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", sql],  # noqa: S607
            check=True,
            capture_output=True,
        )


def build(size):
    """The office, its field officer, groups, and `size` businesses with two products each."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from kurasi.accounts.models import Membership, Organisation, Role, User
    from kurasi.lib.bulk import insert_rows
    from kurasi.registry.models import Business, Product, ProductGroup

    call_command("migrate", verbosity=0)
    office = Organisation.objects.create(
        slug="bench-office", name="Dinas Bench", region_code="36.74"
    )
    officer = User.objects.create_user(email="bench-petugas@kurasi.test", full_name="Petugas")
    Membership.objects.create(user=officer, organisation=office, role=Role.FIELD_OFFICER)
    food, bags, dress = (
        ProductGroup.objects.create(organisation=office, code=code, name=code.title())
        for code in ("makanan", "tas", "busana")
    )
    notice = settings.KURASI_PRIVACY_NOTICE_VERSION
    with transaction.atomic():
        ids = insert_rows(
            Business,
            [
                {
                    "organisation_id": office.pk,
                    "name": f"Usaha Bench {n:05d}",
                    "owner_name": f"Pemilik {n:05d}",
                    "phone": f"+62812{n:08d}",
                    "email": f"usaha{n}@contoh.test" if n % 3 == 0 else "",
                    "district_code": "32.76.01" if n % 10 == 0 else "36.74.01",
                    "village_code": "32.76.01.1001" if n % 10 == 0 else "36.74.01.1001",
                    "consent_notice_version": notice if n % 2 else "",
                }
                for n in range(size)
            ],
        )
        insert_rows(
            Product,
            [
                {
                    "business_id": business_id,
                    "group_id": (dress if n % 10 == 5 else food if k == 0 else bags).pk,
                    "name": f"Produk {n:05d}-{k}",
                    "unit": "pcs",
                }
                for n, business_id in enumerate(ids)
                for k in range(2)
            ],
        )
    return office, officer, [food, bags]


def timed(label, function, timings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    timings.setdefault(label, []).append(seconds)
    return result, len(queries)


def measure(size, repeat):
    """Runs inside a child process whose DATABASE_URL names the database."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurasi.settings")
    django.setup()
    import datetime as dt

    from django.utils import translation

    translation.activate("en")  # the refusal reasons as the README quotes them

    from django.urls import reverse
    from django.utils import timezone

    from bench.staff_client import logged_in_client
    from kurasi.programmes.enrolment import ConsentBasis, enrol, preview_enrolment
    from kurasi.programmes.models import Application, Programme
    from kurasi.programmes.verification import verify_applications
    from kurasi.registry.models import Business

    started = time.perf_counter()
    office, officer, groups = build(size)
    built = time.perf_counter() - started
    print(f"  {size} businesses, {2 * size} products built in {built:.1f} s")
    businesses = Business.objects.for_organisation(office)
    client = logged_in_client(officer, HTTP_HOST="localhost")
    # Warm up: the first request imports the views and compiles the templates.
    client.post(reverse("programmes:enrol", args=[office.slug]), {"all_matching": "on"})
    timings = {}
    basis = {"consent_basis": ConsentBasis.PAPER}
    for run in range(repeat):
        programme = Programme.objects.create(
            organisation=office,
            title=f"Kurasi Bench {run}",
            slug=f"bench-{run}",
            year=2026,
            status="open",
            registration_opens_at=timezone.now() - dt.timedelta(days=1),
            registration_closes_at=timezone.now() + dt.timedelta(days=30),
        )
        programme.product_groups.set(groups)
        plan, preview_queries = timed(
            "preview (service)",
            lambda p=programme: preview_enrolment(programme=p, businesses=businesses, **basis),
            timings,
        )
        page, page_queries = timed(
            "preview page (POST, all matching)",
            lambda p=programme: client.post(
                reverse("programmes:enrol", args=[office.slug]),
                {"all_matching": "on", "programme": p.pk, **basis, "consent_note": "Map"},
            ),
            timings,
        )
        assert page.status_code == 200, page.status_code
        entered, enrol_queries = timed(
            "enrol (service)",
            lambda p=programme, fp=plan.fingerprint: enrol(
                actor=officer,
                programme=p,
                businesses=businesses,
                consent_note="Formulir pendataan, map bench",
                expected=fp,
                **basis,
            ),
            timings,
        )
        counts = entered.counts
        chosen = list(
            Application.objects.filter(programme=programme)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        result, verify_queries = timed(
            "verify complete (service)",
            lambda p=programme, ids=chosen: verify_applications(
                actor=officer, programme=p, applications=ids, complete=True
            ),
            timings,
        )
        assert len(result.done) == len(chosen)
        if run == 0:
            print(
                f"  enrol: {counts['entering']} applications made, {counts['refused']} refused "
                f"({', '.join(f'{label}: {n}' for _code, label, n in entered.refusals_by_reason())}"
                f"), {counts['consent']} consents recorded, {len(entered.message_ids)} messages"
            )
            print(
                f"  verify: {len(result.done)} marked complete, {len(result.message_ids)} messages"
            )
            print(
                f"  queries: preview {preview_queries}, preview page {page_queries}, "
                f"enrol {enrol_queries}, verify {verify_queries}"
            )
    for label, values in timings.items():
        print(
            f"  {label:<36} median {statistics.median(values):.2f} s, "
            f"worst {max(values):.2f} s over {len(values)}",
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--businesses", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.businesses, args.repeat)
        return
    child = [
        sys.executable,
        __file__,
        "--child",
        "--businesses",
        str(args.businesses),
        "--repeat",
        str(args.repeat),
    ]
    # The production task backend: messages' emails are queued for a worker, not sent inline.
    env = {**os.environ, "DATABASE_CONN_MAX_AGE": "60", "KURASI_TASK_WORKER": "1"}
    if args.only != "postgres":
        with tempfile.TemporaryDirectory() as tmp:
            print("SQLite (temporary file):", flush=True)
            url = f"sqlite:///{tmp}/bench.sqlite3"
            subprocess.run(child, env={**env, "DATABASE_URL": url}, check=True, cwd=ROOT)
    if args.only != "sqlite":
        fresh_postgres_database()
        print(f"PostgreSQL ({PG_NAME}):", flush=True)
        subprocess.run(child, env={**env, "DATABASE_URL": PG_URL}, check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
