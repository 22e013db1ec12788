"""Nominees for the organiser's tests: an office's list, put straight into the records (the
office's own pages are tested in the office's tests)."""

import pytest
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


@pytest.fixture
def lists(call_tangsel, call_tangerang, tangsel, tangerang, province_groups):
    """Tangsel: a bag (88) and halal food (72), submitted, plus a nominee without consent (held
    back). Tangerang: its carving (90), bag (88) and halal food (72), submitted."""
    groups = province_groups
    nominate(call_tangsel, tangsel.app("bag"), groups["tas"])
    nominate(call_tangsel, tangsel.app("food_halal"), groups["makanan"])
    held = nominate(
        call_tangsel, tangsel.app("food_no_halal"), groups["makanan"], consent=ConsentState.ASKED
    )
    submit(call_tangsel, by=tangsel.admin)
    nominate(call_tangerang, tangerang.app("carving"), groups["tas"])
    nominate(call_tangerang, tangerang.app("bag"), groups["tas"])
    nominate(call_tangerang, tangerang.app("food_halal"), groups["makanan"])
    submit(call_tangerang, by=tangerang.admin)
    return held
