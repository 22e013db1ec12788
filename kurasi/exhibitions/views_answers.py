"""Staff record a producer's answer to an exhibition invitation, given by phone, WhatsApp or in
person: admins and field officers (who make those calls); curators are refused, another office's
staff get 404. The service applies the producer's own rules (deadline, waiting list)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kurasi.lib.answer_forms import RecordAnswerForm, show_refusal

from . import invitations
from .access import get_exhibition_for_staff
from .models import Allocation, AllocationStatus

ANSWERS = (gettext_lazy("Confirms the place"), gettext_lazy("Declines the place"))
DECLINE = gettext_lazy(
    "I told them that declining gives the place to the next on the waiting list."
)


def answer_form(data=None):
    return RecordAnswerForm(data, answers=ANSWERS, decline_consequence=DECLINE)


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
            business = allocation.business.name
            messages.success(
                request,
                _("%(business)s confirmed the place; the answer is recorded.")
                % {"business": business}
                if form.accept
                else _("%(business)s declined; the place goes to the next on the waiting list.")
                % {"business": business},
            )
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
