"""Programmes and applications for office staff; the producer's own records under /me/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurasi.audit.models import AuditEvent
from kurasi.programmes.models import Application, ApplicationStatus
from tests.factories import ApplicationFactory, BusinessFactory, ProductFactory

OFFICE = "/api/v1/o/disperindag-tangsel"


@pytest.fixture
def application(open_programme, producer_business):
    return ApplicationFactory(
        programme=open_programme,
        product=producer_business.products.get(),
        status=ApplicationStatus.SUBMITTED,
    )


def applications_url(programme):
    return f"{OFFICE}/programmes/{programme.slug}/applications/"


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_programme_list_is_open_to_registry_staff(request, api_for, application, persona):
    response = api_for(request.getfixturevalue(persona)).get(f"{OFFICE}/programmes/")
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert (row["slug"], row["applications_counted"], row["applications_awaiting"]) == (
        "kurasi-2026",
        1,
        1,
    )


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_programme_list_refuses_others(request, api_for, application, persona, status):
    response = api_for(request.getfixturevalue(persona)).get(f"{OFFICE}/programmes/")
    assert response.status_code == status


def test_application_list_filters_by_status(api_for, admin_user, application, open_programme):
    api = api_for(admin_user)
    submitted = api.get(applications_url(open_programme), {"status": "submitted"}).json()
    verified = api.get(applications_url(open_programme), {"status": "verified"}).json()
    assert [row["id"] for row in submitted["results"]] == [application.pk]
    assert verified["results"] == []


def test_application_list_runs_the_same_queries_for_one_and_many(
    api_for, admin_user, application, open_programme, product_groups
):
    api = api_for(admin_user)
    url = applications_url(open_programme)
    api.get(url)
    with CaptureQueriesContext(connection) as one:
        api.get(url)
    for index in range(3):
        business = BusinessFactory(organisation=open_programme.organisation)
        product = ProductFactory(business=business, group=product_groups["tas"], name=f"T{index}")
        ApplicationFactory(programme=open_programme, product=product, status="submitted")
    with CaptureQueriesContext(connection) as many:
        response = api.get(url)
    assert response.json()["count"] == 4
    assert len(many) == len(one)


def test_application_verified_by_a_field_officer(
    api_for, field_officer, application, open_programme
):
    url = f"{applications_url(open_programme)}{application.pk}/verification/"
    response = api_for(field_officer).post(url, {"complete": True}, format="json")
    application.refresh_from_db()
    assert response.status_code == 200
    assert application.status == ApplicationStatus.VERIFIED
    assert AuditEvent.objects.filter(action="application.verified").count() == 1


def test_application_incomplete_needs_a_note(api_for, admin_user, application, open_programme):
    url = f"{applications_url(open_programme)}{application.pk}/verification/"
    response = api_for(admin_user).post(url, {"complete": False}, format="json")
    application.refresh_from_db()
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "non_field_errors": ["Write what is missing, so the producer can complete it."]
    }
    assert application.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_application_verification_refuses_others(
    request, api_for, application, open_programme, persona, status
):
    url = f"{applications_url(open_programme)}{application.pk}/verification/"
    response = api_for(request.getfixturevalue(persona)).post(
        url, {"complete": True}, format="json"
    )
    application.refresh_from_db()
    assert response.status_code == status
    assert application.status == ApplicationStatus.SUBMITTED


def test_my_businesses_are_the_producers_own(api_for, producer, producer_business, organisation):
    BusinessFactory(organisation=organisation, name="Bukan milik Siti")
    response = api_for(producer).get("/api/v1/me/businesses/")
    assert [row["name"] for row in response.json()["results"]] == ["Roti Siti"]


def test_my_business_of_another_producer_is_not_found(api_for, other_producer, producer_business):
    response = api_for(other_producer).get(f"/api/v1/me/businesses/{producer_business.pk}/")
    assert response.status_code == 404


def test_my_business_detail_masks_the_nik(api_for, producer, producer_business):
    producer_business.nik = "3674015508950001"
    producer_business.save()
    response = api_for(producer).get(f"/api/v1/me/businesses/{producer_business.pk}/")
    assert response.json()["nik"] == "3674********0001"


def test_my_products_run_the_same_queries_for_one_and_many(
    api_for, producer, producer_business, product_groups
):
    api = api_for(producer)
    api.get("/api/v1/me/products/")
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/me/products/")
    ProductFactory.create_batch(3, business=producer_business, group=product_groups["tas"])
    with CaptureQueriesContext(connection) as many:
        response = api.get("/api/v1/me/products/")
    assert response.json()["count"] == 4
    assert len(many) == len(one)


def test_my_draft_application_is_submitted(api_for, producer, open_programme, producer_business):
    draft = ApplicationFactory(programme=open_programme, product=producer_business.products.get())
    response = api_for(producer).post(f"/api/v1/me/applications/{draft.pk}/submit/")
    draft.refresh_from_db()
    assert response.status_code == 200
    assert draft.status == ApplicationStatus.SUBMITTED
    assert response.json()["status"] == "submitted"


def test_my_application_of_another_producer_is_not_found(
    api_for, other_producer, open_programme, producer_business
):
    draft = ApplicationFactory(programme=open_programme, product=producer_business.products.get())
    response = api_for(other_producer).post(f"/api/v1/me/applications/{draft.pk}/submit/")
    assert response.status_code == 404
    assert Application.objects.get().status == ApplicationStatus.DRAFT


def test_my_applications_list_is_the_producers_own(api_for, producer, other_producer, application):
    mine = api_for(producer).get("/api/v1/me/applications/").json()["results"]
    theirs = api_for(other_producer).get("/api/v1/me/applications/").json()["results"]
    assert [row["id"] for row in mine] == [application.pk]
    assert theirs == []
