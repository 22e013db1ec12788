"""Streaming rows out of an uploaded .xlsx or .csv, whatever its name says.

The kind of file is told by its content (an .xlsx is a zip archive); rows are yielded one by one
(python-calamine, the csv module) so a 100,000-row file never sits in Python's memory whole.
The table is found where it sits (layout.py): the header row among the first rows, a header
spread over two rows, the sheet that holds the data; totals and notes rows under it are skipped
and listed (Table.skipped). Before calamine sees an .xlsx, archive.py bounds what it costs.

    table = read_table(handle, mapping=..., sheet=None)
    table.kind, table.headers, table.unknown, table.sheets, table.sheet, table.notes
    for number, record in table: ...        # then table.skipped: [(row number, why)]

read_rows(handle, mapping=None, sheet=None) returns (kind, headers, unknown, table) as before.
"""

import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineWorkbook, XmlError, ZipError

from .archive import ArchiveRefused, check_inflated_size
from .columns import REQUIRED_HEADERS
from .layout import SEARCH_ROWS, find_header, skip_reason
from .mapping import match_columns
from .textfile import TextError, csv_rows

XLSX, CSV = "xlsx", "csv"
ZIP_MAGIC = b"PK\x03\x04"
FORMULA = ("=", "+", "-", "@", "\t", "\r")
CALAMINE_ERRORS = (
    CalamineError, ZipError, XmlError, zipfile.BadZipFile, KeyError, OSError, ValueError,
    ArithmeticError, RuntimeError,
)  # fmt: skip


def _is_panic(error) -> bool:
    # A Rust panic inside calamine comes as pyo3's PanicException (a BaseException).
    return type(error).__name__ == "PanicException"


class FileError(Exception):
    """The file as a whole cannot be read; `message` is translatable."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def sniff_kind(handle) -> str:
    start = handle.read(4)
    handle.seek(0)
    return XLSX if start == ZIP_MAGIC else CSV


class Table:
    """The table found in the file; iterating it yields (row number, {key: raw value})."""

    def __init__(self, kind, rows, first_number, header, mapping):
        self.kind = kind
        self.sheets: list[str] = []
        self.sheet = ""
        self.notes: list = []  # translatable texts for the dry-run page
        self.skipped: list[tuple[int, str]] = []  # (row number, why), filled while reading
        self.header_rows = header.rows if header else 1
        self.header_number = first_number - 1
        cells = header.cells if header else []
        match = match_columns(cells, mapping)
        self.positions, self.unknown = match.positions, match.unknown
        missing = [key for key in REQUIRED_HEADERS if key not in self.positions.values()]
        if missing:
            raise FileError(
                _("The file has no column for the business name and the owner's name.")
                if len(missing) > 1
                else _("A required column is missing: business name or owner's name.")
            )
        self.headers = match.headers()  # {key: header as written}, with .match
        self._rows, self._first = rows, first_number

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        items = list(self.positions.items())
        try:
            for number, row in enumerate(self._rows, start=self._first):
                record = {}
                width = len(row)
                for index, key in items:
                    if index < width:
                        value = row[index]
                        if value is not None and value != "":
                            if (
                                isinstance(value, str)
                                and value[:1] == "'"
                                and value[1:2] in FORMULA
                            ):
                                value = value[1:]  # our export's guard against formulas, undone
                            record[key] = value
                if not record and not any(cell not in (None, "") for cell in row):
                    continue
                reason = skip_reason(row, record)
                if reason is not None:
                    self.skipped.append((number, reason))
                    continue
                if record:  # cells outside the table's columns alone are not a row
                    yield number, record
        except TextError as error:
            raise FileError(error.message) from error
        except CALAMINE_ERRORS as error:
            raise FileError(_("This file is not a readable .xlsx workbook.")) from error


def _located(kind, rows, offset, mapping, merged=()):
    """A Table over `rows` (an iterator), its header found among the first rows; `offset` is
    the sheet row number of the first row given, minus one."""
    head = []
    for row in rows:
        head.append(row)
        if len(head) >= SEARCH_ROWS:
            break
    if not any(any(cell not in (None, "") for cell in row) for row in head):
        raise FileError(_("The file is empty."))
    header = find_header(head, merged)
    if header is None:  # nothing known: the first non-empty row, for the mapping step
        first = next(i for i, row in enumerate(head) if any(c not in (None, "") for c in row))
        header = _plain_header(head[first], first)

    def rest():
        yield from head[header.index + 1 :]
        yield from rows

    return Table(kind, rest(), offset + header.index + 2, header, mapping)


def _plain_header(row, index):
    from .layout import Header

    return Header(index, [None if c in (None, "") else str(c) for c in row], 1, (0, 0))


def read_table(handle, *, mapping=None, sheet=None) -> Table:
    kind = sniff_kind(handle)
    if kind == CSV:
        try:
            rows, notes = csv_rows(handle)
            table = _located(CSV, rows, 0, mapping)
        except TextError as error:
            raise FileError(error.message) from error
        table.notes = notes
        return table
    try:
        check_inflated_size(handle)
    except ArchiveRefused as refused:
        raise FileError(refused.message) from refused
    try:
        return _xlsx_table(handle, mapping, sheet)
    except CALAMINE_ERRORS as error:
        raise FileError(_("This file is not a readable .xlsx workbook.")) from error
    except BaseException as error:
        if _is_panic(error):
            raise FileError(_("This file is not a readable .xlsx workbook.")) from error
        raise


def read_rows(handle, mapping=None, sheet=None) -> tuple[str, dict, list[str], Table]:
    """(kind, {column key: header as written}, unknown headers, the table: an iterator of (row
    number, {column key: raw value}) with .skipped, .notes, .sheets, .sheet).

    Row numbers are the spreadsheet's own. Blank rows are skipped, and so are totals and notes
    rows (listed in .skipped). Raises FileError for a file without the required columns.
    """
    table = read_table(handle, mapping=mapping, sheet=sheet)
    return table.kind, table.headers, table.unknown, table


def _xlsx_table(handle, mapping, wanted):
    """The sheet asked for, else the one whose header names the most columns (then the one with
    the most rows); python-calamine (Rust) reads a sheet about 14× faster than openpyxl."""
    workbook = CalamineWorkbook.from_filelike(handle)
    names = [
        meta.name for meta in workbook.sheets_metadata if str(meta.typ).endswith("WorkSheet")
    ] or list(workbook.sheet_names)
    if wanted and wanted not in names:
        raise FileError(_("The workbook has no sheet named “%(name)s”.") % {"name": wanted})
    best = None
    for name in [wanted] if wanted else names:
        sheet = workbook.get_sheet_by_name(name)
        rows = _sheet_rows(sheet)
        head = [row for _index, row in zip(range(SEARCH_ROWS), rows, strict=False)]
        header = find_header(head, _merged(sheet))
        score = (header.score if header else (0, 0), sheet.height)
        if best is None or score > best[0]:
            best = (score, name, sheet)
    name, sheet = best[1], best[2]
    # python-calamine yields the rows above the first filled one (empty), not the columns left of
    # it: _sheet_rows adds those, so row and column numbers are the sheet's own.
    table = _located(XLSX, _sheet_rows(sheet, workbook), 0, mapping, _merged(sheet))
    table.sheets, table.sheet = names, name
    if len(names) > 1 and not wanted:
        table.notes.append(
            _("The workbook has %(count)d sheets; the table was read from “%(name)s”.")
            % {"count": len(names), "name": name}
        )
    return table


def _merged(sheet):
    try:
        return tuple(sheet.merged_cell_ranges or ())
    except CALAMINE_ERRORS:
        return ()


def _sheet_rows(sheet, workbook=None) -> Iterator[tuple]:
    """The sheet's rows from its first filled row, from column A (so a column's letter is the
    sheet's own); empty cells are None."""
    margin = (None,) * (sheet.start[1] if sheet.height else 0)
    try:
        for row in sheet.iter_rows():
            yield margin + tuple(None if value == "" else value for value in row)
    finally:
        if workbook is not None:
            workbook.close()
