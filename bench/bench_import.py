#!/usr/bin/env python3
"""Import of 100,000 rows (.csv and .xlsx, messy like offices' files): rows/s and peak memory.

Target (issue 3): >= 5,000 rows/s with peak memory under 500 MB, streamed. Runs on a temporary
SQLite database, and on PostgreSQL when one answers at 127.0.0.1:5432 (database
kurasi_bench_io, created if missing). Each phase runs in its own process so its peak memory
(ru_maxrss) is its own. Not part of the test run.

    .venv/bin/python bench/bench_import.py [ROWS] [--big-mb MB]

Then the dry run of a .csv of MB megabytes (25 by default, the upload limit; target ≤ 10 s).
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/kurasi_bench_io"
HEADERS = [
    "Nama Usaha", "Nama Pemilik", "JK", "NIK", "No. HP", "WA", "Alamat", "Kecamatan",
    "Kelurahan", "NIB", "Modal", "Omzet", "Tahun Berdiri", "Tenaga Kerja", "Kategori",
    "Nama Produk", "Harga", "Satuan", "Kapasitas per Bulan", "Masa Simpan (hari)", "No. P-IRT",
    "P-IRT Berlaku s.d.",
]  # fmt: skip
WORDS = [
    "Keripik",
    "Roti",
    "Kue",
    "Batik",
    "Tas",
    "Tenun",
    "Kopi",
    "Sambal",
    "Dodol",
    "Bakso",
    "Emping",
    "Madu",
    "Jamu",
    "Sabun",
]
OWNERS = [
    "Sri",
    "Ani",
    "Tuti",
    "Wati",
    "Yuni",
    "Dewi",
    "Rina",
    "Agus",
    "Budi",
    "Joko",
    "Slamet",
    "Hadi",
    "Yanto",
    "Bambang",
]
GROUPS = ["tas", "Busana", "aksesori", "Makanan", "minuman-ringan"]
MONTHS = ["Januari", "Feb", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "Sep", "Okt"]
VARIANT_DISTRICTS = {"Pondok Aren": "Pd. Aren", "Ciputat": "Kec. Ciputat", "Setu": "setu"}


def regions():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurasi.settings")
    from kurasi.registry.regions import districts_in, villages_in

    return [(d, v) for code, d in districts_in("36.74") for _, v in villages_in(code)]


def messy_rows(count, seed=2017):
    """One row per product, ~2.5 products per business, values written as offices write them."""
    rng = random.Random(seed)
    places = regions()
    produced, business = 0, 0
    while produced < count:
        business += 1
        district, village = rng.choice(places)
        district = VARIANT_DISTRICTS.get(district, district)
        district_number = rng.randint(1, 7)
        female = rng.random() < 0.6
        day = (business % 28) + 1 + (40 if female else 0)
        month, year = (business // 28) % 12 + 1, 60 + (business // 336) % 40
        serial = business % 9999 + 1
        nik = f"36740{district_number}{day:02d}{month:02d}{year:02d}{serial:04d}"
        nik = rng.choice(
            [
                nik,
                f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}",
                ".".join([nik[:2], nik[2:4], nik[4:6], nik[6:]]),
                "",
            ]
        )
        phone = f"812{business:08d}"
        phone = rng.choice([f"0{phone[:3]}-{phone[3:7]}-{phone[7:]}", f"+62 {phone}", "62" + phone])
        owner = rng.choice(OWNERS)
        name = f"{rng.choice(WORDS)} {rng.choice(['Bu', 'Pak', 'UD', 'Mbak'])} {owner} {business}"
        address = f"Jl. Merpati {business} RT 0{business % 9}"
        base = [
            name, f"{owner} {rng.choice(OWNERS)}", "P" if female else rng.choice(["L", "Pria"]),
            nik, phone, rng.choice(["ya", "tidak", ""]), address,
            district, village, f"912{business:010d}" if business % 2 else "",
            rng.choice(["Rp 15.000.000", "150.000.000,00", "50jt", "25000000"]),
            rng.choice(["120 juta", "Rp 90.000.000", ""]), rng.choice(["2015", "19-9-2017", ""]),
            rng.choice(["3", "2 orang", ""]),
        ]  # fmt: skip
        for product in range(rng.choice([1, 2, 3, 4])):
            if produced >= count:
                break
            produced += 1
            pirt = f"2063674{business % 100000:05d}{product:02d}-22" if product == 0 else ""
            yield [
                *base,
                rng.choice(GROUPS), f"{rng.choice(WORDS)} varian {product}",
                rng.choice(["15rb", "Rp 12.500", "150.000,00", "25000"]), "pcs",
                rng.choice(["1.000", "500", ""]), rng.choice(["90", "", "30"]), pirt,
                f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 2027" if pirt else "",
            ]  # fmt: skip


def write_files(folder, count):
    csv_path, xlsx_path = folder / "ikm.csv", folder / "ikm.xlsx"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows(messy_rows(count))
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(HEADERS)
    for row in messy_rows(count):
        sheet.append(row)
    workbook.save(xlsx_path)
    return csv_path, xlsx_path


def phase(database_url, path, mode):
    """Run one phase in this process and print a JSON line of figures."""
    import resource

    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "kurasi.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from kurasi.accounts.models import Organisation
    from kurasi.registry.importer import plan_import, run_import
    from kurasi.registry.models import Business, Product, ProductGroup

    call_command("migrate", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench", defaults={"name": "Disperindag Bench", "region_code": "36.74"}
    )
    for position, (code, name) in enumerate(
        [("tas", "Tas"), ("busana", "Busana"), ("aksesori", "Aksesori"), ("makanan", "Makanan"),
         ("minuman-ringan", "Minuman ringan")]
    ):  # fmt: skip
        ProductGroup.objects.get_or_create(
            organisation=organisation, code=code, defaults={"name": name, "position": position}
        )
    started, cpu_started = time.perf_counter(), time.process_time()
    with open(path, "rb") as handle:
        if mode == "dry":
            plan = plan_import(handle, organisation=organisation)
        else:
            plan = run_import(handle, actor=None, organisation=organisation)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": len(plan.rows),
                "seconds": round(seconds, 2),
                "rows_per_s": round(len(plan.rows) / seconds),
                # Processor time: on a shared, busy machine the clock says more about the others.
                "cpu_s": round(time.process_time() - cpu_started, 2),
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "counts": {k: v for k, v in plan.counts.items() if v},
                "businesses": Business.objects.count(),
                "products": Product.objects.count(),
            }
        )
    )


def run_phase(database_url, path, mode, label):
    result = subprocess.run(
        [sys.executable, __file__, "_phase", database_url, str(path), mode],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"  {label:<34} {figures['rows']:>7} rows {figures['seconds']:>7.1f} s "
        f"{figures['rows_per_s']:>7} rows/s (cpu {figures.get('cpu_s', 0):.1f} s)  "
        f"peak {figures['peak_mb']:>4} MB  "
        f"{figures['counts']} → {figures['businesses']} businesses, "
        f"{figures['products']} products",
        flush=True,
    )


def postgres_reachable():
    try:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            if not c.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'kurasi_bench_io'"
            ).fetchone():
                c.execute("CREATE DATABASE kurasi_bench_io")
        return True
    except Exception:
        return False


def reset_postgres():
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute("DROP DATABASE IF EXISTS kurasi_bench_io WITH (FORCE)")
        c.execute("CREATE DATABASE kurasi_bench_io")


def write_big_csv(path, megabytes):
    """A .csv of about `megabytes` MB, rows as messy_rows writes them."""
    limit, rows = megabytes * 1024 * 1024, 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        for row in messy_rows(10_000_000, seed=25):
            writer.writerow(row)
            rows += 1
            if rows % 1000 == 0 and handle.tell() >= limit - 64 * 1024:
                break
    return rows


def main(count, big_mb=25):
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        if big_mb:
            big = folder / "big.csv"
            rows = write_big_csv(big, big_mb)
            print(f"dry run of a {big.stat().st_size / 2**20:.1f} MB .csv ({rows} rows), SQLite:")
            run_phase(f"sqlite:///{folder}/big.sqlite3", big, "dry", "dry run .csv (25 MB)")
        started = time.perf_counter()
        csv_path, xlsx_path = write_files(folder, count)
        print(
            f"generated {count} rows: csv {csv_path.stat().st_size // 1024} KB, "
            f"xlsx {xlsx_path.stat().st_size // 1024} KB in {time.perf_counter() - started:.0f} s"
        )
        engines = [("SQLite", lambda n: f"sqlite:///{folder}/bench-{n}.sqlite3", None)]
        if postgres_reachable():
            engines.append(("PostgreSQL", lambda n: PG_URL, reset_postgres))
        else:
            print("PostgreSQL not reachable: skipped")
        for engine, url_for, reset in engines:
            print(engine)
            for number, path in enumerate((csv_path, xlsx_path)):
                if reset:
                    reset()
                url = url_for(number)
                kind = path.suffix
                run_phase(url, path, "dry", f"dry run {kind} (empty registry)")
                run_phase(url, path, "commit", f"real run {kind} (creates)")
                run_phase(url, path, "dry", f"dry run {kind} (all matched)")
                run_phase(url, path, "commit", f"real run {kind} again (idempotent)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_phase":
        phase(*sys.argv[2:5])
    else:
        parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
        parser.add_argument("rows", nargs="?", type=int, default=100_000)
        parser.add_argument("--big-mb", type=int, default=25, help="0 skips the big dry run")
        arguments = parser.parse_args()
        main(arguments.rows, arguments.big_mb)
