"""Answers to curation-day slots: staff record one given by phone, WhatsApp or in person
(admins and field officers, as at the check-in desk; curators are refused, another office's
staff get 404), and the producer answers their own from "My registrations" (another producer's
slot is not found). Answers are taken until the session starts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kurasi.accounts.models import Role
from kurasi.lib.answer_forms import RecordAnswerForm, show_refusal

from . import services_answers
from .access_day import DESK, get_session_for_staff
from .models_day import Slot

ANSWERS = (gettext_lazy("Will come"), gettext_lazy("Cannot come"))
DECLINE = gettext_lazy(
    "I told them that their slot is freed; the office gives them another time if it can."
)


def answer_form(data=None):
    return RecordAnswerForm(data, answers=ANSWERS, decline_consequence=DECLINE)


def _done_message(slot, will_come):
    product = slot.application.product.name
    if will_come:
        return _("%(product)s: will come. The answer is recorded.") % {"product": product}
    return _(
        "%(product)s cannot come: the slot is free; the product is listed as not scheduled."
    ) % {"product": product}


@login_required
@require_http_methods(["GET", "POST"])
def slot_answer(request, slug, programme_id, session_id, slot_id):
    membership, session = get_session_for_staff(request.user, slug, programme_id, session_id, DESK)
    slot = get_object_or_404(
        Slot.objects.select_related("table", "application__product__business"),
        session=session,
        pk=slot_id,
    )
    if membership.role == Role.ADMIN:
        back = reverse("curation:session", args=[slug, programme_id, session_id])
        back += f"#slot-{slot.pk}"
    else:
        back = reverse("curation:desk", args=[slug, programme_id, session_id])
        back += f"?shown={slot.application_id}"
    if session.has_started:
        messages.error(
            request, _("The session has started: the check-in desk now records who comes.")
        )
        return redirect(back)
    form = answer_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_answers.answer_slot(
                actor=request.user, slot=slot, will_come=form.accept, record=form.record()
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _done_message(slot, form.accept))
            return redirect(back)
    return render(
        request,
        "curation/day/slot_answer.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "programme": session.programme,
            "session": session,
            "slot": slot,
            "form": form,
            "back_url": back,
        },
    )


@login_required
@require_POST
def my_slot_answer(request, slot_id):
    """The producer's own answer, from "My registrations"."""
    slot = get_object_or_404(
        Slot.objects.select_related("application__product"),
        application__product__business__owner=request.user,
        pk=slot_id,
    )
    answer = request.POST.get("answer")
    if answer not in ("come", "cannot"):
        messages.error(request, _("Choose whether you will come or not."))
        return redirect("registration:status")
    try:
        services_answers.answer_slot(actor=request.user, slot=slot, will_come=answer == "come")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Thank you: the office expects you.")
            if answer == "come"
            else _("Thank you for telling us. The office will contact you about another time."),
        )
    return redirect("registration:status")
