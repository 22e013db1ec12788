"""Nominees for the organiser's tests: an office's list, put straight into the records (the
office's own pages are tested in the office's tests)."""

from django.utils import timezone

from kurasi.nominations.models import ConsentState, Nomination


def nominate(call_office, application, group, *, consent=ConsentState.GIVEN, by=None):
    """`application` nominated by `call_office`'s office under the organiser's `group`."""
    given = consent == ConsentState.GIVEN
    return Nomination.objects.create(
        call_office=call_office,
        application=application,
        group=group,
        consent=consent,
        consent_channel="phone" if given else "",
        consent_by=application.product.business.owner_name if given else "",
        consent_at=timezone.now() if given else None,
        created_by=by,
    )


def submit(call_office, by=None, note=""):
    call_office.submitted_at = timezone.now()
    call_office.submitted_by = by
    call_office.cover_note = note
    call_office.save(update_fields=["submitted_at", "submitted_by", "cover_note"])
    return call_office
