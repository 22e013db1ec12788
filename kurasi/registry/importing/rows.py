"""Turning one row of raw cells into clean business, product and certificate values."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kurasi.registry.identifiers import validate_nik, validate_npwp
from kurasi.registry.models import Business, Product

from . import values
from .columns import CERTIFICATE_COLUMNS, COLUMNS_BY_KEY, column_label
from .index import group_key
from .values import CellError, Noted

MAX_LENGTHS = {
    **{f.name: f.max_length for f in Business._meta.concrete_fields if f.max_length},
    **{f"product.{f.name}": f.max_length for f in Product._meta.concrete_fields if f.max_length},
}
CERTIFICATE_NUMBER_LENGTH = 60

# (column key, business field, parser)
BUSINESS_CELLS = (
    ("business_name", "name", values.text),
    ("owner_name", "owner_name", values.text),
    ("owner_gender", "owner_gender", values.gender),
    ("nik", "nik", values.nik),
    ("phone", "phone", values.phone),
    ("whatsapp", "phone_is_whatsapp", values.yes_no),
    ("email", "email", values.email),
    ("address", "address", values.text),
    ("postal_code", "postal_code", values.postal_code),
    ("nib", "nib", values.identifier),
    ("npwp", "npwp", values.identifier),
    ("kbli", "kbli_codes", values.kbli_codes),
    ("capital", "capital", values.rupiah),
    ("yearly_sales", "yearly_sales", values.rupiah),
    ("year_founded", "year_founded", values.year),
    ("workers", "workers", values.count),
)
PRODUCT_CELLS = (
    ("product_name", "name", values.text),
    ("description", "description", values.text),
    ("price", "price", values.rupiah),
    ("unit", "unit", values.text),
    ("monthly_capacity", "monthly_capacity", values.count),
    ("materials", "materials", values.text),
    ("packaging", "packaging", values.text),
    ("shelf_life_days", "shelf_life_days", values.count),
)
BUSINESS_FIELDS = (*(field for _, field, _ in BUSINESS_CELLS), "district_code", "village_code")
PRODUCT_FIELDS = ("group_id", *(field for _, field, _ in PRODUCT_CELLS))
# Columns whose unreadable value is a warning, not an error: the row is imported without it and
# the text is kept (in the product's description for a product's column). Identifiers, names and
# places stay errors: a wrong one would attach the row to the wrong business or nowhere.
SOFT_COLUMNS = {
    "owner_gender", "capital", "yearly_sales", "year_founded", "workers", "price",
    "monthly_capacity", "shelf_life_days",
    *(f"{prefix}_expires" for prefix in CERTIFICATE_COLUMNS),
}  # fmt: skip
PRODUCT_COLUMNS = {
    *(column for column, _, _ in PRODUCT_CELLS),
    *(f"{prefix}_{part}" for prefix in CERTIFICATE_COLUMNS for part in ("number", "expires")),
}


class ParsedRow:
    __slots__ = (
        "business", "certificates", "errors", "group", "notes", "product", "programme",
        "warnings",
    )  # fmt: skip

    def __init__(self):
        self.business, self.product, self.certificates = {}, {}, []
        self.group = self.programme = None
        self.errors, self.warnings, self.notes = [], [], []

    def error(self, column, message):
        self.errors.append((column, message))

    def noted(self, column, value):
        """A value read with a liberty: say so, keep the original text."""
        self.notes.append((column, value.original))
        self.warnings.append(
            _("%(column)s: “%(text)s” read as %(value)s.")
            % {"column": column_label(column), "text": value.original, "value": value.value}
        )

    def unread(self, column, raw, message):
        """A value that cannot be read, in a column that may be left empty: the row goes on."""
        original = values.text(raw)
        self.notes.append((column, original))
        if column in PRODUCT_COLUMNS:
            text = _("%(column)s: “%(text)s” not read (%(reason)s); kept in the description.")
        else:
            text = _("%(column)s: “%(text)s” not read (%(reason)s); left empty.")
        self.warnings.append(
            text % {"column": column_label(column), "text": original, "reason": message}
        )


def _with_limits(cells, prefix=""):
    """Each cell's column length limit, looked up once rather than for every row."""
    return tuple((c, field, parse, MAX_LENGTHS.get(prefix + field)) for c, field, parse in cells)


BUSINESS_CELL_PLANS = _with_limits(BUSINESS_CELLS)
PRODUCT_CELL_PLANS = _with_limits(PRODUCT_CELLS, prefix="product.")


def _cells(record, cells, row, target):
    for column, field, parse, limit in cells:
        raw = record.get(column)
        if raw is None:
            continue
        try:
            value = parse(raw)
        except CellError as error:
            if column in SOFT_COLUMNS:
                row.unread(column, raw, error.message)
            else:
                row.error(column, error.message)
            continue
        if type(value) is Noted:
            row.noted(column, value)
            value = value.value
        if value in ("", None, []):
            continue
        if limit and isinstance(value, str) and len(value) > limit:
            row.error(column, _("Too long: at most %(limit)d characters.") % {"limit": limit})
            continue
        target[field] = value


def _check(row, column, validator, value):
    try:
        validator(value)
    except ValidationError as error:
        row.error(column, error.messages[0])


def parse_row(record, reference) -> ParsedRow:
    """Clean values of one row; problems are collected on the row, never raised."""
    row = ParsedRow()
    business = row.business
    _cells(record, BUSINESS_CELL_PLANS, row, business)
    for column, field in (("business_name", "name"), ("owner_name", "owner_name")):
        if field not in business and not any(c == column for c, _ in row.errors):
            row.error(column, _("This column is required."))
    if "nik" in business:
        _check(row, "nik", validate_nik, business["nik"])
    if "npwp" in business:
        _check(row, "npwp", validate_npwp, business["npwp"])
    if "nib" in business and (len(business["nib"]) != 13 or not business["nib"].isdigit()):
        row.error("nib", _("An NIB has exactly 13 digits."))
    if not (business.keys() & {"nib", "nik", "phone"}) and not row.errors:
        row.error("phone", _("Give a phone number, NIK or NIB so the business can be recognised."))
    _regions(record, reference, row)
    _product(record, reference, row)
    _certificates(record, reference, row)
    _programme(record, reference, row)
    if row.notes and row.product:
        _keep_notes(row)
    return row


def _keep_notes(row):
    """The original text of the product's columns read with a liberty or not at all, under its
    description, one "Header: text" line each (the same file gives the same description)."""
    lines = [
        f"{COLUMNS_BY_KEY[column].header_id}: {text}"
        for column, text in row.notes
        if column in PRODUCT_COLUMNS
    ]
    if lines:
        description = row.product.get("description", "")
        row.product["description"] = "\n".join(filter(None, (description, *lines)))


def _regions(record, reference, row):
    district_name, village_name = record.get("district"), record.get("village")
    district = ""
    if district_name is not None and values.text(district_name):
        district = reference.regions.district(values.text(district_name))
        if not district:
            row.error("district", _("No district of this name in the office's area."))
            return
        row.business["district_code"] = district
    if village_name is not None and values.text(village_name):
        village = reference.regions.village(values.text(village_name), district)
        if not village:
            row.error(
                "village",
                _("No village of this name in this district.")
                if district
                else _("No single village of this name in the office's area; add the district."),
            )
            return
        row.business["village_code"] = village
        row.business["district_code"] = village.rsplit(".", 1)[0]


def _product(record, reference, row):
    _cells(record, PRODUCT_CELL_PLANS, row, row.product)
    group_name = values.text(record.get("product_group"))
    if not row.product and not group_name:
        return  # a business-only row
    if group_name:
        row.group = reference.groups.get(group_key(group_name))
        if row.group is None:
            row.error("product_group", _("No product group of this code or name in the office."))
    else:
        row.error("product_group", _("Give the product group."))
    if "name" not in row.product:
        row.error("product_name", _("Give the product name."))


def _programme(record, reference, row):
    """The call the row's product is to be entered into (checked when it is entered)."""
    name = values.text(record.get("programme"))
    if not name:
        return
    programme = reference.programmes.get(group_key(name))
    if programme is None:
        row.error("programme", _("No call of the office has this title or short name."))
    elif not row.product:
        row.error("programme", _("A call needs a product on its row."))
    else:
        row.programme = programme


# (certificate type code, number column, expiry column)
CERTIFICATE_CELLS = tuple(
    (code, f"{prefix}_number", f"{prefix}_expires") for prefix, code in CERTIFICATE_COLUMNS.items()
)


def _certificates(record, reference, row):
    for code, number_column, expires_column in CERTIFICATE_CELLS:
        raw_number, raw_expires = record.get(number_column), record.get(expires_column)
        if raw_number is None and raw_expires is None:
            continue  # most rows carry no permit of most types
        raw_number = values.text(raw_number)
        try:
            expires = values.date(raw_expires)
        except CellError as error:
            row.unread(expires_column, raw_expires, error.message)
            expires = None
        if not raw_number:
            if expires:
                row.error(number_column, _("An expiry date without a number."))
            continue
        if not row.product:
            row.error(number_column, _("A permit or certificate needs a product on its row."))
            continue
        if code == "bpom-md" and "ML" in raw_number.upper().replace(" ", ""):
            code = "bpom-ml"
        kind = reference.certificate_types.get(code)
        if kind is None:
            continue
        number = kind.normalise_number(raw_number)
        if len(number) > CERTIFICATE_NUMBER_LENGTH or not kind.number_is_valid(number):
            example = kind.number_example or "—"
            row.error(
                number_column,
                _("Not a valid %(type)s number, e.g. %(example)s.")
                % {"type": kind.name, "example": example},
            )
            continue
        row.certificates.append((kind.pk, number, expires))
