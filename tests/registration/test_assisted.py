"""A field officer registers a producer on their behalf, with the producer's consent recorded."""

import pytest
from django.conf import settings
from django.urls import reverse

from kurasi.accounts.models import User
from kurasi.programmes.models import Application, ApplicationStatus
from kurasi.registry.models import Business

from ..factories import BusinessFactory, OrganisationFactory, UserFactory
from .conftest import business_answers, jpeg_upload, product_answers, wizard_url

CALLS = reverse("registration:assisted_calls", args=["disperindag-tangsel"])


@pytest.mark.parametrize("persona", ["field_officer", "admin_user"])
def test_officer_sees_the_calls_and_the_search(client_for, request, open_programme, persona):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(CALLS)
    assert response.status_code == 200
    assert wizard_url(open_programme, "find", assisted=True) in response.content.decode()
    assert client.get(wizard_url(open_programme, "find", assisted=True)).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_assisted_registration_refused(client_for, request, open_programme, persona, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(CALLS).status_code == status
    for step in ("find", "business_new"):
        assert client.get(wizard_url(open_programme, step, assisted=True)).status_code == status
    response = client.post(
        wizard_url(open_programme, "business_new", assisted=True), business_answers()
    )
    assert response.status_code == status
    assert not Business.objects.exists()


def test_curator_cannot_open_an_assisted_step_of_a_business(
    client_for, curator, producer_business, open_programme
):
    url = wizard_url(open_programme, "products", producer_business.pk, assisted=True)
    assert client_for(curator).get(url).status_code == 403


def test_officer_of_another_office_gets_404_for_a_business(
    client_for, outsider, producer_business, open_programme
):
    url = wizard_url(open_programme, "business", producer_business.pk, assisted=True)
    assert client_for(outsider).get(url).status_code == 404


def test_officer_business_from_another_office_is_404(client_for, field_officer, open_programme):
    elsewhere = BusinessFactory(organisation=OrganisationFactory(region_code="32.76"))
    url = wizard_url(open_programme, "business", elsewhere.pk, assisted=True)
    assert client_for(field_officer).get(url).status_code == 404


@pytest.mark.parametrize("query", ["0812-9876-5001", "roti siti", "Siti"])
def test_officer_finds_a_business_by_phone_or_name(
    client_for, field_officer, producer_business, open_programme, query
):
    BusinessFactory(organisation=OrganisationFactory(region_code="32.76"), name="Roti Siti Depok")
    url = wizard_url(open_programme, "find", assisted=True)
    response = client_for(field_officer).post(url, {"q": query})
    assert [b.pk for b in response.context["results"]] == [producer_business.pk]


def test_assisted_business_needs_the_producers_consent(client_for, field_officer, open_programme):
    url = wizard_url(open_programme, "business_new", assisted=True)
    response = client_for(field_officer).post(url, business_answers(consent=None))
    assert response.status_code == 200
    assert response.context["form"].has_error("consent", code="required")
    assert not Business.objects.exists()


def test_assisted_registration_records_officer_and_consent(
    client_for, field_officer, open_programme, product_groups
):
    client = client_for(field_officer)
    response = client.post(
        wizard_url(open_programme, "business_new", assisted=True), business_answers()
    )
    business = Business.objects.get()
    assert response.url == wizard_url(open_programme, "products", business.pk, assisted=True)
    assert business.owner is None
    assert business.registered_by == field_officer
    assert business.consent_recorded_by == field_officer
    assert business.consent_notice_version == settings.KURASI_PRIVACY_NOTICE_VERSION

    client.post(
        wizard_url(open_programme, "products", business.pk, assisted=True),
        product_answers(product_groups["makanan"], photo=jpeg_upload()),
    )
    application = Application.objects.get()
    assert application.registered_by == field_officer

    response = client.post(wizard_url(open_programme, "review", business.pk, assisted=True))
    assert response.url == wizard_url(open_programme, "find", assisted=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_assisted_registration_can_create_the_producers_login(
    client_for, field_officer, open_programme
):
    client = client_for(field_officer)
    answers = business_answers(create_account="on")
    client.post(wizard_url(open_programme, "business_new", assisted=True), answers)
    business = Business.objects.get()
    producer = User.objects.get(phone="+6281234567001")
    assert business.owner == producer
    assert producer.full_name == "Sari Wulandari"
    products = wizard_url(open_programme, "products", business.pk, assisted=True)
    response = client.get(products)
    password = response.context["temporary_password"]
    assert password
    assert password in response.content.decode()
    assert producer.check_password(password)
    assert client.get(products).context["temporary_password"] is None  # shown once


def test_assisted_login_links_an_existing_producer_account(
    client_for, field_officer, open_programme
):
    existing = UserFactory(email=None, phone="+6281234567001")
    client = client_for(field_officer)
    client.post(
        wizard_url(open_programme, "business_new", assisted=True),
        business_answers(create_account="on"),
    )
    assert Business.objects.get().owner == existing
    assert User.objects.count() == 2  # the officer and the producer, nobody new


def test_assisted_login_refuses_a_staff_phone(
    client_for, field_officer, admin_user, open_programme
):
    admin_user.phone = "+6281234567001"
    admin_user.save()
    response = client_for(field_officer).post(
        wizard_url(open_programme, "business_new", assisted=True),
        business_answers(create_account="on"),
    )
    assert response.context["form"].has_error("create_account")
    assert not Business.objects.exists()


def test_officer_sees_who_the_duplicate_is(
    client_for, field_officer, producer_business, open_programme
):
    response = client_for(field_officer).post(
        wizard_url(open_programme, "business_new", assisted=True),
        business_answers(phone="0812-9876-5001"),
    )
    content = response.content.decode()
    assert 'id="duplicate-warning"' in content
    assert wizard_url(open_programme, "business", producer_business.pk, assisted=True) in content
    assert Business.objects.count() == 1


def test_officer_continues_an_existing_business(
    client_for, field_officer, producer, producer_business, open_programme
):
    client = client_for(field_officer)
    url = wizard_url(open_programme, "products", producer_business.pk, assisted=True)
    product = producer_business.products.get()
    client.post(url, {"action": "enter", "product": product.pk})
    application = Application.objects.get()
    assert application.registered_by == field_officer
    # The producer sees it on their own status page.
    content = client_for(producer).get(reverse("registration:status")).content.decode()
    assert product.name in content
