"""Staff registry: the office's businesses, products and certificates (admins, field officers).

Roles and offices come from the registry's access helpers, exactly as on the pages; writes go
through the pages' forms and the registry services (transaction and audit trail included).
"""

import re

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kurasi.lib.concurrency import StaleEdit
from kurasi.registry import services
from kurasi.registry.access import REGISTRY_ROLES, can_see_nik, get_business_for_staff
from kurasi.registry.filters import filter_businesses, filter_products
from kurasi.registry.forms import BusinessForm, CertificateForm, ProductForm, product_groups_for
from kurasi.registry.models import BusinessScale, Certificate, Gender, Product

from .base import OfficeView
from .concurrency import ETAG_HEADER, IF_MATCH, STALE, if_match, stale_response, with_etag
from .forms import bound_form, changed_fields, parse_body, with_certificate_type_id
from .lists import (
    NUMBER_SEARCH,
    checked_query,
    choice_filter,
    district_param,
    id_param,
    text_param,
)
from .serializers_registry import (
    BusinessDetailSerializer,
    BusinessInput,
    BusinessSerializer,
    CertificateInput,
    CertificateSerializer,
    ProductInput,
    ProductSerializer,
)

SEARCH = text_param(
    "q",
    "Name of the business, owner or product; four digits or more (a phone, an NIK) are "
    "refused, as numbers never go in a URL.",
    pattern=f"^(?!{NUMBER_SEARCH}$)",
)
COMMON_FILTERS = [
    SEARCH,
    district_param(),
    id_param("group", "Product group id."),
    id_param("has_certificate", "Holds a valid certificate of type id."),
    id_param("missing_certificate", "Lacks a valid one of type id."),
]
BUSINESS_FILTERS = [
    *COMMON_FILTERS,
    id_param("programme", "Entered in the programme (id)."),
    choice_filter("scale", BusinessScale.values),
    choice_filter("gender", Gender.values),
    choice_filter("sort", ["name", "district", "newest"], "Default: name."),
]
PRODUCT_FILTERS = [
    *COMMON_FILTERS,
    choice_filter("sort", ["name", "business", "newest"], "Default: name."),
]


def filter_params(request, parameters):
    """The list filters from the query string, each checked against the schema. Numbers (phone,
    NIK) are refused there: a URL ends up in logs, and the pages never put personal data in one
    either."""
    if re.fullmatch(NUMBER_SEARCH, request.query_params.get("q", "")):
        raise ValidationError(
            {"q": [_("Search by name here; numbers such as a phone or NIK never go in a URL.")]}
        )
    return checked_query(request, parameters)


def filtered(form, queryset):
    """The page's filter ignores a value it does not know; here a well-formed id or district
    that names nothing of the office matches nothing."""
    return queryset.none() if form.errors else queryset


class BusinessList(OfficeView):
    scope_area = "registry"
    serializer_class = BusinessSerializer

    @extend_schema(parameters=BUSINESS_FILTERS, responses=BusinessSerializer(many=True))
    def get(self, request, org_slug):
        membership = self.membership(*REGISTRY_ROLES)
        form, businesses = filter_businesses(
            membership.organisation, filter_params(request, BUSINESS_FILTERS)
        )
        return self.paginated(filtered(form, businesses), BusinessSerializer)

    @extend_schema(request=BusinessInput, responses={201: BusinessDetailSerializer})
    def post(self, request, org_slug):
        membership = self.membership(*REGISTRY_ROLES)
        payload = parse_body(BusinessInput, request)
        form = bound_form(BusinessForm, payload, organisation=membership.organisation)
        business = services.save_business(
            actor=request.user, business=form.save(commit=False), fields=form.changed_data
        )
        data = BusinessDetailSerializer(business, context={"show_nik": can_see_nik(membership)})
        return Response(data.data, status=status.HTTP_201_CREATED)


class BusinessDetail(OfficeView):
    scope_area = "registry"
    serializer_class = BusinessDetailSerializer

    def _respond(self, membership, business):
        context = {"show_nik": can_see_nik(membership)}
        return Response(BusinessDetailSerializer(business, context=context).data)

    @extend_schema(parameters=[ETAG_HEADER])
    def get(self, request, org_slug, pk):
        membership, business = get_business_for_staff(request.user, org_slug, pk)
        return with_etag(self._respond(membership, business), business)

    @extend_schema(
        request=BusinessInput(partial=True),
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={200: BusinessDetailSerializer, 412: STALE},
    )
    def patch(self, request, org_slug, pk):
        membership, business = get_business_for_staff(request.user, org_slug, pk)
        payload = if_match(request, parse_body(BusinessInput, request, partial=True))
        form = bound_form(
            BusinessForm, payload, instance=business, organisation=membership.organisation
        )
        try:
            business = services.save_business(
                actor=request.user,
                business=form.save(commit=False),
                fields=changed_fields(form, payload),
            )
        except StaleEdit as stale:
            return stale_response(stale, form, payload)
        return with_etag(self._respond(membership, business), business)


def products_with_relations(queryset):
    return queryset.select_related("business", "group").prefetch_related("photos")


class ProductList(OfficeView):
    scope_area = "registry"
    serializer_class = ProductSerializer

    @extend_schema(parameters=PRODUCT_FILTERS, responses=ProductSerializer(many=True))
    def get(self, request, org_slug):
        membership = self.membership(*REGISTRY_ROLES)
        form, products = filter_products(
            membership.organisation, filter_params(request, PRODUCT_FILTERS)
        )
        return self.paginated(products_with_relations(filtered(form, products)), ProductSerializer)


def get_product_for_staff(view, pk):
    membership = view.membership(*REGISTRY_ROLES)
    products = products_with_relations(Product.objects.for_organisation(membership.organisation))
    return membership, get_object_or_404(products, pk=pk)


class BusinessProductList(OfficeView):
    """A business's products, and adding one."""

    scope_area = "registry"
    serializer_class = ProductSerializer

    @extend_schema(responses=ProductSerializer(many=True))
    def get(self, request, org_slug, pk):
        _membership, business = get_business_for_staff(request.user, org_slug, pk)
        products = products_with_relations(business.products.order_by("name", "id"))
        return self.paginated(products, ProductSerializer)

    @extend_schema(request=ProductInput, responses={201: ProductSerializer})
    def post(self, request, org_slug, pk):
        membership, business = get_business_for_staff(request.user, org_slug, pk)
        payload = parse_body(ProductInput, request)
        form = bound_form(ProductForm, payload, groups=product_groups_for(membership.organisation))
        product = form.save(commit=False)
        product.business = business
        services.save_product(actor=request.user, product=product, fields=form.changed_data)
        product = products_with_relations(Product.objects.filter(pk=product.pk)).get()
        return Response(ProductSerializer(product).data, status=status.HTTP_201_CREATED)


class ProductDetail(OfficeView):
    scope_area = "registry"
    serializer_class = ProductSerializer

    @extend_schema(parameters=[ETAG_HEADER])
    def get(self, request, org_slug, pk):
        _membership, product = get_product_for_staff(self, pk)
        return with_etag(Response(ProductSerializer(product).data), product)

    @extend_schema(
        request=ProductInput(partial=True),
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={200: ProductSerializer, 412: STALE},
    )
    def patch(self, request, org_slug, pk):
        membership, product = get_product_for_staff(self, pk)
        payload = if_match(request, parse_body(ProductInput, request, partial=True))
        groups = product_groups_for(membership.organisation)
        form = bound_form(ProductForm, payload, instance=product, groups=groups)
        try:
            services.save_product(
                actor=request.user,
                product=form.save(commit=False),
                fields=changed_fields(form, payload),
            )
        except StaleEdit as stale:
            return stale_response(stale, form, payload)
        product = products_with_relations(Product.objects.filter(pk=product.pk)).get()
        return with_etag(Response(ProductSerializer(product).data), product)


def certificate_form_data(payload, business):
    return with_certificate_type_id(payload, business.organisation, "type")


def certificates_with_relations(queryset):
    return queryset.select_related("type")


class BusinessCertificateList(OfficeView):
    scope_area = "registry"
    serializer_class = CertificateSerializer

    @extend_schema(responses=CertificateSerializer(many=True))
    def get(self, request, org_slug, pk):
        _membership, business = get_business_for_staff(request.user, org_slug, pk)
        certificates = certificates_with_relations(business.certificates.order_by("id"))
        return self.paginated(certificates, CertificateSerializer, today=timezone.localdate())

    @extend_schema(request=CertificateInput, responses={201: CertificateSerializer})
    def post(self, request, org_slug, pk):
        _membership, business = get_business_for_staff(request.user, org_slug, pk)
        payload = certificate_form_data(parse_body(CertificateInput, request), business)
        form = bound_form(CertificateForm, payload, business=business)
        certificate = services.save_certificate(
            actor=request.user, certificate=form.save(commit=False)
        )
        return Response(CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)


def get_certificate_for_staff(view, pk):
    membership = view.membership(*REGISTRY_ROLES)
    certificates = Certificate.objects.select_related("type", "business__organisation").filter(
        business__organisation=membership.organisation, business__merged_into=None
    )
    return get_object_or_404(certificates, pk=pk)


class CertificateDetail(OfficeView):
    scope_area = "registry"
    serializer_class = CertificateSerializer

    @extend_schema(parameters=[ETAG_HEADER])
    def get(self, request, org_slug, pk):
        certificate = get_certificate_for_staff(self, pk)
        return with_etag(Response(CertificateSerializer(certificate).data), certificate)

    @extend_schema(
        request=CertificateInput(partial=True),
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={200: CertificateSerializer, 412: STALE},
    )
    def patch(self, request, org_slug, pk):
        certificate = get_certificate_for_staff(self, pk)
        business = certificate.business
        payload = certificate_form_data(
            parse_body(CertificateInput, request, partial=True), business
        )
        payload = if_match(request, payload)
        form = bound_form(CertificateForm, payload, instance=certificate, business=business)
        try:
            certificate = services.save_certificate(
                actor=request.user, certificate=form.save(commit=False)
            )
        except StaleEdit as stale:
            return stale_response(stale, form, payload)
        return with_etag(Response(CertificateSerializer(certificate).data), certificate)


class CertificateVerify(OfficeView):
    scope_area = "registry"
    serializer_class = CertificateSerializer

    @extend_schema(request=None, responses={200: CertificateSerializer})
    def post(self, request, org_slug, pk):
        certificate = get_certificate_for_staff(self, pk)
        certificate = services.verify_certificate(actor=request.user, certificate=certificate)
        return Response(CertificateSerializer(certificate).data)
