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
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load_run

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


def setup(users):
    """Open a programme for scoring and mint the sessions (runs in the configured process)."""
    from bench.load_setup import mint_sessions, open_scoring_programme

    return mint_sessions(users, open_scoring_programme())


def main():
    args = parse_args()
    port = load_run.free_port()
    env = load_run.server_environment(port, DATABASE)
    print(f"database: fresh PostgreSQL {DATABASE}; seeding the demo …", flush=True)
    load_run.fresh_database(DATABASE)
    work = load_run.work_directory(load_run.prepare(env, lambda: setup(args.users)))
    print(
        f"serving with gunicorn: {args.workers} workers × {args.threads} threads; "
        f"{args.users} users arriving over {args.ramp} s, then {args.seconds} s all together …",
        flush=True,
    )
    server = load_run.serve(env, port, args.workers, args.threads)
    try:
        # Users arrive evenly over `ramp` seconds, then all of them keep going for `seconds`;
        # every request of the run, the arrivals included, counts in the figures.
        load_run.drive(
            "locustfile.py",
            port,
            work,
            args.users,
            args.users / max(args.ramp, 1),
            args.seconds + args.ramp,
        )
    finally:
        load_run.stop(server)
    load_run.report(work, args.seconds + args.ramp, target_ms=500)


if __name__ == "__main__":
    main()
