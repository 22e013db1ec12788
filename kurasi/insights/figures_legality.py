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

from django.db.models import Count, Q
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
    organisation = scope.organisation
    types = {
        t.code: t
        for t in CertificateType.objects.filter(organisation=None, code__in=COVERAGE_CODES)
    }
    businesses = Business.objects.for_organisation(organisation)
    nib = types.get("nib")
    recorded = {}
    for year, day in days:
        recorded[f"all{year}"] = Count("pk", filter=Q(created_at__lt=_end_of(day)))
        nib_holders = Q(pk__in=[])
        if nib is not None:
            nib_holders = Q(
                pk__in=Certificate.objects.filter(held_on(day), type=nib).values("business_id")
            )
        recorded[f"nib{year}"] = Count(
            "pk", filter=Q(created_at__lt=_end_of(day)) & (~Q(nib="") | nib_holders)
        )
    totals = businesses.aggregate(**recorded)
    held = {
        row["type_id"]: row
        for row in Certificate.objects.filter(
            business__organisation=organisation,
            business__merged_into__isnull=True,
            type__in=[t for code, t in types.items() if code != "nib"],
        )
        .values("type_id")
        .annotate(
            **{
                f"y{year}": Count(
                    "business_id",
                    distinct=True,
                    # Only businesses already counted: holders never exceed the businesses.
                    filter=held_on(day) & Q(business__created_at__lt=_end_of(day)),
                )
                for year, day in days
            }
        )
    }
    result = []
    for code in COVERAGE_CODES:
        if code not in types:
            continue
        row = held.get(types[code].pk, {})
        result.append(
            Coverage(
                types[code].name,
                code,
                [
                    YearShare(
                        year,
                        day,
                        totals[f"nib{year}"] if code == "nib" else row.get(f"y{year}", 0),
                        totals[f"all{year}"],
                    )
                    for year, day in days
                ],
            )
        )
    return result
