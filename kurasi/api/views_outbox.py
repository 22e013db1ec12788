"""The office's outbox for its admins and field officers (curators 403, another office 404):
every message to producers with its channel and state, and the officer's mark on one message
(the page's service: sent by WhatsApp, printed, cannot reach, or another channel; audited)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kurasi.outbox import services
from kurasi.outbox.forms import OutboxFilterForm
from kurasi.outbox.models import Channel, Kind, Message, State
from kurasi.outbox.views import OUTBOX_ROLES

from .base import OfficeView
from .errors import Conflict
from .lists import checked_query, choice_filter
from .schema import Error
from .serializers_outbox import MarkInput, MessageSerializer

OUTBOX_FILTERS = [
    choice_filter("state", State.values),
    choice_filter("channel", Channel.values),
    choice_filter("kind", Kind.values),
]


def messages_of(organisation):
    return Message.objects.filter(organisation=organisation).select_related(
        "business", "handled_by"
    )


class MessageList(OfficeView):
    """The office's messages to producers, newest first, filtered like the outbox page."""

    scope_area = "outbox"
    serializer_class = MessageSerializer

    @extend_schema(parameters=OUTBOX_FILTERS, responses=MessageSerializer(many=True))
    def get(self, request, org_slug):
        organisation = self.membership(*OUTBOX_ROLES).organisation
        form = OutboxFilterForm(checked_query(request, OUTBOX_FILTERS))
        listed = form.filter(messages_of(organisation)).order_by("-created_at", "-id")
        return self.paginated(listed, MessageSerializer)


class MessageMark(OfficeView):
    """Record what happened to one message, as on the WhatsApp list: only a message still in a
    state that allows the mark changes (409 otherwise, e.g. marked sent by someone else)."""

    scope_area = "outbox"
    serializer_class = MessageSerializer

    @extend_schema(
        request=MarkInput,
        responses={
            200: MessageSerializer,
            409: OpenApiResponse(Error, "The message's state does not allow this mark."),
        },
    )
    def post(self, request, org_slug, pk):
        organisation = self.membership(*OUTBOX_ROLES).organisation
        message = get_object_or_404(messages_of(organisation), pk=pk)
        body = MarkInput(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            message = services.mark(
                actor=request.user,
                message=message,
                action=body.validated_data["action"],
                note=body.validated_data.get("note", ""),
            )
        except DjangoValidationError as error:
            if hasattr(error, "error_dict"):
                raise ValidationError(error.message_dict) from error
            raise Conflict(" ".join(error.messages)) from error
        return Response(MessageSerializer(messages_of(organisation).get(pk=message.pk)).data)
