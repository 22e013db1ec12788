"""Legality coverage of the office's registry at the end of each year (two queries).

Definition (shown under the chart): for a year Y, the reference day is 31 December Y, or today
for the current year. The businesses counted are the office's businesses recorded on or before
that day (merged duplicates left out). A business holds a permit type on that day when it has a
certificate of that type, for the business or any of its products, issued on or before the day
(recorded on or before it when the issue date is unknown) and not expired before it. A NIB typed
on the business record counts from the day the business was recorded.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Max, Q, Sum, Value, When
from django.utils import timezone

from kurasi.facilitation.progress import COVERAGE_CODES
from kurasi.registry.models import Business, Certificate, CertificateType

COVERAGE_YEARS = 5


@dataclass
class YearShare:
    year: int
    day: dt.date
    holders: int
    businesses: int

    @property
    def percent(self):
        return round(100 * self.holders / self.businesses) if self.businesses else 0


@dataclass
class Coverage:
    type_name: str
    code: str
    years: list  # [YearShare], oldest first


def reference_days(end_year: int) -> list[tuple[int, dt.date]]:
    today = timezone.localdate()
    end_year = min(end_year, today.year)
    return [
        (year, today if year == today.year else dt.date(year, 12, 31))
        for year in range(end_year - COVERAGE_YEARS + 1, end_year + 1)
    ]


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def held_on(day: dt.date, prefix: str = "") -> Q:
    issued = Q(**{f"{prefix}issued_on__lte": day}) | Q(
        **{f"{prefix}issued_on__isnull": True, f"{prefix}created_at__lt": _end_of(day)}
    )
    unexpired = Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": day})
    return issued & unexpired


def legality_coverage(scope) -> list[Coverage]:
    days = reference_days(scope.coverage_end_year)
    types = {
        t.code: t
        for t in CertificateType.objects.filter(organisation=None, code__in=COVERAGE_CODES)
    }
    recorded = _recorded_businesses(scope.office_ids, days)
    # Years before the office recorded its first business say nothing: "0% (0/0)" would read
    # as a finding. The current year always stays.
    days = [(year, day) for year, day in days if recorded[f"all{year}"]] or days[-1:]
    held = _holders(scope.office_ids, days, types)
    result = []
    for code in COVERAGE_CODES:
        if code not in types:
            continue
        years = []
        for year, day in days:
            holders = held[f"t{types[code].pk}y{year}"] or 0
            if code == "nib":
                holders += recorded[f"typed{year}"]
            years.append(YearShare(year, day, holders, recorded[f"all{year}"]))
        result.append(Coverage(types[code].name, code, years))
    return result


def _recorded_businesses(office_ids, days) -> dict:
    """One pass over the offices' businesses: recorded by each day, and with a NIB typed."""
    counts = {}
    for year, day in days:
        recorded = Q(created_at__lt=_end_of(day))
        counts[f"all{year}"] = Count("pk", filter=recorded)
        counts[f"typed{year}"] = Count("pk", filter=recorded & ~Q(nib=""))
    return Business.objects.filter(
        organisation_id__in=office_ids, merged_into__isnull=True
    ).aggregate(**counts)


def _holders(office_ids, days, types) -> dict:
    """One pass over the offices' certificates, grouped by business: whether the business holds
    each type on each day (a flag, so several certificates count once), then the flags summed.
    This replaces a COUNT(DISTINCT) per type and year and a NIB subquery per year, each of which
    read the certificates again. Businesses with a typed NIB are counted by
    `_recorded_businesses`, so their NIB certificates are left out here."""
    nib = types.get("nib")
    flags = {}
    for type_ in types.values():
        of_type = Q(type=type_)
        if type_ == nib:
            of_type &= Q(business__nib="")
        for year, day in days:
            # Only businesses already counted: holders never exceed the businesses.
            held = of_type & held_on(day) & Q(business__created_at__lt=_end_of(day))
            flags[f"h{type_.pk}y{year}"] = Max(
                Case(When(held, then=Value(1)), default=Value(0), output_field=IntegerField())
            )
    if not flags:
        return {}
    per_business = (
        Certificate.objects.filter(
            business__organisation_id__in=office_ids,
            business__merged_into__isnull=True,
            type__in=list(types.values()),
        )
        .values("business_id")
        .annotate(**flags)
    )
    return per_business.aggregate(**{"t" + key[1:]: Sum(key) for key in flags})


def coverage_by_office(scope) -> dict:
    """For offices combined: each office's businesses recorded and holders of each permit at each
    year-end of the combined coverage, {office: {(code or "all", year): count}} (two queries;
    COUNT(DISTINCT) per year is fine here: the result is kept, and only a chain's open data
    reads it)."""
    days = reference_days(scope.coverage_end_year)
    counts = {}
    recorded = {}
    for year, day in days:
        within = Q(created_at__lt=_end_of(day))
        recorded[f"all{year}"] = Count("pk", filter=within)
        recorded[f"typed{year}"] = Count("pk", filter=within & ~Q(nib=""))
    for row in (
        Business.objects.filter(organisation_id__in=scope.office_ids, merged_into__isnull=True)
        .values("organisation_id")
        .annotate(**recorded)
    ):
        office = counts.setdefault(row["organisation_id"], {})
        for year, _day in days:
            office[("all", year)] = row[f"all{year}"]
            office[("nib", year)] = row[f"typed{year}"]
    held = {
        f"y{year}": Count(
            "business_id",
            distinct=True,
            filter=held_on(day) & Q(business__created_at__lt=_end_of(day)),
        )
        for year, day in days
    }
    for row in (
        Certificate.objects.filter(
            business__organisation_id__in=scope.office_ids,
            business__merged_into__isnull=True,
            type__organisation=None,
            type__code__in=COVERAGE_CODES,
        )
        .filter(~Q(type__code="nib") | Q(business__nib=""))
        .values("business__organisation_id", "type__code")
        .annotate(**held)
    ):
        office = counts.setdefault(row["business__organisation_id"], {})
        for year, _day in days:
            key = (row["type__code"], year)
            office[key] = office.get(key, 0) + row[f"y{year}"]
    return counts
