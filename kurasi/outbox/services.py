"""Delivering messages to producers by the channel they have, and the officers' marks.

`deliver` is the one way Kurasi sends a producer anything. It records a `Message` and chooses the
channel from the contact details on record: email when there is an address (the background task
marks it emailed once the mail server took it, or failed), otherwise WhatsApp for a mobile number
that has it (the message waits in the office's WhatsApp worklist), otherwise print or phone, and
otherwise "cannot reach". `summary` says in one sentence what happened, for the page's message.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kurasi.audit.services import record_event
from kurasi.lib.phone import whatsapp_number

from .models import Channel, Message, State


@contextmanager
def producer_language(organisation):
    """Write the message in the language the producer reads: the office's (Indonesian unless
    the office chose otherwise), whatever language the officer's page is in."""
    with translation.override(getattr(organisation, "default_language", "") or "id"):
        yield


def contact_of(business) -> tuple[str, str]:
    """The email and phone to reach the business by: its own, or its owner account's."""
    if business is None:
        return "", ""
    owner = business.owner if business.owner_id else None
    email = business.email or (owner.email if owner and owner.email else "")
    phone = business.phone or (owner.phone if owner and owner.phone else "")
    return email, phone


def channel_for(business) -> tuple[str, str, str, str]:
    """(channel, first state, email, phone) for a message to this business."""
    email, phone = contact_of(business)
    if email:
        return Channel.EMAIL, State.EMAIL_QUEUED, email, phone
    if phone and business.phone_is_whatsapp and whatsapp_number(phone):
        return Channel.WHATSAPP, State.WHATSAPP_WAITING, "", phone
    if phone:
        return Channel.PRINT, State.PRINT_WAITING, "", phone
    return Channel.NONE, State.UNREACHABLE, "", ""


@transaction.atomic
def deliver(*, organisation, business, kind, subject, body, actor=None, source="") -> Message:
    """Record a message to the producer and start its delivery by the producer's channel.

    With a `source` the message is made once: a second call with the same source returns the
    first message unchanged. Side effects: one Message row; for email, a background task after
    commit that sends it and records emailed or failed (kurasi.outbox.tasks.send_message).
    """
    if source:
        existing = Message.objects.filter(organisation=organisation, source=source).first()
        if existing is not None:
            return existing
    channel, state, email, phone = channel_for(business)
    message = Message(
        organisation=organisation,
        business=business,
        kind=kind,
        subject=str(subject)[:200],
        body=str(body),
        channel=channel,
        state=state,
        to_email=email,
        to_phone=phone,
        source=source,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        if not source:
            raise
        # Made at the same moment by another process (the reminders run twice): keep theirs.
        return Message.objects.get(organisation=organisation, source=source)
    if channel == Channel.EMAIL:
        from .tasks import send_message

        transaction.on_commit(lambda: send_message.enqueue(message_id=message.pk))
    return message


def record_email_result(message_id: int, *, error: str = "") -> None:
    """The email task's answer: emailed, or failed with the exception's class (no text)."""
    now = timezone.now()
    values = {"handled_at": now, "updated_at": now}
    if error:
        values.update(state=State.EMAIL_FAILED, error=error[:120])
    else:
        values.update(state=State.EMAILED, error="")
    # Only a queued email moves: an officer may already have taken the message over.
    Message.objects.filter(pk=message_id, state=State.EMAIL_QUEUED).update(**values)


# What an officer may do to a message in each state, and the state it leads to.
MARKS = {
    "whatsapp_sent": ({State.WHATSAPP_WAITING}, State.WHATSAPP_SENT),
    "printed": ({State.PRINT_WAITING}, State.PRINTED),
    "unreachable": (
        {State.WHATSAPP_WAITING, State.PRINT_WAITING, State.EMAIL_FAILED},
        State.UNREACHABLE,
    ),
    "to_whatsapp": ({State.EMAIL_FAILED, State.PRINT_WAITING}, State.WHATSAPP_WAITING),
    "to_print": ({State.EMAIL_FAILED, State.WHATSAPP_WAITING}, State.PRINT_WAITING),
}


@transaction.atomic
def mark(*, actor, message: Message, action: str, note: str = "", now=None) -> Message:
    """An officer records what happened: sent by WhatsApp, printed (or read out by phone),
    cannot reach (with a note), or moves a message to another channel. Refused with
    ValidationError when the message is no longer in a state that allows it (someone else
    marked it first). Side effects: state, officer and time saved; audit event."""
    allowed, target = MARKS[action]
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.state not in allowed:
        raise ValidationError(
            _("This message is already marked “%(state)s”.")
            % {"state": message.get_state_display()}
        )
    if target == State.UNREACHABLE and not note.strip():
        raise ValidationError({"note": [_("Write why the producer cannot be reached.")]})
    if target == State.WHATSAPP_WAITING:
        phone = message.to_phone or contact_of(message.business)[1]
        if not whatsapp_number(phone):
            raise ValidationError(_("There is no WhatsApp number for this producer."))
        message.to_phone = phone
        message.channel = Channel.WHATSAPP
    elif target == State.PRINT_WAITING:
        message.channel = Channel.PRINT
    before = message.state
    message.state = target
    message.note = note.strip()[:300]
    if target in (State.WHATSAPP_SENT, State.PRINTED, State.UNREACHABLE):
        message.handled_by = actor
        message.handled_at = now or timezone.now()
    message.save(
        update_fields=[
            "state",
            "channel",
            "to_phone",
            "note",
            "handled_by",
            "handled_at",
            "updated_at",
        ]
    )
    record_event(
        actor=actor,
        action=f"outbox.{action}",
        obj=message,
        organisation=message.organisation,
        changes={"state": [before, target]},
        reason=message.note,
    )
    return message


def how_it_will_go(business) -> str:
    """Before saving: by which channel a message to this producer will go."""
    return {
        Channel.EMAIL: _("The producer gets the message by email."),
        Channel.WHATSAPP: _(
            "The producer has no email: the message will wait in the office's WhatsApp list "
            "until someone sends it."
        ),
        Channel.PRINT: _(
            "The producer has no email or WhatsApp: the message will wait in the outbox to be "
            "printed or read out by phone."
        ),
        Channel.NONE: _(
            "There is no phone or email for this producer: the message cannot be delivered. "
            "Add a contact to the business first."
        ),
    }[channel_for(business)[0]]


def summary(message: Message | None) -> str:
    """One honest sentence on what happened to the message, for the page that made it."""
    if message is None:
        return ""
    if message.pk:
        message.refresh_from_db(fields=["state"])
    return {
        State.EMAIL_QUEUED: _(
            "The email to the producer is queued; the outbox shows when it has gone."
        ),
        State.EMAILED: _("The message was emailed to the producer."),
        State.EMAIL_FAILED: _(
            "The email to the producer could not be sent: the message waits in the outbox."
        ),
        State.WHATSAPP_WAITING: _(
            "The message waits in the WhatsApp list: send it from there and mark it sent."
        ),
        State.WHATSAPP_SENT: _("The message was sent by WhatsApp."),
        State.PRINT_WAITING: _(
            "The producer has no WhatsApp or email: the message waits in the outbox to be "
            "printed or read out by phone."
        ),
        State.PRINTED: _("The message was printed or read out by phone."),
        State.UNREACHABLE: _("The producer cannot be reached: there is no phone or email."),
    }[message.state]


def summary_of_many(messages) -> str:
    """What happened to several messages at once: "3 emailed, 5 waiting in the WhatsApp list…"."""
    ids = [m.pk for m in messages if m is not None and m.pk]
    counts = {}
    for state in Message.objects.filter(pk__in=ids).values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    parts = []
    for state, phrase in (
        (State.EMAILED, lambda n: ngettext("%(n)d emailed", "%(n)d emailed", n)),
        (State.EMAIL_QUEUED, lambda n: ngettext("%(n)d email queued", "%(n)d emails queued", n)),
        (
            State.EMAIL_FAILED,
            lambda n: ngettext("%(n)d email failed", "%(n)d emails failed", n),
        ),
        (
            State.WHATSAPP_WAITING,
            lambda n: ngettext(
                "%(n)d waiting in the WhatsApp list", "%(n)d waiting in the WhatsApp list", n
            ),
        ),
        (
            State.PRINT_WAITING,
            lambda n: ngettext("%(n)d to print or phone", "%(n)d to print or phone", n),
        ),
        (
            State.UNREACHABLE,
            lambda n: ngettext(
                "%(n)d cannot be reached (no phone or email)",
                "%(n)d cannot be reached (no phone or email)",
                n,
            ),
        ),
    ):
        if counts.get(state):
            parts.append(phrase(counts[state]) % {"n": counts[state]})
    if not parts:
        return _("No messages to producers.")
    return _("Messages to producers: %(parts)s.") % {"parts": ", ".join(parts)}
