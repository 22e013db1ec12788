"""Who is past retention: producers whose every programme is finished and past its retention
period, and who have shown no newer activity (a login, a change to their business or products)
within the default retention period. Producers who never entered a programme are judged by their
activity alone.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from kurasi.programmes.models import Programme, add_months
from kurasi.registry.models import Business

from .anonymise import ERASED


@dataclass
class Due:
    """One person (a login, or an owner recorded without one) and their businesses."""

    user: object
    businesses: list = field(default_factory=list)
    programmes: list = field(default_factory=list)
    last_activity: dt.datetime | None = None

    @property
    def label(self):
        return f"user #{self.user.pk}" if self.user else f"business #{self.businesses[0].pk}"


def _group_by_person(businesses):
    people = {}
    for business in businesses:
        key = ("user", business.owner_id) if business.owner_id else ("business", business.pk)
        person = people.setdefault(key, Due(user=business.owner))
        person.businesses.append(business)
    return people.values()


def _programmes_by_business(business_ids):
    rows = (
        Programme.objects.filter(applications__product__business__in=business_ids)
        .select_related("organisation")
        .values_list("applications__product__business", "pk")
        .distinct()
    )
    programme_ids = {pk for _b, pk in rows}
    programmes = Programme.objects.in_bulk(programme_ids)
    by_business = {}
    for business_id, programme_id in rows:
        by_business.setdefault(business_id, []).append(programmes[programme_id])
    return by_business


def due_for_erasure(today=None):
    """Everyone whose data the retention rules say must now be erased (reads only)."""
    today = today or timezone.localdate()
    businesses = list(
        Business.objects.filter(merged_into__isnull=True)
        .exclude(owner_name=ERASED)
        .filter(Q(owner__isnull=True) | Q(owner__memberships__isnull=True))
        .select_related("owner", "organisation")
        .annotate(product_changed=Max("products__updated_at"))
        .distinct()
    )
    programmes = _programmes_by_business([b.pk for b in businesses])
    due = []
    for person in _group_by_person(businesses):
        person.programmes = sorted(
            {p for b in person.businesses for p in programmes.get(b.pk, [])}, key=lambda p: p.pk
        )
        if not all(p.is_past_retention(today) for p in person.programmes):
            continue
        person.last_activity = _last_activity(person)
        quiet_until = add_months(
            timezone.localdate(person.last_activity), settings.KURASI_RETENTION_MONTHS
        )
        if quiet_until <= today:
            due.append(person)
    return due


def _last_activity(person):
    moments = [b.updated_at for b in person.businesses]
    moments += [b.product_changed for b in person.businesses if b.product_changed]
    if person.user is not None:
        moments += [person.user.date_joined]
        moments += [person.user.last_login] if person.user.last_login else []
    return max(moments)
