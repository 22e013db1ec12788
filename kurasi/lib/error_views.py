"""Error pages in the site's layout and language. They show no request data: a URL or form value
could hold personal data.
"""

import sys

from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static

from .unavailable import is_outage, unavailable_response


def _error(request, status, template):
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "errors/400.html")


def permission_denied(request, exception=None):
    return _error(request, 403, "errors/403.html")


def page_not_found(request, exception=None):
    return _error(request, 404, "errors/404.html")


def server_error(request):
    # A 500 must render even when the database is down: no request context, so nothing queries.
    # The database going away where no middleware could catch it (a session saved on the way out)
    # is an outage, answered as one.
    exc = sys.exc_info()[1]
    if exc is not None and is_outage(exc):
        return unavailable_response(request, exc)
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)


def favicon(request):
    """Browsers ask for /favicon.ico on pages that do not link one (the Django admin)."""
    return HttpResponsePermanentRedirect(static("kurasi/favicon.svg"))


def rate_limited(request, exception=None):
    """Too many attempts from one address or for one account (django-ratelimit refused it)."""
    return _error(request, 429, "errors/429.html")
