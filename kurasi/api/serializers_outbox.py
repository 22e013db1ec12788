"""The outbox as the API shows it: contacts masked, as on the page."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kurasi.lib.notify import whatsapp_link
from kurasi.outbox.models import Channel, Kind, Message, State
from kurasi.outbox.services import MARKS


class MessageSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    state = serializers.ChoiceField(
        choices=State.choices,
        help_text="emailed: the mail server took it; whatsapp_sent and printed: an officer "
        "marked it (handled_by, handled_at). No other state means the producer has it.",
    )
    business_name = serializers.SerializerMethodField()
    phone_masked = serializers.CharField(help_text="Enough to tell numbers apart, not to call.")
    email_masked = serializers.CharField()
    handled_by = serializers.SerializerMethodField()
    whatsapp_url = serializers.SerializerMethodField(
        help_text="Click-to-chat with the text prefilled, while the message waits to be sent "
        "by WhatsApp; null otherwise."
    )

    class Meta:
        model = Message
        fields = [
            "id",
            "created_at",
            "business_id",
            "business_name",
            "kind",
            "subject",
            "body",
            "channel",
            "state",
            "phone_masked",
            "email_masked",
            "error",
            "note",
            "handled_by",
            "handled_at",
            "whatsapp_url",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_business_name(self, message):
        return message.business.name if message.business else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_handled_by(self, message):
        return message.handled_by.full_name if message.handled_by else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_whatsapp_url(self, message):
        if message.state != State.WHATSAPP_WAITING:
            return None
        return whatsapp_link(message.to_phone, message.body)


class MarkInput(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=list(MARKS),
        help_text="whatsapp_sent (you sent it from your phone), printed (handed over or read "
        "out by phone), unreachable (with a note), to_whatsapp or to_print (another channel).",
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="Why the producer cannot be reached (required for unreachable).",
    )
