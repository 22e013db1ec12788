"""Facilitation programmes written through the API, as the pages let admins: created through
the page's ProgrammeForm and `save_programme`, changed through the same form and service."""

import datetime as dt

import pytest

from kurasi.audit.models import AuditEvent
from kurasi.facilitation.models import FacilitationProgramme

from .conftest import audited, facilitation_programme
from .test_facilitation import PROGRAMMES

REFUSED_TO_ALL_BUT_ADMINS = [
    ("field_officer", 403),
    ("curator", 403),
    ("outsider", 404),
    ("producer", 404),
]
NEW_PROGRAMME = {
    "title": "Pelatihan Kemasan 2026",
    "kind": "training",
    "target_criterion_key": "kemasan",
    "quota": 25,
    "starts_on": "2026-03-01",
    "ends_on": "2026-03-31",
    "provider": "Rumah Kemasan Banten",
    "cost_to_producer": 0,
    "description": "Desain dan bahan kemasan.",
}


def programme_url(programme):
    return f"{PROGRAMMES}{programme.pk}/"


# --- creating a programme -------------------------------------------------------------------


def test_programme_create_saves_it_for_the_office_with_audit(
    api_for, admin_user, organisation, rules, events_before
):
    body = {**NEW_PROGRAMME, "kind": "certification", "target_type": "halal"}
    response = api_for(admin_user).post(PROGRAMMES, body, format="json")
    shown = response.json()
    assert response.status_code == 201
    assert (shown["title"], shown["target_type"], shown["participants"], shown["is_free"]) == (
        "Pelatihan Kemasan 2026",
        {"code": "halal", "name": "Sertifikat Halal"},
        0,
        True,
    )
    assert {c["status"]: c["count"] for c in shown["participations_by_status"]}["invited"] == 0
    programme = FacilitationProgramme.objects.get(pk=shown["id"])
    assert (programme.organisation, programme.created_by, programme.quota) == (
        organisation,
        admin_user,
        25,
    )
    assert (programme.target_type.code, programme.starts_on) == ("halal", dt.date(2026, 3, 1))
    assert audited(events_before) == ["facilitation.programme_created"]


def test_programme_create_without_a_target_certificate(api_for, admin_user, organisation):
    response = api_for(admin_user).post(
        PROGRAMMES, {**NEW_PROGRAMME, "target_type": None, "quota": None}, format="json"
    )
    assert response.status_code == 201
    programme = FacilitationProgramme.objects.get(organisation=organisation)
    assert (programme.target_type, programme.quota) == (None, None)


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"ends_on": "2026-02-01"}, ["ends_on"]),
        ({"target_type": "iso-9001"}, ["target_type"]),
        ({"kind": "seminar", "title": ""}, ["kind", "title"]),
        ({"cost_to_producer": -5000}, ["cost_to_producer"]),
        ({"starts_on": "1 Maret"}, ["starts_on"]),
    ],
)
def test_programme_create_refuses_bad_input(
    api_for, admin_user, rules, events_before, change, fields
):
    response = api_for(admin_user).post(PROGRAMMES, {**NEW_PROGRAMME, **change}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert sorted(response.json()["error"]["fields"]) == fields
    assert not FacilitationProgramme.objects.exists()
    assert audited(events_before) == []


def test_programme_create_says_which_dates_are_wrong(api_for, admin_user):
    response = api_for(admin_user).post(
        PROGRAMMES, {**NEW_PROGRAMME, "ends_on": "2026-02-01"}, format="json"
    )
    assert response.json()["error"]["fields"] == {
        "ends_on": ["The end date is before the start date."]
    }


@pytest.mark.parametrize(("persona", "status"), REFUSED_TO_ALL_BUT_ADMINS)
def test_programme_create_refuses_others(request, api_for, organisation, persona, status):
    response = api_for(request.getfixturevalue(persona)).post(
        PROGRAMMES, NEW_PROGRAMME, format="json"
    )
    assert response.status_code == status
    assert not FacilitationProgramme.objects.exists()


def test_programme_create_needs_a_token_with_the_facilitation_write_scope(
    api_for, anonymous_api, admin_user, organisation
):
    assert anonymous_api.post(PROGRAMMES, NEW_PROGRAMME, format="json").status_code == 401
    read_only = api_for(admin_user, scopes=["facilitation:read"])
    response = read_only.post(PROGRAMMES, NEW_PROGRAMME, format="json")
    assert response.status_code == 403
    assert "facilitation:write" in response.json()["error"]["message"]
    assert not FacilitationProgramme.objects.exists()


# --- changing a programme -------------------------------------------------------------------


def test_programme_change_saves_only_what_was_sent_with_audit(
    api_for, admin_user, halal_programme, events_before
):
    response = api_for(admin_user).patch(
        programme_url(halal_programme), {"quota": 40, "provider": "LPH UIN"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["quota"], response.json()["provider"]) == (40, "LPH UIN")
    halal_programme.refresh_from_db()
    assert (halal_programme.quota, halal_programme.provider, halal_programme.title) == (
        40,
        "LPH UIN",
        "Fasilitasi Sertifikasi Halal 2026",
    )
    assert halal_programme.target_type.code == "halal"
    event = AuditEvent.objects.get(id__gt=events_before, action="facilitation.programme_changed")
    assert event.changes["fields"] == [None, ["provider", "quota"]]


def test_programme_change_can_drop_the_target_certificate(api_for, admin_user, halal_programme):
    response = api_for(admin_user).patch(
        programme_url(halal_programme), {"target_type": None, "kind": "mentoring"}, format="json"
    )
    assert response.status_code == 200
    halal_programme.refresh_from_db()
    assert (halal_programme.target_type, halal_programme.kind) == (None, "mentoring")


def assert_programme_unchanged(programme, events_before):
    programme.refresh_from_db()
    assert (programme.quota, programme.ends_on) == (10, dt.date(2026, 12, 31))
    assert audited(events_before) == []


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"ends_on": "2026-01-01"}, ["ends_on"]),
        ({"quota": -1}, ["quota"]),
        ({"quota": 5, "target_type": "bogus"}, ["target_type"]),
        ({"title": None}, ["title"]),
    ],
)
def test_programme_change_refuses_bad_input(
    api_for, admin_user, halal_programme, events_before, change, fields
):
    response = api_for(admin_user).patch(programme_url(halal_programme), change, format="json")
    assert response.status_code == 400
    assert sorted(response.json()["error"]["fields"]) == fields
    assert_programme_unchanged(halal_programme, events_before)


def test_programme_change_keeps_the_quota_at_or_above_those_taking_part(
    api_for, admin_user, halal_programme, participation, events_before
):
    url = programme_url(halal_programme)
    response = api_for(admin_user).patch(
        url, {"quota": 0}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["quota"] == [
        "1 producer already takes part: the quota cannot be lower."
    ]
    assert_programme_unchanged(halal_programme, events_before)
    participation.status = "dropped"  # someone who dropped out frees their place
    participation.save()
    assert api_for(admin_user).patch(url, {"quota": 0}, format="json").status_code == 200


@pytest.mark.parametrize(("persona", "status"), REFUSED_TO_ALL_BUT_ADMINS)
def test_programme_change_refuses_others(
    request, api_for, halal_programme, events_before, persona, status
):
    response = api_for(request.getfixturevalue(persona)).patch(
        programme_url(halal_programme), {"quota": 99}, format="json"
    )
    assert response.status_code == status
    assert_programme_unchanged(halal_programme, events_before)


def test_programme_change_needs_a_token_with_the_facilitation_write_scope(
    api_for, anonymous_api, admin_user, halal_programme, events_before
):
    url = programme_url(halal_programme)
    assert anonymous_api.patch(url, {"quota": 99}, format="json").status_code == 401
    read_only = api_for(admin_user, scopes=["facilitation:read"])
    assert read_only.get(url).status_code == 200
    assert read_only.patch(url, {"quota": 99}, format="json").status_code == 403
    assert_programme_unchanged(halal_programme, events_before)


def test_programme_change_of_another_office_is_not_found(
    api_for, admin_user, rules, other_organisation
):
    theirs = facilitation_programme(other_organisation, "Fasilitasi Depok", "halal")
    response = api_for(admin_user).patch(programme_url(theirs), {"quota": 99}, format="json")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.quota == 10
