"""Registry test helpers: real JPEG and PDF bytes, and a query counter."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from pypdf import PdfWriter

ORG = "disperindag-tangsel"


def jpeg_bytes(*, with_gps=False, size=(64, 48)):
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    if with_gps:
        exif[0x010F] = "PhoneMaker"  # Make
        # GPS IFD: latitude -6.3 (S), longitude 106.7 (E), as a phone would write it.
        exif[0x8825] = {
            1: "S",
            2: (6.0, 18.0, 0.0),
            3: "E",
            4: (106.0, 42.0, 0.0),
        }
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    return output.getvalue()


def jpeg_upload(name="foto.jpg", **kwargs):
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def pdf_upload(name="sertifikat.pdf"):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    output = io.BytesIO()
    writer.write(output)
    return SimpleUploadedFile(name, output.getvalue(), content_type="application/pdf")


def count_queries(client, url, method="get", **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == 200
    return len(queries)
