#!/usr/bin/env python3
"""Registry search at scale: 200,000 businesses and 1,000,000 products on PostgreSQL.

Generates the data once (COPY on PostgreSQL, batched inserts on SQLite; a re-run reuses it), then
times the staff registry pages through Django's test client, logged in as the office admin, for
typical searches, and prints p50 / p95 / max per query. Target (issue 3): p95 ≤ 100 ms on
PostgreSQL. Not a test: it prints figures.

    .venv/bin/python bench/bench_registry_search.py                  # PostgreSQL, full size
    .venv/bin/python bench/bench_registry_search.py --sqlite         # SQLite, 20k / 100k
    .venv/bin/python bench/bench_registry_search.py --businesses 50000 --products 250000
"""

import argparse
import datetime as dt
import gc
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = "postgres://postgres@127.0.0.1:5432/kurasi_bench_search"
SLUG = "bench-tangsel"

BUSINESS_WORDS = [
    "Roti",
    "Kue",
    "Keripik",
    "Batik",
    "Tas",
    "Busana",
    "Anyaman",
    "Kerajinan",
    "Sambal",
    "Kopi",
    "Jamu",
    "Dodol",
    "Rajut",
    "Bordir",
    "Kulit",
    "Bambu",
    "Rotan",
    "Tenun",
    "Manisan",
    "Kerupuk",
]
PREFIXES = ["Usaha", "Toko", "UD", "CV", "Dapur", "Rumah", "Griya", "Kedai", "Sentra", "Omah"]
SUFFIXES = [
    "Bu Siti",
    "Pak Budi",
    "Ani",
    "Dewi",
    "Sari",
    "Rahma",
    "Mandiri",
    "Jaya",
    "Berkah",
    "Barokah",
    "Lestari",
    "Makmur",
    "Sejahtera",
    "Abadi",
    "Indah",
    "Sentosa",
    "Melati",
    "Mawar",
    "Cempaka",
]
FIRST = [
    "Siti",
    "Ani",
    "Dewi",
    "Sri",
    "Rina",
    "Budi",
    "Agus",
    "Hendra",
    "Rahmat",
    "Yusuf",
    "Nur",
    "Lina",
    "Wati",
    "Eko",
    "Dian",
    "Fitri",
    "Ahmad",
    "Maya",
    "Joko",
    "Ratna",
]
LAST = [
    "Rahmawati",
    "Santoso",
    "Lestari",
    "Hidayat",
    "Wijaya",
    "Kusuma",
    "Saputra",
    "Pratama",
    "Suryani",
    "Hermawan",
    "Setiawan",
    "Anggraini",
    "Nugroho",
    "Wahyuni",
    "Halim",
]
PRODUCTS = {
    "makanan": [
        "Keripik Singkong",
        "Roti Gambang",
        "Kue Lapis",
        "Dodol Betawi",
        "Kerupuk Ikan",
        "Sambal Bawang",
        "Kue Bolu",
        "Rengginang",
        "Emping Melinjo",
        "Nastar",
    ],
    "minuman-ringan": ["Kopi Bubuk", "Jamu Kunyit", "Sirup Pala", "Wedang Jahe", "Teh Rosela"],
    "tas": ["Tas Anyaman", "Tas Kulit", "Dompet Batik", "Tas Rotan", "Ransel Kanvas"],
    "busana": ["Kemeja Batik", "Gamis", "Kebaya", "Mukena Bordir", "Kaos Sablon"],
    "aksesori": ["Kalung Manik", "Gelang Rotan", "Bros Kain", "Anting Resin", "Peci Rajut"],
}
VARIANTS = ["Original", "Pedas", "Manis", "Premium", "Mini", "Jumbo", "Klasik", "Motif Tangsel"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite, smaller default size")
    parser.add_argument("--businesses", type=int)
    parser.add_argument("--products", type=int)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if args.sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench_search.sqlite3'}"
        args.businesses = args.businesses or 20_000
        args.products = args.products or 100_000
    else:
        os.environ.setdefault("DATABASE_URL", PG_URL)
        args.businesses = args.businesses or 200_000
        args.products = args.products or 1_000_000
    return args


def ensure_postgres_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def column_default(field):
    if field.null:
        return None
    default = field.get_default()
    return json.dumps(default) if field.get_internal_type() == "JSONField" else default


def insert_rows(model, rows, *, batch=20_000):
    """Fast inserts of plain dicts (attname → value): COPY on PostgreSQL, executemany elsewhere."""
    from django.db import connection, transaction

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: column_default(f) for f in fields}
    columns = [f.column for f in fields]
    table = model._meta.db_table
    values = (tuple(row.get(f.attname, defaults[f.attname]) for f in fields) for row in rows)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608 (our own table names)
        chunk = []
        for row in values:
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def generate(args):
    from django.utils import timezone

    from kurasi.accounts.models import Membership, Organisation, Role, User
    from kurasi.programmes.models import Application, Programme
    from kurasi.registry.models import (
        Business,
        Certificate,
        CertificateType,
        Product,
        ProductGroup,
    )
    from kurasi.registry.regions import districts_in, villages_in

    organisation, _ = Organisation.objects.get_or_create(
        slug=SLUG, defaults={"name": "Disperindag Bench", "region_code": "36.74"}
    )
    admin, _created = User.objects.get_or_create(
        email="bench-admin@kurasi.test", defaults={"full_name": "Bench Admin"}
    )
    Membership.objects.get_or_create(user=admin, organisation=organisation, role=Role.ADMIN)
    groups = {}
    for position, code in enumerate(PRODUCTS):
        groups[code], _ = ProductGroup.objects.get_or_create(
            organisation=organisation,
            code=code,
            defaults={
                "name": code.replace("-", " ").title(),
                "position": position,
                "is_food": code in ("makanan", "minuman-ringan"),
            },
        )
    have = Business.objects.filter(organisation=organisation).count()
    # The programme's entrants are written last: without them an earlier run stopped midway.
    complete = Application.objects.filter(programme__organisation=organisation).exists()
    if have >= args.businesses and complete:
        print(f"data: reusing {have:,} businesses")
        return organisation, admin, groups
    if have:
        sys.exit("partial data found: drop the bench database and run again")
    rng = random.Random(2017)
    villages = [(d, v) for d, _ in districts_in("36.74") for v, _ in villages_in(d)]
    now = timezone.now()
    started = time.perf_counter()

    def businesses():
        for i in range(args.businesses):
            district, village = rng.choice(villages)
            yield {
                "organisation_id": organisation.pk,
                "name": f"{rng.choice(PREFIXES)} {rng.choice(BUSINESS_WORDS)} "
                f"{rng.choice(SUFFIXES)} {i}",
                "owner_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "owner_gender": rng.choice("FM"),
                "phone": f"+62812{i:08d}",
                "nib": f"91{i:011d}" if rng.random() < 0.7 else "",
                "district_code": district,
                "village_code": village,
                "scale": rng.choice(["micro", "micro", "micro", "small", "medium"]),
                "phone_is_whatsapp": True,
                "created_at": now - dt.timedelta(minutes=i),
                "updated_at": now,
            }

    insert_rows(Business, businesses())
    ids = list(
        Business.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    print(f"data: {len(ids):,} businesses in {time.perf_counter() - started:.1f} s", flush=True)
    group_items = list(groups.items())

    def products():
        for i in range(args.products):
            business_id = ids[i % len(ids)] if i < len(ids) else rng.choice(ids)
            code, group = group_items[(business_id + i // len(ids)) % len(group_items)]
            yield {
                "business_id": business_id,
                "group_id": group.pk,
                "name": f"{rng.choice(PRODUCTS[code])} {rng.choice(VARIANTS)}",
                "price": rng.randrange(5, 500) * 1000,
                "unit": "pcs",
                "created_at": now,
                "updated_at": now,
            }

    insert_rows(Product, products())
    print(
        f"data: + {args.products:,} products at {time.perf_counter() - started:.1f} s", flush=True
    )
    halal = CertificateType.objects.get(organisation=None, code="halal")
    nib = CertificateType.objects.get(organisation=None, code="nib")
    today = timezone.localdate()

    def certificates():
        for n, business_id in enumerate(ids):
            if n % 3 == 0:
                yield {
                    "business_id": business_id,
                    "type_id": halal.pk,
                    "number": f"ID{n}",
                    "token": f"h{n:031d}",
                    "created_at": now,
                    "updated_at": now,
                    "expires_on": today + dt.timedelta(days=rng.randrange(-400, 1500)),
                }
            if n % 2 == 0:
                yield {
                    "business_id": business_id,
                    "type_id": nib.pk,
                    "number": f"91{n:011d}",
                    "token": f"n{n:031d}",
                    "created_at": now,
                    "updated_at": now,
                }

    insert_rows(Certificate, certificates())
    programme = Programme.objects.create(
        organisation=organisation,
        title="Kurasi Bench",
        slug="kurasi-bench",
        year=today.year,
        status="open",
        registration_opens_at=now - dt.timedelta(days=5),
        registration_closes_at=now + dt.timedelta(days=25),
    )
    programme.product_groups.set(groups.values())
    first_products = Product.objects.filter(business__organisation=organisation).order_by("pk")
    insert_rows(
        Application,
        (
            {
                "programme_id": programme.pk,
                "product_id": pk,
                "business_id": business_id,
                "status": "submitted",
                "submitted_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for pk, business_id in first_products.values_list("pk", "business_id")[:5000]
        ),
    )
    from django.db import connection

    # Fresh statistics, as autovacuum (PostgreSQL) or `manage.py` maintenance would give.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"data: generated in {time.perf_counter() - started:.1f} s", flush=True)
    return organisation, admin, groups


def time_pages(organisation, admin, groups, repeat):
    from django.test.utils import setup_test_environment, teardown_test_environment
    from django.urls import reverse

    from bench.staff_client import logged_in_client
    from kurasi.programmes.models import Programme
    from kurasi.registry.models import Business, CertificateType

    setup_test_environment()
    client = logged_in_client(admin)
    businesses = reverse("registry:business_list", args=[SLUG])
    products = reverse("registry:product_list", args=[SLUG])
    sample = Business.objects.filter(organisation=organisation).order_by("pk")[1234]
    phone = f"0{sample.phone[3:6]}-{sample.phone[6:10]}-{sample.phone[10:]}"
    halal = CertificateType.objects.get(organisation=None, code="halal")
    programme = Programme.objects.get(organisation=organisation, slug="kurasi-bench")

    def searched(url, **data):
        response = client.post(url, data)
        assert response.status_code == 302, response.status_code
        return response.url

    queries = {
        "businesses, first page": businesses,
        "businesses, name 'keripik'": searched(businesses, q="keripik"),
        "businesses, name 'sentosa 1999' (rare)": searched(businesses, q="sentosa 1999"),
        "businesses, owner 'rahmawati'": searched(businesses, q="rahmawati"),
        f"businesses, phone {phone}": searched(businesses, q=phone),
        "businesses, NIB prefix": searched(businesses, q="9100000012"),
        "businesses, district + group": searched(
            businesses, district="36.74.03", group=groups["makanan"].pk
        ),
        "businesses, halal missing + food": searched(
            businesses, missing_certificate=halal.pk, group=groups["makanan"].pk
        ),
        "businesses, in programme": searched(businesses, programme=programme.pk),
        "businesses, page 50": businesses + "?page=50",
        "businesses, sort newest": businesses + "?sort=newest",
        "products, first page": products,
        "products, name 'kopi'": searched(products, q="kopi"),
        "products, group + halal missing": searched(
            products, group=groups["makanan"].pk, missing_certificate=halal.pk
        ),
        "products, page 50": products + "?page=50",
    }
    rows_of = {}
    for label, url in queries.items():  # warm-up, and the row count from the page's context
        response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)
        rows_of[label] = response.context["page"].paginator.count
    # The test environment instruments every template render (to expose the context above);
    # a server does not, so the timed requests run without it.
    teardown_test_environment()
    client.defaults["HTTP_HOST"] = "localhost"
    gc.freeze()  # as kurasi/wsgi.py does in a server once everything is loaded
    print(f"\n{'query':<40} {'rows':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    worst = 0.0
    for label, url in queries.items():
        rows = rows_of[label]
        client.get(url)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        worst = max(worst, p95)
        print(
            f"{label:<40} {rows:>8,} {statistics.median(timings):>8.1f} {p95:>8.1f} "
            f"{timings[-1]:>8.1f}",
            flush=True,
        )
    print(f"\nworst p95: {worst:.1f} ms (target ≤ 100 ms on PostgreSQL)")


def main():
    args = parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurasi.settings")
    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_postgres_database(os.environ["DATABASE_URL"])
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    print(
        f"database: {connection.vendor}; {args.businesses:,} businesses, "
        f"{args.products:,} products",
        flush=True,
    )
    organisation, admin, groups = generate(args)
    time_pages(organisation, admin, groups, args.repeat)


if __name__ == "__main__":
    main()
