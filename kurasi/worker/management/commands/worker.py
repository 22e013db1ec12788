"""`manage.py worker`: the one background service. It runs the season's schedule
(kurasi/worker/schedule.py) and, with the database task backend (KURASI_TASK_WORKER=1), also the
queued tasks, so production lists one service and `make run` needs no cron."""

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.dateparse import parse_datetime
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from kurasi.worker.models import ScheduledJob
from kurasi.worker.schedule import JAKARTA, JOBS, run_due

logger = logging.getLogger("kurasi.worker")


class TaskWorker(Worker):
    """django-tasks-db's worker loop, which also stops the schedule when told to stop."""

    def __init__(self, *, stopping, **options):
        super().__init__(**options)
        self.stopping = stopping

    def shutdown(self, signum, frame):
        self.stopping.set()
        super().shutdown(signum, frame)


def aware(value):
    moment = parse_datetime(value)
    if moment is None:
        raise CommandError(f"--now: not a date and time: {value!r} (e.g. 2026-09-19T08:00)")
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=JAKARTA)


class Command(BaseCommand):
    help = (
        "Run the background work: the schedule (invitation expiry, call status, reminders, "
        "retention, stalled tasks) and, with KURASI_TASK_WORKER=1, the queued tasks. Stop it "
        "with Ctrl+C or SIGTERM."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="run the jobs due now and the queued tasks, then exit",
        )
        parser.add_argument(
            "--now",
            type=aware,
            help="with --once: the moment to run at (ISO 8601; without a zone: Jakarta time)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=30,
            metavar="SECONDS",
            help="how often the schedule is looked at (default 30)",
        )
        parser.add_argument(
            "--list",
            action="store_true",
            dest="show",
            help="show the schedule and each job's last run",
        )

    def handle(self, *, once, now, interval, show, verbosity, **options):
        if show:
            return self.show_schedule()
        if now is not None and not once:
            raise CommandError("--now works with --once only.")
        backend = task_backends["default"]
        queued = isinstance(backend, DatabaseBackend)
        if once:
            self.run_schedule(now or timezone.now(), verbosity, report=True)
            if queued:
                self.task_worker(threading.Event(), batch=True).run()
            return None
        stopping = threading.Event()
        logger.info("Worker started: schedule every %ss%s", interval, ", queued tasks" * queued)
        if not queued:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_args: stopping.set())
            self.schedule_loop(stopping, interval, verbosity)
            return None
        scheduler = threading.Thread(
            target=self.schedule_loop, args=(stopping, interval, verbosity), daemon=True
        )
        scheduler.start()
        worker = self.task_worker(stopping, batch=False)
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stopping.set()
            scheduler.join(timeout=interval)
        return None

    def task_worker(self, stopping, *, batch):
        return TaskWorker(
            stopping=stopping,
            queue_names=["default"],
            interval=1,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )

    def schedule_loop(self, stopping, interval, verbosity):
        while not stopping.is_set():
            close_old_connections()
            try:
                self.run_schedule(timezone.now(), verbosity)
            except Exception:
                # The database away for a moment (a restart): try again at the next look.
                logger.exception("The schedule could not be run")
            close_old_connections()
            stopping.wait(interval)
        connections.close_all()

    def run_schedule(self, now, verbosity, *, report=False):
        runs = run_due(now=now)
        if report and verbosity:  # the loop's runs go to the log only
            for run in runs:
                due = run.due_at.astimezone(JAKARTA)
                outcome = f"done {run.result}" if run.succeeded else "FAILED (see the log)"
                self.stdout.write(f"{run.job.name} (due {due:%Y-%m-%d %H:%M} WIB): {outcome}")
        return runs

    def show_schedule(self):
        last = {job.name: job for job in ScheduledJob.objects.all()}
        for job in JOBS:
            row = last.get(job.name)
            if row is None or row.started_at is None:
                state = "never run"
            else:
                started = row.started_at.astimezone(JAKARTA)
                outcome = {True: "done", False: f"failed ({row.error})", None: "running"}[
                    row.succeeded
                ]
                state = f"last {started:%Y-%m-%d %H:%M} WIB: {outcome}"
            self.stdout.write(f"{job.name:24} {job.describe():30} {state}")
