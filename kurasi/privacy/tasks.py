"""Background entry point for the retention rules, for a scheduler that enqueues tasks."""

from django_tasks import task

from .retention import due_for_erasure
from .services import erase_for_retention


@task()
def enforce_retention():
    due = due_for_erasure()
    for person in due:
        erase_for_retention(user=person.user, businesses=person.businesses)
    return {"anonymised": len(due)}
