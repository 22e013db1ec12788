"""Exhibition writes through the API, as the exhibition's page offers them to admins: running the
allocation, placing or taking out a product by hand, and sending the invitations, each through
the page's form and service."""

import pytest
from django.db.models import Max

from kurasi.audit.models import AuditEvent
from kurasi.exhibitions.invitations import send_invitations
from kurasi.exhibitions.models import Allocation, BoothNeeds, GroupQuota
from kurasi.exhibitions.services import run_allocation
from tests.factories import ProgrammeFactory

from .conftest import new_exhibition
from .test_exhibitions import EXHIBITIONS, allocations_url, mine

REFUSED = [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)]
WRITES = ("exhibition.allocated", "exhibition.override", "exhibition.invited")


def last_event_id():
    return AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0


@pytest.fixture
def allocated(exhibition, admin_user):
    """Allocated, not yet invited: Siti's bag holds the one booth, Budi's waits."""
    run_allocation(actor=admin_user, exhibition=exhibition)
    # The audit trail is append-only: the tests look at what the API adds after this.
    exhibition.events_before = last_event_id()
    return exhibition


def allocate_url(exhibition):
    return f"{EXHIBITIONS}{exhibition.pk}/allocate/"


def allocation_url(allocation):
    return f"{allocations_url(allocation.exhibition)}{allocation.pk}/"


def invitations_url(exhibition):
    return f"{EXHIBITIONS}{exhibition.pk}/invitations/"


def statuses():
    return dict(Allocation.objects.values_list("application__product__name", "status"))


def audited(exhibition, *actions):
    """The actions the API recorded in the test (the exhibitions' writes, or those named)."""
    events = AuditEvent.objects.filter(
        id__gt=getattr(exhibition, "events_before", 0), action__in=actions or WRITES
    )
    return list(events.order_by("id").values_list("action", flat=True))


# --- running the allocation -----------------------------------------------------------------


def test_allocate_places_the_best_and_reports_as_the_page(api_for, admin_user, exhibition):
    response = api_for(admin_user).post(allocate_url(exhibition))
    body = response.json()
    assert response.status_code == 200
    assert body["message"].startswith("Allocated in ")
    assert body["message"].endswith(" s: 1 places.")
    assert (body["placed"], body["seconds"] >= 0) == (1, True)
    shown = body["exhibition"]
    counts = {c["status"]: c["count"] for c in shown["allocations_by_status"]}
    assert (counts["proposed"], counts["waitlisted"]) == (1, 1)
    assert (shown["total_score_placed"], shown["allocation_problems"]) == (92, [])
    assert statuses() == {"Tas Siti": "proposed", "Tas Budi": "waitlisted"}
    assert audited(exhibition) == ["exhibition.allocated"]


def test_allocate_with_impossible_settings_explains_and_places_nobody(
    api_for, admin_user, exhibition, product_groups
):
    GroupQuota.objects.create(exhibition=exhibition, group=product_groups["makanan"], minimum=3)
    api = api_for(admin_user)
    response = api.post(allocate_url(exhibition))
    error = response.json()["error"]
    assert response.status_code == 409
    assert error["code"] == "conflict"
    assert error["message"].startswith("The allocation is not possible with these settings: ")
    assert f"{exhibition.name}: at least 3 places for Makanan" in error["message"]
    assert "only 0 eligible businesses" in error["message"]
    assert not Allocation.objects.exists()
    assert audited(exhibition) == []
    # As on the page, the exhibition keeps the explanation until the next successful run.
    problems = api.get(f"{EXHIBITIONS}{exhibition.pk}/").json()["allocation_problems"]
    assert len(problems) == 2
    assert all(problem in error["message"] for problem in problems)


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_allocate_refuses_others(request, api_for, exhibition, persona, status):
    response = api_for(request.getfixturevalue(persona)).post(allocate_url(exhibition))
    assert response.status_code == status
    assert not Allocation.objects.exists()
    assert audited(exhibition) == []


def test_allocate_needs_a_token_with_the_exhibitions_write_scope(
    api_for, anonymous_api, admin_user, exhibition
):
    assert anonymous_api.post(allocate_url(exhibition)).status_code == 401
    response = api_for(admin_user, scopes=["exhibitions:read"]).post(allocate_url(exhibition))
    assert response.status_code == 403
    assert "exhibitions:write" in response.json()["error"]["message"]
    assert not Allocation.objects.exists()


def test_allocate_of_another_offices_exhibition_is_not_found(
    api_for, admin_user, other_organisation, exhibition
):
    theirs = new_exhibition(
        ProgrammeFactory(organisation=other_organisation, slug="kurasi-depok"),
        "Pameran Depok",
        exhibition.starts_on,
    )
    assert api_for(admin_user).post(allocate_url(theirs)).status_code == 404
    assert audited(exhibition) == []


# --- one allocation: reading it and overriding it --------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_allocation_detail_shows_one_row_to_staff(request, api_for, allocated, producer, persona):
    response = api_for(request.getfixturevalue(persona)).get(allocation_url(mine(producer)))
    body = response.json()
    assert response.status_code == 200
    assert (body["product_name"], body["status"], body["booth_type"]["label"]) == (
        "Tas Siti",
        "proposed",
        "Standar",
    )


def test_override_places_by_hand_and_reruns_the_allocation(
    api_for, admin_user, allocated, other_producer
):
    budi = mine(other_producer)
    response = api_for(admin_user).patch(
        allocation_url(budi), {"include": True, "reason": "Produk unggulan daerah"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["pinned"]) == ("proposed", True)
    assert statuses() == {"Tas Siti": "waitlisted", "Tas Budi": "proposed"}
    budi.refresh_from_db()
    assert (budi.override_reason, budi.overridden_by) == ("Produk unggulan daerah", admin_user)
    event = AuditEvent.objects.get(action="exhibition.override")
    assert (event.reason, event.changes["status"]) == (
        "Produk unggulan daerah",
        ["waitlisted", "proposed"],
    )
    assert audited(allocated, "exhibition.allocated") == ["exhibition.allocated"]


def test_override_takes_out_and_the_next_takes_the_place(api_for, admin_user, allocated, producer):
    response = api_for(admin_user).patch(
        allocation_url(mine(producer)), {"include": False, "reason": "Tidak hadir"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "excluded"
    assert statuses() == {"Tas Siti": "excluded", "Tas Budi": "proposed"}


def assert_nothing_overridden(exhibition):
    assert statuses() == {"Tas Siti": "proposed", "Tas Budi": "waitlisted"}
    assert audited(exhibition) == []


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["include", "reason"]),
        ({"include": True, "reason": "  "}, ["reason"]),
        ({"include": "perhaps", "reason": "Unggulan"}, ["include"]),
        ({"include": None, "reason": "Unggulan"}, ["include"]),
    ],
)
def test_override_refuses_bad_input(api_for, admin_user, allocated, other_producer, body, fields):
    response = api_for(admin_user).patch(allocation_url(mine(other_producer)), body, format="json")
    assert response.status_code == 400
    assert sorted(response.json()["error"]["fields"]) == fields
    assert_nothing_overridden(allocated)


def test_override_of_an_invited_place_is_a_conflict(api_for, admin_user, allocated, producer):
    send_invitations(actor=admin_user, exhibition=allocated, notify=False)
    allocated.events_before = last_event_id()
    response = api_for(admin_user).patch(
        allocation_url(mine(producer)), {"include": False, "reason": "Tidak hadir"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "This place has been offered already; it cannot be changed here."
    )
    assert statuses() == {"Tas Siti": "invited", "Tas Budi": "waitlisted"}
    assert audited(allocated) == []


def test_override_without_a_fitting_booth_is_a_conflict(
    api_for, admin_user, allocated, other_producer
):
    budi = mine(other_producer)
    BoothNeeds.objects.create(product=budi.application.product, cold_storage=True)
    response = api_for(admin_user).patch(
        allocation_url(budi), {"include": True, "reason": "Unggulan"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["message"] == "No booth of this exhibition fits this product."
    assert_nothing_overridden(allocated)


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_override_refuses_others(request, api_for, allocated, other_producer, persona, status):
    response = api_for(request.getfixturevalue(persona)).patch(
        allocation_url(mine(other_producer)), {"include": True, "reason": "x"}, format="json"
    )
    assert response.status_code == status
    assert_nothing_overridden(allocated)


@pytest.mark.parametrize(("persona", "status"), [("curator", 403), ("outsider", 404)])
def test_allocation_detail_refuses_others(request, api_for, allocated, producer, persona, status):
    url = allocation_url(mine(producer))
    assert api_for(request.getfixturevalue(persona)).get(url).status_code == status


def test_override_needs_a_token_with_the_exhibitions_write_scope(
    api_for, anonymous_api, admin_user, allocated, other_producer
):
    url = allocation_url(mine(other_producer))
    body = {"include": True, "reason": "Unggulan"}
    assert anonymous_api.patch(url, body, format="json").status_code == 401
    read_only = api_for(admin_user, scopes=["exhibitions:read"])
    assert read_only.get(url).status_code == 200
    assert read_only.patch(url, body, format="json").status_code == 403
    assert_nothing_overridden(allocated)


def test_allocation_under_another_exhibition_is_not_found(
    api_for, admin_user, allocated, programme, other_producer
):
    other = new_exhibition(programme, "Banten Trade Expo 2017", allocated.starts_on)
    url = f"{allocations_url(other)}{mine(other_producer).pk}/"
    api = api_for(admin_user)
    assert api.get(url).status_code == 404
    assert api.patch(url, {"include": True, "reason": "x"}, format="json").status_code == 404
    assert_nothing_overridden(allocated)


# --- sending the invitations ----------------------------------------------------------------


def test_invitations_invite_every_proposed_place_once(api_for, admin_user, allocated, producer):
    api = api_for(admin_user)
    response = api.post(invitations_url(allocated))
    assert response.status_code == 200
    # Siti has a phone and no email: the invitation waits in the office's WhatsApp list.
    assert response.json() == {
        "invited": 1,
        "message": "1 producers invited. Messages to producers: 1 waiting in the WhatsApp list.",
    }
    siti = mine(producer)
    assert (siti.status, siti.invited_at is not None, siti.deadline is not None) == (
        "invited",
        True,
        True,
    )
    assert statuses()["Tas Budi"] == "waitlisted"
    assert audited(allocated) == ["exhibition.invited"]
    again = api.post(invitations_url(allocated))
    assert again.json() == {"invited": 0, "message": "0 producers invited."}
    assert audited(allocated) == ["exhibition.invited"]


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_invitations_refuse_others(request, api_for, allocated, persona, status):
    response = api_for(request.getfixturevalue(persona)).post(invitations_url(allocated))
    assert response.status_code == status
    assert statuses()["Tas Siti"] == "proposed"
    assert audited(allocated) == []


def test_invitations_need_a_token_with_the_exhibitions_write_scope(
    api_for, anonymous_api, admin_user, allocated
):
    assert anonymous_api.post(invitations_url(allocated)).status_code == 401
    read_only = api_for(admin_user, scopes=["exhibitions:read"])
    assert read_only.post(invitations_url(allocated)).status_code == 403
    assert statuses()["Tas Siti"] == "proposed"
    assert audited(allocated) == []
