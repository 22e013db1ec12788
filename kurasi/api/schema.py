"""OpenAPI details drf-spectacular cannot guess: the error responses every operation may give and
the bearer-token security scheme.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorDetail(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, for programs: not_found, invalid, …")
    message = serializers.CharField(help_text="For people, in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation errors per field (non_field_errors for the whole request).",
    )


class Error(serializers.Serializer):
    error = ErrorDetail()


ERROR_CODES = {
    "400": "The request or its values are not valid.",
    "401": "No valid token or session.",
    "403": "The role or the token's scopes do not allow this.",
    "404": "Not found, or not visible to the caller (e.g. another office's record).",
    "405": "Method not allowed.",
    "406": "Only JSON is offered.",
    "413": "The request body is larger than the limit (2.5 MB).",
    "415": "Send JSON.",
    "429": "Too many requests (see Retry-After).",
}


class KurasiAutoSchema(AutoSchema):
    def get_tags(self):
        # One section per area of the site, matching the token scopes.
        return [getattr(self.view, "schema_tag", "") or self.view.scope_area or "api"]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERROR_CODES.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(Error, code, direction=direction)
                responses[code]["description"] = description
        return responses


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "kurasi.api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal token made at /accounts/api-tokens/ (kur_…).",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "kurasi.api.authentication.CsrfSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
