"""Account workflows that change who may do what. Each is atomic and audited."""

from django.db import transaction

from kurasi.audit.diff import instance_changes
from kurasi.audit.services import record_event

from .models import Membership


@transaction.atomic
def grant_role(*, actor, organisation, user, role):
    """Give `user` the `role` in `organisation` (replacing any role they had there).

    Side effects: creates or updates a Membership; writes an audit event.
    """
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    before = None if created else membership.role
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    if created or before != role:
        record_event(
            actor=actor,
            action="membership.granted",
            obj=membership,
            organisation=organisation,
            changes={"role": [before, role]},
        )
    return membership


@transaction.atomic
def revoke_role(*, actor, membership):
    """Remove a staff role. Side effects: deletes the Membership; writes an audit event."""
    record_event(
        actor=actor,
        action="membership.revoked",
        obj=membership,
        organisation=membership.organisation,
        changes={"role": [membership.role, None]},
    )
    membership.delete()


ACCOUNT_FIELDS = ["email", "full_name", "phone", "is_active"]


@transaction.atomic
def save_account(*, actor, user, organisations, before=None):
    """Save a person's account as edited by an office admin (Django admin).

    `before`: the account as stored before the edit (None when new); `organisations`: the offices
    in whose trail the change is recorded (those of the admin that the person belongs to).
    Side effects: the User row; one audit event per organisation with the changed fields.
    """
    user.save()
    changes = instance_changes(before, user, ACCOUNT_FIELDS)
    if before is not None and not changes:
        return user
    for organisation in organisations:
        record_event(
            actor=actor,
            action="user.created" if before is None else "user.changed",
            obj=user,
            organisation=organisation,
            changes=changes,
        )
    return user
