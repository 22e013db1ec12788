"""What every load bench shares: a fresh PostgreSQL database, Kurasi behind gunicorn on loopback,
Locust driving it, and the figures per request type from Locust's CSV files.

Used by bench/bench_load.py and the season's peaks (bench/bench_peak_*.py). Each bench builds its
own data in `prepare(..., setup=...)` and writes the sessions file its locustfile reads.
"""

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
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def fresh_database(name):
    """Drop and create `name`; only databases of the benches (kurasi_bench_*) are touched."""
    import psycopg

    if not name.startswith("kurasi_bench_"):
        raise ValueError(f"{name}: the benches only use databases named kurasi_bench_*")
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(port, database, **extra):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG_SERVER}/{database}",
        DJANGO_SETTINGS_MODULE="kurasi.settings",
        # Development mode without DEBUG: production's HTTPS redirect and secure-only cookies
        # would need TLS on loopback; everything else runs the production code paths.
        KURASI_ENV="development",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def prepare(env, setup):
    """Migrate, seed the demo, then run `setup()` (bench data and sessions) in this process."""
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
    return setup()


def work_directory(sessions):
    """A temporary directory holding the sessions file for the locustfile."""
    work = Path(tempfile.mkdtemp(prefix="kurasi-load-"))
    (work / "sessions.json").write_text(json.dumps(sessions))
    return work


def serve(env, port, workers, threads, log=None):
    """gunicorn as in production: sync workers when `threads` is 1, else gthread."""
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "kurasi.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--log-level=warning",
        # Longer than a user's pause: a connection the server closes just as the client reuses it
        # is a failed request in the client's eyes (gunicorn's default is 2 s).
        "--keep-alive=30",
        "--preload",  # the application is loaded before the first request, as in production
    ]
    if threads > 1:
        command += ["--worker-class=gthread", f"--threads={threads}"]
    output = open(log, "w") if log else None  # noqa: SIM115 (closed with the server)
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def stop(server):
    server.terminate()
    server.wait(timeout=30)


def drive(locustfile, port, work, users, spawn_rate, seconds, tags=()):
    """Run Locust headless for `seconds`; its CSV files go to work/load_*.csv."""
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(ROOT / "bench" / locustfile),
        "--headless",
        f"--users={users}",
        f"--spawn-rate={spawn_rate:.3f}",
        f"--run-time={seconds}s",
        f"--host=http://127.0.0.1:{port}",
        f"--csv={work / 'load'}",
        "--only-summary",
        "--loglevel=WARNING",
        "--stop-timeout=30",
        *tags,
    ]
    env = dict(os.environ, KURASI_LOAD_SESSIONS=str(work / "sessions.json"), PYTHONPATH=str(ROOT))
    # Locust's own tables go to a log; report() prints the figures from its CSV files.
    with open(work / "load_locust.log", "w") as log:
        return subprocess.run(
            command, cwd=ROOT, env=env, check=False, stdout=log, stderr=subprocess.STDOUT
        ).returncode


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def figures(work):
    """Locust's rows per request type (the last one is 'Aggregated'), as dicts."""
    with open(work / "load_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def report(work, seconds, target_ms):
    rows = figures(work)
    header = ("request", "requests", "req/s", "errors", "p50", "p95", "p99", "max")
    print("\n{:<44} {:>8} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7}".format(*header))
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        label = f"{row['Type']} {name}" if name != "ALL" else name
        print(
            f"{label[:44]:<44} {int(row['Request Count']):>8,} "
            f"{int(row['Request Count']) / seconds:>6.2f} {int(row['Failure Count']):>6} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{float(row['Max Response Time']):>7.0f}"
        )
    total = rows[-1]
    worst = max(rows[:-1], key=lambda r: float(r["99%"]), default=total)
    print(
        f"\nthroughput {int(total['Request Count']) / seconds:.1f} requests/s over {seconds} s; "
        f"errors {total['Failure Count']}; p99 of all {total['99%']} ms, worst p99 "
        f"{worst['99%']} ms ({worst['Name']}) (target: zero errors, p99 ≤ {target_ms} ms "
        "per request type)"
    )
    failures = work / "load_failures.csv"
    if failures.exists() and failures.read_text().count("\n") > 1:
        print("\nfailures:\n" + failures.read_text())
    return rows
