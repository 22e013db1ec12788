"""A mail backend whose server refuses every message (set as EMAIL_BACKEND in a test)."""

from smtplib import SMTPRecipientsRefused

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        # The real exception carries the address; the outbox must keep only the class.
        raise SMTPRecipientsRefused({m.to[0]: (550, b"no such user") for m in email_messages})
