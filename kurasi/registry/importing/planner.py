"""Planning an import: every row's fate, decided before anything is written.

The dry run shows the plan; the real run builds the same plan again from the same file and then
applies it (apply.py), so what the office saw is what happens. Planning reads the database a
bounded number of times (indexes built once, matched records loaded in chunks), never per row.

Rules (shown on the import page too):
- A business is recognised by the same NIB, NIK or phone number, in that order, among the
  office's businesses and the rows above it in the file, unless something else contradicts it
  (conflicts.py): then the row is a conflict and the person chooses. Its non-blank cells update
  the record; blank cells never erase anything.
- A business not recognised so, but with a very similar name in the same village, is a
  "duplicate of" that business: its products are added to it and only its blank fields are filled,
  unless the person ticks "create anyway", which creates a new business.
- A product is the same when the business, the product group and the name (ignoring case) are.
- A certificate is the same when the business, the type and the number are.
- Any error (or a conflict left undecided) stops the whole run, unless the person chooses to
  import the rows without problems and leave the others out (`partial`): those come back in an
  error file (errors.py) to fix and import again.
"""

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .columns import column_label
from .compare import compare_with_stored
from .conflicts import NEW, SAME, choose_target
from .index import BusinessIndex, ReferenceData, product_key
from .plans import BusinessPlan, CertificatePlan, Fate, ProductPlan, RowPlan
from .reader import read_rows
from .rows import parse_row

SHOWN_ROWS = 500
PROGRESS_EVERY = 1000


@dataclass
class ImportPlan:
    organisation: object
    create_anyway: bool
    partial: bool = False
    choices: dict = field(default_factory=dict)
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
    left_out_count: int = 0  # rows with an error or an undecided conflict
    unresolved: int = 0  # rows with an undecided conflict
    # reader.Table: .notes (how the file was read), .skipped [(row, why)], .sheets, .sheet
    table: object = None
    # After a run with a "Program" column: what entering the products into each call gave
    # (registry/importing/enrolments.py).
    enrolments: list = field(default_factory=list)

    @property
    def left_out(self):
        return [row for row in self.rows if row.left_out]

    @property
    def importable_count(self):
        return len(self.rows) - self.left_out_count

    @property
    def can_apply_all(self):
        return not self.file_error and bool(self.rows) and not self.left_out_count

    @property
    def can_apply_partly(self):
        """Some rows can be imported and others are left out."""
        return not self.file_error and 0 < self.left_out_count < len(self.rows)

    @property
    def can_apply(self):
        if self.columns_undecided:
            return False
        return self.can_apply_all or (self.partial and self.can_apply_partly)

    @property
    def column_match(self):
        """Every column of the file and its field (mapping.py), for the column mapping step."""
        return getattr(self.headers, "match", None)

    @property
    def columns_undecided(self):
        """A column with content is neither mapped nor ignored: nothing may be imported yet."""
        match = self.column_match
        return bool(match is not None and match.undecided)

    def rows_by_programme(self):
        """[(call, [rows])] of the rows to be imported whose product names a call."""
        found = {}
        for row in self.rows:
            if row.programme is not None and row.product is not None and not row.left_out:
                found.setdefault(row.programme.pk, (row.programme, []))[1].append(row)
        return list(found.values())

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
        problems = [
            r
            for r in self.rows
            if r.errors or r.warnings or r.conflict is not None or r.fate == Fate.DUPLICATE
        ]
        shown = problems[:limit]
        if len(shown) < limit:
            seen = {id(r) for r in shown}
            shown += [r for r in self.rows if id(r) not in seen][: limit - len(shown)]
        return shown


@contextmanager
def cycles_uncollected():
    """Python's cycle collector paused while a large plan is built or written.

    Each of its full passes walks every object alive, and a plan holds hundreds of thousands:
    paused, the 100,000-row dry run takes about a third less time. The plan makes no reference
    cycles (its objects point one way, row → business), so nothing waits for the collector.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def plan_import(*args, **kwargs) -> "ImportPlan":
    """Read the file and decide every row's fate (`_plan_import`), the cycle collector paused."""
    with cycles_uncollected():
        return _plan_import(*args, **kwargs)


def _plan_import(
    handle,
    *,
    organisation,
    create_anyway=False,
    partial=False,
    choices=None,
    progress=None,
    mapping=None,
    sheet=None,
) -> ImportPlan:
    """Read the file and decide every row's fate. Writes nothing.

    `choices` is {row number: "same" or "new"} for the rows in conflict; `partial` lets the rows
    without problems be imported without the others; `progress(rows)` is called every
    PROGRESS_EVERY rows (a background import's progress bar); `sheet` names the workbook's sheet
    the person chose (None: the reader picks the one holding the table).
    """
    from .reader import FileError

    plan = ImportPlan(
        organisation=organisation,
        create_anyway=create_anyway,
        partial=partial,
        # Keys are row numbers; a background task gets them back from JSON as text.
        choices={int(row): choice for row, choice in (choices or {}).items()},
    )
    try:
        # `mapping`: the person's column choices, or a function of the header set giving the
        # remembered ones (mapping.py); plan.headers.match then describes every column.
        plan.kind, plan.headers, plan.unknown_headers, records = read_rows(
            handle, mapping=mapping, sheet=sheet
        )
        plan.table = records
        columns = plan.column_match
        reference = ReferenceData(organisation)
        state = _State(BusinessIndex(organisation))
        for number, record in records:
            if columns is not None:
                columns.see(record)  # which columns without a field hold something
            row = _plan_row(plan, number, record, reference, state)
            if row.left_out:
                row.cells = record
            plan.rows.append(row)
            if progress is not None and len(plan.rows) % PROGRESS_EVERY == 0:
                progress(len(plan.rows))
    except FileError as error:
        plan.file_error = error.message
        return plan
    compare_with_stored(plan)
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
    if row.business is None:  # a conflict nobody decided: the row is left out
        return row
    if parsed.product:
        row.product = _product_for(plan, row, parsed, state.products)
        row.programme = parsed.programme
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


def _matched(plan, row, fields, state, target):
    """The business planned for `target` (a stored business's id, or a planned business)."""
    if isinstance(target, BusinessPlan):
        return target
    business = _existing(plan, state, row, fields, target)
    state.index.add(business, fields)
    return business


def _candidates(index, state, fields):
    """The index's candidates, a stored business and its plan counted once."""
    found = {}
    for target, matched_on in index.candidates(fields).items():
        target = state.by_existing.get(target, target) if isinstance(target, int) else target
        shared = found.setdefault(target, [])
        shared.extend(f for f in matched_on if f not in shared)
    return found


def _business_for(plan, row, fields, state):
    index = state.index
    candidates = _candidates(index, state, fields)
    if candidates:
        target, conflict = choose_target(candidates, fields, index, plan.choices, row.number)
        if conflict is None:
            return _matched(plan, row, fields, state, target)
        row.conflict = conflict
        if conflict.choice == SAME:
            business = _matched(plan, row, fields, state, target)
            if business.first_row != row.number and not business.fill_only:
                # Chosen as the same business: this row's filled cells update it too.
                business.fields.update({k: v for k, v in fields.items() if v not in ("", None)})
            index.add(business, fields)
            return business
        if conflict.choice == NEW:
            business = BusinessPlan(fields=fields, first_row=row.number)
            plan.businesses.append(business)
            index.add(business, fields)
            return business
        return None
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


def _decide_fates(plan):
    counts = dict.fromkeys(Fate.values, 0)
    left_out = unresolved = 0
    for row in plan.rows:
        if row.left_out:
            left_out += 1
            unresolved += not row.errors
        if row.errors:
            row.fate = Fate.ERROR
        elif row.conflict is not None:
            row.fate = Fate.CONFLICT
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
    plan.left_out_count, plan.unresolved = left_out, unresolved
    plan.counts = counts
    plan.totals = plan.count_records()
