"""Tables out of the system: typed columns over rows, written as .csv or .xlsx.

Every export (the registry, gap lists, staff lists) describes its table here and lets these
writers do the rest, so formula injection is neutralised in one place and every file looks alike.

Choices, so nobody has to guess them again:
- CSV is comma-separated, UTF-8 with a BOM (Excel reads UTF-8 only with it), numbers as plain
  digits with a decimal point and dates as ISO 8601 (2017-09-19): a CSV is for other programs
  and for the registry's own import, which reads commas. A semicolon would suit Excel under
  Indonesian regional settings only; people who open files in Excel get the .xlsx, whose cells
  are typed and need no separator at all. The CSV holds the table only: a line about filters
  above the header would break every program that reads it.
- The .xlsx is written in openpyxl's write-only mode into a temporary file (rows are not kept in
  memory), with a bold frozen header row, column widths by type, real numbers, dates and Rupiah
  amounts, and an "Info" sheet after the data saying what was exported, with which filters, by
  whom and when. The data sheet comes first: the registry import reads the first sheet.
- A text cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return at the start)
  gets a leading apostrophe, in both formats.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TEXT = "text"
# An identifier made of digits (phone, NIB, postal code): text that must never become a number.
CODE = "code"
NUMBER = "number"
DATE = "date"
MONEY = "money"

WIDTHS = {TEXT: 28, CODE: 18, NUMBER: 12, DATE: 12, MONEY: 16}
XLSX_FORMATS = {CODE: "@", DATE: "DD/MM/YYYY", MONEY: '"Rp" #,##0'}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def neutralise(value):
    """A text a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _read(row, key):
    # dict first, by concrete type: this runs for every cell of a million-row export.
    if isinstance(row, dict):
        return row.get(key)
    if isinstance(row, Mapping):
        return row.get(key)
    return getattr(row, key, None)


@dataclass(frozen=True)
class Column:
    """One column: `header` may be a lazy translation (it is turned into text when written);
    `value(row)` defaults to the row's `key` item or attribute."""

    key: str
    header: Any
    value: Callable[[Any], Any] | None = None
    type: str = TEXT
    width: int | None = None

    def reader(self):
        if self.value is not None:
            return self.value
        key = self.key
        return lambda row: _read(row, key)


@dataclass
class Table:
    columns: list[Column]
    rows: Iterable
    sheet_title: str = "Data"

    def headers(self):
        return [str(column.header) for column in self.columns]

    def records(self):
        """Each row as a list of raw values, in column order."""
        readers = [column.reader() for column in self.columns]
        for row in self.rows:
            yield [read(row) for read in readers]


@dataclass
class Info:
    """What the "Info" sheet says: (label, value) lines about the export."""

    lines: list[tuple[Any, Any]] = field(default_factory=list)


# --- CSV ------------------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def _local(moment):
    from django.utils import timezone

    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _csv_value(column, value):
    if type(value) is str:  # the common case first: this runs for every cell
        return neutralise(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return _local(value).isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool | int | float | Decimal):
        return value
    return neutralise(str(value))


def csv_chunks(table):
    """The table as CSV text chunks: the header line (after a BOM), then one chunk per row."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(table.headers())
    columns = table.columns
    for record in table.records():
        yield writer.writerow([_csv_value(c, v) for c, v in zip(columns, record, strict=True)])


# --- xlsx -----------------------------------------------------------------------------------------


def _xlsx_number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _styled(sheet, value, number_format):
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _xlsx_value(sheet, column, value):
    """A typed cell. Plain str values are written as text by openpyxl unless they start with
    "=", which `neutralise` has already changed; a cell object is made only when a format is
    needed, since making one per cell doubles the time of a million-row export."""
    if value is None or value == "":
        return None
    kind = column.type
    if kind == TEXT and type(value) is str and not value.startswith(FORMULA_STARTS):
        return value  # the common case, written as plain text by openpyxl
    if kind in (NUMBER, MONEY) and isinstance(value, int | float | Decimal):
        number = _xlsx_number(value)
        return _styled(sheet, number, XLSX_FORMATS[MONEY]) if kind == MONEY else number
    if kind == DATE and isinstance(value, datetime.date):
        if isinstance(value, datetime.datetime):
            # Excel has no time zones: the office's local time is written.
            value = _local(value).replace(tzinfo=None)
            return _styled(sheet, value, "DD/MM/YYYY HH:MM")
        return _styled(sheet, value, XLSX_FORMATS[DATE])
    text = neutralise(str(value))
    if kind == CODE or text is not value:
        cell = _styled(sheet, text, "@")
        cell.data_type = "s"  # text, never a formula or a number that loses its leading zero
        return cell
    return text


def _bold_row(sheet, values):
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=neutralise(str(value)))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _set_widths(sheet, columns):
    for index, column in enumerate(columns, start=1):
        width = column.width or max(WIDTHS.get(column.type, 20), len(str(column.header)) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width


def write_data_sheet(workbook, table):
    """Append the table as a sheet; return the number of rows written."""
    sheet = workbook.create_sheet(table.sheet_title)
    _set_widths(sheet, table.columns)
    sheet.freeze_panes = "A2"
    sheet.append(_bold_row(sheet, table.headers()))
    columns = table.columns
    count = 0
    for record in table.records():
        sheet.append([_xlsx_value(sheet, c, v) for c, v in zip(columns, record, strict=True)])
        count += 1
    return count


def write_info_sheet(workbook, info, *, rows):
    from django.utils.translation import gettext as _

    sheet = workbook.create_sheet("Info")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    for label, value in [*info.lines, (_("Rows"), rows)]:
        sheet.append([neutralise(str(label)), neutralise(value if value is None else str(value))])


def save_to_temporary_file(workbook):
    # Closed by the FileResponse that sends it; deleted by the OS once closed.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def xlsx_file(table, info=None):
    """The table as a temporary .xlsx file, opened at its start, with an Info sheet if given."""
    workbook = Workbook(write_only=True)
    rows = write_data_sheet(workbook, table)
    if info is not None:
        write_info_sheet(workbook, info, rows=rows)
    return save_to_temporary_file(workbook)
