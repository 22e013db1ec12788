"""Registry endpoints: the office's admins and field officers; everyone else refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurasi.audit.models import AuditEvent
from kurasi.registry.models import Business, Certificate
from tests.factories import BusinessFactory, CertificateFactory, ProductFactory

OFFICE = "/api/v1/o/disperindag-tangsel"
NIK = "3674015508950001"


@pytest.fixture
def business(organisation, product_groups):
    business = BusinessFactory(organisation=organisation, name="Batik Serpong", nik=NIK)
    ProductFactory(business=business, group=product_groups["busana"], name="Kemeja batik")
    return business


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_business_list_is_open_to_registry_staff(request, api_for, business, persona):
    response = api_for(request.getfixturevalue(persona)).get(f"{OFFICE}/businesses/")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Batik Serpong"]
    assert response.json()["results"][0]["nik_masked"] == "3674********0001"
    assert "nik" not in response.json()["results"][0]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("curator", 403), ("outsider", 404), ("producer", 404), ("other_producer", 404)],
)
def test_business_list_refuses_others(request, api_for, business, persona, status):
    response = api_for(request.getfixturevalue(persona)).get(f"{OFFICE}/businesses/")
    assert response.status_code == status
    assert list(response.json()) == ["error"]


def test_business_list_runs_the_same_queries_for_one_and_many(api_for, admin_user, business):
    api = api_for(admin_user)
    api.get(f"{OFFICE}/businesses/")  # the token's last-used time is written once
    with CaptureQueriesContext(connection) as one:
        api.get(f"{OFFICE}/businesses/")
    for index in range(5):
        BusinessFactory(organisation=business.organisation, name=f"Usaha {index}")
    with CaptureQueriesContext(connection) as many:
        response = api.get(f"{OFFICE}/businesses/")
    assert response.json()["count"] == 6
    assert len(many) == len(one)


def test_business_list_filters_by_name_and_district(api_for, admin_user, business):
    BusinessFactory(
        organisation=business.organisation, name="Kopi Pamulang", district_code="36.74.03"
    )
    api = api_for(admin_user)
    by_name = api.get(f"{OFFICE}/businesses/", {"q": "kopi"}).json()["results"]
    by_district = api.get(f"{OFFICE}/businesses/", {"district": "36.74.01"}).json()["results"]
    assert [row["name"] for row in by_name] == ["Kopi Pamulang"]
    assert [row["name"] for row in by_district] == ["Batik Serpong"]


def test_business_list_refuses_numbers_in_the_search(api_for, admin_user, business):
    response = api_for(admin_user).get(f"{OFFICE}/businesses/", {"q": "0812 9876 5001"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["q"]


def test_business_list_page_size_is_capped(api_for, admin_user, business):
    response = api_for(admin_user).get(f"{OFFICE}/businesses/", {"page_size": 10000})
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_business_detail_shows_the_nik_to_registry_staff(api_for, field_officer, business):
    response = api_for(field_officer).get(f"{OFFICE}/businesses/{business.pk}/")
    assert response.status_code == 200
    assert response.json()["nik"] == NIK


def test_business_detail_of_another_office_is_not_found(api_for, outsider, business):
    response = api_for(outsider).get(f"/api/v1/o/disperindag-depok/businesses/{business.pk}/")
    assert response.status_code == 404


def test_business_created_through_the_form_and_audited(api_for, field_officer, organisation):
    body = {
        "name": "Keripik Ciputat",
        "owner_name": "Dewi Lestari",
        "owner_gender": "F",
        "phone": "0812-3456-7890",
        "village_code": "36.74.01.1001",
        "kbli_codes": ["10794"],
    }
    response = api_for(field_officer).post(f"{OFFICE}/businesses/", body, format="json")
    business = Business.objects.get(name="Keripik Ciputat")
    assert response.status_code == 201
    assert response.json()["phone"] == "0812-3456-7890"
    assert business.phone == "+6281234567890"
    assert business.district_code == "36.74.01"
    assert business.registered_by == field_officer
    assert AuditEvent.objects.get(object_type="registry.business").action == "business.created"


def test_business_create_answers_the_forms_errors_per_field(api_for, admin_user, organisation):
    body = {
        "name": "X",
        "owner_name": "Y",
        "owner_gender": "F",
        "phone": "12",
        "village_code": "32.76.01.1001",
    }
    response = api_for(admin_user).post(f"{OFFICE}/businesses/", body, format="json")
    assert response.status_code == 400
    assert sorted(response.json()["error"]["fields"]) == ["phone", "village_code"]
    assert Business.objects.count() == 0


def test_business_patch_changes_only_the_fields_sent(api_for, admin_user, business):
    response = api_for(admin_user).patch(
        f"{OFFICE}/businesses/{business.pk}/", {"workers": 7}, format="json"
    )
    business.refresh_from_db()
    assert response.status_code == 200
    assert (business.workers, business.name, business.nik) == (7, "Batik Serpong", NIK)
    event = AuditEvent.objects.get(action="business.changed")
    assert event.changes == {"workers": [None, 7]}


def test_business_patch_is_refused_to_a_curator(api_for, curator, business):
    response = api_for(curator).patch(
        f"{OFFICE}/businesses/{business.pk}/", {"workers": 7}, format="json"
    )
    assert response.status_code == 403


def test_product_list_runs_the_same_queries_for_one_and_many(api_for, admin_user, business):
    api = api_for(admin_user)
    api.get(f"{OFFICE}/products/")
    with CaptureQueriesContext(connection) as one:
        api.get(f"{OFFICE}/products/")
    group = business.products.get().group
    for index in range(4):
        ProductFactory(business=business, group=group, name=f"P{index}")
    with CaptureQueriesContext(connection) as many:
        response = api.get(f"{OFFICE}/products/")
    assert response.json()["count"] == 5
    assert len(many) == len(one)


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_product_list_refuses_others(request, api_for, business, persona, status):
    response = api_for(request.getfixturevalue(persona)).get(f"{OFFICE}/products/")
    assert response.status_code == status


def test_product_added_to_a_business(api_for, field_officer, business, product_groups):
    body = {"group": product_groups["makanan"].pk, "name": "Kue lapis", "price": 25000}
    response = api_for(field_officer).post(
        f"{OFFICE}/businesses/{business.pk}/products/", body, format="json"
    )
    assert response.status_code == 201
    assert response.json()["group"]["code"] == "makanan"
    assert business.products.filter(name="Kue lapis").count() == 1


def test_product_patch_refuses_another_offices_group(
    api_for, admin_user, business, other_organisation
):
    from tests.factories import ProductGroupFactory

    foreign = ProductGroupFactory(organisation=other_organisation, code="tas")
    product = business.products.get()
    response = api_for(admin_user).patch(
        f"{OFFICE}/products/{product.pk}/", {"group": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["group"]


def test_certificate_added_by_type_code_and_verified(api_for, admin_user, business):
    api = api_for(admin_user)
    response = api.post(
        f"{OFFICE}/businesses/{business.pk}/certificates/",
        {"type": "nib", "number": "9120001234567"},
        format="json",
    )
    certificate = Certificate.objects.get()
    verified = api.post(f"{OFFICE}/certificates/{certificate.pk}/verify/")
    assert response.status_code == 201
    assert response.json()["type_code"] == "nib"
    assert verified.status_code == 200
    assert verified.json()["verified"] is True


def test_certificate_of_an_unknown_type_is_refused(api_for, admin_user, business):
    response = api_for(admin_user).post(
        f"{OFFICE}/businesses/{business.pk}/certificates/",
        {"type": "nope", "number": "1"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["type"]


def test_certificate_list_runs_the_same_queries_for_one_and_many(api_for, admin_user, business):
    api = api_for(admin_user)
    CertificateFactory(business=business)
    url = f"{OFFICE}/businesses/{business.pk}/certificates/"
    api.get(url)
    with CaptureQueriesContext(connection) as one:
        api.get(url)
    CertificateFactory.create_batch(3, business=business)
    with CaptureQueriesContext(connection) as many:
        response = api.get(url)
    assert response.json()["count"] == 4
    assert len(many) == len(one)


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_certificate_verify_refuses_others(request, api_for, business, persona, status):
    certificate = CertificateFactory(business=business)
    response = api_for(request.getfixturevalue(persona)).post(
        f"{OFFICE}/certificates/{certificate.pk}/verify/"
    )
    certificate.refresh_from_db()
    assert response.status_code == status
    assert certificate.verified_at is None
