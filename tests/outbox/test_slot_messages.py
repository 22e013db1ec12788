"""The session page's action gives every scheduled producer their slot through the outbox."""

import datetime as dt

import pytest
from django.urls import reverse

from kurasi.curation.models_day import CurationSession, Slot, Table
from kurasi.outbox.models import Channel, Kind, Message
from tests.factories import ApplicationFactory, BusinessFactory, ProductFactory, ProgrammeFactory


@pytest.fixture
def scheduled(organisation, product_groups):
    programme = ProgrammeFactory(organisation=organisation)
    session = CurationSession.objects.create(
        programme=programme,
        date=dt.date(2026, 9, 19),
        place="Puspemkot Tangsel",
        starts_at=dt.time(8, 0),
        ends_at=dt.time(12, 0),
    )
    table = Table.objects.create(session=session, name="Meja 1")
    for minute, contact in ((0, {"email": "ani@contoh.test"}), (15, {"email": ""})):
        business = BusinessFactory(organisation=organisation, **contact)
        application = ApplicationFactory(
            programme=programme, product=ProductFactory(business=business), status="verified"
        )
        Slot.objects.create(
            session=session,
            table=table,
            application=application,
            starts_at=session.at(dt.time(8, minute)),
        )
    return session


def messages_url(session):
    return reverse(
        "curation:slot_messages",
        args=[session.programme.organisation.slug, session.programme.pk, session.pk],
    )


def test_slot_messages_made_once_per_slot_time(client_for, admin_user, scheduled):
    client = client_for(admin_user)
    assert client.post(messages_url(scheduled)).status_code == 302
    client.post(messages_url(scheduled))
    assert Message.objects.filter(kind=Kind.CURATION_SLOT).count() == 2
    assert set(Message.objects.values_list("channel", flat=True)) == {
        Channel.EMAIL,
        Channel.WHATSAPP,
    }
    # A slot moved to another time gets a new message.
    slot = Slot.objects.get(starts_at=scheduled.at(dt.time(8, 15)))
    slot.starts_at = scheduled.at(dt.time(9, 0))
    slot.save()
    client.post(messages_url(scheduled))
    assert Message.objects.filter(business=slot.application.business).count() == 2
    assert "09.00" in Message.objects.filter(business=slot.application.business).first().body


@pytest.mark.parametrize(
    ("persona", "status"), [("field_officer", 403), ("curator", 403), ("outsider", 404)]
)
def test_slot_messages_refused(client_for, request, scheduled, persona, status):
    response = client_for(request.getfixturevalue(persona)).post(messages_url(scheduled))
    assert response.status_code == status
    assert not Message.objects.exists()
