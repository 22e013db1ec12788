"""How offices name the import's columns, in Indonesian and English (data for mapping.py).

Names are written as people write them; mapping.py normalises them the same way as the file's
headers (lower case, punctuation dropped, abbreviations spelt out), so "No. HP", "no hp" and
"Nomor HP" are one entry. The template's own headers and the aliases in columns.py count too.
"""

# Words spelt out before looking up (after punctuation is dropped).
ABBREVIATIONS = {
    "nomor": "no", "nomer": "no", "nmr": "no", "nr": "no", "num": "no", "number": "no",
    "tgl": "tanggal", "tg": "tanggal", "thn": "tahun", "th": "tahun", "jml": "jumlah",
    "jmlh": "jumlah", "jlh": "jumlah", "telp": "telepon", "tlp": "telepon", "telpon": "telepon",
    "tlpn": "telepon", "tel": "telepon", "telephone": "telepon", "kec": "kecamatan",
    "kel": "kelurahan", "ds": "desa", "bln": "bulan", "kap": "kapasitas", "prod": "produksi",
    "handphone": "hp", "ponsel": "hp", "hape": "hp", "whatsapp": "wa", "whatsap": "wa",
    "brg": "barang", "ket": "keterangan", "kab": "kabupaten", "almt": "alamat",
    "kat": "kategori", "klp": "kelompok", "perush": "perusahaan", "usha": "usaha",
}  # fmt: skip

# Units and fillers dropped from a header that is not found as it is ("Harga Rp", "Kapasitas
# per bulan"); never the header's first word.
UNIT_WORDS = {
    "rp", "rupiah", "idr", "bulan", "bulanan", "month", "monthly", "tahun", "year", "hari",
    "day", "days", "minggu", "orang", "org", "jiwa", "pcs", "buah", "unit", "kg", "gram",
    "liter", "pack", "pak", "lembar", "potong", "biji", "dalam", "in", "satuan", "s", "d", "sd",
    "terakhir", "saat", "ini",
}  # fmt: skip

# "No", "No." and "Nomor" alone: the row-number column, left out without asking.
ROW_NUMBER = ("no", "no urut", "urut", "nomor urut", "no baris", "row", "no.", "#", "nomor")

# Headers that look like a field but are not it: they are left for the person to decide.
NOT_RECOGNISED = (
    "omzet per bulan", "omset per bulan", "omzet bulan", "omset bulan", "omzet bulanan",
    "omset bulanan", "penjualan per bulan", "monthly sales", "kapasitas per tahun",
    "kapasitas produksi per tahun", "kapasitas tahun", "kapasitas per hari",
    "kapasitas produksi per hari", "kapasitas hari", "produksi per tahun", "produksi per hari",
    "kapasitas per minggu", "nama", "keterangan", "catatan",
)  # fmt: skip

SYNONYMS = {
    "business_name": (
        "nama usaha", "nama ikm", "nama umkm", "nama ukm", "nama perusahaan", "perusahaan",
        "nama toko", "nama unit usaha", "nama badan usaha", "usaha", "ikm", "umkm", "ukm",
        "nama usaha ikm", "nama ikm umkm", "nama usaha umkm", "nama pelaku ikm", "business",
        "business name", "company", "company name", "nama perusahaan usaha", "nama industri",
        "nama merek usaha", "nama kelompok usaha", "nama koperasi", "nama kub",
    ),
    "owner_name": (
        "nama pemilik", "pemilik", "pemilik usaha", "nama pemilik usaha", "nama pelaku usaha",
        "pelaku usaha", "nama pengusaha", "pengusaha", "penanggung jawab",
        "nama penanggung jawab", "pj", "owner", "owner name", "nama owner", "pimpinan",
        "nama pimpinan", "nama lengkap", "nama pemilik ikm", "nama ketua", "ketua",
        "contact person", "cp", "nama cp", "pemilik ikm",
    ),
    "owner_gender": (
        "jenis kelamin", "jk", "j k", "l p", "lp", "gender", "sex", "kelamin", "jenkel",
        "jenis kelamin pemilik", "l p pemilik", "jk pemilik", "pria wanita",
    ),
    "nik": (
        "nik", "no ktp", "ktp", "nik ktp", "nik pemilik", "no nik", "nomor induk kependudukan",
        "no induk kependudukan", "national id", "id number", "no ktp pemilik", "nik ktp pemilik",
    ),
    "phone": (
        "no hp", "hp", "no telepon", "telepon", "telepon hp", "no hp telepon", "no telepon hp",
        "kontak", "no kontak", "hp wa", "no hp wa", "no wa", "no wa hp", "wa hp",
        "telepon wa", "no telepon wa", "phone", "phone number", "mobile", "mobile phone",
        "contact", "contact number", "no hp pemilik", "hp pemilik", "telepon pemilik",
        "no telepon pemilik", "no handphone", "no seluler", "seluler",
    ),
    "whatsapp": ("wa", "ada wa", "punya wa", "on wa", "wa ya tidak", "aktif wa", "wa aktif"),
    "email": (
        "email", "e mail", "surel", "alamat email", "alamat surel", "email address", "mail",
        "alamat e mail", "email pemilik",
    ),
    "address": (
        "alamat", "alamat usaha", "alamat lengkap", "alamat rumah", "alamat tempat usaha",
        "alamat produksi", "alamat ikm", "alamat pemilik", "alamat perusahaan", "jalan",
        "address", "street address", "lokasi", "lokasi usaha", "domisili", "alamat jalan",
        "alamat rt rw", "alamat usaha lengkap",
    ),
    "district": (
        "kecamatan", "district", "nama kecamatan", "kecamatan usaha", "wilayah kecamatan",
    ),
    "village": (
        "kelurahan", "desa", "kelurahan desa", "desa kelurahan", "village", "sub district",
        "subdistrict", "nama desa", "nama kelurahan", "desa kel", "kelurahan desa usaha",
    ),
    "postal_code": ("kode pos", "kodepos", "postcode", "postal code", "zip", "zip code"),
    "nib": (
        "nib", "no nib", "nomor induk berusaha", "nib oss", "no induk berusaha", "nib rba",
        "business id number",
    ),
    "npwp": ("npwp", "no npwp", "npwp usaha", "npwp pemilik", "tax number", "tax id"),
    "kbli": ("kbli", "kode kbli", "no kbli", "kbli codes"),
    "capital": (
        "modal", "modal usaha", "modal awal", "aset", "asset", "assets", "nilai aset",
        "nilai investasi", "investasi", "capital", "business capital", "modal kerja",
    ),
    "yearly_sales": (
        "omzet", "omset", "omzet tahunan", "omset tahunan", "omzet per tahun", "omset per tahun",
        "penjualan per tahun", "penjualan", "nilai penjualan", "hasil penjualan", "sales",
        "yearly sales", "annual sales", "turnover", "omzet penjualan", "pendapatan",
    ),
    "year_founded": (
        "tahun berdiri", "tahun mulai", "tahun mulai usaha", "tanggal berdiri",
        "tahun tanggal berdiri", "tanggal tahun berdiri", "berdiri sejak", "berdiri tahun",
        "sejak", "mulai usaha", "tahun usaha", "tahun pendirian", "tanggal pendirian",
        "tahun didirikan", "didirikan", "tahun mulai produksi", "mulai berdiri", "berdiri",
        "founded", "year founded", "established", "year established", "since",
    ),
    "workers": (
        "jumlah tenaga kerja", "tenaga kerja", "tk", "jumlah tk", "jumlah karyawan",
        "karyawan", "pekerja", "jumlah pekerja", "pegawai", "jumlah pegawai", "naker",
        "workers", "employees", "number of workers", "number of employees", "staff",
        "jumlah sdm", "sdm", "penyerapan tenaga kerja",
    ),
    "product_group": (
        "kelompok produk", "kategori", "kategori produk", "kategori usaha", "jenis produk",
        "jenis usaha", "bidang usaha", "sektor", "sektor usaha", "sub sektor", "subsektor",
        "cabang industri", "kelompok industri", "jenis industri", "group", "category",
        "product group", "product category",
    ),
    "product_name": (
        "nama produk", "produk", "product", "product name", "komoditas", "komoditi",
        "produk unggulan", "hasil produksi", "nama barang", "barang", "produk yang dihasilkan",
        "jenis barang", "produk utama", "nama produk utama",
    ),
    "description": (
        "deskripsi", "deskripsi produk", "keterangan produk", "uraian produk", "spesifikasi",
        "spesifikasi produk", "description", "product description",
    ),
    "price": (
        "harga", "harga jual", "harga satuan", "harga produk", "harga per unit",
        "harga jual produk", "harga eceran", "price", "unit price", "selling price",
    ),
    "unit": ("satuan", "unit", "satuan produk", "satuan jual", "unit of sale"),
    "monthly_capacity": (
        "kapasitas", "kapasitas produksi", "kapasitas per bulan", "kapasitas produksi per bulan",
        "kapasitas bulan", "produksi per bulan", "jumlah produksi", "jumlah produksi per bulan",
        "volume produksi", "capacity", "monthly capacity", "production capacity",
        "capacity per month", "kapasitas terpasang",
    ),
    "materials": (
        "bahan baku", "bahan", "bahan utama", "bahan baku utama", "materials", "main materials",
        "raw materials", "asal bahan baku",
    ),
    "packaging": ("kemasan", "jenis kemasan", "bahan kemasan", "packaging"),
    "shelf_life_days": (
        "masa simpan", "daya tahan", "umur simpan", "daya simpan", "ketahanan produk",
        "shelf life",
    ),
    "pirt_number": (
        "pirt", "p irt", "spp irt", "no pirt", "no p irt", "no spp irt", "izin pirt",
        "izin p irt", "nomor pirt", "sertifikat pirt",
    ),
    "halal_number": (
        "halal", "no halal", "sertifikat halal", "no sertifikat halal", "halal certificate",
        "label halal", "no label halal",
    ),
    "bpom_number": ("bpom", "no bpom", "bpom md", "no bpom md", "izin edar", "md bpom"),
    "sni_number": ("sni", "no sni", "sppt sni", "sertifikat sni"),
    "programme": (
        "program", "programme", "program kurasi", "nama program", "judul program", "kurasi",
        "program kurasi produk", "daftar program", "daftar ke program", "didaftarkan ke",
        "ikut program", "ikut kurasi", "call", "open call", "programme title",
        "programme name", "curation programme", "enter into",
    ),
}  # fmt: skip
