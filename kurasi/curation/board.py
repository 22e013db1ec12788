"""What the live board and the schedule pages show: each table's queue with every product's
state, read in a fixed number of queries however many products there are."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Assessment, AssessmentStatus, Assignment
from .models_day import CheckIn, Slot

STATE_LABELS = {
    "done": _("Done"),
    "current": _("Being assessed"),
    "arrived": _("Arrived, waiting"),
    "expected": _("Expected"),
    "no_show": _("No-show"),
}
NEXT_SHOWN = 4
DONE_SHOWN = 3


def _count(queryset):
    counted = queryset.values("application").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def session_slots(session):
    """The session's slots with product, business, check-in and scoring progress."""
    return (
        Slot.objects.filter(session=session)
        .select_related("table", "application__product__business", "application__check_in")
        .annotate(
            submitted=_count(
                Assessment.objects.filter(
                    application=OuterRef("application"), status=AssessmentStatus.SUBMITTED
                )
            ),
            assigned=_count(Assignment.objects.filter(application=OuterRef("application"))),
        )
        .order_by("starts_at", "table__position", "pk")
    )


def slot_state(slot, session, now):
    check_in = getattr(slot.application, "check_in", None)
    if slot.submitted and slot.submitted >= slot.assigned:
        return "done"
    if check_in and check_in.arrived_at:
        return "arrived"
    late = now > slot.starts_at + dt.timedelta(minutes=session.grace_minutes)
    if (check_in and check_in.no_show_at) or late:
        return "no_show"
    return "expected"


@dataclass
class TableQueue:
    table: object
    slots: list = field(default_factory=list)
    current: object = None
    upcoming: list = field(default_factory=list)
    finished: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    done: int = 0
    arrived: int = 0
    no_show: int = 0

    @property
    def total(self):
        return len(self.slots)

    @property
    def percent_done(self):
        return round(100 * self.done / self.total) if self.total else 0


def table_queues(session, now, slots=None):
    """Per table: its slots (each with .state), the product at the table now, the next ones."""
    queues = {t.pk: TableQueue(t) for t in session.tables.prefetch_related("curators")}
    for slot in slots if slots is not None else session_slots(session):
        slot.state = slot_state(slot, session, now)
        queue = queues[slot.table_id]
        queue.slots.append(slot)
        if slot.state == "done":
            queue.done += 1
            queue.finished.append(slot)
        elif slot.state == "no_show":
            queue.no_show += 1
            queue.absent.append(slot)
        elif slot.state == "arrived":
            queue.arrived += 1
            # The earliest arrived product not yet done is the one at the table.
            if queue.current is None:
                queue.current = slot
                slot.state = "current"
                queue.arrived -= 1
                continue
        if slot.state in ("arrived", "expected") and len(queue.upcoming) < NEXT_SHOWN:
            queue.upcoming.append(slot)
    for queue in queues.values():
        queue.finished = queue.finished[-DONE_SHOWN:][::-1]
        for slot in queue.slots:
            slot.state_label = STATE_LABELS[slot.state]
    return list(queues.values())


def walk_in_queue(session):
    """Walk-ins who arrived but found no free slot: they wait for a gap."""
    return (
        CheckIn.objects.for_programme(session.programme)
        .filter(is_walk_in=True, arrived_at__isnull=False)
        .exclude(application__slots__session=session)
        .select_related("application__product__business")
        .order_by("arrived_at")
    )


def current_break(session, now):
    """The session's break under way at `now` (shown on the board, which refreshes itself, so a
    break added during the day appears without a reload), or None."""
    local = timezone.localtime(now)
    if local.date() != session.date:
        return None
    moment = local.time()
    return next(
        (pause for pause in session.breaks.all() if pause.starts_at <= moment < pause.ends_at),
        None,
    )
