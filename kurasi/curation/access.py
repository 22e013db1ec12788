"""Curators reach only their own assignments; office staff and other curators get nothing here."""

from django.shortcuts import get_object_or_404

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role

from .models import Assignment


def get_assignment_for_curator(user, organisation_slug, assignment_id):
    membership = get_membership_for_user(user, organisation_slug, Role.CURATOR)
    assignment = get_object_or_404(
        Assignment.objects.select_related(
            "application__programme__organisation",
            "application__product__business",
            "application__product__group",
            "application__check_in",  # the sample code, shown on the scoring screen
        ).filter(curator=user, application__programme__organisation=membership.organisation),
        pk=assignment_id,
    )
    return membership, assignment
