"""Background entry points for the retention rules: the worker's schedule runs `run_retention`
daily (kurasi/worker/schedule.py); `enforce_retention` is the same as a task to enqueue."""

from django.utils import timezone
from django_tasks import task

from .retention import due_for_erasure
from .services import erase_for_retention


def run_retention(*, now):
    """Anonymise everyone the retention rules say is due on `now`'s day (Jakarta's calendar).

    Side effects: as `erase_for_retention`, person by person (each in its own transaction).
    """
    due = due_for_erasure(today=timezone.localdate(now))
    for person in due:
        erase_for_retention(user=person.user, businesses=person.businesses)
    return {"anonymised": len(due)}


@task()
def enforce_retention():
    return run_retention(now=timezone.now())
