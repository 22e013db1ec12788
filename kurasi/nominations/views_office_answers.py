"""The nominating office's side of the organiser's invitations: its nominees' places at the
organiser's exhibition (proposed, invited, confirmed, declined, waiting) and the producer's
answer, recorded by the office that keeps the contact with her. Its admins and field officers
(who make those calls); curators are refused; another office, the organiser included, gets 404:
the organiser sees the answers on its own pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kurasi.audit.services import record_event
from kurasi.exhibitions import invitations
from kurasi.exhibitions.models import AllocationStatus
from kurasi.exhibitions.reasons import reason_text
from kurasi.exhibitions.views_answers import answer_form, answer_recorded_message
from kurasi.lib.answer_forms import show_refusal
from kurasi.lib.notify import whatsapp_link

from .access import get_call_office_for_staff
from .invitations import places_of

# The list's order: what needs the office first (invitations to answer), then the rest.
ORDER = ["invited", "confirmed", "proposed", "waitlisted", "declined", "expired"]


def _places(call_office):
    return (
        places_of(call_office)
        .select_related("business", "application__product", "booth_type", "answer_recorded_by")
        .annotate(
            order=Case(
                *(When(status=s, then=Value(i)) for i, s in enumerate(ORDER)),
                default=Value(len(ORDER)),
            )
        )
        .order_by("order", "rank", "business__name", "pk")
    )


@login_required
@require_safe
def office_places(request, slug, call_office_id):
    membership, call_office = get_call_office_for_staff(request.user, slug, call_office_id)
    exhibition = call_office.call.exhibition
    office = call_office.office
    rows = []
    for allocation in _places(call_office):
        allocation.exhibition = exhibition  # the texts read it; one instance for every row
        business = allocation.business
        invited = allocation.status == AllocationStatus.INVITED
        rows.append(
            {
                "allocation": allocation,
                "reason": reason_text(allocation),
                # The office's own channel to its producer: the invitation as it passes it on.
                "whatsapp": whatsapp_link(
                    business.phone, invitations.invitation_text(allocation, via=office)
                )
                if invited and business.phone and business.phone_is_whatsapp
                else None,
            }
        )
    return render(
        request,
        "nominations/office_places.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "call_office": call_office,
            "call": call_office.call,
            "exhibition": exhibition,
            "rows": rows,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_answer(request, slug, call_office_id, allocation_id):
    """The producer's answer to the organiser's invitation, given to her office by phone,
    WhatsApp or in person: the same service and rules as the organiser's own answers page."""
    membership, call_office = get_call_office_for_staff(request.user, slug, call_office_id)
    allocation = get_object_or_404(
        places_of(call_office).select_related(
            "business", "application__product", "booth_type", "exhibition__organisation"
        ),
        pk=allocation_id,
    )
    back = reverse_places(call_office, allocation)
    if allocation.status != AllocationStatus.INVITED:
        messages.error(request, _("This invitation has already been answered or has closed."))
        return redirect(back)
    form = answer_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                record = form.record()
                invitations.respond(
                    actor=request.user,
                    allocation=allocation,
                    accept=form.accept,
                    for_producer=True,
                    record=record,
                )
                # The office's own trail (the organiser's has the answer on its allocation).
                record_event(
                    actor=request.user,
                    action="nomination.answer_recorded",
                    obj=allocation,
                    organisation=call_office.office,
                    changes=record.audit_changes(
                        status=[
                            AllocationStatus.INVITED,
                            "confirmed" if form.accept else "declined",
                        ]
                    ),
                )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, answer_recorded_message(allocation, form.accept))
            return redirect(back)
    return render(
        request,
        "nominations/office_record_answer.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "call_office": call_office,
            "exhibition": allocation.exhibition,
            "allocation": allocation,
            "form": form,
            "back_url": back,
        },
    )


def reverse_places(call_office, allocation=None):
    url = reverse("nominations:office_places", args=[call_office.office.slug, call_office.pk])
    return f"{url}#place-{allocation.pk}" if allocation else url
