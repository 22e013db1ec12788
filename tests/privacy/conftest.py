"""Siti, a producer with everything Kurasi can hold about a person: a business with NIK, phone,
email, address and links, a product with a photo, a certificate with its document, and an
application scored and decided with its letter issued."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image

from kurasi.curation.decisions import decide, issue_letters
from kurasi.registry.services import add_product_photo

from ..curation_results.conftest import bands, curators, make_application, programme, score  # noqa: F401

NIK = "3674015508950001"
ADDRESS = "Jl. Melati Rahasia No. 17, RT 03/RW 05"
EMAIL = "siti.rahma@contoh.test"
PHONE = "+6281298765001"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg_file():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="JPEG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name="photo.jpg")


@pytest.fixture
def siti(producer, programme, product_groups, bands, curators, admin_user):  # noqa: F811
    """(business, application) of the `producer` persona, decided with a letter issued."""
    application = make_application(programme, product_groups, "Dodol Betawi", owner=producer)
    business = application.product.business
    business.owner_name = producer.full_name
    business.nik, business.address, business.email, business.phone = NIK, ADDRESS, EMAIL, PHONE
    business.social_links = ["https://instagram.com/siti.rahma.dodol"]
    business.consent_notice_version = "2026-11"
    business.consent_given_at = timezone.now()
    business.save()
    producer.email = EMAIL
    producer.save(update_fields=["email"])
    add_product_photo(actor=producer, product=application.product, image=jpeg_file())
    certificate = business.certificates.get()
    certificate.document.save("nib.pdf", ContentFile(b"%PDF-1.4 nib document"), save=True)
    score(programme, application, curators[0], 4)
    decide(actor=admin_user, programme=programme, application_ids=[application.pk])
    issue_letters(actor=admin_user, programme=programme, notify=False)
    return business, application
