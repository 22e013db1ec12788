"""Headers and values as offices write them (issue 16 items 2 and 3): the matching table, the
parsers on the usual spellings, and property tests (a number written the Indonesian way and
read back)."""

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kurasi.registry.importing import values
from kurasi.registry.importing.mapping import field_for_header, header_signature, match_columns
from kurasi.registry.importing.values import CellError, Noted


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Nama Usaha", "business_name"), ("NAMA IKM", "business_name"),
        ("Nama Perusahaan", "business_name"), ("Business name", "business_name"),
        ("Nama Usaha / IKM", "business_name"), ("Nama Pemilik", "owner_name"),
        ("Pemilik", "owner_name"), ("Owner", "owner_name"), ("NIK", "nik"), ("No. KTP", "nik"),
        ("NIB", "nib"), ("No. HP", "phone"), ("Telepon", "phone"), ("No. WA", "phone"),
        ("Nomor HP/WA", "phone"), ("Phone", "phone"), ("Alamat", "address"),
        ("Kecamatan", "district"), ("Kec.", "district"), ("Kelurahan/Desa", "village"),
        ("Desa", "village"), ("Produk", "product_name"), ("Nama Produk", "product_name"),
        ("Harga", "price"), ("Harga (Rp)", "price"), ("Harga Jual", "price"),
        ("Harga per pcs", "price"), ("Price", "price"), ("Kapasitas /bulan", "monthly_capacity"),
        ("Kapasitas Produksi (/bulan)", "monthly_capacity"), ("Capacity", "monthly_capacity"),
        ("Tahun Berdiri", "year_founded"), ("Tgl Berdiri", "year_founded"),
        ("Tahun/Tgl Berdiri", "year_founded"), ("Founded", "year_founded"),
        ("Jenis Kelamin", "owner_gender"), ("L/P", "owner_gender"),
        ("Jenis Kelamin (L/P)", "owner_gender"), ("Jumlah Tenaga Kerja", "workers"),
        ("Karyawan", "workers"), ("Jml TK", "workers"), ("Tenaga Kerja (orang)", "workers"),
        ("Modal Usaha (Rp)", "capital"), ("Omzet per Tahun (Rp)", "yearly_sales"),
        ("Masa Simpan (hari)", "shelf_life_days"), ("Email", "email"),
        ("No.", "row_number"), ("No", "row_number"), ("Nomor", "row_number"),
        ("#", "row_number"), ("No. Urut", "row_number"),
        # Another period than the field's, or nothing known: the person decides.
        ("Omzet per Bulan", ""), ("Kapasitas per Tahun", ""), ("Jumlah Produksi per Tahun", ""),
        ("Binaan Tahun", ""), ("Keterangan", ""),
    ],
)  # fmt: skip
def test_header_is_matched_as_offices_write_it(header, field):
    assert field_for_header(header) == field


def test_bare_whatsapp_column_is_the_phone_only_without_another_phone_column():
    alone = match_columns(["Nama Usaha", "Pemilik", "WhatsApp"])
    assert alone.columns[2].key == "phone"
    beside = match_columns(["Nama Usaha", "Pemilik", "No. HP", "WA"])
    assert (beside.columns[2].key, beside.columns[3].key) == ("phone", "whatsapp")


def test_header_signature_ignores_case_punctuation_and_trailing_blanks():
    assert header_signature(["Nama Usaha", "No. HP", None]) == header_signature(
        ["nama usaha", "NO HP"]
    )
    assert header_signature(["Nama Usaha", "No. HP"]) != header_signature(["No. HP", "Nama Usaha"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120 potong/bulan", 120), ("± 500", 500), ("+/- 500", 500), ("1.500", 1500),
        ("1,000", 1000), ("1,5 rb", 1500), ("12 orang", 12), ("3 (tiga)", 3), ("12.0", 12),
        ("100-150", Noted(100, "100-150")), ("100 s.d. 150 pcs", Noted(100, "100 s.d. 150 pcs")),
        ("lebih dari 100", Noted(100, "lebih dari 100")), (7.0, 7),
    ],
)  # fmt: skip
def test_count_reads_numbers_with_units_and_ranges(text, expected):
    assert values.count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 25.000", 25_000), ("25rb", 25_000), ("25 ribu", 25_000), ("1,5 jt", 1_500_000),
        ("1.5juta", 1_500_000), ("Rp. 1.250.000,-", 1_250_000), ("150.000,00", 150_000),
        ("Rp15.000/pcs", 15_000), ("Rp 1,5 M", 1_500_000_000), (15000.0, 15_000),
        ("25rb-30rb", Noted(Decimal(25_000), "25rb-30rb")),
        ("25-30rb", Noted(Decimal(25_000), "25-30rb")),
        ("Rp 25.000 - Rp 30.000", Noted(Decimal(25_000), "Rp 25.000 - Rp 30.000")),
    ],
)  # fmt: skip
def test_rupiah_reads_prices_as_written(text, expected):
    assert values.rupiah(text) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2015", 2015), ("'15", 2015), ("12-03-2015", 2015), ("12/3/2015", 2015),
        ("12 Maret 2015", 2015), ("Maret 2015", 2015), ("Mar-15", 2015), ("12-Mar-15", 2015),
        ("03/2015", 2015), ("sejak 2015", 2015), ("Th. 2010", 2010), (2015.0, 2015),
        (42000, 2014), (dt.datetime(2015, 3, 12, 8, 30), 2015), (dt.date(2001, 1, 2), 2001),
        ("2015-2016", Noted(2015, "2015-2016")), ("1990-an", Noted(1990, "1990-an")),
    ],
)  # fmt: skip
def test_year_reads_years_and_dates_in_the_usual_forms(raw, expected):
    assert values.year(raw) == expected


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (values.count, "banyak"), (values.count, "-5"), (values.count, "2,5"),
        (values.count, "12/3/2015"), (values.rupiah, "gratis"), (values.rupiah, "-5000"),
        (values.year, "zaman Belanda"), (values.year, "1850"), (values.year, "2015 (pindah 2018)"),
    ],
)  # fmt: skip
def test_unreadable_values_raise_cell_errors(parse, text):
    with pytest.raises(CellError):
        parse(text)


def indonesian(number, *, decimals=""):
    """12345678 → "12.345.678" (and ",5" for decimals), as an Indonesian spreadsheet shows it."""
    grouped = f"{number:,}".replace(",", ".")
    return f"{grouped},{decimals}" if decimals else grouped


@given(st.integers(min_value=0, max_value=10**12))
def test_rupiah_reads_back_an_amount_written_the_indonesian_way(amount):
    written = indonesian(amount)
    assert values.rupiah(written) == amount
    assert values.rupiah(f"Rp {written}") == amount
    assert values.rupiah(f"Rp. {written},-") == amount
    assert values.rupiah(f"Rp{written},00") == amount


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", " pcs", " potong/bulan"]))
def test_count_reads_back_a_whole_number_with_a_unit(number, unit):
    assert values.count(indonesian(number) + unit) == number
    assert values.count(f"{number:,}{unit}") == number  # English grouping


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["rb", " ribu", "k"]))
def test_thousands_words(number, word):
    assert values.rupiah(f"{number}{word}") == number * 1000


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=9))
def test_millions_with_a_decimal_comma(whole, tenth):
    expected = whole * 1_000_000 + tenth * 100_000
    assert values.rupiah(f"{whole},{tenth} jt") == expected
    assert values.rupiah(f"{whole}.{tenth}juta") == expected


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_a_range_is_read_as_its_lower_end_and_kept(low, extra):
    written = f"{low}-{low + extra}"
    read = values.count(written)
    assert read == Noted(low, written)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_year_of_a_date_in_any_usual_form(day):
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember"]  # fmt: skip
    for written in (
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day} {months[day.month - 1]} {day.year}",
        f"{months[day.month - 1]} {day.year}",
        day.isoformat(),
    ):
        assert values.year(written) == day.year, written
    assert values.date(f"{day.day} {months[day.month - 1]} {day.year}") == day


@given(st.text(max_size=30))
def test_parsers_never_fail_other_than_with_a_cell_error(text):
    for parse in (values.count, values.rupiah, values.year, values.gender):
        with contextlib.suppress(CellError):
            parse(text)
