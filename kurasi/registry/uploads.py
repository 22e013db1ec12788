"""Uploaded photos and documents, judged by their content and never by their name.

Photos are decoded and re-encoded as JPEG: that drops EXIF (including GPS location), bounds the
size, and neutralises files that only pretend to be images, along with anything appended to a
real one (a ZIP or a web page after the JPEG's end: the new file holds only the pixels).
Documents must really be a PDF without active content (pdf_safety.py) or an image; an image
document is re-encoded like a photo. Web pages and SVG are refused under any name: a browser
would run their scripts.
"""

import io
import re
import secrets
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .pdf_safety import ActivePdf, check_pdf_is_passive

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # beyond this a "photo" is a decompression bomb, not a product shot
LONGEST_SIDE = 1600
JPEG_QUALITY = 82
ACCEPTED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
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


def _refuse_markup(data: bytes) -> None:
    if MARKUP.search(data[:MARKUP_WINDOW]):
        raise ValidationError(
            _(
                "Web pages and SVG images are not accepted. "
                "Upload a JPEG, PNG or WebP photo or a PDF."
            ),
            code="markup",
        )


def _too_many_pixels():
    return ValidationError(
        _(
            "The photo is too large in pixels (at most 40 megapixels). "
            "Take it again at a normal camera setting or make it smaller."
        ),
        code="too_many_pixels",
    )


def _open_image(data: bytes) -> Image.Image:
    """Decode an accepted photo. The pixel count is checked from the header, before decoding:
    a tiny PNG may declare 30,000 × 30,000 pixels and need gigabytes once decoded."""
    not_an_image = ValidationError(
        _("This file is not a JPEG, PNG or WebP photo."), code="not_an_image"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_IMAGE_FORMATS:
                    raise not_an_image
                if probe.width * probe.height > MAX_PIXELS:
                    raise _too_many_pixels()
                probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_an_image from error
    return image


def reencode_image(data: bytes) -> ContentFile:
    image = _open_image(data)
    image = ImageOps.exif_transpose(image)  # keep the orientation the phone meant, then drop EXIF
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = background
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(output.getvalue(), name="photo.jpg")


def clean_photo(upload) -> ContentFile:
    """A safe JPEG made from an uploaded photo; ValidationError with a clear reason otherwise."""
    data = _read_bounded(upload)
    try:
        return reencode_image(data)
    except ValidationError:
        _refuse_markup(data)  # the clearer reason, when it is a web page or an SVG
        raise


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
        _refuse_markup(data)
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
        image = _open_image(data)
    except ValidationError:
        _refuse_markup(data)
        raise
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    output = io.BytesIO()
    if has_alpha:
        image = image.convert("RGBA")
        image.thumbnail((LOGO_LONGEST_SIDE, LOGO_LONGEST_SIDE))
        image.save(output, "PNG", optimize=True)
        return ContentFile(output.getvalue(), name="logo.png")
    image = image.convert("RGB")
    image.thumbnail((LOGO_LONGEST_SIDE, LOGO_LONGEST_SIDE))
    image.save(output, "JPEG", quality=90, optimize=True)
    return ContentFile(output.getvalue(), name="logo.jpg")
