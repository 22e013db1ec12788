"""The history ("Riwayat") of records, for the pages that show it to office admins."""

from collections import defaultdict

from django.db.models import Q

from .models import AuditEvent
from .present import entries

HISTORY_LIMIT = 100


def about(*records) -> Q:
    """A filter matching events about any of `records` (model instances, possibly mixed)."""
    ids = defaultdict(set)
    for record in records:
        if record is not None and record.pk is not None:
            ids[record._meta.label_lower].add(str(record.pk))
    condition = Q(pk__in=[])
    for object_type, object_ids in ids.items():
        condition |= Q(object_type=object_type, object_id__in=sorted(object_ids))
    return condition


def history(organisation, *records, limit=HISTORY_LIMIT):
    """Readable entries about `records` in `organisation`, newest first (one query)."""
    events = AuditEvent.objects.for_organisation(organisation).filter(about(*records))
    return entries(events.order_by("-created_at", "-id")[:limit])
