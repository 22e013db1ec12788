"""Request bodies: JSON objects, nested at most MAX_DEPTH levels, under the size limit.

Python's json module has no depth limit: 100,000 nested `[` would end in a RecursionError deep in
the decoder. The body is scanned first (strings removed, then the running count of open brackets,
all in C loops), so a too-deep body is refused before it is decoded. A body over
DATA_UPLOAD_MAX_MEMORY_SIZE raises Django's RequestDataTooBig when it is read; the exception
handler answers 413 (kurasi/api/errors.py).
"""

import io
import re
from itertools import accumulate

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.request import Request

MAX_DEPTH = 64

# A JSON string (escapes included), then anything that is not a bracket.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_DELTA = [0] * 256
for _char in b"[{":
    _DELTA[_char] = 1
for _char in b"]}":
    _DELTA[_char] = -1


class TooDeep(exceptions.ParseError):
    """Its message (with MAX_DEPTH) is written by the exception handler, in the caller's
    language."""


def nesting_depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects in `raw` (brackets inside strings not counted);
    0 when there cannot be more than MAX_DEPTH levels."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return 0
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", raw))
    return max(accumulate(map(_DELTA.__getitem__, brackets)), default=0)


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with the depth check; a RecursionError never leaves it."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        if nesting_depth(raw) > MAX_DEPTH:
            raise TooDeep()
        try:
            return super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError as error:
            raise TooDeep() from error


def check_body(request):
    """Every API request that carries a body gets it checked, whatever the method and whether
    or not the view reads it: too large (413), not JSON or too deep (400), another content type
    (415), or JSON that is not an object (400). A view that ignores its body would otherwise
    answer 200 to any of these."""
    meta = request._request.META
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if not length:
        return
    if settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None and (
        length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    ):
        raise RequestDataTooBig()
    if not meta.get("CONTENT_TYPE"):
        raise exceptions.UnsupportedMediaType("")
    # The parsed body, without the schema check of SchemaCheckedRequest.data: that waits for the
    # view's first read, after its access checks (a caller without access learns nothing).
    data = Request.data.fget(request)
    if not isinstance(data, dict):
        raise exceptions.ValidationError(
            {"non_field_errors": [_("The request body must be a JSON object.")]}
        )
