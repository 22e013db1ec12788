"""Bound what an .xlsx (a zip archive) inflates to, before anything parses it.

A crafted workbook of a few hundred kilobytes can hold a sharedStrings part that inflates to
gigabytes (a zip bomb); the spreadsheet reader would try to hold it all. The sizes an archive
declares can lie, so every part's compressed stream is actually inflated here, in small pieces
that are counted and dropped, and the file is refused once the total passes the limit.
"""

import struct
import zipfile
import zlib

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_PARTS = 2000  # a workbook has tens; thousands of parts is an attack on the directory
CHUNK = 64 * 1024
PIECE = 1024 * 1024
LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length


class ArchiveRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def check_inflated_size(handle) -> None:
    """Raise ArchiveRefused when the archive in `handle` inflates past the setting's limit."""
    limit = settings.KURASI_IMPORT_MAX_UNCOMPRESSED_BYTES
    too_big = ArchiveRefused(
        _(
            "The workbook unpacks to more than %(size)d MB, which no real registry needs. "
            "Split it into smaller files, or save it again from the spreadsheet program."
        )
        % {"size": limit // (1024 * 1024)}
    )
    try:
        parts = zipfile.ZipFile(handle).infolist()
        if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > limit:
            raise too_big
        total = 0
        for part in parts:
            total += _inflated_size(handle, part, limit - total)
            if total > limit:
                raise too_big
    except (zipfile.BadZipFile, zlib.error, struct.error, OSError, ValueError) as error:
        raise ArchiveRefused(_("This file is not a readable .xlsx workbook.")) from error
    finally:
        handle.seek(0)


def _inflated_size(handle, part, budget) -> int:
    """How many bytes the part really inflates to, counting no further than budget + 1."""
    handle.seek(part.header_offset)
    signature, name_length, extra_length = LOCAL_HEADER.unpack(handle.read(LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    handle.seek(part.header_offset + LOCAL_HEADER.size + name_length + extra_length)
    if part.compress_type == zipfile.ZIP_STORED:
        return part.compress_size
    if part.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile("unexpected compression")  # spreadsheets use deflate only
    inflater, size = zlib.decompressobj(-zlib.MAX_WBITS), 0
    while not inflater.eof and size <= budget:
        pending = handle.read(CHUNK)
        if not pending:
            break
        while pending and size <= budget:
            size += len(inflater.decompress(pending, PIECE))
            pending = inflater.unconsumed_tail
    return size
