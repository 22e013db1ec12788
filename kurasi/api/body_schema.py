"""Request bodies are checked against the OpenAPI schema itself before a view sees them, so what
the schema refuses is refused (400) whatever a serializer field would have coerced: DRF's
CharField takes a number, its IntegerField takes "5", its BooleanField takes "yes".

The schema is generated once per process (drf-spectacular, the same as /api/v1/openapi.json);
each operation's request body is resolved (references inlined, OpenAPI's `nullable` turned into
a JSON Schema null type) and checked with jsonschema. Messages are in the caller's language.
"""

import functools
import re

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

JSON = "application/json"


def _resolve(schema, components, seen=()):
    """`schema` with every $ref inlined and `nullable: true` as a null type."""
    if isinstance(schema, list):
        return [_resolve(item, components, seen) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:  # recursive components: not in this API, but never loop
            return {}
        return _resolve(components[name], components, (*seen, name))
    resolved = {key: _resolve(value, components, seen) for key, value in schema.items()}
    if resolved.pop("nullable", False):
        resolved = {"anyOf": [resolved, {"type": "null"}]}
    return resolved


@functools.cache
def _operations():
    """[(path regex, {method: validator})] for every operation that takes a JSON body."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, operations in schema.get("paths", {}).items():
        validators = {}
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get(JSON)
            if body and "schema" in body:
                validators[method.upper()] = Draft202012Validator(
                    _resolve(body["schema"], components)
                )
        if validators:
            pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(path))
            found.append((re.compile(f"^{pattern}$"), validators))
    return found


def _validator(method: str, path: str):
    for pattern, validators in _operations():
        if pattern.match(path):
            return validators.get(method)
    return None


def _message(error) -> str:
    kind, limit = error.validator, error.validator_value
    if kind == "anyOf" and all("type" in option for option in limit):
        # A nullable field: its type or null.
        kind, limit = "type", [option["type"] for option in limit]
    if kind == "type":
        return _("Send a value of type %(type)s.") % {
            "type": " or ".join(limit) if isinstance(limit, list) else limit
        }
    if kind == "enum":
        return _("Unknown value; use one of: %(values)s") % {
            "values": ", ".join(str(v) for v in limit)
        }
    if kind == "maxLength":
        return _("At most %(count)s characters.") % {"count": limit}
    if kind == "minLength":
        return _("At least %(count)s characters.") % {"count": limit}
    if kind in ("minimum", "exclusiveMinimum"):
        return _("Too small: at least %(limit)s.") % {"limit": limit}
    if kind in ("maximum", "exclusiveMaximum"):
        return _("Too large: at most %(limit)s.") % {"limit": limit}
    if kind == "maxItems":
        return _("At most %(count)s items.") % {"count": limit}
    if kind == "minItems":
        return _("At least %(count)s items.") % {"count": limit}
    return _("This value is not valid.")


def _field(error) -> str:
    path = [part for part in error.absolute_path if isinstance(part, str)]
    return path[0] if path else "non_field_errors"


def check_against_schema(method: str, path: str, data):
    """A 400 naming each field of the body that the operation's schema refuses."""
    validator = _validator(method, path)
    if validator is None:
        return
    errors = {}
    for error in validator.iter_errors(data):
        if error.validator == "required" and not error.absolute_path:
            for name in error.validator_value:
                if name not in error.instance:
                    errors.setdefault(name, []).append(_("This field is required."))
            continue
        errors.setdefault(_field(error), []).append(_message(error))
    if errors:
        raise ValidationError(errors)


class SchemaCheckedRequest(Request):
    """DRF's request whose `data`, on its first read, is checked against the operation's schema.

    Every view reads its body after its access checks, so another office's staff still get 404
    and a wrong role 403 whatever they send; a view that never reads a body declares none."""

    _schema_checked = False

    @property
    def data(self):
        data = super().data
        if not self._schema_checked:
            self._schema_checked = True
            check_against_schema(self._request.method, self._request.path_info, data)
        return data
