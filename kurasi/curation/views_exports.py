"""Exports of the curation staff lists: a programme's results (ranking, flags, proposals and
decisions) with the page's group and status filters, and the curator assignments.

Curators' names appear as on the pages (staff see who scored what); producers' contact data and
NIK do not.
"""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kurasi.lib import exports
from kurasi.lib.numbers import number
from kurasi.lib.tabular import DATE, NUMBER, Column, Table

from .access_day import ADMIN, DESK, get_session_for_staff
from .access_day import get_programme_for_staff as get_programme_by_id
from .board import session_slots, table_queues
from .results import filter_rows
from .results_cache import cached_results
from .views_assignment import assigned_applications
from .views_results import READ_ROLES, _filters, _status_choices, get_programme_for_staff


def _yes(value):
    return _("yes") if value else ""


def _curator_scores(row):
    return "; ".join(
        f"{s.name}: {number(s.raw, 1)} → {number(s.calibrated, 1)}" for s in row.scores
    )


def _flags(row):
    flags = [_("Veto: %(criterion)s") % {"criterion": v.criterion} for v in row.vetoes]
    flags += [
        _("No %(permit)s") % {"permit": f.name} for f in row.legality if f.is_gate and not f.held
    ]
    if row.appeal_open:
        flags.append(_("Appeal waiting"))
    return "; ".join(flags)


def _decided(row):
    return str(row.decision.outcome_label) if row.decision else ""


def _proposed(row):
    if row.absent:
        return _("Absent")
    return row.proposed_band.label if row.proposed_band else ""


def _round(attribute):
    def read(row):
        value = getattr(row, attribute)
        return None if value is None else round(value, 2)

    return read


RESULT_COLUMNS = [
    Column("group", gettext_lazy("Product group"), lambda r: r.application.product.group.name),
    Column("rank", "#", type=NUMBER),
    Column("product", gettext_lazy("Product"), lambda r: r.application.product.name),
    Column("business", gettext_lazy("Business"), lambda r: r.application.product.business.name),
    Column("final_score", gettext_lazy("Final score"), _round("deciding_score"), NUMBER),
    Column("mean", gettext_lazy("Raw mean"), _round("mean"), NUMBER),
    Column("scores", gettext_lazy("Curators (raw → calibrated)"), _curator_scores),
    Column("absent", gettext_lazy("Absent"), lambda r: _yes(r.absent)),
    Column("pending", gettext_lazy("Still scoring"), type=NUMBER),
    Column("median", gettext_lazy("Median"), _round("median"), NUMBER),
    Column("calibrated", gettext_lazy("Calibrated mean"), _round("calibrated_mean"), NUMBER),
    Column("spread", gettext_lazy("Spread"), _round("spread"), NUMBER),
    Column("disagreement", gettext_lazy("Curators disagree"), lambda r: _yes(r.disagreement)),
    Column("flags", gettext_lazy("Flags"), _flags),
    Column("proposed", gettext_lazy("Proposed"), _proposed),
    Column("capped", gettext_lazy("Veto or legality gate"), lambda r: _yes(r.capped)),
    Column("decided", gettext_lazy("Decided"), _decided),
    Column(
        "letter",
        gettext_lazy("Letter"),
        lambda r: r.decision.letter_number if r.decision else "",
    ),
]


def _applied_result_filters(computed, filters):
    applied = []
    if filters["group"]:
        names = {g.pk: g.name for g, _rows in computed.groups()}
        group = filters["group"]
        applied.append(
            exports.Applied("group", _("Product group"), str(group), names.get(group, str(group)))
        )
    if filters["status"]:
        shown = dict(_status_choices())[filters["status"]]
        applied.append(exports.Applied("status", _("Status"), filters["status"], shown))
    return applied


@login_required
@require_GET
def results_export(request, slug, programme_slug, fmt):
    membership, programme = get_programme_for_staff(request.user, slug, programme_slug, *READ_ROLES)
    computed = cached_results(programme)
    filters = _filters(request.GET)
    rows = filter_rows(computed, group_id=filters["group"], status=filters["status"])
    return exports.export_list(
        request,
        organisation=membership.organisation,
        list_name=f"results-{programme.slug}",
        title=_("Results: %(programme)s") % {"programme": programme.title},
        table=Table(RESULT_COLUMNS, rows),
        fmt=fmt,
        applied=_applied_result_filters(computed, filters),
        obj=programme,
    )


ASSIGNMENT_COLUMNS = [
    Column("product", gettext_lazy("Product"), lambda a: a.product.name),
    Column("group", gettext_lazy("Product group"), lambda a: a.product.group.name),
    Column("business", gettext_lazy("Business"), lambda a: a.product.business.name),
    Column(
        "curators",
        gettext_lazy("Curators"),
        lambda a: ", ".join(p.curator.get_full_name() for p in a.pairs),
    ),
    Column("count", gettext_lazy("Number of curators"), lambda a: len(a.pairs), NUMBER),
]


@login_required
@require_GET
def assignments_export(request, slug, programme_id, fmt):
    membership, programme = get_programme_by_id(request.user, slug, programme_id, ADMIN)
    return exports.export_list(
        request,
        organisation=membership.organisation,
        list_name=f"assignments-{programme.slug}",
        title=_("Curator assignments: %(programme)s") % {"programme": programme.title},
        table=Table(ASSIGNMENT_COLUMNS, assigned_applications(programme)),
        fmt=fmt,
        applied=[],
        obj=programme,
    )


def _check_in_time(attribute):
    def read(slot):
        check_in = getattr(slot.application, "check_in", None)
        return getattr(check_in, attribute, None) if check_in else None

    return read


SCHEDULE_COLUMNS = [
    Column("starts_at", gettext_lazy("Time"), type=DATE),
    Column("table", gettext_lazy("Table"), lambda s: s.table.name),
    Column("product", gettext_lazy("Product"), lambda s: s.application.product.name),
    Column("business", gettext_lazy("Business"), lambda s: s.application.product.business.name),
    Column("state", gettext_lazy("Status"), lambda s: s.state_label),
    Column("arrived_at", gettext_lazy("Arrived at"), _check_in_time("arrived_at"), DATE),
    Column("submitted", gettext_lazy("Assessments submitted"), type=NUMBER),
    Column("assigned", gettext_lazy("Curators assigned"), type=NUMBER),
]


@login_required
@require_GET
def schedule_export(request, slug, programme_id, session_id, fmt):
    """A session's schedule with each product's check-in and scoring state, as on the board."""
    membership, session = get_session_for_staff(request.user, slug, programme_id, session_id, DESK)
    slots = list(session_slots(session))
    table_queues(session, timezone.now(), slots=slots)  # sets each slot's state label
    return exports.export_list(
        request,
        organisation=membership.organisation,
        list_name=f"schedule-{session.programme.slug}-{session.pk}",
        title=_("Schedule and check-in: %(session)s") % {"session": session},
        table=Table(SCHEDULE_COLUMNS, slots),
        fmt=fmt,
        applied=[],
        obj=session,
    )
