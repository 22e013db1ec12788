"""NIK and phone numbers never appear in full on staff lists (the detail page shows them to the
roles that need them)."""

import pytest
from django.urls import reverse

from ..factories import ApplicationFactory, BusinessFactory, ProductFactory

NIK = "3674015508950001"
PHONE = "+6281298765001"
FULL_FORMS = [NIK, PHONE, "0812-9876-5001", "081298765001"]


@pytest.fixture
def listed(organisation, open_programme, product_groups):
    business = BusinessFactory(
        organisation=organisation, name="Tas Anyaman Bu Ani", nik=NIK, phone=PHONE
    )
    product = ProductFactory(business=business, group=product_groups["tas"], name="Tas Pandan")
    ApplicationFactory(programme=open_programme, product=product, status="submitted")
    return business


def staff_lists(organisation, programme):
    slug = organisation.slug
    return [
        reverse("registry:business_list", args=[slug]),
        reverse("registry:product_list", args=[slug]),
        reverse("programmes:programme_detail", args=[slug, programme.slug]),
        reverse("curation:results", args=[slug, programme.slug]),
        reverse("facilitation:gap_lists", args=[slug]),
        reverse("exhibitions:list", args=[slug]),
    ]


def test_staff_lists_show_no_full_nik_or_phone(
    client_for, admin_user, organisation, open_programme, listed
):
    client = client_for(admin_user)
    for url in staff_lists(organisation, open_programme):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert [value for value in FULL_FORMS if value in page] == [], url
    page = client.get(reverse("registry:business_list", args=[organisation.slug])).content.decode()
    assert "Tas Anyaman Bu Ani" in page
    assert "0812****5001" in page


def test_assisted_search_shows_the_phone_masked(
    client_for, field_officer, organisation, open_programme, listed
):
    url = reverse("registration:assisted_find", args=[organisation.slug, open_programme.slug])
    page = client_for(field_officer).post(url, {"q": "Tas Anyaman"}).content.decode()
    assert "Tas Anyaman Bu Ani" in page
    assert "0812****5001" in page
    assert [value for value in FULL_FORMS if value in page] == []
