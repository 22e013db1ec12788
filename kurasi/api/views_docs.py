"""The OpenAPI schema and its documentation page (Swagger UI from drf-spectacular-sidecar).

The page is drf-spectacular's split view: the HTML loads the viewer and its start-up script as
files from our own origin, so it renders under the site's CSP without any inline script or style.
"""

from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from .language import activate_api_language
from .parsers import check_body
from .throttling import ApiRateThrottle


class JsonSchemaRenderer(OpenApiJsonRenderer):
    # Plain application/json: what browsers, curl and most client generators expect.
    media_type = "application/json"


class SchemaView(SpectacularJSONAPIView):
    renderer_classes = [JsonSchemaRenderer]
    permission_classes = [AllowAny]
    throttle_classes = [ApiRateThrottle]

    def initial(self, request, *args, **kwargs):
        activate_api_language(request)
        super().initial(request, *args, **kwargs)
        check_body(request)


# The viewer's "Try it out" posts with the CSRF cookie of a signed-in session.
@method_decorator(ensure_csrf_cookie, name="get")
class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    template_name = "api/docs.html"
    url_name = "api:schema"
