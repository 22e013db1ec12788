"""Access to a programme's curation day and assignment pages: staff of the programme's office,
with the roles each page allows. Another office gets 404, a role not allowed 403."""

from django.shortcuts import get_object_or_404

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.programmes.models import Programme

from .models_day import CurationSession

ADMIN = (Role.ADMIN,)
DESK = (Role.ADMIN, Role.FIELD_OFFICER)
BOARD = (Role.ADMIN, Role.FIELD_OFFICER, Role.CURATOR)


def get_programme_for_staff(user, organisation_slug, programme_id, roles):
    membership = get_membership_for_user(user, organisation_slug, *roles)
    programme = get_object_or_404(
        Programme.objects.for_organisation(membership.organisation).select_related("organisation"),
        pk=programme_id,
    )
    return membership, programme


def get_session_for_staff(user, organisation_slug, programme_id, session_id, roles):
    membership, programme = get_programme_for_staff(user, organisation_slug, programme_id, roles)
    session = get_object_or_404(CurationSession.objects.filter(programme=programme), pk=session_id)
    session.programme = programme  # reuse the fetched programme, one query less per use
    return membership, session
