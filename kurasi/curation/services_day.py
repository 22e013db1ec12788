"""The curation day's workflows: sessions and tables, the schedule, and the check-in desk.

Every function here is atomic, takes the acting person, and writes an audit event; none writes a
phone number or NIK into the audit trail.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.accounts.models import Role
from kurasi.audit.services import record_event
from kurasi.lib.concurrency import claim_revision
from kurasi.lib.times import time_of
from kurasi.programmes.models import Application, ApplicationStatus, Programme

from .models import Assignment, CuratorCoverage
from .models_day import CheckIn, CurationSession, Slot, Table
from .models_decisions import Decision
from .services_answers import declined_in
from .setup_checks import require_rubrics

# Only applications the office has checked are put on the schedule.
SCHEDULED_STATUSES = [ApplicationStatus.VERIFIED]
SESSION_FIELDS = ["date", "place", "starts_at", "ends_at", "slot_minutes", "grace_minutes"]


def _event(actor, action, obj, programme, **extra):
    record_event(actor=actor, action=action, obj=obj, organisation=programme.organisation, **extra)


@transaction.atomic
def save_session(*, actor, programme, values: dict, session=None):
    """Create a session of `programme`, or change `session`, from validated `values`.

    Side effects: the CurationSession row; an audit event with what changed. Slots already
    scheduled keep their times even when the hours change (the admin moves them if needed).
    A change claims `values["revision"]` (the one the editor started from; none: as read):
    StaleEdit, nothing written, when someone else saved the session since.
    """
    created = session is None
    if not created:
        claim_revision(session, values.get("revision"))
    session = session or CurationSession(programme=programme)
    changes = {}
    for name in SESSION_FIELDS:
        before = None if created else getattr(session, name)
        if before != values[name]:
            changes[name] = [str(before) if before is not None else None, str(values[name])]
        setattr(session, name, values[name])
    session.save()
    _event(
        actor,
        "session.created" if created else "session.changed",
        session,
        programme,
        changes=changes,
    )
    return session


def office_curators(organisation):
    from kurasi.accounts.models import User

    return User.objects.filter(
        memberships__organisation=organisation, memberships__role=Role.CURATOR, is_active=True
    ).order_by("full_name", "pk")


@transaction.atomic
def save_table(*, actor, session, name, curators, table=None, revision=None):
    """Create or change a table of `session` with its curators.

    A change claims `revision` (the one the editor started from; none: as read): StaleEdit,
    nothing written, when someone else saved the table since.

    Refused (ValidationError) for a name already used in the session, a person who is not a
    curator of the office, or a curator already sitting at another table of the same session.
    Side effects: the Table and its curators; an audit event.
    """
    programme = session.programme
    allowed = set(office_curators(programme.organisation).values_list("pk", flat=True))
    curators = list(curators)
    if any(c.pk not in allowed for c in curators):
        raise ValidationError(_("Only curators of this office can sit at a table."))
    elsewhere = (
        Table.curators.through.objects.filter(
            table__session=session, user_id__in=[c.pk for c in curators]
        )
        .exclude(table=table)
        .select_related("user", "table")
    )
    if elsewhere:
        row = elsewhere[0]
        raise ValidationError(
            _("%(curator)s already sits at %(table)s in this session.")
            % {"curator": row.user, "table": row.table}
        )
    created = table is None
    if not created:
        claim_revision(table, revision)
    table = table or Table(session=session, position=session.tables.count())
    before = [] if created else sorted(str(c) for c in table.curators.all())
    table.name = name.strip()
    try:
        with transaction.atomic():
            table.save()
    except IntegrityError:
        raise ValidationError(
            _("This session already has a table called %(name)s.") % {"name": name}
        ) from None
    table.curators.set(curators)
    _event(
        actor,
        "table.created" if created else "table.changed",
        table,
        programme,
        changes={"curators": [before, sorted(str(c) for c in curators)]},
    )
    return table


@transaction.atomic
def delete_table(*, actor, table):
    """Remove a table. Its products leave the schedule (they can be scheduled again).

    Side effects: deletes the Table and its slots; an audit event with how many slots went.
    """
    programme = table.session.programme
    slots = table.slots.count()
    _event(actor, "table.deleted", table, programme, changes={"slots": [slots, 0]})
    table.delete()


# --- the schedule -------------------------------------------------------------------------------


@dataclass
class TableInfo:
    table: Table
    curator_ids: set
    groups: dict  # product group id → how many of the table's curators cover it
    free: list  # free slot times, in order


@dataclass
class ScheduleResult:
    placed: list = field(default_factory=list)  # slots made
    unplaced: list = field(default_factory=list)  # (application, reason)


def table_infos(session):
    """Each table of the session with its curators, the groups they cover and its free slots."""
    tables = list(session.tables.prefetch_related("curators"))
    coverage = {}
    for curator_id, group_id in CuratorCoverage.objects.filter(
        organisation=session.programme.organisation
    ).values_list("curator_id", "product_group_id"):
        coverage.setdefault(curator_id, set()).add(group_id)
    taken = {}
    for table_id, starts_at in Slot.objects.filter(session=session).values_list(
        "table_id", "starts_at"
    ):
        taken.setdefault(table_id, set()).add(starts_at)
    times = session.slot_times()
    infos = []
    for table in tables:
        ids = {c.pk for c in table.curators.all()}
        groups = {}
        for curator_id in ids:
            for group_id in coverage.get(curator_id, ()):
                groups[group_id] = groups.get(group_id, 0) + 1
        free = [t for t in times if t not in taken.get(table.pk, set())]
        infos.append(TableInfo(table, ids, groups, free))
    return infos


def suitable_tables(application, assigned: set, infos):
    """The tables that may assess `application`, best first, or ([], reason) when none.

    With assignments: tables where all its assigned curators sit, else where most of them sit.
    Without: tables where at least one curator covers its product group, most covering first.
    """
    if assigned:
        overlap = [(len(assigned & i.curator_ids), i) for i in infos]
        best = max((n for n, _ in overlap), default=0)
        if best:
            return [i for n, i in overlap if n == best], ""
    group_id = application.product.group_id
    covering = sorted(
        (i for i in infos if i.groups.get(group_id)), key=lambda i: -i.groups[group_id]
    )
    if covering:
        return covering, ""
    return [], _("No table has a curator for %(group)s.") % {"group": application.product.group}


def earliest_free(infos, not_before=None):
    """(time, table info) of the earliest free slot among `infos`, or None."""
    best = None
    for info in infos:
        time = next((t for t in info.free if not_before is None or t >= not_before), None)
        if time is not None and (best is None or time < best[0]):
            best = (time, info)
    return best


def applications_to_schedule(session):
    already = Slot.objects.filter(session__programme=session.programme).values("application_id")
    return (
        Application.objects.for_programme(session.programme)
        .filter(status__in=SCHEDULED_STATUSES)
        .exclude(pk__in=already)
        .select_related("product__business", "product__group")
        .order_by("product__group__position", "product__business__name", "product__name", "pk")
    )


@transaction.atomic
def schedule_automatically(*, actor, session):
    """Put every verified, unscheduled application of the programme into a free slot.

    Each goes to the earliest free slot of a suitable table (see `suitable_tables`); a producer's
    second product follows the first at the same table when it can. Slots already made stay.
    Side effects: Slot rows; one audit event on the session. Returns a ScheduleResult.
    Refused (MissingRubrics, naming them) while a product group with applications has no rubric,
    and slot times never fall in one of the session's breaks.
    """
    require_rubrics(session.programme)
    infos = table_infos(session)
    # Those who said they cannot come to this session are given another time by hand.
    applications = list(applications_to_schedule(session).exclude(pk__in=declined_in(session)))
    assigned = {}
    for application_id, curator_id in Assignment.objects.filter(
        application__in=applications
    ).values_list("application_id", "curator_id"):
        assigned.setdefault(application_id, set()).add(curator_id)
    result, previous = ScheduleResult(), None
    for application in applications:
        candidates, reason = suitable_tables(
            application, assigned.get(application.pk, set()), infos
        )
        choice = None
        if (
            previous
            and previous[0] == application.product.business_id
            and previous[2] in candidates
        ):
            choice = earliest_free([previous[2]], not_before=previous[1])
        choice = choice or earliest_free(candidates)
        if choice is None:
            result.unplaced.append((application, reason or _("Every suitable table is full.")))
            continue
        time, info = choice
        info.free.remove(time)
        result.placed.append(
            Slot(session=session, table=info.table, application=application, starts_at=time)
        )
        previous = (application.product.business_id, time, info)
    Slot.objects.bulk_create(result.placed)
    _event(
        actor,
        "schedule.filled",
        session,
        session.programme,
        changes={"placed": [0, len(result.placed)], "unplaced": [0, len(result.unplaced)]},
    )
    return result


def _check_slot_time(session, starts_at):
    if starts_at not in session.slot_times():
        moment = timezone.localtime(starts_at).time()
        pause = next((b for b in session.breaks.all() if b.starts_at <= moment < b.ends_at), None)
        if pause is not None:
            raise ValidationError(
                _("%(time)s is during a break (%(break)s).")
                % {"time": time_of(starts_at), "break": pause}
            )
        raise ValidationError(_("Choose one of the session's slot times."))


@transaction.atomic
def place_application(*, actor, session, application, table, starts_at):
    """Schedule `application` at `table` and `starts_at`, or move it there.

    Refused (ValidationError) for a time outside the session's slots (a break included) or one
    already taken, and (MissingRubrics) while a product group with applications has no rubric.
    Side effects: the Slot row; an audit event with the old and new place.
    """
    if table.session_id != session.pk or application.programme_id != session.programme_id:
        raise ValidationError(_("That table or product is not part of this session."))
    require_rubrics(session.programme)
    _check_slot_time(session, starts_at)
    taken = Slot.objects.filter(table=table, starts_at=starts_at).exclude(application=application)
    if taken.exists():
        raise ValidationError(
            _("%(time)s at %(table)s is already taken by %(product)s.")
            % {
                "time": time_of(starts_at),
                "table": table,
                "product": taken.select_related("application__product").get().application.product,
            }
        )
    slot = Slot.objects.filter(session=session, application=application).first()
    before = str(slot) if slot else None
    slot = slot or Slot(session=session, application=application)
    slot.table, slot.starts_at = table, starts_at
    slot.save()
    _event(actor, "schedule.placed", slot, session.programme, changes={"slot": [before, str(slot)]})
    return slot


@transaction.atomic
def unschedule(*, actor, slot):
    """Take an application off the schedule, unless its producer has come (the slot is then the
    record of when the product was at the table). Side effects: deletes the Slot; an audit
    event. Raises ValidationError when the producer has checked in."""
    if CheckIn.objects.filter(application=slot.application_id, arrived_at__isnull=False).exists():
        raise ValidationError(
            _("This producer has already come: the product stays on the schedule.")
        )
    _event(
        actor, "schedule.removed", slot, slot.session.programme, changes={"slot": [str(slot), None]}
    )
    slot.delete()


# --- the check-in desk --------------------------------------------------------------------------


def sample_prefix(programme: Programme) -> str:
    return f"K{programme.year % 100:02d}-"


def next_sample_code(programme: Programme) -> str:
    """The next free code of the programme: K17-001, K17-002, …"""
    prefix = sample_prefix(programme)
    numbers = [
        int(match.group(1))
        for code in CheckIn.objects.for_programme(programme)
        .filter(sample_code__startswith=prefix)
        .values_list("sample_code", flat=True)
        if (match := re.fullmatch(re.escape(prefix) + r"(\d+)", code))
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _locked_check_in(application):
    # Locking the programme row serialises sample numbering across desks.
    Programme.objects.select_for_update().get(pk=application.programme_id)
    check_in, _created = CheckIn.objects.select_for_update().get_or_create(
        application=application, defaults={"programme_id": application.programme_id}
    )
    return check_in


def _give_sample_code(check_in, programme, now):
    if not check_in.sample_code:
        check_in.sample_code = next_sample_code(programme)
        check_in.sample_recorded_at = now


@transaction.atomic
def check_in(*, actor, application, with_sample=True, now=None):
    """Mark the producer of `application` as arrived (again harmless), with a sample code.

    A producer marked absent who turns up late is checked in and the absence cleared everywhere:
    the product is back in its curators' queues (their assignments and anything typed were
    kept), in the results as a product to score, and an "absent" decision not yet sent in a
    letter is withdrawn (one in a letter stays until the office decides again, with a reason).
    Side effects: the CheckIn row (arrival time, who checked in, sample code); an audit event;
    possibly a withdrawn Decision with its own audit event.
    """
    now = now or timezone.now()
    record = _locked_check_in(application)
    before = {
        "arrived_at": record.arrived_at,
        "sample_code": record.sample_code,
        "no_show_at": record.no_show_at,
    }
    if record.arrived_at is None:
        record.arrived_at, record.checked_in_by, record.no_show_at = now, actor, None
    if with_sample:
        _give_sample_code(record, application.programme, now)
    record.save()
    changes = {
        "arrived_at": [str(before["arrived_at"] or ""), str(record.arrived_at)],
        "sample_code": [before["sample_code"], record.sample_code],
    }
    if before["no_show_at"] is not None:
        changes["no_show_at"] = [str(before["no_show_at"]), ""]
        _withdraw_absent_decision(actor, application)
    _event(actor, "check_in.arrived", record, application.programme, changes=changes)
    return record


def _withdraw_absent_decision(actor, application):
    decision = Decision.objects.filter(
        application=application, absent=True, letter_issued_at__isnull=True
    ).first()
    if decision is not None:
        _event(
            actor,
            "decision.withdrawn",
            decision,
            application.programme,
            changes={"band": ["absent", None]},
        )
        decision.delete()


@transaction.atomic
def record_sample(*, actor, application, now=None):
    """Give an arrived producer's sample its code (once). Side effects: CheckIn; audit event."""
    now = now or timezone.now()
    record = _locked_check_in(application)
    if record.arrived_at is None:
        raise ValidationError(_("Mark the producer as arrived first."))
    if not record.sample_code:
        _give_sample_code(record, application.programme, now)
        record.save()
        _event(
            actor,
            "check_in.sample",
            record,
            application.programme,
            changes={"sample_code": ["", record.sample_code]},
        )
    return record


@transaction.atomic
def mark_no_show(*, actor, application, now=None):
    """Record that the producer did not come. Refused once they have arrived.

    Side effects: CheckIn.no_show_at; an audit event.
    """
    now = now or timezone.now()
    record = _locked_check_in(application)
    if record.arrived_at is not None:
        raise ValidationError(_("This producer has already arrived."))
    if record.no_show_at is None:
        record.no_show_at = now
        record.save()
        _event(actor, "check_in.no_show", record, application.programme)
    return record


def first_slot_time(session, now):
    """Walk-ins are placed from the next slot on the day itself, from the opening before it."""
    return max(session.start, now) if timezone.localdate(now) == session.date else session.start


@transaction.atomic
def walk_in(*, actor, session, application, now=None):
    """Check in a producer who came without a slot, and place them in the earliest free slot
    of a suitable table from now on; with none free, they wait in the walk-in queue (no slot).

    Side effects: a Slot (when one is free); the CheckIn marked as walk-in, arrived, with a
    sample code; audit events. Returns (check_in, slot or None).
    """
    now = now or timezone.now()
    if application.programme_id != session.programme_id:
        raise ValidationError(_("That product is not part of this session."))
    slot = Slot.objects.filter(
        session__programme=session.programme, application=application
    ).first()
    if slot is None:
        infos = table_infos(session)
        assigned = set(application.assignments.values_list("curator_id", flat=True))
        candidates, _reason = suitable_tables(application, assigned, infos)
        choice = earliest_free(candidates, not_before=first_slot_time(session, now))
        if choice is not None:
            slot = Slot.objects.create(
                session=session, table=choice[1].table, application=application, starts_at=choice[0]
            )
            _event(actor, "schedule.walk_in", slot, session.programme)
    record = check_in(actor=actor, application=application, now=now)
    if not record.is_walk_in:
        record.is_walk_in = True
        record.save(update_fields=["is_walk_in", "updated_at"])
    return record, slot
