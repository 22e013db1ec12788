"""Invitations to nominees go through the office that nominated them: the message lands in that
office's outbox (its WhatsApp worklist), the office sees its nominees' places at the organiser's
exhibition and records the producer's answer; the organiser sees who answered and how. An office
never sees another office's nominees."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kurasi.audit.models import AuditEvent
from kurasi.exhibitions import invitations
from kurasi.exhibitions.models import Allocation, AllocationStatus
from kurasi.exhibitions.services import run_allocation
from kurasi.lib.answers import AnswerRecord, Channel
from kurasi.nominations.models import CallOffice
from kurasi.outbox.models import Kind, Message, State

from . import nominees

lists = nominees.lists  # the offices' lists (a fixture)

PHONE = "+6281377700123"


@pytest.fixture
def invited(client_for, province, province_admin, banten_expo, tangsel, tangerang, lists):
    """The province allocates and invites from its pages; Tangsel's bag maker is on WhatsApp."""
    business = tangsel.app("bag").product.business
    business.phone, business.phone_is_whatsapp, business.email = PHONE, True, ""
    business.save(update_fields=["phone", "phone_is_whatsapp", "email"])
    client = client_for(province_admin)
    client.post(reverse("exhibitions:allocate", args=[province.slug, banten_expo.pk]))
    response = client.post(reverse("exhibitions:invite", args=[province.slug, banten_expo.pk]))
    assert response.status_code == 302
    return Allocation.objects.get(exhibition=banten_expo, application=tangsel.app("bag"))


def _places_url(call_office, office=None):
    slug = (office or call_office.office).slug
    return reverse("nominations:office_places", args=[slug, call_office.pk])


def _answer_url(call_office, allocation, office=None):
    slug = (office or call_office.office).slug
    return reverse("nominations:office_record_answer", args=[slug, call_office.pk, allocation.pk])


def test_the_invitation_lands_in_the_nominating_offices_outbox(
    invited, province, tangsel, tangerang
):
    assert invited.status == AllocationStatus.INVITED
    message = Message.objects.get(kind=Kind.EXHIBITION_INVITATION, business=invited.business)
    assert message.organisation == tangsel.office
    assert message.state == State.WHATSAPP_WAITING  # the office's WhatsApp worklist
    assert tangsel.office.name in message.body
    assert "Banten Trade Expo" in message.body
    # Every nominee's invitation went through its own office; none through the province.
    sent = Message.objects.filter(kind=Kind.EXHIBITION_INVITATION)
    assert not sent.filter(organisation=province).exists()
    assert sent.filter(organisation=tangerang.office).exists()
    passed_on = AuditEvent.objects.filter(action="nomination.invitation_passed_on")
    assert set(passed_on.values_list("organisation", flat=True)) == {
        tangsel.office.pk,
        tangerang.office.pk,
    }


def test_the_organisers_page_has_no_whatsapp_link_to_a_nominee(
    client_for, invited, province, province_admin, banten_expo
):
    html = client_for(province_admin).get(banten_expo.get_absolute_url()).content.decode()
    assert f'id="allocation-{invited.pk}"' in html
    assert "wa.me" not in html


def test_the_office_sees_its_nominees_places_with_its_whatsapp_link(
    client_for, invited, call_tangsel, tangsel, tangerang
):
    response = client_for(tangsel.officer).get(_places_url(call_tangsel))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="place-{invited.pk}"' in html
    assert 'data-status="invited"' in html
    assert "wa.me/6281377700123" in html
    # Only its own nominees.
    assert tangerang.app("carving").product.name not in html


def test_the_office_records_the_producers_answer_and_the_organiser_sees_it(
    client_for, invited, call_tangsel, tangsel, province, province_admin, call
):
    client = client_for(tangsel.officer)
    assert client.get(_answer_url(call_tangsel, invited)).status_code == 200
    response = client.post(
        _answer_url(call_tangsel, invited),
        {
            "answer": "yes",
            "answered_by": "Ibu Sari, pemilik",
            "channel": "whatsapp",
            "answered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    invited.refresh_from_db()
    assert invited.status == AllocationStatus.CONFIRMED
    assert invited.answered_by == "Ibu Sari, pemilik"
    assert invited.answer_recorded_by == tangsel.officer
    # The office's own trail keeps it too (who answered and how; never the note).
    event = AuditEvent.objects.get(action="nomination.answer_recorded")
    assert event.organisation == tangsel.office
    assert event.changes["answered_by"] == [None, "Ibu Sari, pemilik"]
    organiser = reverse("nominations:organiser_nominations", args=[province.slug, call.pk])
    html = client_for(province_admin).get(organiser).content.decode()
    assert "Ibu Sari, pemilik" in html
    assert "WhatsApp" in html


def test_another_office_cannot_see_or_answer_for_the_nominees(
    client_for, invited, call_tangsel, tangsel, tangerang, call_tangerang
):
    client = client_for(tangerang.admin)
    # Tangsel's list, under Tangsel's address or its own: 404.
    assert client.get(_places_url(call_tangsel)).status_code == 404
    assert client.get(_places_url(call_tangsel, tangerang.office)).status_code == 404
    # Through its own call office, Tangsel's nominee's place does not exist.
    assert client.post(_answer_url(call_tangerang, invited)).status_code == 404
    invited.refresh_from_db()
    assert invited.status == AllocationStatus.INVITED


def test_the_organiser_cannot_use_the_offices_pages(
    client_for, invited, call_tangsel, province, province_admin
):
    client = client_for(province_admin)
    assert client.get(_places_url(call_tangsel)).status_code == 404
    assert client.get(_places_url(call_tangsel, province)).status_code == 404


def test_the_offices_curator_is_refused(client_for, invited, call_tangsel, tangsel):
    client = client_for(tangsel.curator)
    assert client.get(_places_url(call_tangsel)).status_code == 403
    assert client.get(_answer_url(call_tangsel, invited)).status_code == 403


def test_the_offices_admin_reads_the_places(client_for, invited, call_tangsel, tangsel):
    assert client_for(tangsel.admin).get(_places_url(call_tangsel)).status_code == 200


def test_a_decline_recorded_by_the_office_gives_the_place_to_the_waiting_list(
    client_for, province_admin, banten_expo, call, lists
):
    """One booth, no minimums: the best nominee is invited; she declines by phone to her
    office, and the next on the waiting list is invited through its own office in turn."""
    banten_expo.booth_types.filter(label="Kuliner").delete()
    banten_expo.booth_types.update(count=1)
    CallOffice.objects.filter(call=call).update(minimum=0)
    run_allocation(actor=province_admin, exhibition=banten_expo)
    invitations.send_invitations(actor=province_admin, exhibition=banten_expo)
    first = Allocation.objects.get(exhibition=banten_expo, status=AllocationStatus.INVITED)
    office = first.application.nominations.get().call_office
    response = client_for(office.office.memberships.filter(role="admin").get().user).post(
        _answer_url(office, first),
        {
            "answer": "no",
            "answered_by": "Pak Budi",
            "channel": "phone",
            "answered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "confirm_decline": "on",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == AllocationStatus.DECLINED
    second = Allocation.objects.get(exhibition=banten_expo, status=AllocationStatus.INVITED)
    sender = second.application.nominations.get().call_office.office
    message = Message.objects.get(kind=Kind.EXHIBITION_INVITATION, business=second.business)
    assert message.organisation == sender


def test_the_exhibitor_list_gives_a_nominees_phone_only_once_she_confirmed(
    client_for, invited, province, province_admin, banten_expo, tangsel
):
    business = invited.business
    business.consent_given_at = timezone.now()
    business.save(update_fields=["consent_given_at"])
    url = reverse("exhibitions:exhibitors_xlsx", args=[province.slug, banten_expo.pk])

    def cells():
        sheet = load_workbook(io.BytesIO(client_for(province_admin).get(url).content)).active
        return " ".join(str(c.value) for row in sheet.iter_rows() for c in row)

    listed = cells()
    assert business.name in listed
    assert "0813-7770-0123" not in listed
    invitations.respond(
        actor=tangsel.officer,
        allocation=invited,
        accept=True,
        for_producer=True,
        record=AnswerRecord(
            answered_by="Ibu Sari", channel=Channel.PHONE, answered_at=timezone.now()
        ),
    )
    assert "0813-7770-0123" in cells()
