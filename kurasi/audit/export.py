"""The office's audit log as .csv or .xlsx: one row per changed field (or per event without
changes), labels in the reader's language, codes beside them for filtering in a spreadsheet.
Cells a spreadsheet would run as a formula are neutralised like the registry's export."""

import csv
import tempfile

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from kurasi.lib.tabular import neutralise

from .present import entries

CHUNK = 2000


def header():
    return [
        _("Time"),
        _("Who"),
        _("Action"),
        _("Action code"),
        _("Record type"),
        _("Record number"),
        _("Record"),
        _("Field"),
        _("Before"),
        _("After"),
        _("Reason"),
    ]


def rows(events):
    for item in _entries_in_chunks(events):
        event = item.event
        common = [
            timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            event.actor_label,
            str(item.action),
            event.action,
            item.object_type,
            event.object_id,
            event.object_label,
        ]
        for change in item.changes or [None]:
            cells = [change.field, change.before, change.after] if change else ["", "", ""]
            yield [*common, *cells, event.reason]


def _entries_in_chunks(events):
    """Entries streamed a chunk at a time, the names they refer to fetched once per chunk."""
    chunk = []
    for event in events.iterator(chunk_size=CHUNK):
        chunk.append(event)
        if len(chunk) == CHUNK:
            yield from entries(chunk)
            chunk = []
    yield from entries(chunk)


class _Echo:
    def write(self, value):
        return value


def csv_lines(events):
    """UTF-8 with BOM, which Excel needs to read it as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header())
    for row in rows(events):
        yield writer.writerow([neutralise(value) for value in row])


def xlsx_file(events):
    """A temporary .xlsx (write-only: rows are not kept in memory); every cell is text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit log")[:31])
    sheet.append(header())
    for row in rows(events):
        sheet.append([_text_cell(sheet, value) for value in row])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the response
    workbook.save(handle)
    handle.seek(0)
    return handle


def _text_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=neutralise(str(value)))
    cell.data_type = "s"
    return cell
