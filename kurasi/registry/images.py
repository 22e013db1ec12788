"""Uploaded images decoded within a fixed memory budget, written back as their pixels only.

Three bounds, each checked before the costly step it guards:

- Pixels, from the header: at most MAX_PIXELS (Pillow's own decompression-bomb check stays on).
- Memory, from the header too: the bytes the decode and its working copies will hold, at most
  MAX_WORKING_BYTES. A JPEG is decoded at 1/2, 1/4 or 1/8 scale straight to about the size we
  keep (`Image.draft`: libjpeg scales while decoding), so a phone's 50-megapixel photo never
  exists in memory at full size; a PNG or WebP is decoded whole and counted whole. A progressive
  JPEG also holds its whole coefficient table (two bytes a sample at full size), counted too.
- Concurrency: at most KURASI_IMAGE_DECODE_CONCURRENCY decodes at once in a process; a request
  that waits longer than KURASI_IMAGE_DECODE_WAIT_SECONDS for its turn is told to try again.
  This guard is local to the process on purpose: it bounds this process's memory, the only thing
  it protects, and shares nothing between requests.

The new file holds only the pixels: EXIF (GPS included), XMP, ICC profiles (colours are converted
to sRGB first, which is what an untagged image means on the web), JPEG comments and APPn
segments, PNG text chunks and WebP metadata are all left behind, as is anything appended.
"""

import io
import threading
import warnings
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, PngImagePlugin, UnidentifiedImageError

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# A 64-megapixel phone mode (9248 × 6936) fits; 108 and 200 MP modes make files over the 10 MB
# upload limit anyway. Below Pillow's own bomb warning (89 MP), which stays an error here.
MAX_PIXELS = 80_000_000
# What one decode may hold: a 12-megapixel photo saved as PNG or WebP fits (a JPEG of any size
# does, decoded at reduced scale). Two decodes at once (the default) stay under 400 MB.
MAX_WORKING_BYTES = 192 * 1024 * 1024
# Real progressive JPEGs have about ten scans; thousands would make the decoder loop for minutes.
MAX_JPEG_SCANS = 100
# Text chunks are read with the header; a few zTXt chunks may each inflate to 1 MB (Pillow's
# default allows 64 MB). Metadata is dropped anyway, so a little is enough.
PngImagePlugin.MAX_TEXT_MEMORY = 4 * 1024 * 1024

# Bytes a pixel an image decoded at full size costs until it is shrunk, measured with
# tests/registry/test_image_bounds.py: the decoded pixels (Pillow holds every multi-band mode in
# 4 bytes a pixel), the full-size copies _to_working_mode and thumbnail() make (a palette becomes
# RGB(A); alpha is premultiplied into a second copy before averaging; 16-bit grey is scaled to
# 8 bits) and resampling's intermediate (at most half the decoded size).
WORKING_BYTES_PER_PIXEL = {
    "1": 3,
    "L": 2,
    "P": 10,
    "PA": 10,
    "LA": 10,
    "RGB": 6,
    "RGBA": 10,
    "CMYK": 6,
    "I;16": 6,
    "I;16B": 6,
    "I;16L": 6,
    "I": 10,
    "F": 10,
}
UNKNOWN_MODE_BYTES_PER_PIXEL = 10
# Pillow decodes a WebP through libwebp's animation decoder, which keeps two canvases of its own.
DECODER_BYTES_PER_PIXEL = {"WEBP": 8}

ORIENTATION_TAG = 0x0112
TRANSPOSE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

_slots_lock = threading.Lock()
_slots: tuple[int, threading.BoundedSemaphore] | None = None


def not_an_image() -> ValidationError:
    return ValidationError(_("This file is not a JPEG, PNG or WebP photo."), code="not_an_image")


def too_many_pixels() -> ValidationError:
    return ValidationError(
        _(
            "The photo is too large in pixels (at most %(megapixels)s megapixels). "
            "Take it again at a normal camera setting or make it smaller."
        ),
        code="too_many_pixels",
        params={"megapixels": MAX_PIXELS // 1_000_000},
    )


def too_large_to_decode() -> ValidationError:
    return ValidationError(
        _(
            "This image is too large to process in this format. "
            "Save it as a JPEG photo, or make it smaller, and upload it again."
        ),
        code="too_large_to_decode",
    )


def server_busy() -> ValidationError:
    return ValidationError(
        _("The server is busy processing other photos. Wait a moment and send the form again."),
        code="busy",
    )


def _decode_slots() -> threading.BoundedSemaphore:
    global _slots
    wanted = max(1, int(settings.KURASI_IMAGE_DECODE_CONCURRENCY))
    with _slots_lock:
        if _slots is None or _slots[0] != wanted:
            _slots = (wanted, threading.BoundedSemaphore(wanted))
        return _slots[1]


@contextmanager
def decode_slot():
    """One of the process's decode slots, for as long as the decode and re-encode take."""
    slots = _decode_slots()
    if not slots.acquire(timeout=float(settings.KURASI_IMAGE_DECODE_WAIT_SECONDS)):
        raise server_busy()
    try:
        yield
    finally:
        slots.release()


def reencode(
    data: bytes, *, longest_side: int, quality: int, keep_alpha: bool = False
) -> tuple[bytes, str]:
    """The image's pixels as a new JPEG (or a PNG when keep_alpha and it has transparency),
    at most longest_side on its longer side, and the file extension. ValidationError when the
    file is not an accepted image or is too large to decode within the bounds above."""
    with decode_slot():
        image = decode_small(data, longest_side)
        output = io.BytesIO()
        if keep_alpha and image.mode == "RGBA":
            image.save(output, "PNG", optimize=True)
            return output.getvalue(), "png"
        if image.mode == "RGBA":
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        # Only pixels and these parameters: nothing from the original's info (Pillow would
        # otherwise copy a JPEG comment) and no exif, icc_profile, xmp or comment arguments.
        image.save(output, "JPEG", quality=quality, optimize=True, progressive=True)
        return output.getvalue(), "jpg"


def decode_small(data: bytes, longest_side: int) -> Image.Image:
    """The image at most longest_side on its longer side, upright, in sRGB, mode L, RGB or
    RGBA, with an empty info (no metadata left to copy)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = _open_checked(data)
            _shrink_while_decoding(image, data, longest_side)
            image.load()
            image = _to_working_mode(image)
            image.thumbnail((longest_side, longest_side))
            orientation = _orientation(image)
            image = _to_srgb(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise not_an_image() from error
    if orientation in TRANSPOSE_FOR_ORIENTATION:
        image = image.transpose(TRANSPOSE_FOR_ORIENTATION[orientation])
    image.info = {}
    return image


def _open_checked(data: bytes) -> Image.Image:
    """The image opened from its header only, after the checks that need no decoding."""
    with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
        if probe.format not in ACCEPTED_FORMATS:
            raise not_an_image()
        if probe.width * probe.height > MAX_PIXELS:
            raise too_many_pixels()
        probe.verify()
    return Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)


def _shrink_while_decoding(image: Image.Image, data: bytes, longest_side: int) -> None:
    """Ask libjpeg to decode a JPEG at the smallest scale still at least the size we keep, then
    refuse when what remains to decode would need more than MAX_WORKING_BYTES."""
    full_width, full_height = image.size
    extra = 0
    if image.format == "JPEG":
        ratio = min(1.0, longest_side / max(full_width, full_height))
        target = (max(1, round(full_width * ratio)), max(1, round(full_height * ratio)))
        if image.info.get("progressive") or image.info.get("progression"):
            if data.count(b"\xff\xda") > MAX_JPEG_SCANS:
                raise too_large_to_decode()
            extra = _coefficient_bytes(image)
        image.draft(None, target)
    per_pixel = WORKING_BYTES_PER_PIXEL.get(image.mode, UNKNOWN_MODE_BYTES_PER_PIXEL)
    per_pixel += DECODER_BYTES_PER_PIXEL.get(image.format, 0)
    if image.width * image.height * per_pixel + extra > MAX_WORKING_BYTES:
        raise too_large_to_decode()


def _coefficient_bytes(image: Image.Image) -> int:
    """A progressive JPEG's whole-image coefficient table: 2 bytes a sample, each component at
    its own sampling, whatever scale it is then decoded at."""
    layers = getattr(image, "layer", None) or [("", 1, 1, 0)] * len(image.getbands())
    h_max = max(layer[1] for layer in layers) or 1
    v_max = max(layer[2] for layer in layers) or 1
    total = 0
    for _id, h, v, _table in layers:
        width = -(-image.width * h // h_max)
        height = -(-image.height * v // v_max)
        total += (-(-width // 8) * 8) * (-(-height // 8) * 8) * 2
    return total


def _to_working_mode(image: Image.Image) -> Image.Image:
    """A mode thumbnail() resamples well: palettes and bilevel images would otherwise be shrunk
    by picking pixels, and 16-bit grey is brought to 8 bits by scale, not by clipping."""
    if image.mode == "1":
        return image.convert("L")
    if image.mode in ("P", "PA"):
        transparent = image.mode == "PA" or "transparency" in image.info
        return image.convert("RGBA" if transparent else "RGB")
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        return image.point(lambda value: value / 256).convert("L")
    if image.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return image.convert("RGBA")
    return image


def _orientation(image: Image.Image) -> int | None:
    try:
        return image.getexif().get(ORIENTATION_TAG)
    except (ValueError, TypeError, KeyError, OSError, SyntaxError):
        return None  # unreadable EXIF: keep the pixels as stored


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours converted from the embedded ICC profile (a phone's Display P3, a print shop's
    CMYK) to sRGB; the profile itself is not kept: an untagged image is sRGB on the web."""
    if image.mode == "LA":
        image = image.convert("RGBA")
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, SRGB, outputMode=output_mode)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken or mismatched profile: fall back to the plain conversion
    if image.mode not in ("L", "RGB", "RGBA"):
        return image.convert("RGB")
    return image
