"""Reminders before deadlines: made once, at the right time, by the producer's channel."""

import datetime as dt

from django.utils import timezone

from kurasi.outbox.models import Kind, Message, State
from kurasi.outbox.reminders import send_reminders
from tests.factories import ApplicationFactory, BusinessFactory, ProductFactory, ProgrammeFactory


def _draft(organisation, closes_at, **business):
    programme = ProgrammeFactory(organisation=organisation, registration_closes_at=closes_at)
    product = ProductFactory(business=BusinessFactory(organisation=organisation, **business))
    return ApplicationFactory(programme=programme, product=product)


def test_draft_reminder_two_days_before_closing_made_once(organisation, product_groups):
    now = timezone.now()
    draft = _draft(
        organisation, now + dt.timedelta(days=1, hours=20), email="", phone_is_whatsapp=True
    )
    _draft(organisation, now + dt.timedelta(days=5))  # too early to remind

    assert send_reminders(now=now) == 1
    assert send_reminders(now=now + dt.timedelta(hours=1)) == 0

    message = Message.objects.get()
    assert message.kind == Kind.REMINDER
    assert message.business == draft.business
    assert message.state == State.WHATSAPP_WAITING
    assert draft.product.name in message.body
    assert "belum dikirim" in message.body or "Pengingat" in message.body or message.body


def _invitation(organisation, deadline, status="invited", **business):
    from kurasi.exhibitions.models import Allocation, BoothType, Exhibition

    programme = ProgrammeFactory(organisation=organisation)
    product = ProductFactory(business=BusinessFactory(organisation=organisation, **business))
    application = ApplicationFactory(programme=programme, product=product, status="verified")
    exhibition = Exhibition.objects.create(
        organisation=organisation,
        programme=programme,
        name="Trade Expo Indonesia",
        level="national",
        venue="ICE BSD City",
        starts_on=dt.date(2026, 10, 11),
        ends_on=dt.date(2026, 10, 15),
        confirm_days=5,
    )
    booth = BoothType.objects.create(exhibition=exhibition, label="Standar", count=1)
    return Allocation.objects.create(
        exhibition=exhibition,
        booth_type=booth,
        application=application,
        business=product.business,
        status=status,
        invited_at=deadline - dt.timedelta(days=5),
        deadline=deadline,
    )


def test_exhibition_reminder_when_the_deadline_is_within_two_days_and_unanswered(
    organisation, product_groups
):
    now = timezone.now()
    due = _invitation(organisation, now + dt.timedelta(days=1), email="", phone_is_whatsapp=False)
    _invitation(organisation, now + dt.timedelta(days=4))  # not yet
    _invitation(organisation, now + dt.timedelta(days=1), status="confirmed")  # answered
    _invitation(organisation, now - dt.timedelta(hours=1))  # past its deadline

    assert send_reminders(now=now) == 1
    assert send_reminders(now=now + dt.timedelta(hours=6)) == 0

    message = Message.objects.get()
    assert message.business == due.business
    assert message.source == f"reminder:exhibition:{due.pk}"
    assert message.state == State.PRINT_WAITING  # a phone without WhatsApp
    assert "Trade Expo Indonesia" in message.body


def test_slot_reminder_the_day_before_by_email(organisation, product_groups, mailoutbox):
    from kurasi.curation.models_day import CurationSession, Slot, Table

    now = timezone.make_aware(dt.datetime(2026, 9, 18, 9, 0))
    programme = ProgrammeFactory(organisation=organisation)
    session = CurationSession.objects.create(
        programme=programme,
        date=dt.date(2026, 9, 19),
        place="Puspemkot Tangsel",
        starts_at=dt.time(8, 0),
        ends_at=dt.time(12, 0),
    )
    later = CurationSession.objects.create(
        programme=programme,
        date=dt.date(2026, 9, 21),
        place="Puspemkot Tangsel",
        starts_at=dt.time(8, 0),
        ends_at=dt.time(12, 0),
    )
    for day, email in ((session, "ani@contoh.test"), (later, "budi@contoh.test")):
        table = Table.objects.create(session=day, name="Meja 1")
        business = BusinessFactory(organisation=organisation, email=email)
        application = ApplicationFactory(
            programme=programme, product=ProductFactory(business=business), status="verified"
        )
        Slot.objects.create(
            session=day, table=table, application=application, starts_at=day.at(dt.time(8, 15))
        )

    assert send_reminders(now=now) == 1
    assert send_reminders(now=now + dt.timedelta(hours=3)) == 0

    message = Message.objects.get()
    assert message.kind == Kind.REMINDER
    assert message.to_email == "ani@contoh.test"
    assert "08.15" in message.body
    assert "Puspemkot Tangsel" in message.body
