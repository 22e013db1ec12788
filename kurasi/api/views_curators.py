"""Curators' product groups and conflicts of interest, as on their pages.

Admins read the office's curators with their groups and set a curator's groups through the
page's CuratorGroupsForm and `set_curator_groups` (kurasi/curation/views_curators.py). Conflicts
are declared and withdrawn by the curator themself, as on the conflicts page (ConflictForm,
`declare_conflict`, `withdraw_conflict`); admins read the office's declared conflicts, as the
assignment page shows them.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status as http
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kurasi.accounts.models import Role
from kurasi.curation import services_assignment as assigning
from kurasi.curation.forms_curators import CuratorGroupsForm
from kurasi.curation.forms_day import ConflictForm
from kurasi.curation.models import ConflictOfInterest
from kurasi.curation.services_curators import (
    curator_rows,
    office_conflicts,
    office_groups,
    set_curator_groups,
)

from .base import OfficeView
from .forms import form_errors, parse_body
from .serializers_curators import (
    ConflictInput,
    ConflictSerializer,
    CuratorGroupsInput,
    CuratorSerializer,
)


class CuratorList(OfficeView):
    """The office's curators (by name) with their product groups and declared conflicts."""

    scope_area = "curation"
    serializer_class = CuratorSerializer

    @extend_schema(responses=CuratorSerializer(many=True))
    def get(self, request, org_slug):
        organisation = self.membership(Role.ADMIN).organisation
        return self.paginated(curator_rows(organisation), CuratorSerializer)


class CuratorGroups(OfficeView):
    """One curator's product groups; PUT replaces them, as the curators' product groups page."""

    scope_area = "curation"
    serializer_class = CuratorSerializer

    def curator(self, user_id):
        organisation = self.membership(Role.ADMIN).organisation
        return organisation, get_object_or_404(curator_rows(organisation), pk=user_id)

    def get(self, request, org_slug, user_id):
        _organisation, curator = self.curator(user_id)
        return Response(CuratorSerializer(curator).data)

    @extend_schema(request=CuratorGroupsInput, responses={200: CuratorSerializer})
    def put(self, request, org_slug, user_id):
        organisation, curator = self.curator(user_id)
        form = CuratorGroupsForm(
            parse_body(CuratorGroupsInput, request), groups=list(office_groups(organisation))
        )
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        try:
            set_curator_groups(
                actor=request.user,
                organisation=organisation,
                curator=curator,
                groups=form.cleaned_data["groups"],
            )
        except DjangoValidationError as error:
            raise ValidationError({"groups": error.messages}) from error
        curator = curator_rows(organisation).get(pk=curator.pk)
        return Response(CuratorSerializer(curator).data)


class ConflictList(OfficeView):
    """A curator's own declared conflicts (admins: every curator's in the office)."""

    scope_area = "curation"
    serializer_class = ConflictSerializer

    @extend_schema(responses=ConflictSerializer(many=True))
    def get(self, request, org_slug):
        membership = self.membership(Role.ADMIN, Role.CURATOR)
        conflicts = office_conflicts(membership.organisation)
        if membership.role == Role.CURATOR:
            conflicts = conflicts.filter(curator=request.user)
        return self.paginated(conflicts, ConflictSerializer)

    @extend_schema(
        request=ConflictInput,
        responses={201: ConflictSerializer, 200: ConflictSerializer},
        description="The caller (a curator) declares a relation with a business of the office; "
        "declaring again changes the relation (200).",
    )
    def post(self, request, org_slug):
        organisation = self.membership(Role.CURATOR).organisation
        form = ConflictForm(parse_body(ConflictInput, request), organisation=organisation)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        existed = ConflictOfInterest.objects.filter(
            curator=request.user, business=form.cleaned_data["business"]
        ).exists()
        try:
            conflict = assigning.declare_conflict(actor=request.user, **form.cleaned_data)
        except DjangoValidationError as error:
            raise ValidationError({"relation": error.messages}) from error
        conflict = office_conflicts(organisation).get(pk=conflict.pk)
        status = http.HTTP_200_OK if existed else http.HTTP_201_CREATED
        return Response(ConflictSerializer(conflict).data, status=status)


class ConflictDetail(OfficeView):
    """One of the caller's own declarations; DELETE withdraws it."""

    scope_area = "curation"
    serializer_class = ConflictSerializer

    def conflict(self, pk):
        membership = self.membership(Role.CURATOR)
        own = office_conflicts(membership.organisation).filter(curator=self.request.user)
        return get_object_or_404(own, pk=pk)

    def get(self, request, org_slug, pk):
        return Response(ConflictSerializer(self.conflict(pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, org_slug, pk):
        assigning.withdraw_conflict(actor=request.user, conflict=self.conflict(pk))
        return Response(status=http.HTTP_204_NO_CONTENT)
