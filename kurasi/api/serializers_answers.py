"""An answer to an invitation recorded by staff (exhibition place, facilitation invitation,
curation-day slot): the body of the three answer endpoints, and how a recorded answer reads."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from kurasi.lib.answers import STAFF_CHANNELS, AnswerRecord, Channel, check_who


class AnswerInput(serializers.Serializer):
    """What the producer said, and how it reached the office. The same rules apply as when the
    producer answers in Kurasi (deadline, waiting list), judged at `answered_at`."""

    accept = serializers.BooleanField(
        help_text="true: yes (confirms the exhibition place, joins the facilitation programme, "
        "will come to the slot); false: no (the place or slot is freed at once)."
    )
    answered_by = serializers.CharField(
        max_length=120,
        help_text="Who answered, the name as said (e.g. 'Ibu Sari, pemilik'); never a phone "
        "number (it is kept in the audit trail).",
    )
    channel = serializers.ChoiceField(choices=STAFF_CHANNELS, help_text="How they answered.")
    answered_at = serializers.DateTimeField(
        required=False,
        help_text="When the producer answered (default: now); never in the future. The "
        "deadline is judged at this time.",
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate_answered_by(self, value):
        try:
            return check_who(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def validate_answered_at(self, value):
        if value > timezone.now():
            raise serializers.ValidationError(_("The answer cannot be given in the future."))
        return value

    def record(self) -> AnswerRecord:
        data = self.validated_data
        return AnswerRecord(
            answered_by=data["answered_by"],
            channel=Channel(data["channel"]),
            answered_at=data.get("answered_at") or timezone.now(),
            note=data["note"].strip(),
        )


class UndoDeclineInput(serializers.Serializer):
    """Who asked to take back a decline, and how it reached the office (now is the time)."""

    answered_by = serializers.CharField(
        max_length=120,
        help_text="Who asked, the name as said; never a phone number (it is kept in the audit "
        "trail).",
    )
    channel = serializers.ChoiceField(choices=STAFF_CHANNELS, help_text="How they asked.")

    def validate_answered_by(self, value):
        try:
            return check_who(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def record(self) -> AnswerRecord:
        return AnswerRecord(
            answered_by=self.validated_data["answered_by"],
            channel=Channel(self.validated_data["channel"]),
            answered_at=timezone.now(),
        )


class RecordedAnswerSerializer(serializers.Serializer):
    """The latest answer's record, or null when nobody has answered yet."""

    answered_at = serializers.DateTimeField(source="responded_at")
    answered_by = serializers.CharField(help_text="Who answered, as the producer or staff said.")
    channel = serializers.ChoiceField(
        source="answer_channel",
        choices=Channel.choices,
        help_text="kurasi: the producer answered in Kurasi themself.",
    )
    note = serializers.CharField(source="answer_note")
    entered_by = serializers.CharField(
        source="answer_recorded_by.full_name", allow_null=True, help_text="Who entered it."
    )
    entered_at = serializers.DateTimeField(source="answer_recorded_at")

    def to_representation(self, instance):
        return super().to_representation(instance) if instance.answer_channel else None


def answer_field():
    return RecordedAnswerSerializer(source="*", allow_null=True, read_only=True)
