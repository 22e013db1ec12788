"""Small helpers the list and detail endpoints share: a choice filter from the query string, and
the number of rows in each status."""

from django.db.models import Count
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


def choice_param(request, name: str, choices) -> str:
    """The query parameter `name` if it is one of `choices` (a TextChoices), "" when absent.

    An unknown value is a 400 rather than silently ignored: a program filtering on a misspelt
    status would otherwise read the whole list as if it were the filtered one.
    """
    value = request.query_params.get(name, "")
    if value and value not in choices.values:
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
