"""Saving and removing rows of an office's catalogues (product groups, permit and certificate
types, region name aliases). Atomic, with the acting user and an audit event each.

A row in use is never removed: products, certificates, programmes, rules or quotas pointing at
it would lose their meaning (or, for many-to-many links, silently lose the link).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kurasi.audit.diff import field_changes, snapshot
from kurasi.audit.services import record_event
from kurasi.lib.concurrency import claim_revision

from .models import CertificateType, ProductGroup, RegionAlias
from .regions import normalise_name


def usage(row) -> list[tuple[str, int]]:
    """(what, how many) of the records that point at `row`, over every relation to its model
    (so a relation added later is counted too)."""
    found = []
    for relation in row._meta.related_objects:
        count = relation.related_model._base_manager.filter(**{relation.field.name: row}).count()
        if count:
            found.append((str(relation.related_model._meta.verbose_name_plural), count))
    return found


def refuse_when_used(row, what):
    used = usage(row)
    if used:
        listed = ", ".join(f"{name}: {count}" for name, count in used)
        raise ValidationError(
            _("%(what)s is in use (%(listed)s) and cannot be removed.")
            % {"what": what, "listed": listed}
        )


def _save(*, actor, row, fields, created_action, changed_action):
    """Create or update `row` of an office catalogue; {} (no event) when nothing changed."""
    created = row.pk is None
    before = {} if created else snapshot(type(row)._base_manager.get(pk=row.pk), fields)
    changes = field_changes(before, snapshot(row, fields))
    if not created and not changes:
        return {}
    if not created:
        claim_revision(row)  # StaleEdit when someone else saved since the editor read it
    row.save()
    record_event(
        actor=actor,
        action=created_action if created else changed_action,
        obj=row,
        organisation=row.organisation,
        changes=changes,
    )
    return changes


GROUP_FIELDS = ["name", "code", "is_food", "kbli_codes", "position"]
TYPE_FIELDS = [
    "name",
    "code",
    "issuer",
    "number_pattern",
    "number_example",
    "validity_years",
    "position",
]
ALIAS_FIELDS = ["alias", "code"]


@transaction.atomic
def save_product_group(*, actor, group: ProductGroup):
    """Create or update an office's product group. Side effect: audit event when changed."""
    return _save(
        actor=actor,
        row=group,
        fields=GROUP_FIELDS,
        created_action="product_group.created",
        changed_action="product_group.changed",
    )


@transaction.atomic
def delete_product_group(*, actor, group: ProductGroup):
    """Remove a product group no record uses. Raises ValidationError when one does."""
    refuse_when_used(group, _("The product group %(name)s") % {"name": group.name})
    _delete(actor=actor, row=group, fields=GROUP_FIELDS, action="product_group.deleted")


@transaction.atomic
def save_certificate_type(*, actor, certificate_type: CertificateType):
    """Create or update an office's own permit or certificate type (never a shipped one)."""
    if certificate_type.organisation_id is None:
        raise ValidationError(_("Shipped types cannot be changed."))
    return _save(
        actor=actor,
        row=certificate_type,
        fields=TYPE_FIELDS,
        created_action="certificate_type.created",
        changed_action="certificate_type.changed",
    )


@transaction.atomic
def delete_certificate_type(*, actor, certificate_type: CertificateType):
    """Remove an office's own type no record uses. Raises ValidationError when one does."""
    if certificate_type.organisation_id is None:
        raise ValidationError(_("Shipped types cannot be removed."))
    refuse_when_used(certificate_type, _("The type %(name)s") % {"name": certificate_type.name})
    _delete(
        actor=actor, row=certificate_type, fields=TYPE_FIELDS, action="certificate_type.deleted"
    )


@transaction.atomic
def save_region_alias(*, actor, alias: RegionAlias):
    """Create or update an office's region name alias. Side effect: audit event when changed."""
    alias.alias = normalise_name(alias.alias)  # as the model stores it, so the diff is true
    return _save(
        actor=actor,
        row=alias,
        fields=ALIAS_FIELDS,
        created_action="region_alias.created",
        changed_action="region_alias.changed",
    )


@transaction.atomic
def delete_region_alias(*, actor, alias: RegionAlias):
    """Remove an alias: only later imports read it, so removing one is always safe."""
    _delete(actor=actor, row=alias, fields=ALIAS_FIELDS, action="region_alias.deleted")


def _delete(*, actor, row, fields, action):
    record_event(
        actor=actor,
        action=action,
        obj=row,
        organisation=row.organisation,
        changes={field: [value, None] for field, value in snapshot(row, fields).items()},
    )
    row.delete()
