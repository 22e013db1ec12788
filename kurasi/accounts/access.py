"""Who may see what. Every view fetches organisations and memberships through these helpers,
so an access rule lives in one place.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404


def get_membership_for_user(user, organisation_slug, *roles):
    """The user's membership in the organisation, optionally limited to `roles`.

    Staff of another organisation get 404 (they must not learn that the office exists in Kurasi);
    a member whose role is not allowed gets 403.
    """
    if not user.is_authenticated:
        raise Http404
    membership = next(
        (m for m in user.office_memberships if m.organisation.slug == organisation_slug), None
    )
    if membership is None:
        raise Http404
    if roles and membership.role not in roles:
        raise PermissionDenied
    return membership
