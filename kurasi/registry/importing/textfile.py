"""Rows out of a .csv (or .txt) as offices save them: UTF-8 with or without BOM, else
Windows-1252 (Excel's "CSV" on Windows), decided over the whole file; separated by commas,
semicolons (Excel in an Indonesian locale, where the comma is the decimal mark), tabs or pipes.
"""

import codecs
import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from kurasi.lib.numbers import number

from .layout import SEARCH_ROWS, find_header

CHUNK = 1024 * 1024
MAX_LINE = 1024 * 1024  # characters; no honest row of a registry is longer
SAMPLE = 256 * 1024
DELIMITERS = (";", ",", "\t", "|")


class TextError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _windows_1252_or_latin1(error):
    # The five bytes Windows-1252 leaves undefined stand for themselves (as browsers read them).
    return "".join(chr(byte) for byte in error.object[error.start : error.end]), error.end


codecs.register_error("kurasi-cp1252", _windows_1252_or_latin1)


def detect_encoding(stream) -> tuple[str, int | None]:
    """("utf-8-sig" or "cp1252", byte offset of the first byte that is not UTF-8 or None),
    read once over the whole file in chunks with an incremental decoder. A file with a NUL
    byte anywhere is refused (TextError)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    try:
        while chunk := stream.read(CHUNK):
            if b"\0" in chunk:  # no text file holds one; the database would refuse it
                raise TextError(_("The file holds NUL bytes, so it is not a .csv text file."))
            decoder.decode(chunk)
            offset += len(chunk)
        decoder.decode(b"", final=True)
        return "utf-8-sig", None
    except UnicodeDecodeError as error:
        return "cp1252", offset + max(error.start, 0)
    finally:
        stream.seek(0)


def _lines(stream, encoding) -> Iterator[str]:
    errors = "kurasi-cp1252" if encoding == "cp1252" else "strict"
    text = io.TextIOWrapper(stream, encoding=encoding, errors=errors, newline="")
    try:
        for number, line in enumerate(text, start=1):
            if len(line) > MAX_LINE:
                raise TextError(
                    _("Line %(line)d of the file is longer than 1 MB: this is not a registry.")
                    % {"line": number}
                )
            yield line
    finally:
        # Leave the upload open for its owner. When a reader stops early, the upload may be
        # closed before this generator is collected: nothing is left to detach then.
        if not stream.closed:
            text.detach()


def _sample_rows(sample, delimiter):
    try:
        return [
            tuple(row)
            for _index, row in zip(
                range(SEARCH_ROWS), csv.reader(sample, delimiter=delimiter), strict=False
            )
        ]
    except csv.Error:
        return []


def sniff_delimiter(lines) -> str:
    """The separator under which the first rows hold the best header; ties go to the one
    that splits the first rows most evenly."""
    sample = lines[:SEARCH_ROWS]

    def quality(delimiter):
        rows = _sample_rows(sample, delimiter)
        header = find_header(rows)
        widths = [len(row) for row in rows if len(row) > 1]
        even = max((widths.count(width) for width in set(widths)), default=0)
        return (header.score if header else (0, 0), even, -DELIMITERS.index(delimiter))

    return max(DELIMITERS, key=quality)


def csv_rows(handle) -> tuple[Iterator[tuple], list]:
    """(iterator of rows as tuples, notes for the dry-run page)."""
    stream = handle if isinstance(handle, io.IOBase) else getattr(handle, "file", handle)
    encoding, bad_at = detect_encoding(stream)
    notes = []
    if bad_at is not None:
        notes.append(
            _(
                "The file is not UTF-8 (from byte %(offset)s on), so it was read as "
                "Windows-1252, as Excel on Windows saves it. Check the accented letters below."
            )
            % {"offset": number(bad_at)}
        )
    lines = _lines(stream, encoding)
    head = []
    size = 0
    for line in lines:
        head.append(line)
        size += len(line)
        if len(head) >= SEARCH_ROWS or size > SAMPLE:
            break
    delimiter = sniff_delimiter(head)
    return _rows(head, lines, delimiter), notes


def _rows(head, rest, delimiter):
    def all_lines():
        yield from head
        yield from rest

    reader = csv.reader(all_lines(), delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise TextError(
                _(
                    "Line %(line)d of the file cannot be read as CSV (a cell longer than 128 KB, "
                    "or a quote never closed). Save it again from the spreadsheet program."
                )
                % {"line": reader.line_num}
            ) from error
        yield tuple(None if cell == "" else cell for cell in row)
