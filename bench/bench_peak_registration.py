#!/usr/bin/env python3
"""Peak: the registration deadline, 300 producers sending within 10 minutes, with photos (issue 19).

Builds a fresh database `kurasi_bench_peak_registration` (seed_demo, then a call closing tomorrow
and 300 producers whose business is registered, each with a session of their own: logging in 300
times from one address would only measure the login limits); serves Kurasi with gunicorn on
loopback; drives it with Locust (bench/locust_registration.py): producers arrive evenly over
`--arrivals` seconds and each, once, adds a product with a 2.5 MB, 12 MP photo from the phone,
looks at the permits and the review, and sends. Prints the figures per request type and the
rate of sends the server achieved. Target: zero errors and p99 ≤ 1 s per request type.

    .venv/bin/python bench/bench_peak_registration.py                    # 300 in 10 minutes
    .venv/bin/python bench/bench_peak_registration.py --arrivals 180      # the same, 3.3× faster
    .venv/bin/python bench/bench_peak_registration.py --producers 20 --arrivals 20   # smoke
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load_run

DATABASE = "kurasi_bench_peak_registration"
TAIL = 60  # seconds after the last arrival for the last journeys to end


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--producers", type=int, default=300)
    parser.add_argument(
        "--arrivals", type=int, default=600, help="seconds over which the producers arrive"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (1: sync workers)"
    )
    return parser.parse_args()


def sends():
    """When the bench's applications were sent, as the database recorded it."""
    from bench.peak_setup import DEADLINE_SLUG
    from kurasi.programmes.models import Application, ApplicationStatus

    return sorted(
        Application.objects.filter(
            programme__slug=DEADLINE_SLUG, status=ApplicationStatus.SUBMITTED
        ).values_list("submitted_at", flat=True)
    )


def photos():
    from bench.peak_setup import DEADLINE_SLUG
    from kurasi.registry.models import ProductPhoto

    return ProductPhoto.objects.filter(product__applications__programme__slug=DEADLINE_SLUG).count()


def main():
    from bench.phone_photo import phone_photo

    args = parse_args()
    photo = phone_photo()
    port = load_run.free_port()
    media = tempfile.mkdtemp(prefix="kurasi-peak-media-")
    # Production's path for the e-mails a send queues: into the task table, for the worker.
    env = load_run.server_environment(port, DATABASE, MEDIA_ROOT=media, KURASI_TASK_WORKER="1")
    print(f"database: fresh PostgreSQL {DATABASE}; seeding the demo …", flush=True)
    load_run.fresh_database(DATABASE)

    def setup():
        from bench.peak_setup import deadline_programme

        return deadline_programme(args.producers)

    work = load_run.work_directory(load_run.prepare(env, setup))
    rate = args.producers / args.arrivals
    print(
        f"serving with gunicorn: {args.workers} workers × {args.threads} thread(s); "
        f"{args.producers} producers arriving over {args.arrivals} s ({rate * 60:.1f} a minute), "
        f"each sending one product with a {len(photo) / 1e6:.1f} MB photo; "
        f"load average before: {load_run.load_average()} …",
        flush=True,
    )
    server = load_run.serve(env, port, args.workers, args.threads, log=work / "gunicorn.log")
    try:
        load_run.drive(
            "locust_registration.py",
            port,
            work,
            args.producers,
            rate,
            args.arrivals + TAIL,
        )
    finally:
        load_run.stop(server)
    print(f"load average after: {load_run.load_average()}")
    load_run.report(work, args.arrivals + TAIL, target_ms=1000)
    sent = sends()
    if len(sent) > 1:
        span = (sent[-1] - sent[0]).total_seconds()
        print(
            f"sent: {len(sent)} of {args.producers} producers between the first and the last "
            f"send {span:.0f} s apart: {len(sent) / span * 60:.1f} sends a minute "
            f"({len(sent) / span * 600:.0f} per 10 minutes); {photos()} photos stored"
        )
    print(f"server log: {work / 'gunicorn.log'}")


if __name__ == "__main__":
    main()
