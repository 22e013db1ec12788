"""Curators' product groups and conflicts of interest through the API: admins read and set
groups through the page's form and service; curators declare and withdraw their own conflicts
as on the conflicts page; admins read the office's conflicts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurasi.audit.models import AuditEvent
from kurasi.curation.models import ConflictOfInterest, CuratorCoverage

from ..curation_day.conftest import make_curator
from ..factories import BusinessFactory, ProductGroupFactory
from .conftest import NIK, OFFICE, PHONE, audited

CURATORS = f"{OFFICE}/curators/"
CONFLICTS = f"{OFFICE}/conflicts/"
REFUSED_ADMIN_ONLY = [
    ("curator", 403),
    ("field_officer", 403),
    ("outsider", 404),
    ("producer", 404),
]


def groups_url(user):
    return f"{CURATORS}{user.pk}/groups/"


@pytest.fixture
def food_curator(curator, organisation, product_groups):
    """The curator persona, covering food and drink."""
    for code in ("makanan", "minuman-ringan"):
        CuratorCoverage.objects.create(
            organisation=organisation, curator=curator, product_group=product_groups[code]
        )
    return curator


@pytest.fixture
def bakery(organisation):
    return BusinessFactory(
        organisation=organisation,
        name="Roti Melati",
        nik=NIK,
        phone=PHONE,
        village_code="36.74.04.1003",
    )


def covered(user):
    return set(
        CuratorCoverage.objects.filter(curator=user).values_list("product_group__code", flat=True)
    )


# --- curators and their groups ------------------------------------------------------------


def test_curator_list_shows_groups_and_conflict_counts(
    api_for, admin_user, food_curator, bakery, product_groups, organisation
):
    make_curator(organisation, "Maya Anggraini", [product_groups["tas"]])
    ConflictOfInterest.objects.create(curator=food_curator, business=bakery, relation="adik")
    response = api_for(admin_user).get(CURATORS)
    assert response.status_code == 200
    rows = {r["full_name"]: r for r in response.json()["results"]}
    assert set(rows) == {"Bambang Hermawan", "Maya Anggraini"}
    bambang = rows["Bambang Hermawan"]
    assert bambang["id"] == food_curator.pk
    assert [(g["code"], g["name"]) for g in bambang["groups"]] == [
        ("makanan", "Makanan"),
        ("minuman-ringan", "Minuman ringan"),
    ]
    assert bambang["groups"][0]["id"] == product_groups["makanan"].pk
    assert (bambang["conflicts_declared"], rows["Maya Anggraini"]["conflicts_declared"]) == (1, 0)


def test_curator_list_query_count_does_not_grow(
    api_for, admin_user, food_curator, bakery, product_groups, organisation
):
    api = api_for(admin_user)
    api.get(CURATORS)
    with CaptureQueriesContext(connection) as one:
        api.get(CURATORS)
    for n in range(5):
        other = make_curator(organisation, f"Kurator {n}", [product_groups["tas"]])
        ConflictOfInterest.objects.create(curator=other, business=bakery, relation="teman")
    with CaptureQueriesContext(connection) as several:
        assert api.get(CURATORS).json()["count"] == 6
    assert len(several) == len(one)


@pytest.mark.parametrize(("persona", "status"), REFUSED_ADMIN_ONLY)
def test_curators_refused_to_all_but_admins(request, api_for, food_curator, persona, status):
    api = api_for(request.getfixturevalue(persona))
    assert api.get(CURATORS).status_code == status
    assert api.get(groups_url(food_curator)).status_code == status
    assert api.put(groups_url(food_curator), {"groups": []}, format="json").status_code == status
    assert covered(food_curator) == {"makanan", "minuman-ringan"}


def test_curators_need_the_curation_scope(api_for, admin_user, food_curator, product_groups):
    api = api_for(admin_user, scopes=["registry:read", "registry:write"])
    response = api.get(CURATORS)
    assert response.status_code == 403
    assert "curation:read" in response.json()["error"]["message"]
    read_only = api_for(admin_user, scopes=["curation:read"])
    assert read_only.get(groups_url(food_curator)).status_code == 200
    body = {"groups": [product_groups["tas"].pk]}
    response = read_only.put(groups_url(food_curator), body, format="json")
    assert response.status_code == 403
    assert "curation:write" in response.json()["error"]["message"]
    assert covered(food_curator) == {"makanan", "minuman-ringan"}


def test_admin_sets_a_curators_groups_with_an_audit_event(
    api_for, admin_user, food_curator, product_groups, events_before
):
    api = api_for(admin_user)
    body = {"groups": [product_groups["tas"].pk, product_groups["makanan"].pk]}
    response = api.put(groups_url(food_curator), body, format="json")
    assert response.status_code == 200
    # In the office's order of groups (position, then name).
    assert [g["code"] for g in response.json()["groups"]] == ["makanan", "tas"]
    assert covered(food_curator) == {"tas", "makanan"}
    event = AuditEvent.objects.get(action="curator.groups_changed")
    assert event.changes == {"product_groups": [["Makanan", "Minuman ringan"], ["Makanan", "Tas"]]}
    # The same list again changes nothing and records nothing.
    assert api.put(groups_url(food_curator), body, format="json").status_code == 200
    assert audited(events_before, ("curator",)) == ["curator.groups_changed"]
    assert len(api.get(groups_url(food_curator)).json()["groups"]) == 2


def test_groups_of_another_office_or_unknown_are_refused(
    api_for, admin_user, food_curator, other_organisation, events_before
):
    foreign = ProductGroupFactory(organisation=other_organisation, code="batik", name="Batik")
    api = api_for(admin_user)
    response = api.put(groups_url(food_curator), {"groups": [foreign.pk]}, format="json")
    assert response.status_code == 400
    assert "groups" in response.json()["error"]["fields"]
    assert api.put(groups_url(food_curator), {"groups": "tas"}, format="json").status_code == 400
    assert covered(food_curator) == {"makanan", "minuman-ringan"}
    assert audited(events_before, ("curator",)) == []


def test_only_curators_of_the_office_have_groups(
    api_for, admin_user, field_officer, outsider, product_groups
):
    api = api_for(admin_user)
    for person in (field_officer, outsider, admin_user):
        assert api.get(groups_url(person)).status_code == 404
        body = {"groups": [product_groups["tas"].pk]}
        assert api.put(groups_url(person), body, format="json").status_code == 404
    assert not CuratorCoverage.objects.exists()


# --- conflicts of interest ----------------------------------------------------------------


def test_curator_declares_changes_and_withdraws_a_conflict(api_for, curator, bakery, events_before):
    api = api_for(curator)
    response = api.post(CONFLICTS, {"business": bakery.pk, "relation": "adik"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["business_name"], body["relation"], body["curator_id"]) == (
        "Roti Melati",
        "adik",
        curator.pk,
    )
    assert body["village_name"] == bakery.village_name
    for personal in (NIK, "55550001"):
        assert personal not in response.content.decode()
    again = api.post(CONFLICTS, {"business": bakery.pk, "relation": "kakak"}, format="json")
    assert (again.status_code, again.json()["id"]) == (200, body["id"])
    assert [c["relation"] for c in api.get(CONFLICTS).json()["results"]] == ["kakak"]
    assert api.get(f"{CONFLICTS}{body['id']}/").json()["relation"] == "kakak"
    assert api.delete(f"{CONFLICTS}{body['id']}/").status_code == 204
    assert not ConflictOfInterest.objects.exists()
    assert audited(events_before, ("conflict",)) == [
        "conflict.declared",
        "conflict.changed",
        "conflict.withdrawn",
    ]


def test_conflict_needs_a_relation_and_a_business_of_the_office(
    api_for, curator, bakery, other_organisation
):
    api = api_for(curator)
    blank = api.post(CONFLICTS, {"business": bakery.pk, "relation": "  "}, format="json")
    assert blank.status_code == 400
    assert "relation" in blank.json()["error"]["fields"]
    elsewhere = BusinessFactory(organisation=other_organisation, name="Batik Depok")
    foreign = api.post(CONFLICTS, {"business": elsewhere.pk, "relation": "adik"}, format="json")
    assert foreign.status_code == 400
    assert "business" in foreign.json()["error"]["fields"]
    assert not ConflictOfInterest.objects.exists()


def test_admin_reads_every_curators_conflicts_but_declares_none(
    api_for, admin_user, curator, bakery, organisation, product_groups
):
    other = make_curator(organisation, "Maya Anggraini", [product_groups["tas"]])
    ConflictOfInterest.objects.create(curator=curator, business=bakery, relation="adik")
    own = ConflictOfInterest.objects.create(curator=other, business=bakery, relation="ipar")
    api = api_for(admin_user)
    rows = api.get(CONFLICTS).json()["results"]
    assert [(r["curator_name"], r["relation"]) for r in rows] == [
        ("Bambang Hermawan", "adik"),
        ("Maya Anggraini", "ipar"),
    ]
    assert api_for(curator).get(CONFLICTS).json()["count"] == 1
    response = api.post(CONFLICTS, {"business": bakery.pk, "relation": "adik"}, format="json")
    assert response.status_code == 403
    assert api.delete(f"{CONFLICTS}{own.pk}/").status_code == 403
    assert ConflictOfInterest.objects.count() == 2


def test_a_curator_cannot_withdraw_anothers_conflict(
    api_for, curator, bakery, organisation, product_groups
):
    other = make_curator(organisation, "Maya Anggraini", [product_groups["tas"]])
    theirs = ConflictOfInterest.objects.create(curator=other, business=bakery, relation="ipar")
    api = api_for(curator)
    assert api.get(f"{CONFLICTS}{theirs.pk}/").status_code == 404
    assert api.delete(f"{CONFLICTS}{theirs.pk}/").status_code == 404
    assert ConflictOfInterest.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("field_officer", 403), ("outsider", 404), ("producer", 404)]
)
def test_conflicts_refused_to_others(request, api_for, curator, bakery, persona, status):
    conflict = ConflictOfInterest.objects.create(curator=curator, business=bakery, relation="adik")
    api = api_for(request.getfixturevalue(persona))
    assert api.get(CONFLICTS).status_code == status
    response = api.post(CONFLICTS, {"business": bakery.pk, "relation": "adik"}, format="json")
    assert response.status_code == status
    assert api.delete(f"{CONFLICTS}{conflict.pk}/").status_code == status
    assert ConflictOfInterest.objects.count() == 1


def test_conflicts_need_the_curation_scope(api_for, curator, bakery):
    api = api_for(curator, scopes=["curation:read"])
    assert api.get(CONFLICTS).status_code == 200
    response = api.post(CONFLICTS, {"business": bakery.pk, "relation": "adik"}, format="json")
    assert response.status_code == 403
    assert "curation:write" in response.json()["error"]["message"]
    assert api_for(curator, scopes=["registry:read"]).get(CONFLICTS).status_code == 403
    assert not ConflictOfInterest.objects.exists()


def test_anonymous_callers_are_refused(anonymous_api, food_curator):
    for url in (CURATORS, groups_url(food_curator), CONFLICTS):
        assert anonymous_api.get(url).status_code == 401
