"""Downloads (exhibitor list, invitation letters) and the producer's own page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kurasi.audit.services import record_event
from kurasi.registry.models import Business

from . import exports, invitations
from .access import get_exhibition_for_staff
from .availability import cannot_attend_of
from .forms import DeclineForm
from .models import Allocation, AllocationStatus
from .reasons import cannot_attend_text, reason_text

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
    rows = []
    for a in allocations:
        # Past the deadline the answer would be refused; the nightly task will expire it.
        open_ = a.deadline is not None and now <= a.deadline
        declined_open = a.status == AllocationStatus.DECLINED and open_
        rows.append(
            {
                "allocation": a,
                "reason": reason_text(a),
                "open": open_,
                # A decline within the deadline: undone while its place is free, or "gone".
                "undo": declined_open and invitations.undo_possible(a, now),
                "gone": declined_open and not invitations.undo_possible(a, now),
            }
        )
    # Her "cannot attend" answers have no allocation row: shown from the answers themselves.
    rows += [
        {"availability": answer, "exhibition": answer.exhibition, "reason": cannot_attend_text()}
        for answer in cannot_attend_of(request.user)
    ]
    rows.sort(key=lambda row: _exhibition_of(row).starts_on)  # stable: each list's order stays
    return render(request, "exhibitions/my_exhibitions.html", {"rows": rows})


def _exhibition_of(row):
    return row["exhibition"] if "availability" in row else row["allocation"].exhibition


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
    if answer == "decline":
        # A decline is never one tap: it asks for confirmation on its own page.
        return redirect("exhibitions:my_decline", allocation.pk)
    try:
        invitations.respond(actor=request.user, allocation=allocation, accept=True)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you: your place is confirmed."))
    return redirect("exhibitions:my_exhibitions")


@login_required
@require_http_methods(["GET", "POST"])
def my_decline(request, allocation_id):
    """The decline's confirmation: what declining does, a box to tick, then the decline."""
    allocation = get_object_or_404(_own_allocations(request.user), pk=allocation_id)
    if allocation.status != AllocationStatus.INVITED:
        messages.error(request, _("This invitation has already been answered or has closed."))
        return redirect("exhibitions:my_exhibitions")
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.respond(actor=request.user, allocation=allocation, accept=False)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "You declined the place; it goes to the next on the waiting list. Until the "
                    "deadline you can undo the decline while the place is still free."
                ),
            )
        return redirect("exhibitions:my_exhibitions")
    return render(
        request,
        "exhibitions/decline_confirm.html",
        {"allocation": allocation, "exhibition": allocation.exhibition, "form": form},
    )


@login_required
@require_POST
def my_undo(request, allocation_id):
    allocation = get_object_or_404(_own_allocations(request.user), pk=allocation_id)
    try:
        invitations.undo_decline(actor=request.user, allocation=allocation)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Your decline is undone: the place is yours again. Please confirm it.")
        )
    return redirect("exhibitions:my_exhibitions")
