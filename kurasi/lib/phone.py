"""Indonesian phone numbers, stored in one form (+62…) however people type them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from lokal import parse_phone


def normalise_phone(raw: str) -> str:
    """Return the E.164 form (+6281234567890) of `0812-3456-7890`, `+62 812…` or `62812…`.

    Raises ValidationError with a message people can act on.
    """
    cleaned = (raw or "").strip()
    if not cleaned:
        raise ValidationError(_("Enter a phone number."), code="required")
    parsed = parse_phone(cleaned)
    if not parsed.valid or not parsed.e164:
        raise ValidationError(
            _("%(value)s is not a valid Indonesian phone number, e.g. 0812-3456-7890."),
            code="invalid_phone",
            params={"value": cleaned},
        )
    return parsed.e164


def try_normalise_phone(raw: str) -> str | None:
    """Like normalise_phone, but None for anything that is not a phone number (e.g. an e-mail)."""
    try:
        return normalise_phone(raw)
    except ValidationError:
        return None


def display_phone(e164: str) -> str:
    """The national form people read and dial: 0812-3456-7890."""
    if not e164:
        return ""
    parsed = parse_phone(e164)
    return parsed.national or e164


def whatsapp_number(e164: str) -> str | None:
    """The digits a wa.me link wants (6281234567890), or None for a landline."""
    parsed = parse_phone(e164) if e164 else None
    return parsed.whatsapp if parsed and parsed.valid else None


def mask_phone(e164: str) -> str:
    """Enough to tell two numbers apart on a list, not enough to call: 0812****5001."""
    digits = "".join(ch for ch in display_phone(e164) if ch.isdigit())
    return f"{digits[:4]}****{digits[-4:]}" if len(digits) >= 8 else ""
