"""Office admins: the queue of personal data requests, their review, and a producer's package
made at the desk for someone who asks in person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.audit.services import record_event
from kurasi.lib import exports
from kurasi.programmes.models import COUNTED_STATUSES, Application, ProgrammeStatus
from kurasi.registry.access import get_business_for_staff
from kurasi.registry.models import Business

from . import services
from .export import Package
from .forms import AnswerForm, RefusalForm
from .models import PrivacyRequest, RequestKind
from .views import zip_response

# Answered requests shown under the open ones, for reference.
RECENTLY_ANSWERED = 20


def get_request_for_admin(user, slug, request_id):
    membership = get_membership_for_user(user, slug, Role.ADMIN)
    privacy_request = get_object_or_404(
        PrivacyRequest.objects.for_organisation(membership.organisation).select_related("user"),
        pk=request_id,
    )
    return membership, privacy_request


@login_required
def request_queue(request, slug):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    requests = PrivacyRequest.objects.for_organisation(membership.organisation)
    answered = requests.exclude(status="open").select_related("handled_by")
    return render(
        request,
        "privacy/queue.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "open_requests": requests.open().order_by("deadline", "pk"),
            "answered": answered.order_by("-handled_at", "-pk")[:RECENTLY_ANSWERED],
            "now": timezone.now(),
            "export_links": exports.export_links(request, "privacy:request_export", slug),
        },
    )


def kept_reasons(privacy_request):
    """What must be kept, and why, for the admin to weigh before carrying out an erasure."""
    businesses = Business.objects.owned_by(privacy_request.user).filter(
        organisation=privacy_request.organisation
    )
    running = (
        Application.objects.filter(product__business__in=businesses, status__in=COUNTED_STATUSES)
        .exclude(programme__status=ProgrammeStatus.FINISHED)
        .select_related("programme", "product")
        .order_by("programme__year", "pk")
    )
    return businesses, running


@login_required
def request_review(request, slug, request_id):
    membership, privacy_request = get_request_for_admin(request.user, slug, request_id)
    businesses, running = kept_reasons(privacy_request)
    return render(
        request,
        "privacy/review.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "privacy_request": privacy_request,
            "businesses": businesses,
            "running": running,
            "answer_form": AnswerForm(),
            "refusal_form": RefusalForm(),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def request_answer(request, slug, request_id, action):
    _membership, privacy_request = get_request_for_admin(request.user, slug, request_id)
    if action not in ("carry-out", "refuse"):
        raise Http404
    form = (RefusalForm if action == "refuse" else AnswerForm)(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("privacy:request_review", slug, privacy_request.pk)
    answer = form.cleaned_data["answer"]
    try:
        if action == "refuse":
            services.refuse_request(actor=request.user, request=privacy_request, answer=answer)
            messages.success(request, _("The request is refused; the producer sees your answer."))
        elif privacy_request.kind == RequestKind.ERASURE:
            services.carry_out_erasure(actor=request.user, request=privacy_request, answer=answer)
            messages.success(request, _("The producer's data is erased; the figures stay."))
        else:
            services.complete_withdrawal(actor=request.user, request=privacy_request, answer=answer)
            messages.success(request, _("The withdrawal of consent is confirmed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("privacy:request_queue", slug)


@login_required
def producer_package(request, slug, business_id):
    """A producer asks at the office for their data: the admin hands over this office's records."""
    membership, business = get_business_for_staff(request.user, slug, business_id, Role.ADMIN)
    package = Package(business.owner, organisation=membership.organisation, business=business)
    record_event(
        actor=request.user,
        action="privacy.data_package_made",
        obj=business,
        organisation=membership.organisation,
    )
    stamp = timezone.localdate().isoformat()
    return zip_response(package, f"kurasi-data-{business.pk}-{stamp}.zip")
