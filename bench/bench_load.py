#!/usr/bin/env python3
"""Load: 50 concurrent users for 60 seconds on PostgreSQL behind gunicorn (issue 8).

Builds a fresh database `kurasi_bench_load` with the demo office (seed_demo) and a second,
open programme whose products wait for the curators' scores; mints one session per simulated
user (producers, curators, office admins — logging in 50 times from one address would only
measure the login rate limits); serves Kurasi with gunicorn on loopback; drives it with Locust
(bench/locustfile.py); prints throughput and latencies per page. Target: zero errors and
p99 ≤ 500 ms. Not a test: it prints figures.

    .venv/bin/python bench/bench_load.py                       # 50 users, 60 s
    .venv/bin/python bench/bench_load.py --users 20 --seconds 30
"""

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "kurasi_bench_load"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="time with every user active")
    parser.add_argument(
        "--ramp",
        type=int,
        default=10,
        help="seconds over which users arrive (people do not all press Enter in the same second)",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    return parser.parse_args()


def fresh_database():
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(port):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG_SERVER}/{DATABASE}",
        DJANGO_SETTINGS_MODULE="kurasi.settings",
        # Development mode without DEBUG: production's HTTPS redirect and secure-only cookies
        # would need TLS on loopback; everything else runs the production code paths.
        KURASI_ENV="development",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
    )
    return env


def prepare(env, users):
    """Migrate, seed the demo, open a programme for scoring, and write the sessions file."""
    for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    os.environ.update(env)
    import django

    django.setup()
    from bench.load_setup import mint_sessions, open_scoring_programme

    scoring = open_scoring_programme()
    return mint_sessions(users, scoring)


def serve(env, port, workers, threads):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "kurasi.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--log-level=warning",
        # Longer than a user's pause: a connection the server closes just as the client reuses it
        # is a failed request in the client's eyes (gunicorn's default is 2 s).
        "--keep-alive=30",
        "--preload",  # the application is loaded before the first request, as in production
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def drive(port, sessions_file, users, seconds, ramp, out_prefix):
    """Users arrive evenly over `ramp` seconds, then all of them keep going for `seconds`; every
    request of the run, the arrivals included, counts in the figures."""
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        f"--users={users}",
        f"--spawn-rate={users / max(ramp, 1):.2f}",
        f"--run-time={seconds + ramp}s",
        f"--host=http://127.0.0.1:{port}",
        f"--csv={out_prefix}",
        "--only-summary",
        "--loglevel=WARNING",
        "--stop-timeout=10",
    ]
    env = dict(os.environ, KURASI_LOAD_SESSIONS=str(sessions_file))
    # Locust's own tables go to a log; report() prints the figures from its CSV files.
    with open(f"{out_prefix}_locust.log", "w") as log:
        return subprocess.run(
            command, cwd=ROOT, env=env, check=False, stdout=log, stderr=subprocess.STDOUT
        ).returncode


def report(out_prefix, seconds):
    with open(f"{out_prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = ("page", "requests", "errors", "p50", "p95", "p99", "max")
    print("\n{:<34} {:>9} {:>7} {:>6} {:>6} {:>6} {:>7}".format(*header))
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name[:34]:<34} {int(row['Request Count']):>9,} {int(row['Failure Count']):>7} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{float(row['Max Response Time']):>7.0f}"
        )
    total = rows[-1]
    print(
        f"\nthroughput {float(total['Requests/s']):.1f} requests/s over {seconds} s; "
        f"errors {total['Failure Count']}; p99 {total['99%']} ms "
        f"(target: zero errors, p99 ≤ 500 ms)"
    )
    failures = Path(f"{out_prefix}_failures.csv")
    if failures.exists() and failures.read_text().count("\n") > 1:
        print("\nfailures:\n" + failures.read_text())


def main():
    args = parse_args()
    port = free_port()
    env = server_environment(port)
    print(f"database: fresh PostgreSQL {DATABASE}; seeding the demo …", flush=True)
    fresh_database()
    sessions = prepare(env, args.users)
    work = Path(tempfile.mkdtemp(prefix="kurasi-load-"))
    sessions_file = work / "sessions.json"
    sessions_file.write_text(json.dumps(sessions))
    print(
        f"serving with gunicorn: {args.workers} workers × {args.threads} threads; "
        f"{args.users} users arriving over {args.ramp} s, then {args.seconds} s all together …",
        flush=True,
    )
    server = serve(env, port, args.workers, args.threads)
    try:
        drive(port, sessions_file, args.users, args.seconds, args.ramp, work / "load")
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(work / "load", args.seconds + args.ramp)


if __name__ == "__main__":
    main()
