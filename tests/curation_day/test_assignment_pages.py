import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.curation.models import Assignment, ConflictOfInterest
from kurasi.curation.services_assignment import assign_automatically

from ..factories import BusinessFactory
from .conftest import SLUG, programme_url, verified

CONFLICTS = reverse("curation:conflicts", args=[SLUG])


def test_assignment_page_for_the_admin(
    client_for, admin_user, open_programme, applications, curators
):
    response = client_for(admin_user).get(programme_url("assignments", open_programme))
    assert response.status_code == 200
    assert "Hendra Wijaya" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("curator", 403), ("field_officer", 403), ("outsider", 404), ("producer", 404)],
)
def test_assignment_pages_refused(
    client_for, request, open_programme, applications, persona, status
):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(programme_url("assignments", open_programme)).status_code == status
    assert client.post(programme_url("assign_auto", open_programme)).status_code == status
    assert not Assignment.objects.exists()


def test_assignment_page_sends_anonymous_to_login(client, open_programme):
    response = client.get(programme_url("assignments", open_programme))
    assert response.status_code == 302


def test_assign_button_assigns_and_shows_shortages(
    client_for, admin_user, open_programme, applications, curators
):
    ConflictOfInterest.objects.create(
        curator=curators["non_food"][1], business=applications[2].product.business, relation="ipar"
    )
    response = client_for(admin_user).post(programme_url("assign_auto", open_programme))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="shortages"' in content
    assert "Tas Pandan" in content
    assert Assignment.objects.count() == 4


def test_flagged_pairs_shown_for_review(
    client_for, admin_user, open_programme, applications, curators
):
    Assignment.objects.create(application=applications[0], curator=curators["non_food"][1])
    content = client_for(admin_user).get(programme_url("assignments", open_programme)).content
    flagged = content.decode().split('id="flagged"')[1].split("</ul>")[0]
    assert "Hendra Wijaya" in flagged
    assert "Roti Gambang" in flagged


def test_manual_add_and_remove_through_the_page(
    client_for, admin_user, open_programme, applications, curators
):
    client = client_for(admin_user)
    curator = curators["food"][1]
    response = client.post(
        programme_url("assignment_add", open_programme),
        {"application": applications[0].pk, "curator": curator.pk},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.curator, assignment.is_automatic) == (curator, False)
    client.post(programme_url("assignment_remove", open_programme, assignment.pk))
    assert not Assignment.objects.exists()


def test_assignment_page_query_count_does_not_grow(
    client_for, admin_user, open_programme, applications, curators, product_groups
):
    client = client_for(admin_user)
    assign_automatically(actor=admin_user, programme=open_programme)
    with CaptureQueriesContext(connection) as few:
        client.get(programme_url("assignments", open_programme))
    business = applications[0].product.business
    for n in range(15):
        verified(open_programme, business, product_groups["makanan"], f"Kue {n}")
    assign_automatically(actor=admin_user, programme=open_programme)
    with CaptureQueriesContext(connection) as many:
        client.get(programme_url("assignments", open_programme))
    assert len(many) == len(few)


def test_curator_declares_a_conflict_seeing_only_name_and_village(
    client_for, curator, organisation, applications
):
    BusinessFactory(
        organisation=organisation,
        name="Batik Kakak Saya",
        nik="3674015508950001",
        phone="+6281299990000",
        address="Jl. Rahasia No. 1",
        village_code="36.74.04.1003",
    )
    client = client_for(curator)
    page = client.get(CONFLICTS + "?q=batik").content.decode()
    assert "Batik Kakak Saya" in page
    assert "Ciputat" in page
    for personal in ("3674015508950001", "99990000", "Jl. Rahasia"):
        assert personal not in page
    business = ConflictOfInterest._meta.get_field("business").related_model.objects.get(
        name="Batik Kakak Saya"
    )
    response = client.post(CONFLICTS, {"business": business.pk, "relation": "kakak kandung"})
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.curator, conflict.relation) == (curator, "kakak kandung")
    client.post(reverse("curation:conflict_withdraw", args=[SLUG, conflict.pk]))
    assert not ConflictOfInterest.objects.exists()


def test_curator_cannot_declare_for_another_office_business(
    client_for, curator, other_organisation
):
    foreign = BusinessFactory(organisation=other_organisation, name="Usaha Depok")
    assert (
        client_for(curator).get(CONFLICTS + "?q=depok").content.decode().count("Usaha Depok") == 0
    )
    response = client_for(curator).post(CONFLICTS, {"business": foreign.pk, "relation": "teman"})
    assert response.status_code == 200
    assert not ConflictOfInterest.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_user", 403), ("field_officer", 403), ("outsider", 404), ("producer", 404)],
)
def test_conflicts_page_only_for_curators(client_for, request, organisation, persona, status):
    assert client_for(request.getfixturevalue(persona)).get(CONFLICTS).status_code == status
