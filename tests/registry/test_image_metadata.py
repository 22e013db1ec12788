"""What comes back from an uploaded image is its pixels only, through the pages that take them;
and a decompression bomb or a busy server gets a reason on the form, never a 500."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from kurasi.registry.images import decode_slot
from kurasi.registry.models import Certificate, Product, ProductPhoto

from ..factories import BusinessFactory
from ..office.test_profile import PROFILE, VALID
from .image_factory import (
    MARKERS,
    jpeg_segments,
    jpeg_stuffed,
    png_chunk_types,
    png_of_zeros,
    png_stuffed,
    saved,
    webp_stuffed,
)
from .test_upload_hardening import add_certificate, add_product

pytestmark = pytest.mark.django_db

APP0, SOS = 0xE0, 0xDA
ALLOWED_JPEG_SEGMENTS = {APP0, 0xDB, 0xC0, 0xC1, 0xC2, 0xC4, 0xDD, SOS}


@pytest.fixture
def business(organisation, product_groups):
    return BusinessFactory(organisation=organisation, name="Dapur Bu Siti")


def stored_bytes(field_file) -> bytes:
    with default_storage.open(field_file.name) as handle:
        return handle.read()


def assert_pixels_only_jpeg(data: bytes) -> None:
    for marker in MARKERS:
        assert marker not in data
    segments = jpeg_segments(data)
    assert segments[0] == APP0  # JFIF, and no other APPn (EXIF, XMP, ICC, IPTC) nor COM (0xFE)
    assert set(segments) <= ALLOWED_JPEG_SEGMENTS, [hex(marker) for marker in segments]
    assert b"\xff\xfe" not in data.split(b"\xff\xda", 1)[0]


@pytest.mark.parametrize(
    "make", [jpeg_stuffed, png_stuffed, webp_stuffed], ids=["jpeg", "png", "webp"]
)
def test_product_photo_keeps_no_metadata(client_for, admin_user, business, product_groups, make):
    data = make()
    assert all(marker in data for marker in MARKERS[1:])
    photo = SimpleUploadedFile("kue.jpg", data, "image/jpeg")
    response = add_product(client_for(admin_user), business, product_groups, photo)
    assert response.status_code == 302
    stored = stored_bytes(ProductPhoto.objects.get().image)
    assert_pixels_only_jpeg(stored)
    image = Image.open(io.BytesIO(stored))
    assert not image.info.get("icc_profile")
    assert not image.getexif()


def test_document_photo_keeps_no_metadata(client_for, admin_user, business):
    document = SimpleUploadedFile("izin.jpg", jpeg_stuffed(), "image/jpeg")
    assert add_certificate(client_for(admin_user), business, document).status_code == 302
    assert_pixels_only_jpeg(stored_bytes(Certificate.objects.get().document))


def test_transparent_logo_keeps_no_metadata_chunks(client_for, admin_user, organisation):
    upload = SimpleUploadedFile("logo.png", png_stuffed("RGBA"), "image/png")
    response = client_for(admin_user).post(PROFILE, {**VALID, "logo_upload": upload})
    assert response.status_code == 302
    organisation.refresh_from_db()
    stored = stored_bytes(organisation.logo)
    assert organisation.logo.name.endswith(".png")
    assert set(png_chunk_types(stored)) <= {b"IHDR", b"IDAT", b"IEND"}
    for marker in MARKERS:
        assert marker not in stored


def test_orientation_is_applied_before_exif_is_dropped(
    client_for, admin_user, business, product_groups
):
    upright = jpeg_stuffed(size=(64, 48), orientation=6)  # the phone was held on its side
    photo = SimpleUploadedFile("kue.jpg", upright, "image/jpeg")
    add_product(client_for(admin_user), business, product_groups, photo)
    stored = Image.open(io.BytesIO(stored_bytes(ProductPhoto.objects.get().image)))
    assert stored.size == (48, 64)


def test_print_shops_cmyk_jpeg_becomes_rgb(client_for, admin_user, business, product_groups):
    cmyk = saved(Image.new("CMYK", (2400, 1800), (0, 80, 200, 0)), "JPEG")
    photo = SimpleUploadedFile("kue.jpg", cmyk, "image/jpeg")
    assert add_product(client_for(admin_user), business, product_groups, photo).status_code == 302
    stored = Image.open(io.BytesIO(stored_bytes(ProductPhoto.objects.get().image)))
    assert (stored.mode, stored.size) == ("RGB", (1600, 1200))


def test_the_probes_grey_png_of_zeros_becomes_a_small_photo(
    client_for, admin_user, business, product_groups
):
    bomb = png_of_zeros(6000, 6600)
    assert len(bomb) < 160_000
    photo = SimpleUploadedFile("kue.png", bomb, "image/png")
    assert add_product(client_for(admin_user), business, product_groups, photo).status_code == 302
    stored = Image.open(io.BytesIO(stored_bytes(ProductPhoto.objects.get().image)))
    assert max(stored.size) == 1600


@pytest.mark.parametrize("colour_type", [2, 6], ids=["rgb", "rgba"])
def test_colour_png_of_zeros_refused_before_decoding_with_a_reason(
    client_for, admin_user, business, product_groups, colour_type
):
    photo = SimpleUploadedFile("kue.png", png_of_zeros(6000, 6600, colour_type=colour_type))
    response = add_product(
        client_for(admin_user), business, product_groups, photo, name="Kue Lumpur"
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "terlalu besar untuk diolah dalam format ini" in content
    assert 'value="Kue Lumpur"' in content
    assert not Product.objects.exists()


def test_refusal_reads_in_english_for_an_english_page(
    client_for, admin_user, business, product_groups
):
    client = client_for(admin_user)
    client.cookies["kurasi_language"] = "en"
    photo = SimpleUploadedFile("kue.png", png_of_zeros(6000, 6600, colour_type=6))
    response = add_product(client, business, product_groups, photo)
    assert "too large to process in this format" in response.content.decode()


@override_settings(KURASI_IMAGE_DECODE_CONCURRENCY=1, KURASI_IMAGE_DECODE_WAIT_SECONDS=0.05)
def test_busy_server_asks_to_send_again_and_keeps_the_typing(
    client_for, admin_user, business, product_groups
):
    client = client_for(admin_user)
    photo = SimpleUploadedFile("kue.jpg", jpeg_stuffed(), "image/jpeg")
    with decode_slot():  # another request is decoding in the only slot
        response = add_product(client, business, product_groups, photo, name="Kue Lumpur")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Server sedang sibuk mengolah foto lain" in content
    assert 'value="Kue Lumpur"' in content
    assert not Product.objects.exists()
    photo.seek(0)
    assert add_product(client, business, product_groups, photo).status_code == 302
