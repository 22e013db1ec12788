"""One error shape for the whole API, in the request's language:

    {"error": {"code": "not_found", "message": "…", "fields": {"name": ["…"]}}}

`fields` is present only for validation errors. 409 (code "conflict") when a record's state refuses
a well-formed request; 413 ("too_large") for a body over DATA_UPLOAD_MAX_MEMORY_SIZE, 400
("parse_error") for a body that is not JSON or is nested too deep (kurasi/api/parsers.py).
Nothing under /api/ answers with an HTML page.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from kurasi.lib.unavailable import is_outage

from .parsers import MAX_DEPTH, TooDeep

logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    """The request is well formed but the record's state refuses it (e.g. an invitation already
    answered): sending it again will not help, reloading the record will."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = gettext_lazy("The record's state does not allow this; reload it.")


class TooLarge(exceptions.APIException):
    """The body is over DATA_UPLOAD_MAX_MEMORY_SIZE (Django refuses to read it)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    body = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _messages(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _messages(value)]
    return [str(detail)]


def _fields(detail) -> dict:
    """{"field": ["message", …]}; nested details are flattened into their messages."""
    if not isinstance(detail, dict):
        return {"non_field_errors": _messages(detail)}
    return {str(name): _messages(value) for name, value in detail.items()}


def _message_for(exc) -> tuple[str, str]:
    if isinstance(exc, exceptions.NotAuthenticated):
        return "not_authenticated", _(
            "Sign in, or send a token in the header 'Authorization: Bearer <token>'."
        )
    if isinstance(exc, exceptions.NotFound):
        return "not_found", _("Not found, or you have no access to it.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "method_not_allowed", _("The method %(method)s is not allowed here.") % {
            "method": exc.args[0] if exc.args else ""
        }
    if isinstance(exc, exceptions.Throttled):
        return "throttled", _("Too many requests. Try again in %(seconds)s seconds.") % {
            "seconds": int(exc.wait or 1)
        }
    if isinstance(exc, exceptions.PermissionDenied) and exc.detail == exc.default_detail:
        return "permission_denied", _("Your role does not allow this.")
    if isinstance(exc, TooLarge):
        return "too_large", _("The request body is larger than %(size)s.") % {
            # A plain space: the message is read by programs too.
            "size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE).replace("\xa0", " ")
        }
    if isinstance(exc, TooDeep):
        return "parse_error", _("The request body is nested more than %(depth)s levels deep.") % {
            "depth": MAX_DEPTH
        }
    if isinstance(exc, exceptions.ParseError):
        return "parse_error", _("The request body is not valid JSON.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return "unsupported_media_type", _("Send the request body as application/json.")
    return exc.default_code, str(exc.detail)


def api_exception_handler(exc, context):
    """DRF's exception handler, answering every error in the one shape."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = TooLarge()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.messages)
    if is_outage(exc):
        # The database went away mid-request: the outage middleware answers 503 with
        # Retry-After, as for every other request during an outage, instead of a 500 here.
        return None
    if not isinstance(exc, exceptions.APIException):
        logger.exception("API error", exc_info=exc)
        set_rollback()
        return Response(
            error_body("server_error", _("Something went wrong on our side. Please try again.")),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(int(exc.wait))
    set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        body = error_body(
            "invalid", _("Some values are not valid; see the fields."), _fields(exc.detail)
        )
    else:
        body = error_body(*_message_for(exc))
    return Response(body, status=exc.status_code, headers=headers)


@csrf_exempt  # it changes nothing, and a CSRF refusal would be an HTML page
def not_found_json(request, *args, **kwargs):
    """Unknown addresses under /api/: a JSON 404, not the site's HTML page."""
    from .language import activate_api_language

    activate_api_language(request)
    return JsonResponse(
        error_body("not_found", _("Not found, or you have no access to it.")), status=404
    )
