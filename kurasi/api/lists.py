"""Small helpers the list and detail endpoints share: query parameters declared once for the
schema and for validation (so the two agree both ways), a choice filter from the query string,
and the number of rows in each status.

An unknown or malformed filter value is a 400 rather than silently ignored: a program filtering
on a misspelt status would otherwise read the whole list as if it were the filtered one. An id
filter takes any whole number from 1; one that names no record of the office matches nothing.
"""

import datetime as dt
import re

from django.db.models import Count
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

# A search of four digits or more (with spaces, dots, dashes, slashes, a leading +) is a phone
# number or an NIK: refused in a URL (kurasi/registry/filters.py search_terms).
NUMBER_SEARCH = r"[\s.\-/+]*(?:[0-9][\s.\-/]*){4,}"
DISTRICT = r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$"


def id_param(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, {"type": "integer", "minimum": 1}, description=description)


def choice_filter(name: str, values, description: str = "") -> OpenApiParameter:
    return OpenApiParameter(name, str, enum=list(values), description=description)


def text_param(name: str, description: str, *, pattern: str | None = None) -> OpenApiParameter:
    schema = {"type": "string", "maxLength": 100}
    if pattern:
        schema["pattern"] = pattern
    return OpenApiParameter(name, schema, description=description)


def district_param() -> OpenApiParameter:
    return OpenApiParameter(
        name="district",
        type={"type": "string", "pattern": DISTRICT},
        description="Kemendagri district code, e.g. 36.74.01.",
    )


def date_param(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.DATE, description=description)


def bool_param(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, bool, description=description)


def _schema(parameter: OpenApiParameter) -> dict:
    if isinstance(parameter.type, dict):
        return parameter.type
    if parameter.type is bool:
        return {"type": "boolean"}
    if parameter.type == OpenApiTypes.DATE:
        return {"type": "string", "format": "date"}
    return {"type": "string"}


def _error(parameter: OpenApiParameter, schema: dict, raw: str) -> str | None:
    """Why `raw` does not fit the parameter's schema, or None."""
    if parameter.enum:
        if raw not in parameter.enum:
            return _("Unknown value; use one of: %(values)s") % {
                "values": ", ".join(parameter.enum)
            }
        return None
    kind = schema["type"]
    if kind == "integer":
        if not (raw.isascii() and raw.isdigit()) or int(raw) < schema.get("minimum", 0):
            return _("Enter a whole number from %(minimum)s.") % {"minimum": schema["minimum"]}
    elif kind == "boolean":
        if raw not in ("true", "false"):
            return _("Use true or false.")
    elif schema.get("format") == "date":
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
                raise ValueError(raw)
            dt.date.fromisoformat(raw)
        except ValueError:
            return _("Enter a date as YYYY-MM-DD.")
    else:
        if len(raw) > schema.get("maxLength", len(raw)):
            return _("At most %(count)s characters.") % {"count": schema["maxLength"]}
        if "pattern" in schema and not re.search(schema["pattern"], raw):
            return _("This value is not in the expected form.")
    return None


def checked_query(request, parameters) -> dict:
    """The query parameters named in `parameters`, each checked against its schema: a dict of
    the raw strings sent (absent ones left out), or a 400 naming every parameter that does not
    fit. The same list is given to extend_schema, so the schema and the check cannot drift."""
    errors, values = {}, {}
    for parameter in parameters:
        raw = request.query_params.get(parameter.name)
        if raw is None:
            continue
        problem = _error(parameter, _schema(parameter), raw)
        if problem:
            errors[parameter.name] = [problem]
        else:
            values[parameter.name] = raw
    if errors:
        raise ValidationError(errors)
    return values


def choice_param(request, name: str, choices) -> str:
    """The query parameter `name` if it is one of `choices` (a TextChoices), "" when absent.
    An unknown value is a 400."""
    value = request.query_params.get(name)
    if value is None:
        return ""
    if value not in choices.values:
        message = _("Unknown value; use one of: %(values)s") % {"values": ", ".join(choices.values)}
        raise ValidationError({name: [message]})
    return value


def status_counts(queryset, choices) -> list[dict]:
    """[{status, label, count}] for every status of `choices`, zeros included, in one query."""
    found = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        {"status": value, "label": str(label), "count": found.get(value, 0)}
        for value, label in choices.choices
    ]
