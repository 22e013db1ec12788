"""Exhibitions through the API: the list, an exhibition and its allocation table for admins and
field officers; a producer's own invitations and their answer, through the same service as the
producer's page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurasi.audit.models import AuditEvent
from kurasi.exhibitions.models import Allocation, Availability, BoothType, GroupQuota
from kurasi.exhibitions.services import run_allocation
from kurasi.registry.models import Business
from tests.factories import ProgrammeFactory

from .conftest import NIK, OFFICE, decided, new_exhibition

EXHIBITIONS = f"{OFFICE}/exhibitions/"
INVITATIONS = "/api/v1/me/invitations/"


def allocations_url(exhibition):
    return f"{EXHIBITIONS}{exhibition.pk}/allocations/"


def mine(owner):
    return Allocation.objects.get(business__owner=owner)


def answer_url(allocation):
    return f"{INVITATIONS}{allocation.pk}/answer/"


def warmed(api):
    """The token's first use writes last_used_at once; measured requests come after it."""
    api.get(INVITATIONS)
    return api


STAFF = ["admin_user", "field_officer"]
REFUSED = [("curator", 403), ("outsider", 404), ("producer", 404)]


# --- exhibitions ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", STAFF)
def test_exhibition_list_shows_booths_quotas_and_places_to_staff(
    request, api_for, invited, persona
):
    response = api_for(request.getfixturevalue(persona)).get(EXHIBITIONS)
    row = response.json()["results"][0]
    assert response.status_code == 200
    assert (row["name"], row["programme_slug"], row["level"]) == (
        "Trade Expo Indonesia 2017",
        "kurasi-2017",
        "national",
    )
    assert (row["booths"], row["places_held"], row["confirmed"]) == (1, 1, 0)
    assert [(b["label"], b["count"], b["size"]) for b in row["booth_types"]] == [
        ("Standar", 1, "3 × 3 m")
    ]
    assert row["booth_types"][0]["reserved_for"] == []
    assert [(q["group_name"], q["minimum"], q["maximum"]) for q in row["group_quotas"]] == [
        ("Tas", 0, 1)
    ]


def test_exhibition_list_names_the_groups_a_booth_type_is_reserved_for(
    api_for, admin_user, invited, product_groups
):
    booth = invited.booth_types.get()
    booth.reserved_for.set([product_groups["tas"]])
    row = api_for(admin_user).get(EXHIBITIONS).json()["results"][0]
    assert row["booth_types"][0]["reserved_for"] == [product_groups["tas"].pk]


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_exhibition_list_refuses_others(request, api_for, exhibition, persona, status):
    assert api_for(request.getfixturevalue(persona)).get(EXHIBITIONS).status_code == status


def test_exhibition_list_needs_a_token_with_the_exhibitions_scope(
    api_for, anonymous_api, admin_user, exhibition
):
    assert anonymous_api.get(EXHIBITIONS).status_code == 401
    response = api_for(admin_user, scopes=["facilitation:read"]).get(EXHIBITIONS)
    assert response.status_code == 403
    assert "exhibitions:read" in response.json()["error"]["message"]


def test_exhibition_list_runs_the_same_queries_for_one_and_many(
    api_for, admin_user, exhibition, programme, product_groups
):
    api = warmed(api_for(admin_user))
    with CaptureQueriesContext(connection) as one:
        api.get(EXHIBITIONS)
    for index in range(3):
        show = new_exhibition(programme, f"Pameran {index}", dt.date(2018, 3, 1 + index))
        BoothType.objects.create(exhibition=show, label="Standar", count=2)
        BoothType.objects.create(exhibition=show, label="Dingin", count=1, cold_storage=True)
        GroupQuota.objects.create(exhibition=show, group=product_groups["makanan"], minimum=1)
    with CaptureQueriesContext(connection) as many:
        response = api.get(EXHIBITIONS)
    assert response.json()["count"] == 4
    assert len(many) == len(one)


def test_exhibition_detail_counts_allocations_by_status(api_for, field_officer, invited):
    response = api_for(field_officer).get(f"{EXHIBITIONS}{invited.pk}/")
    counts = {c["status"]: c["count"] for c in response.json()["allocations_by_status"]}
    assert response.status_code == 200
    assert (counts["invited"], counts["waitlisted"], counts["confirmed"]) == (1, 1, 0)
    assert response.json()["total_score_placed"] == 92
    assert response.json()["cannot_attend"] == 0


def test_exhibition_detail_counts_who_cannot_attend_apart_from_allocations(
    api_for, admin_user, other_producer, invited
):
    """Budi says he cannot attend: his waiting-list row goes at the next run; the detail
    counts him under `cannot_attend`, and the allocation table has no row for him."""
    budi = Business.objects.get(owner=other_producer)
    Availability.objects.create(exhibition=invited, business=budi, available=False)
    run_allocation(actor=admin_user, exhibition=invited)
    api = api_for(admin_user)
    shown = api.get(f"{EXHIBITIONS}{invited.pk}/").json()
    counts = {c["status"]: c["count"] for c in shown["allocations_by_status"]}
    assert (counts["invited"], counts["waitlisted"], shown["cannot_attend"]) == (1, 0, 1)
    rows = api.get(allocations_url(invited)).json()["results"]
    assert [row["status"] for row in rows] == ["invited"]


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_exhibition_detail_refuses_others(request, api_for, exhibition, persona, status):
    url = f"{EXHIBITIONS}{exhibition.pk}/"
    assert api_for(request.getfixturevalue(persona)).get(url).status_code == status


def test_exhibition_of_another_office_is_not_found(
    api_for, admin_user, other_organisation, exhibition
):
    theirs = new_exhibition(
        ProgrammeFactory(organisation=other_organisation, slug="kurasi-depok"),
        "Pameran Depok",
        dt.date(2017, 11, 1),
    )
    api = api_for(admin_user)
    assert api.get(f"{EXHIBITIONS}{theirs.pk}/").status_code == 404
    assert api.get(allocations_url(theirs)).status_code == 404


# --- allocations ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", STAFF)
def test_allocation_list_in_the_page_order_without_contact_data(
    request, api_for, invited, producer, persona
):
    response = api_for(request.getfixturevalue(persona)).get(allocations_url(invited))
    rows = response.json()["results"]
    assert response.status_code == 200
    assert [(r["product_name"], r["status"], r["rank"]) for r in rows] == [
        ("Tas Siti", "invited", None),
        ("Tas Budi", "waitlisted", 1),
    ]
    siti = rows[0]
    assert (siti["booth_type"]["label"], siti["business_name"], siti["product_group"]) == (
        "Standar",
        "Usaha Tas Siti",
        "Tas",
    )
    assert siti["invited_at"] is not None
    assert siti["deadline"] is not None
    assert siti["answered_at"] is None
    assert rows[1]["reason"].startswith("Waiting list")
    body = response.content.decode()
    assert NIK not in body
    assert "81355550001" not in body


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_allocation_list_refuses_others(request, api_for, invited, persona, status):
    url = allocations_url(invited)
    assert api_for(request.getfixturevalue(persona)).get(url).status_code == status


def test_allocation_list_needs_a_token_with_the_exhibitions_scope(
    api_for, anonymous_api, admin_user, invited
):
    url = allocations_url(invited)
    assert anonymous_api.get(url).status_code == 401
    assert api_for(admin_user, scopes=["registry:read"]).get(url).status_code == 403


def test_allocation_list_filters_by_status(api_for, admin_user, invited):
    api = api_for(admin_user)
    waiting = api.get(allocations_url(invited), {"status": "waitlisted"}).json()["results"]
    assert [r["product_name"] for r in waiting] == ["Tas Budi"]
    refused = api.get(allocations_url(invited), {"status": "menunggu"})
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["status"]


def test_allocation_list_runs_the_same_queries_for_one_and_many(
    api_for, admin_user, exhibition, programme, national, product_groups
):
    api = warmed(api_for(admin_user))
    run_allocation(actor=admin_user, exhibition=exhibition)
    Allocation.objects.exclude(application__product__name="Tas Siti").delete()
    with CaptureQueriesContext(connection) as one:
        api.get(allocations_url(exhibition))
    for index in range(3):
        decided(programme, national, None, f"Tas {index}", 80 - index, product_groups["tas"])
    run_allocation(actor=admin_user, exhibition=exhibition)
    with CaptureQueriesContext(connection) as many:
        response = api.get(allocations_url(exhibition))
    assert response.json()["count"] == 5
    assert len(many) == len(one)


# --- the producer's invitations -------------------------------------------------------------


def test_my_invitations_shows_only_the_callers_own(api_for, invited, producer, other_producer):
    own = api_for(producer).get(INVITATIONS).json()["results"]
    theirs = api_for(other_producer).get(INVITATIONS).json()["results"]
    assert [(r["product_name"], r["status"], r["booth"], r["can_answer"]) for r in own] == [
        ("Tas Siti", "invited", "Standar", True)
    ]
    assert [(r["product_name"], r["status"], r["can_answer"]) for r in theirs] == [
        ("Tas Budi", "waitlisted", False)
    ]
    assert (own[0]["exhibition_name"], own[0]["deadline"] is not None) == (
        "Trade Expo Indonesia 2017",
        True,
    )
    assert "score" not in own[0]


def test_my_invitations_is_empty_for_staff_without_a_business(api_for, admin_user, invited):
    response = api_for(admin_user).get(INVITATIONS)
    assert (response.status_code, response.json()["count"]) == (200, 0)


def test_my_invitations_needs_a_token_with_the_exhibitions_scope(
    api_for, anonymous_api, producer, invited
):
    assert anonymous_api.get(INVITATIONS).status_code == 401
    assert api_for(producer, scopes=["registry:read"]).get(INVITATIONS).status_code == 403


def test_my_invitations_runs_the_same_queries_for_one_and_many(
    api_for, producer, invited, programme, national, product_groups
):
    api = warmed(api_for(producer))
    with CaptureQueriesContext(connection) as one:
        api.get(INVITATIONS)
    application = mine(producer).application
    for index in range(3):
        show = new_exhibition(programme, f"Pameran {index}", dt.date(2018, 3, 1 + index))
        booth = BoothType.objects.create(exhibition=show, label=f"Stan {index}", count=1)
        Allocation.objects.create(
            exhibition=show,
            application=application,
            business=application.product.business,
            booth_type=booth,
            status="proposed",
        )
    with CaptureQueriesContext(connection) as many:
        response = api.get(INVITATIONS)
    assert response.json()["count"] == 4
    assert len(many) == len(one)


def test_answer_confirms_the_place_with_audit(api_for, producer, invited):
    allocation = mine(producer)
    response = api_for(producer).post(answer_url(allocation), {"accept": True}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["can_answer"]) == ("confirmed", False)
    assert response.json()["answered_at"] is not None
    assert mine(producer).status == "confirmed"
    assert AuditEvent.objects.filter(action="exhibition.confirmed").count() == 1


def test_answer_declines_and_invites_the_next_on_the_waiting_list(
    api_for, producer, other_producer, invited
):
    response = api_for(producer).post(answer_url(mine(producer)), {"accept": False}, format="json")
    assert response.status_code == 200
    assert (mine(producer).status, mine(other_producer).status) == ("declined", "invited")


def test_answer_of_another_producers_invitation_is_not_found(
    api_for, producer, other_producer, invited
):
    response = api_for(other_producer).post(
        answer_url(mine(producer)), {"accept": False}, format="json"
    )
    assert response.status_code == 404
    assert mine(producer).status == "invited"


def undo_url(allocation):
    return f"{INVITATIONS}{allocation.pk}/undo/"


def test_undo_takes_back_a_decline_while_the_place_is_free(
    api_for, producer, other_producer, invited
):
    api_for(producer).post(answer_url(mine(producer)), {"accept": False}, format="json")
    # The waiting list took the place: the undo is refused and nothing changes.
    refused = api_for(producer).post(undo_url(mine(producer)))
    assert refused.status_code == 409
    assert "waiting list" in refused.json()["error"]["message"]
    assert (mine(producer).status, mine(other_producer).status) == ("declined", "invited")
    # Once the next one declined too, the place is free and Siti may take it back.
    api_for(other_producer).post(answer_url(mine(other_producer)), {"accept": False}, format="json")
    response = api_for(producer).post(undo_url(mine(producer)))
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["can_answer"]) == ("invited", True)
    assert AuditEvent.objects.filter(action="exhibition.decline_undone").count() == 1


def test_undo_of_a_place_never_declined_is_a_conflict(api_for, producer, invited):
    response = api_for(producer).post(undo_url(mine(producer)))
    assert response.status_code == 409
    assert mine(producer).status == "invited"


@pytest.mark.parametrize("persona", ["other_producer", "admin_user", "outsider"])
def test_undo_of_another_producers_place_is_not_found(request, api_for, producer, invited, persona):
    api_for(producer).post(answer_url(mine(producer)), {"accept": False}, format="json")
    response = api_for(request.getfixturevalue(persona)).post(undo_url(mine(producer)))
    assert response.status_code == 404
    assert mine(producer).status == "declined"


@pytest.mark.parametrize("persona", ["admin_user", "field_officer", "curator", "outsider"])
def test_answer_is_not_found_for_staff(request, api_for, producer, invited, persona):
    response = api_for(request.getfixturevalue(persona)).post(
        answer_url(mine(producer)), {"accept": True}, format="json"
    )
    assert response.status_code == 404
    assert mine(producer).status == "invited"


@pytest.mark.parametrize("body", [{}, {"accept": "perhaps"}, {"accept": None}])
def test_answer_refuses_a_body_without_a_clear_choice(api_for, producer, invited, body):
    response = api_for(producer).post(answer_url(mine(producer)), body, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["accept"]
    assert mine(producer).status == "invited"
    assert not AuditEvent.objects.filter(action__startswith="exhibition.confirm").exists()


def test_answer_twice_is_a_conflict(api_for, producer, invited):
    api = api_for(producer)
    api.post(answer_url(mine(producer)), {"accept": True}, format="json")
    response = api.post(answer_url(mine(producer)), {"accept": False}, format="json")
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "conflict",
        "message": "This invitation has already been answered or has closed.",
    }
    assert mine(producer).status == "confirmed"


def test_answer_after_the_deadline_is_a_conflict(api_for, producer, invited):
    allocation = mine(producer)
    Allocation.objects.filter(pk=allocation.pk).update(
        deadline=allocation.deadline - dt.timedelta(days=30)
    )
    api = api_for(producer)
    assert api.get(INVITATIONS).json()["results"][0]["can_answer"] is False
    response = api.post(answer_url(allocation), {"accept": True}, format="json")
    assert response.status_code == 409
    assert "deadline" in response.json()["error"]["message"]
    assert mine(producer).status == "invited"


def test_answer_needs_a_token_with_the_exhibitions_write_scope(
    api_for, anonymous_api, producer, invited
):
    url = answer_url(mine(producer))
    assert anonymous_api.post(url, {"accept": True}, format="json").status_code == 401
    read_only = api_for(producer, scopes=["exhibitions:read"])
    assert read_only.post(url, {"accept": True}, format="json").status_code == 403
    assert mine(producer).status == "invited"
