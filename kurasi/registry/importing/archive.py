"""Bound what an .xlsx (a zip archive) costs to read, before anything parses it.

A crafted workbook of a few kilobytes can inflate to gigabytes (a zip bomb), hold a shared-string
table the reader would keep whole, or name two cells far apart (A1 and XFD1048576): the
spreadsheet reader (calamine, in Rust) then allocates a cell grid of hundreds of gigabytes and
the process aborts. The sizes an archive declares can lie, so every part's compressed stream is
inflated here, in small pieces that are counted and dropped, and the worksheets' cell references
are scanned on the way. The file is refused when:

- it has more parts than any workbook has (MAX_PARTS), or no xl/workbook.xml;
- the parts inflate to more than settings.KURASI_IMPORT_MAX_UNCOMPRESSED_BYTES in all;
- one part inflates more than MAX_RATIO times its compressed size (past RATIO_FROM bytes);
- the shared-string table inflates past KURASI_IMPORT_MAX_SHARED_STRINGS_BYTES;
- a worksheet spans (or the worksheets hold) more than KURASI_IMPORT_MAX_CELLS cells;
- measuring takes more than KURASI_IMPORT_MEASURE_SECONDS of processor time.
"""

import re
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kurasi.lib.numbers import number

MAX_PARTS = 1000  # a workbook has tens; thousands of parts is an attack on the directory
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024  # small parts (styles, a tiny sheet) may compress very well
CHUNK = 64 * 1024
PIECE = 1024 * 1024
LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length
SHARED_STRINGS = "xl/sharedStrings.xml"
WORKSHEETS = re.compile(r"xl/worksheets/[^/]+\.xml")
# Every row and cell reference: r="12" (a row) or r="AB12" (a cell).
ROW_NUMBERS = re.compile(rb' r="[A-Z]{0,3}(\d{1,9})"')
COLUMN_LETTERS = re.compile(rb' r="([A-Z]{1,3})\d')
BARE_CELLS = re.compile(rb"<c/?>")
OVERLAP = 32  # bytes kept from one piece to the next, so no reference is cut in two


def _setting(name, default):
    return getattr(settings, name, default)


class ArchiveRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


NOT_A_WORKBOOK = _("This file is not a readable .xlsx workbook.")


def _too_big(limit):
    return ArchiveRefused(
        _(
            "The workbook unpacks to more than %(size)d MB, which no real registry needs. "
            "Split it into smaller files, or save it again from the spreadsheet program."
        )
        % {"size": limit // (1024 * 1024)}
    )


@dataclass
class _Budget:
    total_left: int
    deadline: float
    cells: int = 0  # in all the worksheets: the reader may load each of them once

    def check_time(self):
        if time.thread_time() > self.deadline:
            raise ArchiveRefused(
                _(
                    "The workbook takes too long to unpack. Save it again from the spreadsheet "
                    "program, or split it into smaller files."
                )
            )


def check_inflated_size(handle) -> None:
    """Raise ArchiveRefused when the archive in `handle` is past any limit above."""
    limit = settings.KURASI_IMPORT_MAX_UNCOMPRESSED_BYTES
    # Processor time of this thread, not the clock: a busy server must not refuse honest files.
    seconds = _setting("KURASI_IMPORT_MEASURE_SECONDS", 5)
    budget = _Budget(limit, time.thread_time() + seconds)
    try:
        parts = zipfile.ZipFile(handle).infolist()
        if len(parts) > MAX_PARTS:
            raise ArchiveRefused(NOT_A_WORKBOOK)
        if not any(part.filename == "xl/workbook.xml" for part in parts):
            raise ArchiveRefused(NOT_A_WORKBOOK)
        if sum(part.file_size for part in parts) > limit:
            raise _too_big(limit)
        for part in parts:
            size = _measure(handle, part, budget)
            if size > budget.total_left:
                raise _too_big(limit)
            budget.total_left -= size
            if size > RATIO_FROM and size > MAX_RATIO * max(part.compress_size, 1):
                raise ArchiveRefused(
                    _(
                        "A part of the workbook unpacks to more than %(ratio)d times its packed "
                        "size, as only a crafted file does. Save it again from the spreadsheet "
                        "program."
                    )
                    % {"ratio": MAX_RATIO}
                )
    # What zipfile and zlib raise on a damaged or hostile file, each a "not a workbook" for the
    # person: NotImplementedError for a compression method zipfile lacks, RuntimeError for an
    # encrypted part, OverflowError for sizes past what a header field can hold.
    except (
        zipfile.BadZipFile, zlib.error, struct.error, OSError, ValueError, EOFError, IndexError,
        OverflowError, NotImplementedError, RuntimeError,
    ) as error:  # fmt: skip
        raise ArchiveRefused(NOT_A_WORKBOOK) from error
    finally:
        handle.seek(0)


def _measure(handle, part, budget) -> int:
    """The part's real inflated size (counting no further than the budget allows + 1), after
    checking the limits that concern its content."""
    if part.flag_bits & 0x1:
        raise zipfile.BadZipFile("encrypted part")
    name = part.filename
    limit = budget.total_left
    if name == SHARED_STRINGS:
        limit = min(limit, _setting("KURASI_IMPORT_MAX_SHARED_STRINGS_BYTES", 128 * 1024 * 1024))
    scan = _SheetScan() if WORKSHEETS.fullmatch(name) else None
    size = _inflated_size(handle, part, limit, budget, scan)
    if name == SHARED_STRINGS and size > limit and limit < budget.total_left:
        raise ArchiveRefused(
            _(
                "The workbook's table of texts unpacks to more than %(size)d MB, which no real "
                "registry needs. Split it into smaller files."
            )
            % {"size": limit // (1024 * 1024)}
        )
    if scan is not None:
        scan.flush()
        budget.cells += scan.cells
        scan.check(budget.cells)
    return size


def _inflated_size(handle, part, budget_bytes, budget, scan=None) -> int:
    """How many bytes the part really inflates to, counting no further than budget_bytes + 1.

    Every step consumes input or produces output, and stops at the end of the deflate stream:
    the leftover bytes after the stream's end are never fed again (that loop hung the worker).
    """
    handle.seek(part.header_offset)
    signature, name_length, extra_length = LOCAL_HEADER.unpack(handle.read(LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    handle.seek(part.header_offset + LOCAL_HEADER.size + name_length + extra_length)
    if part.compress_type == zipfile.ZIP_STORED:
        if scan is not None:
            left = part.compress_size
            while left > 0:
                piece = handle.read(min(PIECE, left))
                if not piece:
                    break
                left -= len(piece)
                scan.feed(piece)
                budget.check_time()
        return part.compress_size
    if part.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile("unexpected compression")  # spreadsheets use deflate only
    inflater, size = zlib.decompressobj(-zlib.MAX_WBITS), 0
    left = part.compress_size  # never read into the next part
    while not inflater.eof and size <= budget_bytes and left > 0:
        pending = handle.read(min(CHUNK, left))
        if not pending:
            break
        left -= len(pending)
        while pending and not inflater.eof and size <= budget_bytes:
            piece = inflater.decompress(pending, PIECE)
            if not piece and len(inflater.unconsumed_tail) >= len(pending):
                raise zlib.error("no progress")
            size += len(piece)
            if scan is not None:
                scan.feed(piece)
            pending = inflater.unconsumed_tail
            budget.check_time()
    return size


class _SheetScan:
    """The extent of a worksheet's cell grid, from its row and cell references, as calamine
    will lay it out (rows and cells without a reference follow the previous one)."""

    def __init__(self):
        self.max_row = 0
        self.max_column = 0
        self.cells = 0
        self.unreferenced_rows = 0
        self.unreferenced_cells = 0
        self.tail = b""

    def feed(self, piece):
        text = self.tail + piece
        # A tag cut at the piece's end is counted with the next piece, not twice.
        cut = max(text.rfind(b"<", len(text) - OVERLAP), 0) if len(text) > OVERLAP else 0
        body, self.tail = (text[:cut], text[cut:]) if cut else (text, b"")
        rows = set(ROW_NUMBERS.findall(body))
        columns = set(COLUMN_LETTERS.findall(body))
        if rows:
            self.max_row = max(self.max_row, max(map(int, rows)))
        if columns:
            self.max_column = max(self.max_column, max(map(_column_number, columns)))
        tags = body.count(b"<c ") + len(BARE_CELLS.findall(body))
        referenced = body.count(b'<c r="')
        self.cells += tags
        self.unreferenced_cells += max(tags - referenced, 0)
        row_tags = body.count(b"<row ") + body.count(b"<row>")
        self.unreferenced_rows += max(row_tags - body.count(b'<row r="'), 0)

    def flush(self):
        if self.tail:
            self.feed(b" " * (OVERLAP + 1))

    def check(self, all_sheets_cells=0):
        self.flush()
        limit = _setting("KURASI_IMPORT_MAX_CELLS", 5_000_000)
        rows = self.max_row + self.unreferenced_rows
        columns = self.max_column + self.unreferenced_cells
        if max(self.cells, all_sheets_cells) > limit or rows * columns > limit:
            raise ArchiveRefused(
                _(
                    "A sheet of the workbook spans more than %(cells)s cells, which no real "
                    "registry needs. Delete the empty rows and columns far from the table, or "
                    "split it into smaller files."
                )
                % {"cells": number(limit)}
            )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
