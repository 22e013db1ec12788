from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def time_left(deadline, now):
    """'31 hours left' or '5 hours overdue', in whole hours (a 72-hour clock needs no minutes)."""
    hours = int((deadline - now).total_seconds() // 3600)
    if hours >= 0:
        return ngettext("%(hours)d hour left", "%(hours)d hours left", hours) % {"hours": hours}
    late = -hours
    return ngettext("%(hours)d hour overdue", "%(hours)d hours overdue", late) % {"hours": late}


@register.simple_tag
def is_past(deadline, now):
    return deadline < now
