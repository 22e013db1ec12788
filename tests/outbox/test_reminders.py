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
