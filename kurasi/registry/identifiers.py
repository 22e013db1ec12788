"""Indonesian identifiers: NIK, NPWP, NIB. Parsing comes from `lokal-id`; messages are ours."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from lokal import parse_nik, parse_npwp

SEPARATORS = re.compile(r"[\s.\-/]")


def digits_only(raw) -> str:
    """`3674 0155 0895 0001`, `36.74.01...` or a number read from a spreadsheet → digits."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return SEPARATORS.sub("", str(raw).strip())


def normalise_nik(raw) -> str:
    return digits_only(raw)


def validate_nik(value: str) -> None:
    """16 digits whose province, regency and birth date make sense (DOMAIN.md §4)."""
    if not value:
        return
    if not re.fullmatch(r"\d{16}", value):
        raise ValidationError(_("An NIK has exactly 16 digits."), code="invalid_nik")
    if not parse_nik(value).valid:
        raise ValidationError(
            _("This NIK does not match the national format (region code or birth date)."),
            code="invalid_nik",
        )


def mask_nik(value: str) -> str:
    """Show only the region and the serial: 3674********0001."""
    return f"{value[:4]}********{value[-4:]}" if value and len(value) == 16 else ""


def normalise_npwp(raw) -> str:
    return digits_only(raw)


def validate_npwp(value: str) -> None:
    """15 digits (old form), or 16 (new form, or an individual's NIK since July 2022)."""
    if not value:
        return
    if not re.fullmatch(r"\d{15,16}", value) or not parse_npwp(value).valid:
        raise ValidationError(
            _("An NPWP has 15 or 16 digits (individuals use their NIK)."), code="invalid_npwp"
        )


def normalise_nib(raw) -> str:
    return digits_only(raw)
