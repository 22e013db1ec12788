"""The base of every API view: authentication, scopes, rate limits, language, error shape."""

from django.utils import translation
from rest_framework import generics
from rest_framework.metadata import SimpleMetadata

from kurasi.accounts.access import get_membership_for_user

from .authentication import BearerTokenAuthentication, CsrfSessionAuthentication
from .body_schema import SchemaCheckedRequest
from .language import activate_api_language
from .pagination import ApiPagination
from .parsers import check_body
from .permissions import TokenScope
from .throttling import ApiRateThrottle


class PlainMetadata(SimpleMetadata):
    """OPTIONS names what an endpoint renders and parses; its fields are in the OpenAPI schema
    (DRF's default would build each write's serializer, which our views do not declare)."""

    def determine_actions(self, request, view):
        return {}


class ApiView(generics.GenericAPIView):
    authentication_classes = [BearerTokenAuthentication, CsrfSessionAuthentication]
    permission_classes = [TokenScope]
    throttle_classes = [ApiRateThrottle]
    pagination_class = ApiPagination
    metadata_class = PlainMetadata
    # "registry", "programmes", …: with the method it names the scope a token needs.
    scope_area = ""

    def initialize_request(self, request, *args, **kwargs):
        checked = super().initialize_request(request, *args, **kwargs)
        checked.__class__ = SchemaCheckedRequest
        return checked

    def initial(self, request, *args, **kwargs):
        activate_api_language(request)
        super().initial(request, *args, **kwargs)
        check_body(request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    def paginated(self, queryset, serializer_class, **context):
        page = self.paginate_queryset(queryset)
        serializer = serializer_class(
            page, many=True, context={**self.get_serializer_context(), **context}
        )
        return self.get_paginated_response(serializer.data)


class OfficeView(ApiView):
    """Views under /api/v1/o/<org_slug>/: the caller's membership decides, as on the pages."""

    def membership(self, *roles):
        # 404 for another office's staff and for producers, 403 for a role not allowed.
        return get_membership_for_user(self.request.user, self.kwargs["org_slug"], *roles)
