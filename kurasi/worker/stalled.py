"""Tasks a killed worker left marked running: back to the queue once, then failed."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("kurasi.worker")

LOST = "kurasi.worker.WorkerLost"
LOST_TWICE = (
    "The worker running this task stopped before it finished, twice (killed or lost). "
    "It is not tried a third time: look at the task, then enqueue it again if it should run.\n"
)


@transaction.atomic
def requeue_stalled(*, older_than: timedelta, now=None) -> tuple[int, int]:
    """Tasks running for longer than `older_than`: a task whose worker died is never finished by
    anyone. Each goes back to the queue once (the next worker runs it again; tasks are
    idempotent); one whose second try also stalled is marked failed. Returns (requeued, failed).

    `older_than` must be longer than any task's honest run time, or a task still running would
    be started a second time beside itself.
    """
    now = now or timezone.now()
    stalled = list(
        DBTaskResult.objects.running()
        .filter(started_at__lt=now - older_than)
        .select_for_update(skip_locked=True)
    )
    requeued = failed = 0
    for result in stalled:
        # A worker id is added each time a worker claims the task: one per try.
        if len(result.worker_ids) < 2:
            result.status = TaskResultStatus.READY
            result.save(update_fields=["status"])
            requeued += 1
            logger.warning("Task %s (%s) stalled; queued again", result.pk, result.task_path)
        else:
            result.status = TaskResultStatus.FAILED
            result.finished_at = now
            result.exception_class_path = LOST
            result.traceback = LOST_TWICE
            result.save(
                update_fields=["status", "finished_at", "exception_class_path", "traceback"]
            )
            failed += 1
            logger.warning("Task %s (%s) stalled twice; marked failed", result.pk, result.task_path)
    return requeued, failed


# Longer than any task's honest run time (a large import takes a few minutes).
STALLED_AFTER = timedelta(minutes=30)


def requeue_stalled_tasks(*, now):
    """The schedule's entry point (schedule.py): requeue tasks stalled for `STALLED_AFTER`."""
    requeued, failed = requeue_stalled(older_than=STALLED_AFTER, now=now)
    return {"requeued": requeued, "failed": failed}
