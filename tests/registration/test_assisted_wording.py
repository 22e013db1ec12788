"""The assisted registration speaks to the field officer about the owner; the producer's own
registration speaks to the producer ("usaha Anda")."""

import pytest
from django.conf import settings

from .conftest import jpeg_upload, product_answers, wizard_url


def test_assisted_business_step_speaks_about_the_owner(
    client_for, field_officer, producer, open_programme
):
    html = (
        client_for(field_officer)
        .get(wizard_url(open_programme, "business_new", assisted=True))
        .content.decode()
    )
    assert "Ceritakan tentang usaha pemilik." in html
    assert "usaha Anda" not in html


def test_assisted_review_step_speaks_about_the_producer(
    client_for, field_officer, producer_business, open_programme
):
    url = wizard_url(open_programme, "review", producer_business.pk, assisted=True)
    html = client_for(field_officer).get(url).content.decode()
    assert "pendaftaran Anda" not in html
    assert "izin yang Anda miliki" not in html
    assert "tambahkan izin yang dimiliki pelaku usaha." in html


def test_producer_business_step_still_speaks_to_the_producer(client_for, producer, open_programme):
    html = client_for(producer).get(wizard_url(open_programme, "business_new")).content.decode()
    assert "Ceritakan tentang usaha Anda." in html


@pytest.mark.parametrize(
    ("language", "for_the_officer", "meant_for_the_producer"),
    [
        (
            "id",
            ["Pelaku usaha menerima pesan", "Kantor, bukan Anda, yang memverifikasi"],
            ["tampil di “Pendaftaran Saya”.", "pendaftaran Anda"],
        ),
        (
            "en",
            ["The producer receives a message", "The office, not you, verifies"],
            ["your time are shown on “My registrations”.", "verifies your registration"],
        ),
    ],
)
def test_assisted_review_says_what_the_producer_receives_and_who_verifies(
    client_for,
    field_officer,
    producer_business,
    open_programme,
    product_groups,
    language,
    for_the_officer,
    meant_for_the_producer,
):
    client = client_for(field_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.post(
        wizard_url(open_programme, "products", producer_business.pk, assisted=True),
        product_answers(product_groups["makanan"], photo=jpeg_upload()),
    )
    url = wizard_url(open_programme, "review", producer_business.pk, assisted=True)
    html = client.get(url).content.decode()
    assert 'id="what-happens-next"' in html
    for words in for_the_officer:
        assert words in html
    for words in meant_for_the_producer:
        assert words not in html
