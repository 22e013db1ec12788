"""Uploaded photos and documents, judged by their content and never by their name.

Photos are decoded and re-encoded as JPEG: that drops EXIF (including GPS location), bounds the
size, and neutralises files that only pretend to be images. Documents must really be a PDF or an
image; an image document is re-encoded like a photo.
"""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # beyond this a "photo" is a decompression bomb, not a product shot
LONGEST_SIDE = 1600
JPEG_QUALITY = 82
ACCEPTED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


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


def _open_image(data: bytes) -> Image.Image:
    not_an_image = ValidationError(
        _("This file is not a JPEG, PNG or WebP photo."), code="not_an_image"
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_IMAGE_FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="too_many_pixels")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
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
    return reencode_image(_read_bounded(upload))


def clean_document(upload) -> ContentFile:
    """A PDF (checked by parsing it) or a photo of the document (re-encoded)."""
    data = _read_bounded(upload)
    if data.startswith(b"%PDF-"):
        try:
            reader = PdfReader(io.BytesIO(data))
            if len(reader.pages) < 1:
                raise ValidationError(_("The PDF has no pages."), code="empty_pdf")
        except (PdfReadError, ValueError, KeyError, OSError) as error:
            raise ValidationError(
                _("This PDF is damaged and cannot be opened."), code="bad_pdf"
            ) from error
        return ContentFile(data, name="document.pdf")
    try:
        return reencode_image(data)
    except ValidationError as error:
        raise ValidationError(
            _("Upload the document as a PDF or as a JPEG, PNG or WebP photo."), code="bad_document"
        ) from error
