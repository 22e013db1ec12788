import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.accounts.models import Role

from ..factories import MembershipFactory, OrganisationFactory

DASHBOARD = reverse("insights:organisation_dashboard", args=["disperindag-tangsel"])
STAFF_LIST = reverse("insights:members", args=["disperindag-tangsel"])


def test_home_page_is_public_and_in_indonesian(client, db):
    response = client.get(reverse("insights:home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="id">' in content
    assert "Pendaftaran dibuka" in content
    # With no call open, the past calls stay one tap away.
    assert f'href="{reverse("programmes:call_list")}"' in content


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("admin_user", "Petugas"),
        ("field_officer", "Tugas Anda"),
        ("curator", "Produk yang dinilai"),
    ],
)
def test_staff_dashboard_by_role(client_for, request, persona, heading):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(reverse("insights:dashboard"), follow=True)
    assert response.redirect_chain[-1][0] == DASHBOARD
    assert heading in response.content.decode()


def test_admin_dashboard_counts_staff(client_for, admin_user, field_officer, curator):
    response = client_for(admin_user).get(DASHBOARD)
    assert response.context["role_counts"] == {"admins": 1, "field_officers": 1, "curators": 1}


def test_producer_dashboard(client_for, producer):
    response = client_for(producer).get(reverse("insights:dashboard"))
    assert response.status_code == 200
    assert "Halo, Siti" in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "producer"])
def test_another_office_or_producer_gets_404_for_office_dashboard(
    client_for, request, organisation, persona
):
    response = client_for(request.getfixturevalue(persona)).get(DASHBOARD)
    assert response.status_code == 404
    assert organisation.name not in response.content.decode()


def test_anonymous_is_sent_to_login(client, organisation):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_staff_with_two_offices_chooses_one(client_for, curator):
    MembershipFactory(
        user=curator, organisation=OrganisationFactory(name="Dekranasda Banten"), role=Role.CURATOR
    )
    response = client_for(curator).get(reverse("insights:dashboard"))
    assert response.status_code == 200
    assert "Dekranasda Banten" in response.content.decode()


def test_staff_list_for_admin(client_for, admin_user, curator):
    response = client_for(admin_user).get(STAFF_LIST)
    assert response.status_code == 200
    assert "Bambang Hermawan" in response.content.decode()


@pytest.mark.parametrize("persona", ["curator", "field_officer"])
def test_staff_list_refused_to_other_roles(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(STAFF_LIST).status_code == 403


def test_staff_list_refused_to_another_office(client_for, outsider, organisation):
    assert client_for(outsider).get(STAFF_LIST).status_code == 404


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_staff_list_query_count_does_not_grow_with_rows(client_for, admin_user, organisation):
    client = client_for(admin_user)
    few = _count_queries(client, STAFF_LIST)
    for _ in range(50):
        MembershipFactory(organisation=organisation, role=Role.CURATOR)
    assert _count_queries(client, STAFF_LIST) == few


def test_403_and_404_pages_use_the_layout_and_language(client_for, curator):
    client = client_for(curator)
    forbidden = client.get(STAFF_LIST)
    assert "Akses ditolak" in forbidden.content.decode()
    missing = client.get("/tidak-ada/")
    assert missing.status_code == 404
    assert "Halaman tidak ditemukan" in missing.content.decode()
