"""Who reaches a call: the organiser's staff its calls, an office's staff the calls it was asked.

Another office's staff get 404 (they must not learn of the call); a role not allowed 403.
"""

from django.shortcuts import get_object_or_404

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role

from .models import CallOffice, NominationCall

# The organiser: admins write, field officers read. An office asked: admins nominate and
# submit; field officers read and record consent. Curators of either office are refused.
READ_ROLES = (Role.ADMIN, Role.FIELD_OFFICER)
WRITE_ROLES = (Role.ADMIN,)


def get_call_for_organiser(user, slug, call_id, *roles):
    """(membership, call) of the organiser's own call."""
    membership = get_membership_for_user(user, slug, *(roles or READ_ROLES))
    call = get_object_or_404(
        NominationCall.objects.filter(organisation=membership.organisation).select_related(
            "organisation", "exhibition"
        ),
        pk=call_id,
    )
    return membership, call


def get_call_office_for_staff(user, slug, call_office_id, *roles):
    """(membership, call office) of a call the user's office was asked (not a draft: the office
    sees a call once it is opened)."""
    membership = get_membership_for_user(user, slug, *(roles or READ_ROLES))
    call_office = get_object_or_404(
        CallOffice.objects.filter(office=membership.organisation)
        .exclude(call__status="draft")
        .select_related("office", "call__organisation", "call__exhibition", "submitted_by"),
        pk=call_office_id,
    )
    return membership, call_office
