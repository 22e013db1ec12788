"""Times and moments as the reader writes them, through Django's formats for the active
language (kurasi/formats): 14.00 and 6 Desember 2026, 14.00 in Bahasa Indonesia, 14:00 and
6 December 2026, 14:00 in English.

Pages write a time with Django's own `{{ slot.starts_at|time }}` (TIME_FORMAT) and a moment with
`when`, a template filter available in every template (a builtin, see TEMPLATES in settings):
`{{ deadline|when }}`, `{{ message.created_at|when:"j M Y" }}` (the argument is the date part).
Python (messages, letters, exports' human sheets) calls `when` and Django's
`formats.time_format`. Never for values a machine reads back: `<time datetime>` attributes,
form values (`<input type="time">`, datetime-local), CSV columns and API output stay ISO.
"""

import datetime as dt

from django import template
from django.utils import formats, timezone

register = template.Library()


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter(expects_localtime=True)
def when(value, date_part="j F Y") -> str:
    """A date and time: `date_part` (Django date format) then the language's time."""
    if value in (None, ""):
        return ""
    value = _local(value)
    return f"{formats.date_format(value, date_part)}, {formats.time_format(value)}"


@register.filter(expects_localtime=True)
def clock(value) -> str:
    """A time with seconds in the language's style (14.05.09, 14:05:09): the live board."""
    if value in (None, ""):
        return ""
    fmt = formats.get_format("TIME_FORMAT")
    separator = "." if "." in fmt else ":"
    return formats.time_format(_local(value), f"{fmt}{separator}s")


def time_of(value) -> str:
    """The language's time for a datetime (local time) or a time: messages and PDFs."""
    return formats.time_format(_local(value))
