"""The office's own profile, kept by its admins: atomic and audited like every write."""

import secrets

from django.db import transaction

from kurasi.audit.diff import field_changes, snapshot
from kurasi.audit.services import record_event
from kurasi.lib.concurrency import claim_revision

from .models import Organisation

PROFILE_FIELDS = [
    "name",
    "address",
    "email",
    "phone",
    "whatsapp",
    "website",
    "signatory_name",
    "signatory_position",
    "signatory_nip",
    "default_language",
]


@transaction.atomic
def save_office_profile(
    *, actor, organisation, values: dict, logo=None, remove_logo=False, revision=None
):
    """Save the office's profile fields in `values` and, when given, a new letterhead `logo` (an
    already re-encoded file) or the logo's removal.

    Side effects: one `organisation.profile_changed` audit event with the fields' values before
    and after (none when nothing changed); a replaced or removed logo file is deleted from
    storage once the change is committed. Returns the changes ({} when nothing changed).
    `revision`: the one the editor started from; StaleEdit, nothing written, when someone else
    saved the profile since (default: not checked).
    """
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    fields = [name for name in values if name in PROFILE_FIELDS]
    before = snapshot(current, fields)
    for name in fields:
        setattr(current, name, values[name])
    changes = field_changes(before, snapshot(current, fields))
    old_logo = current.logo.name
    if logo is not None:
        extension = logo.name.rsplit(".", 1)[-1]
        # The stored name never carries the uploader's file name; a new name also makes any
        # cached copy of the old logo stale.
        current.logo.save(f"{current.slug}-{secrets.token_hex(8)}.{extension}", logo, save=False)
    elif remove_logo and old_logo:
        current.logo = ""
    if current.logo.name != old_logo:
        changes["logo"] = [old_logo or None, current.logo.name or None]
    if not changes:
        return {}
    claim_revision(current, revision)
    current.save()
    if current.logo.name != old_logo and old_logo:
        storage = current.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    record_event(
        actor=actor,
        action="organisation.profile_changed",
        obj=current,
        organisation=current,
        changes=changes,
    )
    return changes
