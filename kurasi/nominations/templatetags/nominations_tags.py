"""The dashboard's card of calls for nominations (one query for the calls asked, one for the
offices below)."""

from django import template
from django.utils import timezone

from kurasi.accounts.models import Organisation

from ..models import CallOffice, CallStatus

register = template.Library()


@register.simple_tag
def nomination_card(organisation):
    """{"asked": open calls the office was asked, "organiser": whether offices sit below it}."""
    asked = list(
        CallOffice.objects.filter(
            office=organisation, call__status=CallStatus.OPEN, call__deadline__gt=timezone.now()
        )
        .select_related("call__organisation", "call__exhibition")
        .order_by("call__deadline", "pk")
    )
    organiser = Organisation.objects.filter(parent=organisation).exists()
    return {"asked": asked, "organiser": organiser}
