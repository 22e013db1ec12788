"""Answers to a curation-day slot: staff record one given by phone, WhatsApp or in person, the
producer answers from "My registrations"; taken until the session starts, and "cannot come"
frees the slot for the office to give again."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.curation.models import SlotAnswer
from kurasi.curation.models_day import CurationSession, Slot
from kurasi.curation.services_day import (
    place_application,
    save_session,
    save_table,
    schedule_automatically,
)

from ..factories import BusinessFactory
from .conftest import SESSION_VALUES, day_url, verified

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def scheduled(admin_user, open_programme, curators, applications, producer, product_groups):
    """A session in ten days with every verified product scheduled, one of them Siti's."""
    siti = BusinessFactory(organisation=open_programme.organisation, owner=producer, name="Siti")
    verified(open_programme, siti, product_groups["makanan"], "Keripik Siti")
    values = {**SESSION_VALUES, "date": timezone.localdate() + dt.timedelta(days=10)}
    session = save_session(actor=admin_user, programme=open_programme, values=values)
    save_table(actor=admin_user, session=session, name="Meja 1", curators=curators["food"])
    save_table(actor=admin_user, session=session, name="Meja 2", curators=curators["non_food"])
    schedule_automatically(actor=admin_user, session=session)
    return session


def siti_slot(session):
    return Slot.objects.get(session=session, application__product__name="Keripik Siti")


def answer(will_come=True, **more):
    return {
        "answer": "yes" if will_come else "no",
        "answered_by": "Ibu Siti",
        "channel": "in_person",
        "answered_at": timezone.localtime(timezone.now(), WIB).strftime("%Y-%m-%dT%H:%M"),
        **more,
    }


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_staff_record_that_the_producer_will_come(request, client_for, scheduled, persona):
    staff = request.getfixturevalue(persona)
    client = client_for(staff)
    slot = siti_slot(scheduled)
    url = day_url("slot_answer", scheduled, slot.pk)
    assert client.get(url).status_code == 200

    assert client.post(url, answer()).status_code == 302

    recorded = SlotAnswer.objects.get(session=scheduled, application=slot.application)
    assert (recorded.will_come, recorded.slot_starts_at, recorded.answer_recorded_by) == (
        True,
        slot.starts_at,
        staff,
    )
    assert (recorded.answered_by, recorded.answer_channel) == ("Ibu Siti", "in_person")
    event = AuditEvent.objects.get(action="slot.will_come")
    assert event.changes["answer_channel"] == [None, "in_person"]


def test_cannot_come_frees_the_slot_and_the_office_reschedules_by_hand(
    client_for, admin_user, scheduled
):
    client = client_for(admin_user)
    slot = siti_slot(scheduled)
    url = day_url("slot_answer", scheduled, slot.pk)
    assert client.post(url, answer(False)).status_code == 200  # asks to tick the confirmation
    assert Slot.objects.filter(pk=slot.pk).exists()

    client.post(url, answer(False, confirm_decline="on"))

    assert not Slot.objects.filter(pk=slot.pk).exists()
    assert AuditEvent.objects.filter(action="slot.cannot_come").exists()
    page = client.get(day_url("session", scheduled)).content.decode()
    unscheduled = page[page.index('id="unscheduled"') :]
    assert "Keripik Siti" in unscheduled
    assert "Ibu Siti" in unscheduled
    # Automatic scheduling leaves them out of this session; by hand they get another time.
    schedule_automatically(actor=admin_user, session=scheduled)
    assert not Slot.objects.filter(session=scheduled, application=slot.application).exists()
    later = scheduled.slot_times()[-1]
    table = scheduled.tables.get(name="Meja 1")
    place_application(
        actor=admin_user,
        session=scheduled,
        application=slot.application,
        table=table,
        starts_at=later,
    )
    page = client.get(day_url("session", scheduled)).content.decode()
    assert "Ibu Siti" not in page  # the old answer does not speak for the new time


def test_no_answer_once_the_session_has_started(client_for, field_officer, scheduled):
    CurationSession.objects.filter(pk=scheduled.pk).update(
        date=timezone.localdate() - dt.timedelta(days=1)
    )
    slot = siti_slot(scheduled)
    url = day_url("slot_answer", scheduled, slot.pk)
    client = client_for(field_officer)
    assert client.get(url).status_code == 302
    client.post(url, answer())
    assert not SlotAnswer.objects.exists()


def test_an_answer_in_the_future_is_refused(client_for, admin_user, scheduled):
    slot = siti_slot(scheduled)
    response = client_for(admin_user).post(
        day_url("slot_answer", scheduled, slot.pk), answer(answered_at="2999-01-01T10:00")
    )
    assert 'id="id_answered_at_error"' in response.content.decode()
    assert not SlotAnswer.objects.exists()


def test_recording_a_slot_answer_is_refused_to_curators_producers_and_another_office(
    client_for, curator, producer, outsider, scheduled
):
    url = day_url("slot_answer", scheduled, siti_slot(scheduled).pk)
    assert client_for(curator).post(url, answer()).status_code == 403
    assert client_for(producer).post(url, answer()).status_code == 404
    assert client_for(outsider).post(url, answer()).status_code == 404
    assert not SlotAnswer.objects.exists()


def test_the_producer_answers_their_own_slot_from_their_registrations(
    client_for, producer, scheduled
):
    client = client_for(producer)
    slot = siti_slot(scheduled)
    page = client.get(reverse("registration:status")).content.decode()
    assert f'id="come-{slot.pk}"' in page
    assert f'id="cannot-{slot.pk}"' in page
    mine = reverse("curation:my_slot_answer", args=[slot.pk])

    client.post(mine, {"answer": "come"})
    recorded = SlotAnswer.objects.get()
    assert (recorded.will_come, recorded.answer_channel, recorded.answer_recorded_by) == (
        True,
        "kurasi",
        producer,
    )
    page = client.get(reverse("registration:status")).content.decode()
    assert f'id="come-{slot.pk}"' not in page  # answered; they may still say they cannot

    client.post(mine, {"answer": "cannot"})
    assert not Slot.objects.filter(pk=slot.pk).exists()
    assert SlotAnswer.objects.get().will_come is False


def test_another_producer_cannot_answer_for_the_slot(client_for, other_producer, scheduled):
    slot = siti_slot(scheduled)
    url = reverse("curation:my_slot_answer", args=[slot.pk])
    assert client_for(other_producer).post(url, {"answer": "cannot"}).status_code == 404
    assert Slot.objects.filter(pk=slot.pk).exists()


def test_status_page_reads_slots_in_the_same_queries_for_one_or_three(
    client_for, admin_user, producer, product_groups, scheduled
):
    client = client_for(producer)
    url = reverse("registration:status")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    siti = siti_slot(scheduled).application.product.business
    # One more for each table (the food table has one free slot left).
    for name, group in (("Kue Siti", "makanan"), ("Tas Siti", "tas")):
        verified(scheduled.programme, siti, product_groups[group], name)
    schedule_automatically(actor=admin_user, session=scheduled)
    with CaptureQueriesContext(connection) as three:
        page = client.get(url).content.decode()
    assert page.count('id="day-slot-') == 3
    assert len(three) == len(one)
