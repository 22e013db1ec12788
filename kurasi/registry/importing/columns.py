"""The columns of the import (and export) file: one row per product, business columns repeated.

Headers are matched case-insensitively, ignoring punctuation, in Indonesian or English, so a
sheet an office already keeps ("Nama Usaha", "No. HP") is read as it is. The column table is
the file format itself, so it carries both languages as data rather than through gettext: the
template's guide sheet explains every column in both.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header_id: str
    header_en: str
    help_id: str
    help_en: str
    example: str = ""
    aliases: tuple[str, ...] = ()


# Certificate columns: (type code prefix in the key, shipped type code).
CERTIFICATE_COLUMNS = {"pirt": "spp-irt", "halal": "halal", "bpom": "bpom-md", "sni": "sni"}

COLUMNS = (
    Column(
        "business_name",
        "Nama Usaha",
        "Business name",
        "Wajib.",
        "Required.",
        "Keripik Bu Sri",
        ("nama ikm", "nama perusahaan", "nama umkm", "usaha", "business"),
    ),
    Column(
        "owner_name",
        "Nama Pemilik",
        "Owner name",
        "Wajib.",
        "Required.",
        "Sri Wahyuni",
        ("pemilik", "nama pelaku usaha", "owner"),
    ),
    Column(
        "owner_gender",
        "Jenis Kelamin",
        "Owner gender",
        "L/P, Laki-laki/Perempuan.",
        "M/F, Male/Female.",
        "P",
        ("jk", "l p", "gender", "sex", "jenis kelamin pemilik"),
    ),
    Column(
        "nik",
        "NIK",
        "NIK",
        "16 angka; tulis sebagai teks di Excel.",
        "16 digits; enter as text in Excel.",
        "3674015508950001",
        ("nik pemilik", "no ktp", "nomor ktp", "ktp", "national id"),
    ),
    Column(
        "phone",
        "No. HP",
        "Phone",
        "Mis. 0812-3456-7890.",
        "E.g. 0812-3456-7890.",
        "0812-3456-7890",
        ("no hp", "hp", "nomor hp", "telepon", "no telp", "telp", "no hp wa", "phone number"),
    ),
    Column(
        "whatsapp",
        "WhatsApp",
        "WhatsApp",
        "ya/tidak (kosong = ya).",
        "yes/no (blank = yes).",
        "ya",
        ("wa", "ada wa", "on whatsapp"),
    ),
    Column(
        "email",
        "Email",
        "Email",
        "Boleh kosong.",
        "Optional.",
        "",
        ("e mail", "surel", "alamat email"),
    ),
    Column(
        "address",
        "Alamat",
        "Address",
        "Jalan, RT/RW.",
        "Street, RT/RW.",
        "Jl. Merpati No. 5 RT 02/03",
        ("alamat usaha", "alamat lengkap", "street address"),
    ),
    Column(
        "district",
        "Kecamatan",
        "District",
        "Nama kecamatan.",
        "District (kecamatan) name.",
        "Pamulang",
        ("kec", "district kecamatan"),
    ),
    Column(
        "village",
        "Kelurahan",
        "Village",
        "Nama kelurahan/desa.",
        "Village (kelurahan/desa) name.",
        "Pondok Benda",
        ("kel", "desa", "kelurahan desa", "sub district", "subdistrict", "village kelurahan"),
    ),
    Column(
        "postal_code",
        "Kode Pos",
        "Postal code",
        "5 angka.",
        "5 digits.",
        "15416",
        ("kodepos", "postcode", "zip"),
    ),
    Column("nib", "NIB", "NIB", "13 angka.", "13 digits.", "", ("nomor induk berusaha",)),
    Column(
        "npwp",
        "NPWP",
        "NPWP",
        "15 atau 16 angka.",
        "15 or 16 digits.",
        "",
        ("tax number", "tax id"),
    ),
    Column(
        "kbli",
        "KBLI",
        "KBLI",
        "Kode 5 angka, pisahkan dengan koma.",
        "5-digit codes, separated by commas.",
        "10794",
        ("kode kbli", "kbli codes"),
    ),
    Column(
        "capital",
        "Modal Usaha",
        "Capital",
        "Rupiah, mis. Rp 15.000.000.",
        "Rupiah, e.g. Rp 15.000.000.",
        "Rp 15.000.000",
        ("modal", "business capital"),
    ),
    Column(
        "yearly_sales",
        "Omzet per Tahun",
        "Yearly sales",
        "Rupiah.",
        "Rupiah.",
        "120 juta",
        ("omzet", "omset", "omset per tahun", "omzet tahunan", "sales"),
    ),
    Column(
        "year_founded",
        "Tahun Berdiri",
        "Year founded",
        "Mis. 2015.",
        "E.g. 2015.",
        "2015",
        ("tahun mulai", "founded"),
    ),
    Column(
        "workers",
        "Jumlah Tenaga Kerja",
        "Workers",
        "Angka.",
        "Number.",
        "3",
        ("tenaga kerja", "jumlah karyawan", "karyawan", "number of workers"),
    ),
    Column(
        "product_group",
        "Kelompok Produk",
        "Product group",
        "Kode atau nama kelompok produk kantor.",
        "Code or name of the office's product group.",
        "makanan",
        ("kategori", "kategori produk", "jenis produk", "group", "category"),
    ),
    Column(
        "product_name",
        "Nama Produk",
        "Product name",
        "Wajib bila ada produk.",
        "Required when the row has a product.",
        "Keripik Singkong Balado",
        ("produk", "product"),
    ),
    Column(
        "description",
        "Deskripsi",
        "Description",
        "Boleh kosong.",
        "Optional.",
        "Keripik singkong pedas manis",
        ("keterangan produk", "deskripsi produk"),
    ),
    Column(
        "price",
        "Harga",
        "Price",
        "Rupiah, mis. 15.000 atau 15rb.",
        "Rupiah, e.g. 15.000 or 15rb.",
        "15rb",
        ("harga jual", "harga satuan"),
    ),
    Column("unit", "Satuan", "Unit", "Mis. pcs, pak, kg.", "E.g. pcs, pack, kg.", "pak", ()),
    Column(
        "monthly_capacity",
        "Kapasitas per Bulan",
        "Capacity per month",
        "Angka.",
        "Number.",
        "500",
        ("kapasitas produksi", "kapasitas", "kapasitas bulan", "monthly capacity"),
    ),
    Column(
        "materials",
        "Bahan Baku",
        "Materials",
        "Bahan utama.",
        "Main materials.",
        "Singkong, cabai",
        ("bahan", "bahan utama", "main materials"),
    ),
    Column(
        "packaging",
        "Kemasan",
        "Packaging",
        "Mis. standing pouch.",
        "E.g. standing pouch.",
        "Standing pouch",
        ("jenis kemasan",),
    ),
    Column(
        "shelf_life_days",
        "Masa Simpan (hari)",
        "Shelf life (days)",
        "Khusus makanan/minuman.",
        "Food and drink only.",
        "90",
        ("masa simpan", "daya tahan", "umur simpan", "shelf life"),
    ),
    Column(
        "pirt_number",
        "No. P-IRT",
        "P-IRT number",
        "Boleh kosong.",
        "Optional.",
        "P-IRT No. 2063674010123-22",
        ("pirt", "p irt", "spp irt", "no pirt", "nomor pirt"),
    ),
    Column(
        "pirt_expires",
        "P-IRT Berlaku s.d.",
        "P-IRT expiry",
        "Tanggal, mis. 19/09/2027.",
        "Date, e.g. 19/09/2027.",
        "19 September 2027",
        ("masa berlaku pirt",),
    ),
    Column(
        "halal_number",
        "No. Sertifikat Halal",
        "Halal number",
        "Boleh kosong.",
        "Optional.",
        "",
        ("halal", "no halal", "sertifikat halal", "halal certificate"),
    ),
    Column(
        "halal_expires",
        "Halal Berlaku s.d.",
        "Halal expiry",
        "Tanggal.",
        "Date.",
        "",
        ("masa berlaku halal",),
    ),
    Column(
        "bpom_number",
        "No. BPOM",
        "BPOM number",
        "MD atau ML.",
        "MD or ML.",
        "",
        ("bpom", "bpom md", "no bpom md", "izin edar"),
    ),
    Column(
        "bpom_expires",
        "BPOM Berlaku s.d.",
        "BPOM expiry",
        "Tanggal.",
        "Date.",
        "",
        ("masa berlaku bpom",),
    ),
    Column(
        "sni_number",
        "No. SNI",
        "SNI number",
        "Boleh kosong.",
        "Optional.",
        "",
        ("sni", "sppt sni", "sertifikat sni"),
    ),
    Column(
        "sni_expires",
        "SNI Berlaku s.d.",
        "SNI expiry",
        "Tanggal.",
        "Date.",
        "",
        ("masa berlaku sni",),
    ),
    # Import only (an export row is a product, which may be in several calls): the row's
    # product is entered into this call of the office (kurasi/programmes/enrolment.py).
    Column(
        "programme",
        "Program",
        "Programme",
        "Boleh kosong. Judul atau nama singkat program (kurasi) kantor: produk baris ini "
        "didaftarkan ke program itu.",
        "Optional. Title or short name of one of the office's calls: the row's product is "
        "entered into it.",
        "",
        ("program kurasi", "nama program", "call"),
    ),
)

# Columns the import reads and the export does not write.
IMPORT_ONLY = ("programme",)

COLUMN_KEYS = tuple(column.key for column in COLUMNS)
REQUIRED_HEADERS = ("business_name", "owner_name")


def normalise_header(text) -> str:
    text = re.sub(r"[^a-z0-9]+", " ", str(text or "").lower())
    return " ".join(text.split())


def match_headers(header_row, mapping=None) -> tuple[dict[int, str], list[str]]:
    """({cell index: column key}, [headers not understood]) for the file's header row: fields
    only (mapping.match_columns also names the columns that go nowhere)."""
    from .mapping import match_columns

    match = match_columns(header_row, mapping)
    return {c.index: c.key for c in match.columns if c.key}, match.unknown


COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}


def column_label(key) -> str:
    """The column's header in the current language (as the template writes it)."""
    from django.utils.translation import get_language

    column = COLUMNS_BY_KEY.get(key)
    if column is None:
        return key
    return column.header_en if (get_language() or "id").startswith("en") else column.header_id
