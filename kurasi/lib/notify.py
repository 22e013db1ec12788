"""Messages to people: email through a background task, WhatsApp as click-to-chat links.

Offices reach producers on WhatsApp; Kurasi prepares the message and the staff member sends it
from their own phone, so no WhatsApp API account is needed.
"""

import uuid
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import task

from kurasi.worker.effects import already_done, record_done

from .phone import whatsapp_number


@task()
def send_email(*, to: str, subject: str, body: str, key: str = "") -> str:
    """Send one email. `key` names this message (queue_email makes one): a task run again after
    its worker was killed finds the email recorded as sent and sends nothing (kurasi/worker)."""
    effect = f"email:{key}"
    if key and already_done(effect):
        return "already sent"
    headers = {"Message-ID": f"<{key}@{urlsplit(settings.SITE_URL).hostname}>"} if key else None
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers).send()
    if key:
        record_done(effect)
    return "sent"


def queue_email(*, to: str, subject: str, body: str) -> None:
    """Send after the current transaction commits, so a rolled-back change sends nothing."""
    if not to:
        return
    key = uuid.uuid4().hex
    transaction.on_commit(lambda: send_email.enqueue(to=to, subject=subject, body=body, key=key))


def whatsapp_link(phone_e164: str, message: str) -> str | None:
    number = whatsapp_number(phone_e164)
    return f"https://wa.me/{number}?text={quote(message)}" if number else None


def whatsapp_share_link(message: str) -> str:
    """Click-to-chat without a number: WhatsApp asks whom to send the message to (an invitation
    link, where Kurasi knows only the person's email)."""
    return f"https://wa.me/?text={quote(message)}"
