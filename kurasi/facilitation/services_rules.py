"""An office's own legality rules: saved and removed atomically, with an audit event each.
Shipped rules (no organisation) are never changed here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kurasi.audit.diff import field_changes, snapshot
from kurasi.audit.services import record_event
from kurasi.lib.concurrency import claim_revision

from .models import LegalityRule

RULE_FIELDS = [
    "name",
    "code",
    "legal_basis",
    "source",
    "position",
    "severity",
    "scope",
    "sni_categories",
    "shelf_life_min_days",
    "shelf_life_max_days",
    "high_risk",
    "scales",
    "valid_from",
    "valid_until",
    "issuer",
    "free_route",
    "typical_cost",
    "how_to",
]
LINKS = ["certificate_types", "product_groups"]


def _values(rule, links):
    values = snapshot(rule, RULE_FIELDS)
    values.update({name: sorted(ids) for name, ids in links.items()})
    return values


def _links_of(rule):
    return {name: [row.pk for row in getattr(rule, name).all()] for name in LINKS}


@transaction.atomic
def save_rule(*, actor, rule: LegalityRule, certificate_types, product_groups):
    """Create or update an office's rule and the permits and groups it names.

    Side effect: one audit event with the fields before and after ({} and no event when
    nothing changed). Raises ValidationError for a shipped rule.
    """
    if rule.organisation_id is None:
        raise ValidationError(_("Shipped rules cannot be changed."))
    created = rule.pk is None
    before = {}
    if not created:
        stored = LegalityRule.objects.get(pk=rule.pk)
        before = _values(stored, _links_of(stored))
    links = {
        "certificate_types": [t.pk for t in certificate_types],
        "product_groups": [g.pk for g in product_groups],
    }
    changes = field_changes(before, _values(rule, links))
    if not created and not changes:
        return {}
    if not created:
        claim_revision(rule)  # StaleEdit when someone else saved since the editor read it
    rule.save()
    rule.certificate_types.set(certificate_types)
    rule.product_groups.set(product_groups)
    record_event(
        actor=actor,
        action="legality_rule.created" if created else "legality_rule.changed",
        obj=rule,
        organisation=rule.organisation,
        changes=changes,
    )
    return changes


@transaction.atomic
def delete_rule(*, actor, rule: LegalityRule):
    """Remove an office's own rule. Side effect: audit event with what the rule said."""
    if rule.organisation_id is None:
        raise ValidationError(_("Shipped rules cannot be removed."))
    values = _values(rule, _links_of(rule))
    record_event(
        actor=actor,
        action="legality_rule.deleted",
        obj=rule,
        organisation=rule.organisation,
        changes={name: [value, None] for name, value in values.items()},
    )
    rule.delete()
