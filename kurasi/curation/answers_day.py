"""Reading slot answers: beside each slot of the schedule, beside a product that cannot come,
and on the producer's own page (their upcoming slots), in a fixed number of queries."""

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from .models_answers import SlotAnswer
from .models_day import Slot


def with_answers(session, queues, unscheduled):
    """Set `slot.answer` on every slot of `queues` (None when not answered for its current
    time) and `application.declined` on each unscheduled application that cannot come.
    Returns the unscheduled applications as a list. One query."""
    answers = {
        a.application_id: a
        for a in SlotAnswer.objects.filter(session=session).select_related("answer_recorded_by")
    }
    for queue in queues:
        for slot in queue.slots:
            answer = answers.get(slot.application_id)
            slot.answer = answer if answer and answer.slot_starts_at == slot.starts_at else None
    unscheduled = list(unscheduled)
    for application in unscheduled:
        answer = answers.get(application.pk)
        application.declined = answer if answer and not answer.will_come else None
    return unscheduled


def with_day_slots(applications):
    """`applications` with `day_slots` (their slots in sessions not yet begun, soonest first,
    each with `answer_will_come`: True, or None when not answered for that time) and
    `day_declines` (answers "cannot come" to such sessions, no new slot given since)."""
    today = timezone.localdate()
    answered = SlotAnswer.objects.filter(
        session=OuterRef("session"),
        application=OuterRef("application"),
        slot_starts_at=OuterRef("starts_at"),
        will_come=True,
    )
    slots = (
        Slot.objects.filter(session__date__gte=today)
        .select_related("session", "table")
        .annotate(answer_will_come=Exists(answered))
        .order_by("starts_at")
    )
    rescheduled = Slot.objects.filter(
        session=OuterRef("session"), application=OuterRef("application")
    )
    declines = (
        SlotAnswer.objects.filter(session__date__gte=today, will_come=False)
        .exclude(Exists(rescheduled))
        .select_related("session")
    )
    return applications.prefetch_related(
        Prefetch("slots", queryset=slots, to_attr="day_slots"),
        Prefetch("slot_answers", queryset=declines, to_attr="day_declines"),
    )
