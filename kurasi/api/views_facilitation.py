"""Facilitation as on its pages: the office's legality gap lists, facilitation programmes and
their participants, for admins and field officers (curators are refused, another office's staff
get 404). A participant's status changes through the page's StatusForm and
`facilitation.services.change_status`, with its transaction and audit event.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kurasi.facilitation import services
from kurasi.facilitation.forms import LIST_CHOICES, GapFilterForm, StatusForm
from kurasi.facilitation.models import ParticipationStatus
from kurasi.facilitation.views import STAFF_ROLES, gap_data
from kurasi.facilitation.views_programmes import (
    get_participation,
    get_programme,
    participations_of,
    programmes_with_counts,
)

from .base import OfficeView
from .forms import form_errors
from .lists import choice_param, status_counts
from .serializers_facilitation import (
    FacilitationProgrammeDetailSerializer,
    FacilitationProgrammeSerializer,
    GapRowSerializer,
    ParticipationSerializer,
    ParticipationStatusInput,
)

GAP_FILTERS = [
    OpenApiParameter(
        "list", str, enum=[code for code, _label in LIST_CHOICES], description="Default: halal."
    ),
    OpenApiParameter("district", str, description="Kemendagri district code, e.g. 36.74.01."),
    OpenApiParameter("group", int, description="Product group id."),
    OpenApiParameter("on", OpenApiTypes.DATE, description="Judge by the rules of this day."),
    OpenApiParameter("mandatory", bool, description="Mandatory requirements only."),
]
STATUS_FILTER = OpenApiParameter("status", str, enum=ParticipationStatus.values)


class GapList(OfficeView):
    """One of the office's gap lists (halal, SNI, NIB, P-IRT), mandatory needs first."""

    scope_area = "facilitation"
    serializer_class = GapRowSerializer

    @extend_schema(parameters=GAP_FILTERS, responses=GapRowSerializer(many=True))
    def get(self, request, org_slug):
        organisation = self.membership(*STAFF_ROLES).organisation
        form = GapFilterForm(organisation, request.query_params)
        # The page shows the default list for a bad filter; a program is told instead.
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        return self.paginated(gap_data(organisation, form)["rows"], GapRowSerializer)


class FacilitationProgrammeList(OfficeView):
    """The office's facilitation programmes with participants and done counts, latest first."""

    scope_area = "facilitation"
    serializer_class = FacilitationProgrammeSerializer

    @extend_schema(responses=FacilitationProgrammeSerializer(many=True))
    def get(self, request, org_slug):
        organisation = self.membership(*STAFF_ROLES).organisation
        # The model's ordering, spelled out: Django drops Meta.ordering from grouped queries.
        programmes = programmes_with_counts(organisation)
        return self.paginated(programmes, FacilitationProgrammeSerializer)


class FacilitationProgrammeDetail(OfficeView):
    scope_area = "facilitation"
    serializer_class = FacilitationProgrammeDetailSerializer

    def get(self, request, org_slug, pk):
        membership, programme = get_programme(request.user, org_slug, pk, *STAFF_ROLES)
        programme = programmes_with_counts(membership.organisation).get(pk=programme.pk)
        programme.participations_by_status = status_counts(
            programme.participations.all(), ParticipationStatus
        )
        return Response(FacilitationProgrammeDetailSerializer(programme).data)


class ParticipationList(OfficeView):
    """A programme's participants in the page's order (business name)."""

    scope_area = "facilitation"
    serializer_class = ParticipationSerializer

    @extend_schema(parameters=[STATUS_FILTER], responses=ParticipationSerializer(many=True))
    def get(self, request, org_slug, programme_id):
        _membership, programme = get_programme(request.user, org_slug, programme_id, *STAFF_ROLES)
        participations = participations_of(programme).order_by("business__name", "id")
        status = choice_param(request, "status", ParticipationStatus)
        if status:
            participations = participations.filter(status=status)
        return self.paginated(participations, ParticipationSerializer)


def participation_in(request, org_slug, programme_id, pk):
    """The page's lookup (office and role), then the programme named in the address."""
    _membership, participation = get_participation(request.user, org_slug, pk)
    if participation.programme_id != programme_id:
        raise Http404
    return participation


def cleaned_status(participation, body):
    """The page's StatusForm over the body, with the page's rules."""
    form = StatusForm(
        {"status": body.validated_data["status"], "note": body.validated_data.get("note", "")},
        participation=participation,
    )
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form.cleaned_data


class ParticipationDetail(OfficeView):
    """One participant; PATCH moves them to another status, with an optional outcome note."""

    scope_area = "facilitation"
    serializer_class = ParticipationSerializer

    def get(self, request, org_slug, programme_id, pk):
        participation = participation_in(request, org_slug, programme_id, pk)
        return Response(ParticipationSerializer(participation).data)

    @extend_schema(request=ParticipationStatusInput, responses={200: ParticipationSerializer})
    def patch(self, request, org_slug, programme_id, pk):
        participation = participation_in(request, org_slug, programme_id, pk)
        body = ParticipationStatusInput(data=request.data)
        body.is_valid(raise_exception=True)
        cleaned = cleaned_status(participation, body)
        participation = services.change_status(
            actor=request.user,
            participation=participation,
            status=cleaned["status"],
            note=cleaned["note"],
        )
        return Response(ParticipationSerializer(participation).data)
