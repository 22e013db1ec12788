"""No lost updates through the API: ETag on a record's GET, If-Match on its PATCH.

A record's ETag is its revision (`W/"<revision>"`, kurasi/lib/concurrency.py). A PATCH that sends
`If-Match` with that ETag is saved only when nobody saved the record since: otherwise 412
(code "stale"), nothing written, with the current ETag and, per field the client sent that is
stored differently now, the stored value. A PATCH without If-Match (or with `*`) is not checked:
as before, the last write wins for the fields it sends. The answer to every GET and PATCH of a
record carries its ETag.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from kurasi.lib.concurrency import (
    FIELD,
    STORED_VALUE,
    differing_fields,
    stored_values,
    who_when,
)

from .errors import error_body
from .schema import Error

ETAG = re.compile(r'^\s*(?:W/)?"(\d{1,10})"\s*$')

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        'The ETag of the record as last read (W/"<revision>"): the change is saved only if '
        "nobody saved the record since, otherwise 412. Without it the change is not checked."
    ),
)
ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=True,
    description='The record\'s revision, W/"<revision>": send it back as If-Match.',
)
STALE = OpenApiResponse(
    Error,
    "If-Match names an older revision: someone else saved the record since; nothing was "
    "written. The ETag header is the current one; `fields` gives the values stored now.",
)


def etag(obj) -> str:
    return f'W/"{obj.revision}"'


def with_etag(response, obj):
    response["ETag"] = etag(obj)
    return response


class UnreadableIfMatch(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale"
    default_detail = gettext_lazy('If-Match must be an ETag this API gave, e.g. W/"3".')


def if_match(request, payload: dict) -> dict:
    """The payload with the revision If-Match names (for the page's form or the service);
    unchanged without If-Match or with `*`. An unreadable If-Match can match nothing: 412."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return payload
    match = ETAG.match(header.split(",")[0])
    if match is None:
        raise UnreadableIfMatch()
    return {**payload, FIELD: int(match.group(1))}


def sent_revision(request):
    """The revision If-Match names, or None (not checked): for services taking `revision`."""
    return if_match(request, {}).get(FIELD)


def _stale_message(stale):
    event = stale.event
    if event is None:
        return _(
            "Someone else saved this record after the revision you sent; nothing was changed. "
            "Read it again and send your change with its new ETag."
        )
    return _(
        "Someone else saved this record after the revision you sent (%(who)s, %(when)s); "
        "nothing was changed. Read it again and send your change with its new ETag."
    ) % who_when(event)


def stale_response(stale, form=None, payload=None, stored=None):
    """412 for StaleEdit: a message, the current ETag, and the stored value of each field the
    client sent that differs from what is stored now (read through the page's `form`; without
    one, `stored` gives the values as shown)."""
    if form is not None:
        stored = stored_values(form, stale.current) if stored is None else stored
        shown = differing_fields(form, stored)
    else:  # no form: `stored` holds the values as shown
        shown = stored or {}
    fields = {
        name: [str(STORED_VALUE) % {"value": value}]
        for name, value in shown.items()
        if payload is None or name in payload
    }
    response = Response(
        error_body("stale", _stale_message(stale), fields),
        status=status.HTTP_412_PRECONDITION_FAILED,
    )
    return with_etag(response, stale.current)
