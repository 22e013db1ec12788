"""Messages to people: email through a background task, WhatsApp as click-to-chat links.

Offices reach producers on WhatsApp; Kurasi prepares the message and the staff member sends it
from their own phone, so no WhatsApp API account is needed.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from .phone import whatsapp_number


@task()
def send_email(*, to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def queue_email(*, to: str, subject: str, body: str) -> None:
    """Send after the current transaction commits, so a rolled-back change sends nothing."""
    if not to:
        return
    transaction.on_commit(lambda: send_email.enqueue(to=to, subject=subject, body=body))


def whatsapp_link(phone_e164: str, message: str) -> str | None:
    number = whatsapp_number(phone_e164)
    return f"https://wa.me/{number}?text={quote(message)}" if number else None


def whatsapp_share_link(message: str) -> str:
    """Click-to-chat without a number: WhatsApp asks whom to send the message to (an invitation
    link, where Kurasi knows only the person's email)."""
    return f"https://wa.me/?text={quote(message)}"
