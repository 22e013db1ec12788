"""Planning an import: every row's fate, decided before anything is written.

The dry run shows the plan; the real run builds the same plan again from the same file and then
applies it (apply.py), so what the office saw is what happens. Planning reads the database a
bounded number of times (indexes built once, matched records loaded in chunks), never per row.

Rules (shown on the import page too):
- A business is recognised by the same NIB, NIK or phone number, in that order, among the
  office's businesses and the rows above it in the file. Its non-blank cells update the record;
  blank cells never erase anything.
- A business not recognised so, but with a very similar name in the same village, is a
  "duplicate of" that business: its products are added to it and only its blank fields are filled,
  unless the person ticks "create anyway", which creates a new business.
- A product is the same when the business, the product group and the name (ignoring case) are.
- A certificate is the same when the business, the type and the number are.
- Any error stops the whole run: nothing is imported until the file is fixed.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from kurasi.registry.models import Business, Certificate, Product

from .columns import column_label
from .index import BusinessIndex, ReferenceData, product_key
from .reader import read_rows
from .rows import BUSINESS_FIELDS, PRODUCT_FIELDS, parse_row

CHUNK = 2000
SHOWN_ROWS = 500


class Fate(models.TextChoices):
    NEW = "new", _("New")
    UPDATE = "update", _("Update")
    UNCHANGED = "unchanged", _("Unchanged")
    DUPLICATE = "duplicate", _("Duplicate of")
    ERROR = "error", _("Error")


@dataclass(slots=True, eq=False)
class BusinessPlan:
    fields: dict
    existing_id: int | None = None
    fill_only: bool = False
    first_row: int = 0
    instance: Business | None = None  # the stored record, when it has changes to write
    changes: dict = field(default_factory=dict)
    before: dict = field(default_factory=dict)

    @property
    def name(self):
        return self.fields.get("name") or (self.instance.name if self.instance else "")


@dataclass(slots=True, eq=False)
class ProductPlan:
    business: BusinessPlan
    fields: dict
    first_row: int
    existing_id: int | None = None
    instance: Product | None = None
    changes: dict = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class CertificatePlan:
    business: BusinessPlan
    product: ProductPlan
    type_id: int
    number: str
    expires_on: object
    exists: bool = False


@dataclass(slots=True, eq=False)
class RowPlan:
    number: int
    business: BusinessPlan | None = None
    product: ProductPlan | None = None
    certificates: tuple = ()
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    duplicate_of: str = ""
    business_name: str = ""
    product_name: str = ""
    fate: str = ""

    @property
    def fate_label(self):
        return Fate(self.fate).label if self.fate else ""


@dataclass
class ImportPlan:
    organisation: object
    create_anyway: bool
    kind: str = ""
    file_error: str = ""
    headers: dict = field(default_factory=dict)
    unknown_headers: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    businesses: list = field(default_factory=list)
    products: list = field(default_factory=list)
    certificates: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)

    @property
    def can_apply(self):
        return not self.file_error and not self.counts.get(Fate.ERROR) and bool(self.rows)

    def count_records(self):
        """Records to create and to update, by kind (before the plan is applied)."""
        return {
            "businesses_new": sum(1 for b in self.businesses if b.existing_id is None),
            "businesses_changed": sum(1 for b in self.businesses if b.changes),
            "products_new": sum(1 for p in self.products if p.existing_id is None),
            "products_changed": sum(1 for p in self.products if p.changes),
            "certificates_new": sum(1 for c in self.certificates if not c.exists),
        }

    def shown_rows(self, limit=SHOWN_ROWS):
        """Rows to show: problems first (errors, duplicates, warnings), then the rest, in order."""
        problems = [r for r in self.rows if r.errors or r.warnings or r.fate == Fate.DUPLICATE]
        shown = problems[:limit]
        if len(shown) < limit:
            seen = {id(r) for r in shown}
            shown += [r for r in self.rows if id(r) not in seen][: limit - len(shown)]
        return shown


def plan_import(handle, *, organisation, create_anyway=False) -> ImportPlan:
    """Read the file and decide every row's fate. Writes nothing."""
    from .reader import FileError

    plan = ImportPlan(organisation=organisation, create_anyway=create_anyway)
    try:
        plan.kind, plan.headers, plan.unknown_headers, records = read_rows(handle)
        reference = ReferenceData(organisation)
        state = _State(BusinessIndex(organisation))
        for number, record in records:
            plan.rows.append(_plan_row(plan, number, record, reference, state))
    except FileError as error:
        plan.file_error = error.message
        return plan
    _compare_with_stored(plan)
    _decide_fates(plan)
    return plan


class _State:
    """What planning remembers between rows: the index and the records planned so far."""

    def __init__(self, index):
        self.index = index
        self.by_existing = {}  # business id → its BusinessPlan
        self.products = {}
        self.certificates = {}


def _plan_row(plan, number, record, reference, state):
    parsed = parse_row(record, reference)
    row = RowPlan(
        number=number,
        business_name=parsed.business.get("name", ""),
        product_name=parsed.product.get("name", ""),
        warnings=parsed.warnings,
    )
    if parsed.errors:
        # Errors name the column as the file's header says it, so people find the cell.
        row.errors = [
            (plan.headers.get(column) or column_label(column), message)
            for column, message in parsed.errors
        ]
        return row
    row.business = _business_for(plan, row, parsed.business, state)
    if parsed.product:
        row.product = _product_for(plan, row, parsed, state.products)
        row.certificates = tuple(
            _certificate_for(plan, row, type_id, number_, expires, state.certificates)
            for type_id, number_, expires in parsed.certificates
        )
    return row


def _existing(plan, state, row, fields, business_id, *, fill_only=False):
    business = state.by_existing.get(business_id)
    if business is None:
        business = BusinessPlan(
            fields=fields, existing_id=business_id, fill_only=fill_only, first_row=row.number
        )
        state.by_existing[business_id] = business
        plan.businesses.append(business)
    return business


def _business_for(plan, row, fields, state):
    index = state.index
    target = index.find(fields)
    if isinstance(target, BusinessPlan):
        return target
    if target is not None:
        business = _existing(plan, state, row, fields, target)
        index.add(business, fields)
        return business
    similar = index.similar(fields.get("name"), fields.get("village_code"))
    if similar is not None:
        target, other_name = similar
        if not plan.create_anyway:
            row.duplicate_of = other_name
            if isinstance(target, BusinessPlan):
                return target
            business = _existing(plan, state, row, fields, target, fill_only=True)
            # Later rows of the same business (same phone, NIK or NIB) find this link.
            index.add(business, {k: v for k, v in fields.items() if k != "name"})
            return business
        row.warnings.append(
            _("Created anyway, although %(name)s in the same village looks the same.")
            % {"name": other_name}
        )
    business = BusinessPlan(fields=fields, first_row=row.number)
    plan.businesses.append(business)
    index.add(business, fields)
    return business


def _product_for(plan, row, parsed, products):
    key = (id(row.business), parsed.group.pk, product_key(parsed.product["name"]))
    product = products.get(key)
    if product is not None:
        row.warnings.append(
            _("The same product as row %(row)d; later values are used.")
            % {"row": product.first_row}
        )
        product.fields.update(parsed.product)
        return product
    product = ProductPlan(
        business=row.business,
        fields={"group_id": parsed.group.pk, **parsed.product},
        first_row=row.number,
    )
    products[key] = product
    plan.products.append(product)
    return product


def _certificate_for(plan, row, type_id, number, expires, certificates):
    key = (id(row.business), type_id, number)
    if key not in certificates:
        certificates[key] = CertificatePlan(row.business, row.product, type_id, number, expires)
        plan.certificates.append(certificates[key])
    return certificates[key]


def _chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _compare_with_stored(plan):
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
            if isinstance(planned, BusinessPlan):
                planned.before[name] = current
    if planned.changes:
        planned.instance = stored


def _decide_fates(plan):
    counts = dict.fromkeys(Fate.values, 0)
    for row in plan.rows:
        if row.errors:
            row.fate = Fate.ERROR
        elif row.duplicate_of:
            row.fate = Fate.DUPLICATE
        elif row.business.existing_id is None:
            row.fate = Fate.NEW
        elif (
            row.business.changes
            or (row.product and (row.product.existing_id is None or row.product.changes))
            or any(not c.exists for c in row.certificates)
        ):
            row.fate = Fate.UPDATE
        else:
            row.fate = Fate.UNCHANGED
        counts[row.fate] += 1
    plan.counts = counts
    plan.totals = plan.count_records()
