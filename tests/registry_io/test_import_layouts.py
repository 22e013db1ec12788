"""Registries as offices keep them, through the import pages (upload → dry run → confirm), each
written by openpyxl and saved again by LibreOffice (`soffice --headless --convert-to xlsx`):
a title and subtitle above the table, a header spread over two rows, a cover sheet before the
data, totals and notes rows; and a Windows-1252 CSV whose first accent comes after 64 KB."""

import shutil
import subprocess

import pytest
from django.utils import translation
from openpyxl import Workbook

from kurasi.registry.importing.reader import read_table
from kurasi.registry.models import Business, Product

from ..form_data import form_data
from .test_import_pages import CONFIRM_URL, IMPORT_URL, confirm, upload

WRITERS = ["openpyxl", "libreoffice"]


def saved_by(writer, path, tmp_path):
    """The workbook as openpyxl wrote it, or opened and saved again by LibreOffice."""
    if writer == "openpyxl":
        return path
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        # Never a skip: CI must not pass without the files offices really send.
        pytest.fail("LibreOffice is not installed (make test installs it)")
    out = tmp_path / "libreoffice"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return out / path.name


def import_through_pages(client, path):
    dry = upload(client, path)
    assert dry.status_code == 200
    plan = dry.context["plan"]
    assert not plan.file_error, plan.file_error
    assert not plan.counts.get("error"), [(r.number, r.errors) for r in plan.rows if r.errors]
    assert not Business.objects.exists()  # the dry run writes nothing
    page = dry.content.decode()
    done = confirm(client, dry)
    assert done.status_code == 302, done.content.decode()[:2000]
    plan.page = page
    return plan


def office_sheet(sheet):
    """Title, subtitle (merged across), a blank row, the header on row 4, data, totals, notes."""
    sheet["A1"] = "DAFTAR IKM BINAAN DISPERINDAG KOTA TANGERANG SELATAN"
    sheet.merge_cells("A1:G1")
    sheet["A2"] = "Keadaan per 31 Desember 2024"
    sheet.merge_cells("A2:G2")
    sheet.append([])
    sheet.append(["No", "Nama Usaha", "Nama Pemilik", "Kecamatan", "Kelurahan", "Omzet", "No. HP"])
    sheet.append(
        [
            1,
            "Keripik Bu Sri",
            "Sri Wahyuni",
            "Pamulang",
            "Pondok Benda",
            120000000,
            "0812-1111-2222",
        ]
    )
    sheet.append([2, "Batik Sarua", "Dewi Lestari", "Ciputat", "Serua", 90000000, "0813-1111-2222"])
    sheet.append(["JUMLAH", None, None, None, None, 210000000])
    sheet.append([None, None, None, None, None, 210000000])
    sheet.append(["Keterangan: data dari pendataan lapangan 2024"])
    sheet.append(["Sumber: Bidang Perindustrian"])


@pytest.mark.parametrize("writer", WRITERS)
def test_title_rows_totals_and_notes(
    client_for, admin_user, product_groups, tmp_path, media, writer
):
    workbook = Workbook()
    office_sheet(workbook.active)
    path = tmp_path / "ikm.xlsx"
    workbook.save(path)
    path = saved_by(writer, path, tmp_path)

    plan = import_through_pages(client_for(admin_user), path)

    assert [r.number for r in plan.rows] == [5, 6]
    assert "Baris 7: baris jumlah, dilewati." in plan.page
    assert "Baris 9: catatan di bawah tabel, dilewati." in plan.page
    names = dict(Business.objects.values_list("name", "owner_name"))
    assert names == {"Keripik Bu Sri": "Sri Wahyuni", "Batik Sarua": "Dewi Lestari"}
    sri = Business.objects.get(name="Keripik Bu Sri")
    assert (sri.village_code, sri.yearly_sales) == ("36.74.06.1003", 120000000)
    with path.open("rb") as handle:
        table = read_table(handle)
        list(table)
    assert [number for number, _why in table.skipped] == [7, 8, 9, 10]
    with translation.override("en"):
        reasons = [str(why) for _number, why in table.skipped]
    assert reasons == [
        "a totals row, skipped",
        "only numbers and no names: a totals row, skipped",
        "a note under the table, skipped",
        "a note under the table, skipped",
    ]


@pytest.mark.parametrize("writer", WRITERS)
def test_header_over_two_rows(client_for, admin_user, product_groups, tmp_path, media, writer):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Data IKM Tahun 2024"])
    sheet.append(
        ["No", "Usaha", None, "Pemilik", "Alamat", None, "Produk", "Kategori", "Kapasitas", "HP"]
    )
    sheet.append([None, "Nama", "Tahun Berdiri", "Nama", "Kecamatan", "Kelurahan", "Nama",
                  None, "Jumlah", None])  # fmt: skip
    for cells in ("A2:A3", "B2:C2", "E2:F2", "H2:H3", "J2:J3"):
        sheet.merge_cells(cells)
    sheet.append([1, "Tas Pandan Perigi", 2015, "Bambang", "Pondok Aren", "Perigi", "Tas Pandan",
                  "tas", 120, "0857-1111-2222"])  # fmt: skip
    sheet.append([2, "Keripik Bu Sri", 2018, "Sri Wahyuni", "Pamulang", "Pondok Benda",
                  "Keripik Balado", "makanan", 500, "0858-1111-2222"])  # fmt: skip
    path = tmp_path / "dua-baris.xlsx"
    workbook.save(path)
    path = saved_by(writer, path, tmp_path)

    plan = import_through_pages(client_for(admin_user), path)

    assert [r.number for r in plan.rows] == [4, 5]
    tas = Business.objects.get(name="Tas Pandan Perigi")
    assert (tas.owner_name, tas.year_founded, tas.district_code) == ("Bambang", 2015, "36.74.03")
    product = Product.objects.get(business=tas)
    assert (product.name, product.group.code, product.monthly_capacity) == (
        "Tas Pandan",
        "tas",
        120,
    )
    assert Product.objects.get(name="Keripik Balado").monthly_capacity == 500


@pytest.mark.parametrize("writer", WRITERS)
def test_data_on_the_second_sheet(client_for, admin_user, product_groups, tmp_path, media, writer):
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Petunjuk"
    cover.append(["Petunjuk pengisian"])
    cover.append(["Isi satu baris per produk. Nama usaha dan nama pemilik wajib."])
    office_sheet(workbook.create_sheet("Data IKM"))
    workbook.create_sheet("Rekap").append(["Kecamatan", "Jumlah IKM"])
    path = tmp_path / "lembar.xlsx"
    workbook.save(path)
    path = saved_by(writer, path, tmp_path)

    import_through_pages(client_for(admin_user), path)

    assert Business.objects.count() == 2
    with path.open("rb") as handle:
        table = read_table(handle)
    assert (table.sheets, table.sheet) == (["Petunjuk", "Data IKM", "Rekap"], "Data IKM")
    with path.open("rb") as handle:
        other = read_table(handle, sheet="Data IKM")
    assert other.sheet == "Data IKM"
    assert [n for n, _r in other] == [5, 6]


def test_csv_in_windows_1252_accent_after_64_kb(
    client_for, admin_user, product_groups, tmp_path, media
):
    lines = ["Nama Usaha;Nama Pemilik;No. HP"]
    lines += [f"Usaha Nomor {n};Pemilik {n};0812{n:08d}" for n in range(1, 3001)]
    lines.append("Kafé Résumé;José Müller;081299999999")
    data = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    assert data.index("é".encode("cp1252")) > 65536
    path = tmp_path / "excel.csv"
    path.write_bytes(data)

    plan = import_through_pages(client_for(admin_user), path)

    assert "dibaca sebagai Windows-1252" in plan.page
    assert Business.objects.count() == 3001
    cafe = Business.objects.get(phone="+6281299999999")
    assert (cafe.name, cafe.owner_name) == ("Kafé Résumé", "José Müller")
    with path.open("rb") as handle:
        table = read_table(handle)
    assert "Windows-1252" in str(table.notes[0])


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_separators_and_quotes(
    client_for, admin_user, product_groups, tmp_path, media, delimiter
):
    inside = delimiter if delimiter != "\t" else ","  # a quoted cell holding the separator
    rows = [
        ["Laporan IKM"],
        ["Nama Usaha", "Nama Pemilik", "Alamat", "No. HP"],
        ["Kue Bu Ani", "Ani", f'Jl. Melati 3{inside} "RT 1"', "0812-3333-4444"],
    ]
    text = "\n".join(
        delimiter.join(f'"{c}"' if delimiter in c or '"' in c else c for c in (
            cell.replace('"', '""') for cell in row
        )) for row in rows
    )  # fmt: skip
    path = tmp_path / "ikm.csv"
    path.write_text(text + "\n", encoding="utf-8-sig")

    import_through_pages(client_for(admin_user), path)

    business = Business.objects.get()
    assert (business.name, business.address) == ("Kue Bu Ani", f'Jl. Melati 3{inside} "RT 1"')


def test_businesses_named_like_totals_or_notes_are_imported(
    client_for, admin_user, product_groups, tmp_path, media
):
    path = tmp_path / "nama.csv"
    path.write_text(
        "Nama Usaha;Nama Pemilik;No. HP\n"
        "Total Snack;Ani;0812-4444-1111\n"
        "Sumber Rejeki;Budi;0812-4444-2222\n"
        "Catatan Kopi;Citra;0812-4444-3333\n"
        "Jumlah;;\n"
        "Sumber: pendataan 2024;;\n",
        encoding="utf-8",
    )

    plan = import_through_pages(client_for(admin_user), path)

    assert set(Business.objects.values_list("name", flat=True)) == {
        "Total Snack", "Sumber Rejeki", "Catatan Kopi",
    }  # fmt: skip
    assert [number for number, _why in plan.table.skipped] == [5, 6]


def test_table_away_from_the_corner_keeps_the_sheets_row_and_column_numbers(
    client_for, admin_user, product_groups, tmp_path, media
):
    workbook = Workbook()
    sheet = workbook.active
    for column, values in zip("CDE", (("Nama Usaha", "Kue Ani"), ("Nama Pemilik", "Ani"),
                                      ("No. HP", "0812-5555-1111")), strict=True):  # fmt: skip
        sheet[f"{column}4"], sheet[f"{column}5"] = values
    path = tmp_path / "geser.xlsx"
    workbook.save(path)

    plan = import_through_pages(client_for(admin_user), path)

    assert [r.number for r in plan.rows] == [5]
    letters = {c.key: c.letter for c in plan.headers.match.columns if c.key}
    assert letters == {"business_name": "C", "owner_name": "D", "phone": "E"}
    assert Business.objects.get().name == "Kue Ani"


def test_the_person_chooses_another_sheet_and_imports_it(
    client_for, admin_user, product_groups, tmp_path, media
):
    """Two years' lists in one workbook: the reader picks the longer one, the person reads the
    other sheet instead, and the confirmation imports the sheet the dry run showed."""
    workbook = Workbook()
    older = workbook.active
    older.title = "IKM 2023"
    older.append(["Nama Usaha", "Nama Pemilik", "No. HP"])
    older.append(["Keripik Tempe Mawar", "Mawar Sari", "0812-3000-0001"])
    newer = workbook.create_sheet("IKM 2024")
    newer.append(["Nama Usaha", "Nama Pemilik", "No. HP"])
    for number in range(1, 4):
        newer.append([f"Batik Serua {number}", f"Pemilik {number}", f"0813-4000-000{number}"])
    path = tmp_path / "dua-tahun.xlsx"
    workbook.save(path)
    client = client_for(admin_user)

    dry = upload(client, path)
    assert dry.context["plan"].table.sheet == "IKM 2024"
    assert 'id="sheet-form"' in dry.content.decode()
    chosen = client.post(IMPORT_URL, {"token": dry.context["token"], "sheet": "IKM 2023"})
    assert chosen.context["plan"].table.sheet == "IKM 2023"
    assert not Business.objects.exists()
    confirm_form = chosen.content.decode().split('id="confirm-form"', 1)[1]
    done = client.post(CONFIRM_URL, form_data("<form " + confirm_form, containing="token"))

    assert done.status_code == 302
    assert list(Business.objects.values_list("name", flat=True)) == ["Keripik Tempe Mawar"]
