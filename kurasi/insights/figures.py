"""The office's figures as pure query functions: each is a handful of GROUP BY queries whose
number does not grow with the data. The dashboard, the programme report (PDF) and the open data
all read them, so the three never disagree.

Every function takes a `Scope` (the office, and optionally one programme or one year) and returns
plain Python values; labels are resolved here so templates only display.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.curation.models import AssessmentStatus, Decision
from kurasi.programmes.models import COUNTED_STATUSES, Application, ApplicationStatus, Programme
from kurasi.registry.models import Business, BusinessScale, Gender
from kurasi.registry.models.product import ProductGroup
from kurasi.registry.regions import region_label


@dataclass(frozen=True)
class Scope:
    """Which programmes the figures cover: one programme, the programmes of one year, or all."""

    organisation: object
    programme: Programme | None = None
    year: int | None = None
    # Open data counts announced programmes only (drafts are the office's own business).
    published_only: bool = False
    # The offices whose figures are combined, the office's own id among them (a province with the
    # offices below it: kurasi/insights/figures_chain.py); empty for the office alone.
    offices: tuple = ()

    @property
    def office_ids(self) -> tuple:
        return self.offices or (self.organisation.pk,)

    @property
    def combined(self) -> bool:
        return len(self.office_ids) > 1

    @cached_property
    def programme_ids(self) -> list[int]:
        """Ids as literals, so the planner sees the values (one small query)."""
        if self.programme is not None:
            return [self.programme.pk]
        programmes = Programme.objects.filter(organisation_id__in=self.office_ids)
        if self.published_only:
            programmes = programmes.published()
        if self.year is not None:
            programmes = programmes.filter(year=self.year)
        return list(programmes.values_list("pk", flat=True))

    @property
    def coverage_end_year(self) -> int:
        if self.programme is not None:
            return self.programme.year
        return self.year or timezone.localdate().year

    def applications(self):
        return Application.objects.filter(programme_id__in=self.programme_ids)

    def counted(self):
        return self.applications().filter(status__in=COUNTED_STATUSES)


# --- registrations -----------------------------------------------------------------------------


def registrations_by_month(scope) -> list[tuple[dt.date, int]]:
    rows = (
        scope.counted()
        .filter(submitted_at__isnull=False)
        .annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return [(_as_date(r["month"]), r["n"]) for r in rows]


def _as_date(value):
    return value.date() if isinstance(value, dt.datetime) else value


def registrations_by_group(scope) -> list[tuple[str, int]]:
    """Products entered per product group, in the office's order of groups."""
    rows = (
        scope.counted()
        .values("product__group_id")
        .annotate(n=Count("pk"))
        .values_list("product__group_id", "n")
    )
    return _by_group_name(scope, dict(rows))


def _group_names(scope) -> list[tuple[int, str]]:
    """(id, name) of the product groups of the scope's offices, in each office's order: the
    office's own first, then the offices below, by id."""
    groups = ProductGroup.objects.filter(organisation_id__in=scope.office_ids)
    if scope.combined:
        own = scope.organisation.pk
        groups = sorted(groups, key=lambda g: (g.organisation_id != own, g.organisation_id))
    return [(g.pk, g.name) for g in groups]


def _by_group_name(scope, by_group: dict) -> list[tuple[str, object]]:
    """Per-group values keyed by group name. Groups belong to their office, so offices combined
    add up their groups of the same name (several offices' "Makanan" are one row)."""
    merged = {}
    for pk, name in _group_names(scope):
        if by_group.get(pk):
            merged.setdefault(name, []).append(by_group[pk])
    return [(name, _add(values)) for name, values in merged.items()]


def _add(values):
    if isinstance(values[0], tuple):
        return tuple(map(sum, zip(*values, strict=True)))
    return sum(values)


@dataclass
class BusinessProfile:
    """Businesses that registered, by district, scale and owner's gender (each sums to total)."""

    total: int
    districts: list
    scales: list
    genders: list


def registered_businesses(scope) -> BusinessProfile:
    """One query: the businesses with a counted application (a semi-join, so each business is
    read once, not once per application, and no COUNT(DISTINCT) is needed), counted per
    (district, scale, gender); adding up gives each breakdown exactly."""
    rows = (
        Business.objects.filter(pk__in=scope.counted().values("product__business_id"))
        .order_by()
        .values("district_code", "scale", "owner_gender")
        .annotate(n=Count("pk"))
        .values_list("district_code", "scale", "owner_gender", "n")
    )
    districts, scales, genders = {}, {}, {}
    for district, scale, gender, n in rows:
        for tally, key in ((districts, district), (scales, scale), (genders, gender)):
            tally[key] = tally.get(key, 0) + n
    unknown = _("Not recorded")
    return BusinessProfile(
        total=sum(districts.values()),
        districts=[
            (region_label(code) if code else unknown, n) for code, n in sorted(districts.items())
        ],
        scales=_labelled(scales, BusinessScale, unknown),
        genders=_labelled(genders, Gender, unknown),
    )


def _labelled(tally, choices, unknown):
    known = [(label, tally[value]) for value, label in choices.choices if tally.get(value)]
    return known + ([(unknown, tally[""])] if tally.get("") else [])


# --- curation ----------------------------------------------------------------------------------


@dataclass
class CurationProgress:
    statuses: list  # [(label, count)] of every application status
    entered: int  # applications counted in the quota
    assessed: int  # with at least one submitted assessment
    decided: int

    @property
    def steps(self):
        return [
            (_("Registered"), self.entered),
            (_("Assessed"), self.assessed),
            (_("Decided"), self.decided),
        ]


def curation_progress(scope) -> CurationProgress:
    counts = dict(
        scope.applications().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    assessed = (
        scope.counted()
        .filter(assessments__status=AssessmentStatus.SUBMITTED)
        .aggregate(n=Count("pk", distinct=True))["n"]
    )
    decided = Decision.objects.filter(application__programme_id__in=scope.programme_ids).count()
    return CurationProgress(
        statuses=[(label, counts.get(value, 0)) for value, label in ApplicationStatus.choices],
        entered=sum(counts.get(s, 0) for s in COUNTED_STATUSES),
        assessed=assessed,
        decided=decided,
    )


@dataclass
class PassRate:
    label: str
    decided: int
    passed: int

    @property
    def percent(self):
        return round(100 * self.passed / self.decided) if self.decided else 0


def pass_rates(scope) -> list[PassRate]:
    """Decisions and passes per product group, then the whole (last row). A product whose
    producer did not come was never judged: its absent outcome is neither passed nor failed,
    so it is left out of the rate."""
    rows = (
        Decision.objects.filter(application__programme_id__in=scope.programme_ids, absent=False)
        .values("application__product__group_id")
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(band__is_pass=True)))
        .values_list("application__product__group_id", "n", "passed")
    )
    by_group = {group_id: (n, passed) for group_id, n, passed in rows}
    if not by_group:
        return []
    rates = [PassRate(name, *counts) for name, counts in _by_group_name(scope, by_group)]
    rates.append(
        PassRate(
            _("All groups"),
            sum(n for n, _p in by_group.values()),
            sum(p for _n, p in by_group.values()),
        )
    )
    return rates


def outcomes(scope) -> list[tuple[str, int]]:
    """Decisions per outcome band label (bands of several programmes with one label merge);
    absent decisions (no band) last, as "Absent"."""
    rows = (
        Decision.objects.filter(application__programme_id__in=scope.programme_ids)
        .values("band__label")
        .annotate(n=Count("pk"), top=Sum("band__minimum_score"))
        .order_by(F("top").desc(nulls_last=True), "band__label")
        .values_list("band__label", "n")
    )
    return [(label if label is not None else _("Absent"), n) for label, n in rows]


def passed_products(scope):
    """Passed applications with business and product names only (no personal data)."""
    return list(
        Decision.objects.filter(
            application__programme_id__in=scope.programme_ids, band__is_pass=True
        )
        .order_by("application__product__business__name", "application__product__name")
        .values_list(
            "application__product__business__name",
            "application__product__name",
            "application__product__group__name",
            "band__label",
        )
    )


# --- offices combined: each office's share of the tables ------------------------------------------


def by_office(scope) -> dict:
    """For offices combined (a province with the offices below it): each office's own rows of the
    open-data tables, as its own open data computes them. Each office publishes its tables with
    its small counts hidden; the combined tables must not give those back by subtraction
    (kurasi/insights/opendata.py). Four queries whatever the number of offices."""
    names = dict(_group_names(scope))
    groups, rates = {}, {}
    for office, group, n in (
        scope.counted()
        .values("programme__organisation_id", "product__group_id")
        .annotate(n=Count("pk"))
        .values_list("programme__organisation_id", "product__group_id", "n")
    ):
        groups.setdefault(office, []).append((names.get(group, ""), n))
    for office, group, n, passed in (
        Decision.objects.filter(application__programme_id__in=scope.programme_ids, absent=False)
        .values("application__programme__organisation_id", "application__product__group_id")
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(band__is_pass=True)))
        .values_list(
            "application__programme__organisation_id",
            "application__product__group_id",
            "n",
            "passed",
        )
    ):
        rates.setdefault(office, []).append((names.get(group, ""), n, passed))
    return {"groups": groups, "rates": rates, **_profiles_by_office(scope)}


def _profiles_by_office(scope) -> dict:
    rows = (
        Business.objects.filter(pk__in=scope.counted().values("product__business_id"))
        .order_by()
        .values("organisation_id", "district_code", "scale", "owner_gender")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "district_code", "scale", "owner_gender", "n")
    )
    tallies = {}
    for office, district, scale, gender, n in rows:
        tally = tallies.setdefault(office, ({}, {}, {}))
        for kept, key in zip(tally, (district, scale, gender), strict=True):
            kept[key] = kept.get(key, 0) + n
    unknown = _("Not recorded")
    profiles = {"districts": {}, "scales": {}, "genders": {}}
    for office, (districts, scales, genders) in tallies.items():
        profiles["districts"][office] = [
            (region_label(code) if code else unknown, n) for code, n in sorted(districts.items())
        ]
        profiles["scales"][office] = _labelled(scales, BusinessScale, unknown)
        profiles["genders"][office] = _labelled(genders, Gender, unknown)
    return profiles
