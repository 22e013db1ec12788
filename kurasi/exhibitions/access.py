from django.shortcuts import get_object_or_404

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role

from .models import Exhibition

READ_ROLES = (Role.ADMIN, Role.FIELD_OFFICER)


def get_exhibition_for_staff(user, slug, exhibition_id, *roles):
    """(membership, exhibition): another office's staff get 404, a role not allowed 403."""
    membership = get_membership_for_user(user, slug, *(roles or READ_ROLES))
    exhibition = get_object_or_404(
        Exhibition.objects.filter(organisation=membership.organisation).select_related(
            "organisation", "programme"
        ),
        pk=exhibition_id,
    )
    return membership, exhibition
