"""Absolute links, for what leaves the browser: letters and their QR codes, emails, WhatsApp
texts. Built on settings.SITE_URL (required in production, see the README's Configuration),
read at each call so a test's override_settings and `make run PORT=...` both show."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import lazy


def site_url() -> str:
    """The address Kurasi is served at, without a trailing slash: https://kurasi.example.go.id."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """`path` (as reverse() gives it, starting with /) on Kurasi's public address."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url takes a path starting with '/', not {path!r}")
    return site_url() + path


def absolute_reverse(viewname: str, *args, **kwargs) -> str:
    """reverse() on Kurasi's public address."""
    return absolute_url(reverse(viewname, args=args or None, kwargs=kwargs or None))


# For what is configured once but rendered later (a view's extra_email_context): read at render.
lazy_site_url = lazy(site_url, str)()
