"""Hostile and broken files at the import page (issue 16, item 7): each is refused, or read
correctly, within 5 seconds, and nothing is written.

Every file is first read in a child process with a timeout (the reader as the page runs it,
timed with time.monotonic around the call), so a regression that hangs or aborts the process
(calamine allocating a grid for A1 and XFD1048576) fails the test instead of hanging CI; only
then is it uploaded through the dry run and a confirmation, and the database checked.
"""

import contextlib
import io
import json
import random
import subprocess
import sys
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kurasi.registry.importing.archive import ArchiveRefused, check_inflated_size
from kurasi.registry.importing.reader import FileError, read_table
from kurasi.registry.models import Business, Product

from .conftest import CONFIRM_URL, IMPORT_URL
from .test_import_hardening import bomb_xlsx, lie_about_sizes

LIMITS = {
    "KURASI_IMPORT_MAX_UNCOMPRESSED_BYTES": 64 * 1024 * 1024,
    "KURASI_IMPORT_MAX_SHARED_STRINGS_BYTES": 4 * 1024 * 1024,
    "KURASI_IMPORT_MAX_CELLS": 1_000_000,
}
CHILD = """
import json, os, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "kurasi.settings"
import django
django.setup()
from django.conf import settings
for name, value in json.loads(sys.argv[2]).items():
    setattr(settings, name, value)
from kurasi.registry.importing.reader import FileError, read_table
started = time.monotonic()
try:
    with open(sys.argv[1], "rb") as handle:
        rows = sum(1 for _ in read_table(handle))
    outcome = f"read {rows}"
except FileError as error:
    outcome = "refused: " + str(error.message)
print(json.dumps({"seconds": time.monotonic() - started, "outcome": outcome}))
"""


def workbook(rows=(("Nama Usaha", "Nama Pemilik", "No. HP"), ("Kue Ani", "Ani", "0812-1"))):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def replace_part(data, name, content, compress=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item.filename, source.read(item), compress_type=compress)
        target.writestr(name, content, compress_type=compress)
    return out.getvalue()


def sheet_xml(cells):
    body = "".join(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>' for ref, text in cells)
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1">{body}</row></sheetData></worksheet>'
    ).encode()


def at_ratio(size, ratio, seed=16):
    """`size` bytes of XML text that deflate at about ratio:1."""
    rng = random.Random(seed)
    noise = max(1, int(size / ratio * 0.7))
    chunks, total = [], 0
    while total < size:
        chunk = bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(16))
        chunks.append(chunk + b"A" * int(16 * size / noise))
        total += len(chunks[-1])
    return b"".join(chunks)[:size]


def shared_strings(count, text=b"Usaha"):
    items = b"".join(b"<si><t>" + text + str(n).encode() + b"</t></si>" for n in range(count))
    return (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + items
        + b"</sst>"
    )


def billion_laughs():
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>&lol9;</t></si></sst>"
    ).encode()


def with_entities():
    data = replace_part(workbook(), "xl/sharedStrings.xml", billion_laughs())
    sheet = sheet_xml([]).replace(
        b'<row r="1"></row>',
        b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
    )
    return replace_part(data, "xl/worksheets/sheet1.xml", sheet)


def several_bombs():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/workbook.xml", b"<workbook/>")
        for n in range(8):
            bomb.writestr(f"xl/media/image{n}.bin", b"\0" * (16 * 1024 * 1024))
    return out.getvalue()


def many_parts():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        for n in range(3000):
            archive.writestr(f"x/{n}", b"")
    return out.getvalue()


def hostile_files():
    real = workbook()
    csv = b"Nama Usaha;Nama Pemilik;No. HP\r\nKue Ani;Ani;0812-1111-2222\r\n"
    return {
        "truncated zip": (real[: len(real) // 2], "refused"),
        "nested zip": (replace_part(real, "xl/worksheets/sheet1.xml", real), "refused"),
        "zip inside a zip": (replace_part(b"PK\5\6" + b"\0" * 18, "ikm.xlsx", real), "refused"),
        "member declared small": (lie_about_sizes(bomb_xlsx(real, 96 * 1024 * 1024)), "refused"),
        "bomb of several members": (several_bombs(), "refused"),
        "inflates 35:1 (hung the worker)": (
            replace_part(real, "docProps/custom.xml", at_ratio(3_000_000, 35)),
            "read",
        ),
        "huge shared strings": (
            replace_part(real, "xl/sharedStrings.xml", shared_strings(400_000)),
            "refused",
        ),
        "XML entity expansion": (with_entities(), "any"),
        "A1 and XFD1048576 (grid of 17 billion cells)": (
            replace_part(
                real,
                "xl/worksheets/sheet1.xml",
                sheet_xml([("A1", "Nama Usaha"), ("XFD1048576", "x")]),
            ),
            "refused",
        ),
        "3,000 parts": (many_parts(), "refused"),
        "an .xlsx that is a CSV": (csv, "read"),
        "wrong content types": (
            replace_part(real, "[Content_Types].xml", b"<Types>nonsense</Types>"),
            "any",
        ),
        "binary junk": (bytes(random.Random(1).randrange(1, 256) for _ in range(200_000)), "any"),
        "CSV with NUL bytes": (csv + b"a" * 4096 + b"\0;\0\r\n", "refused"),
        "CSV with one 10 MB line": (b"Nama Usaha;Nama Pemilik\r\n" + b"ab;" * 3_500_000, "refused"),
        "CSV with one 10 MB cell": (b"Nama Usaha;Nama Pemilik\r\n" + b"a" * 10_000_000, "refused"),
    }


HOSTILE = hostile_files()
REAL = workbook()


def read_in_child(tmp_path, data):
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), json.dumps(LIMITS)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_refused_or_read_in_time_and_nothing_written(
    name, client_for, admin_user, product_groups, tmp_path, media, settings
):
    data, expected = HOSTILE[name]
    child = read_in_child(tmp_path, data)
    assert child["seconds"] < 5, child
    if expected != "any":
        assert child["outcome"].startswith(expected), child

    for setting, value in LIMITS.items():
        setattr(settings, setting, value)
    client = client_for(admin_user)
    dry = client.post(IMPORT_URL, {"file": SimpleUploadedFile("ikm.xlsx", data)})
    assert dry.status_code in (200, 400)
    if dry.status_code == 200 and child["outcome"].startswith("refused"):
        assert dry.context["plan"].file_error
    assert (Business.objects.count(), Product.objects.count()) == (0, 0)
    token = dry.context.get("token") if dry.context else None
    if token and expected == "refused":
        client.post(CONFIRM_URL, {"token": token})
        assert (Business.objects.count(), Product.objects.count()) == (0, 0)


def test_the_35_to_1_workbook_no_longer_hangs_the_measure(settings):
    """The loop fed the bytes after the deflate stream's end again and again, for ever."""
    data = replace_part(workbook(), "docProps/custom.xml", at_ratio(2_000_000, 35))
    check_inflated_size(io.BytesIO(data))  # returns: the test would hang otherwise


def test_calamine_does_not_expand_xml_entities():
    """A shared-string table with a DOCTYPE of nested entities: calamine refuses it (or, were it
    read, the entity would stay short); it never builds "lol" × 10⁹ (3 GB)."""
    with contextlib.suppress(FileError):
        rows = [record for _number, record in read_table(io.BytesIO(with_entities()))]
        assert len(str(rows)) < 1000
    data = replace_part(workbook(), "xl/sharedStrings.xml", billion_laughs())
    check_inflated_size(io.BytesIO(data))  # the part itself is small: the measure lets it by


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=4096), st.sampled_from(["", "Nama Usaha;Nama Pemilik\n"]))
def test_fuzz_csv_reader_never_crashes(data, prefix):
    with contextlib.suppress(FileError):
        list(read_table(io.BytesIO(prefix.encode() + data)))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_fuzz_archive_measure_on_damaged_workbooks(data):
    real = bytearray(REAL)  # one workbook: openpyxl's timestamps change its length
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(real) - 1))
        real[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(real) // 2, len(real)))
    with contextlib.suppress(ArchiveRefused):
        check_inflated_size(io.BytesIO(bytes(real[:cut])))


FUZZ_CHILD = """
import io, os, random, sys, zlib
os.environ["DJANGO_SETTINGS_MODULE"] = "kurasi.settings"
import django
django.setup()
from kurasi.registry.importing.reader import FileError, read_table
data = open(sys.argv[1], "rb").read()
rng = random.Random(16)
for _ in range(150):
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    try:
        list(read_table(io.BytesIO(bytes(damaged))))
    except FileError:
        pass
print("ok")
"""


def test_fuzz_damaged_workbooks_through_calamine_in_a_child(tmp_path):
    """Damaged workbooks that pass the measure reach calamine: a crash or hang of the child
    fails the test (150 damaged copies, a fixed seed)."""
    path = tmp_path / "real.xlsx"
    path.write_bytes(replace_part(workbook(), "xl/worksheets/sheet1.xml", sheet_xml(
        [("A1", "Nama Usaha"), ("B1", "Nama Pemilik"), ("C1", "No. HP")]
    ), compress=zipfile.ZIP_STORED))  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", FUZZ_CHILD, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok"


def test_cells_are_counted_over_all_the_sheets(settings):
    """Each sheet under the limit, all of them over it: the reader may load every sheet once."""
    settings.KURASI_IMPORT_MAX_CELLS = 1000
    from openpyxl import Workbook

    book = Workbook()
    for number in range(4):
        sheet = book.active if number == 0 else book.create_sheet(f"Lembar {number}")
        for row in range(30):
            sheet.append([f"isi {row}-{column}" for column in range(10)])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ArchiveRefused):
        check_inflated_size(io.BytesIO(out.getvalue()))
    settings.KURASI_IMPORT_MAX_CELLS = 1200
    check_inflated_size(io.BytesIO(out.getvalue()))
