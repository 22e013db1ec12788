"""The allocation of an exhibition fed by nominations: its candidates are the call's SHARED
nominees (consent given, the office's list submitted), each counted against its office's quota
and minimum (CallOffice). The solver and the Allocation rows are the exhibitions app's own; this
module only says who the candidates are.

Read as plain values, like `exhibitions.services.candidates_for`: a national call has 10,000
nominees from 500 offices.

What is not checked here, and why: the exhibition's admitted outcome bands (a nominee's band is
its own office's, not the organiser's; the call's criteria asked for a passed outcome) and its
food permits (the call's criteria checked them when the office nominated).
"""

import dataclasses
from collections import defaultdict

from django.db.models import Q

from kurasi.curation.models_decisions import deciding_score_in
from kurasi.exhibitions import allocation as solver
from kurasi.exhibitions.models import Availability, BoothNeeds

from .models import CallOffice, ConsentState, Nomination


def call_of(exhibition):
    """The exhibition's call for nominations, or None (read once per instance: Django keeps the
    answer, a missing one too)."""
    return getattr(exhibition, "nomination_call", None)


def fed_by_nominations(exhibition) -> bool:
    """An exhibition with a call for nominations draws on its call's shared nominees (and on
    them only: the organiser's own programme, if it has one, feeds its other exhibitions)."""
    return call_of(exhibition) is not None


def scores_kept(**filters):
    """Nominations whose office keeps their scores from the organiser (share_scores off), by
    `filters`: the one rule behind the exhibition page, its export and the API. The allocation
    still ranks by those scores; the organiser is not shown them."""
    return Nomination.objects.filter(call_office__share_scores=False, **filters)


def shared_nominations(exhibition):
    """The nominations the organiser of `exhibition` may see and place (Nomination.shared)."""
    return Nomination.objects.filter(
        call_office__call__exhibition=exhibition,
        call_office__submitted_at__isnull=False,
        consent=ConsentState.GIVEN,
    )


def nominee_applications(exhibition):
    """The applications of the call's shared nominees (a queryset of programmes.Application)."""
    from kurasi.programmes.models import Application

    return Application.objects.filter(
        pk__in=shared_nominations(exhibition).values("application_id")
    )


def office_limits(exhibition):
    """({office: minimum}, {office: quota}) of the offices the exhibition's call asked; empty
    for an exhibition fed by its own programme."""
    if not fed_by_nominations(exhibition):
        return {}, {}
    rows = CallOffice.objects.filter(call__exhibition=exhibition).values_list(
        "office_id", "minimum", "quota"
    )
    minimum, maximum = {}, {}
    for office, low, high in rows:
        if low:
            minimum[office] = low
        maximum[office] = high
    return minimum, maximum


def nominee_candidates(exhibition):
    """The solver's candidates for `exhibition` (fed by nominations): one per shared nominee,
    filed under the organiser's product group the office chose, scored by its deciding score,
    with its booth needs and its answer on attending this exhibition."""
    rows = list(
        shared_nominations(exhibition).values_list(
            "application_id",
            "group_id",
            "call_office__office_id",
            "application__decision__score_snapshot",
            "application__product_id",
            "application__product__business_id",
            "application__product__business__district_code",
        )
    )
    needs = {
        product: frozenset(name for name, on in (("power", power), ("cold", cold)) if on)
        for product, power, cold in BoothNeeds.objects.filter(
            product_id__in=shared_nominations(exhibition).values("application__product_id")
        ).values_list("product_id", "power", "cold_storage")
    }
    unavailable, second = set(), defaultdict(dict)
    for business, available in (
        Availability.objects.filter(exhibition=exhibition)
        .filter(Q(available=False) | Q(first_choice=False))
        .values_list("business_id", "available")
    ):
        if available:
            second[business][exhibition.pk] = 0.9  # a second choice yields a tie to a first
        else:
            unavailable.add(business)
    cannot = frozenset({exhibition.pk})
    return [
        solver.Candidate(
            key=application,
            business=business,
            group=group,
            score=float(deciding_score_in(snapshot) or 0),
            district=district,
            needs=needs.get(product, frozenset()),
            unavailable=cannot if business in unavailable else frozenset(),
            preference=second.get(business, {}),
            office=office,
        )
        for application, group, office, snapshot, product, business, district in rows
    ]


@dataclasses.dataclass
class NomineeRules:
    """What the waiting list's refill needs to keep the solver's rules for nominees: the
    organiser's group each is filed under, and each office's quota."""

    groups: dict  # application → the organiser's group
    offices: dict  # application → nominating office
    quotas: dict  # office → at most

    def group_of(self, allocation):
        return self.groups.get(allocation.application_id)

    def office_full(self, allocation, holding) -> bool:
        office = self.offices.get(allocation.application_id)
        quota = self.quotas.get(office)
        if quota is None:
            return False
        return sum(1 for a in holding if self.offices.get(a.application_id) == office) >= quota


def nominee_rules(exhibition):
    """NomineeRules of an exhibition fed by nominations (two queries), else None."""
    if not fed_by_nominations(exhibition):
        return None
    groups, offices = {}, {}
    for application, group, office in shared_nominations(exhibition).values_list(
        "application_id", "group_id", "call_office__office_id"
    ):
        groups[application], offices[application] = group, office
    return NomineeRules(groups, offices, office_limits(exhibition)[1])
