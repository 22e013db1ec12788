import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kurasi.audit.models import AuditEvent
from kurasi.curation.models import Assignment, CheckIn, Slot
from kurasi.curation.services_day import (
    check_in,
    mark_no_show,
    place_application,
    record_sample,
    save_table,
    schedule_automatically,
    walk_in,
)


def test_schedule_puts_each_product_at_a_table_covering_its_group(
    admin_user, session, applications
):
    result = schedule_automatically(actor=admin_user, session=session)
    assert len(result.placed) == 3
    assert result.unplaced == []
    tables = dict(Slot.objects.values_list("application__product__name", "table__name"))
    assert tables == {"Roti Gambang": "Meja 1", "Kue Lapis": "Meja 1", "Tas Pandan": "Meja 2"}
    times = sorted(
        s.starts_at.astimezone(dt.UTC).time() for s in Slot.objects.filter(table__name="Meja 1")
    )
    assert times == [dt.time(1, 0), dt.time(1, 15)]  # 08.00 and 08.15 WIB, back to back
    assert AuditEvent.objects.filter(action="schedule.filled").count() == 1


def test_schedule_follows_existing_assignments(admin_user, session, applications, curators):
    # An assigned food product whose curators sit at table 2 goes there, not to table 1.
    roti = applications[0]
    for curator in curators["non_food"]:
        Assignment.objects.create(application=roti, curator=curator)
    schedule_automatically(actor=admin_user, session=session)
    assert Slot.objects.get(application=roti).table.name == "Meja 2"


def test_schedule_keeps_slots_and_explains_what_does_not_fit(
    admin_user, session, applications, open_programme, product_groups
):
    from .conftest import verified

    schedule_automatically(actor=admin_user, session=session)
    first = dict(Slot.objects.values_list("application_id", "starts_at"))
    extra = [
        verified(open_programme, applications[0].product.business, product_groups["makanan"], n)
        for n in ("Bolu", "Dodol", "Nastar")
    ]
    result = schedule_automatically(actor=admin_user, session=session)
    # One hour of 15-minute slots: four per table; table 1 had two left.
    assert len(result.placed) == 2
    assert [a for a, _ in result.unplaced] == [extra[2]]
    assert "penuh" in result.unplaced[0][1]  # "Every suitable table is full."
    assert (
        dict(
            Slot.objects.filter(application_id__in=first).values_list("application_id", "starts_at")
        )
        == first
    )


def test_a_product_cannot_be_scheduled_twice_in_a_session(admin_user, session, applications):
    schedule_automatically(actor=admin_user, session=session)
    slot = Slot.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.create(
            session=session,
            table=slot.table,
            application=slot.application,
            starts_at=slot.starts_at + dt.timedelta(minutes=45),
        )


def test_moving_to_a_taken_time_is_refused_and_a_free_one_works(admin_user, session, applications):
    schedule_automatically(actor=admin_user, session=session)
    roti, lapis = (
        Slot.objects.get(application=applications[0]),
        Slot.objects.get(application=applications[1]),
    )
    with pytest.raises(ValidationError, match="sudah terisi"):  # already taken
        place_application(
            actor=admin_user,
            session=session,
            application=roti.application,
            table=lapis.table,
            starts_at=lapis.starts_at,
        )
    later = session.at(dt.time(8, 45))
    place_application(
        actor=admin_user,
        session=session,
        application=roti.application,
        table=roti.table,
        starts_at=later,
    )
    assert Slot.objects.get(application=applications[0]).starts_at == later
    with pytest.raises(ValidationError):
        place_application(
            actor=admin_user,
            session=session,
            application=roti.application,
            table=roti.table,
            starts_at=session.at(dt.time(8, 5)),
        )


def test_a_curator_sits_at_one_table_per_session(admin_user, session, curators):
    with pytest.raises(ValidationError):
        save_table(actor=admin_user, session=session, name="Meja 3", curators=curators["food"][:1])


def test_check_in_gives_sample_codes_in_order_and_twice_changes_nothing(
    field_officer, session, applications
):
    first = check_in(actor=field_officer, application=applications[0])
    second = check_in(actor=field_officer, application=applications[1])
    again = check_in(actor=field_officer, application=applications[0])
    assert (first.sample_code, second.sample_code) == ("K26-001", "K26-002")
    assert again.sample_code == "K26-001"
    assert again.arrived_at == first.arrived_at
    assert again.checked_in_by == field_officer
    assert AuditEvent.objects.filter(action="check_in.arrived").count() == 3


def test_sample_codes_are_unique_per_programme(field_officer, session, applications):
    check_in(actor=field_officer, application=applications[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(
            programme=session.programme, application=applications[1], sample_code="K26-001"
        )


def test_sample_recorded_later(field_officer, session, applications):
    with pytest.raises(ValidationError):
        record_sample(actor=field_officer, application=applications[0])
    check_in(actor=field_officer, application=applications[0], with_sample=False)
    assert CheckIn.objects.get().sample_code == ""
    assert record_sample(actor=field_officer, application=applications[0]).sample_code == "K26-001"


def test_no_show_then_late_arrival_clears_the_absence(field_officer, session, applications):
    mark_no_show(actor=field_officer, application=applications[2])
    assert CheckIn.objects.get().no_show_at is not None
    record = check_in(actor=field_officer, application=applications[2])
    assert record.no_show_at is None
    assert record.arrived_at is not None
    with pytest.raises(ValidationError):
        mark_no_show(actor=field_officer, application=applications[2])


def test_walk_in_gets_the_earliest_free_slot_from_now(
    admin_user, field_officer, session, applications
):
    place_application(
        actor=admin_user,
        session=session,
        application=applications[0],
        table=session.tables.get(name="Meja 1"),
        starts_at=session.at(dt.time(8, 30)),
    )
    record, slot = walk_in(
        actor=field_officer,
        session=session,
        application=applications[1],
        now=session.at(dt.time(8, 20)),
    )
    assert record.is_walk_in
    assert record.arrived_at
    assert record.sample_code == "K26-001"
    assert slot.table.name == "Meja 1"
    assert slot.starts_at == session.at(dt.time(8, 45))  # 08.30 was taken


def test_walk_in_without_a_free_slot_waits_in_the_queue(field_officer, session, applications):
    record, slot = walk_in(
        actor=field_officer,
        session=session,
        application=applications[0],
        now=session.at(dt.time(8, 50)),
    )
    assert slot is None
    assert record.is_walk_in
    assert record.arrived_at is not None
