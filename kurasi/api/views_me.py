"""The producer's own records under /api/v1/me/: their businesses, products and applications.

Records are found through the owner (registry access helpers), so another producer's id is
simply not found. The NIK is shown masked, as everywhere outside the office's registry.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from kurasi.programmes import services as programme_services
from kurasi.programmes.models import Application
from kurasi.registry.access import get_business_for_owner
from kurasi.registry.models import Business, Product

from .base import ApiView
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
