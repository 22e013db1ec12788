"""Downloads (exhibitor list, invitation letters) and the producer's own page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.audit.services import record_event
from kurasi.registry.models import Business

from . import exports, invitations
from .access import get_exhibition_for_staff
from .models import Allocation, AllocationStatus
from .reasons import reason_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"  # names and contacts of producers
    return response


def _record_exhibitors_taken(request, exhibition, fmt):
    """The list carries consenting producers' phones and emails to a third party (the event's
    organiser): who took it out, and when, is on the record."""
    record_event(
        actor=request.user,
        action="exhibition.exhibitors_exported",
        obj=exhibition,
        organisation=exhibition.organisation,
        changes={"format": [None, fmt]},
    )


@login_required
def exhibitors_xlsx(request, slug, exhibition_id):
    _membership, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id)
    name = f"peserta-{slugify(exhibition.name)}.xlsx"
    content = exports.exhibitors_xlsx(exhibition)
    _record_exhibitors_taken(request, exhibition, "xlsx")
    return _download(content, XLSX, name)


@login_required
def exhibitors_pdf(request, slug, exhibition_id):
    _membership, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id)
    name = f"peserta-{slugify(exhibition.name)}.pdf"
    content = exports.exhibitors_pdf(exhibition)
    _record_exhibitors_taken(request, exhibition, "pdf")
    return _download(content, "application/pdf", name)


LETTER_STATUSES = (AllocationStatus.INVITED, AllocationStatus.CONFIRMED)


@login_required
def staff_letter(request, slug, exhibition_id, allocation_id):
    _membership, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id)
    allocation = get_object_or_404(
        Allocation.objects.select_related(
            "exhibition__organisation", "business", "application__product", "booth_type"
        ),
        exhibition=exhibition,
        pk=allocation_id,
        status__in=LETTER_STATUSES,
    )
    return _download(
        invitations.render_invitation_pdf(allocation), "application/pdf", "undangan.pdf"
    )


def _own_allocations(user):
    return Allocation.objects.filter(business__in=Business.objects.owned_by(user)).select_related(
        "exhibition__organisation", "business", "application__product", "booth_type"
    )


@login_required
def my_exhibitions(request):
    allocations = _own_allocations(request.user).order_by("exhibition__starts_on", "id")
    now = timezone.now()
    rows = [
        {
            "allocation": a,
            "reason": reason_text(a),
            # Past the deadline the answer would be refused; the nightly task will expire it.
            "open": a.deadline is not None and now <= a.deadline,
        }
        for a in allocations
    ]
    return render(request, "exhibitions/my_exhibitions.html", {"rows": rows})


@login_required
def my_letter(request, allocation_id):
    allocation = get_object_or_404(
        _own_allocations(request.user), pk=allocation_id, status__in=LETTER_STATUSES
    )
    return _download(
        invitations.render_invitation_pdf(allocation), "application/pdf", "undangan.pdf"
    )


@login_required
@require_POST
def my_respond(request, allocation_id):
    allocation = get_object_or_404(_own_allocations(request.user), pk=allocation_id)
    answer = request.POST.get("answer")
    if answer not in ("confirm", "decline"):
        messages.error(request, _("Choose whether you confirm or decline the place."))
        return redirect("exhibitions:my_exhibitions")
    try:
        invitations.respond(actor=request.user, allocation=allocation, accept=answer == "confirm")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Thank you: your place is confirmed.")
            if answer == "confirm"
            else _("You declined the place; it goes to the next on the waiting list."),
        )
    return redirect("exhibitions:my_exhibitions")
