"""Hostile files through the pages that take them: bombs, polyglots, markup, active PDFs, size.

Every file is crafted here, in the test, with the libraries an attacker would use.
"""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from kurasi.registry.models import Certificate, Product, ProductPhoto

from ..factories import BusinessFactory, certificate_type
from .helpers import ORG, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(organisation, product_groups):
    return BusinessFactory(organisation=organisation, name="Dapur Bu Siti")


def add_product(client, business, groups, photo, name="Kue Cubit"):
    url = reverse("registry:product_add", args=[ORG, business.pk])
    data = {"group": groups["makanan"].pk, "name": name, "price": "25000", "unit": "pack"}
    return client.post(url, {**data, "photo": photo})


def add_certificate(client, business, document):
    url = reverse("registry:certificate_add", args=[ORG, business.pk])
    data = {
        "type": certificate_type("spp-irt").pk,
        "product": "",
        "number": "P-IRT No. 2063674010123-22",
        "issuer": "DPMPTSP Kota Tangerang Selatan",
        "issued_on": "2024-01-15",
        "expires_on": "2029-01-15",
    }
    return client.post(url, {**data, "document_file": document})


def png_declaring(width, height, colour_type=0):
    """A valid, tiny PNG whose header declares width × height pixels (a decompression bomb)."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    rows = zlib.compress(b"\x00" * (width * channels + 1) * 4, 9)  # a few rows; the rest "to come"
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("size", "colour_type", "reason"),
    [
        ((30_000, 30_000), 0, "terlalu besar dalam piksel (paling banyak 80 megapiksel)"),
        ((9_000, 9_000), 0, "terlalu besar dalam piksel"),
        ((8_000, 6_000), 6, "terlalu besar untuk diolah dalam format ini"),  # 48 MP in RGBA
    ],
)
def test_decompression_bomb_photo_refused_with_a_clear_message(
    client_for, admin_user, business, product_groups, size, colour_type, reason
):
    bomb = png_declaring(*size, colour_type=colour_type)
    assert len(bomb) < 2_000
    photo = SimpleUploadedFile("kue.png", bomb, "image/png")
    response = add_product(client_for(admin_user), business, product_groups, photo)
    assert response.status_code == 200
    content = response.content.decode()
    assert reason in content
    assert 'value="Kue Cubit"' in content
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    "tail",
    [
        pytest.param("zip", id="jpeg+zip"),
        pytest.param(b"<html><script>alert(document.cookie)</script></html>", id="jpeg+html"),
    ],
)
def test_polyglot_jpeg_is_reencoded_without_what_was_appended(
    client_for, admin_user, business, product_groups, tail
):
    if tail == "zip":
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("payload.html", "<script>alert(1)</script>")
        tail = archive.getvalue()
    polyglot = jpeg_bytes() + tail
    assert Image.open(io.BytesIO(polyglot)).format == "JPEG"  # still opens as a photo
    photo = SimpleUploadedFile("kue.jpg", polyglot, "image/jpeg")
    response = add_product(client_for(admin_user), business, product_groups, photo)
    assert response.status_code == 302
    stored = ProductPhoto.objects.get().image
    with default_storage.open(stored.name) as handle:
        data = handle.read()
    assert Image.open(io.BytesIO(data)).format == "JPEG"
    assert data.endswith(b"\xff\xd9")  # ends where the JPEG ends
    assert b"PK\x03\x04" not in data
    assert b"<script" not in data
    assert b"payload" not in data


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.mark.parametrize("name", ["kue.jpg", "kue.svg", "kue.png"])
@pytest.mark.parametrize("content", [SVG, HTML], ids=["svg", "html"])
def test_markup_refused_as_a_photo_whatever_its_name(
    client_for, admin_user, business, product_groups, name, content
):
    photo = SimpleUploadedFile(name, content, "image/jpeg")
    response = add_product(client_for(admin_user), business, product_groups, photo)
    assert response.status_code == 200
    assert "Halaman web dan gambar SVG tidak diterima" in response.content.decode()
    assert not Product.objects.exists()


@pytest.mark.parametrize("name", ["izin.pdf", "izin.jpg", "izin.svg"])
@pytest.mark.parametrize(
    "content", [SVG, HTML, b"%PDF-1.7\n" + HTML], ids=["svg", "html", "pdf-html"]
)
def test_markup_refused_as_a_document_whatever_its_name(
    client_for, admin_user, business, name, content
):
    document = SimpleUploadedFile(name, content, "application/pdf")
    response = add_certificate(client_for(admin_user), business, document)
    assert response.status_code == 200
    assert response.context["form"].errors["document_file"]
    assert not Certificate.objects.exists()


def pdf_with(change):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    change(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def javascript(writer):
    """Document-level JavaScript, in the catalogue's name tree, as PDF editors put it."""
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    scripts = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("halo"), writer._add_object(action)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(scripts)}
    )


def open_action(writer):
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def embedded_file(writer):
    writer.add_attachment("data.exe", b"MZ not really a program")


def launch_action(writer):
    """A link on the page that starts a program when clicked, its names #-escaped so a plain
    byte search would not see /Launch."""
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): writer._add_object(DictionaryObject()),
            NameObject("/A"): writer._add_object(action),
        }
    )
    writer.pages[0][NameObject("/Annots")] = writer._add_object(
        ArrayObject([writer._add_object(annotation)])
    )


@pytest.mark.parametrize("change", [javascript, open_action, embedded_file, launch_action])
def test_active_pdf_refused(client_for, admin_user, business, change):
    data = pdf_with(change)
    if change is launch_action:
        data = data.replace(b"/Launch", b"/L#61unch")
        assert b"/Launch" not in data
    document = SimpleUploadedFile("izin.pdf", data, "application/pdf")
    response = add_certificate(client_for(admin_user), business, document)
    assert response.status_code == 200
    assert "berisi skrip, lampiran berkas atau tindakan otomatis" in response.content.decode()
    assert not Certificate.objects.exists()


def test_plain_pdf_still_accepted(client_for, admin_user, business):
    document = SimpleUploadedFile("izin.pdf", pdf_with(lambda writer: None), "application/pdf")
    assert add_certificate(client_for(admin_user), business, document).status_code == 302
    assert Certificate.objects.get().document.name.endswith(".pdf")


def test_photo_over_the_size_limit_refused_and_the_form_keeps_its_input(
    client_for, admin_user, business, product_groups
):
    big = SimpleUploadedFile("kue.jpg", jpeg_bytes() + b"\x00" * (10 * 1024 * 1024), "image/jpeg")
    response = add_product(client_for(admin_user), business, product_groups, big, name="Kue Lumpur")
    assert response.status_code == 200
    content = response.content.decode()
    assert "lebih dari 10 MB" in content
    assert 'value="Kue Lumpur"' in content
    assert not Product.objects.exists()
