"""Who may use the producer's wizard: the owner only; office staff are sent to assisted
registration instead."""

import pytest

from kurasi.programmes.models import Application

from ..factories import BusinessFactory, OrganisationFactory, ProductFactory, ProgrammeFactory
from .conftest import wizard_url

STEPS = ["business", "products", "documents", "review"]


@pytest.mark.parametrize("step", STEPS)
def test_owner_may_open_each_step(client_for, producer, producer_business, open_programme, step):
    response = client_for(producer).get(wizard_url(open_programme, step, producer_business.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("step", STEPS)
def test_another_producer_gets_404(
    client_for, other_producer, producer_business, open_programme, step
):
    url = wizard_url(open_programme, step, producer_business.pk)
    assert client_for(other_producer).get(url).status_code == 404
    assert client_for(other_producer).post(url, {}).status_code == 404


def test_another_producers_product_page_is_404(
    client_for, other_producer, producer_business, open_programme
):
    own = BusinessFactory(organisation=producer_business.organisation, owner=other_producer)
    product = producer_business.products.get()
    url = wizard_url(open_programme, "product", own.pk, product.pk)
    assert client_for(other_producer).get(url).status_code == 404


def test_entering_another_producers_product_is_404(
    client_for, other_producer, producer_business, open_programme
):
    own = BusinessFactory(organisation=producer_business.organisation, owner=other_producer)
    url = wizard_url(open_programme, "products", own.pk)
    product = producer_business.products.get()
    response = client_for(other_producer).post(url, {"action": "enter", "product": product.pk})
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_removing_another_producers_draft_is_404(
    client_for, other_producer, producer_business, open_programme
):
    draft = Application.objects.create(
        programme=open_programme, product=producer_business.products.get()
    )
    own = BusinessFactory(organisation=producer_business.organisation, owner=other_producer)
    response = client_for(other_producer).post(
        wizard_url(open_programme, "products", own.pk),
        {"action": "remove", "application": draft.pk},
    )
    assert response.status_code == 404
    assert Application.objects.filter(pk=draft.pk).exists()


def test_business_of_another_office_is_404_in_this_call(client_for, producer, open_programme):
    elsewhere = BusinessFactory(
        organisation=OrganisationFactory(region_code="32.76"), owner=producer
    )
    url = wizard_url(open_programme, "business", elsewhere.pk)
    assert client_for(producer).get(url).status_code == 404


@pytest.mark.parametrize("persona", ["admin_user", "field_officer", "curator"])
def test_office_staff_cannot_register_as_a_producer(client_for, request, open_programme, persona):
    client = client_for(request.getfixturevalue(persona))
    for url in (wizard_url(open_programme, "start"), wizard_url(open_programme, "business_new")):
        response = client.get(url)
        assert response.status_code == 403
        assert 'id="staff-refused"' in response.content.decode()


def test_staff_refusal_points_field_officer_to_assisted_registration(
    client_for, field_officer, open_programme
):
    response = client_for(field_officer).get(wizard_url(open_programme, "start"))
    assert wizard_url(open_programme, "find", assisted=True) in response.content.decode()


def test_product_of_a_business_in_another_call_still_belongs_to_the_owner(
    client_for, producer, producer_business, organisation, product_groups
):
    later = ProgrammeFactory(organisation=organisation)
    product = ProductFactory(business=producer_business, group=product_groups["tas"])
    url = wizard_url(later, "product", producer_business.pk, product.pk)
    assert client_for(producer).get(url).status_code == 200
