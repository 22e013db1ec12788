"""Curators reach only their own assignments; office staff and other curators get nothing here."""

from django.shortcuts import get_object_or_404

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role

from .models import Assignment
from .queue import with_slot


def get_assignment_for_curator(user, organisation_slug, assignment_id):
    membership = get_membership_for_user(user, organisation_slug, Role.CURATOR)
    # The slot and sample code ride along (annotations): the scoring screen shows them.
    assignment = get_object_or_404(
        with_slot(Assignment.objects)
        .select_related(
            "application__programme__organisation",
            "application__product__business",
            "application__product__group",
        )
        .filter(curator=user, application__programme__organisation=membership.organisation),
        pk=assignment_id,
    )
    return membership, assignment
