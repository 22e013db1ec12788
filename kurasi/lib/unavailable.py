"""When the database cannot be reached (restarted, failed over, out of connections), every request
answers a clean 503 with Retry-After instead of a traceback or a page that is half right.

Three places catch it. At the start of each request that carries a session or a token, the
middleware makes sure there is a working connection: Django's health check (conn_health_checks)
runs here rather than at the first query, so a connection broken by a restart is replaced
transparently, and when no new one can be made the request ends before the session is read.
Nothing is saved, so nobody is logged out and no empty session replaces theirs. A view that
loses the database midway raises an error this middleware turns into the same answer
(`process_exception`), and `error_views.server_error` does it for what escapes elsewhere (a
middleware reading the database of a request without a session).

The answers need no database: a static page rendered without context processors (no session,
user or messages), JSON for the API and for the scoring page's script (which keeps the entry
queued and resends it), a short fragment for htmx. One warning line is logged, naming the page
(not its address, which may hold a token) and no personal value.
"""

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger("kurasi.unavailable")

RETRY_AFTER_SECONDS = 15

try:  # the PostgreSQL driver's own errors, when one escapes Django's wrapping
    import psycopg
except ImportError:  # pragma: no cover - psycopg is a dependency
    psycopg = None

DATABASE_ERRORS = (OperationalError, InterfaceError) + (
    (psycopg.OperationalError, psycopg.InterfaceError) if psycopg else ()
)
# SQLSTATEs of a server that is going away or not accepting connections yet (class 08: connection
# exceptions; 57P01-57P03: shut down by an administrator, crashed, starting up).
OUTAGE_STATES = ("08", "57P01", "57P02", "57P03")
# The same said in words: a closed connection, SQLite's missing or busy database file.
OUTAGE_TEXTS = (
    "connection already closed",
    "the connection is closed",
    "unable to open database file",
    "database is locked",
    "disk i/o error",
)


def is_outage(exc: BaseException) -> bool:
    """Is this the database being out of reach (rather than a mistake in a query)?"""
    if not isinstance(exc, DATABASE_ERRORS):
        return False
    cause = exc.__cause__ if isinstance(exc.__cause__, BaseException) else exc
    if psycopg and isinstance(cause, psycopg.InterfaceError):
        return True
    if psycopg and isinstance(cause, psycopg.OperationalError):
        # No SQLSTATE: the client could not connect, or lost the connection mid-query.
        return cause.sqlstate is None or cause.sqlstate.startswith(OUTAGE_STATES)
    return any(text in str(exc).lower() for text in OUTAGE_TEXTS)


def wants_json(request) -> bool:
    return (
        request.path.startswith("/api/")
        or request.headers.get("X-Requested-With") == "fetch"
        or "application/json" in request.headers.get("Accept", "")
    )


def _page_language(request) -> None:
    if request.path.startswith("/api/"):
        from kurasi.api.language import activate_api_language

        activate_api_language(request)
        return
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)


def _route(request) -> str:
    """The page's name, not its address: an address may carry a secret (an invitation's token)."""
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return "(unknown address)"


def unavailable_response(request, exc: BaseException | None = None) -> HttpResponse:
    """The 503 answer for this kind of request, in the person's language, without the database."""
    logger.warning(
        "Database unavailable: %s %s answered 503 (%s)",
        request.method,
        _route(request),
        type(exc).__name__ if exc is not None else "no connection",
    )
    _page_language(request)
    if wants_json(request):
        message = _(
            "The service is briefly unavailable. Nothing was saved from this request; "
            "send it again in a moment."
        )
        response = JsonResponse({"error": {"code": "unavailable", "message": message}}, status=503)
    elif request.headers.get("HX-Request"):
        response = HttpResponse(
            loader.get_template("errors/503_fragment.html").render(), status=503
        )
    else:
        response = HttpResponse(loader.get_template("errors/503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = translation.get_language()
    response._has_been_logged = True  # the warning above is the one line; no ERROR from Django
    return response


class DatabaseUnavailableMiddleware:
    """Placed before the session middleware: see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.reads_the_database_first(request):
            connection = connections[DEFAULT_DB_ALIAS]
            try:
                # What the first query would do: drop a connection the server closed, connect.
                connection.close_if_health_check_failed()
                connection.ensure_connection()
            except DATABASE_ERRORS as exc:
                return unavailable_response(request, exc)
        return self.get_response(request)

    @staticmethod
    def reads_the_database_first(request) -> bool:
        """A session or a token is looked up before any view runs. A request with neither may
        need no database at all (a public page's redirect); if its view does need it, the error
        it meets is answered by process_exception or error_views.server_error."""
        return settings.SESSION_COOKIE_NAME in request.COOKIES or "Authorization" in request.headers

    def process_exception(self, request, exception):
        if is_outage(exception):
            return unavailable_response(request, exception)
        return None
