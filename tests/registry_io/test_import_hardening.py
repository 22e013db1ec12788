"""Hostile spreadsheets at the import page: zip bombs (honest or lying about their sizes) and
files past the size limit are refused before anything parses them."""

import io
import struct
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from kurasi.registry.models import Business

from .conftest import IMPORT_URL, write_xlsx

BOMB_PART = "xl/sharedStrings.xml"


def bomb_xlsx(real_xlsx_bytes, inflated_size):
    """A real workbook plus a sharedStrings part that inflates to `inflated_size` bytes."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(real_xlsx_bytes)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            if item.filename != BOMB_PART:
                bomb.writestr(item, source.read(item))
        with bomb.open(BOMB_PART, "w") as part:
            for _ in range(inflated_size // (1024 * 1024)):
                part.write(b"<si><t>" + b"A" * (1024 * 1024 - 15) + b"</t></si>")
    return output.getvalue()


def lie_about_sizes(data):
    """Rewrite every declared uncompressed size (local and central headers) to 100 bytes."""
    data = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.find(signature)
        while start != -1:
            struct.pack_into("<I", data, start + offset, 100)
            start = data.find(signature, start + 4)
    return bytes(data)


def upload(client, data, name="ikm.xlsx"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})


def real_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "ikm.xlsx", [])
    return path.read_bytes()


def test_xlsx_zip_bomb_refused_before_parsing(client_for, admin_user, tmp_path, media, settings):
    settings.KURASI_IMPORT_MAX_UNCOMPRESSED_BYTES = 8 * 1024 * 1024
    data = bomb_xlsx(real_xlsx(tmp_path), 32 * 1024 * 1024)
    assert len(data) < 200_000  # 32 MB inside a file of a few kilobytes
    response = upload(client_for(admin_user), data)
    assert response.status_code == 200
    assert "lebih dari 8 MB setelah dibuka" in response.content.decode()
    assert response.context["plan"].rows == []
    assert not Business.objects.exists()


def test_xlsx_zip_bomb_lying_about_its_sizes_is_still_measured(
    client_for, admin_user, tmp_path, media, settings
):
    settings.KURASI_IMPORT_MAX_UNCOMPRESSED_BYTES = 8 * 1024 * 1024
    data = lie_about_sizes(bomb_xlsx(real_xlsx(tmp_path), 32 * 1024 * 1024))
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()) < 10_000
    response = upload(client_for(admin_user), data)
    assert response.status_code == 200
    assert "lebih dari 8 MB setelah dibuka" in response.content.decode()


def test_import_file_over_the_size_limit_refused_with_a_clear_message(
    client_for, admin_user, media
):
    data = b"Nama Usaha;Nama Pemilik\n" + b"Usaha;Pemilik\n" * (26 * 1024 * 1024 // 14)
    response = upload(client_for(admin_user), data, name="ikm.csv")
    assert response.status_code == 400
    assert "Berkas lebih besar dari 25 MB." in response.content.decode()
    assert [p for p in media.rglob("*") if p.is_file()] == []
