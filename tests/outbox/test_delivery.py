"""Messages go by the producer's channel, and nothing is "sent" without a delivery."""

import html

import pytest
from django.conf import settings
from django.core import mail

from kurasi.audit.models import AuditEvent
from kurasi.outbox.models import DELIVERED, Channel, Kind, Message, State

from .conftest import verify_url


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def verify(client, application, commit_callbacks, decision="verified", note=""):
    with commit_callbacks(execute=True):
        return client.post(
            verify_url(application), {"decision": decision, "note": note}, follow=True
        )


@pytest.mark.parametrize(
    ("situation", "channel", "state"),
    [
        ("email", Channel.EMAIL, State.EMAILED),
        ("owner_email", Channel.EMAIL, State.EMAILED),
        ("whatsapp", Channel.WHATSAPP, State.WHATSAPP_WAITING),
        ("no_whatsapp", Channel.PRINT, State.PRINT_WAITING),
        ("landline", Channel.PRINT, State.PRINT_WAITING),
        ("nothing", Channel.NONE, State.UNREACHABLE),
    ],
)
def test_verification_result_goes_by_the_producers_channel(
    client_for,
    field_officer,
    business_with,
    submitted_for,
    situation,
    channel,
    state,
    django_capture_on_commit_callbacks,
):
    application = submitted_for(business_with(situation))

    verify(client_for(field_officer), application, django_capture_on_commit_callbacks)

    message = Message.objects.get()
    assert (message.kind, message.channel, message.state) == (
        Kind.VERIFICATION_RESULT,
        channel,
        state,
    )
    assert len(mail.outbox) == (1 if channel == Channel.EMAIL else 0)


def test_phone_only_producer_flash_says_the_message_waits_in_the_whatsapp_list(
    client_for, field_officer, business_with, submitted_for, django_capture_on_commit_callbacks
):
    application = submitted_for(business_with("whatsapp"))
    client = english(client_for(field_officer))

    page = client.get(verify_url(application))
    assert "will wait in the office's WhatsApp list" in html.unescape(page.content.decode())
    response = verify(client, application, django_capture_on_commit_callbacks)

    text = html.unescape(response.content.decode())
    assert "The message waits in the WhatsApp list" in text
    assert "sent to the producer" not in text
    assert mail.outbox == []


def test_unreachable_producer_flash_says_so(
    client_for, admin_user, business_with, submitted_for, django_capture_on_commit_callbacks
):
    application = submitted_for(business_with("nothing"))
    response = verify(
        english(client_for(admin_user)), application, django_capture_on_commit_callbacks
    )
    assert "cannot be reached: there is no phone or email" in html.unescape(
        response.content.decode()
    )


def test_message_is_written_in_the_offices_language_whatever_the_officers_page(
    client_for, field_officer, business_with, submitted_for, django_capture_on_commit_callbacks
):
    application = submitted_for(business_with("whatsapp"), name="Keripik Tempe")
    verify(
        english(client_for(field_officer)),
        application,
        django_capture_on_commit_callbacks,
        decision="incomplete",
        note="Foto buram.",
    )
    body = Message.objects.get().body
    assert "belum lengkap" in body
    assert "Keripik Tempe" in body
    assert "Foto buram." in body


def test_email_the_server_refuses_is_failed_with_the_error_class_only(
    settings,
    client_for,
    field_officer,
    business_with,
    submitted_for,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "tests.outbox.failing_mail.RefusingBackend"
    application = submitted_for(business_with("email"))

    verify(client_for(field_officer), application, django_capture_on_commit_callbacks)

    message = Message.objects.get()
    assert message.state == State.EMAIL_FAILED
    assert message.error == "SMTPRecipientsRefused"
    assert "ani@" not in message.error
    assert message.handled_by is None


def test_queued_email_is_not_emailed_before_the_task_ran(
    client_for, field_officer, business_with, submitted_for, django_capture_on_commit_callbacks
):
    application = submitted_for(business_with("email"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client_for(field_officer).post(verify_url(application), {"decision": "verified"})
    assert Message.objects.get().state == State.EMAIL_QUEUED
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert Message.objects.get().state == State.EMAILED
    assert len(mail.outbox) == 1


def test_no_message_is_in_a_delivered_state_without_a_delivery(
    settings,
    client_for,
    field_officer,
    business_with,
    submitted_for,
    django_capture_on_commit_callbacks,
):
    """Every contact situation, with a working and a refusing mail server: a delivered state
    only where the mail server took an email (there is an email in the outbox for it)."""
    for situation in ("email", "owner_email", "whatsapp", "no_whatsapp", "landline", "nothing"):
        verify(
            client_for(field_officer),
            submitted_for(business_with(situation), name=f"Produk {situation}"),
            django_capture_on_commit_callbacks,
        )
    settings.EMAIL_BACKEND = "tests.outbox.failing_mail.RefusingBackend"
    verify(
        client_for(field_officer),
        submitted_for(business_with("email"), name="Produk gagal"),
        django_capture_on_commit_callbacks,
    )
    delivered = Message.objects.filter(state__in=DELIVERED)
    assert sorted(delivered.values_list("state", flat=True)) == [State.EMAILED, State.EMAILED]
    assert {m.to[0] for m in mail.outbox} == {"ani@contoh.test", "pemilik@contoh.test"}
    assert Message.objects.filter(state=State.WHATSAPP_SENT).count() == 0
    # Nothing an officer did not mark: no WhatsApp or printed message has a handler.
    assert not AuditEvent.objects.filter(action__startswith="outbox.").exists()
