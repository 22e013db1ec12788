"""The office's register of personal data breaches (UU PDP: the people concerned and the
authority are told within 3 × 24 hours). Each write is atomic and audited."""

from django.db import transaction

from kurasi.audit.services import record_event
from kurasi.lib.concurrency import claim_revision

from .models import DataBreach

RECORD_FIELDS = ["discovered_at", "description", "categories", "people_affected", "measures"]
NOTICE_FIELDS = ["authority_notified_at", "authority_notice", "people_notified_at", "people_notice"]


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def save_breach(*, actor, organisation, breach: DataBreach, fields):
    """Record a new breach or update one (facts, measures, notifications).

    Side effects: the DataBreach saved; audit event with the fields changed.
    """
    created = breach.pk is None
    if not created:
        claim_revision(breach)  # StaleEdit when someone else saved since the editor read it
    before = {} if created else DataBreach.objects.filter(pk=breach.pk).values(*fields).first()
    breach.organisation = organisation
    if created:
        breach.recorded_by = actor
    breach.save()
    changes = {
        field: [_plain(before.get(field)), _plain(getattr(breach, field))]
        for field in fields
        if before.get(field) != getattr(breach, field)
    }
    record_event(
        actor=actor,
        action="privacy.breach_recorded" if created else "privacy.breach_updated",
        obj=breach,
        organisation=organisation,
        changes=changes,
    )
    return breach


def breaches_in_order(organisation, now):
    """Overdue first, then open ones by deadline, then closed ones newest first."""
    breaches = list(DataBreach.objects.for_organisation(organisation))
    return sorted(
        breaches,
        key=lambda b: (
            0 if b.is_overdue(now) else 1 if not b.is_closed else 2,
            b.deadline.timestamp() if not b.is_closed else -b.discovered_at.timestamp(),
        ),
    )
