"""Files for the import tests: written with openpyxl or csv in the test, or the committed
LibreOffice fixture (fixtures/registry_libreoffice.xlsx, made once with
`soffice --headless --convert-to xlsx` from a messy CSV)."""

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SLUG = "disperindag-tangsel"
IMPORT_URL = reverse("registry_io:import", args=[SLUG])
CONFIRM_URL = reverse("registry_io:confirm", args=[SLUG])

HEADERS = [
    "Nama Usaha", "Nama Pemilik", "JK", "NIK", "No. HP", "WA", "Email", "Alamat", "Kecamatan",
    "Kelurahan", "Kode Pos", "NIB", "NPWP", "KBLI", "Modal", "Omzet", "Tahun Berdiri",
    "Tenaga Kerja", "Kategori", "Nama Produk", "Harga", "Satuan", "Kapasitas per Bulan",
    "Masa Simpan (hari)", "No. P-IRT", "P-IRT Berlaku s.d.", "No. Sertifikat Halal",
    "Halal Berlaku s.d.",
]  # fmt: skip


def row(**cells):
    """A row of HEADERS with the given cells (by header) and None elsewhere."""
    return [cells.get(header) for header in HEADERS]


# The messy values offices really type; each row's expected outcome is asserted in the tests.
MESSY_ROWS = [
    row(**{"Nama Usaha": "Keripik Bu Sri", "Nama Pemilik": "Sri Wahyuni", "JK": "P",
           "NIK": "3674 0155 0895 0001", "No. HP": "0812-3456-7890", "WA": "ya",
           "Email": "Sri@Contoh.id", "Alamat": "Jl. Merpati 5 RT 02/03", "Kecamatan": "Pamulang",
           "Kelurahan": "Pondok Benda", "Kode Pos": 15416, "NIB": "9120001234567",
           "KBLI": "10794, 10799", "Modal": "Rp 15.000.000", "Omzet": "120.000.000,00",
           "Tahun Berdiri": 2015, "Tenaga Kerja": "3 orang", "Kategori": "makanan",
           "Nama Produk": "Keripik Singkong Balado", "Harga": "15rb", "Satuan": "pak",
           "Kapasitas per Bulan": "1.000", "Masa Simpan (hari)": 90,
           "No. P-IRT": "P-IRT No. 2063674010123-22", "P-IRT Berlaku s.d.": "19 September 2027",
           "No. Sertifikat Halal": "ID31110000123450121",
           "Halal Berlaku s.d.": dt.datetime(2028, 8, 17)}),
    # The same business again (phone written differently, NIK with dots), a second product.
    row(**{"Nama Usaha": "Keripik Bu Sri", "Nama Pemilik": "Sri Wahyuni", "JK": "Perempuan",
           "NIK": "3674.0155.0895.0001", "No. HP": "+62 812 3456 7890", "Kecamatan": "Pamulang",
           "Kelurahan": "Pondok Benda", "Kategori": "Makanan", "Nama Produk": "Keripik Pisang",
           "Harga": "Rp 12.500", "Satuan": "pak", "No. P-IRT": "P-IRT No. 2063674010124-22",
           "P-IRT Berlaku s.d.": "1 Okt 2027"}),
    # Village spelt as the office does (Sarua for Serua), phone as a number cell, NIK a float.
    row(**{"Nama Usaha": "Batik Sarua", "Nama Pemilik": "Dewi Lestari", "JK": "Laki-laki",
           "NIK": 3.674034203900003e15, "No. HP": 81311112222, "WA": "tidak",
           "Kecamatan": "Kec. Ciputat", "Kelurahan": "Sarua", "Modal": 150000000,
           "Omzet": "2 juta", "Tahun Berdiri": "19-9-2017", "Kategori": "Busana",
           "Nama Produk": "Batik Tulis", "Harga": "150.000,00", "Satuan": "lembar",
           "No. Sertifikat Halal": "ID31110000123450122", "Halal Berlaku s.d.": "19/09/2027"}),
    # 62… without a plus, district abbreviation, alias village, date with "Agustus".
    row(**{"Nama Usaha": "Tas Pandan Perigi", "Nama Pemilik": "Bambang", "JK": "M",
           "No. HP": "6285711112222", "Kecamatan": "Pd. Aren", "Kelurahan": "Perigi",
           "Kategori": "tas", "Nama Produk": "Tas Pandan", "Harga": 150000, "Satuan": "pcs",
           "No. P-IRT": None, "No. Sertifikat Halal": "ID31110000123450123",
           "Halal Berlaku s.d.": "19 Agustus 2027"}),
]  # fmt: skip


def write_xlsx(path, rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    workbook.save(path)
    return path


def write_csv(path, rows, headers=HEADERS, delimiter=";"):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        for values in rows:
            writer.writerow(["" if v is None else v for v in values])
    return path


@pytest.fixture
def media(tmp_path, settings):
    """Uploaded files kept between dry run and confirmation go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def messy_xlsx(tmp_path):
    return write_xlsx(tmp_path / "ikm.xlsx", MESSY_ROWS)
