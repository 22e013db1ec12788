"""Running the allocation and overriding it by hand. Every write is atomic and audited."""

import dataclasses
import json
from collections import defaultdict
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.accounts.models import Organisation
from kurasi.audit.services import record_event
from kurasi.curation.models_decisions import Decision, deciding_score_in
from kurasi.curation.results import certificate_counts
from kurasi.lib.concurrency import claim_revision
from kurasi.nominations import allocation as nominees
from kurasi.registry.models import Certificate, ProductGroup

from . import allocation as solver
from .models import (
    HOLDING,
    Allocation,
    AllocationStatus,
    Availability,
    BoothNeeds,
    Exhibition,
)

KEEP = (AllocationStatus.INVITED, AllocationStatus.CONFIRMED)  # re-running never touches these
# Answers and hand-made exclusions stay too; they only block the pair.
BLOCKED = (AllocationStatus.DECLINED, AllocationStatus.EXPIRED, AllocationStatus.EXCLUDED)


# The solver's outcome codes that leave a product out (the rest of those not in wait).
OUTCOME_STATUS = {
    "in": AllocationStatus.PROPOSED,
    "ineligible": AllocationStatus.OUT,
    "no_booth": AllocationStatus.OUT,
    "overlap": AllocationStatus.OUT,
}
# What a run writes on a row it may change.
OUTCOME_FIELDS = [
    "business_id",
    "booth_type_id",
    "status",
    "score",
    "rank",
    "reason",
    "reason_params",
]


def problem_sentence(code, params, names=None):
    """An infeasibility reason (allocation.precheck / solver) in words."""
    names = names or {}
    p = {**params}
    p["exhibition"] = names.get(("exhibition", params.get("exhibition")), params.get("exhibition"))
    p["group"] = names.get(("group", params.get("group")), params.get("group"))
    p["office"] = names.get(("office", params.get("office")), params.get("office"))
    texts = {
        "min_above_candidates": _(
            "%(exhibition)s: at least %(min)s places for %(group)s, but only %(n)s eligible "
            "businesses in that group."
        ),
        "min_above_max": _("%(exhibition)s: the minimum for %(group)s is above its maximum."),
        "min_above_booths": _(
            "%(exhibition)s: the group minimums add up to %(min)s places, but there are only "
            "%(n)s booths."
        ),
        "min_above_quota": _(
            "%(exhibition)s: the group minimums add up to %(min)s places, above the quota of %(n)s."
        ),
        "office_min_above_candidates": _(
            "%(exhibition)s: at least %(min)s places for %(office)s, but it nominated only "
            "%(n)s businesses that can take one."
        ),
        "office_min_above_max": _("%(exhibition)s: the minimum for %(office)s is above its quota."),
        "office_min_above_booths": _(
            "%(exhibition)s: the offices' minimums add up to %(min)s places, but there are only "
            "%(n)s booths."
        ),
        "office_min_above_quota": _(
            "%(exhibition)s: the offices' minimums add up to %(min)s places, above the quota of "
            "%(n)s."
        ),
        "fixed_not_allowed": _(
            "A place kept or set by hand at %(exhibition)s no longer fits its booth or the rules."
        ),
        "solver_infeasible": _(
            "The minimums cannot all be met together with the other rules (one booth per "
            "business on overlapping dates, booth features, districts). Lower a minimum or add "
            "booths."
        ),
        "solver_stopped": _("The solver stopped early (%(status)s). Try again."),
    }
    return texts.get(code, code) % p


def problem_sentences(problems) -> list[str]:
    """Every problem of `problems` ([(code, params)]) in words, exhibitions and product groups by
    name (three queries at most, whatever the number of problems)."""
    wanted = defaultdict(set)
    for _code, params in problems:
        for kind in ("exhibition", "group", "office"):
            if isinstance(params.get(kind), int):
                wanted[kind].add(params[kind])
    names = {}
    kinds = (("exhibition", Exhibition), ("group", ProductGroup), ("office", Organisation))
    for kind, model in kinds:
        if wanted[kind]:
            for pk, name in model.objects.filter(pk__in=wanted[kind]).values_list("pk", "name"):
                names[(kind, pk)] = name
    return [problem_sentence(code, params, names) for code, params in problems]


def _exhibitions_together(exhibition):
    """The office's exhibitions fed by the same programme: allocated jointly, because one
    business may hold only one booth on any day. One fed by nominations is allocated alone."""
    together = (
        Q(pk=exhibition.pk)
        if nominees.fed_by_nominations(exhibition)
        else Q(
            organisation=exhibition.organisation,
            programme=exhibition.programme,
            nomination_call__isnull=True,
        )
    )
    return list(
        Exhibition.objects.filter(together)
        .select_related("nomination_call")
        .prefetch_related(
            "booth_types__reserved_for", "group_quotas", "admitted_bands", "food_certificates"
        )
    )


def candidates_for(exhibitions):
    """The solver's candidates: the programme's decided applications, read as plain values (a
    run at 10,000 candidates reads 150,000 availability answers; no model instance each).
    An exhibition fed by nominations: the shared nominees of its call (kurasi/nominations)."""
    if nominees.fed_by_nominations(exhibitions[0]):
        return nominees.nominee_candidates(exhibitions[0])
    programme_id = exhibitions[0].programme_id
    decided = Decision.objects.filter(application__programme_id=programme_id)
    decisions = list(
        decided.values_list(
            "application_id",
            "band_id",
            "score_snapshot",
            "application__product_id",
            "application__product__group_id",
            "application__product__group__is_food",
            "application__product__business_id",
            "application__product__business__district_code",
        )
    )
    held = defaultdict(list)  # (business, type) → [(product, issued, expires)]
    for row in Certificate.objects.filter(
        business_id__in=decided.values("application__product__business_id")
    ).values_list("business_id", "product_id", "type_id", "issued_on", "expires_on"):
        held[(row[0], row[2])].append((row[1], row[3], row[4]))
    needs = {
        product: frozenset(name for name, on in (("power", power), ("cold", cold)) if on)
        for product, power, cold in BoothNeeds.objects.filter(
            product_id__in=decided.values("application__product_id")
        ).values_list("product_id", "power", "cold_storage")
    }
    unavailable, second = defaultdict(set), defaultdict(dict)  # business → exhibitions
    answers = (
        Availability.objects.filter(exhibition__in=exhibitions)
        .filter(Q(available=False) | Q(first_choice=False))
        .order_by()
        .values_list("exhibition_id", "business_id", "available")
    )
    with connection.cursor() as cursor:
        # By the cursor: the ORM's converter per value (a boolean from SQLite's 0/1) took half
        # of the reading of these 150,000 rows.
        cursor.execute(*answers.query.sql_with_params())
        rows = cursor.fetchall()
    for exhibition_id, business_id, available in rows:
        if available:
            second[business_id][exhibition_id] = 0.9  # a second choice yields a tie to a first
        else:
            unavailable[business_id].add(exhibition_id)
    unavailable = {business: frozenset(shows) for business, shows in unavailable.items()}
    # Each exhibition's rules read once, not once per candidate (10,000 × 20 pairs).
    rules = [
        (e, {b.pk for b in e.admitted_bands.all()}, [t.pk for t in e.food_certificates.all()])
        for e in exhibitions
    ]
    by_band = {}  # band → {exhibition: "band"} for the exhibitions that do not admit it
    candidates = []
    for application, band, snapshot, product, group, food, business, district in decisions:
        if band not in by_band:
            by_band[band] = {e.pk: "band" for e, bands, _p in rules if band not in bands}
        ineligible = by_band[band]
        if food:
            missing = {
                e.pk: "legality"
                for e, bands, permits in rules
                if permits
                and band in bands
                and not _holds_permit(held, business, product, e, permits)
            }
            if missing:
                ineligible = {**ineligible, **missing}
        candidates.append(
            solver.Candidate(
                key=application,
                business=business,
                group=group,
                score=float(deciding_score_in(snapshot) or 0),
                district=district,
                needs=needs.get(product, frozenset()),
                ineligible=ineligible,
                unavailable=unavailable.get(business, frozenset()),
                preference=second.get(business, {}),
            )
        )
    return candidates


def _holds_permit(held, business, product, exhibition, permits):
    """Whether the business holds one of `permits` for the product (or for all its products),
    valid on the exhibition's first day."""
    return any(
        product_id in (None, product) and certificate_counts(issued, expires, exhibition.starts_on)
        for permit in permits
        for product_id, issued, expires in held[(business, permit)]
    )


def build_problem(exhibitions, candidates, existing):
    limits = {e.pk: nominees.office_limits(e) for e in exhibitions}  # by nominating office
    shows = tuple(
        solver.Exhibition(
            key=e.pk,
            start=e.starts_on,
            end=e.ends_on,
            booth_types=tuple(
                solver.BoothType(b.pk, b.count, b.features, b.groups) for b in e.booth_types.all()
            ),
            quota=e.quota,
            group_min={q.group_id: q.minimum for q in e.group_quotas.all()},
            group_max={q.group_id: q.maximum for q in e.group_quotas.all()},
            district_max=e.district_max,
            office_min=limits[e.pk][0],
            office_max=limits[e.pk][1],
        )
        for e in exhibitions
    )
    known = {c.key for c in candidates}
    fixed = frozenset(
        (a.application_id, a.exhibition_id, a.booth_type_id)
        for a in existing
        if a.application_id in known and (a.status in KEEP or (a.pinned and a.holds_place))
    )
    excluded = frozenset(
        (a.application_id, a.exhibition_id) for a in existing if a.status in BLOCKED
    )
    return solver.Problem(
        _kept_places_attend(candidates, fixed), shows, fixed=fixed, excluded=excluded
    )


def _kept_places_attend(candidates, fixed):
    """The candidates, those holding a kept place no longer marked as unable to attend it: an
    invited producer who then tells the office she cannot come declines the invitation (an
    answer, with its deadline and waiting list); her availability answer alone must not make
    the next run impossible."""
    kept = defaultdict(set)
    for application, exhibition, _booth in fixed:
        kept[application].add(exhibition)
    return tuple(
        dataclasses.replace(c, unavailable=c.unavailable - kept[c.key])
        if c.key in kept and c.unavailable & kept[c.key]
        else c
        for c in candidates
    )


class Row(NamedTuple):
    """An allocation row as a run reads it: plain values, no model instance (a run at 10,000
    candidates × 20 exhibitions reads 200,000 of them)."""

    pk: int
    application_id: int
    exhibition_id: int
    pinned: bool
    business_id: int
    booth_type_id: int | None
    status: str
    score: float
    rank: int | None
    reason: str
    reason_params: dict

    @property
    def holds_place(self):
        return self.status in HOLDING

    def outcome(self):
        return self[4:]


def _rows(exhibitions):
    """{(application, exhibition): Row} for every allocation row of `exhibitions`, read by the
    cursor: the ORM's per-value converters
    and one JSON decoding per row cost more than the rest of a re-run. The explanations' params
    are read as text and decoded once per distinct text (a few hundred among 200,000 rows)."""
    query = (
        Allocation.objects.filter(exhibition__in=exhibitions)
        .order_by()
        .annotate(params_text=Cast("reason_params", TextField()))
        .values_list(
            "pk", "application_id", "exhibition_id", "pinned", *OUTCOME_FIELDS[:-1], "params_text"
        )
    )
    decoded = {}
    rows = {}
    with connection.cursor() as cursor:
        cursor.execute(*query.query.sql_with_params())
        for values in cursor.fetchall():
            text = values[-1]
            if text not in decoded:
                decoded[text] = json.loads(text) if text else {}
            row = Row(*values[:3], bool(values[3]), *values[4:-1], decoded[text])
            rows[(row.application_id, row.exhibition_id)] = row
    return rows


def _write(rows, outcomes, now, gone=()):
    """Delete the rows of `gone` (pks of pairs that have no outcome any more: the producer
    cannot attend); create the rows that are new; update only those whose outcome changed,
    grouped by the outcome written (one UPDATE per group: on a re-run nearly nothing changes).
    Places that move are freed first, as the one-booth-per-business rule is checked row by row
    (a deleted proposal frees its place with its row).
    `outcomes` is [((application, exhibition), values in OUTCOME_FIELDS' order)]."""
    for chunk in _chunks(list(gone)):
        Allocation.objects.filter(pk__in=chunk).delete()
    changed = defaultdict(list)
    freed, new = [], []
    for key, values in outcomes:
        row = rows.get(key)
        if row is None:
            new.append((key, values))
            continue
        if row.outcome() == values:
            continue
        if row.status == AllocationStatus.PROPOSED:
            freed.append(row.pk)
        changed[(*values[:-1], json.dumps(values[-1], sort_keys=True))].append(row.pk)
    for chunk in _chunks(freed):
        Allocation.objects.filter(pk__in=chunk).update(
            status=AllocationStatus.WAITLISTED, booth_type=None
        )
    _insert(new, now)
    for frozen, pks in changed.items():
        values = dict(zip(OUTCOME_FIELDS, (*frozen[:-1], json.loads(frozen[-1])), strict=True))
        for chunk in _chunks(pks):
            Allocation.objects.filter(pk__in=chunk).update(updated_at=now, **values)


def _insert(outcomes, now):
    """New rows without a model instance each (the first run at 10,000 candidates × 20
    exhibitions creates 200,000): the columns the run sets and every other column's default,
    adapted by the model's own fields. PostgreSQL takes them by COPY, several times faster
    than one INSERT a row; SQLite by one prepared INSERT run for every row."""
    if not outcomes:
        return
    fields = {f.attname: f for f in Allocation._meta.concrete_fields if not f.primary_key}
    fixed = {
        name: field.get_db_prep_save(field.get_default(), connection)
        for name, field in fields.items()
        if name not in OUTCOME_FIELDS and name not in ("exhibition_id", "application_id")
    }
    fixed["updated_at"] = fields["updated_at"].get_db_prep_save(now, connection)
    copy = connection.vendor == "postgresql"
    json_field, prepared = fields["reason_params"], {}

    def params_of(value):
        # The solver shares one params dict among the outcomes that say the same thing.
        key = id(value)
        if key not in prepared:
            prepared[key] = (
                json.dumps(value) if copy else json_field.get_db_prep_save(value, connection)
            )
        return prepared[key]

    columns = ["exhibition_id", "application_id", *OUTCOME_FIELDS, *fixed]
    constant = tuple(fixed.values())
    values = [
        (ek, app, *outcome[:-1], params_of(outcome[-1]), *constant)
        for (app, ek), outcome in outcomes
    ]
    table = connection.ops.quote_name(Allocation._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if copy:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as rows:
                for row in values:
                    rows.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (model names)
            cursor.executemany(sql, values)


def _chunks(items, size=900):
    # Under SQLite's default limit of bound parameters.
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _outcomes(solution, rows, candidates):
    """[((application, exhibition), values in OUTCOME_FIELDS' order)] for every pair whose row
    is new or says something else now; never the invitations, answers, exclusions and places
    set by hand a run keeps."""
    untouched = (*KEEP, *BLOCKED)
    scores = {c.key: c.score for c in candidates}
    business = {c.key: c.business for c in candidates}
    statuses = {}
    outcomes = []
    for key, outcome in solution.outcomes.items():
        code = outcome.code
        if code not in statuses:
            statuses[code] = str(OUTCOME_STATUS.get(code, AllocationStatus.WAITLISTED))
        app = key[0]
        values = (
            business[app],
            outcome.booth_type,
            statuses[code],
            scores[app],
            outcome.rank,
            code,
            outcome.params,
        )
        row = rows.get(key)
        if row is not None and (row.pinned or row.status in untouched or row[4:] == values):
            continue
        outcomes.append((key, values))
    return outcomes


def _gone(solution, rows, candidates):
    """The pks of stored rows a run removes, among those a run may change: pairs the producer
    now says she cannot attend (no outcome; the candidate still is one), and rows of
    applications that are no candidate any more (a nominee taken off her office's list or no
    longer shared, a decision withdrawn), so that no stale proposal holds a booth. Invitations,
    answers, exclusions and places set by hand stay, as everywhere else."""
    untouched = (*KEEP, *BLOCKED)
    cannot = {c.key: c.unavailable for c in candidates if c.unavailable}
    known = {c.key for c in candidates}
    return [
        row.pk
        for key, row in rows.items()
        if key not in solution.outcomes
        and (
            row.application_id not in known
            or row.exhibition_id in cannot.get(row.application_id, ())
        )
        and not row.pinned
        and row.status not in untouched
    ]


@transaction.atomic
def run_allocation(*, actor, exhibition, now=None):
    """Allocate every exhibition fed by `exhibition`'s programme, jointly.

    Keeps invitations, confirmations and places set by hand; replaces every other proposal,
    waiting rank and explanation, and deletes those of pairs the producer cannot attend (no
    row: `availability.cannot_attend` derives them). Side effects: Allocation rows (only those
    whose outcome changed are written); last_* fields of the exhibitions; one audit event per
    exhibition.
    Returns the solver's Solution; when it is infeasible nothing but `last_problems` changes.
    """
    with solver.gc_paused():
        return _run_allocation(actor, exhibition, now or timezone.now())


def _run_allocation(actor, exhibition, now):
    exhibitions = _exhibitions_together(exhibition)
    for e in exhibitions:
        Exhibition.objects.select_for_update().filter(pk=e.pk).first()
    rows = _rows(exhibitions)
    candidates = candidates_for(exhibitions)
    solution = solver.solve(build_problem(exhibitions, candidates, rows.values()))
    if not solution.feasible:
        for e in exhibitions:
            e.last_problems = [[code, params] for code, params in solution.problems]
            e.save(update_fields=["last_problems"])
        return solution
    _write(rows, _outcomes(solution, rows, candidates), now, _gone(solution, rows, candidates))
    scores = {c.key: c.score for c in candidates}
    objective = defaultdict(float)
    for app, ek in solution.placed:
        objective[ek] += scores[app]
    for e in exhibitions:
        e.last_run_at, e.last_problems = now, []
        e.last_objective = round(objective[e.pk], 2)
        e.save(update_fields=["last_run_at", "last_problems", "last_objective"])
        record_event(
            actor=actor,
            action="exhibition.allocated",
            obj=e,
            organisation=e.organisation,
            changes={"objective": [None, e.last_objective]},
        )
    return solution


@transaction.atomic
def override(*, actor, allocation, include: bool, reason: str, now=None, revision=None):
    """Place a product by hand (`include`) or take it out, with a reason; then re-run the
    allocation so the rest follows. Side effects: the Allocation row, an audit event, a new
    allocation. Raises ValidationError (nothing changed) when the reason is empty, when the
    place is held by an answer, or when the rules cannot be kept with the change; StaleEdit
    when someone else changed the row by hand since `revision` (default: as `allocation` was
    read)."""
    claim_revision(allocation, revision)
    if not reason.strip():
        raise ValidationError(_("Give a reason for the change."))
    if allocation.status in KEEP or allocation.status == AllocationStatus.DECLINED:
        raise ValidationError(_("This place has been offered already; it cannot be changed here."))
    before = allocation.status
    if include:
        if allocation.status != AllocationStatus.PROPOSED:
            group, needs = allocation.application.product.group_id, _needs(allocation)
            fitting = [
                b
                for b in allocation.exhibition.booth_types.prefetch_related("reserved_for")
                if b.count and b.takes(group, needs)
            ]
            if not fitting:
                raise ValidationError(_("No booth of this exhibition fits this product."))
            allocation.booth_type = fitting[0]
        allocation.status = AllocationStatus.PROPOSED
        allocation.pinned = True
    else:
        allocation.status, allocation.pinned, allocation.booth_type = (
            AllocationStatus.EXCLUDED,
            False,
            None,
        )
    allocation.override_reason, allocation.overridden_by = reason.strip(), actor
    try:
        with transaction.atomic():
            allocation.save()
            solution = run_allocation(actor=actor, exhibition=allocation.exhibition, now=now)
            if not solution.feasible:
                raise ValidationError(problem_sentences(solution.problems))
    except Exception as error:
        if isinstance(error, ValidationError):
            raise
        raise ValidationError(_("This change breaks a rule of the exhibition.")) from error
    record_event(
        actor=actor,
        action="exhibition.override",
        obj=allocation,
        organisation=allocation.exhibition.organisation,
        changes={"status": [before, allocation.status]},
        reason=reason.strip(),
    )
    return allocation


def _needs(allocation):
    needs = BoothNeeds.objects.filter(product_id=allocation.application.product_id).first()
    return needs.features if needs else frozenset()


def holding_count(exhibition):
    return Allocation.objects.filter(exhibition=exhibition, status__in=HOLDING).count()
