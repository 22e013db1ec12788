"""An answer to an invitation, and how it reached the office: who answered, by which channel,
when, with a note, and which person entered it.

Most producers answer by phone, WhatsApp or at the office, not in Kurasi. Staff record such an
answer for them with the same rules as the producer's own (deadline, waiting list); the
producer's own answer fills the same record (channel "kurasi"). Exhibition places (Allocation),
facilitation invitations (Participation) and curation-day slots (SlotAnswer) carry it through
the abstract model `RecordedAnswer`.

The record never holds a phone number: who answered is a name as said ("Ibu Sari, pemilik"),
and the audit trail gets the channel and that name, never the note.
"""

import dataclasses
import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Channel(models.TextChoices):
    PHONE = "phone", gettext_lazy("Phone call")
    WHATSAPP = "whatsapp", gettext_lazy("WhatsApp")
    IN_PERSON = "in_person", gettext_lazy("In person")
    KURASI = "kurasi", gettext_lazy("The producer in Kurasi")


# The channels by which staff record an answer given to them (Kurasi is the producer's own).
STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.KURASI]

# Seven digits in a row (spaces, dots and dashes between them allowed) read as a phone number.
PHONE_LIKE = re.compile(r"(?:\d[\s.\-]?){7,}")


class RecordedAnswer(models.Model):
    """The latest answer's record on the row it answers (an allocation, a participation, a
    slot's answer). Empty until someone answers."""

    responded_at = models.DateTimeField(gettext_lazy("answered at"), null=True, blank=True)
    answered_by = models.CharField(gettext_lazy("who answered"), max_length=120, blank=True)
    answer_channel = models.CharField(
        gettext_lazy("how they answered"), max_length=10, choices=Channel.choices, blank=True
    )
    answer_note = models.CharField(gettext_lazy("note on the answer"), max_length=500, blank=True)
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("answer entered by"),
    )
    answer_recorded_at = models.DateTimeField(
        gettext_lazy("answer entered at"), null=True, blank=True
    )

    ANSWER_FIELDS = [
        "responded_at",
        "answered_by",
        "answer_channel",
        "answer_note",
        "answer_recorded_by",
        "answer_recorded_at",
    ]

    class Meta:
        abstract = True

    @property
    def recorded_by_staff(self):
        return bool(self.answer_channel) and self.answer_channel != Channel.KURASI

    def keep_answer(self, record, *, actor, now):
        """Copy `record` (an AnswerRecord) onto the row; the caller saves ANSWER_FIELDS."""
        self.responded_at = record.answered_at
        self.answered_by = record.answered_by
        self.answer_channel = record.channel
        self.answer_note = record.note
        self.answer_recorded_by = actor
        self.answer_recorded_at = now


@dataclasses.dataclass(frozen=True)
class AnswerRecord:
    """How an answer reached the office. `answered_at`: when the producer gave it."""

    answered_by: str
    channel: str
    answered_at: dt.datetime
    note: str = ""

    @classmethod
    def own(cls, user, now):
        """The producer answering in Kurasi themself, now."""
        return cls(answered_by=user.full_name or str(user), channel=Channel.KURASI, answered_at=now)

    def check(self, *, now, not_before=None):
        """Refuse an answer time in the future, or before the invitation it answers."""
        if self.answered_at > now:
            raise ValidationError(
                {"answered_at": _("The answer cannot be given in the future.")}, code="future"
            )
        # The form's time has whole minutes: an answer in the invitation's minute is after it.
        if not_before is not None and self.answered_at < not_before.replace(
            second=0, microsecond=0
        ):
            raise ValidationError(
                {"answered_at": _("The answer cannot come before the invitation was sent.")},
                code="before_invitation",
            )

    def audit_changes(self, **more):
        """What the audit trail keeps of the record: never the note (it may carry contacts)."""
        return {
            "answer_channel": [None, self.channel],
            "answered_by": [None, self.answered_by],
            "responded_at": [None, self.answered_at.isoformat()],
            **more,
        }


def check_who(name: str) -> str:
    """The name of who answered, as said; a phone number is refused (it must not reach the
    audit trail, which keeps this name)."""
    name = " ".join(name.split())
    if PHONE_LIKE.search(name):
        raise ValidationError(
            _("Write the name of who answered (e.g. Ibu Sari, owner), not a phone number."),
            code="phone",
        )
    return name
