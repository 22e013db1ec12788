"""The office's letterhead on letters and pages: its logo as a data: URI and the NIP as printed.

Uploaded files have no public address (no /media/ route). A logo is public letterhead, but
rather than a route of its own it is embedded in what shows it: WeasyPrint then needs no
request to the site, and the pages' Content-Security-Policy allows `img-src data:`.
"""

import base64

from django import template

from kurasi.lib.phone import display_phone

register = template.Library()

LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


@register.filter
def logo_data_uri(organisation) -> str:
    """data:image/…;base64,… of the office's logo, or "" without one (or when it is missing)."""
    logo = getattr(organisation, "logo", None)
    if not logo:
        return ""
    content_type = LOGO_TYPES.get(logo.name.rsplit(".", 1)[-1].lower())
    if content_type is None:
        return ""
    try:
        with logo.storage.open(logo.name, "rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


@register.filter
def nip(digits: str) -> str:
    """An 18-digit NIP grouped as printed under a signature: 19700101 199503 1 002."""
    if not digits or len(digits) != 18 or not digits.isdigit():
        return digits or ""
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


@register.filter
def national_phone(e164: str) -> str:
    """+6281234567890 as people dial it: 0812-3456-7890."""
    return display_phone(e164)
