import pytest
from django.urls import reverse

from kurasi.registry.services import add_product_photo, save_certificate
from kurasi.registry.uploads import clean_document, clean_photo

from ..factories import BusinessFactory, CertificateFactory, ProductFactory
from .helpers import jpeg_upload, pdf_upload


@pytest.fixture
def photo(producer_business, admin_user):
    product = producer_business.products.get()
    return add_product_photo(actor=admin_user, product=product, image=clean_photo(jpeg_upload()))


@pytest.fixture
def certificate(producer_business, admin_user):
    certificate = CertificateFactory.build(business=producer_business, token="")
    return save_certificate(
        actor=admin_user, certificate=certificate, document=clean_document(pdf_upload())
    )


def photo_url(photo):
    return reverse("registry:product_photo", args=[photo.token])


def document_url(certificate):
    return reverse("registry:certificate_document", args=[certificate.token])


@pytest.mark.parametrize("persona", ["admin_user", "field_officer", "curator", "producer"])
def test_product_photo_served_to_office_staff_and_owner(client_for, request, persona, photo):
    response = client_for(request.getfixturevalue(persona)).get(photo_url(photo))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


@pytest.mark.parametrize("persona", ["other_producer", "outsider"])
def test_product_photo_refused_to_others(client_for, request, persona, photo):
    assert client_for(request.getfixturevalue(persona)).get(photo_url(photo)).status_code == 404


def test_product_photo_anonymous_is_sent_to_login(client, photo):
    assert client.get(photo_url(photo)).status_code == 302


def test_product_photo_unknown_token_is_404(client_for, admin_user, photo):
    assert client_for(admin_user).get(photo_url(photo)[:-3] + "00/").status_code == 404


@pytest.mark.parametrize("persona", ["admin_user", "field_officer", "producer"])
def test_certificate_document_served_to_registry_staff_and_owner(
    client_for, request, persona, certificate
):
    response = client_for(request.getfixturevalue(persona)).get(document_url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("persona", ["curator", "other_producer", "outsider"])
def test_certificate_document_refused(client_for, request, persona, certificate):
    response = client_for(request.getfixturevalue(persona)).get(document_url(certificate))
    assert response.status_code == 404


def test_files_are_not_served_by_file_name(client_for, admin_user, photo):
    assert client_for(admin_user).get("/media/" + photo.image.name).status_code == 404


def test_photo_of_another_office_is_404_to_its_producer_lookalike(
    client_for, other_producer, other_organisation, admin_user
):
    business = BusinessFactory(organisation=other_organisation, owner=None)
    product = ProductFactory(business=business)
    photo = add_product_photo(actor=admin_user, product=product, image=clean_photo(jpeg_upload()))
    assert client_for(other_producer).get(photo_url(photo)).status_code == 404
