"""Staff record a producer's answer to an exhibition invitation, given by phone, WhatsApp or in
person: admins and field officers (who make those calls); curators are refused, another office's
staff get 404. The service applies the producer's own rules (deadline, waiting list)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kurasi.lib.answer_forms import RecordAnswerForm, show_refusal
from kurasi.lib.answers import AnswerRecord, Channel

from . import invitations
from .access import get_exhibition_for_staff
from .forms import UndoDeclineForm
from .models import Allocation, AllocationStatus

ANSWERS = (gettext_lazy("Confirms the place"), gettext_lazy("Declines the place"))
DECLINE = gettext_lazy(
    "I told them that declining gives the place to the next on the waiting list."
)


def answer_recorded_message(allocation, accept) -> str:
    """What staff read after recording a producer's answer (here and at a nominating office)."""
    business = allocation.business.name
    if accept:
        return _("%(business)s confirmed the place; the answer is recorded.") % {
            "business": business
        }
    return _("%(business)s declined; the place goes to the next on the waiting list.") % {
        "business": business
    }


def answer_form(data=None):
    form = RecordAnswerForm(data, answers=ANSWERS, decline_consequence=DECLINE)
    form.fields["confirm_decline"].help_text = UNDO_HINT
    return form


UNDO_HINT = gettext_lazy(
    "Needed only when they decline. Until the deadline the decline can be undone, while the "
    "place has not gone to the waiting list."
)


@login_required
@require_http_methods(["GET", "POST"])
def record_answer(request, slug, exhibition_id, allocation_id):
    membership, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id)
    allocation = get_object_or_404(
        Allocation.objects.select_related("business", "application__product", "booth_type"),
        exhibition=exhibition,
        pk=allocation_id,
    )
    back = f"{exhibition.get_absolute_url()}#allocation-{allocation.pk}"
    if allocation.status != AllocationStatus.INVITED:
        messages.error(request, _("This invitation has already been answered or has closed."))
        return redirect(back)
    form = answer_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.respond(
                actor=request.user,
                allocation=allocation,
                accept=form.accept,
                for_producer=True,
                record=form.record(),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, answer_recorded_message(allocation, form.accept))
            return redirect(back)
    return render(
        request,
        "exhibitions/record_answer.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "exhibition": exhibition,
            "allocation": allocation,
            "form": form,
            "back_url": back,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def undo_decline(request, slug, exhibition_id, allocation_id):
    """Staff record that a producer asked to take back a decline: the same rules as the
    producer's own undo (by the deadline, while the place is still free)."""
    membership, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id)
    allocation = get_object_or_404(
        Allocation.objects.select_related("business", "application__product"),
        exhibition=exhibition,
        pk=allocation_id,
    )
    back = f"{exhibition.get_absolute_url()}#allocation-{allocation.pk}"
    if allocation.status != AllocationStatus.DECLINED:
        messages.error(request, _("This place was not declined: there is nothing to undo."))
        return redirect(back)
    form = UndoDeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        record = AnswerRecord(
            answered_by=form.cleaned_data["answered_by"],
            channel=Channel(form.cleaned_data["channel"]),
            answered_at=now,
        )
        try:
            invitations.undo_decline(
                actor=request.user, allocation=allocation, now=now, for_producer=True, record=record
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(business)s has the place again; the invitation waits for their answer.")
                % {"business": allocation.business.name},
            )
            return redirect(back)
    return render(
        request,
        "exhibitions/undo_decline.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "exhibition": exhibition,
            "allocation": allocation,
            "form": form,
            "back_url": back,
        },
    )
