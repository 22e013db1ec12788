"""The curator's day: her assignments per programme in the order of the schedule.

A programme's queue lists the products still to score in slot order (slot time, table, then the
sample code the check-in desk wrote on the label, then product group), unscheduled ones after;
submitted and absent products are folded apart. Programmes whose work is over (finished, or
their day has passed with every product submitted) are kept out of the day's list.

Three queries whatever the number of assignments: a summary per programme, the programmes, and
the rows of the programmes shown.
"""

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import NullIf
from django.utils import timezone

from kurasi.programmes.models import Programme, ProgrammeStatus

from .models import Assessment, AssessmentStatus, Assignment
from .models_day import Slot


@dataclass
class ProgrammeQueue:
    programme: object
    total: int  # products this curator is to score (absent ones not counted)
    scored: int
    to_score: list = field(default_factory=list)
    submitted: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    is_past: bool = False


def _slot(column):
    return Subquery(
        Slot.objects.filter(application=OuterRef("application"))
        .order_by("starts_at", "id")
        .values(column)[:1]
    )


def _mine(user):
    return Assessment.objects.filter(application=OuterRef("application"), curator=user)


ROW_FIELDS = [
    "id",
    "application_id",
    "programme_id",
    "product_name",
    "business_name",
    "group_name",
    "my_status",
    "slot_at",
    "table_name",
    "sample_code",
    "absent_since",
]


def ordered_assignments(user, organisation):
    """The curator's assignments in the office as rows (named tuples of ROW_FIELDS: a queue of
    thousands is read in milliseconds, not built into model instances), in the order she works
    through them per programme."""
    return (
        Assignment.objects.for_curator(user)
        .filter(application__programme__organisation=organisation)
        .annotate(
            programme_id=F("application__programme_id"),
            product_name=F("application__product__name"),
            business_name=F("application__product__business__name"),
            group_name=F("application__product__group__name"),
            my_status=Subquery(_mine(user).values("status")[:1]),
            slot_at=_slot("starts_at"),
            table_name=_slot("table__name"),
            table_position=_slot("table__position"),
            sample_code=NullIf(F("application__check_in__sample_code"), Value("")),
            absent_since=F("application__check_in__no_show_at"),
        )
        .order_by(
            "application__programme_id",
            F("slot_at").asc(nulls_last=True),
            F("table_position").asc(nulls_last=True),
            "table_name",
            F("sample_code").asc(nulls_last=True),
            "application__product__group__position",
            "application__product__name",
            "id",
        )
        .values_list(*ROW_FIELDS, named=True)
    )


def _summaries(user, organisation):
    """{programme id: (assigned, submitted, absent)} for the curator's programmes."""
    rows = (
        Assignment.objects.for_curator(user)
        .filter(application__programme__organisation=organisation)
        .annotate(done=Exists(_mine(user).filter(status=AssessmentStatus.SUBMITTED)))
        .values("application__programme_id")
        .annotate(
            assigned=Count("id"),
            submitted=Count("id", filter=Q(done=True)),
            absent=Count(
                "id",
                filter=Q(application__check_in__no_show_at__isnull=False) & Q(done=False),
            ),
        )
        .order_by()
    )
    return {
        row["application__programme_id"]: (row["assigned"], row["submitted"], row["absent"])
        for row in rows
    }


def _is_past(programme, unsubmitted, today):
    """Finished, or its day is over and every assigned product is submitted. (A product whose
    producer did not come keeps the programme here until the office finishes it: it may still
    come back with a late check-in.)"""
    if programme.status == ProgrammeStatus.FINISHED:
        return True
    day = programme.last_session_day or programme.curation_date
    return unsubmitted == 0 and day is not None and day < today


def curator_day(user, organisation, *, only_programme=None, today=None):
    """(current programme queues, past programme queues). Current ones carry their rows; past
    ones only their counts, unless `only_programme` (an id) asks for one programme's rows."""
    today = today or timezone.localdate()
    summaries = _summaries(user, organisation)
    programmes = Programme.objects.filter(pk__in=summaries).annotate(
        last_session_day=Max("curation_sessions__date")
    )
    queues = {}
    for programme in programmes:
        assigned, submitted, absent = summaries[programme.pk]
        queues[programme.pk] = ProgrammeQueue(
            programme=programme,
            total=assigned - absent,
            scored=submitted,
            is_past=_is_past(programme, assigned - submitted, today),
        )
    if only_programme is not None:
        shown = [only_programme] if only_programme in queues else []
    else:
        shown = [pk for pk, queue in queues.items() if not queue.is_past]
    if shown:
        for assignment in ordered_assignments(user, organisation).filter(
            application__programme_id__in=shown
        ):
            queue = queues[assignment.programme_id]
            submitted = assignment.my_status == AssessmentStatus.SUBMITTED
            if assignment.absent_since is not None and not submitted:
                queue.absent.append(assignment)
            elif submitted:
                queue.submitted.append(assignment)
            else:
                queue.to_score.append(assignment)

    def soonest(queue):
        day = queue.programme.last_session_day or queue.programme.curation_date
        return (day is None, day, queue.programme.title)

    current = sorted((q for q in queues.values() if not q.is_past), key=soonest)
    past = sorted(
        (q for q in queues.values() if q.is_past),
        key=lambda q: (-q.programme.year, q.programme.title),
    )
    return current, past


def next_to_score(user, organisation, after):
    """The assignment the curator scores after `after`: the next unsubmitted product in its
    programme's order (wrapping round to ones she skipped), or None when nothing is left."""
    rows = list(
        ordered_assignments(user, organisation).filter(
            application__programme_id=after.application.programme_id
        )
    )
    waiting = [
        row
        for row in rows
        if row.id == after.pk
        or (row.my_status != AssessmentStatus.SUBMITTED and row.absent_since is None)
    ]
    ids = [row.id for row in waiting]
    if after.pk not in ids:
        return waiting[0] if waiting else None
    at = ids.index(after.pk)
    following = waiting[at + 1 :] + waiting[:at]
    return following[0] if following else None
