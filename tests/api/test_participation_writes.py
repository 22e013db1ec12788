"""Facilitation participants written through the API, as the programme's page offers: admins
invite or enrol producers (`add_participants`); admins and field officers record the certificate
a participant obtained (the page's CompleteForm and `complete_with_certificate`)."""

import datetime as dt

import pytest

from kurasi.audit.models import AuditEvent
from kurasi.facilitation.models import FacilitationProgramme, Participation, ParticipationStatus
from kurasi.registry.models import Certificate
from tests.factories import BusinessFactory, certificate_type

from .conftest import audited, facilitation_programme, food_business
from .test_facilitation import participation_url, participations_url

REFUSED_TO_ALL_BUT_ADMINS = [
    ("field_officer", 403),
    ("curator", 403),
    ("outsider", 404),
    ("producer", 404),
]
REFUSED = [("curator", 403), ("outsider", 404), ("producer", 404)]
HALAL_NUMBER = "ID36110000123450126"
DONE_AREAS = ("facilitation", "certificate")  # the certificate has its own event
DONE_EVENTS = ["certificate.created", "facilitation.status_changed"]


def done_url(participation):
    return f"{participation_url(participation)}done/"


# --- adding participants --------------------------------------------------------------------


@pytest.fixture
def depok_business(other_organisation, product_groups):
    return BusinessFactory(organisation=other_organisation, name="Usaha Depok")


def test_participants_add_enrols_the_offices_businesses_and_ignores_others(
    api_for, admin_user, halal_programme, siti, depok_business, events_before
):
    ids = [siti.pk, depok_business.pk]
    response = api_for(admin_user).post(
        participations_url(halal_programme), {"businesses": ids, "action": "enrol"}, format="json"
    )
    body = response.json()
    assert response.status_code == 201
    assert [(p["business_name"], p["status"]) for p in body["added"]] == [
        ("Dapur Siti", "enrolled")
    ]
    assert body["not_added"] == [depok_business.pk]
    participation = Participation.objects.get()
    assert (participation.business, participation.status) == (siti, "enrolled")
    assert participation.enrolled_at is not None
    event = AuditEvent.objects.get(id__gt=events_before, action="facilitation.participants_added")
    assert event.changes["businesses"] == [None, [siti.pk]]


def test_participants_add_invites_by_default_and_leaves_those_taking_part(
    api_for, admin_user, participation, organisation, product_groups
):
    newcomer = food_business(organisation, product_groups["makanan"], "Kue Ani")
    siti = participation.business
    response = api_for(admin_user).post(
        participations_url(participation.programme),
        {"businesses": [siti.pk, newcomer.pk]},
        format="json",
    )
    body = response.json()
    assert response.status_code == 201
    assert [(p["business_name"], p["status"]) for p in body["added"]] == [("Kue Ani", "invited")]
    assert body["not_added"] == [siti.pk]
    participation.refresh_from_db()
    assert participation.status == "enrolled"


def assert_nobody_added(events_before):
    assert not Participation.objects.exists()
    assert audited(events_before) == []


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["businesses"]),
        ({"businesses": []}, ["businesses"]),
        ({"businesses": ["Dapur Siti"]}, ["businesses"]),
        ({"businesses": [10**30]}, ["businesses"]),
        ({"businesses": "all", "action": "enroll"}, ["action", "businesses"]),
    ],
)
def test_participants_add_refuses_bad_input(
    api_for, admin_user, halal_programme, siti, events_before, body, fields
):
    response = api_for(admin_user).post(participations_url(halal_programme), body, format="json")
    assert response.status_code == 400
    assert sorted(response.json()["error"]["fields"]) == fields
    assert_nobody_added(events_before)


def test_participants_add_of_only_another_offices_business_is_refused_as_on_the_page(
    api_for, admin_user, halal_programme, depok_business, events_before
):
    response = api_for(admin_user).post(
        participations_url(halal_programme), {"businesses": [depok_business.pk]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"businesses": ["Choose at least one producer."]}
    assert_nobody_added(events_before)


def test_participants_add_beyond_the_quota_is_a_conflict(
    api_for, admin_user, participation, organisation, product_groups, events_before
):
    programme = participation.programme
    FacilitationProgramme.objects.filter(pk=programme.pk).update(quota=1)
    newcomer = food_business(organisation, product_groups["makanan"], "Kue Ani")
    response = api_for(admin_user).post(
        participations_url(programme), {"businesses": [newcomer.pk]}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["message"] == "The quota is 1; 1 places are taken."
    assert list(Participation.objects.values_list("business__name", flat=True)) == ["Dapur Siti"]
    assert audited(events_before) == []


@pytest.mark.parametrize(("persona", "status"), REFUSED_TO_ALL_BUT_ADMINS)
def test_participants_add_refuses_others(
    request, api_for, halal_programme, siti, events_before, persona, status
):
    response = api_for(request.getfixturevalue(persona)).post(
        participations_url(halal_programme), {"businesses": [siti.pk]}, format="json"
    )
    assert response.status_code == status
    assert_nobody_added(events_before)


def test_participants_add_needs_a_token_with_the_facilitation_write_scope(
    api_for, anonymous_api, admin_user, halal_programme, siti, events_before
):
    url = participations_url(halal_programme)
    body = {"businesses": [siti.pk]}
    assert anonymous_api.post(url, body, format="json").status_code == 401
    read_only = api_for(admin_user, scopes=["facilitation:read"])
    assert read_only.post(url, body, format="json").status_code == 403
    assert_nobody_added(events_before)


# --- done, with the certificate obtained ----------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_done_records_the_certificate_and_closes_the_participation(
    request, api_for, participation, persona, events_before
):
    response = api_for(request.getfixturevalue(persona)).post(
        done_url(participation), {"number": HALAL_NUMBER, "issued_on": "2026-11-20"}, format="json"
    )
    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["certificate"]["type_code"], body["certificate"]["number"]) == (
        "done",
        "halal",
        HALAL_NUMBER,
    )
    participation.refresh_from_db()
    certificate = Certificate.objects.get(type__code="halal")
    assert (participation.status, participation.certificate) == ("done", certificate)
    assert (certificate.business, certificate.product, certificate.issued_on) == (
        participation.business,
        None,
        dt.date(2026, 11, 20),
    )
    assert audited(events_before, DONE_AREAS) == [
        "certificate.created",
        "facilitation.status_changed",
    ]


@pytest.fixture
def pirt_participation(rules, organisation, siti):
    programme = FacilitationProgramme.objects.create(
        organisation=organisation,
        title="Pendampingan P-IRT",
        kind="certification",
        target_type=certificate_type("spp-irt"),
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 1),
    )
    return Participation.objects.create(programme=programme, business=siti, status="enrolled")


def test_done_for_one_product_expires_after_the_types_validity(
    api_for, field_officer, pirt_participation
):
    product = pirt_participation.business.products.get()
    response = api_for(field_officer).post(
        done_url(pirt_participation),
        {"number": "P-IRT No. 2063674010123-31", "issued_on": "2026-05-01", "product": product.pk},
        format="json",
    )
    assert response.status_code == 200
    certificate = Certificate.objects.get(type__code="spp-irt")
    assert (certificate.product, certificate.expires_on) == (product, dt.date(2031, 5, 1))


def assert_not_done(participation, events_before):
    participation.refresh_from_db()
    assert (participation.status, participation.certificate) == ("enrolled", None)
    assert not Certificate.objects.exists()
    assert audited(events_before, DONE_AREAS) == []


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["issued_on", "number"]),
        ({"number": "12-abc", "issued_on": "2026-05-01"}, ["number"]),
        ({"number": "P-IRT No. 2063674010123-31", "issued_on": "kemarin"}, ["issued_on"]),
        (
            {
                "number": "P-IRT No. 2063674010123-31",
                "issued_on": "2026-05-01",
                "expires_on": "2026-04-01",
            },
            ["expires_on"],
        ),
        (
            {"number": "P-IRT No. 2063674010123-31", "issued_on": "2026-05-01", "product": 999999},
            ["product"],
        ),
    ],
)
def test_done_refuses_bad_input(
    api_for, admin_user, pirt_participation, events_before, body, fields
):
    response = api_for(admin_user).post(done_url(pirt_participation), body, format="json")
    assert response.status_code == 400
    assert sorted(response.json()["error"]["fields"]) == fields
    assert_not_done(pirt_participation, events_before)


def test_done_says_what_a_valid_number_looks_like(api_for, admin_user, pirt_participation):
    response = api_for(admin_user).post(
        done_url(pirt_participation), {"number": "12-abc", "issued_on": "2026-05-01"}, format="json"
    )
    assert response.json()["error"]["fields"]["number"] == [
        "This is not a valid SPP-IRT (P-IRT) number (example: P-IRT No. 2063674010123-22)."
    ]


def test_done_with_another_businesss_product_is_refused(
    api_for, admin_user, pirt_participation, organisation, product_groups, events_before
):
    theirs = food_business(organisation, product_groups["makanan"], "Kue Ani").products.get()
    response = api_for(admin_user).post(
        done_url(pirt_participation),
        {"number": "P-IRT No. 2063674010123-31", "issued_on": "2026-05-01", "product": theirs.pk},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["product"]
    assert_not_done(pirt_participation, events_before)


def test_done_twice_is_a_conflict_and_records_one_certificate(
    api_for, admin_user, participation, events_before
):
    api = api_for(admin_user)
    body = {"number": HALAL_NUMBER, "issued_on": "2026-11-20"}
    assert api.post(done_url(participation), body, format="json").status_code == 200
    again = api.post(done_url(participation), body, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "This participant is done already."
    assert Certificate.objects.count() == 1
    assert audited(events_before, DONE_AREAS) == [
        "certificate.created",
        "facilitation.status_changed",
    ]


def test_done_in_a_programme_without_a_certificate_is_a_conflict(
    api_for, admin_user, siti, organisation, events_before
):
    training = facilitation_programme(organisation, "Pelatihan Kemasan")
    participation = Participation.objects.create(
        programme=training, business=siti, status=ParticipationStatus.ENROLLED
    )
    response = api_for(admin_user).post(
        done_url(participation), {"number": HALAL_NUMBER, "issued_on": "2026-11-20"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["message"] == "This programme does not lead to a certificate."
    assert_not_done(participation, events_before)


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_done_refuses_others(request, api_for, participation, events_before, persona, status):
    response = api_for(request.getfixturevalue(persona)).post(
        done_url(participation), {"number": HALAL_NUMBER, "issued_on": "2026-11-20"}, format="json"
    )
    assert response.status_code == status
    assert_not_done(participation, events_before)


def test_done_needs_a_token_with_the_facilitation_write_scope(
    api_for, anonymous_api, admin_user, participation, events_before
):
    url = done_url(participation)
    body = {"number": HALAL_NUMBER, "issued_on": "2026-11-20"}
    assert anonymous_api.post(url, body, format="json").status_code == 401
    read_only = api_for(admin_user, scopes=["facilitation:read"])
    assert read_only.post(url, body, format="json").status_code == 403
    assert_not_done(participation, events_before)


def test_done_under_another_programme_is_not_found(
    api_for, admin_user, participation, organisation, events_before
):
    other = facilitation_programme(organisation, "Pelatihan Kemasan", "halal")
    url = f"{participations_url(other)}{participation.pk}/done/"
    body = {"number": HALAL_NUMBER, "issued_on": "2026-11-20"}
    assert api_for(admin_user).post(url, body, format="json").status_code == 404
    assert_not_done(participation, events_before)
