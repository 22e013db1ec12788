"""OpenAPI details drf-spectacular cannot guess: the error responses every operation may give,
the bearer-token security scheme, request bodies a PATCH takes whole, and the links between
operations (a postprocessing hook).
"""

import re

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

    def _get_request_for_media_type(self, serializer, direction="request"):
        # drf-spectacular makes every PATCH body partial (all fields optional). A view that takes
        # its body whole says so by passing a serializer that is not partial (OverrideInput): its
        # required fields stay required, as the view's validation has them.
        if self.method == "PATCH" and not getattr(serializer, "partial", False):
            self.method = "PUT"
            try:
                return super()._get_request_for_media_type(serializer, direction)
            finally:
                self.method = "PATCH"
        return super()._get_request_for_media_type(serializer, direction)

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


# --- links between operations --------------------------------------------------------------

# Where a path's last parameter is read in the collection's answer (default: "id").
LINK_FIELDS = {"slug": "slug", "programme_slug": "slug", "application_id": "application_id"}
# Records without a collection of their own under the same prefix: where else their ids are.
OTHER_COLLECTIONS = {
    "/api/v1/o/{org_slug}/certificates/": ["/api/v1/o/{org_slug}/businesses/{id}/certificates/"],
}
PARAMETER = re.compile(r"\{(\w+)\}/[^{}]*$")


def _properties(schema: dict, components: dict) -> dict:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema.get("properties", {})


def _sources(paths: dict, components: dict, collection: str, field: str):
    """(path, method, status, expression) of each answer that names a record of `collection`:
    the first row of its list, or the record its POST created."""
    for path in (collection, *OTHER_COLLECTIONS.get(collection, [])):
        operations = paths.get(path, {})
        for method, status in (("get", "200"), ("post", "201")):
            response = operations.get(method, {}).get("responses", {}).get(status)
            if not response:
                continue
            schema = response.get("content", {}).get("application/json", {}).get("schema", {})
            properties = _properties(schema, components)
            if "results" in properties:
                rows = _properties(properties["results"].get("items", {}), components)
                if field in rows:
                    yield path, method, status, f"$response.body#/results/0/{field}"
            elif field in properties:
                yield path, method, status, f"$response.body#/{field}"


def add_links(result, generator, request, public):
    """drf-spectacular postprocessing hook: OpenAPI links from each list (its first row) and
    each create (the record made) to the operations on that record and its sub-collections,
    e.g. a programme to its applications, an exhibition to its allocations. Stateful testing
    (schemathesis) follows them, and so can a client generator."""
    paths = result.get("paths", {})
    components = result.get("components", {}).get("schemas", {})
    for target_path, operations in paths.items():
        found = PARAMETER.search(target_path)
        if not found:
            continue
        name = found.group(1)
        collection = target_path[: found.start()]
        field = LINK_FIELDS.get(name, "id")
        names = re.findall(r"\{(\w+)\}", target_path)
        for method, operation in operations.items():
            target = operation.get("operationId")
            if not target:
                continue
            for source_path, source_method, status, expression in _sources(
                paths, components, collection, field
            ):
                parameters = {other: f"$request.path.{other}" for other in names if other != name}
                parameters[name] = expression
                response = paths[source_path][source_method]["responses"][status]
                response.setdefault("links", {})[target] = {
                    "operationId": target,
                    "parameters": parameters,
                    "description": f"{method.upper()} {target_path} of this record.",
                }
    return result
