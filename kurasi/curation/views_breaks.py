"""Adding and removing a session's breaks (office admin), from the schedule page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import breaks
from .access_day import ADMIN, get_session_for_staff
from .forms_day import BreakForm


@login_required
@require_POST
def break_add(request, slug, programme_id, session_id):
    _membership, session = get_session_for_staff(
        request.user, slug, programme_id, session_id, ADMIN
    )
    form = BreakForm(request.POST)
    if form.is_valid():
        try:
            breaks.add_break(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Break added: no product is scheduled during it."))
    else:
        messages.error(request, _("Give the break a start, an end and what it is for."))
    return redirect(reverse("curation:session", args=[slug, programme_id, session.pk]) + "#breaks")


@login_required
@require_POST
def break_remove(request, slug, programme_id, session_id, break_id):
    _membership, session = get_session_for_staff(
        request.user, slug, programme_id, session_id, ADMIN
    )
    pause = get_object_or_404(session.breaks, pk=break_id)
    breaks.remove_break(actor=request.user, pause=pause)
    messages.success(request, _("Break removed."))
    return redirect(reverse("curation:session", args=[slug, programme_id, session.pk]) + "#breaks")
