"""Export of the registry: contents read back, formulas neutralised, NIK only when allowed."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kurasi.audit.models import AuditEvent

from ..factories import BusinessFactory, CertificateFactory, ProductFactory, certificate_type
from .conftest import SLUG

CSV_URL = reverse("registry_io:export", args=[SLUG, "csv"])
XLSX_URL = reverse("registry_io:export", args=[SLUG, "xlsx"])


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def read_xlsx(response):
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


@pytest.fixture
def registry(organisation, product_groups):
    sri = BusinessFactory(
        organisation=organisation, name="=HYPERLINK(\"http://jahat.test\")", owner_name="@Sri",
        nik="3674015508950001", phone="+6281234567890", address="-Jl. Merpati",
        district_code="36.74.06", village_code="36.74.06.1003",
    )  # fmt: skip
    product = ProductFactory(business=sri, group=product_groups["makanan"], name="+Keripik")
    CertificateFactory(business=sri, product=product, type=certificate_type("halal"),
                       number="ID31110000123450121")  # fmt: skip
    BusinessFactory(organisation=organisation, name="Tanpa Produk", district_code="36.74.01")
    return sri


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_export_csv_contents_for_staff(client_for, request, persona, registry):
    response = client_for(request.getfixturevalue(persona)).get(CSV_URL)
    assert response.status_code == 200
    rows = read_csv(response)
    assert len(rows) == 2
    first = rows[0]
    assert first["Nama Usaha"] == '\'=HYPERLINK("http://jahat.test")'
    assert first["Nama Pemilik"] == "'@Sri"
    assert first["Alamat"] == "'-Jl. Merpati"
    assert first["Nama Produk"] == "'+Keripik"
    assert first["No. HP"] == "0812-3456-7890"
    assert (first["Kecamatan"], first["Kelurahan"]) == ("Pamulang", "Pondok Benda")
    assert first["Kelompok Produk"] == "makanan"
    assert first["No. Sertifikat Halal"] == "ID31110000123450121"
    assert "NIK" not in first
    assert rows[1]["Nama Usaha"] == "Tanpa Produk"
    assert "3674015508950001" not in str(rows)
    event = AuditEvent.objects.get(action="registry.exported")
    assert event.changes["include_nik"] == [None, False]


def test_export_xlsx_writes_formulas_as_text(client_for, admin_user, registry):
    response = client_for(admin_user).get(XLSX_URL)
    assert response.status_code == 200
    rows = read_xlsx(response)
    name = rows[0]["Nama Usaha"]
    assert name.data_type == "s"
    assert name.value == '\'=HYPERLINK("http://jahat.test")'
    assert rows[0]["No. HP"].data_type == "s"
    assert "NIK" not in rows[0]


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_export_includes_nik_only_when_asked(client_for, admin_user, registry, url):
    response = client_for(admin_user).get(url, {"include_nik": "1"})
    rows = read_csv(response) if url == CSV_URL else read_xlsx(response)
    nik = rows[0]["NIK"]
    assert (nik if url == CSV_URL else nik.value) == "3674015508950001"


def test_export_refused_to_curator_even_asking_for_nik(client_for, curator, registry):
    assert client_for(curator).get(CSV_URL, {"include_nik": "1"}).status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "producer"])
def test_export_hidden_from_another_office_and_producers(client_for, request, persona, registry):
    assert client_for(request.getfixturevalue(persona)).get(XLSX_URL).status_code == 404


def test_export_sends_anonymous_to_login(client, registry):
    assert client.get(CSV_URL).status_code == 302


def test_export_filters_by_district_and_group(client_for, admin_user, registry, product_groups):
    other = BusinessFactory(organisation=registry.organisation, district_code="36.74.01")
    ProductFactory(business=other, group=product_groups["tas"], name="Tas Anyam")
    client = client_for(admin_user)
    by_group = read_csv(client.get(CSV_URL, {"group": "tas"}))
    assert [r["Nama Produk"] for r in by_group] == ["Tas Anyam"]
    by_district = read_csv(client.get(CSV_URL, {"district": "36.74.06"}))
    assert [r["Nama Produk"] for r in by_district] == ["'+Keripik"]
    ignored = read_csv(client.get(CSV_URL, {"district": "32.76.01", "group": "nope"}))
    assert len(ignored) == 3


def test_export_leaves_out_another_office(client_for, admin_user, registry, other_organisation):
    BusinessFactory(organisation=other_organisation, name="Usaha Depok")
    assert "Usaha Depok" not in str(read_csv(client_for(admin_user).get(CSV_URL)))


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_export_query_count_does_not_grow_with_rows(client_for, admin_user, registry, url):
    client = client_for(admin_user)
    few = _count(client, url)
    for _ in range(50):
        product = ProductFactory(business__organisation=registry.organisation)
        CertificateFactory(business=product.business, product=product,
                           type=certificate_type("sni"), number="SNI-1")  # fmt: skip
    assert _count(client, url) == few


def test_export_can_be_imported_again_unchanged(client_for, admin_user, registry, tmp_path, media):
    """An export is a valid import file: importing it again creates nothing."""
    client = client_for(admin_user)
    response = client.get(XLSX_URL, {"include_nik": "1"})
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    with open(path, "rb") as handle:
        dry = client.post(reverse("registry_io:import", args=[SLUG]), {"file": handle})
    plan = dry.context["plan"]
    assert plan.counts["error"] == 0, [r.errors for r in plan.rows]
    assert {r.fate for r in plan.rows} == {"unchanged"}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_import_template_downloads(client_for, field_officer, organisation, fmt):
    response = client_for(field_officer).get(reverse("registry_io:template", args=[SLUG, fmt]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        header, example = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert header[:2] == ["Nama Usaha", "Nama Pemilik"]
        assert example[0] == "Keripik Bu Sri"
        return
    workbook = load_workbook(io.BytesIO(content))
    data, guide = workbook.worksheets
    assert [c.value for c in data[1]][:2] == ["Nama Usaha", "Nama Pemilik"]
    assert data.max_row == 2
    assert [c.value for c in guide[1]][:4] == ["Kolom", "Column", "Keterangan", "Description"]
    assert guide["B5"].value == "NIK"


def test_import_template_refused_to_curator(client_for, curator):
    url = reverse("registry_io:template", args=[SLUG, "xlsx"])
    assert client_for(curator).get(url).status_code == 403


def test_export_from_a_searched_list_exports_only_what_the_list_shows(
    client_for, admin_user, registry
):
    client = client_for(admin_user)
    listing = reverse("registry:business_list", args=[SLUG])
    page = client.post(listing, {"q": "Tanpa Produk"}, follow=True)
    export_link = next(
        line for line in page.content.decode().splitlines() if 'id="export-link"' in line
    )
    href = export_link.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    response = client.get(href.replace("export.xlsx", "export.csv"))
    rows = read_csv(response)
    assert [row["Nama Usaha"] for row in rows] == ["Tanpa Produk"]
