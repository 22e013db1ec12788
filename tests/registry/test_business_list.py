import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ..factories import (
    ApplicationFactory,
    BusinessFactory,
    CertificateFactory,
    ProductFactory,
    ProgrammeFactory,
    certificate_type,
)
from .helpers import ORG, count_queries

LIST = reverse("registry:business_list", args=[ORG])


def names(response):
    return [business.name for business in response.context["page"].object_list]


def search(client, url=LIST, **data):
    """Submit the filter form as the page does (POST), then follow to the result list."""
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_business_list_allowed_to_registry_staff(client_for, request, persona, producer_business):
    response = client_for(request.getfixturevalue(persona)).get(LIST)
    assert response.status_code == 200
    assert names(response) == ["Roti Siti"]


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_business_list_refused(client_for, request, persona, status, organisation):
    assert client_for(request.getfixturevalue(persona)).get(LIST).status_code == status


def test_business_list_anonymous_is_sent_to_login(client, organisation):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_business_list_hides_other_offices_and_merged_records(
    client_for, admin_user, organisation, other_organisation
):
    kept = BusinessFactory(organisation=organisation, name="Batik Ciputat")
    BusinessFactory(organisation=organisation, name="Batik Lama", merged_into=kept)
    BusinessFactory(organisation=other_organisation, name="Batik Depok")
    assert names(client_for(admin_user).get(LIST)) == ["Batik Ciputat"]


def test_business_list_search_by_phone_typed_with_dashes(client_for, admin_user, organisation):
    BusinessFactory(organisation=organisation, name="Keripik Bu Ani", phone="+6281234567890")
    BusinessFactory(organisation=organisation, name="Tas Pak Budi", phone="+6281399990000")
    response = search(client_for(admin_user), q="0812-3456-7890")
    assert names(response) == ["Keripik Bu Ani"]
    # The phone number never appears in the address of the result page.
    final_url = response.redirect_chain[-1][0]
    assert "3456" not in final_url
    assert "search=" in final_url


def test_business_list_search_by_name_owner_and_nib(client_for, admin_user, organisation):
    BusinessFactory(organisation=organisation, name="Keripik Bu Ani", owner_name="Ani Suryani")
    BusinessFactory(
        organisation=organisation, name="Tas Kulit", owner_name="Budi", nib="9120001234567"
    )
    client = client_for(admin_user)
    assert names(search(client, q="keripik")) == ["Keripik Bu Ani"]
    assert names(search(client, q="suryani")) == ["Keripik Bu Ani"]
    assert names(search(client, q="912000123")) == ["Tas Kulit"]


def test_business_list_search_by_full_nik_keeps_it_out_of_the_url(
    client_for, admin_user, organisation
):
    BusinessFactory(organisation=organisation, name="Busana Rina", nik="3674015508950001")
    response = search(client_for(admin_user), q="3674 0155 0895 0001")
    assert names(response) == ["Busana Rina"]
    assert "3674" not in response.redirect_chain[-1][0]
    assert "3674015508950001" not in response.content.decode().split("<main")[0]


def test_business_list_plain_url_parameter_cannot_carry_a_search(
    client_for, admin_user, organisation
):
    BusinessFactory(organisation=organisation, name="Keripik Bu Ani")
    BusinessFactory(organisation=organisation, name="Tas Kulit")
    response = client_for(admin_user).get(LIST, {"q": "keripik"})
    assert len(names(response)) == 2


def test_business_list_combined_filters(client_for, admin_user, organisation, product_groups):
    programme = ProgrammeFactory(organisation=organisation, slug="kurasi-2026")
    halal = certificate_type("halal")
    wanted = BusinessFactory(
        organisation=organisation,
        name="Kue Pamulang",
        district_code="36.74.06",
        village_code="36.74.06.1001",
        owner_gender="F",
        capital=50_000_000,
    )
    product = ProductFactory(business=wanted, group=product_groups["makanan"])
    ApplicationFactory(programme=programme, product=product)
    # Same district and group, but holds a valid halal certificate.
    certified = BusinessFactory(
        organisation=organisation,
        name="Kue Halal Pamulang",
        district_code="36.74.06",
        village_code="36.74.06.1002",
    )
    ProductFactory(business=certified, group=product_groups["makanan"])
    CertificateFactory(business=certified, type=halal, number="ID001")
    # Another district.
    other = BusinessFactory(organisation=organisation, name="Kue Serpong", district_code="36.74.01")
    ProductFactory(business=other, group=product_groups["makanan"])
    # Same district, another group.
    bags = BusinessFactory(organisation=organisation, name="Tas Pamulang", district_code="36.74.06")
    ProductFactory(business=bags, group=product_groups["tas"])

    client = client_for(admin_user)
    filters = {"district": "36.74.06", "group": product_groups["makanan"].pk}
    assert names(search(client, **filters)) == ["Kue Halal Pamulang", "Kue Pamulang"]
    assert names(search(client, **filters, missing_certificate=halal.pk)) == ["Kue Pamulang"]
    assert names(search(client, **filters, has_certificate=halal.pk)) == ["Kue Halal Pamulang"]
    assert names(search(client, programme=programme.pk, gender="F", scale="micro")) == [
        "Kue Pamulang"
    ]
    # Plain parameters (as a dashboard link would use) work too.
    response = client.get(LIST, {"district": "36.74.06", "group": product_groups["tas"].pk})
    assert names(response) == ["Tas Pamulang"]


def test_business_list_expired_certificate_counts_as_missing(client_for, admin_user, organisation):
    halal = certificate_type("halal")
    expired = BusinessFactory(organisation=organisation, name="Sertifikat Kedaluwarsa")
    CertificateFactory(
        business=expired,
        type=halal,
        number="ID002",
        expires_on=timezone.localdate() - dt.timedelta(days=1),
    )
    valid = BusinessFactory(organisation=organisation, name="Sertifikat Berlaku")
    CertificateFactory(business=valid, type=halal, number="ID003", expires_on=None)
    assert names(search(client_for(admin_user), missing_certificate=halal.pk)) == [
        "Sertifikat Kedaluwarsa"
    ]


def test_business_list_sorting(client_for, admin_user, organisation):
    BusinessFactory(organisation=organisation, name="Bambu", district_code="36.74.07")
    BusinessFactory(organisation=organisation, name="Anyaman", district_code="36.74.03")
    BusinessFactory(organisation=organisation, name="Cokelat", district_code="36.74.01")
    client = client_for(admin_user)
    assert names(client.get(LIST)) == ["Anyaman", "Bambu", "Cokelat"]
    assert names(client.get(LIST, {"sort": "district"})) == ["Cokelat", "Anyaman", "Bambu"]
    assert names(client.get(LIST, {"sort": "newest"})) == ["Cokelat", "Anyaman", "Bambu"]


def test_business_list_pagination_keeps_the_search(client_for, admin_user, organisation):
    for number in range(30):
        BusinessFactory(organisation=organisation, name=f"Batik {number:02d}")
    BusinessFactory(organisation=organisation, name="Tas Kulit")
    client = client_for(admin_user)
    first = search(client, q="batik")
    assert first.context["page"].paginator.count == 30
    assert len(names(first)) == 25
    second_url = first.redirect_chain[-1][0] + "&page=2"
    assert names(client.get(second_url)) == [f"Batik {n}" for n in range(25, 30)]
    assert 'rel="next"' in first.content.decode()


def test_business_list_invalid_filter_value_is_ignored(client_for, admin_user, organisation):
    BusinessFactory(organisation=organisation, name="Tas Kulit")
    response = client_for(admin_user).get(LIST, {"group": "999999", "sort": "bogus"})
    assert names(response) == ["Tas Kulit"]


def _busy_business(organisation, group, number):
    business = BusinessFactory(organisation=organisation, name=f"Usaha {number:03d}")
    ProductFactory(business=business, group=group)
    ProductFactory(business=business, group=group)
    CertificateFactory(business=business)
    return business


def test_business_list_query_count_does_not_grow_with_rows(
    client_for, admin_user, organisation, product_groups
):
    client = client_for(admin_user)
    _busy_business(organisation, product_groups["tas"], 0)
    filtered = LIST + f"?group={product_groups['tas'].pk}"
    one, one_filtered = count_queries(client, LIST), count_queries(client, filtered)
    for number in range(1, 50):
        _busy_business(organisation, product_groups["tas"], number)
    assert count_queries(client, LIST + "?page=2") == one
    assert count_queries(client, filtered) == one_filtered


def test_business_list_count_stops_at_the_cap_and_says_so(
    client_for, admin_user, organisation, settings
):
    from ..factories import BusinessFactory

    BusinessFactory.create_batch(4, organisation=organisation)
    settings.KURASI_LIST_COUNT_CAP = 3
    response = client_for(admin_user).get(LIST)
    assert response.context["page"].paginator.is_capped
    assert "Lebih dari 3 usaha" in response.content.decode()
