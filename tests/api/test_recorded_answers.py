"""Answers given by phone, WhatsApp or in person, recorded through the API as on the pages: an
exhibition invitation, a facilitation invitation and a curation-day slot, with the producer's own
rules (deadline, waiting list, until the session starts)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from kurasi.audit.models import AuditEvent
from kurasi.curation.models import SlotAnswer
from kurasi.curation.models_day import CurationSession, Slot, Table
from kurasi.exhibitions.models import Allocation
from kurasi.facilitation.models import FacilitationProgramme, Participation
from tests.factories import ApplicationFactory, BusinessFactory, ProductFactory

from .conftest import OFFICE

STAFF = ["admin_user", "field_officer"]
REFUSED = [("curator", 403), ("outsider", 404), ("producer", 404)]


def body(accept=True, **more):
    return {"accept": accept, "answered_by": "Ibu Siti, pemilik", "channel": "phone", **more}


# --- exhibitions ----------------------------------------------------------------------------


def siti(owner):
    return Allocation.objects.get(business__owner=owner)


def allocation_answer_url(allocation):
    return f"{OFFICE}/exhibitions/{allocation.exhibition_id}/allocations/{allocation.pk}/answer/"


@pytest.mark.parametrize("persona", STAFF)
def test_staff_record_an_exhibition_answer_through_the_api(
    request, api_for, producer, invited, persona
):
    staff = request.getfixturevalue(persona)
    place = siti(producer)
    response = api_for(staff).post(
        allocation_answer_url(place), body(note="Minta booth sudut"), format="json"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "confirmed"
    assert data["answer"]["answered_by"] == "Ibu Siti, pemilik"
    assert data["answer"]["channel"] == "phone"
    assert data["answer"]["note"] == "Minta booth sudut"
    assert data["answer"]["entered_by"] == staff.full_name
    event = AuditEvent.objects.get(action="exhibition.confirmed")
    assert (event.actor, event.changes["answer_channel"]) == (staff, [None, "phone"])


def test_a_declined_place_goes_to_the_waiting_list_through_the_api(
    api_for, admin_user, producer, other_producer, invited
):
    response = api_for(admin_user).post(
        allocation_answer_url(siti(producer)), body(accept=False), format="json"
    )
    assert (response.status_code, response.json()["status"]) == (200, "declined")
    assert siti(other_producer).status == "invited"


def allocation_undo_url(allocation):
    return f"{OFFICE}/exhibitions/{allocation.exhibition_id}/allocations/{allocation.pk}/undo/"


def test_staff_record_that_a_producer_takes_back_a_decline(
    api_for, field_officer, producer, other_producer, invited
):
    api = api_for(field_officer)
    api.post(allocation_answer_url(siti(producer)), body(accept=False), format="json")
    api.post(allocation_answer_url(siti(other_producer)), body(accept=False), format="json")
    who = {"answered_by": "Ibu Siti, pemilik", "channel": "whatsapp"}
    response = api.post(allocation_undo_url(siti(producer)), who, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "invited"
    event = AuditEvent.objects.get(action="exhibition.decline_undone")
    assert (event.actor, event.changes["answer_channel"]) == (field_officer, [None, "whatsapp"])
    again = api.post(allocation_undo_url(siti(producer)), who, format="json")
    assert again.status_code == 409


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_undo_through_the_api_is_refused_to_others(
    request, api_for, producer, invited, persona, status
):
    api_for(request.getfixturevalue("admin_user")).post(
        allocation_answer_url(siti(producer)), body(accept=False), format="json"
    )
    response = api_for(request.getfixturevalue(persona)).post(
        allocation_undo_url(siti(producer)),
        {"answered_by": "Siti", "channel": "phone"},
        format="json",
    )
    assert response.status_code == status
    assert siti(producer).status == "declined"


def test_undo_through_the_api_wants_who_asked(api_for, admin_user, producer, invited):
    response = api_for(admin_user).post(allocation_undo_url(siti(producer)), {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"answered_by", "channel"}


def test_the_deadline_is_judged_at_the_time_the_producer_answered(
    api_for, field_officer, producer, invited
):
    place = siti(producer)
    now = timezone.now()
    Allocation.objects.filter(pk=place.pk).update(
        invited_at=now - dt.timedelta(days=6), deadline=now - dt.timedelta(hours=10)
    )
    api = api_for(field_officer)
    late = body(answered_at=(now - dt.timedelta(hours=2)).isoformat())
    response = api.post(allocation_answer_url(place), late, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert "deadline" in response.json()["error"]["message"]
    on_time = body(answered_at=(now - dt.timedelta(hours=12)).isoformat())
    response = api.post(allocation_answer_url(place), on_time, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "confirmed")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"answered_at": "2999-01-01T10:00:00+07:00"}, "answered_at"),
        ({"answered_at": "2017-01-01T10:00:00+07:00"}, "answered_at"),  # before the invitation
        ({"answered_by": "0812 3456 7890"}, "answered_by"),
        ({"channel": "kurasi"}, "channel"),
        ({"accept": None}, "accept"),
    ],
)
def test_an_answer_with_a_wrong_value_is_a_validation_error_on_its_field(
    api_for, admin_user, producer, invited, values, field
):
    response = api_for(admin_user).post(
        allocation_answer_url(siti(producer)), {**body(), **values}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert list(response.json()["error"]["fields"]) == [field]
    assert siti(producer).status == "invited"


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_recording_an_exhibition_answer_is_refused(
    request, api_for, producer, invited, persona, status
):
    user = request.getfixturevalue(persona)
    response = api_for(user).post(allocation_answer_url(siti(producer)), body(), format="json")
    assert response.status_code == status
    assert siti(producer).status == "invited"


def test_a_token_without_the_write_scope_cannot_record(api_for, admin_user, producer, invited):
    api = api_for(admin_user, scopes=["exhibitions:read"])
    response = api.post(allocation_answer_url(siti(producer)), body(), format="json")
    assert response.status_code == 403
    assert siti(producer).status == "invited"


# --- facilitation ---------------------------------------------------------------------------


@pytest.fixture
def facilitation_invitation(organisation):
    today = timezone.localdate()
    programme = FacilitationProgramme.objects.create(
        organisation=organisation,
        title="Pelatihan Kemasan",
        kind="training",
        starts_on=today + dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=40),
    )
    return Participation.objects.create(
        programme=programme,
        business=BusinessFactory(organisation=organisation, name="Dapur Siti"),
        status="invited",
        invited_at=timezone.now() - dt.timedelta(days=1),
    )


def participation_answer_url(participation):
    return (
        f"{OFFICE}/facilitation/{participation.programme_id}/participations/"
        f"{participation.pk}/answer/"
    )


@pytest.mark.parametrize(("accept", "status"), [(True, "enrolled"), (False, "dropped")])
@pytest.mark.parametrize("persona", STAFF)
def test_staff_record_a_facilitation_answer_through_the_api(
    request, api_for, facilitation_invitation, persona, accept, status
):
    api = api_for(request.getfixturevalue(persona))
    url = participation_answer_url(facilitation_invitation)
    response = api.post(url, body(accept=accept, channel="whatsapp"), format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["answer"]["channel"]) == (
        status,
        "whatsapp",
    )
    again = api.post(url, body(), format="json")
    assert again.status_code == 409  # answered already


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_recording_a_facilitation_answer_is_refused(
    request, api_for, facilitation_invitation, persona, status
):
    api = api_for(request.getfixturevalue(persona))
    response = api.post(participation_answer_url(facilitation_invitation), body(), format="json")
    assert response.status_code == status
    assert Participation.objects.get(pk=facilitation_invitation.pk).status == "invited"


# --- curation-day slots ---------------------------------------------------------------------


@pytest.fixture
def slot(open_programme, product_groups):
    """A verified product's slot in a session five days from now."""
    session = CurationSession.objects.create(
        programme=open_programme,
        date=timezone.localdate() + dt.timedelta(days=5),
        place="Puspemkot Tangsel",
        starts_at=dt.time(8, 0),
        ends_at=dt.time(12, 0),
    )
    table = Table.objects.create(session=session, name="Meja 1")
    business = BusinessFactory(organisation=open_programme.organisation, name="Roti Melati")
    product = ProductFactory(business=business, group=product_groups["makanan"], name="Roti")
    application = ApplicationFactory(programme=open_programme, product=product, status="verified")
    return Slot.objects.create(
        session=session, table=table, application=application, starts_at=session.slot_times()[0]
    )


def slot_answer_url(slot):
    return f"{OFFICE}/programmes/{slot.session.programme.slug}/slots/{slot.pk}/answer/"


@pytest.mark.parametrize("persona", STAFF)
def test_staff_record_that_the_producer_will_come_through_the_api(request, api_for, slot, persona):
    response = api_for(request.getfixturevalue(persona)).post(
        slot_answer_url(slot), body(channel="in_person"), format="json"
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["will_come"], data["application_id"], data["answer"]["channel"]) == (
        True,
        slot.application_id,
        "in_person",
    )
    assert Slot.objects.filter(pk=slot.pk).exists()


def test_cannot_come_through_the_api_frees_the_slot(api_for, admin_user, slot):
    response = api_for(admin_user).post(slot_answer_url(slot), body(accept=False), format="json")
    assert (response.status_code, response.json()["will_come"]) == (200, False)
    assert not Slot.objects.filter(pk=slot.pk).exists()
    assert AuditEvent.objects.filter(action="slot.cannot_come").exists()


def test_no_slot_answer_once_the_session_started(api_for, admin_user, slot):
    CurationSession.objects.filter(pk=slot.session_id).update(date=timezone.localdate())
    CurationSession.objects.filter(pk=slot.session_id).update(starts_at=dt.time(0, 0))
    response = api_for(admin_user).post(slot_answer_url(slot), body(), format="json")
    assert response.status_code == 409
    assert not SlotAnswer.objects.exists()


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_recording_a_slot_answer_is_refused(request, api_for, slot, persona, status):
    response = api_for(request.getfixturevalue(persona)).post(
        slot_answer_url(slot), body(), format="json"
    )
    assert response.status_code == status
    assert not SlotAnswer.objects.exists()


def slots_url(slot):
    return f"{OFFICE}/programmes/{slot.session.programme.slug}/slots/"


def another_slot(slot, name, position):
    business = BusinessFactory(organisation=slot.session.programme.organisation, name=name)
    product = ProductFactory(business=business, group=slot.application.product.group, name=name)
    application = ApplicationFactory(
        programme=slot.session.programme, product=product, status="verified"
    )
    return Slot.objects.create(
        session=slot.session,
        table=slot.table,
        application=application,
        starts_at=slot.session.slot_times()[position],
    )


@pytest.mark.parametrize("persona", STAFF)
def test_staff_read_the_schedule_with_the_answers(request, api_for, slot, persona):
    api = api_for(request.getfixturevalue(persona))
    api.post(slot_answer_url(slot), body(), format="json")
    rows = api.get(slots_url(slot)).json()["results"]
    assert [(r["id"], r["answer"]["will_come"]) for r in rows] == [(slot.pk, True)]
    assert rows[0]["answer"]["answered_by"] == "Ibu Siti, pemilik"


def test_the_schedule_reads_in_the_same_queries_for_one_or_three_slots(api_for, admin_user, slot):
    api = api_for(admin_user)
    api.get(slots_url(slot))  # the token's first use writes once
    with CaptureQueriesContext(connection) as one:
        api.get(slots_url(slot))
    for position, name in ((1, "Dodol"), (2, "Kopi")):
        answered = another_slot(slot, name, position)
        api.post(slot_answer_url(answered), body(), format="json")
    with CaptureQueriesContext(connection) as three:
        assert api.get(slots_url(slot)).json()["count"] == 3
    assert len(three) == len(one)


def test_the_schedule_is_refused_to_curators_and_another_office(api_for, curator, outsider, slot):
    assert api_for(curator).get(slots_url(slot)).status_code == 403
    assert api_for(outsider).get(slots_url(slot)).status_code == 404


# --- the schema -----------------------------------------------------------------------------


def test_the_three_answer_endpoints_are_in_the_schema_with_their_body_and_refusals():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = [
        "/api/v1/o/{org_slug}/exhibitions/{exhibition_id}/allocations/{id}/answer/",
        "/api/v1/o/{org_slug}/facilitation/{programme_id}/participations/{id}/answer/",
        "/api/v1/o/{org_slug}/programmes/{slug}/slots/{id}/answer/",
    ]
    body_schema = schema["components"]["schemas"]["AnswerInputRequest"]
    assert sorted(body_schema["required"]) == ["accept", "answered_by", "channel"]
    for path in paths:
        operation = schema["paths"][path]["post"]
        assert {"200", "400", "403", "404", "409"} <= set(operation["responses"])
        content = operation["requestBody"]["content"]["application/json"]["schema"]
        assert content == {"$ref": "#/components/schemas/AnswerInputRequest"}
