"""Hostile images made byte by byte or with Pillow, as an attacker would make them."""

import io
import struct
import zlib

from PIL import Image, ImageCms

MARKERS = (b"<script>alert(1)</script>", b"3174012345678901", b"KURASI-METADATA-LEAK")
PAYLOAD = b" ".join(MARKERS)

# PNG colour types and the bytes a pixel each takes at a bit depth of 8 or 16.
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_of_zeros(width, height, *, colour_type=0, bit_depth=8, max_raw=128 * 1024 * 1024):
    """A valid PNG of width × height zero pixels, a few hundred kilobytes at most for any size.
    Past max_raw bytes of pixel data the stream stops early (a truncated file)."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    row = bytes(1 + -(-width * PNG_CHANNELS[colour_type] * bit_depth // 8))
    rows = height if len(row) * height <= max_raw else max(1, max_raw // len(row) // 8)
    compressor = zlib.compressobj(9)
    block = row * max(1, (1 << 20) // len(row))
    rows_per_block = len(block) // len(row)
    parts, done = [], 0
    while done < rows:
        count = min(rows_per_block, rows - done)
        parts.append(compressor.compress(block[: count * len(row)]))
        done += count
    parts.append(compressor.flush())
    palette = png_chunk(b"PLTE", bytes(3 * 256)) if colour_type == 3 else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + palette
        + png_chunk(b"IDAT", b"".join(parts))
        + png_chunk(b"IEND", b"")
    )


def saved(image: Image.Image, image_format: str, **params) -> bytes:
    output = io.BytesIO()
    image.save(output, image_format, **params)
    return output.getvalue()


def exif_with_payload(orientation=None) -> bytes:
    exif = Image.Exif()
    exif[0x010E] = PAYLOAD.decode()  # ImageDescription
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "S", 2: (6.0, 18.0, 0.0), 3: "E", 4: (106.0, 42.0, 0.0)}  # GPS
    if orientation:
        exif[0x0112] = orientation
    return exif.tobytes()


def xmp_with_payload() -> bytes:
    return (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>'
        + PAYLOAD
        + b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )


def srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg_segment(marker: int, body: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(body) + 2) + body


def jpeg_stuffed(size=(64, 48), *, orientation=None) -> bytes:
    """A JPEG carrying the payload in a comment, EXIF, XMP, an IPTC block and an APP15
    segment, plus an ICC profile: every place a camera or an editor puts metadata."""
    plain = saved(
        Image.new("RGB", size, (200, 120, 40)),
        "JPEG",
        exif=exif_with_payload(orientation),
        icc_profile=srgb_icc(),
        comment=PAYLOAD,
    )
    extra = (
        jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp_with_payload())
        + jpeg_segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + PAYLOAD)
        + jpeg_segment(0xEF, PAYLOAD)
        + jpeg_segment(0xFE, PAYLOAD)
    )
    return plain[:2] + extra + plain[2:]


def png_stuffed(mode="RGBA", size=(64, 48)) -> bytes:
    """A PNG with the payload in tEXt, zTXt and iTXt chunks, XMP, eXIf and an ICC profile."""
    info = _png_text()
    image = Image.new(mode, size, (10, 200, 30, 128) if mode == "RGBA" else (10, 200, 30))
    return saved(image, "PNG", pnginfo=info, exif=exif_with_payload(), icc_profile=srgb_icc())


def _png_text():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", PAYLOAD.decode())
    info.add_text("Description", PAYLOAD.decode(), zip=True)
    info.add_itxt("XML:com.adobe.xmp", xmp_with_payload().decode(), zip=False)
    info.add_itxt("Title", PAYLOAD.decode(), lang="id", zip=True)
    return info


def webp_stuffed(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    return saved(
        image, "WEBP", exif=exif_with_payload(), xmp=xmp_with_payload(), icc_profile=srgb_icc()
    )


def jpeg_segments(data: bytes) -> list[int]:
    """The markers of a JPEG's segments before its first scan."""
    assert data[:2] == b"\xff\xd8"
    markers, position = [], 2
    while position < len(data):
        assert data[position] == 0xFF
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return markers


def png_chunk_types(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    kinds, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kinds.append(data[position + 4 : position + 8])
        position += 12 + length
    return kinds
