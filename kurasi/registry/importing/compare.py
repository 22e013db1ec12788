"""After planning: load the matched records (in chunks, a bounded number of queries) and note
which planned values differ from the stored ones."""

from kurasi.registry.models import Business, Certificate, Product

from .index import product_key
from .rows import BUSINESS_FIELDS, PRODUCT_FIELDS

CHUNK = 2000


def _chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def compare_with_stored(plan):
    """Load the matched records (in chunks) and note which planned values differ from them."""
    matched = {b.existing_id: b for b in plan.businesses if b.existing_id is not None}
    by_key = {}
    for product in plan.products:
        if product.business.existing_id is not None:
            key = (
                product.business.existing_id,
                product.fields["group_id"],
                product_key(product.fields["name"]),
            )
            by_key[key] = product
    certificates = {
        (c.business.existing_id, c.type_id, c.number): c
        for c in plan.certificates
        if c.business.existing_id is not None
    }
    for ids in _chunks(list(matched)):
        for business in Business.objects.filter(pk__in=ids).only("pk", *BUSINESS_FIELDS):
            _note_changes(matched[business.pk], business, BUSINESS_FIELDS)
        for product in Product.objects.filter(business_id__in=ids).only(
            "pk", "business_id", *PRODUCT_FIELDS
        ):
            key = (product.business_id, product.group_id, product_key(product.name))
            if key in by_key and by_key[key].existing_id is None:
                by_key[key].existing_id = product.pk
                _note_changes(by_key[key], product, PRODUCT_FIELDS)
        stored = Certificate.objects.filter(business_id__in=ids).values_list(
            "business_id", "type_id", "number"
        )
        for key in stored:
            if key in certificates:
                certificates[key].exists = True


def _note_changes(planned, stored, fields):
    fill_only = getattr(planned, "fill_only", False)
    for name in fields:
        if name not in planned.fields:
            continue
        current = getattr(stored, name)
        if fill_only and current not in ("", None, []):
            continue
        if current != planned.fields[name]:
            planned.changes[name] = planned.fields[name]
            if hasattr(planned, "before"):  # a business: its values before, for the audit
                planned.before[name] = current
    if planned.changes:
        planned.instance = stored
