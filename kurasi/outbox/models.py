"""One message to a producer: what it says, the channel chosen for it and what happened to it."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kurasi.lib.phone import mask_phone


class Kind(models.TextChoices):
    REGISTRATION_RECEIVED = "registration_received", _("Registration received")
    VERIFICATION_RESULT = "verification_result", _("Verification result")
    CURATION_SLOT = "curation_slot", _("Curation-day slot")
    RESULT_LETTER = "result_letter", _("Result letter")
    APPEAL_ANSWER = "appeal_answer", _("Answer to an appeal")
    EXHIBITION_INVITATION = "exhibition_invitation", _("Exhibition invitation")
    FACILITATION_INVITATION = "facilitation_invitation", _("Facilitation invitation")
    NOMINATION_CONSENT = "nomination_consent", _("Consent to share with an organiser")
    REMINDER = "reminder", _("Reminder")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")
    PRINT = "print", _("Printed or by phone")
    NONE = "none", _("None")


class State(models.TextChoices):
    EMAIL_QUEUED = "email_queued", _("Email queued")
    EMAILED = "emailed", _("Emailed")
    EMAIL_FAILED = "email_failed", _("Email bounced or failed")
    WHATSAPP_WAITING = "whatsapp_waiting", _("To send by WhatsApp")
    WHATSAPP_SENT = "whatsapp_sent", _("Sent by WhatsApp")
    PRINT_WAITING = "print_waiting", _("To print or phone")
    PRINTED = "printed", _("Printed or phoned")
    UNREACHABLE = "unreachable", _("Cannot reach")


# States in which the office still has to do something for the message to reach the producer.
WAITING = (State.WHATSAPP_WAITING, State.PRINT_WAITING, State.EMAIL_FAILED)
# States that say the message reached (or was handed to) the producer. Only `deliver`'s email
# task (after the mail server took it) and an officer's mark lead here.
DELIVERED = (State.EMAILED, State.WHATSAPP_SENT, State.PRINTED)


class Message(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="outbox_messages",
        verbose_name=_("organisation"),
    )
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("business"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    # The text as the producer reads it, in the office's language (Bahasa Indonesia by default).
    body = models.TextField(_("message"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    # The address or number the message went (or goes) to, as it was when the message was made.
    # Shown masked on pages, never put in a Kurasi URL or a log line.
    to_email = models.EmailField(_("email"), blank=True)
    to_phone = models.CharField(_("phone"), max_length=16, blank=True)
    # What the message is about ("reminder:exhibition:12"): a message with a source is made once.
    source = models.CharField(_("source"), max_length=120, blank=True)
    # Names the email for the task ledger, so a task run twice sends it once (kurasi/worker).
    email_key = models.CharField(
        _("email key"), max_length=32, default="", blank=True, editable=False
    )
    # The class of the exception when sending the email failed (no message text: it may hold
    # the address).
    error = models.CharField(_("error"), max_length=120, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    # Who marked it sent, printed or unreachable, and when; the mail server's answer for email.
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-created_at", "-id"], name="outbox_newest_idx"),
            models.Index(fields=["organisation", "state"], name="outbox_state_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source"],
                condition=~models.Q(source=""),
                name="outbox_one_message_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=State.values), name="outbox_state_known"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="outbox_channel_known"
            ),
            # A message counts as sent by WhatsApp or printed only with the officer who did it.
            models.CheckConstraint(
                condition=~models.Q(state__in=["whatsapp_sent", "printed"])
                | models.Q(handled_at__isnull=False),
                name="outbox_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.business or '—'}"

    def save(self, *args, **kwargs):
        if not self.email_key:
            self.email_key = uuid.uuid4().hex
        super().save(*args, **kwargs)

    @property
    def phone_masked(self):
        return mask_phone(self.to_phone)

    @property
    def email_masked(self):
        name, _at, domain = self.to_email.partition("@")
        return f"{name[:2]}•••@{domain}" if domain else ""

    @property
    def is_waiting(self):
        return self.state in WAITING


def state_counts(organisation) -> dict:
    """{state: number of the office's messages in it}, in one query."""
    rows = (
        Message.objects.filter(organisation=organisation)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def waiting_count(organisation) -> int:
    """Messages the office still has to send by hand (WhatsApp, print or phone, failed email)."""
    counts = state_counts(organisation)
    return sum(counts.get(state, 0) for state in WAITING)
