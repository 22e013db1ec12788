"""Staff record a producer's answer to an exhibition invitation, given by phone, WhatsApp or in
person: the same rules as the producer's own answer (deadline, waiting list), with who answered,
how and when kept on the place and in the audit trail."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.exhibitions.invitations import expire_due, send_invitations
from kurasi.exhibitions.models import Allocation
from kurasi.exhibitions.services import run_allocation

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def invited(admin_user, producer, exhibition):
    """Siti's product invited (the one booth), Budi's on the waiting list."""
    run_allocation(actor=admin_user, exhibition=exhibition)
    send_invitations(actor=admin_user, exhibition=exhibition, notify=False)
    return Allocation.objects.get(business__owner=producer)


def answer_url(allocation):
    e = allocation.exhibition
    return reverse("exhibitions:record_answer", args=[e.organisation.slug, e.pk, allocation.pk])


def local(moment):
    return timezone.localtime(moment, WIB).strftime("%Y-%m-%dT%H:%M")


def answer(accept=True, *, when=None, who="Ibu Siti, pemilik", **more):
    return {
        "answer": "yes" if accept else "no",
        "answered_by": who,
        "channel": "phone",
        "answered_at": local(when or timezone.now()),
        "note": "Minta booth dekat pintu; WA 0812 3456 7890",
        **more,
    }


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_staff_record_an_accept_the_place_is_confirmed_with_its_record(
    request, client_for, invited, persona
):
    staff = request.getfixturevalue(persona)
    client = client_for(staff)
    detail = reverse(
        "exhibitions:detail", args=[invited.exhibition.organisation.slug, invited.exhibition.pk]
    )
    assert f'id="record-answer-{invited.pk}"' in client.get(detail).content.decode()
    assert client.get(answer_url(invited)).status_code == 200
    when = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(hours=1)

    response = client.post(answer_url(invited), answer(when=max(when, invited.invited_at)))

    assert response.status_code == 302
    place = Allocation.objects.get(pk=invited.pk)
    assert (place.status, place.answered_by, place.answer_channel) == (
        "confirmed",
        "Ibu Siti, pemilik",
        "phone",
    )
    assert place.answer_recorded_by == staff
    assert place.answer_note.startswith("Minta booth")
    event = AuditEvent.objects.get(action="exhibition.confirmed", object_id=str(place.pk))
    assert event.actor == staff
    assert event.changes["answer_channel"] == [None, "phone"]
    assert event.changes["answered_by"] == [None, "Ibu Siti, pemilik"]
    assert "0812" not in str(event.changes)  # the note (with a number) stays off the trail
    page = client.get(detail).content.decode()
    assert "Ibu Siti, pemilik" in page
    assert f'id="record-answer-{invited.pk}"' not in page


def test_a_decline_asks_for_confirmation_then_invites_the_next_on_the_waiting_list(
    client_for, admin_user, other_producer, invited
):
    client = client_for(admin_user)
    response = client.post(answer_url(invited), answer(accept=False))
    assert response.status_code == 200  # the form again, asking to tick the confirmation
    assert 'id="id_confirm_decline_error"' in response.content.decode()
    assert Allocation.objects.get(pk=invited.pk).status == "invited"

    client.post(answer_url(invited), answer(accept=False, confirm_decline="on"))

    assert Allocation.objects.get(pk=invited.pk).status == "declined"
    assert Allocation.objects.get(business__owner=other_producer).status == "invited"
    assert AuditEvent.objects.filter(action="exhibition.declined", actor=admin_user).exists()


def test_an_answer_given_before_the_deadline_counts_when_entered_after_it(
    client_for, field_officer, invited
):
    """The producer phoned on the last day; the officer enters it the next morning, before the
    nightly expiry released the place."""
    now = timezone.now()
    Allocation.objects.filter(pk=invited.pk).update(
        invited_at=now - dt.timedelta(days=6), deadline=now - dt.timedelta(hours=10)
    )
    response = client_for(field_officer).post(
        answer_url(invited), answer(when=now - dt.timedelta(hours=12))
    )
    assert response.status_code == 302
    assert Allocation.objects.get(pk=invited.pk).status == "confirmed"


def test_an_answer_given_after_the_deadline_is_refused_with_the_reason(
    client_for, field_officer, invited
):
    now = timezone.now()
    Allocation.objects.filter(pk=invited.pk).update(
        invited_at=now - dt.timedelta(days=6), deadline=now - dt.timedelta(hours=10)
    )
    response = client_for(field_officer).post(
        answer_url(invited), answer(when=now - dt.timedelta(hours=2))
    )
    assert response.status_code == 200
    assert "sesudah batas waktu" in response.content.decode()
    assert Allocation.objects.get(pk=invited.pk).status == "invited"


def test_no_answer_is_recorded_once_the_place_was_released(
    client_for, admin_user, other_producer, invited
):
    expire_due(now=invited.deadline + dt.timedelta(minutes=1))
    assert Allocation.objects.get(pk=invited.pk).status == "expired"
    client = client_for(admin_user)
    assert client.get(answer_url(invited)).status_code == 302
    client.post(answer_url(invited), answer(when=invited.invited_at + dt.timedelta(hours=1)))
    assert Allocation.objects.get(pk=invited.pk).status == "expired"
    assert not AuditEvent.objects.filter(action="exhibition.confirmed").exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"answered_at": "2999-01-01T10:00"}, "answered_at"),
        ({"answered_at": "2017-01-01T10:00"}, "answered_at"),  # before the invitation
        ({"answered_by": "0812-3456-7890"}, "answered_by"),
        ({"channel": "kurasi"}, "channel"),  # the producer's own channel, not staff's
    ],
)
def test_an_answer_with_a_wrong_value_is_refused_on_its_field(
    client_for, admin_user, invited, values, field
):
    response = client_for(admin_user).post(answer_url(invited), {**answer(), **values})
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Allocation.objects.get(pk=invited.pk).status == "invited"


def test_record_answer_is_refused_to_curators_producers_and_another_office(
    client_for, curator, producer, outsider, invited
):
    url = answer_url(invited)
    assert client_for(curator).get(url).status_code == 403
    assert client_for(curator).post(url, answer()).status_code == 403
    assert client_for(producer).post(url, answer()).status_code == 404
    assert client_for(outsider).post(url, answer()).status_code == 404
    assert Allocation.objects.get(pk=invited.pk).status == "invited"


def test_the_producers_own_answer_is_recorded_as_given_in_kurasi(client_for, producer, invited):
    client_for(producer).post(
        reverse("exhibitions:my_respond", args=[invited.pk]), {"answer": "confirm"}
    )
    place = Allocation.objects.get(pk=invited.pk)
    assert (place.status, place.answer_channel, place.answered_by) == (
        "confirmed",
        "kurasi",
        producer.full_name,
    )
    assert place.answer_recorded_by == producer
