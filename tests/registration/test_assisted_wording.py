"""The assisted registration speaks to the field officer about the owner; the producer's own
registration speaks to the producer ("usaha Anda")."""

from .conftest import wizard_url


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
