"""Facilitation through the API: the office's gap lists, facilitation programmes and their
participants for admins and field officers; a participant's status changed through the page's
form and service."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurasi.audit.models import AuditEvent
from kurasi.facilitation.models import (
    Participation,
    ParticipationStatus,
)

from .conftest import NIK, OFFICE, facilitation_programme, food_business

GAPS = f"{OFFICE}/facilitation/gaps/"
PROGRAMMES = f"{OFFICE}/facilitation/"
HALAL_DAY = "2026-10-17"  # halal mandatory for micro and small firms' food


def participations_url(programme):
    return f"{PROGRAMMES}{programme.pk}/participations/"


def participation_url(participation):
    return f"{participations_url(participation.programme)}{participation.pk}/"


def warmed(api):
    """The token's first use writes last_used_at once; measured requests come after it."""
    api.get(PROGRAMMES)
    return api


STAFF = ["admin_user", "field_officer"]
REFUSED = [("curator", 403), ("outsider", 404), ("producer", 404)]


# --- gap lists ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", STAFF)
def test_gap_list_shows_the_halal_gap_to_staff(request, api_for, siti, persona):
    response = api_for(request.getfixturevalue(persona)).get(GAPS, {"on": HALAL_DAY})
    rows = response.json()["results"]
    assert response.status_code == 200
    assert [
        (r["business_name"], r["product_name"], r["rule_code"], r["severity"], r["status"])
        for r in rows
    ] == [("Dapur Siti", "Keripik Dapur Siti", "halal-pangan-umk", "mandatory", "missing")]
    assert (rows[0]["status_label"], rows[0]["accepted_certificates"]) == (
        "Not yet held",
        ["Sertifikat Halal"],
    )
    assert NIK not in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_gap_list_refuses_others(request, api_for, siti, persona, status):
    response = api_for(request.getfixturevalue(persona)).get(GAPS)
    assert response.status_code == status


def test_gap_list_refuses_anonymous_callers(anonymous_api, siti):
    assert anonymous_api.get(GAPS).status_code == 401


def test_gap_list_needs_the_facilitation_scope(api_for, admin_user, siti):
    response = api_for(admin_user, scopes=["registry:read"]).get(GAPS)
    assert response.status_code == 403
    assert "facilitation:read" in response.json()["error"]["message"]


def test_gap_list_filters_as_the_page(api_for, admin_user, siti, organisation, product_groups):
    food_business(
        organisation, product_groups["minuman-ringan"], "Jahe Pamulang", district_code="36.74.05"
    )
    api = api_for(admin_user)

    def names(**params):
        rows = api.get(GAPS, {"list": "pirt", "on": "2025-01-01", **params}).json()["results"]
        return sorted(r["business_name"] for r in rows)

    assert names() == ["Dapur Siti", "Jahe Pamulang"]
    assert names(district="36.74.05") == ["Jahe Pamulang"]
    assert names(group=product_groups["makanan"].pk) == ["Dapur Siti"]
    assert names(mandatory="true", on="2017-10-09", list="halal") == []
    assert names(on="2017-10-09", list="halal") == ["Dapur Siti", "Jahe Pamulang"]


def test_gap_list_refuses_a_filter_the_page_does_not_know(api_for, admin_user, siti):
    response = api_for(admin_user).get(GAPS, {"list": "iso", "group": "abc"})
    assert response.status_code == 400
    assert sorted(response.json()["error"]["fields"]) == ["group", "list"]


def test_gap_list_runs_the_same_queries_for_one_and_many(
    api_for, admin_user, siti, organisation, product_groups
):
    api = warmed(api_for(admin_user))
    with CaptureQueriesContext(connection) as one:
        api.get(GAPS, {"on": HALAL_DAY})
    for index in range(3):
        food_business(organisation, product_groups["makanan"], f"Usaha {index}")
    with CaptureQueriesContext(connection) as many:
        response = api.get(GAPS, {"on": HALAL_DAY})
    assert response.json()["count"] == 4
    assert len(many) == len(one)


# --- facilitation programmes ----------------------------------------------------------------


@pytest.mark.parametrize("persona", STAFF)
def test_programme_list_shows_counts_to_staff(request, api_for, participation, persona):
    response = api_for(request.getfixturevalue(persona)).get(PROGRAMMES)
    row = response.json()["results"][0]
    assert response.status_code == 200
    assert (row["title"], row["kind"], row["target_type"]) == (
        "Fasilitasi Sertifikasi Halal 2026",
        "certification",
        {"code": "halal", "name": "Sertifikat Halal"},
    )
    assert (row["quota"], row["participants"], row["done"], row["is_free"]) == (10, 1, 0, True)


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_programme_list_refuses_others(request, api_for, participation, persona, status):
    response = api_for(request.getfixturevalue(persona)).get(PROGRAMMES)
    assert response.status_code == status


def test_programme_list_needs_a_token_with_the_facilitation_scope(
    api_for, anonymous_api, admin_user, participation
):
    assert anonymous_api.get(PROGRAMMES).status_code == 401
    assert api_for(admin_user, scopes=["exhibitions:read"]).get(PROGRAMMES).status_code == 403


def test_programme_list_runs_the_same_queries_for_one_and_many(
    api_for, admin_user, participation, organisation, product_groups
):
    api = warmed(api_for(admin_user))
    with CaptureQueriesContext(connection) as one:
        api.get(PROGRAMMES)
    for index in range(3):
        programme = facilitation_programme(organisation, f"Pelatihan {index}", "sni")
        business = food_business(organisation, product_groups["makanan"], f"Peserta {index}")
        Participation.objects.create(programme=programme, business=business)
    with CaptureQueriesContext(connection) as many:
        response = api.get(PROGRAMMES)
    assert response.json()["count"] == 4
    assert len(many) == len(one)


def test_programme_detail_counts_participants_by_status(
    api_for, field_officer, participation, halal_programme, organisation, product_groups
):
    dropped = food_business(organisation, product_groups["makanan"], "Mundur")
    Participation.objects.create(
        programme=halal_programme, business=dropped, status=ParticipationStatus.DROPPED
    )
    response = api_for(field_officer).get(f"{PROGRAMMES}{halal_programme.pk}/")
    body = response.json()
    assert response.status_code == 200
    assert (body["participants"], body["provider"]) == (2, "BPJPH")
    assert {c["status"]: c["count"] for c in body["participations_by_status"]} == {
        "invited": 0,
        "enrolled": 1,
        "in_progress": 0,
        "done": 0,
        "dropped": 1,
    }


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_programme_detail_refuses_others(request, api_for, halal_programme, persona, status):
    response = api_for(request.getfixturevalue(persona)).get(f"{PROGRAMMES}{halal_programme.pk}/")
    assert response.status_code == status


def test_programme_of_another_office_is_not_found(api_for, admin_user, rules, other_organisation):
    theirs = facilitation_programme(other_organisation, "Fasilitasi Depok", "halal")
    api = api_for(admin_user)
    assert api.get(f"{PROGRAMMES}{theirs.pk}/").status_code == 404
    assert api.get(participations_url(theirs)).status_code == 404


# --- participations -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", STAFF)
def test_participation_list_shows_status_to_staff(request, api_for, participation, persona):
    response = api_for(request.getfixturevalue(persona)).get(
        participations_url(participation.programme)
    )
    row = response.json()["results"][0]
    assert response.status_code == 200
    assert (row["id"], row["business_name"], row["status"], row["certificate"]) == (
        participation.pk,
        "Dapur Siti",
        "enrolled",
        None,
    )
    assert NIK not in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_participation_list_refuses_others(request, api_for, participation, persona, status):
    url = participations_url(participation.programme)
    assert api_for(request.getfixturevalue(persona)).get(url).status_code == status


def test_participation_list_needs_a_token_with_the_facilitation_scope(
    api_for, anonymous_api, admin_user, participation
):
    url = participations_url(participation.programme)
    assert anonymous_api.get(url).status_code == 401
    assert api_for(admin_user, scopes=["registry:read"]).get(url).status_code == 403


def test_participation_list_filters_by_status(
    api_for, admin_user, participation, halal_programme, organisation, product_groups
):
    invited = food_business(organisation, product_groups["makanan"], "Diundang")
    Participation.objects.create(programme=halal_programme, business=invited)
    api = api_for(admin_user)
    url = participations_url(halal_programme)
    assert [r["business_name"] for r in api.get(url).json()["results"]] == [
        "Dapur Siti",
        "Diundang",
    ]
    only = api.get(url, {"status": "invited"}).json()["results"]
    assert [r["business_name"] for r in only] == ["Diundang"]
    refused = api.get(url, {"status": "lulus"})
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["status"]


def test_participation_list_runs_the_same_queries_for_one_and_many(
    api_for, admin_user, participation, halal_programme, organisation, product_groups
):
    api = warmed(api_for(admin_user))
    url = participations_url(halal_programme)
    with CaptureQueriesContext(connection) as one:
        api.get(url)
    for index in range(3):
        business = food_business(organisation, product_groups["makanan"], f"Peserta {index}")
        Participation.objects.create(programme=halal_programme, business=business)
    with CaptureQueriesContext(connection) as many:
        response = api.get(url)
    assert response.json()["count"] == 4
    assert len(many) == len(one)


@pytest.mark.parametrize("persona", STAFF)
def test_participation_status_changes_with_timestamp_note_and_audit(
    request, api_for, participation, persona
):
    response = api_for(request.getfixturevalue(persona)).patch(
        participation_url(participation),
        {"status": "in_progress", "note": "Dokumen lengkap"},
        format="json",
    )
    participation.refresh_from_db()
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["outcome_note"]) == (
        "in_progress",
        "Dokumen lengkap",
    )
    assert (participation.status, participation.outcome_note) == ("in_progress", "Dokumen lengkap")
    assert participation.started_at is not None
    assert AuditEvent.objects.filter(action="facilitation.status_changed").count() == 1


def assert_unchanged(participation):
    participation.refresh_from_db()
    assert (participation.status, participation.outcome_note) == ("enrolled", "")
    assert not AuditEvent.objects.filter(action="facilitation.status_changed").exists()


@pytest.mark.parametrize(
    "body",
    [{"status": "finished"}, {"note": "tanpa status"}, {"status": "dropped", "note": "x" * 501}],
)
def test_participation_status_refuses_bad_input(api_for, admin_user, participation, body):
    response = api_for(admin_user).patch(participation_url(participation), body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"]
    assert_unchanged(participation)


def test_participation_done_needs_the_certificate_when_the_programme_leads_to_one(
    api_for, admin_user, participation
):
    response = api_for(admin_user).patch(
        participation_url(participation), {"status": "done"}, format="json"
    )
    assert response.status_code == 400
    assert "certificate" in response.json()["error"]["fields"]["status"][0]
    assert_unchanged(participation)


def test_participation_done_in_a_training_programme(api_for, admin_user, siti, organisation):
    training = facilitation_programme(organisation, "Pelatihan Kemasan")
    participation = Participation.objects.create(programme=training, business=siti)
    response = api_for(admin_user).patch(
        participation_url(participation), {"status": "done"}, format="json"
    )
    participation.refresh_from_db()
    assert response.status_code == 200
    assert (participation.status, participation.done_at is not None) == ("done", True)


def test_participation_under_another_programme_is_not_found(
    api_for, admin_user, participation, organisation
):
    other = facilitation_programme(organisation, "Pelatihan Kemasan")
    url = f"{participations_url(other)}{participation.pk}/"
    api = api_for(admin_user)
    assert api.get(url).status_code == 404
    assert api.patch(url, {"status": "dropped"}, format="json").status_code == 404
    assert_unchanged(participation)


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_participation_status_refuses_others(request, api_for, participation, persona, status):
    api = api_for(request.getfixturevalue(persona))
    assert api.get(participation_url(participation)).status_code == status
    response = api.patch(participation_url(participation), {"status": "dropped"}, format="json")
    assert response.status_code == status
    assert_unchanged(participation)


def test_participation_status_needs_a_token_with_the_write_scope(
    api_for, anonymous_api, admin_user, participation
):
    url = participation_url(participation)
    body = {"status": "dropped"}
    assert anonymous_api.patch(url, body, format="json").status_code == 401
    read_only = api_for(admin_user, scopes=["facilitation:read"])
    assert read_only.get(url).status_code == 200
    assert read_only.patch(url, body, format="json").status_code == 403
    assert_unchanged(participation)
