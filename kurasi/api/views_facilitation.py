"""Facilitation as on its pages: the office's legality gap lists, facilitation programmes and
their participants, for admins and field officers (curators are refused, another office's staff
get 404).

Writes go through the pages' forms and `facilitation.services`, with their transaction and audit
event: admins create and change programmes (ProgrammeForm, `save_programme`) and add
participants (`add_participants`, as the page's participant list); admins and field officers
change a participant's status (StatusForm, `change_status`) and record the certificate obtained
(CompleteForm, `complete_with_certificate`).
"""

import functools

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status as http
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kurasi.accounts.models import Role
from kurasi.facilitation import services
from kurasi.facilitation.forms import (
    LIST_CHOICES,
    CompleteForm,
    GapFilterForm,
    ProgrammeForm,
    StatusForm,
)
from kurasi.facilitation.models import FacilitationProgramme, ParticipationStatus
from kurasi.facilitation.views import STAFF_ROLES, gap_data
from kurasi.facilitation.views_programmes import (
    get_participation,
    get_programme,
    participations_of,
    programmes_with_counts,
)
from kurasi.lib.concurrency import StaleEdit
from kurasi.registry.models import Business

from .base import OfficeView
from .concurrency import (
    ETAG_HEADER,
    IF_MATCH,
    STALE,
    if_match,
    sent_revision,
    stale_response,
    with_etag,
)
from .errors import Conflict
from .forms import bound_form, changed_fields, form_errors, parse_body, with_certificate_type_id
from .lists import (
    bool_param,
    checked_query,
    choice_filter,
    choice_param,
    date_param,
    district_param,
    id_param,
    status_counts,
)
from .schema import Error
from .serializers_facilitation import (
    CompleteInput,
    FacilitationProgrammeDetailSerializer,
    FacilitationProgrammeInput,
    FacilitationProgrammeSerializer,
    GapRowSerializer,
    ParticipantsAddedSerializer,
    ParticipantsInput,
    ParticipationSerializer,
    ParticipationStatusInput,
)

GAP_FILTERS = [
    choice_filter("list", [code for code, _label in LIST_CHOICES], "Default: halal."),
    district_param(),
    id_param("group", "Product group id."),
    date_param("on", "Judge by the rules of this day."),
    bool_param("mandatory", "Mandatory requirements only."),
]
STATUS_FILTER = OpenApiParameter("status", str, enum=ParticipationStatus.values)


class GapList(OfficeView):
    """One of the office's gap lists (halal, SNI, NIB, P-IRT), mandatory needs first."""

    scope_area = "facilitation"
    serializer_class = GapRowSerializer

    @extend_schema(parameters=GAP_FILTERS, responses=GapRowSerializer(many=True))
    def get(self, request, org_slug):
        organisation = self.membership(*STAFF_ROLES).organisation
        # The page shows the default list for a bad filter; a program is told instead (400),
        # and a well-formed group or district that is not the office's matches nothing.
        form = GapFilterForm(organisation, checked_query(request, GAP_FILTERS))
        rows = gap_data(organisation, form)["rows"] if form.is_valid() else []
        return self.paginated(rows, GapRowSerializer)


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

    @extend_schema(
        request=FacilitationProgrammeInput,
        responses={201: FacilitationProgrammeDetailSerializer},
    )
    def post(self, request, org_slug):
        """Create a programme (admins), as the page's "new programme" form."""
        organisation = self.membership(Role.ADMIN).organisation
        payload = programme_form_data(request, organisation)
        form = ProgrammeForm(
            organisation, payload, instance=FacilitationProgramme(organisation=organisation)
        )
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        programme = services.save_programme(
            actor=request.user, programme=form.save(commit=False), fields=list(form.changed_data)
        )
        data = FacilitationProgrammeDetailSerializer(programme_detail(organisation, programme))
        return Response(data.data, status=http.HTTP_201_CREATED)


def programme_form_data(request, organisation, *, partial=False) -> dict:
    payload = parse_body(FacilitationProgrammeInput, request, partial=partial)
    return with_certificate_type_id(payload, organisation, "target_type")


def programme_detail(organisation, programme):
    """The programme with its participant counts, by status too."""
    programme = programmes_with_counts(organisation).get(pk=programme.pk)
    programme.participations_by_status = status_counts(
        programme.participations.all(), ParticipationStatus
    )
    return programme


class FacilitationProgrammeDetail(OfficeView):
    scope_area = "facilitation"
    serializer_class = FacilitationProgrammeDetailSerializer

    @extend_schema(parameters=[ETAG_HEADER])
    def get(self, request, org_slug, pk):
        membership, programme = get_programme(request.user, org_slug, pk, *STAFF_ROLES)
        detail = programme_detail(membership.organisation, programme)
        return with_etag(Response(FacilitationProgrammeDetailSerializer(detail).data), programme)

    @extend_schema(
        request=FacilitationProgrammeInput(partial=True),
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={200: FacilitationProgrammeDetailSerializer, 412: STALE},
    )
    def patch(self, request, org_slug, pk):
        """Change a programme (admins): the fields sent, cleaned by ProgrammeForm and saved by
        `save_programme`, as the programme's edit page does."""
        membership, programme = get_programme(request.user, org_slug, pk, Role.ADMIN)
        organisation = membership.organisation
        payload = if_match(request, programme_form_data(request, organisation, partial=True))
        form = bound_form(
            functools.partial(ProgrammeForm, organisation), payload, instance=programme
        )
        try:
            programme = services.save_programme(
                actor=request.user,
                programme=form.save(commit=False),
                fields=changed_fields(form, payload),
            )
        except StaleEdit as stale:
            return stale_response(stale, form, payload)
        detail = programme_detail(organisation, programme)
        return with_etag(Response(FacilitationProgrammeDetailSerializer(detail).data), programme)


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

    @extend_schema(
        request=ParticipantsInput,
        responses={
            201: ParticipantsAddedSerializer,
            409: OpenApiResponse(Error, "The programme's quota would be exceeded; none added."),
        },
    )
    def post(self, request, org_slug, programme_id):
        """Invite or enrol producers (admins), as the page's participant list: ids of another
        office's businesses are ignored; none of the office's is a 400."""
        membership, programme = get_programme(request.user, org_slug, programme_id, Role.ADMIN)
        body = ParticipantsInput(data=request.data)
        body.is_valid(raise_exception=True)
        ids = body.validated_data["businesses"]
        businesses = list(
            Business.objects.for_organisation(membership.organisation).filter(pk__in=ids)
        )
        if not businesses:
            raise ValidationError({"businesses": [_("Choose at least one producer.")]})
        status = (
            ParticipationStatus.ENROLLED
            if body.validated_data["action"] == "enrol"
            else ParticipationStatus.INVITED
        )
        try:
            rows = services.add_participants(
                actor=request.user, programme=programme, businesses=businesses, status=status
            )
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages)) from error
        added_ids = {row.business_id for row in rows}
        added = participations_of(programme).filter(business_id__in=added_ids)
        result = {
            "added": added.order_by("business__name", "id"),
            "not_added": sorted(set(ids) - added_ids),
        }
        return Response(ParticipantsAddedSerializer(result).data, status=http.HTTP_201_CREATED)


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

    @extend_schema(parameters=[ETAG_HEADER])
    def get(self, request, org_slug, programme_id, pk):
        participation = participation_in(request, org_slug, programme_id, pk)
        return with_etag(Response(ParticipationSerializer(participation).data), participation)

    @extend_schema(
        request=ParticipationStatusInput,
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={200: ParticipationSerializer, 412: STALE},
    )
    def patch(self, request, org_slug, programme_id, pk):
        participation = participation_in(request, org_slug, programme_id, pk)
        revision = sent_revision(request)
        body = ParticipationStatusInput(data=request.data)
        body.is_valid(raise_exception=True)
        cleaned = cleaned_status(participation, body)
        try:
            participation = services.change_status(
                actor=request.user,
                participation=participation,
                status=cleaned["status"],
                note=cleaned["note"],
                revision=revision,
            )
        except StaleEdit as stale:
            shown = {"status": stale.current.get_status_display()}
            return stale_response(stale, stored=shown)
        return with_etag(Response(ParticipationSerializer(participation).data), participation)


class ParticipationDone(OfficeView):
    """Done with the certificate obtained, as the page's "done" form: the certificate is
    recorded in the registry (which closes the gap) and the participant is done."""

    scope_area = "facilitation"
    serializer_class = ParticipationSerializer

    @extend_schema(
        request=CompleteInput,
        responses={
            200: ParticipationSerializer,
            409: OpenApiResponse(
                Error, "The programme leads to no certificate, or the participant is done."
            ),
        },
    )
    def post(self, request, org_slug, programme_id, pk):
        participation = participation_in(request, org_slug, programme_id, pk)
        form = CompleteForm(participation.business, parse_body(CompleteInput, request))
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        try:
            services.complete_with_certificate(
                actor=request.user,
                participation=participation,
                **form.cleaned_data,  # number, issued_on, expires_on, product
            )
        except DjangoValidationError as error:
            raise refusal(error, form) from error
        participation = participations_of(participation.programme).get(pk=participation.pk)
        return Response(ParticipationSerializer(participation).data)


def refusal(error, form):
    """The service's refusal: a field's value (400, as the page shows it by the field) or the
    participation's state (409)."""
    if not hasattr(error, "error_dict"):
        return Conflict(" ".join(error.messages))
    return ValidationError(
        {
            (name if name in form.fields else "non_field_errors"): messages
            for name, messages in error.message_dict.items()
        }
    )
