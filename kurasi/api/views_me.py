"""The producer's own records under /api/v1/me/: their businesses, products, applications and
exhibition invitations.

Records are found through the owner (registry access helpers), so another producer's id is
simply not found. The NIK is shown masked, as everywhere outside the office's registry.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from kurasi.exhibitions import invitations
from kurasi.exhibitions.views_files import _own_allocations as own_allocations
from kurasi.programmes import services as programme_services
from kurasi.programmes.models import Application
from kurasi.registry.access import get_business_for_owner
from kurasi.registry.models import Business, Product

from .base import ApiView
from .errors import Conflict
from .schema import Error
from .serializers_exhibitions import InvitationAnswerInput, InvitationSerializer
from .serializers_programmes import ApplicationSerializer
from .serializers_registry import BusinessDetailSerializer, BusinessSerializer, ProductSerializer


class MyBusinessList(ApiView):
    scope_area = "registry"
    schema_tag = "me"
    serializer_class = BusinessSerializer

    @extend_schema(responses=BusinessSerializer(many=True))
    def get(self, request):
        businesses = Business.objects.owned_by(request.user).order_by("name", "id")
        return self.paginated(businesses, BusinessSerializer)


class MyBusinessDetail(ApiView):
    scope_area = "registry"
    schema_tag = "me"
    serializer_class = BusinessDetailSerializer

    def get(self, request, pk):
        business = get_business_for_owner(request.user, pk)
        return Response(BusinessDetailSerializer(business, context={"show_nik": False}).data)


class MyProductList(ApiView):
    scope_area = "registry"
    schema_tag = "me"
    serializer_class = ProductSerializer

    @extend_schema(responses=ProductSerializer(many=True))
    def get(self, request):
        products = (
            Product.objects.filter(business__owner=request.user, business__merged_into=None)
            .select_related("business", "group")
            .prefetch_related("photos")
            .order_by("name", "id")
        )
        return self.paginated(products, ProductSerializer)


def my_applications(user):
    return Application.objects.filter(
        product__business__owner=user, product__business__merged_into=None
    ).select_related("programme__organisation", "product__group", "product__business")


class MyApplicationList(ApiView):
    scope_area = "programmes"
    schema_tag = "me"
    serializer_class = ApplicationSerializer

    @extend_schema(responses=ApplicationSerializer(many=True))
    def get(self, request):
        applications = my_applications(request.user).order_by("-created_at", "-id")
        return self.paginated(applications, ApplicationSerializer)


class MyApplicationSubmit(ApiView):
    """Submit a draft application, under the programme's window, quota and product groups."""

    scope_area = "programmes"
    schema_tag = "me"
    serializer_class = ApplicationSerializer

    @extend_schema(request=None, responses={200: ApplicationSerializer})
    def post(self, request, pk):
        application = get_object_or_404(my_applications(request.user), pk=pk)
        try:
            application = programme_services.submit_application(
                actor=request.user, application=application
            )
        except ValidationError as error:
            raise ValidationError({"non_field_errors": error.messages}) from error
        application = my_applications(request.user).get(pk=application.pk)
        return Response(ApplicationSerializer(application).data)


class MyInvitationList(ApiView):
    """Every place, invitation or waiting-list entry of the caller's businesses, as on
    "My exhibitions", soonest exhibition first."""

    scope_area = "exhibitions"
    schema_tag = "me"
    serializer_class = InvitationSerializer

    @extend_schema(responses=InvitationSerializer(many=True))
    def get(self, request):
        allocations = own_allocations(request.user).order_by("exhibition__starts_on", "id")
        return self.paginated(allocations, InvitationSerializer, now=timezone.now())


class MyInvitationAnswer(ApiView):
    """Confirm or decline an invitation before its deadline; a decline passes the place on to
    the waiting list at once."""

    scope_area = "exhibitions"
    schema_tag = "me"
    serializer_class = InvitationSerializer

    @extend_schema(
        request=InvitationAnswerInput,
        responses={
            200: InvitationSerializer,
            409: OpenApiResponse(Error, "Already answered, closed, or past its deadline."),
        },
    )
    def post(self, request, pk):
        allocation = get_object_or_404(own_allocations(request.user), pk=pk)
        body = InvitationAnswerInput(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            # As the producer's page calls it: the service checks the owner again.
            invitations.respond(
                actor=request.user, allocation=allocation, accept=body.validated_data["accept"]
            )
        except ValidationError as error:
            # Every refusal left is about the invitation's state, not the request.
            raise Conflict(" ".join(error.messages)) from error
        allocation = own_allocations(request.user).get(pk=pk)
        return Response(InvitationSerializer(allocation, context={"now": timezone.now()}).data)


class MyInvitationUndo(ApiView):
    """Take back a decline: until the deadline, and only while the place is still free (a
    decline invites the next on the waiting list at once, who may have taken it)."""

    scope_area = "exhibitions"
    schema_tag = "me"
    serializer_class = InvitationSerializer

    @extend_schema(
        request=None,
        responses={
            200: InvitationSerializer,
            409: OpenApiResponse(Error, "Not declined, past the deadline, or the place has gone."),
        },
    )
    def post(self, request, pk):
        allocation = get_object_or_404(own_allocations(request.user), pk=pk)
        try:
            invitations.undo_decline(actor=request.user, allocation=allocation)
        except ValidationError as error:
            raise Conflict(" ".join(error.messages)) from error
        allocation = own_allocations(request.user).get(pk=pk)
        return Response(InvitationSerializer(allocation, context={"now": timezone.now()}).data)
