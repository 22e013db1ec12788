"""Declining an exhibition place asks for confirmation, and can be undone until the deadline
while the place has not gone to the waiting list (issue 17). A decline refills at once; the undo
takes back only a place still free, and says so when it is gone."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.exhibitions.invitations import send_invitations
from kurasi.exhibitions.models import Allocation
from kurasi.exhibitions.services import run_allocation

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(admin_user, producer, exhibition):
    """Siti's bag invited to the one booth; Budi's bag waits."""
    run_allocation(actor=admin_user, exhibition=exhibition)
    send_invitations(actor=admin_user, exhibition=exhibition, notify=False)
    return Allocation.objects.get(business__owner=producer)


@pytest.fixture
def alone(admin_user, producer, other_producer, exhibition):
    """Two booths: both bags invited, nobody waiting (a declined place stays free)."""
    exhibition.booth_types.update(count=2)
    run_allocation(actor=admin_user, exhibition=exhibition)
    send_invitations(actor=admin_user, exhibition=exhibition, notify=False)
    return Allocation.objects.get(business__owner=producer)


def decline_url(allocation):
    return reverse("exhibitions:my_decline", args=[allocation.pk])


def undo_url(allocation):
    return reverse("exhibitions:my_undo", args=[allocation.pk])


def staff_undo_url(allocation):
    e = allocation.exhibition
    return reverse("exhibitions:undo_decline", args=[e.organisation.slug, e.pk, allocation.pk])


def status(allocation):
    return Allocation.objects.get(pk=allocation.pk).status


def test_decline_is_never_one_tap(client_for, producer, invited):
    client = client_for(producer)
    response = client.post(
        reverse("exhibitions:my_respond", args=[invited.pk]), {"answer": "decline"}
    )
    assert response.status_code == 302
    assert response.url == decline_url(invited)
    assert status(invited) == "invited"


def test_decline_confirmation_page_says_what_happens_and_needs_the_box(
    client_for, producer, other_producer, invited
):
    client = client_for(producer)
    page = client.get(decline_url(invited)).content.decode()
    assert 'id="decline-consequence"' in page
    assert "daftar tunggu" in page  # what declining does, in the producer's language
    response = client.post(decline_url(invited), {})
    assert response.status_code == 200
    assert 'id="id_confirm_decline_error"' in response.content.decode()
    assert status(invited) == "invited"

    client.post(decline_url(invited), {"confirm_decline": "on"})

    assert status(invited) == "declined"
    assert Allocation.objects.get(business__owner=other_producer).status == "invited"
    assert AuditEvent.objects.filter(action="exhibition.declined", actor=producer).exists()


def test_undo_takes_back_a_place_still_free(client_for, producer, alone):
    client = client_for(producer)
    client.post(decline_url(alone), {"confirm_decline": "on"})
    assert status(alone) == "declined"
    page = client.get(reverse("exhibitions:my_exhibitions")).content.decode()
    assert f'id="undo-{alone.pk}"' in page

    client.post(undo_url(alone))

    place = Allocation.objects.get(pk=alone.pk)
    assert (place.status, place.booth_type.label) == ("invited", "Standar")
    assert (place.responded_at, place.answer_channel) == (None, "")
    assert place.deadline == alone.deadline  # the same deadline: the producer now confirms
    event = AuditEvent.objects.get(action="exhibition.decline_undone")
    assert (event.actor, event.changes["status"]) == (producer, ["declined", "invited"])
    assert event.changes["answer_channel"] == [None, "kurasi"]


def test_undo_refused_once_the_waiting_list_took_the_place(
    client_for, producer, other_producer, invited
):
    client = client_for(producer)
    client.post(decline_url(invited), {"confirm_decline": "on"})
    assert Allocation.objects.get(business__owner=other_producer).status == "invited"
    page = client.get(reverse("exhibitions:my_exhibitions")).content.decode()
    assert f'id="undo-{invited.pk}"' not in page
    assert f'id="gone-{invited.pk}"' in page  # said clearly, nothing offered

    response = client.post(undo_url(invited), follow=True)

    assert "sudah diberikan kepada urutan berikutnya" in response.content.decode()
    assert status(invited) == "declined"
    assert not AuditEvent.objects.filter(action="exhibition.decline_undone").exists()


def test_undo_refused_after_the_deadline(client_for, producer, alone):
    client = client_for(producer)
    client.post(decline_url(alone), {"confirm_decline": "on"})
    Allocation.objects.filter(pk=alone.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    page = client.get(reverse("exhibitions:my_exhibitions")).content.decode()
    assert f'id="undo-{alone.pk}"' not in page

    response = client.post(undo_url(alone), follow=True)

    assert "Batas waktu menjawab sudah lewat" in response.content.decode()
    assert status(alone) == "declined"


def test_another_producer_can_neither_decline_nor_undo(client_for, producer, other_producer, alone):
    other = client_for(other_producer)
    assert other.get(decline_url(alone)).status_code == 404
    assert other.post(decline_url(alone), {"confirm_decline": "on"}).status_code == 404
    assert status(alone) == "invited"
    client_for(producer).post(decline_url(alone), {"confirm_decline": "on"})
    assert other.post(undo_url(alone)).status_code == 404
    assert status(alone) == "declined"


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_staff_record_an_undo_asked_by_phone(request, client_for, producer, persona, alone):
    client_for(producer).post(decline_url(alone), {"confirm_decline": "on"})
    staff = request.getfixturevalue(persona)
    client = client_for(staff)
    page = client.get(alone.exhibition.get_absolute_url()).content.decode()
    assert f'id="undo-decline-{alone.pk}"' in page
    assert client.get(staff_undo_url(alone)).status_code == 200
    # Who asked is a name, never a phone number.
    response = client.post(
        staff_undo_url(alone), {"answered_by": "0812 3456 7890", "channel": "phone"}
    )
    assert response.status_code == 200
    assert status(alone) == "declined"

    response = client.post(
        staff_undo_url(alone), {"answered_by": "Ibu Siti, pemilik", "channel": "whatsapp"}
    )

    assert response.status_code == 302
    assert status(alone) == "invited"
    event = AuditEvent.objects.get(action="exhibition.decline_undone")
    assert event.actor == staff
    assert event.changes["answer_channel"] == [None, "whatsapp"]
    assert event.changes["answered_by"] == [None, "Ibu Siti, pemilik"]


def test_staff_undo_says_when_the_place_is_gone(
    client_for, admin_user, producer, other_producer, invited
):
    client_for(producer).post(decline_url(invited), {"confirm_decline": "on"})
    response = client_for(admin_user).post(
        staff_undo_url(invited), {"answered_by": "Ibu Siti", "channel": "phone"}
    )
    assert response.status_code == 200
    assert 'id="undo-refused"' in response.content.decode()
    assert status(invited) == "declined"


def test_staff_undo_refused_to_curators_producers_and_another_office(
    client_for, curator, producer, outsider, alone
):
    client_for(producer).post(decline_url(alone), {"confirm_decline": "on"})
    data = {"answered_by": "Ibu Siti", "channel": "phone"}
    assert client_for(curator).post(staff_undo_url(alone), data).status_code == 403
    assert client_for(producer).post(staff_undo_url(alone), data).status_code == 404
    assert client_for(outsider).post(staff_undo_url(alone), data).status_code == 404
    assert status(alone) == "declined"


def test_undo_of_a_place_not_declined_is_refused(client_for, admin_user, producer, alone):
    response = client_for(producer).post(undo_url(alone), follow=True)
    assert "tidak ada yang perlu dibatalkan" in response.content.decode()
    assert client_for(admin_user).get(staff_undo_url(alone)).status_code == 302
    assert status(alone) == "invited"
