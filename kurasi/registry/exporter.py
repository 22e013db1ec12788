"""Export of an organisation's businesses and products to .csv and .xlsx, and the import template.

One row per product in the import template's columns, so an export can be edited and imported
again. Cells that a spreadsheet would run as a formula are neutralised. The NIK is left out
unless a role that may see it asks for it; phone numbers and addresses are in (staff call and
visit producers with this list), so every export is recorded in the audit trail.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from openpyxl import Workbook

from kurasi.audit.services import record_event
from kurasi.lib import tabular
from kurasi.lib.phone import display_phone

from .importing.columns import CERTIFICATE_COLUMNS, COLUMNS, IMPORT_ONLY
from .models import Business, Certificate, Product, ProductGroup
from .regions import districts_in, region_label

TEXT_COLUMNS = {"nik", "phone", "nib", "npwp", "postal_code", "kbli"}
MONEY_COLUMNS = {"capital", "yearly_sales", "price"}
NUMBER_COLUMNS = {"year_founded", "workers", "monthly_capacity", "shelf_life_days"}
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


def export_columns(include_nik):
    return [c for c in COLUMNS if (include_nik or c.key != "nik") and c.key not in IMPORT_ONLY]


def _column_type(key):
    if key in TEXT_COLUMNS:
        return tabular.CODE
    if key in MONEY_COLUMNS:
        return tabular.MONEY
    return tabular.NUMBER if key in NUMBER_COLUMNS else tabular.TEXT


def table_columns(columns):
    """The import's columns as export columns, headed in Indonesian: the file is the import's
    own format, so its headers do not follow the interface language."""
    return [tabular.Column(c.key, c.header_id, type=_column_type(c.key)) for c in columns]


def registry_table(organisation, filters, *, include_nik=False):
    rows = export_records(organisation, filters, include_nik=include_nik)
    return tabular.Table(table_columns(export_columns(include_nik)), rows)


def count_records(organisation, filters):
    """How many rows `export_records` yields (two COUNT queries), for the audit event."""
    products = filters.products(Product.objects.for_organisation(organisation)).count()
    if filters.group is not None:
        return products
    alone = filters.businesses(Business.objects.for_organisation(organisation))
    return products + alone.filter(products__isnull=True).count()


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
    """Rows (dicts of column key → value) of the organisation's products, then of businesses
    without products. A constant number of queries per 2,000 rows."""
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
        if not include_nik:
            del cells["nik"]
        yield cells
    if filters.group is None:
        alone = filters.businesses(Business.objects.for_organisation(organisation)).filter(
            products__isnull=True
        )
        for business in alone.order_by("name", "id").iterator(chunk_size=CHUNK):
            cells = _business_cells(business)
            if not include_nik:
                del cells["nik"]
            yield cells


def csv_lines(organisation, filters, *, include_nik=False):
    """The export as CSV text chunks (see kurasi.lib.tabular for the format)."""
    return tabular.csv_chunks(registry_table(organisation, filters, include_nik=include_nik))


def write_xlsx(organisation, filters, *, include_nik=False, info=None):
    """The export as a temporary .xlsx file (write-only mode: rows are not kept in memory)."""
    table = registry_table(organisation, filters, include_nik=include_nik)
    return tabular.xlsx_file(table, info)


def _template_table():
    return tabular.Table(table_columns(COLUMNS), [{c.key: c.example for c in COLUMNS}])


def template_xlsx():
    """The import template: a header row and one example row, then a guide sheet."""
    workbook = Workbook(write_only=True)
    tabular.write_data_sheet(workbook, _template_table())
    guide = workbook.create_sheet("Petunjuk - Guide")
    guide.append(["Kolom", "Column", "Keterangan", "Description", "Contoh / Example"])
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
    return tabular.save_to_temporary_file(workbook)


def template_csv_lines():
    return tabular.csv_chunks(_template_table())


def record_export(*, actor, organisation, kind, include_nik, filters, rows=None):
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
            "rows": [None, rows],
        },
    )
