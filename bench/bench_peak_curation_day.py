#!/usr/bin/env python3
"""Peak: the curation day: 20 curators scoring, 2 desks checking in, the board refreshing.

Builds a fresh database `kurasi_bench_peak_day` (seed_demo, then a closed call curated today:
213 products, 20 curators at 10 tables with two curators for each product, every product
scheduled, nobody checked in yet) and a session per person; serves Kurasi with gunicorn on
loopback; drives it with Locust (bench/locust_curation_day.py) for `--seconds`. Prints the
figures per request type. Target: zero errors and p99 ≤ 1 s per request type.

    .venv/bin/python bench/bench_peak_curation_day.py                # 5 minutes
    .venv/bin/python bench/bench_peak_curation_day.py --seconds 20   # smoke
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load_run

DATABASE = "kurasi_bench_peak_day"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--desks", type=int, default=2)
    parser.add_argument("--boards", type=int, default=2, help="screens showing the live board")
    parser.add_argument(
        "--ramp", type=int, default=10, help="seconds over which the people start their work"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (1: sync workers)"
    )
    return parser.parse_args()


def outcome(programme_id):
    from kurasi.curation.models import Assessment
    from kurasi.curation.models_day import CheckIn

    submitted = Assessment.objects.filter(
        application__programme_id=programme_id, status="submitted"
    ).count()
    arrived = CheckIn.objects.filter(programme_id=programme_id, arrived_at__isnull=False).count()
    return submitted, arrived


def main():
    args = parse_args()
    port = load_run.free_port()
    env = load_run.server_environment(port, DATABASE, KURASI_TASK_WORKER="1")
    print(f"database: fresh PostgreSQL {DATABASE}; seeding the demo …", flush=True)
    load_run.fresh_database(DATABASE)

    def setup():
        from bench.peak_setup import curation_day

        return curation_day(desks=args.desks, boards=args.boards)

    sessions = load_run.prepare(env, setup)
    work = load_run.work_directory(sessions)
    people = len(sessions["curator"]) + len(sessions["desk"]) + len(sessions["board"])
    print(
        f"the day: {sessions['counts']}; serving with gunicorn: {args.workers} workers × "
        f"{args.threads} thread(s); {len(sessions['curator'])} curators, "
        f"{len(sessions['desk'])} desks, {len(sessions['board'])} board screens for "
        f"{args.seconds} s; load average before: {load_run.load_average()} …",
        flush=True,
    )
    server = load_run.serve(env, port, args.workers, args.threads, log=work / "gunicorn.log")
    try:
        load_run.drive(
            "locust_curation_day.py",
            port,
            work,
            people,
            people / max(args.ramp, 1),
            args.seconds,
        )
    finally:
        load_run.stop(server)
    print(f"load average after: {load_run.load_average()}")
    load_run.report(work, args.seconds, target_ms=1000)
    submitted, arrived = outcome(sessions["programme"])
    print(f"assessments submitted: {submitted}; producers checked in: {arrived}")
    print(f"server log: {work / 'gunicorn.log'}")


if __name__ == "__main__":
    main()
