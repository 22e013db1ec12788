"""Rate limits on the pages people could abuse: login, sign-up, password reset, uploads.

Counters live in the shared cache (settings.CACHES), so every app process counts together. The
limits are read from settings.RATE_LIMITS at request time. A refused request is stopped before
the view runs, so nothing is written, and answered with the 429 page (error_views.rate_limited).
"""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django_ratelimit.decorators import ratelimit

from kurasi.accounts.backends import canonical_login


def client_ip(request) -> str:
    """The client's address as the lock-out (axes) sees it, so both count the same person."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "unknown"


def login_key(group, request) -> str:
    return canonical_login(request.POST.get("username", ""))


def email_key(group, request) -> str:
    return request.POST.get("email", "").strip().lower()


def user_key(group, request) -> str:
    return str(request.user.pk)


def _rate(name):
    def rate(group, request):
        return settings.RATE_LIMITS[name]

    return rate


def limit(name, key, method="POST"):
    """A decorator: refuse (429) once `key` has made more than RATE_LIMITS[name] requests."""
    return ratelimit(group=name, key=key, rate=_rate(name), method=method, block=True)


def limit_all(view, *rules):
    """`view` under several (name, key) limits, e.g. per address and per account."""
    for name, key in rules:
        view = limit(name, key)(view)
    return view
