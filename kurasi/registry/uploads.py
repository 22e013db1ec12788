"""Uploaded photos and documents, judged by their content and never by their name.

Photos are decoded and re-encoded as JPEG (images.py, within fixed memory bounds): that drops
every metadata segment (EXIF with its GPS location, XMP, comments, ICC), bounds the size, and
neutralises files that only pretend to be images, along with anything appended to a
real one (a ZIP or a web page after the JPEG's end: the new file holds only the pixels).
Documents must really be a PDF without active content (pdf_safety.py) or an image; an image
document is re-encoded like a photo. Web pages and SVG are refused under any name: a browser
would run their scripts.
"""

import io
import re
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .images import reencode
from .pdf_safety import ActivePdf, check_pdf_is_passive

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
LONGEST_SIDE = 1600
JPEG_QUALITY = 82
# A file that is a web page or an SVG drawing, whatever its name: markup a browser would render
# (and run scripts in) at its start. Stored files are also served sandboxed (views_files.py).
MARKUP = re.compile(rb"<\s*(svg|html|script|!doctype|iframe|body)\b", re.IGNORECASE)
MARKUP_WINDOW = 1024


def new_token() -> str:
    return secrets.token_hex(16)


def _read_bounded(upload) -> bytes:
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than 10 MB. Take a smaller photo or compress the file."),
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    return data


def _explain_not_an_image(error: ValidationError, data: bytes) -> None:
    """When a file is not an image, say so more clearly if it is a web page or an SVG."""
    if error.code == "not_an_image":
        _refuse_markup(data)


def _refuse_markup(data: bytes) -> None:
    if MARKUP.search(data[:MARKUP_WINDOW]):
        raise ValidationError(
            _(
                "Web pages and SVG images are not accepted. "
                "Upload a JPEG, PNG or WebP photo or a PDF."
            ),
            code="markup",
        )


def reencode_image(data: bytes) -> ContentFile:
    """A product photo or a photographed document as a new JPEG: its pixels only, at most
    LONGEST_SIDE on its longer side (bounds and what is dropped: images.py)."""
    content, _extension = reencode(data, longest_side=LONGEST_SIDE, quality=JPEG_QUALITY)
    return ContentFile(content, name="photo.jpg")


def clean_photo(upload) -> ContentFile:
    """A safe JPEG made from an uploaded photo; ValidationError with a clear reason otherwise."""
    data = _read_bounded(upload)
    try:
        return reencode_image(data)
    except ValidationError as error:
        _explain_not_an_image(error, data)
        raise


# Curators judge a product from its photos: below this on its shorter side, the texture, print
# and finish of a product are hard to see. A smaller photo is still taken (a producer may have no
# other), with a warning.
USEFUL_SHORTER_SIDE = 600


def small_photo_warning(photo) -> str:
    """Why a stored photo is smaller than useful, or "" when it is large enough."""
    if min(photo.width, photo.height) >= USEFUL_SHORTER_SIDE:
        return ""
    return _(
        "Small photo (%(width)s×%(height)s pixels): curators judge from the photo; "
        "upload a larger one if you can."
    ) % {"width": photo.width, "height": photo.height}


def clean_document(upload) -> ContentFile:
    """A PDF (checked by parsing it) or a photo of the document (re-encoded)."""
    data = _read_bounded(upload)
    if data.startswith(b"%PDF-"):
        _refuse_markup(data)  # a PDF that is also a web page
        _check_pdf(data)
        return ContentFile(data, name="document.pdf")
    try:
        return reencode_image(data)
    except ValidationError as error:
        _explain_not_an_image(error, data)
        if error.code != "not_an_image":
            raise  # too large or the server busy: that reason, not "upload a PDF"
        raise ValidationError(
            _("Upload the document as a PDF or as a JPEG, PNG or WebP photo."), code="bad_document"
        ) from error


def _check_pdf(data: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) < 1:
            raise ValidationError(_("The PDF has no pages."), code="empty_pdf")
        check_pdf_is_passive(data, reader)
    except ActivePdf as error:
        raise ValidationError(
            _(
                "This PDF contains scripts, attached files or automatic actions, which a permit "
                "or certificate never needs. Print it to a new PDF (or scan it) and upload that."
            ),
            code="active_pdf",
        ) from error
    except (PdfReadError, ValueError, KeyError, OSError, RecursionError) as error:
        raise ValidationError(
            _("This PDF is damaged and cannot be opened."), code="bad_pdf"
        ) from error


LOGO_LONGEST_SIDE = 600


def clean_logo(upload) -> ContentFile:
    """A letterhead logo, re-encoded like a photo but small (at most 600 px on its longer side).

    A logo with transparency stays a PNG with its alpha channel (it sits on the letter's white
    or on a page's colour); any other logo becomes a JPEG. EXIF and anything appended to the
    file are dropped either way, and SVG or web pages are refused.
    """
    data = _read_bounded(upload)
    try:
        content, extension = reencode(
            data, longest_side=LOGO_LONGEST_SIDE, quality=90, keep_alpha=True
        )
    except ValidationError as error:
        _explain_not_an_image(error, data)
        raise
    return ContentFile(content, name=f"logo.{extension}")
