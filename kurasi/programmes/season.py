"""A call's status kept in step with its dates by the worker's schedule (kurasi/worker/schedule.py).

An open call whose registration has closed becomes closed, so its page and the office's lists no
longer say "open" after the closing time. Only that one move is automatic: a draft never opens by
itself (publishing a call is the office's decision, made when its text and dates are checked;
until it is published, nobody can register), and closing never finishes a programme (the curation
day and the decisions come after). An open call whose opening time has not come yet stays open
(published, taking registrations from that time).
"""

from django.db import transaction
from django.db.models import F

from kurasi.audit.services import record_event

from .models import Programme, ProgrammeStatus


@transaction.atomic
def close_calls(*, now):
    """Close every open call whose registration closed at or before `now`. Returns how many.

    Side effects: each programme's status (its revision moves on, so an edit form opened before
    shows the change instead of reopening the call unseen); an audit event by the system.
    """
    due = list(
        Programme.objects.select_for_update()
        .filter(status=ProgrammeStatus.OPEN, registration_closes_at__lte=now)
        .select_related("organisation")
        .order_by("pk")
    )
    for programme in due:
        Programme.objects.filter(pk=programme.pk).update(
            status=ProgrammeStatus.CLOSED, revision=F("revision") + 1
        )
        record_event(
            actor=None,
            action="programme.closed",
            obj=programme,
            organisation=programme.organisation,
            changes={"status": [ProgrammeStatus.OPEN, ProgrammeStatus.CLOSED]},
        )
    return len(due)
