"""Answers given by phone, WhatsApp or in person, recorded by staff as on the pages' "Record
answer": an exhibition invitation, a facilitation invitation, a curation-day slot.

Admins and field officers (who make those calls); curators are refused, another office's staff
get 404. The body is AnswerInput (who, how, when, note); the services apply the producer's own
rules: the deadline judged at the time they answered, a decline refilling from the waiting list
or freeing the slot, each atomic and audited (channel and who answered, never the note). A
refusal by the invitation's state (already answered, expired, the session started) is a 409.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kurasi.curation.access_day import DESK
from kurasi.curation.models_answers import SlotAnswer as SlotAnswerModel
from kurasi.curation.models_day import Slot
from kurasi.curation.services_answers import answer_slot
from kurasi.exhibitions import invitations
from kurasi.exhibitions.access import get_exhibition_for_staff
from kurasi.facilitation.services import answer_invitation
from kurasi.facilitation.views_programmes import get_participation, participations_of
from kurasi.programmes.models import Programme

from .base import OfficeView
from .errors import Conflict
from .schema import Error
from .serializers_answers import (
    AnswerInput,
    RecordedAnswerSerializer,
    UndoDeclineInput,
    answer_field,
)
from .serializers_exhibitions import AllocationSerializer
from .serializers_facilitation import ParticipationSerializer
from .views_exhibitions import ALLOCATIONS


def refusal(error):
    """A time that contradicts the invitation is the request's fault (400); the rest is the
    invitation's state (409)."""
    if hasattr(error, "error_dict"):
        return ValidationError(
            {
                name: [m for e in errors for m in e.messages]
                for name, errors in error.error_dict.items()
            }
        )
    return Conflict(" ".join(error.messages))


def answer_body(request) -> AnswerInput:
    body = AnswerInput(data=request.data)
    body.is_valid(raise_exception=True)
    return body


def refused(description):
    return OpenApiResponse(Error, description)


class AllocationAnswer(OfficeView):
    """The producer's answer to their exhibition invitation: true confirms the place, false
    declines it and the next on the waiting list is invited at once."""

    scope_area = "exhibitions"
    serializer_class = AllocationSerializer

    @extend_schema(
        request=AnswerInput,
        responses={
            200: AllocationSerializer,
            409: refused(
                "Not invited (any more), already answered, or answered after the deadline."
            ),
        },
    )
    def post(self, request, org_slug, exhibition_id, pk):
        _membership, exhibition = get_exhibition_for_staff(request.user, org_slug, exhibition_id)
        allocation = get_object_or_404(ALLOCATIONS.filter(exhibition=exhibition), pk=pk)
        body = answer_body(request)
        try:
            invitations.respond(
                actor=request.user,
                allocation=allocation,
                accept=body.validated_data["accept"],
                for_producer=True,
                record=body.record(),
            )
        except DjangoValidationError as error:
            raise refusal(error) from error
        allocation = ALLOCATIONS.select_related("answer_recorded_by").get(pk=pk)
        return Response(AllocationSerializer(allocation).data)


class AllocationUndo(OfficeView):
    """The producer asked (by phone, WhatsApp or in person) to take back a decline: the place is
    theirs again, invited with the same deadline, if the deadline has not passed and the place
    is still free (the waiting list did not take it)."""

    scope_area = "exhibitions"
    serializer_class = AllocationSerializer

    @extend_schema(
        request=UndoDeclineInput,
        responses={
            200: AllocationSerializer,
            409: refused("Not declined, past the deadline, or the place has gone."),
        },
    )
    def post(self, request, org_slug, exhibition_id, pk):
        _membership, exhibition = get_exhibition_for_staff(request.user, org_slug, exhibition_id)
        allocation = get_object_or_404(ALLOCATIONS.filter(exhibition=exhibition), pk=pk)
        body = UndoDeclineInput(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            invitations.undo_decline(
                actor=request.user, allocation=allocation, for_producer=True, record=body.record()
            )
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages)) from error
        allocation = ALLOCATIONS.select_related("answer_recorded_by").get(pk=pk)
        return Response(AllocationSerializer(allocation).data)


class ParticipationAnswer(OfficeView):
    """The producer's answer to a facilitation invitation: true enrols them, false drops them
    (their place in the quota is free)."""

    scope_area = "facilitation"
    serializer_class = ParticipationSerializer

    @extend_schema(
        request=AnswerInput,
        responses={
            200: ParticipationSerializer,
            409: refused("Not invited (any more), already answered, or the programme has ended."),
        },
    )
    def post(self, request, org_slug, programme_id, pk):
        _membership, participation = get_participation(request.user, org_slug, pk)
        if participation.programme_id != programme_id:
            raise Http404
        body = answer_body(request)
        try:
            answer_invitation(
                actor=request.user,
                participation=participation,
                accept=body.validated_data["accept"],
                record=body.record(),
            )
        except DjangoValidationError as error:
            raise refusal(error) from error
        participation = participations_of(participation.programme).get(pk=pk)
        return Response(ParticipationSerializer(participation).data)


class SlotAnswerRecordSerializer(RecordedAnswerSerializer):
    will_come = serializers.BooleanField()


class ScheduledSlotSerializer(serializers.Serializer):
    """A product's place in a curation session's schedule, with its producer's answer."""

    id = serializers.IntegerField()
    session_id = serializers.IntegerField()
    date = serializers.DateField(source="session.date")
    place = serializers.CharField(source="session.place")
    table = serializers.CharField(source="table.name")
    starts_at = serializers.DateTimeField()
    application_id = serializers.IntegerField()
    product_name = serializers.CharField(source="application.product.name")
    business_name = serializers.CharField(source="application.product.business.name")
    answer = serializers.SerializerMethodField(
        help_text="The answer for this slot's time; null when none (a product moved to "
        "another time has not answered for it yet)."
    )

    @extend_schema_field(SlotAnswerRecordSerializer(allow_null=True))
    def get_answer(self, slot):
        answer = self.context["answers"].get((slot.session_id, slot.application_id))
        if answer is None or answer.slot_starts_at != slot.starts_at:
            return None
        return SlotAnswerRecordSerializer(answer).data


class SlotList(OfficeView):
    """The programme's curation-day schedule, every session, soonest first: the slots whose
    producers the office calls, with what each answered."""

    scope_area = "curation"
    serializer_class = ScheduledSlotSerializer

    @extend_schema(responses=ScheduledSlotSerializer(many=True))
    def get(self, request, org_slug, slug):
        organisation = self.membership(*DESK).organisation
        programme = get_object_or_404(Programme.objects.for_organisation(organisation), slug=slug)
        slots = (
            Slot.objects.filter(session__programme=programme)
            .select_related("session", "table", "application__product__business")
            .order_by("starts_at", "table__position", "id")
        )
        answers = {
            (a.session_id, a.application_id): a
            for a in SlotAnswerModel.objects.filter(session__programme=programme).select_related(
                "answer_recorded_by"
            )
        }
        return self.paginated(slots, ScheduledSlotSerializer, answers=answers)


class SlotAnswerSerializer(serializers.Serializer):
    """A product's answer about its curation-day slot."""

    session_id = serializers.IntegerField()
    application_id = serializers.IntegerField()
    product_name = serializers.CharField(source="application.product.name")
    business_name = serializers.CharField(source="application.product.business.name")
    will_come = serializers.BooleanField(
        help_text="false: the slot was freed; the office gives another time by hand."
    )
    slot_starts_at = serializers.DateTimeField(help_text="The slot's time the answer is about.")
    answer = answer_field()


class SlotAnswer(OfficeView):
    """The producer's answer about their curation-day slot, until the session starts: true
    they will come, false they cannot (the slot is freed and the product is not scheduled)."""

    scope_area = "curation"
    serializer_class = SlotAnswerSerializer

    @extend_schema(
        request=AnswerInput,
        responses={
            200: SlotAnswerSerializer,
            409: refused("The session has started, or the slot is no longer on the schedule."),
        },
    )
    def post(self, request, org_slug, slug, pk):
        organisation = self.membership(*DESK).organisation
        programme = get_object_or_404(Programme.objects.for_organisation(organisation), slug=slug)
        slot = get_object_or_404(Slot.objects.filter(session__programme=programme), pk=pk)
        body = answer_body(request)
        try:
            answer = answer_slot(
                actor=request.user,
                slot=slot,
                will_come=body.validated_data["accept"],
                record=body.record(),
            )
        except DjangoValidationError as error:
            raise refusal(error) from error
        return Response(SlotAnswerSerializer(answer).data)
