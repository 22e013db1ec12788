"""The ledger of what background tasks did outside the database (see the package docstring)."""

from .models import TaskEffect


def already_done(key: str) -> bool:
    return TaskEffect.objects.filter(key=key).exists()


def record_done(key: str) -> None:
    # ignore_conflicts: two runs racing to record the same effect leave one row, no error.
    TaskEffect.objects.bulk_create([TaskEffect(key=key)], ignore_conflicts=True)
