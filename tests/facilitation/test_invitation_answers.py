"""Answers to a facilitation invitation: recorded by staff (phone, WhatsApp, in person) or given
by the producer on their improvement plan page; accept enrols, decline frees the place."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.facilitation.models import FacilitationProgramme, Participation

from ..factories import BusinessFactory

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def invitation(organisation, producer):
    today = timezone.localdate()
    programme = FacilitationProgramme.objects.create(
        organisation=organisation,
        title="Pendampingan Sertifikasi Halal",
        kind="certification",
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=60),
        quota=1,
    )
    business = BusinessFactory(organisation=organisation, owner=producer, name="Dapur Siti")
    return Participation.objects.create(
        programme=programme,
        business=business,
        status="invited",
        invited_at=timezone.now() - dt.timedelta(days=1),
    )


def answer_url(participation):
    slug = participation.programme.organisation.slug
    return reverse("facilitation:participation_answer", args=[slug, participation.pk])


def answer(accept=True, **more):
    return {
        "answer": "yes" if accept else "no",
        "answered_by": "Pak Joko, suami pemilik",
        "channel": "whatsapp",
        "answered_at": timezone.localtime(timezone.now(), WIB).strftime("%Y-%m-%dT%H:%M"),
        **more,
    }


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_staff_record_an_accept_and_the_producer_is_enrolled(
    request, client_for, invitation, persona
):
    staff = request.getfixturevalue(persona)
    client = client_for(staff)
    page = client.get(invitation.programme.get_absolute_url()).content.decode()
    assert f'id="answer-{invitation.pk}"' in page
    assert client.get(answer_url(invitation)).status_code == 200

    assert client.post(answer_url(invitation), answer()).status_code == 302

    row = Participation.objects.get(pk=invitation.pk)
    assert (row.status, row.answer_channel, row.answered_by, row.answer_recorded_by) == (
        "enrolled",
        "whatsapp",
        "Pak Joko, suami pemilik",
        staff,
    )
    assert row.enrolled_at == row.responded_at
    event = AuditEvent.objects.get(action="facilitation.invitation_accepted")
    assert event.changes["status"] == ["invited", "enrolled"]
    assert event.changes["answer_channel"] == [None, "whatsapp"]
    assert "Pak Joko" in client.get(invitation.programme.get_absolute_url()).content.decode()


def test_staff_record_a_decline_after_confirming_it_and_the_place_is_free(
    client_for, admin_user, invitation
):
    client = client_for(admin_user)
    assert client.post(answer_url(invitation), answer(accept=False)).status_code == 200
    assert Participation.objects.get(pk=invitation.pk).status == "invited"
    client.post(answer_url(invitation), answer(accept=False, confirm_decline="on"))
    assert Participation.objects.get(pk=invitation.pk).status == "dropped"
    assert invitation.programme.places_taken() == 0
    assert AuditEvent.objects.filter(action="facilitation.invitation_declined").exists()


def test_an_answer_in_the_future_or_twice_is_refused(client_for, admin_user, invitation):
    client = client_for(admin_user)
    response = client.post(answer_url(invitation), answer(answered_at="2999-01-01T08:00"))
    assert 'id="id_answered_at_error"' in response.content.decode()
    assert Participation.objects.get(pk=invitation.pk).status == "invited"
    client.post(answer_url(invitation), answer())
    assert client.get(answer_url(invitation)).status_code == 302  # nothing left to answer
    client.post(answer_url(invitation), answer(accept=False, confirm_decline="on"))
    assert Participation.objects.get(pk=invitation.pk).status == "enrolled"


def test_recording_an_answer_is_refused_to_curators_producers_and_another_office(
    client_for, curator, producer, outsider, invitation
):
    url = answer_url(invitation)
    assert client_for(curator).post(url, answer()).status_code == 403
    assert client_for(producer).post(url, answer()).status_code == 404
    assert client_for(outsider).post(url, answer()).status_code == 404
    assert Participation.objects.get(pk=invitation.pk).status == "invited"


def test_the_producer_answers_their_own_invitation_on_their_plan_page(
    client_for, producer, invitation
):
    client = client_for(producer)
    page = client.get(reverse("facilitation:my_plan")).content.decode()
    assert f'id="accept-{invitation.pk}"' in page
    client.post(reverse("facilitation:my_answer", args=[invitation.pk]), {"answer": "accept"})
    row = Participation.objects.get(pk=invitation.pk)
    assert (row.status, row.answer_channel, row.answer_recorded_by) == (
        "enrolled",
        "kurasi",
        producer,
    )
    page = client.get(reverse("facilitation:my_plan")).content.decode()
    assert f'id="accept-{invitation.pk}"' not in page


def test_another_producer_cannot_answer_the_invitation(client_for, other_producer, invitation):
    url = reverse("facilitation:my_answer", args=[invitation.pk])
    assert client_for(other_producer).post(url, {"answer": "decline"}).status_code == 404
    assert Participation.objects.get(pk=invitation.pk).status == "invited"
