"""Programmes and their applications for the office's registry staff; verification of an
application (the page's rule and service: complete, or incomplete with a note for the producer).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from kurasi.programmes import services
from kurasi.programmes.forms import ApplicationFilterForm
from kurasi.programmes.models import Application, ApplicationStatus, Programme
from kurasi.programmes.views import (
    VERIFIABLE,
    _filtered_applications,
    get_programme_for_staff,
    with_counts,
)
from kurasi.registry.access import REGISTRY_ROLES

from .base import OfficeView
from .lists import checked_query, choice_filter, id_param, text_param
from .serializers_programmes import ApplicationSerializer, ProgrammeSerializer, VerificationInput

APPLICATION_FILTERS = [
    text_param("q", "Product, business or owner name."),
    # Drafts are never listed, so they are no filter either.
    choice_filter("status", [s for s in ApplicationStatus.values if s != ApplicationStatus.DRAFT]),
    id_param("group", "Product group id (one of the programme's)."),
]


def programmes_with_relations(queryset):
    return with_counts(queryset).prefetch_related("product_groups").order_by("-year", "-id")


class ProgrammeList(OfficeView):
    """The office's programmes with their application counts."""

    scope_area = "programmes"
    serializer_class = ProgrammeSerializer

    @extend_schema(responses=ProgrammeSerializer(many=True))
    def get(self, request, org_slug):
        membership = self.membership(*REGISTRY_ROLES)
        programmes = Programme.objects.for_organisation(membership.organisation)
        return self.paginated(programmes_with_relations(programmes), ProgrammeSerializer)


class ProgrammeDetail(OfficeView):
    scope_area = "programmes"
    serializer_class = ProgrammeSerializer

    def get(self, request, org_slug, slug):
        _membership, programme = get_programme_for_staff(request.user, org_slug, slug)
        programme = programmes_with_relations(Programme.objects.filter(pk=programme.pk)).get()
        return Response(ProgrammeSerializer(programme).data)


class ApplicationList(OfficeView):
    """A programme's applications (drafts excluded), filtered like the programme page."""

    scope_area = "programmes"
    serializer_class = ApplicationSerializer

    @extend_schema(parameters=APPLICATION_FILTERS, responses=ApplicationSerializer(many=True))
    def get(self, request, org_slug, slug):
        _membership, programme = get_programme_for_staff(request.user, org_slug, slug)
        query = checked_query(request, APPLICATION_FILTERS)
        form = ApplicationFilterForm(query, programme=programme)
        applications = _filtered_applications(programme, form).select_related("programme")
        # A group the programme does not take matches nothing (the page would ignore it).
        applications = applications.none() if form.errors else applications
        return self.paginated(applications.order_by("-submitted_at", "-id"), ApplicationSerializer)


def get_application_for_staff(request, org_slug, slug, pk, statuses=None):
    _membership, programme = get_programme_for_staff(request.user, org_slug, slug)
    applications = (
        Application.objects.for_programme(programme)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("programme__organisation", "product__group", "product__business__owner")
    )
    if statuses:
        applications = applications.filter(status__in=statuses)
    return get_object_or_404(applications, pk=pk)


class ApplicationDetail(OfficeView):
    scope_area = "programmes"
    serializer_class = ApplicationSerializer

    def get(self, request, org_slug, slug, pk):
        application = get_application_for_staff(request, org_slug, slug, pk)
        return Response(ApplicationSerializer(application).data)


class ApplicationVerification(OfficeView):
    """Record the check of an application; the result goes to the producer by their channel
    (email, or the office's WhatsApp list or print list: see the outbox)."""

    scope_area = "programmes"
    serializer_class = ApplicationSerializer

    @extend_schema(request=VerificationInput, responses={200: ApplicationSerializer})
    def post(self, request, org_slug, slug, pk):
        application = get_application_for_staff(request, org_slug, slug, pk, VERIFIABLE)
        body = VerificationInput(data=request.data)
        body.is_valid(raise_exception=True)
        application = services.verify_application(
            actor=request.user,
            application=application,
            complete=body.validated_data["complete"],
            note=body.validated_data.get("note", ""),
        )
        return Response(ApplicationSerializer(application).data)
