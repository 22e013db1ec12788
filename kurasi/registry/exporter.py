"""Export of an organisation's businesses and products to .csv and .xlsx, and the import template.

One row per product in the import template's columns, so an export can be edited and imported
again. Cells that a spreadsheet would run as a formula are neutralised. The NIK is left out
unless a role that may see it asks for it; phone numbers and addresses are in (staff call and
visit producers with this list), so every export is recorded in the audit trail.
"""

import csv
import tempfile
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kurasi.audit.services import record_event
from kurasi.lib.phone import display_phone

from .importing.columns import CERTIFICATE_COLUMNS, COLUMNS
from .models import Business, Certificate, Product, ProductGroup
from .regions import districts_in, region_label

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = {"nik", "phone", "nib", "npwp", "postal_code", "kbli"}
CHUNK = 2000
# Certificate type code → the column prefix it is exported under.
CERTIFICATE_PREFIX = {code: prefix for prefix, code in CERTIFICATE_COLUMNS.items()}
CERTIFICATE_PREFIX["bpom-ml"] = "bpom"


@dataclass(frozen=True)
class RegistryFilters:
    """Filters a staff list or an export accepts from the query string."""

    district_code: str = ""
    group: ProductGroup | None = None
    # The staff list's own filters (search, certificates, programme, …) as a business queryset.
    matching_businesses: object = None

    def products(self, queryset):
        if self.district_code:
            queryset = queryset.filter(business__district_code=self.district_code)
        if self.group is not None:
            queryset = queryset.filter(group=self.group)
        if self.matching_businesses is not None:
            queryset = queryset.filter(business_id__in=self.matching_businesses.values("pk"))
        return queryset

    def businesses(self, queryset):
        if self.district_code:
            queryset = queryset.filter(district_code=self.district_code)
        if self.group is not None:
            queryset = queryset.filter(products__group=self.group).distinct()
        if self.matching_businesses is not None:
            queryset = queryset.filter(pk__in=self.matching_businesses.values("pk"))
        return queryset


def parse_registry_filters(organisation, params, *, matching_businesses=None) -> RegistryFilters:
    """`?district=<Kemendagri code>&group=<product group code or id>`; unknown values are ignored.

    `matching_businesses`: the staff list's filtered businesses, when the export comes from it.
    """
    district = (params.get("district") or "").strip()
    if district not in {code for code, _ in districts_in(organisation.region_code)}:
        district = ""
    group_value = (params.get("group") or "").strip()
    groups = ProductGroup.objects.filter(organisation=organisation)
    group = None
    if group_value:
        by_code = Q(code=group_value)
        group = groups.filter(
            by_code | Q(pk=group_value) if group_value.isdigit() else by_code
        ).first()
    return RegistryFilters(
        district_code=district, group=group, matching_businesses=matching_businesses
    )


def neutralise(value):
    """A text a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_columns(include_nik):
    return [c for c in COLUMNS if include_nik or c.key != "nik"]


def header_row(include_nik):
    return [column.header_id for column in export_columns(include_nik)]


def _date(day):
    return day.strftime("%d/%m/%Y") if day else ""


def _business_cells(business):
    return {
        "business_name": business.name,
        "owner_name": business.owner_name,
        "owner_gender": {"M": "L", "F": "P"}.get(business.owner_gender, ""),
        "nik": business.nik,
        "phone": display_phone(business.phone),
        "whatsapp": "ya" if business.phone_is_whatsapp else "tidak",
        "email": business.email,
        "address": business.address,
        "district": region_label(business.district_code),
        "village": region_label(business.village_code),
        "postal_code": business.postal_code,
        "nib": business.nib,
        "npwp": business.npwp,
        "kbli": ", ".join(business.kbli_codes or []),
        "capital": business.capital,
        "yearly_sales": business.yearly_sales,
        "year_founded": business.year_founded,
        "workers": business.workers,
    }


def _product_cells(product):
    cells = {
        "product_group": product.group.code,
        "product_name": product.name,
        "description": product.description,
        "price": product.price,
        "unit": product.unit,
        "monthly_capacity": product.monthly_capacity,
        "materials": product.materials,
        "packaging": product.packaging,
        "shelf_life_days": product.shelf_life_days,
    }
    for certificate in product.certificates.all():
        prefix = CERTIFICATE_PREFIX.get(certificate.type.code)
        if prefix and f"{prefix}_number" not in cells:
            cells[f"{prefix}_number"] = certificate.number
            cells[f"{prefix}_expires"] = _date(certificate.expires_on)
    return cells


def export_records(organisation, filters, *, include_nik=False):
    """Rows (lists of (column key, value)) of the organisation's products, then of businesses
    without products. A constant number of queries per 2,000 rows."""
    columns = export_columns(include_nik)
    products = (
        filters.products(Product.objects.for_organisation(organisation))
        .select_related("business", "group")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.select_related("type"))
        )
        .order_by("business__name", "business_id", "name", "id")
    )
    for product in products.iterator(chunk_size=CHUNK):
        cells = {**_business_cells(product.business), **_product_cells(product)}
        yield [(c.key, cells.get(c.key)) for c in columns]
    if filters.group is None:
        alone = filters.businesses(Business.objects.for_organisation(organisation)).filter(
            products__isnull=True
        )
        for business in alone.order_by("name", "id").iterator(chunk_size=CHUNK):
            cells = _business_cells(business)
            yield [(c.key, cells.get(c.key)) for c in columns]


class _Echo:
    def write(self, value):
        return value


def csv_lines(organisation, filters, *, include_nik=False):
    """The export as CSV text chunks (UTF-8 with BOM, which Excel needs to read it as UTF-8)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header_row(include_nik))
    for record in export_records(organisation, filters, include_nik=include_nik):
        yield writer.writerow(["" if v is None else neutralise(v) for _, v in record])


def _xlsx_value(sheet, key, value):
    if value is None:
        return None
    if key in TEXT_COLUMNS or (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
        cell = WriteOnlyCell(sheet, value=neutralise(str(value)))
        cell.data_type = "s"  # text, never a formula or a number that loses digits
        cell.number_format = "@"
        return cell
    return value if not hasattr(value, "as_tuple") else int(value)


def write_xlsx(organisation, filters, *, include_nik=False):
    """The export as a temporary .xlsx file (write-only mode: rows are not kept in memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(_bold_row(sheet, header_row(include_nik)))
    for record in export_records(organisation, filters, include_nik=include_nik):
        sheet.append([_xlsx_value(sheet, key, value) for key, value in record])
    # Closed by the FileResponse that sends it; deleted by the OS when closed.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def _bold_row(sheet, values):
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def template_xlsx():
    """The import template: a header row and one example row, then a guide sheet."""
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet("Data")
    data.append(_bold_row(data, [c.header_id for c in COLUMNS]))
    data.append([_xlsx_value(data, c.key, c.example or None) for c in COLUMNS])
    guide = workbook.create_sheet("Petunjuk - Guide")
    guide.append(
        _bold_row(guide, ["Kolom", "Column", "Keterangan", "Description", "Contoh / Example"])
    )
    for column in COLUMNS:
        guide.append(
            [column.header_id, column.header_en, column.help_id, column.help_en, column.example]
        )
    guide.append([])
    guide.append(
        [
            "Satu baris per produk; ulangi kolom usaha untuk tiap produk. Hapus baris contoh.",
            "One row per product; repeat the business columns for each product. "
            "Delete the example row.",
        ]
    )
    # Closed by the FileResponse that sends it; deleted by the OS when closed.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def template_csv_lines():
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([c.header_id for c in COLUMNS])
    yield writer.writerow([c.example for c in COLUMNS])


def record_export(*, actor, organisation, kind, include_nik, filters):
    """Side effect: one audit event naming who exported what (personal data leaves the system)."""
    record_event(
        actor=actor,
        action="registry.exported",
        obj=organisation,
        organisation=organisation,
        changes={
            "format": [None, kind],
            "include_nik": [None, include_nik],
            "district": [None, filters.district_code],
            "group": [None, filters.group.code if filters.group else ""],
        },
    )
