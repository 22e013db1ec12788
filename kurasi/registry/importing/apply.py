"""Writing an import plan: one transaction, bulk statements, one audit event per run.

Side effects of `run_import`: businesses, products and certificates created or updated as the plan
says; an audit event per created or changed business (personal values masked) and one summary
event for the run. Imported businesses carry no consent (none was asked): `registered_by` records
who imported them, and the owner's consent is captured when they or a field officer next save the
record.
"""

import secrets

from django.db import transaction
from django.utils import timezone

from kurasi.audit.diff import field_changes
from kurasi.audit.models import AuditEvent
from kurasi.audit.services import record_event
from kurasi.lib.bulk import insert_rows
from kurasi.registry.models import Business, Certificate, Product, scale_for

from .planner import cycles_uncollected, plan_import

BATCH = 1000


class ImportRefused(Exception):
    """The plan has errors: nothing was written."""

    def __init__(self, plan):
        super().__init__("The import has errors; nothing was written.")
        self.plan = plan


def run_import(
    handle,
    *,
    actor,
    organisation,
    create_anyway=False,
    mapping=None,
    partial=False,
    choices=None,
    progress=None,
    sheet=None,
    enrolment=None,
):
    """Plan the file again and apply it, all or nothing. Returns the plan that was applied.

    Raises ImportRefused (nothing written) when any row has an error or an undecided conflict,
    unless `partial`: then the other rows are written and those are left out (plan.left_out).
    Any database error while writing rolls the whole run back. `mapping`: the column choices
    the dry run showed; `choices`: the conflicts' choices (planner.py); `progress(rows, phase)`:
    told every thousand rows checked ("checking"), once before writing ("writing") and once
    after, inside the transaction ("written"). `enrolment`: the consent choice for the rows
    whose "Program" column names a call (enrolments.py); their products are entered after the
    records are written, in the same transaction, and the outcome is in `plan.enrolments`.
    """
    with transaction.atomic():
        plan = plan_import(
            handle,
            organisation=organisation,
            create_anyway=create_anyway,
            mapping=mapping,
            partial=partial,
            choices=choices,
            progress=progress,
            sheet=sheet,
        )
        if not plan.can_apply:
            raise ImportRefused(plan)
        if progress is not None:
            progress(len(plan.rows), "writing")
        with cycles_uncollected():
            apply_plan(plan, actor=actor)
        if plan.rows_by_programme():
            from .enrolments import enrol_imported

            plan.enrolments = enrol_imported(plan, actor=actor, **(enrolment or {}))
        if progress is not None:  # still inside the transaction: a record made now commits with it
            progress(len(plan.rows), "written")
    return plan


def apply_plan(plan, *, actor):
    """Write `plan`. Call inside a transaction (run_import does)."""
    now = timezone.now()
    created = _create_businesses(plan, actor)
    changed = _update_businesses(plan, now)
    _create_products(plan)
    _update_products(plan, now)
    _create_certificates(plan)
    _audit(plan, actor, created, changed)


def _create_businesses(plan, actor):
    """Insert the new businesses; returns (id, name) of each, for the audit trail."""
    new = [b for b in plan.businesses if b.existing_id is None]
    registered_by = actor.pk if actor is not None and actor.is_authenticated else None
    rows = [
        {
            **business.fields,
            "organisation_id": plan.organisation.pk,
            "registered_by_id": registered_by,
            "scale": scale_for(business.fields.get("capital"), business.fields.get("yearly_sales")),
        }
        for business in new
    ]
    ids = insert_rows(Business, rows)
    for business, new_id in zip(new, ids, strict=True):
        business.existing_id = new_id
    return [(new_id, row["name"]) for new_id, row in zip(ids, rows, strict=True)]


def _update_businesses(plan, now):
    changed = [b for b in plan.businesses if b.changes and b.instance is not None]
    names = {"updated_at"}
    for business in changed:
        instance = business.instance
        for name, value in business.changes.items():
            setattr(instance, name, value)
        if business.changes.keys() & {"capital", "yearly_sales"}:
            instance.scale = scale_for(instance.capital, instance.yearly_sales) or instance.scale
            names.add("scale")
        instance.updated_at = now
        names.update(business.changes)
    if changed:
        Business.objects.bulk_update([b.instance for b in changed], sorted(names), batch_size=BATCH)
    return changed


def _create_products(plan):
    new = [p for p in plan.products if p.existing_id is None]
    ids = insert_rows(Product, [{**p.fields, "business_id": p.business.existing_id} for p in new])
    for product, new_id in zip(new, ids, strict=True):
        product.existing_id = new_id


def _update_products(plan, now):
    changed = [p for p in plan.products if p.changes and p.instance is not None]
    names = {"updated_at"}
    for product in changed:
        for name, value in product.changes.items():
            setattr(product.instance, name, value)
        product.instance.updated_at = now
        names.update(product.changes)
    if changed:
        Product.objects.bulk_update([p.instance for p in changed], sorted(names), batch_size=BATCH)


def _create_certificates(plan):
    rows = [
        {
            "business_id": c.business.existing_id,
            "product_id": c.product.existing_id,
            "type_id": c.type_id,
            "number": c.number,
            "expires_on": c.expires_on,
            "token": secrets.token_hex(16),
        }
        for c in plan.certificates
        if not c.exists
    ]
    insert_rows(Certificate, rows)


def _audit(plan, actor, created, changed):
    organisation = plan.organisation
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    label = str(actor) if actor is not None else "system"
    common = {
        "organisation_id": organisation.pk,
        "actor_id": actor_id,
        "actor_label": label,
        "object_type": "registry.business",
    }
    events = [
        {
            **common,
            "action": "business.created",
            "object_id": str(new_id),
            "object_label": name[:200],
            "changes": {"source": [None, "import"]},
        }
        for new_id, name in created
    ]
    events += [
        {
            **common,
            "action": "business.changed",
            "object_id": str(business.existing_id),
            "object_label": business.instance.name[:200],
            "changes": field_changes(
                {k: _plain(v) for k, v in business.before.items()},
                {k: _plain(v) for k, v in business.changes.items()},
            ),
            "reason": "import",
        }
        for business in changed
    ]
    insert_rows(AuditEvent, events)
    record_event(
        actor=actor,
        action="registry.imported",
        obj=organisation,
        organisation=organisation,
        changes=_summary(plan),
    )


def _summary(plan):
    changes = {key: [None, value] for key, value in {**plan.counts, **plan.totals}.items()}
    if plan.left_out_count:
        changes["partial"] = [
            None,
            f"partial: {plan.importable_count} imported, {plan.left_out_count} left out",
        ]
    return changes


def _plain(value):
    return value if value is None or isinstance(value, bool | int | str | list) else str(value)
