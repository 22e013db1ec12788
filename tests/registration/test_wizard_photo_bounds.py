"""The wizard's photo field shares the bounded decoder: the probe's 154 KB PNG of 6000 × 6600
zero pixels becomes a small photo in grey, and is refused with a reason in colour; never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kurasi.registry.models import Product, ProductPhoto

from ..registry.image_factory import png_of_zeros
from .conftest import product_answers, wizard_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png_upload(colour_type):
    data = png_of_zeros(6000, 6600, colour_type=colour_type)
    return SimpleUploadedFile("keripik.png", data, content_type="image/png")


def test_wizard_takes_the_probes_grey_png_as_a_small_photo(
    client_for, producer, open_programme, sari_business, product_groups
):
    answers = product_answers(product_groups["makanan"], photo=png_upload(0))
    url = wizard_url(open_programme, "products", sari_business.pk)
    assert client_for(producer).post(url, answers).status_code == 302
    with ProductPhoto.objects.get().image.open("rb") as handle:
        assert handle.read(2) == b"\xff\xd8"  # a JPEG now


def test_wizard_refuses_the_colour_png_with_a_reason_and_keeps_typing(
    client_for, producer, open_programme, sari_business, product_groups
):
    answers = product_answers(product_groups["makanan"], photo=png_upload(6))
    url = wizard_url(open_programme, "products", sari_business.pk)
    response = client_for(producer).post(url, answers)
    assert response.status_code == 200
    assert response.context["photo_form"].has_error("photo", "too_large_to_decode")
    content = response.content.decode()
    assert "terlalu besar untuk diolah dalam format ini" in content
    assert 'value="Keripik Singkong Balado"' in content
    assert not Product.objects.exists()
