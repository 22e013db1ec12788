#!/usr/bin/env python3
"""The results page right after a curator's save, and the assignment page, at 2,000 applications
with 3 assessments each, on SQLite and PostgreSQL (issue 17 item 5).

The built assessments are dated over the three hours before the run, as a curation day's saves
are (all dated "now", the first save would re-read every one of them as recently changed).
Each measured results request follows a fresh save: one assessment is reopened and submitted
again with new scores through `save_assessment` (the curation day's normal state), so the kept
results are never simply reused. Prints p50/p95 in ms and the request's query count for 50, 250
and all rows and the print view, each also warm and (for comparison, the behaviour before issue
17) with the kept results dropped so that everything is computed afresh after the save; and the
assignment page, first load (the process already warm from another page) and warm.

  .venv/bin/python bench/bench_results_under_change.py [--n 15] [--only sqlite|postgres]

"CPU" is this process's own CPU time for the request (time.process_time): on a busy machine the
wall-clock figures grow with everyone else's load, the CPU time much less (SQLite runs in the
process, so there it is nearly the whole request; PostgreSQL's own work is not in it).

Targets: 50 rows ≤ 100 ms, 250 rows ≤ 250 ms, all 2,000 ≤ 500 ms, assignment page ≤ 300 ms.
PostgreSQL: postgres://postgres@127.0.0.1:5432/kurasi_bench_change (created when missing, the
data built once and reused). SQLite: a temporary file, or --sqlite PATH to keep it between runs.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_NAME = "kurasi_bench_change"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"


def resave(rng, actor):
    """A curator's save: one submitted assessment reopened and submitted with new scores."""
    from kurasi.curation.models import Assessment, AssessmentStatus
    from kurasi.curation.services import save_assessment

    ids = Assessment.objects.values_list("pk", flat=True)
    pk = rng.choice(list(ids))
    Assessment.objects.filter(pk=pk).update(status=AssessmentStatus.DRAFT)
    assessment = Assessment.objects.select_related("rubric").get(pk=pk)
    scores = {
        c.key: {"value": rng.randint(assessment.rubric.scale_min, assessment.rubric.scale_max)}
        for c in assessment.rubric.criteria.all()
    }
    save_assessment(actor=actor, assessment=assessment, scores=scores, submit=True)


def timed(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed = (time.perf_counter() - t0) * 1000
        cpu = (time.process_time() - c0) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries), len(response.content), cpu


def report(label, samples):
    timings = [t for t, _, _, _ in samples]
    cpu = statistics.median(c for _, _, _, c in samples)
    queries = sorted({q for _, q, _, _ in samples})
    size = samples[-1][2] / 1024
    p95 = statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else timings[0]
    print(
        f"  {label:<44} p50 {statistics.median(timings):5.0f} ms  p95 {p95:5.0f} ms  "
        f"(CPU p50 {cpu:5.0f} ms)  queries {'/'.join(map(str, queries)):>5}  page {size:,.0f} KB",
        flush=True,
    )


def _spread_over_the_morning(programme):
    """The built assessments were all saved in the last seconds; on a curation day they were
    saved over the hours before. Moved there (3 to 180 minutes before now), a save finds
    what a real day's save finds: the few assessments saved within the kept results' re-read
    window (results_cache.RE_READ), not all 6,000."""
    import datetime as dt

    from django.db.models import F, Value
    from django.db.models.functions import Mod
    from django.utils import timezone

    from kurasi.curation.models import Assessment

    now = timezone.now()
    for minutes in range(1, 61):
        Assessment.objects.annotate(slot=Mod(F("pk"), Value(60))).filter(
            application__programme=programme, slot=minutes - 1
        ).update(updated_at=now - dt.timedelta(minutes=minutes * 3))


def measure(n, apps):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurasi.settings")
    django.setup()
    from bench.bench_programme_applications import build
    from bench.staff_client import logged_in_client
    from kurasi.curation import results_cache
    from kurasi.curation.models import Assessment

    started = time.perf_counter()
    admin, programme = build(apps)
    _spread_over_the_morning(programme)
    print(f"  data ready in {time.perf_counter() - started:.1f} s", flush=True)
    client = logged_in_client(admin, HTTP_HOST="localhost")
    base = f"/o/{programme.organisation.slug}/programmes/{programme.slug}"
    assignment = f"/o/{programme.organisation.slug}/programmes/{programme.pk}/curation/assignments/"
    timed(client, f"{base}/results/")  # the process warm (first request), not this page
    report("assignment page, first load", [timed(client, assignment)])
    report("assignment page, warm", [timed(client, assignment) for _ in range(n)])
    rng = random.Random(17)
    curator = Assessment.objects.select_related("curator").first().curator
    results = f"{base}/results/"
    targets = [
        ("results, 50 rows", f"{results}"),
        ("results, 250 rows", f"{results}?size=250"),
        ("results, all rows", f"{results}?size=all"),
        ("print view, all rows", f"{results}print/"),
    ]
    for _, url in targets:  # templates and connections warm
        timed(client, url)
    for label, url in targets:
        samples = []
        for _ in range(n):
            resave(rng, curator)
            samples.append(timed(client, url))
        report(f"{label}, right after a save", samples)
        if label.startswith("results"):
            afresh = []
            for _ in range(max(3, n // 3)):
                resave(rng, curator)
                results_cache._kept.clear()  # what every save cost before: all computed again
                afresh.append(timed(client, url))
            report(f"{label}, after a save, all afresh", afresh)
        report(f"{label}, warm", [timed(client, url) for _ in range(max(3, n // 3))])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=15)
    parser.add_argument("--apps", type=int, default=2000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--sqlite", help="keep the SQLite database in this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.n, args.apps)
        return
    child = [sys.executable, __file__, "--child", "--n", str(args.n), "--apps", str(args.apps)]
    env = {**os.environ, "DATABASE_CONN_MAX_AGE": "60"}
    if args.only != "postgres":
        with tempfile.TemporaryDirectory() as tmp:
            path = args.sqlite or f"{tmp}/bench.sqlite3"
            print(f"SQLite ({path}):", flush=True)
            subprocess.run(child, env={**env, "DATABASE_URL": f"sqlite:///{path}"}, check=True)
    if args.only != "sqlite":
        import bench.bench_programme_applications as setup
        from bench.bench_programme_applications import ensure_postgres_database

        setup.PG_NAME = PG_NAME
        ensure_postgres_database()
        print(f"PostgreSQL ({PG_NAME}):", flush=True)
        subprocess.run(child, env={**env, "DATABASE_URL": PG_URL}, check=True)


if __name__ == "__main__":
    main()
