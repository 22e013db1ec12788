"""Messy real-world values, read from real files: one written with openpyxl, one saved by
LibreOffice, and CSVs as Excel and LibreOffice save them."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kurasi.registry.models import Business, Certificate, Product, RegionAlias

from .conftest import FIXTURES, HEADERS, SLUG, row, write_csv, write_xlsx


def run(path, *args):
    out = StringIO()
    call_command("import_registry", SLUG, str(path), *args, stdout=out)
    return out.getvalue()


def test_import_messy_xlsx_values_are_cleaned(product_groups, messy_xlsx, admin_user):
    run(messy_xlsx, "--commit", "--actor", admin_user.email)

    sri = Business.objects.get(name="Keripik Bu Sri")
    assert sri.nik == "3674015508950001"
    assert sri.phone == "+6281234567890"
    assert sri.owner_gender == "F"
    assert sri.email == "sri@contoh.id"
    assert (sri.district_code, sri.village_code) == ("36.74.06", "36.74.06.1003")
    assert sri.postal_code == "15416"
    assert sri.nib == "9120001234567"
    assert sri.kbli_codes == ["10794", "10799"]
    assert (sri.capital, sri.yearly_sales) == (Decimal(15_000_000), Decimal(120_000_000))
    assert (sri.year_founded, sri.workers, sri.scale) == (2015, 3, "micro")
    assert sri.registered_by == admin_user
    assert sri.consent_given_at is None  # nobody asked the owner: no consent recorded
    products = {p.name: p for p in sri.products.all()}
    assert set(products) == {"Keripik Singkong Balado", "Keripik Pisang"}
    balado = products["Keripik Singkong Balado"]
    assert (balado.price, balado.monthly_capacity, balado.shelf_life_days) == (15000, 1000, 90)
    assert products["Keripik Pisang"].price == 12500
    certificates = {
        (c.type.code, c.number, c.expires_on, c.product.name)
        for c in Certificate.objects.filter(business=sri).select_related("type", "product")
    }
    assert certificates == {
        ("spp-irt", "PIRTNO206367401012322", dt.date(2027, 9, 19), "Keripik Singkong Balado"),
        ("spp-irt", "PIRTNO206367401012422", dt.date(2027, 10, 1), "Keripik Pisang"),
        ("halal", "ID31110000123450121", dt.date(2028, 8, 17), "Keripik Singkong Balado"),
    }

    batik = Business.objects.get(name="Batik Sarua")
    assert batik.nik == "3674034203900003"  # a float that kept all its digits
    assert batik.phone == "+6281311112222"  # a number cell that dropped its leading 0
    assert (batik.owner_gender, batik.phone_is_whatsapp) == ("M", False)
    assert batik.village_code == "36.74.04.1002"  # Sarua → Serua
    assert (batik.capital, batik.yearly_sales, batik.year_founded) == (150_000_000, 2_000_000, 2017)
    assert batik.certificates.get().expires_on == dt.date(2027, 9, 19)

    tas = Business.objects.get(name="Tas Pandan Perigi")
    assert tas.phone == "+6285711112222"
    assert tas.village_code == "36.74.03.1008"  # Perigi → Parigi, in Pd. Aren
    assert tas.certificates.get().expires_on == dt.date(2027, 8, 19)
    assert Business.objects.count() == 3
    assert Product.objects.count() == 4


def test_import_reads_csv_with_semicolons_and_windows_encoding(product_groups, tmp_path):
    rows = [
        row(**{"Nama Usaha": "Kue Cubit Ibu Ani", "Nama Pemilik": "Ani Sukaesih", "JK": "P",
               "No. HP": "0813-1111-3333", "Kecamatan": "Setu", "Kelurahan": "Kranggan",
               "Kategori": "Makanan", "Nama Produk": "Kue Cubit", "Harga": "Rp 2.500",
               "No. P-IRT": "2063674010125-22", "P-IRT Berlaku s.d.": "19 Sep 2027"})
    ]  # fmt: skip
    path = tmp_path / "excel.csv"
    write_csv(path, rows)
    path.write_bytes(path.read_text(encoding="utf-8").replace("Ani", "Añi").encode("cp1252"))

    run(path, "--commit")

    business = Business.objects.get()
    assert business.owner_name == "Añi Sukaesih"
    assert business.village_code == "36.74.07.1003"  # Kranggan → Keranggan
    assert business.certificates.get().expires_on == dt.date(2027, 9, 19)


def test_import_uses_the_office_region_aliases(product_groups, organisation, tmp_path):
    RegionAlias.objects.create(organisation=organisation, alias="Cabe Ilir", code="36.74.06.1005")
    rows = [
        row(**{"Nama Usaha": "Bakso Pak Kumis", "Nama Pemilik": "Kumis", "No. HP": "081244445555",
               "Kecamatan": "pamulang", "Kelurahan": "Cabe Ilir", "Kategori": "makanan",
               "Nama Produk": "Bakso Urat"})
    ]  # fmt: skip
    run(write_xlsx(tmp_path / "alias.xlsx", rows), "--commit")
    assert Business.objects.get().village_code == "36.74.06.1005"


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"NIK": 9.171015508950001e15}, "NIK", "NIK must be entered as text"),
        ({"NIK": 3674034203900000}, "NIK", "NIK must be entered as text"),
        ({"NIK": "1234"}, "NIK", "16"),
        ({"No. HP": "12345"}, "No. HP", "0812-3456-7890"),
        ({"Kecamatan": "Atlantis"}, "Kecamatan", "district"),
        ({"Kelurahan": "Atlantis"}, "Kelurahan", "village"),
        ({"Kategori": "sepatu"}, "Kategori", "product group"),
        ({"No. P-IRT": "12"}, "No. P-IRT", "P-IRT"),
        ({"NIB": "123"}, "NIB", "13"),
        ({"Email": "bukan email"}, "Email", "email"),
        ({"Nama Pemilik": None}, "Nama Pemilik", "required"),
        ({"No. HP": None, "NIK": None}, "No. HP", "recognised"),
    ],
)  # fmt: skip
def test_import_row_error_names_the_column_and_reason(
    product_groups, tmp_path, settings, cells, column, message
):
    settings.LANGUAGE_CODE = "en"
    good = {"Nama Usaha": "Usaha Uji", "Nama Pemilik": "Pemilik Uji", "No. HP": "081255556666",
            "NIK": "3674015508950001", "Kecamatan": "Serpong", "Kelurahan": "Ciater",
            "Kategori": "tas", "Nama Produk": "Tas Uji"}  # fmt: skip
    path = write_xlsx(tmp_path / "bad.xlsx", [row(**{**good, **cells})])
    with pytest.raises(CommandError):
        run(path, "--commit")
    output = run(path)
    line = next(line for line in output.splitlines() if line.startswith("2:"))
    assert f"[{column}]" in line
    assert message in line
    assert Business.objects.count() == 0


def test_import_refuses_a_repeated_bad_value_on_every_row(product_groups, tmp_path, settings):
    """Cells are parsed once per distinct value; a bad value must still fail (or warn) on each
    row."""
    settings.LANGUAGE_CODE = "en"
    rows = [
        row(**{"Nama Usaha": f"Usaha {n}", "Nama Pemilik": "Pemilik", "No. HP": "12345",
               "Harga": "murah", "Kategori": "tas", "Nama Produk": "Tas"})
        for n in (1, 2)
    ]  # fmt: skip
    output = run(write_xlsx(tmp_path / "repeated.xlsx", rows))
    for number in ("2:", "3:"):
        line = next(line for line in output.splitlines() if line.startswith(number))
        assert "[No. HP]" in line
        assert "Price: “murah” not read" in line
    assert Business.objects.count() == 0


def test_import_libreoffice_file_reads_text_numbers_and_truncated_nik(product_groups, settings):
    """LibreOffice turned 16-digit NIKs into numbers that lost the last digit: refused."""
    settings.LANGUAGE_CODE = "en"
    output = run(FIXTURES / "registry_libreoffice.xlsx")
    lines = {int(line.split(":")[0]): line for line in output.splitlines() if line[0].isdigit()}
    assert lines[2].startswith("2: New — UD Batik Sarua / Batik Tulis Sarua")
    assert lines[3].startswith("3: New — UD Batik Sarua / Kemeja Batik")
    assert "NIK must be entered as text" in lines[4]
    assert "NIK must be entered as text" in lines[5]
    assert lines[6].startswith("6: New — Tas Pandan Pakujaya / Tas Pandan")


def test_import_libreoffice_file_without_the_nik_column_imports(product_groups, tmp_path):
    """The same LibreOffice workbook, its NIK column cleared: every other messy value reads."""
    from openpyxl import load_workbook

    workbook = load_workbook(FIXTURES / "registry_libreoffice.xlsx")
    sheet = workbook.active
    nik_column = [cell.value for cell in sheet[1]].index("NIK") + 1
    for cells in sheet.iter_rows(min_row=4, max_row=5, min_col=nik_column, max_col=nik_column):
        cells[0].value = None
    path = tmp_path / "lo.xlsx"
    workbook.save(path)

    run(path, "--commit")

    businesses = {b.name: b for b in Business.objects.all()}
    assert set(businesses) == {
        "UD Batik Sarua",
        "Keripik Perigi",
        "Dodol Bu Tini",
        "Tas Pandan Pakujaya",
    }
    assert businesses["UD Batik Sarua"].nik == "3674015508950001"
    assert businesses["UD Batik Sarua"].yearly_sales == 120_000_000
    assert businesses["Keripik Perigi"].phone == "+6281311112222"
    assert businesses["Keripik Perigi"].village_code == "36.74.03.1008"
    assert businesses["Keripik Perigi"].year_founded == 2017
    assert businesses["Dodol Bu Tini"].phone == "+6281298765432"
    assert businesses["Dodol Bu Tini"].village_code == "36.74.06.1004"
    assert businesses["Tas Pandan Pakujaya"].village_code == "36.74.02.1003"
    perigi = Certificate.objects.filter(business=businesses["Keripik Perigi"])
    assert {(c.type.code, c.expires_on) for c in perigi} == {
        ("halal", dt.date(2027, 8, 19)),
        ("spp-irt", dt.date(2027, 10, 1)),
    }
    assert Product.objects.count() == 5


def test_import_headers_in_english_are_understood(product_groups, tmp_path):
    headers = ["Business name", "Owner name", "Phone", "Product group", "Product name", "Colour"]
    values = ["Sambal Bu Rudy", "Rudy", "0812 7777 8888", "Makanan", "Sambal Bawang", "merah"]
    path = write_xlsx(tmp_path / "en.xlsx", [values], headers=headers)
    with pytest.raises(CommandError):  # a column with content, neither mapped nor ignored
        run(path, "--commit")
    assert Business.objects.count() == 0
    output = run(path, "--commit", "--ignore-unknown-columns")
    assert "Colour" in output  # reported as ignored
    assert Business.objects.get().products.get().name == "Sambal Bawang"


def test_import_file_without_required_columns_is_refused(product_groups, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["a", "b"]], headers=["Foo", "Bar"])
    with pytest.raises(CommandError):
        run(path)
    assert HEADERS  # the module's layout is what the template describes
