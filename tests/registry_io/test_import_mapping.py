"""The column mapping step (issue 16 item 2): an office's own headers, a column nobody knows,
mapped or ignored once and remembered for the next file with the same headers."""

import subprocess
from decimal import Decimal

import pytest

from kurasi.audit.models import AuditEvent
from kurasi.registry.models import Business, ImportColumnMapping, Product

from ..factories import OrganisationFactory
from .conftest import CONFIRM_URL, IMPORT_URL, write_xlsx

# As a district office keeps its list: a row number, its own names, units in the headers.
OFFICE_HEADERS = [
    "No.", "Nama IKM", "Pemilik", "No. HP/WA", "Kecamatan", "Kelurahan/Desa", "Kategori",
    "Produk", "Harga (Rp)", "Tahun/Tgl Berdiri", "Kapasitas Produksi (/bulan)", "Binaan Tahun",
]  # fmt: skip
OFFICE_ROWS = [
    [1, "Keripik Bu Sari", "Sari", "0812-1111-2222", "Pamulang", "Pondok Benda", "makanan",
     "Keripik Tempe", "Rp 25.000", "12-03-2015", "120 potong/bulan", 2019],
    [2, "Batik Serua", "Dewi", "0812-3333-4444", "Ciputat", "Serua", "busana", "Batik Cap",
     "1,5 jt", "Maret 2016", "100-150", 2020],
    [3, "Tas Perigi", "Bambang", "0857-1111-2222", "Pondok Aren", "Perigi", "tas", "Tas Pandan",
     "25rb-30rb", "'18", "± 500", None],
]  # fmt: skip
UNKNOWN = OFFICE_HEADERS.index("Binaan Tahun")


def upload(client, path):
    with open(path, "rb") as handle:
        return client.post(IMPORT_URL, {"file": handle})


def hidden_mapping(plan):
    """What the page's forms send back: the header signature and the choices shown."""
    match = plan.column_match
    return {"columns": match.signature, **{f"column-{i}": v for i, v in match.choices_made.items()}}


def recheck(client, response, choices):
    plan = response.context["plan"]
    data = {"token": response.context["token"], "columns": plan.column_match.signature}
    data.update({f"column-{index}": value for index, value in choices.items()})
    return client.post(IMPORT_URL, data)


def confirm(client, response):
    data = {"token": response.context["token"], **hidden_mapping(response.context["plan"])}
    return client.post(CONFIRM_URL, data)


@pytest.fixture
def office_xlsx(tmp_path):
    return write_xlsx(tmp_path / "daftar-ikm-2024.xlsx", OFFICE_ROWS, headers=OFFICE_HEADERS)


def test_office_headers_are_matched_and_the_unknown_column_blocks_the_import(
    client_for, admin_user, product_groups, office_xlsx, media
):
    client = client_for(admin_user)

    dry = upload(client, office_xlsx)

    assert dry.status_code == 200
    match = dry.context["plan"].column_match
    fields = {column.header: column.key for column in match.columns}
    assert fields == {
        "No.": "", "Nama IKM": "business_name", "Pemilik": "owner_name", "No. HP/WA": "phone",
        "Kecamatan": "district", "Kelurahan/Desa": "village", "Kategori": "product_group",
        "Produk": "product_name", "Harga (Rp)": "price", "Tahun/Tgl Berdiri": "year_founded",
        "Kapasitas Produksi (/bulan)": "monthly_capacity", "Binaan Tahun": "",
    }  # fmt: skip
    assert match.columns[0].how == "row_number"  # left out without asking
    assert [c.header for c in match.undecided] == ["Binaan Tahun"]
    content = dry.content.decode()
    assert 'id="left-out-columns"' in content
    assert "Binaan Tahun" in content.split('id="left-out-columns"')[1].split("</div>")[0]
    assert 'id="confirm-import"' not in content
    assert 'id="mapping-form"' in content

    refused = client.post(CONFIRM_URL, {"token": dry.context["token"]})  # no choice sent

    assert refused.status_code == 400
    assert Business.objects.count() == 0


def test_ignored_column_then_confirmed_imports_values_and_remembers(
    client_for, admin_user, product_groups, office_xlsx, media
):
    client = client_for(admin_user)
    dry = recheck(client, upload(client, office_xlsx), {UNKNOWN: "ignore"})

    plan = dry.context["plan"]
    assert plan.can_apply
    content = dry.content.decode()
    assert 'id="confirm-import"' in content
    assert "Binaan Tahun" in content.split('id="left-out-columns"')[1]  # still said, prominently

    done = confirm(client, dry)

    assert done.status_code == 302
    sari = Business.objects.get(name="Keripik Bu Sari")
    assert sari.year_founded == 2015
    tempe = sari.products.get()
    assert (tempe.price, tempe.monthly_capacity, tempe.description) == (25_000, 120, "")
    batik = Business.objects.get(name="Batik Serua")
    assert batik.year_founded == 2016
    cap = batik.products.get()
    assert (cap.price, cap.monthly_capacity) == (1_500_000, 100)  # a range: its lower end
    assert cap.description == "Kapasitas per Bulan: 100-150"  # the original kept
    pandan = Product.objects.get(name="Tas Pandan")
    assert (pandan.price, pandan.monthly_capacity, pandan.business.year_founded) == (
        25_000,
        500,
        2018,
    )
    assert pandan.description == "Harga: 25rb-30rb"
    stored = ImportColumnMapping.objects.get()
    assert stored.mapping == {str(UNKNOWN): "ignore"}
    assert stored.updated_by == admin_user
    event = AuditEvent.objects.get(action="import.mapping_saved")
    assert event.changes["mapping"] == [None, {str(UNKNOWN): "ignore"}]


def test_next_file_with_the_same_headers_imports_in_one_step(
    client_for, admin_user, product_groups, office_xlsx, tmp_path, media
):
    client = client_for(admin_user)
    confirm(client, recheck(client, upload(client, office_xlsx), {UNKNOWN: "ignore"}))
    next_year = [
        [1, "Kopi Ciater", "Rudi", "0813-5555-6666", "Serpong", "Ciater", "minuman-ringan",
         "Kopi Bubuk", "Rp. 1.250.000,-", 2012, "1.500 bungkus", 2025],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "daftar-ikm-2025.xlsx", next_year, headers=OFFICE_HEADERS)

    dry = upload(client, path)

    match = dry.context["plan"].column_match
    assert match.remembered
    assert match.columns[UNKNOWN].how == "ignored"
    assert 'id="mapping-remembered"' in dry.content.decode()
    assert dry.context["plan"].can_apply
    assert confirm(client, dry).status_code == 302
    kopi = Product.objects.get(name="Kopi Bubuk")
    assert (kopi.price, kopi.monthly_capacity) == (1_250_000, 1500)
    assert kopi.business.year_founded == 2012
    # Confirming the same choices again changes nothing and is not audited again.
    assert AuditEvent.objects.filter(action="import.mapping_saved").count() == 1


def test_unknown_column_mapped_to_a_field(client_for, admin_user, product_groups, tmp_path, media):
    headers = ["Nama IKM", "Pemilik", "HP", "Kategori", "Produk", "Nilai Jual"]
    rows = [["Sambal Bu Rudy", "Rudy", "0812 7777 8888", "makanan", "Sambal Bawang", "15rb"]]
    client = client_for(admin_user)
    dry = upload(client, write_xlsx(tmp_path / "nilai.xlsx", rows, headers=headers))
    assert [c.header for c in dry.context["plan"].column_match.undecided] == ["Nilai Jual"]

    mapped = recheck(client, dry, {5: "price"})

    column = mapped.context["plan"].column_match.columns[5]
    assert (column.key, column.how) == ("price", "chosen")
    assert confirm(client, mapped).status_code == 302
    assert Product.objects.get().price == Decimal(15_000)
    assert ImportColumnMapping.objects.get().mapping == {"5": "price"}


def test_remembered_mapping_is_the_office_own(
    client_for, admin_user, product_groups, office_xlsx, media
):
    from kurasi.registry.importing.mapping import header_signature

    ImportColumnMapping.objects.create(
        organisation=OrganisationFactory(),
        header_signature=header_signature(OFFICE_HEADERS),
        mapping={str(UNKNOWN): "ignore"},
    )

    dry = upload(client_for(admin_user), office_xlsx)

    assert not dry.context["plan"].column_match.remembered
    assert dry.context["plan"].columns_undecided


def test_unreadable_values_are_warnings_kept_in_the_description(
    client_for, admin_user, product_groups, tmp_path, settings, media
):
    settings.LANGUAGE_CODE = "en"
    rows = [[1, "Dodol Bu Ani", "Ani", "0812-9999-0000", "Pamulang", "Pondok Benda", "makanan",
             "Dodol Durian", "gratis", "zaman Belanda", "banyak", None]]  # fmt: skip
    client = client_for(admin_user)
    path = write_xlsx(tmp_path / "aneh.xlsx", rows, headers=OFFICE_HEADERS)

    dry = upload(client, path)

    row = dry.context["plan"].rows[0]
    assert row.fate == "new"
    assert not row.errors
    warnings = " ".join(str(w) for w in row.warnings)
    assert "“gratis” not read" in warnings
    assert "“banyak” not read" in warnings
    assert "“zaman Belanda” not read" in warnings
    assert "left empty" in warnings
    assert confirm(client, dry).status_code == 302
    dodol = Product.objects.get()
    assert (dodol.price, dodol.monthly_capacity, dodol.business.year_founded) == (None, None, None)
    assert dodol.description == "Harga: gratis\nKapasitas per Bulan: banyak"


def test_libreoffice_saved_office_file(
    client_for, admin_user, product_groups, office_xlsx, tmp_path, media
):
    """The same list opened and saved by LibreOffice (as many offices do) reads the same."""
    out = tmp_path / "lo"
    csv_path = tmp_path / "daftar.csv"
    subprocess.run(  # xlsx → csv → xlsx: LibreOffice writes every cell its own way
        ["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), office_xlsx],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (tmp_path / "daftar-ikm-2024.csv").rename(csv_path)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), csv_path],
        check=True,
        capture_output=True,
        timeout=120,
    )
    client = client_for(admin_user)
    dry = recheck(client, upload(client, out / "daftar.xlsx"), {UNKNOWN: "ignore"})
    assert confirm(client, dry).status_code == 302
    assert Business.objects.get(name="Keripik Bu Sari").year_founded == 2015
    assert Product.objects.get(name="Batik Cap").monthly_capacity == 100
