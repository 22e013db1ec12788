"""Who an office may nominate for a call, and under which of the organiser's product groups.

One function for the office's page, the services and the API: `assess` judges many applications
at once with a fixed number of queries (an office may have thousands of curated applications).

A nominee must be an application of a programme of the office asked, with a decision that is not
"absent", whose band counts as passed, decided within the call's years before its deadline; food
and drink (the office's group says so) must hold, for that product or the whole business, a
permit of one of the call's codes (CertificateType.code: types are per office, codes are shared)
valid on the exhibition's first day; and one product per business per call.
"""

import dataclasses
import datetime as dt

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kurasi.curation.models_decisions import deciding_score_in
from kurasi.curation.results import certificate_counts
from kurasi.programmes.models import Application
from kurasi.registry.models import Certificate, CertificateType

from .models import ConsentState, Nomination

# Reason codes (stable: the API returns them beside the sentence).
OTHER_OFFICE = "other_office"
NOT_DECIDED = "not_decided"
ABSENT = "absent"
NOT_PASSED = "not_passed"
TOO_OLD = "too_old"
FOOD_PERMIT = "food_permit"
BUSINESS_NOMINATED = "business_nominated"


@dataclasses.dataclass(frozen=True)
class Reason:
    code: str
    text: str


@dataclasses.dataclass
class Candidate:
    """One application judged for a call: why it cannot go (empty when it can), the organiser's
    group it maps to (None: the office chooses), and its nomination when it is one already."""

    application: Application
    reasons: list = dataclasses.field(default_factory=list)
    group: object = None
    nomination: Nomination | None = None

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def score(self):
        decision = getattr(self.application, "decision", None)
        return deciding_score_in(decision.score_snapshot) if decision else None

    @property
    def outcome(self) -> str:
        decision = getattr(self.application, "decision", None)
        return decision.outcome_label if decision else ""


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """`moment` moved back `years` calendar years (29 February → 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def organiser_groups(call) -> list:
    """The organiser's groups a nominee may be filed under: the call's, or when it names none,
    every group of the organiser."""
    groups = list(call.groups.all())
    return groups or list(call.organisation.product_groups.all())


def map_group(office_group, groups):
    """The organiser's group for an office's group: the same code, else the same name (any
    case); None when neither matches (the office chooses on the page)."""
    if office_group is None:
        return None
    by_code = {g.code: g for g in groups}
    if office_group.code in by_code:
        return by_code[office_group.code]
    name = office_group.name.strip().casefold()
    return next((g for g in groups if g.name.strip().casefold() == name), None)


def passed_up_to(office):
    """Ids of the applications the offices below shared with `office` in its own calls (consent
    given, list sent): a province nominates upwards from its cities' nominees, as Banten sends
    its offices' best on to Trade Expo Indonesia."""
    return Nomination.objects.filter(
        call_office__call__organisation=office,
        call_office__submitted_at__isnull=False,
        consent=ConsentState.GIVEN,
    ).values("application_id")


def decided_applications(office):
    """Every decided application the office may put forward: those of its own programmes (its
    curated producers) and those its offices below nominated to it and shared."""
    return Application.objects.filter(
        Q(programme__organisation=office) | Q(pk__in=passed_up_to(office)),
        decision__isnull=False,
    )


def permit_names(call_office) -> str:
    """The permits the call asks of food, named as the office knows them ("Sertifikat Halal")."""
    codes = call_office.call.food_certificate_codes or []
    names = dict(
        CertificateType.objects.available_to(call_office.office)
        .filter(code__in=codes)
        .order_by("organisation_id")
        .values_list("code", "name")
    )
    return " / ".join(names.get(code, code) for code in codes)


def assess(call_office, applications=None, *, groups=None) -> list[Candidate]:
    """Judge `applications` (a queryset; default: the office's decided applications) for the
    call. Queries: the applications, the permits, the call's nominations of their businesses,
    the organiser's groups and the permits' names — as many for ten thousand as for one."""
    call, office = call_office.call, call_office.office
    queryset = decided_applications(office) if applications is None else applications
    rows = list(
        queryset.select_related(
            "programme", "business", "product__group", "decision__band"
        ).order_by("pk")
    )
    if groups is None:
        groups = organiser_groups(call)
    held = _food_permits_held(call_office, queryset)
    nominated = _nominated_in_call(call, queryset)
    context = _Context(
        call_office,
        held,
        nominated,
        permit_names(call_office) if held else "",
        _passed_up_among(office, rows),
    )
    return [_judge(application, context, groups) for application in rows]


@dataclasses.dataclass
class _Context:
    call_office: object
    held: dict | None  # (business, product or None) → counts on the first day; None: not asked
    nominated: dict  # business → [(application id, call office id, nomination)]
    permits: str
    passed_up: frozenset  # applications the offices below shared with the office asked

    @property
    def since(self):
        call = self.call_office.call
        return years_before(call.deadline, call.passed_within_years)


def _judge(application, context, groups) -> Candidate:
    candidate = Candidate(application=application)
    product = application.product
    candidate.group = map_group(product.group, groups)
    for nomination in context.nominated.get(application.business_id, ()):
        if nomination.application_id == application.pk:
            if nomination.call_office_id == context.call_office.pk:
                candidate.nomination = nomination
        else:
            candidate.reasons.append(
                Reason(
                    BUSINESS_NOMINATED,
                    _("%(business)s already has another product nominated for this call.")
                    % {"business": application.business.name},
                )
            )
            break
    candidate.reasons[:0] = _decision_reasons(application, context)
    if _lacks_food_permit(application, context):
        day = date_format(context.call_office.call.exhibition.starts_on, "j F Y")
        candidate.reasons.append(
            Reason(
                FOOD_PERMIT,
                _(
                    "Food or drink without a valid %(permits)s for this product on the "
                    "exhibition's first day (%(day)s)."
                )
                % {"permits": context.permits, "day": day},
            )
        )
    return candidate


def _lacks_food_permit(application, context) -> bool:
    """Food or drink, the call asks a permit, and none of them counts (for the product itself,
    or business-wide) on the exhibition's first day."""
    group = application.product.group
    if context.held is None or group is None or not group.is_food:
        return False
    business = application.business_id
    return not (
        context.held.get((business, None)) or context.held.get((business, application.product_id))
    )


def _decision_reasons(application, context) -> list[Reason]:
    call_office = context.call_office
    if (
        application.programme.organisation_id != call_office.office_id
        and application.pk not in context.passed_up
    ):
        return [
            Reason(
                OTHER_OFFICE,
                _(
                    "It is neither from a curation programme of this office nor nominated to "
                    "it by an office below."
                ),
            )
        ]
    decision = getattr(application, "decision", None)
    if decision is None:
        return [Reason(NOT_DECIDED, _("The curation has not decided on it yet."))]
    if decision.absent:
        return [Reason(ABSENT, _("The producer did not come to the curation."))]
    if not decision.band.is_pass:
        return [
            Reason(
                NOT_PASSED,
                _("Its outcome, %(outcome)s, does not count as passed.")
                % {"outcome": decision.band.label},
            )
        ]
    if decision.decided_at < context.since:
        years = call_office.call.passed_within_years
        return [
            Reason(
                TOO_OLD,
                ngettext(
                    "Decided on %(date)s: more than %(years)s year before the call closes.",
                    "Decided on %(date)s: more than %(years)s years before the call closes.",
                    years,
                )
                % {"date": date_format(decision.decided_at, "j F Y"), "years": years},
            )
        ]
    return []


def _passed_up_among(office, rows) -> frozenset:
    """Which of `rows` (not the office's own) were shared with the office from below: one
    query, and none when all are its own."""
    others = [a.pk for a in rows if a.programme.organisation_id != office.pk]
    if not others:
        return frozenset()
    return frozenset(
        passed_up_to(office)
        .filter(application_id__in=others)
        .values_list("application_id", flat=True)
    )


def _food_permits_held(call_office, queryset) -> dict | None:
    """(business, product or None) → whether one of the call's permits counts on the first day;
    None when the call asks no permit of food."""
    codes = call_office.call.food_certificate_codes or []
    if not codes:
        return None
    first_day = call_office.call.exhibition.starts_on
    # By code, whichever office defined the type: a nominee passed up from a city holds
    # permits typed by the city's office.
    certificates = Certificate.objects.filter(
        business_id__in=queryset.values("business_id"),
        type__code__in=codes,
    ).values_list("business_id", "product_id", "issued_on", "expires_on")
    held = {}
    for business_id, product_id, issued_on, expires_on in certificates:
        key = (business_id, product_id)
        held[key] = held.get(key, False) or certificate_counts(issued_on, expires_on, first_day)
    return held


def _nominated_in_call(call, queryset) -> dict:
    """The call's nominations of the businesses in `queryset`, by business."""
    found = {}
    for nomination in Nomination.objects.filter(
        call_office__call=call, application__business_id__in=queryset.values("business_id")
    ).select_related("application"):
        found.setdefault(nomination.application.business_id, []).append(nomination)
    return found
