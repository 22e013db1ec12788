"""The season's periodic work, run by the worker itself (`manage.py worker`): no cron.

Times are Jakarta's (WIB), whatever the server's clock zone:

- `stalled-tasks`, every 5 minutes: a task whose worker was killed goes back to the queue once
  (`stalled.py`).
- `call-status`, every 5 minutes: an open call past its closing time becomes closed
  (`kurasi.programmes.season`; a draft never opens by itself).
- `exhibition-invitations`, every 15 minutes: unanswered invitations past their deadline expire
  and the waiting list is invited (`kurasi.exhibitions.invitations.expire_due`).
- `reminders`, daily at 08:00 until 18:00: reminders before deadlines, by each producer's channel
  (`kurasi.outbox.reminders`).
- `retention`, daily at 02:00: personal data past its retention period is anonymised
  (`kurasi.privacy.tasks.run_retention`, as `manage.py enforce_retention --commit`).

A job runs once per due time. An interval job is due at every multiple of its interval from
midnight; a daily job at its time. A worker that was stopped, or started after the time, runs the
latest missed time once when it is next up (never a backlog); a daily job with an `until` time is
skipped for the day once that time has passed (reminders do not go out at night). Each job does
only what is still to do at `now`, so a late run catches up on everything.

`run_due(now=...)` claims each due time with one conditional UPDATE of the job's row
(`ScheduledJob.last_due_at`), which only one process can win, so two workers (or one asked twice)
never run a job twice for one time; the row also keeps the last run's times, result or error.
"""

import datetime as dt
import logging
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils.module_loading import import_string

from .models import ScheduledJob

logger = logging.getLogger("kurasi.worker")

JAKARTA = ZoneInfo("Asia/Jakarta")
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Job:
    name: str
    path: str  # a dotted callable taking `now=` (an aware datetime)
    every: dt.timedelta | None = None
    at: dt.time | None = None  # daily, at this time of day in Jakarta
    until: dt.time | None = None  # a daily run missed past this time waits for the next day

    def __post_init__(self):
        if (self.every is None) == (self.at is None):
            raise ValueError(f"{self.name}: give either an interval or a time of day")
        if self.every is not None and (self.every <= dt.timedelta(0) or DAY % self.every):
            raise ValueError(f"{self.name}: the interval must divide a day")
        if self.until is not None and (self.at is None or self.until <= self.at):
            raise ValueError(f"{self.name}: `until` must come after `at` on the same day")

    def due_at(self, now: dt.datetime) -> dt.datetime | None:
        """The latest time at or before `now` the job was due, or None when that day's window
        has closed."""
        local = now.astimezone(JAKARTA)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        if self.every is not None:
            return midnight + ((local - midnight) // self.every) * self.every
        due = midnight.replace(hour=self.at.hour, minute=self.at.minute)
        if local < due:
            due -= DAY
        if self.until is not None:
            closes = due.replace(hour=self.until.hour, minute=self.until.minute)
            if local >= closes:
                return None
        return due

    def describe(self) -> str:
        if self.every is not None:
            return f"every {int(self.every.total_seconds() // 60)} minutes"
        when = f"daily at {self.at:%H:%M}"
        return f"{when}, until {self.until:%H:%M}" if self.until else when


MINUTES = dt.timedelta(minutes=1)
JOBS = (
    Job("stalled-tasks", "kurasi.worker.stalled.requeue_stalled_tasks", every=5 * MINUTES),
    Job("call-status", "kurasi.programmes.season.close_calls", every=5 * MINUTES),
    Job("exhibition-invitations", "kurasi.exhibitions.invitations.expire_due", every=15 * MINUTES),
    Job(
        "reminders",
        "kurasi.outbox.reminders.send_reminders",
        at=dt.time(8, 0),
        until=dt.time(18, 0),
    ),
    Job("retention", "kurasi.privacy.tasks.run_retention", at=dt.time(2, 0)),
)


@dataclass
class Run:
    job: Job
    due_at: dt.datetime
    succeeded: bool
    result: object = None


def run_due(*, now: dt.datetime, jobs=JOBS) -> list[Run]:
    """Run each job due at `now` that no process has run for that due time yet, in order.

    A job that fails is recorded failed (its exception's class; the traceback goes to the log)
    and the others still run; it is tried again at its next due time. Returns the runs made.
    Side effects: whatever the jobs do; each job's ScheduledJob row.
    """
    runs = []
    for job in jobs:
        due = job.due_at(now)
        if due is not None and _claim(job, due, now):
            runs.append(_run(job, due, now))
    return runs


def _claim(job, due, now) -> bool:
    ScheduledJob.objects.get_or_create(name=job.name)
    claimed = (
        ScheduledJob.objects.filter(name=job.name)
        .filter(Q(last_due_at__isnull=True) | Q(last_due_at__lt=due))
        .update(
            last_due_at=due,
            started_at=now,
            finished_at=None,
            succeeded=None,
            result=None,
            error="",
        )
    )
    return claimed == 1


def _run(job, due, now) -> Run:
    started = time.monotonic()
    try:
        result = _plain(import_string(job.path)(now=now))
    except Exception as error:
        logger.exception("Scheduled job %s (due %s) failed", job.name, due.isoformat())
        _finish(job, now, started, succeeded=False, error=type(error).__qualname__[:200])
        return Run(job, due, succeeded=False)
    logger.info("Scheduled job %s (due %s) done: %s", job.name, due.isoformat(), result)
    _finish(job, now, started, succeeded=True, result=result)
    return Run(job, due, succeeded=True, result=result)


def _finish(job, now, started, **values):
    # On the run's own clock (`now` plus the time it took), so a run at a given `now` reads
    # consistently.
    finished_at = now + dt.timedelta(seconds=time.monotonic() - started)
    ScheduledJob.objects.filter(name=job.name).update(finished_at=finished_at, **values)


def _plain(value):
    """A job's return value as JSON (counts, tuples of counts, dicts of counts)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)
