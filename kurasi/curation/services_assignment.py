"""Assigning curators to a programme's applications: automatically (the MILP in assignment.py)
and by hand; conflicts of interest curators declare; family-name pairs flagged for review.

The family-name rule (DOMAIN.md gives no official one; it is a prompt for a human, never a bar):
a pair (curator, application) is flagged when the last word of the curator's full name equals the
last word of the business owner's name, both names having at least two words (a one-word name,
common in Java, has no family name to compare). When the curator owns a business registered with
the office and its village is known, the pair is flagged only if the two businesses are in the
same village too, since a shared common name far apart is more likely chance. Flagged pairs stay
assigned: the admin reviews them and removes the assignment if needed.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kurasi.audit.services import record_event
from kurasi.programmes.models import Application
from kurasi.registry.models import Business
from kurasi.registry.regions import region_label

from .assignment import Problem, assign, eligible_curators, find_shortages
from .models import Assessment, Assignment, ConflictOfInterest, CurationPlan, CuratorCoverage
from .services_day import SCHEDULED_STATUSES, office_curators
from .setup_checks import require_rubrics
from .shortages import group_shortages


@dataclass
class AssignmentResult:
    created: int = 0
    groups: list = field(default_factory=list)  # GroupShortage, one per group lacking curators
    shortages: list = field(default_factory=list)  # the detail: a sentence per product


def family_name(full_name: str) -> str:
    """The last word of a name, academic titles after a comma left out ("Ani Wijaya, S.E.")."""
    words = re.findall(r"[^\W\d_]+", (full_name or "").split(",")[0].lower())
    return words[-1] if len(words) >= 2 else ""


def assignable_applications(programme):
    return (
        Application.objects.for_programme(programme)
        .filter(status__in=SCHEDULED_STATUSES)
        .select_related("product__business", "product__group")
    )


def _coverage(organisation):
    groups = {}
    for curator_id, group_id in CuratorCoverage.objects.filter(
        organisation=organisation
    ).values_list("curator_id", "product_group_id"):
        groups.setdefault(curator_id, set()).add(group_id)
    return groups


def build_problem(programme, applications, k):
    """The MILP's input: groups, curators' coverage, declared conflicts, kept assignments."""
    coverage = _coverage(programme.organisation)
    curator_ids = set(office_curators(programme.organisation).values_list("pk", flat=True))
    existing = set(
        Assignment.objects.filter(application__programme=programme).values_list(
            "curator_id", "application_id"
        )
    )
    curator_ids |= {c for c, _ in existing}
    by_business = {}
    for application in applications:
        by_business.setdefault(application.product.business_id, []).append(application.pk)
    conflicts = {
        (curator_id, application_id)
        for curator_id, business_id in ConflictOfInterest.objects.filter(
            curator_id__in=curator_ids, business_id__in=by_business
        ).values_list("curator_id", "business_id")
        for application_id in by_business[business_id]
    }
    return Problem(
        applications={a.pk: a.product.group_id for a in applications},
        curators={c: coverage.get(c, set()) for c in curator_ids},
        k=k,
        conflicts=conflicts,
        existing={(c, a) for c, a in existing if a in {app.pk for app in applications}},
    )


def explain_shortage(application, problem, eligible):
    """One product's shortage in words: how many curators may assess it, how many cover its
    group, and how many of those declared a conflict with its business (said only when some did)."""
    group_id = application.product.group_id
    covering = [c for c, groups in problem.curators.items() if group_id in groups]
    conflicted = [c for c in covering if (c, application.pk) in problem.conflicts]
    sentence = ngettext(
        "%(product)s (%(business)s) has %(eligible)s eligible curator; it needs %(needed)s.",
        "%(product)s (%(business)s) has %(eligible)s eligible curators; it needs %(needed)s.",
        len(eligible),
    ) % {
        "product": application.product.name,
        "business": application.product.business.name,
        "eligible": len(eligible),
        "needed": problem.k,
    }
    detail = ngettext(
        "%(covering)s curator covers %(group)s.",
        "%(covering)s curators cover %(group)s.",
        len(covering),
    ) % {"covering": len(covering), "group": application.product.group.name}
    parts = [sentence, detail]
    if conflicted:
        parts.append(
            ngettext(
                "%(conflicts)s of them declared a conflict of interest with this business.",
                "%(conflicts)s of them declared a conflict of interest with this business.",
                len(conflicted),
            )
            % {"conflicts": len(conflicted)}
        )
    return " ".join(parts)


@transaction.atomic
def assign_automatically(*, actor, programme):
    """Give every verified application of `programme` its K curators, keeping existing ones.

    Applications that cannot get K eligible curators are left as they are and explained in
    words, per product group (what is missing) and per product (the detail); the others are
    solved together so loads stay balanced. Side effects: new Assignment rows with
    is_automatic=True; one audit event on the programme. Returns AssignmentResult.
    Refused (MissingRubrics, naming them) while a product group with applications has no rubric.
    """
    require_rubrics(programme)
    plan, _created = CurationPlan.objects.get_or_create(programme=programme)
    applications = list(assignable_applications(programme).order_by("pk"))
    problem = build_problem(programme, applications, plan.curators_per_application)
    eligible = eligible_curators(problem)
    shortages = find_shortages(problem, eligible)
    short = {s.application for s in shortages}
    solvable = Problem(
        applications={a: g for a, g in problem.applications.items() if a not in short},
        curators=problem.curators,
        k=problem.k,
        conflicts=problem.conflicts,
        existing={(c, a) for c, a in problem.existing if a not in short},
    )
    solution = assign(solvable)
    new_pairs = sorted(solution.pairs - problem.existing)
    Assignment.objects.bulk_create(
        Assignment(application_id=a, curator_id=c, is_automatic=True) for c, a in new_pairs
    )
    by_id = {a.pk: a for a in applications}
    result = AssignmentResult(
        created=len(new_pairs),
        groups=group_shortages([by_id[s.application] for s in shortages], problem, eligible),
        shortages=[
            explain_shortage(by_id[s.application], problem, eligible.get(s.application, []))
            for s in shortages
        ],
    )
    record_event(
        actor=actor,
        action="assignment.automatic",
        obj=programme,
        organisation=programme.organisation,
        changes={"created": [0, result.created], "shortages": [0, len(shortages)]},
    )
    return result


@transaction.atomic
def add_assignment(*, actor, application, curator):
    """Assign `curator` to `application` by hand.

    Refused (ValidationError) for someone not a curator of the office, a declared conflict of
    interest, a pair already assigned, or while a product group with applications has no rubric
    (MissingRubrics). Side effects: an Assignment row; an audit event.
    """
    programme = application.programme
    require_rubrics(programme)
    if not office_curators(programme.organisation).filter(pk=curator.pk).exists():
        raise ValidationError(_("Only curators of this office can be assigned."))
    if ConflictOfInterest.objects.filter(
        curator=curator, business_id=application.product.business_id
    ).exists():
        raise ValidationError(
            _("%(curator)s declared a conflict of interest with this business.")
            % {"curator": curator}
        )
    assignment, created = Assignment.objects.get_or_create(application=application, curator=curator)
    if not created:
        raise ValidationError(
            _("%(curator)s is already assigned to this product.") % {"curator": curator}
        )
    record_event(
        actor=actor, action="assignment.added", obj=assignment, organisation=programme.organisation
    )
    return assignment


@transaction.atomic
def remove_assignment(*, actor, assignment):
    """Take a curator off an application. Refused once that curator has started scoring it.

    Side effects: deletes the Assignment; an audit event.
    """
    if Assessment.objects.filter(
        application_id=assignment.application_id, curator_id=assignment.curator_id
    ).exists():
        raise ValidationError(
            _("%(curator)s has already started assessing this product.")
            % {"curator": assignment.curator}
        )
    record_event(
        actor=actor,
        action="assignment.removed",
        obj=assignment,
        organisation=assignment.application.programme.organisation,
    )
    assignment.delete()


def flagged_pairs(programme):
    """Assigned pairs to review: a declared conflict, or the family-name rule (module doc)."""
    # Plain values for every pair, model instances only for the few flagged (a programme has
    # thousands of pairs; building them all cost most of the assignment page).
    pairs = (
        Assignment.objects.filter(application__programme=programme)
        .order_by("curator__full_name", "application__product__name", "pk")
        .values_list(
            "pk",
            "curator_id",
            "curator__full_name",
            "application__product__business_id",
            "application__product__business__owner_name",
            "application__product__business__village_code",
        )
    )
    pairs = list(pairs)
    curator_ids = {pair[1] for pair in pairs}
    own_villages = {}
    for owner_id, village in (
        Business.objects.filter(organisation=programme.organisation, owner_id__in=curator_ids)
        .exclude(village_code="")
        .values_list("owner_id", "village_code")
    ):
        own_villages.setdefault(owner_id, set()).add(village)
    declared = set(
        ConflictOfInterest.objects.filter(curator_id__in=curator_ids).values_list(
            "curator_id", "business_id"
        )
    )
    flags = []
    for pk, curator_id, curator_name, business_id, owner_name, village_code in pairs:
        if (curator_id, business_id) in declared:
            flags.append((pk, _("Declared conflict of interest")))
            continue
        name = family_name(curator_name)
        if not name or name != family_name(owner_name):
            continue
        villages = own_villages.get(curator_id)
        if villages and village_code not in villages:
            continue
        reason = _("Same family name (%(name)s)") % {"name": name.title()}
        if villages:
            reason += " · " + _("same village (%(village)s)") % {
                "village": region_label(village_code)
            }
        flags.append((pk, reason))
    found = Assignment.objects.select_related("curator", "application__product__business").in_bulk(
        [pk for pk, _reason in flags]
    )
    return [(found[pk], reason) for pk, reason in flags]


@transaction.atomic
def declare_conflict(*, actor, business, relation):
    """The curator `actor` declares a relation with `business`; declaring again updates it.

    Side effects: a ConflictOfInterest row; an audit event. Assignments already made stay and
    appear among the flagged pairs for the admin.
    """
    if not relation.strip():
        raise ValidationError(_("Say what the relation is, e.g. family, employer or supplier."))
    conflict, created = ConflictOfInterest.objects.update_or_create(
        curator=actor, business=business, defaults={"relation": relation.strip()[:200]}
    )
    record_event(
        actor=actor,
        action="conflict.declared" if created else "conflict.changed",
        obj=conflict,
        organisation=business.organisation,
        changes={"relation": [None, conflict.relation]},
    )
    return conflict


@transaction.atomic
def withdraw_conflict(*, actor, conflict):
    """Withdraw a declared conflict. Side effects: deletes the row; an audit event."""
    record_event(
        actor=actor,
        action="conflict.withdrawn",
        obj=conflict,
        organisation=conflict.business.organisation,
    )
    conflict.delete()
