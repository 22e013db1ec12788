"""The producer's wizard, step by step: valid input saves, invalid input keeps the typing and
writes nothing."""

import pytest
from django.conf import settings

from kurasi.programmes.models import Application, ApplicationStatus
from kurasi.registry.models import Business, Certificate, Product, ProductPhoto

from ..factories import BusinessFactory, ProductFactory, ProgrammeFactory, certificate_type
from ..html_refs import dangling_descriptions
from .conftest import business_answers, jpeg_upload, product_answers, wizard_url


def test_start_page_invites_an_anonymous_visitor_to_sign_up(client, open_programme):
    response = client.get(wizard_url(open_programme, "start"))
    assert response.status_code == 200
    assert 'id="sign-up-link"' in response.content.decode()


def test_start_page_lists_the_producers_businesses(
    client_for, producer, open_programme, sari_business
):
    content = client_for(producer).get(wizard_url(open_programme, "start")).content.decode()
    assert wizard_url(open_programme, "business", sari_business.pk) in content
    assert 'id="new-business"' in content


def test_draft_programme_is_not_found(client_for, producer, organisation, product_groups):
    programme = ProgrammeFactory(organisation=organisation, status="draft")
    assert client_for(producer).get(wizard_url(programme, "start")).status_code == 404


def test_wizard_steps_need_login(client, open_programme):
    response = client.get(wizard_url(open_programme, "business_new"))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_business_step_prefills_the_producers_contact(client_for, producer, open_programme):
    response = client_for(producer).get(wizard_url(open_programme, "business_new"))
    content = response.content.decode()
    assert 'value="0812-9876-5001"' in content
    assert 'value="Siti Rahmawati"' in content
    assert 'autocomplete="organization"' in content
    assert 'name="consent"' in content


def test_business_step_saves_with_consent(client_for, producer, open_programme):
    response = client_for(producer).post(
        wizard_url(open_programme, "business_new"), business_answers()
    )
    business = Business.objects.get()
    assert response.status_code == 302
    assert response.url == wizard_url(open_programme, "products", business.pk)
    assert business.owner == producer
    assert business.phone == "+6281234567001"
    assert business.district_code == "36.74.01"
    assert business.consent_notice_version == settings.KURASI_PRIVACY_NOTICE_VERSION
    assert business.consent_recorded_by == producer
    assert business.registered_by is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("phone", "0812"), ("village_code", "32.76.01.1001"), ("consent", None)],
)
def test_business_step_invalid_keeps_typing_and_writes_nothing(
    client_for, producer, open_programme, field, value
):
    answers = business_answers(**{field: value}, address="Jl. Ciater Raya 5 RT 02")
    response = client_for(producer).post(wizard_url(open_programme, "business_new"), answers)
    assert response.status_code == 200
    assert response.context["form"].has_error(field)
    assert not Business.objects.exists()
    assert "Jl. Ciater Raya 5 RT 02" in response.content.decode()
    assert 'id="form-errors"' in response.content.decode()
    assert dangling_descriptions(response.content.decode()) == []


def test_returning_producer_reuses_the_business(
    client_for, producer, open_programme, sari_business
):
    client = client_for(producer)
    url = wizard_url(open_programme, "business", sari_business.pk)
    assert 'value="Keripik Ibu Sari"' in client.get(url).content.decode()
    answers = business_answers(name="Keripik Ibu Sari Jaya", phone="0812-9876-5001")
    response = client.post(url, answers)
    assert response.status_code == 302
    assert Business.objects.count() == 1
    sari_business.refresh_from_db()
    assert sari_business.name == "Keripik Ibu Sari Jaya"


def test_already_consented_business_is_not_asked_again(
    client_for, producer, open_programme, sari_business
):
    sari_business.consent_notice_version = settings.KURASI_PRIVACY_NOTICE_VERSION
    sari_business.save()
    url = wizard_url(open_programme, "business", sari_business.pk)
    assert 'name="consent"' not in client_for(producer).get(url).content.decode()
    response = client_for(producer).post(url, business_answers(consent=None))
    assert response.status_code == 302


def test_duplicate_business_is_warned_without_revealing_the_other(
    client_for, producer, other_producer, organisation, open_programme
):
    BusinessFactory(
        organisation=organisation,
        owner=other_producer,
        name="Usaha Budi",
        owner_name="Budi Santoso",
        phone="+6281234567001",
    )
    client = client_for(producer)
    url = wizard_url(open_programme, "business_new")
    response = client.post(url, business_answers())
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="duplicate-warning"' in content
    assert "Budi" not in content
    assert Business.objects.count() == 1
    response = client.post(url, {**business_answers(), "confirm_duplicate": "1"})
    assert response.status_code == 302
    assert Business.objects.filter(owner=producer).count() == 1


def test_products_step_adds_a_product_with_photo_and_a_draft(
    client_for, producer, open_programme, sari_business, product_groups
):
    answers = product_answers(product_groups["makanan"], photo=jpeg_upload())
    url = wizard_url(open_programme, "products", sari_business.pk)
    response = client_for(producer).post(url, answers)
    assert response.status_code == 302
    product = Product.objects.get()
    assert product.business == sari_business
    assert product.photos.count() == 1
    application = Application.objects.get()
    assert (application.product, application.status) == (product, ApplicationStatus.DRAFT)
    assert application.registered_by is None


def test_products_step_form_is_made_for_a_phone(
    client_for, producer, open_programme, sari_business
):
    url = wizard_url(open_programme, "products", sari_business.pk)
    content = client_for(producer).get(url).content.decode()
    # Gallery or camera: no `capture`, which makes Android open the camera only.
    assert "capture=" not in content
    assert 'accept="image/*"' in content
    assert 'enctype="multipart/form-data"' in content


@pytest.mark.parametrize(
    ("overrides", "bad_field"),
    [
        ({"name": ""}, "name"),
        ({"price": "-5"}, "price"),
    ],
)
def test_products_step_invalid_product_writes_nothing(
    client_for, producer, open_programme, sari_business, product_groups, overrides, bad_field
):
    answers = product_answers(product_groups["makanan"], photo=jpeg_upload(), **overrides)
    response = client_for(producer).post(
        wizard_url(open_programme, "products", sari_business.pk), answers
    )
    assert response.status_code == 200
    assert response.context["product_form"].has_error(bad_field)
    assert not Product.objects.exists()
    assert not ProductPhoto.objects.exists()
    assert "Keripik singkong pedas manis." in response.content.decode()


def test_products_step_bad_photo_writes_nothing_and_keeps_typing(
    client_for, producer, open_programme, sari_business, product_groups
):
    fake = jpeg_upload()
    fake = type(fake)(b"not an image at all")
    fake.name = "keripik.jpg"
    answers = product_answers(product_groups["makanan"], photo=fake)
    response = client_for(producer).post(
        wizard_url(open_programme, "products", sari_business.pk), answers
    )
    assert response.status_code == 200
    assert response.context["photo_form"].has_error("photo")
    assert not Product.objects.exists()
    assert 'value="Keripik Singkong Balado"' in response.content.decode()


def test_products_step_refuses_a_group_the_call_does_not_accept(
    client_for, producer, organisation, product_groups, sari_business
):
    programme = ProgrammeFactory(organisation=organisation, product_groups=[product_groups["tas"]])
    response = client_for(producer).post(
        wizard_url(programme, "products", sari_business.pk),
        product_answers(product_groups["makanan"]),
    )
    assert response.context["product_form"].has_error("group")
    assert not Product.objects.exists()


def test_products_step_enters_an_existing_product(
    client_for, producer, open_programme, sari_business, product_groups
):
    product = ProductFactory(business=sari_business, group=product_groups["tas"])
    url = wizard_url(open_programme, "products", sari_business.pk)
    assert f'value="{product.pk}"' in client_for(producer).get(url).content.decode()
    client_for(producer).post(url, {"action": "enter", "product": product.pk})
    assert Application.objects.get().product == product


def test_products_step_takes_a_draft_out(client_for, producer, open_programme, sari_business):
    product = ProductFactory(business=sari_business)
    application = Application.objects.create(programme=open_programme, product=product)
    url = wizard_url(open_programme, "products", sari_business.pk)
    client_for(producer).post(url, {"action": "remove", "application": application.pk})
    assert not Application.objects.exists()
    assert Product.objects.filter(pk=product.pk).exists()


def test_product_page_adds_a_photo_and_edits(
    client_for, producer, open_programme, sari_business, product_groups
):
    product = ProductFactory(business=sari_business, group=product_groups["tas"])
    url = wizard_url(open_programme, "product", sari_business.pk, product.pk)
    client = client_for(producer)
    client.post(url, {"action": "photo", "photo": jpeg_upload()})
    assert product.photos.count() == 1
    response = client.post(
        url, {"action": "save", "group": product.group_id, "name": "Tas Anyaman", "price": "1"}
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "Tas Anyaman"


def test_documents_step_shows_the_checklist_and_saves_a_certificate(
    client_for, producer, open_programme, sari_business
):
    nib = certificate_type("nib")
    open_programme.required_certificate_types.set([nib, certificate_type("spp-irt")])
    url = wizard_url(open_programme, "documents", sari_business.pk)
    client = client_for(producer)
    content = client.get(url).content.decode()
    assert content.count('class="missing"') == 2
    response = client.post(url, {"type": nib.pk, "number": "9120 0012 34567"})
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert (certificate.business, certificate.number) == (sari_business, "9120001234567")
    assert client.get(url).content.decode().count('class="held"') == 1


def test_documents_step_invalid_number_keeps_typing(
    client_for, producer, open_programme, sari_business
):
    nib = certificate_type("nib")
    response = client_for(producer).post(
        wizard_url(open_programme, "documents", sari_business.pk),
        {"type": nib.pk, "number": "12345", "issuer": "OSS Kota Tangsel"},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("number")
    assert "OSS Kota Tangsel" in response.content.decode()
    assert not Certificate.objects.exists()
