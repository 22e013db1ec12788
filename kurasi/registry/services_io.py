"""Remembering an office's column mapping for a header set (the import's mapping step)."""

from django.db import transaction

from kurasi.audit.services import record_event

from .importing.mapping import clean_mapping
from .models import ImportColumnMapping


def remembered_mapping(organisation, signature) -> dict:
    """The choices saved for this header set, or {}."""
    stored = (
        ImportColumnMapping.objects.filter(organisation=organisation, header_signature=signature)
        .values_list("mapping", flat=True)
        .first()
    )
    return clean_mapping(stored or {})


@transaction.atomic
def remember_mapping(*, actor, organisation, signature, mapping):
    """Save the column choices confirmed with an import. Side effects: one ImportColumnMapping
    row created or updated and an `import.mapping_saved` audit event, only when they changed
    (confirming the same choices again writes nothing). Returns the row or None."""
    mapping = clean_mapping(mapping)
    stored = (
        ImportColumnMapping.objects.select_for_update()
        .filter(organisation=organisation, header_signature=signature)
        .first()
    )
    before = stored.mapping if stored is not None else {}
    if before == mapping or (stored is None and not mapping):
        return stored
    if stored is None:
        stored = ImportColumnMapping(organisation=organisation, header_signature=signature)
    stored.mapping = mapping
    stored.updated_by = actor
    stored.save()
    record_event(
        actor=actor,
        action="import.mapping_saved",
        obj=stored,
        organisation=organisation,
        changes={"mapping": [before or None, mapping]},
    )
    return stored
