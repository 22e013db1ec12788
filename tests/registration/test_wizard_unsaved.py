"""Typing in a wizard step is never dropped by "Back" or "Next": a typed product or permit is
saved on the way, or the page stops with the errors and the typing kept; an empty form is left
behind quietly. The two kinds of button look different, and the error summary is focused."""

import pytest

from kurasi.programmes.models import Application
from kurasi.registry.models import Certificate, Product, ProductPhoto

from ..factories import certificate_type
from ..html_refs import dangling_descriptions
from .conftest import jpeg_upload, product_answers, wizard_url


@pytest.fixture
def products(open_programme, sari_business):
    return wizard_url(open_programme, "products", sari_business.pk)


@pytest.fixture
def documents(open_programme, sari_business):
    return wizard_url(open_programme, "documents", sari_business.pk)


def test_next_saves_a_typed_product_and_goes_on(
    client_for, producer, open_programme, product_groups, products, documents
):
    answers = product_answers(product_groups["makanan"], action="next", photo=jpeg_upload())
    response = client_for(producer).post(products, answers)
    assert (response.status_code, response.url) == (302, documents)
    product = Product.objects.get()
    assert product.name == "Keripik Singkong Balado"
    assert ProductPhoto.objects.filter(product=product).count() == 1
    assert Application.objects.get(product=product).status == "draft"


def test_back_saves_a_typed_product_too(
    client_for, producer, open_programme, product_groups, products, sari_business
):
    answers = product_answers(product_groups["makanan"], action="back")
    response = client_for(producer).post(products, answers)
    assert response.url == wizard_url(open_programme, "business", sari_business.pk)
    assert Product.objects.get().name == "Keripik Singkong Balado"


def test_next_with_a_half_typed_product_stops_with_the_errors_and_the_typing(
    client_for, producer, product_groups, products
):
    answers = product_answers(product_groups["makanan"], action="next", name="", price="abc")
    answers["description"] = "Keripik tipis, belum diberi nama"
    response = client_for(producer).post(products, answers)
    assert response.status_code == 200
    assert not Product.objects.exists()
    assert response.context["unsaved"] is True
    form = response.context["product_form"]
    assert form.has_error("name")
    assert form.has_error("price")
    content = response.content.decode()
    assert "Keripik tipis, belum diberi nama" in content
    summary = content[content.index('id="form-errors"') :].split("</div>")[0]
    assert 'tabindex="-1"' in summary
    assert "Produk ini belum disimpan" in summary  # not saved yet: correct it, or empty the form
    assert dangling_descriptions(content) == []


def test_next_with_only_a_photo_chosen_does_not_drop_it_unsaid(client_for, producer, products):
    response = client_for(producer).post(
        products, {"action": "next", "group": "", "name": "", "photo": jpeg_upload()}
    )
    assert response.status_code == 200
    assert response.context["unsaved"] is True
    assert response.context["photo_lost"] is True  # "choose the photo again"
    assert not Product.objects.exists()


def test_next_with_an_empty_form_just_goes_on(
    client_for, producer, products, documents, product_groups
):
    empty = dict.fromkeys(product_answers(product_groups["makanan"]), "")
    response = client_for(producer).post(products, {**empty, "action": "next"})
    assert (response.status_code, response.url) == (302, documents)
    assert not Product.objects.exists()


def test_save_and_next_are_distinct_buttons_of_the_products_form(client_for, producer, products):
    content = client_for(producer).get(products).content.decode()
    form = content[
        content.index('id="product-form"') : content.index(
            "</form>", content.index('id="product-form"')
        )
    ]
    assert 'id="add-product" class="secondary"' in form
    nav = content[content.index('class="wizard-actions wizard-nav"') :]
    assert 'form="product-form" name="action" value="next" id="next-step"' in nav
    assert 'form="product-form" name="action" value="back" class="secondary outline"' in nav
    assert "kurasi/wizard" in content
    assert "data-unsaved-warning" in form


def test_next_saves_a_typed_permit_and_goes_on(
    client_for, producer, open_programme, sari_business, documents
):
    response = client_for(producer).post(
        documents,
        {"action": "next", "type": certificate_type("nib").pk, "number": "9120001234567"},
    )
    assert response.url == wizard_url(open_programme, "review", sari_business.pk)
    assert Certificate.objects.get(business=sari_business).number == "9120001234567"


def test_next_with_a_wrong_permit_number_stops_with_it_kept(
    client_for, producer, sari_business, documents
):
    response = client_for(producer).post(
        documents, {"action": "next", "type": certificate_type("nib").pk, "number": "12-34"}
    )
    assert response.status_code == 200
    assert response.context["unsaved"] is True
    assert 'value="12-34"' in response.content.decode()
    assert not Certificate.objects.filter(business=sari_business).exists()


def test_next_from_an_empty_permit_form_goes_to_the_review(
    client_for, producer, open_programme, sari_business, documents
):
    response = client_for(producer).post(documents, {"action": "next", "type": "", "number": ""})
    assert response.url == wizard_url(open_programme, "review", sari_business.pk)


def test_assisted_next_saves_the_typed_product_too(
    client_for, field_officer, open_programme, product_groups, sari_business
):
    url = wizard_url(open_programme, "products", sari_business.pk, assisted=True)
    answers = product_answers(product_groups["makanan"], action="next")
    response = client_for(field_officer).post(url, answers)
    assert response.url == wizard_url(open_programme, "documents", sari_business.pk, assisted=True)
    assert Product.objects.get().business == sari_business


def test_another_producer_cannot_post_next_on_the_business(
    client_for, other_producer, product_groups, products
):
    answers = product_answers(product_groups["makanan"], action="next")
    assert client_for(other_producer).post(products, answers).status_code == 404
    assert not Product.objects.exists()
