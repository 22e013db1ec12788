"""Breaks in a curation session (lunch, Dzuhur or Friday prayer): the schedule leaves them free."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.audit.services import record_event
from kurasi.lib.times import time_of

from .models_day import SessionBreak, Slot


def _hm(time):
    return time_of(time)


@transaction.atomic
def add_break(*, actor, session, starts_at, ends_at, label):
    """Add a break to `session`.

    Refused (ValidationError) when it does not end after it starts, lies outside the session's
    hours, or overlaps a product already scheduled (move that product first).
    Side effects: the SessionBreak row; an audit event.
    """
    if ends_at <= starts_at:
        raise ValidationError(_("The break must end after it starts."))
    if starts_at < session.starts_at or ends_at > session.ends_at:
        raise ValidationError(
            _("The break must lie within the session's hours, %(start)s–%(end)s.")
            % {"start": _hm(session.starts_at), "end": _hm(session.ends_at)}
        )
    pause = SessionBreak(session=session, starts_at=starts_at, ends_at=ends_at, label=label.strip())
    length = session.slot_minutes
    clashing = [
        slot
        for slot in Slot.objects.filter(session=session).select_related("application__product")
        if (begin := timezone.localtime(slot.starts_at)).time() < ends_at
        and starts_at < (begin + dt.timedelta(minutes=length)).time()
    ]
    if clashing:
        raise ValidationError(
            _("%(product)s is scheduled at %(time)s, during this break: move it first.")
            % {
                "product": clashing[0].application.product.name,
                "time": _hm(timezone.localtime(clashing[0].starts_at)),
            }
        )
    pause.save()
    record_event(
        actor=actor,
        action="session.break_added",
        obj=session,
        organisation=session.programme.organisation,
        changes={"break": [None, str(pause)]},
    )
    return pause


@transaction.atomic
def remove_break(*, actor, pause):
    """Remove a break: its time becomes free slots again. Side effects: deletes it; audit."""
    session = pause.session
    record_event(
        actor=actor,
        action="session.break_removed",
        obj=session,
        organisation=session.programme.organisation,
        changes={"break": [str(pause), None]},
    )
    pause.delete()
