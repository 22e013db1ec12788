"""The session page's "give producers their slot" action: one outbox message per slot."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.outbox import services as outbox

from .access_day import ADMIN, get_session_for_staff
from .slot_messages import send_slot_messages


@login_required
@require_POST
def slot_messages(request, slug, programme_id, session_id):
    _membership, session = get_session_for_staff(
        request.user, slug, programme_id, session_id, ADMIN
    )
    made = send_slot_messages(actor=request.user, session=session)
    if made:
        messages.success(request, outbox.summary_of_many(made))
    else:
        messages.info(request, _("Every scheduled producer already has a message for their slot."))
    return redirect("curation:session", slug, programme_id, session.pk)
