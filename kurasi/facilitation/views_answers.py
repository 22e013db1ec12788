"""Answers to facilitation invitations: staff record one given by phone, WhatsApp or in person
(admins and field officers; curators are refused, another office's staff get 404), and the
producer answers their own from their improvement plan page (another producer's is not found)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kurasi.lib.answer_forms import RecordAnswerForm, show_refusal
from kurasi.registry.models import Business

from . import services
from .models import Participation, ParticipationStatus
from .views_programmes import get_participation

ANSWERS = (gettext_lazy("Accepts: enrol them"), gettext_lazy("Declines"))
DECLINE = gettext_lazy("I told them that declining gives their place to another producer.")


def answer_form(data=None):
    return RecordAnswerForm(data, answers=ANSWERS, decline_consequence=DECLINE)


def _done_message(participation, accept):
    business = participation.business.name
    if accept:
        return _("%(business)s accepted and is enrolled.") % {"business": business}
    return _("%(business)s declined; their place is free.") % {"business": business}


@login_required
@require_http_methods(["GET", "POST"])
def record_answer(request, slug, pk):
    membership, participation = get_participation(request.user, slug, pk)
    programme = participation.programme
    back = f"{programme.get_absolute_url()}#participant-{participation.pk}"
    if participation.status != ParticipationStatus.INVITED:
        messages.error(request, _("This invitation has already been answered or has closed."))
        return redirect(back)
    form = answer_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_invitation(
                actor=request.user,
                participation=participation,
                accept=form.accept,
                record=form.record(),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _done_message(participation, form.accept))
            return redirect(back)
    return render(
        request,
        "facilitation/record_answer.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "participation": participation,
            "programme": programme,
            "form": form,
            "back_url": back,
        },
    )


@login_required
@require_POST
def my_answer(request, pk):
    """The producer's own answer, from "My improvement plan"."""
    participation = get_object_or_404(
        Participation.objects.filter(business__in=Business.objects.owned_by(request.user)),
        pk=pk,
    )
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        messages.error(request, _("Choose whether you accept or decline."))
        return redirect("facilitation:my_plan")
    try:
        services.answer_invitation(
            actor=request.user, participation=participation, accept=answer == "accept"
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Thank you: you are enrolled.")
            if answer == "accept"
            else _("You declined the invitation."),
        )
    return redirect(f"{redirect('facilitation:my_plan').url}#plan-{participation.business_id}")
