"""The season moves by its dates: the worker's schedule run at a series of moments (a controlled
clock), each job exactly when due and never twice for one due time; the worker command's one
iteration; the database task backend's queued tasks run by the same command."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import override_settings

from kurasi.audit.models import AuditEvent
from kurasi.exhibitions.invitations import send_invitations
from kurasi.exhibitions.models import Allocation
from kurasi.exhibitions.services import run_allocation
from kurasi.outbox.models import Message
from kurasi.programmes.models import Programme, ProgrammeStatus
from kurasi.worker.models import ScheduledJob
from kurasi.worker.schedule import JOBS, Job, run_due
from tests.exhibitions import conftest as exhibitions
from tests.privacy.test_retention_and_breaches import finished_programme, old_business

from ..factories import ProgrammeFactory

WIB = ZoneInfo("Asia/Jakarta")
exhibition = exhibitions.exhibition  # the fixture: TEI with one booth and two candidates


def at(day, hour, minute=0, second=0):
    return dt.datetime(2030, 10, day, hour, minute, second, tzinfo=WIB)


def ran(now):
    return [run.job.name for run in run_due(now=now)]


@pytest.fixture
def season(organisation, product_groups, admin_user, producer, other_producer, exhibition):
    """On 1 October 2030 Siti is invited to the exhibition (deadline 6 October 23:59:59 WIB),
    Budi waits; a call closes on 6 October at 16:00; a draft call's dates have come but nobody
    published it; a business from 2017 is past its retention period."""
    run_allocation(actor=admin_user, exhibition=exhibition, now=at(1, 8))
    send_invitations(actor=admin_user, exhibition=exhibition, now=at(1, 9))
    call = ProgrammeFactory(
        organisation=organisation,
        slug="panggilan-2030",
        registration_opens_at=at(1, 8),
        registration_closes_at=at(6, 16),
    )
    draft = ProgrammeFactory(
        organisation=organisation,
        slug="panggilan-2031",
        status=ProgrammeStatus.DRAFT,
        registration_opens_at=at(1, 8),
        registration_closes_at=at(20, 16),
    )
    old = old_business(organisation, product_groups, finished_programme(organisation, year=2017))
    return {
        "siti": Allocation.objects.get(business__owner=producer),
        "budi": Allocation.objects.get(business__owner=other_producer),
        "call": call,
        "draft": draft,
        "old": old,
    }


def status(allocation):
    return Allocation.objects.get(pk=allocation.pk).status


def test_the_schedule_runs_each_job_at_its_time_and_never_twice(season):
    # The worker's first look: every job runs once for its latest due time (the daily ones
    # catch up on this morning's 02:00 and 08:00).
    assert ran(at(6, 15, 58)) == [
        "stalled-tasks",
        "call-status",
        "exhibition-invitations",
        "reminders",
        "retention",
    ]
    assert Programme.objects.get(pk=season["call"].pk).status == ProgrammeStatus.OPEN
    assert status(season["siti"]) == "invited"
    assert Message.objects.filter(source=f"reminder:exhibition:{season['siti'].pk}").count() == 1
    season["old"].refresh_from_db()
    assert season["old"].owner_name == "[erased]"
    runs = dict(ScheduledJob.objects.values_list("name", "started_at"))

    # Asked again at the same moment (a second worker, a restart): nothing runs twice.
    assert ran(at(6, 15, 58)) == []
    assert dict(ScheduledJob.objects.values_list("name", "started_at")) == runs

    # 16:00: the call's registration has closed; the system closes it, the draft stays a draft.
    assert ran(at(6, 16, 0)) == ["stalled-tasks", "call-status", "exhibition-invitations"]
    assert Programme.objects.get(pk=season["call"].pk).status == ProgrammeStatus.CLOSED
    assert Programme.objects.get(pk=season["draft"].pk).status == ProgrammeStatus.DRAFT
    closed = AuditEvent.objects.get(action="programme.closed", object_id=str(season["call"].pk))
    assert (closed.actor, closed.actor_label, closed.changes) == (
        None,
        "system",
        {"status": ["open", "closed"]},
    )
    assert ran(at(6, 16, 4)) == []

    # Just before midnight Siti still may answer; just after, her place goes to Budi.
    assert ran(at(6, 23, 55)) == ["stalled-tasks", "call-status", "exhibition-invitations"]
    assert status(season["siti"]) == "invited"
    assert ran(at(7, 0, 0, 30)) == ["stalled-tasks", "call-status", "exhibition-invitations"]
    assert (status(season["siti"]), status(season["budi"])) == ("expired", "invited")
    assert AuditEvent.objects.filter(action="exhibition.expired").count() == 1

    # Retention at 02:00, reminders at 08:00, each once that day.
    assert "retention" not in ran(at(7, 1, 59))
    assert ran(at(7, 2, 0)) == [
        "stalled-tasks",
        "call-status",
        "exhibition-invitations",
        "retention",
    ]
    assert "reminders" not in ran(at(7, 7, 59))
    assert ran(at(7, 8, 0)) == [
        "stalled-tasks",
        "call-status",
        "exhibition-invitations",
        "reminders",
    ]
    assert ran(at(7, 8, 1)) == []
    assert ScheduledJob.objects.get(name="retention").result == {"anonymised": 0}


def test_a_daily_job_missed_past_its_window_waits_for_the_next_day(db):
    reminders = next(job for job in JOBS if job.name == "reminders")
    assert reminders.due_at(at(7, 17, 59)) == at(7, 8)
    assert reminders.due_at(at(7, 18, 0)) is None  # not at night: tomorrow at 08:00
    assert reminders.due_at(at(8, 7, 0)) is None
    assert [r.job.name for r in run_due(now=at(7, 19), jobs=[reminders])] == []
    assert not ScheduledJob.objects.filter(name="reminders", last_due_at__isnull=False).exists()


def broken(*, now):
    raise RuntimeError("the job's own failure")


def counted(*, now):
    return {"at": now.isoformat()}


def test_a_failing_job_is_recorded_and_the_others_still_run(db):
    jobs = [
        Job("broken", "tests.worker.test_schedule.broken", every=dt.timedelta(minutes=5)),
        Job("counted", "tests.worker.test_schedule.counted", every=dt.timedelta(minutes=5)),
    ]
    runs = run_due(now=at(7, 10, 2), jobs=jobs)
    assert [(r.job.name, r.succeeded) for r in runs] == [("broken", False), ("counted", True)]
    failed = ScheduledJob.objects.get(name="broken")
    assert (failed.succeeded, failed.error, failed.last_due_at) == (
        False,
        "RuntimeError",
        at(7, 10),
    )
    assert ScheduledJob.objects.get(name="counted").result == {"at": at(7, 10, 2).isoformat()}
    # Tried again at its next due time, not before.
    assert run_due(now=at(7, 10, 4), jobs=jobs) == []
    assert [r.job.name for r in run_due(now=at(7, 10, 5), jobs=jobs)] == ["broken", "counted"]


def test_a_job_must_say_when(db):
    with pytest.raises(ValueError, match="interval or a time of day"):
        Job("never", "tests.worker.test_schedule.counted")
    with pytest.raises(ValueError, match="divide a day"):
        Job("odd", "tests.worker.test_schedule.counted", every=dt.timedelta(minutes=7))


def worker(*args):
    out = StringIO()
    call_command("worker", *args, stdout=out)
    return out.getvalue()


def test_worker_command_runs_one_iteration_at_a_given_time(season):
    output = worker("--once", "--now", "2030-10-06T16:00")
    assert "call-status (due 2030-10-06 16:00 WIB): done" in output
    assert "exhibition-invitations (due 2030-10-06 16:00 WIB): done [0, 0]" in output
    assert "retention (due 2030-10-06 02:00 WIB): done {'anonymised': 1}" in output
    assert Programme.objects.get(pk=season["call"].pk).status == ProgrammeStatus.CLOSED
    assert worker("--once", "--now", "2030-10-06T16:01") == ""
    listing = worker("--list")
    assert "call-status              every 5 minutes" in listing
    assert "reminders                daily at 08:00, until 18:00" in listing
    assert "last 2030-10-06 16:00 WIB: done" in listing


def test_worker_command_refuses_a_clock_without_once(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--once"):
        worker("--now", "2030-10-06T16:00")


@pytest.mark.django_db(transaction=True)
def test_worker_command_runs_queued_tasks_with_the_database_backend():
    from django_tasks_db.models import DBTaskResult

    from kurasi.exhibitions.invitations import expire_invitations

    backend = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    with override_settings(TASKS=backend):
        result = expire_invitations.enqueue()
        assert DBTaskResult.objects.get(pk=result.id).status == "READY"
        worker("--once", "--now", "2030-10-06T16:00")
        assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
