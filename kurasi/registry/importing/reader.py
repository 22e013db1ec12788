"""Streaming rows out of an uploaded .xlsx or .csv, whatever its name says.

The kind of file is told by its content (an .xlsx is a zip archive); rows are yielded one by one
(python-calamine, the csv module) so a 100,000-row file never sits in Python's memory whole.
"""

import csv
import io
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineWorkbook, XmlError, ZipError

from .archive import ArchiveRefused, check_inflated_size
from .columns import REQUIRED_HEADERS, match_headers

XLSX, CSV = "xlsx", "csv"
ZIP_MAGIC = b"PK\x03\x04"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


class FileError(Exception):
    """The file as a whole cannot be read; `message` is translatable."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def sniff_kind(handle) -> str:
    start = handle.read(4)
    handle.seek(0)
    return XLSX if start == ZIP_MAGIC else CSV


def _xlsx_rows(handle) -> Iterator[tuple]:
    """Rows of the workbook's first sheet (the template's guide sheet comes after it).

    python-calamine (Rust) reads the sheet about 14× faster than openpyxl's XML parsing, which
    was most of an import's time; it holds the sheet in compact native memory (about 100 MB for
    100,000 rows; the whole import peaks near 420 MB) and hands Python one row at a time. Empty
    cells come back as "" and are turned into None, as the rest of the importer expects.
    """
    try:
        workbook = CalamineWorkbook.from_filelike(handle)
        sheet = workbook.get_sheet_by_index(0)
    except (
        CalamineError,
        ZipError,
        XmlError,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
    ) as error:
        raise FileError(_("This file is not a readable .xlsx workbook.")) from error
    try:
        for row in sheet.iter_rows():
            yield tuple(None if value == "" else value for value in row)
    finally:
        workbook.close()


def _decoded_lines(handle) -> Iterator[str]:
    """Text lines from bytes: UTF-8 (with or without BOM), else Windows-1252 as Excel saves."""
    head = handle.read(65536)
    handle.seek(0)
    try:
        head.decode("utf-8-sig")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        encoding = "utf-8-sig" if error.start >= len(head) - 3 else "cp1252"
    stream = handle if isinstance(handle, io.IOBase) else getattr(handle, "file", handle)
    yield from io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")


def _csv_rows(handle) -> Iterator[list]:
    lines = _decoded_lines(handle)
    first = next(lines, "")
    # Excel in an Indonesian locale saves with ";" because "," is the decimal mark.
    delimiter = max((";", ",", "\t"), key=first.count)
    yield from csv.reader(_chain(first, lines), delimiter=delimiter)


def _chain(first, rest):
    yield first
    yield from rest


def read_rows(handle) -> tuple[str, dict, list[str], Iterator[tuple[int, dict]]]:
    """(kind, {column key: header as written}, unknown headers, iterator of (row number,
    {column key: raw value})).

    Row numbers are the spreadsheet's own (header = the first non-empty row). Blank rows are
    skipped. Raises FileError for a file without the required columns.
    """
    kind = sniff_kind(handle)
    if kind == XLSX:
        try:
            check_inflated_size(handle)
        except ArchiveRefused as refused:
            raise FileError(refused.message) from refused
    rows = _xlsx_rows(handle) if kind == XLSX else _csv_rows(handle)
    number = 0
    for number, header in enumerate(rows, start=1):  # noqa: B007
        if any(cell not in (None, "") for cell in header):
            break
    else:
        raise FileError(_("The file is empty."))
    positions, unknown = match_headers(header)
    missing = [key for key in REQUIRED_HEADERS if key not in positions.values()]
    if missing:
        raise FileError(
            _("The file has no column for the business name and the owner's name.")
            if len(missing) > 1
            else _("A required column is missing: business name or owner's name.")
        )
    headers = {key: str(header[index]).strip() for index, key in positions.items()}
    return kind, headers, unknown, _records(rows, positions, number)


def _records(rows, positions, header_number):
    items = list(positions.items())
    for number, row in enumerate(rows, start=header_number + 1):
        record = {}
        width = len(row)
        for index, key in items:
            if index < width:
                value = row[index]
                if value is not None and value != "":
                    if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA:
                        value = value[1:]  # our export's guard against formulas, undone
                    record[key] = value
        if record:
            yield number, record
