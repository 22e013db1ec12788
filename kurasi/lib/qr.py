"""QR codes for what is printed: letters, claim slips, the call's announcement."""

import segno
from django.utils.safestring import mark_safe


def qr_svg(url: str, *, scale: int = 3) -> str:
    """`url` as an inline SVG QR code, `scale` pixels a module (segno writes only numbers and
    fixed markup, so it is safe to insert in a page)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, dark="#000"))  # noqa: S308
