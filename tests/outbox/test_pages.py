"""The outbox and its worklists: who may see them, the officer's marks (audited), and a list
that costs the same number of queries for 1 message as for 30."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.outbox.models import Channel, Kind, Message, State
from kurasi.outbox.services import deliver
from tests.factories import BusinessFactory

ORG = "disperindag-tangsel"
PAGES = ["list", "whatsapp", "print", "failed"]


def url(name, *args):
    return reverse(f"outbox:{name}", args=[ORG, *args])


def waiting(organisation, **business):
    """A message to a producer with WhatsApp and no email: it waits in the WhatsApp list."""
    business = BusinessFactory(
        organisation=organisation,
        email="",
        phone=business.pop("phone", "+6281234567001"),
        **business,
    )
    return deliver(
        organisation=organisation,
        business=business,
        kind=Kind.VERIFICATION_RESULT,
        subject="Hasil pemeriksaan",
        body="Halo Bu Ani, pendaftaran Keripik Tempe sudah lengkap.",
    )


def text(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
@pytest.mark.parametrize("page", PAGES)
def test_outbox_pages_allowed_to_admin_and_field_officer(client_for, request, persona, page):
    waiting(request.getfixturevalue("organisation"))
    response = client_for(request.getfixturevalue(persona)).get(url(page))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
@pytest.mark.parametrize("page", PAGES)
def test_outbox_pages_refused(client_for, request, organisation, persona, status, page):
    waiting(organisation)
    assert client_for(request.getfixturevalue(persona)).get(url(page)).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_mark_refused_and_message_stays_waiting(client_for, request, organisation, persona, status):
    message = waiting(organisation)
    response = client_for(request.getfixturevalue(persona)).post(
        url("mark", message.pk), {"action": "whatsapp_sent", "back": "whatsapp"}
    )
    assert response.status_code == status
    assert Message.objects.get(pk=message.pk).state == State.WHATSAPP_WAITING


def test_another_offices_message_is_not_found(client_for, admin_user, other_organisation):
    message = waiting(other_organisation)
    response = client_for(admin_user).post(
        url("mark", message.pk), {"action": "whatsapp_sent", "back": "whatsapp"}
    )
    assert response.status_code == 404
    assert Message.objects.get(pk=message.pk).state == State.WHATSAPP_WAITING


def test_worklist_shows_masked_phone_prefilled_link_and_text(
    client_for, field_officer, organisation
):
    message = waiting(organisation, name="Keripik Bu Ani", owner_name="Ani Suryani")
    content = text(client_for(field_officer).get(url("whatsapp")))
    assert "Keripik Bu Ani" in content
    assert "Ani Suryani" in content
    assert "0812****7001" in content
    assert message.body in content
    assert 'href="https://wa.me/6281234567001?text=Halo%20Bu%20Ani%2C' in content
    # The number appears only inside the click-to-chat link, never as text on the page.
    assert content.count("6281234567001") == 1
    assert "0812-3456-7001" not in content


def test_mark_sent_records_the_officer_time_and_an_audit_event(
    client_for, field_officer, organisation
):
    message = waiting(organisation)
    other = waiting(organisation, phone="+6281234567002")
    client = client_for(field_officer)

    response = client.post(url("mark", message.pk), {"action": "whatsapp_sent", "back": "whatsapp"})

    assert response.status_code == 302
    assert response.url == url("whatsapp")
    message.refresh_from_db()
    assert message.state == State.WHATSAPP_SENT
    assert message.handled_by == field_officer
    assert message.handled_at is not None
    event = AuditEvent.objects.get(action="outbox.whatsapp_sent")
    assert event.actor == field_officer
    assert event.object_id == str(message.pk)
    assert event.changes == {"state": ["whatsapp_waiting", "whatsapp_sent"]}
    # A message nobody marked stays in the list.
    assert Message.objects.get(pk=other.pk).state == State.WHATSAPP_WAITING
    content = text(client.get(url("whatsapp")))
    assert f'id="message-{other.pk}"' in content
    assert f'id="message-{message.pk}"' not in content


def test_mark_sent_twice_is_refused_the_second_time(client_for, field_officer, organisation):
    message = waiting(organisation)
    client = client_for(field_officer)
    client.post(url("mark", message.pk), {"action": "whatsapp_sent", "back": "whatsapp"})
    client.post(url("mark", message.pk), {"action": "whatsapp_sent", "back": "whatsapp"})
    assert AuditEvent.objects.filter(action="outbox.whatsapp_sent").count() == 1


def test_cannot_reach_needs_a_note(client_for, admin_user, organisation):
    message = waiting(organisation)
    client = client_for(admin_user)
    client.post(url("mark", message.pk), {"action": "unreachable", "note": " ", "back": "whatsapp"})
    assert Message.objects.get(pk=message.pk).state == State.WHATSAPP_WAITING

    client.post(
        url("mark", message.pk),
        {"action": "unreachable", "note": "Nomor tidak aktif", "back": "whatsapp"},
    )
    message.refresh_from_db()
    assert message.state == State.UNREACHABLE
    assert message.note == "Nomor tidak aktif"
    assert AuditEvent.objects.get(action="outbox.unreachable").reason == "Nomor tidak aktif"


def test_print_list_marks_printed(client_for, field_officer, organisation):
    business = BusinessFactory(organisation=organisation, email="", phone_is_whatsapp=False)
    message = deliver(
        organisation=organisation,
        business=business,
        kind=Kind.RESULT_LETTER,
        subject="Hasil kurasi",
        body="Surat hasil kurasi sudah siap.",
    )
    client = client_for(field_officer)
    assert message.channel == Channel.PRINT
    assert "Surat hasil kurasi sudah siap." in text(client.get(url("print")))
    client.post(url("mark", message.pk), {"action": "printed", "back": "print"})
    message.refresh_from_db()
    assert message.state == State.PRINTED
    assert message.handled_by == field_officer


def test_failed_email_can_go_to_the_whatsapp_list(client_for, admin_user, organisation):
    business = BusinessFactory(organisation=organisation, email="", phone="+6281234567009")
    message = Message.objects.create(
        organisation=organisation,
        business=business,
        kind=Kind.REMINDER,
        subject="Pengingat",
        body="Pengingat",
        channel=Channel.EMAIL,
        state=State.EMAIL_FAILED,
        to_email="salah@contoh.test",
        error="SMTPRecipientsRefused",
    )
    client = client_for(admin_user)
    assert "SMTPRecipientsRefused" in text(client.get(url("failed")))
    client.post(url("mark", message.pk), {"action": "to_whatsapp", "back": "failed"})
    message.refresh_from_db()
    assert message.state == State.WHATSAPP_WAITING
    assert message.to_phone == "+6281234567009"


def test_list_filters_by_state_and_counts_each_state(client_for, admin_user, organisation):
    waiting(organisation)
    unreachable = deliver(
        organisation=organisation,
        business=BusinessFactory(organisation=organisation, email="", phone=""),
        kind=Kind.REMINDER,
        subject="Pengingat",
        body="Pengingat",
    )
    response = client_for(admin_user).get(url("list"), {"state": "unreachable"})
    assert list(response.context["page"].object_list) == [unreachable]
    counts = {state: n for state, _label, n in response.context["counts"]}
    assert counts["unreachable"] == 1
    assert counts["whatsapp_waiting"] == 1
    assert counts["emailed"] == 0


def test_list_export_leaves_contacts_out(client_for, admin_user, organisation):
    message = waiting(organisation)
    response = client_for(admin_user).get(url("export", "csv"))
    content = b"".join(response.streaming_content).decode()
    assert message.subject in content
    assert "6281234567001" not in content
    assert AuditEvent.objects.filter(action="list.exported").exists()


def test_outbox_list_and_worklist_query_count_does_not_grow(
    client_for, field_officer, organisation
):
    waiting(organisation)
    client = client_for(field_officer)
    few = {}
    for page in ("list", "whatsapp"):
        with CaptureQueriesContext(connection) as captured:
            client.get(url(page))
        few[page] = len(captured)
    for n in range(30):
        waiting(organisation, phone=f"+628123450{n:04d}")
    for page in ("list", "whatsapp"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(page))
        assert len(response.context["page"].object_list) > 1
        assert len(captured) == few[page], page


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_dashboard_links_the_outbox_with_the_number_waiting(
    client_for, request, organisation, persona
):
    waiting(organisation)
    waiting(organisation, phone="+6281234567002")
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("insights:organisation_dashboard", args=[ORG])
    )
    assert response.context["outbox_waiting"] == 2
    assert url("whatsapp") in response.content.decode()
