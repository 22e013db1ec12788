"""The curator's queue and the scoring screen (one product on one phone screen)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.registry.models import Certificate

from .access import get_assignment_for_curator
from .forms import AssessmentForm, initial_from
from .models import AssessmentStatus
from .models_day import Slot
from .queue import curator_day, next_to_score
from .rubric_parts import rubric_parts
from .services import IncompleteAssessment, save_assessment, start_assessment


@login_required
def queue(request, slug):
    """The curator's day: a queue per current programme in slot order; past programmes apart
    (`?programme=<id>` lists one programme's products, past or current)."""
    membership = get_membership_for_user(request.user, slug, Role.CURATOR)
    chosen = request.GET.get("programme", "")
    current, past = curator_day(
        request.user,
        membership.organisation,
        only_programme=int(chosen) if chosen.isdigit() else None,
    )
    shown = [q for q in current + past if q.to_score or q.submitted or q.absent]
    return render(
        request,
        "curation/queue.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "queues": shown,
            "past": [q for q in past if not (q.to_score or q.submitted or q.absent)],
            "one_programme": chosen.isdigit(),
            # curation:score is the queue's address and the assignment's id: one reverse() for
            # a queue of any length.
            "score_base": reverse("curation:queue", args=[slug]),
            # Flat lists over the programmes shown: the products that came, and those that did not.
            "assignments": [a for q in shown for a in q.to_score + q.submitted],
            "absent": [a for q in shown for a in q.absent],
        },
    )


def legality_checklist(checks, business, on_day):
    """Each permit the rubric checks, with whether the business holds a valid one."""
    held = {}
    for type_id, expires_on in Certificate.objects.filter(
        business=business, type_id__in=[check.certificate_type_id for check in checks]
    ).values_list("type_id", "expires_on"):
        valid = expires_on is None or expires_on >= on_day  # not expired (Certificate.status_on)
        held[type_id] = held.get(type_id, False) or valid
    return [
        {
            "check": check,
            "held": held.get(check.certificate_type_id, False),
            "expired": held.get(check.certificate_type_id) is False,
        }
        for check in checks
    ]


def _with_slot(assignment):
    """The assignment with its slot's time and table and its sample code, for the header."""
    slot = (
        Slot.objects.filter(application_id=assignment.application_id)
        .select_related("table")
        .order_by("starts_at", "id")
        .first()
    )
    assignment.slot_at = slot.starts_at if slot else None
    assignment.table_name = slot.table.name if slot else None
    check_in = getattr(assignment.application, "check_in", None)
    assignment.sample_code = check_in.sample_code if check_in else None
    return assignment


@login_required
@require_http_methods(["GET", "POST"])
def score(request, slug, assignment_id):
    membership, assignment = get_assignment_for_curator(request.user, slug, assignment_id)
    assessment = start_assessment(actor=request.user, assignment=assignment)
    rubric = assessment.rubric
    criteria, checks = rubric_parts(rubric)
    closed = assessment.status == AssessmentStatus.SUBMITTED
    if request.method == "POST" and not closed:
        form = AssessmentForm(request.POST, rubric=rubric, criteria=criteria)
        action = request.POST.get("action", "draft")
        if form.is_valid():
            try:
                assessment = save_assessment(
                    actor=request.user,
                    assessment=assessment,
                    scores=form.scores(),
                    notes=form.cleaned_data["notes"],
                    recommendation=form.cleaned_data["recommendation"],
                    submit=action == "submit",
                    base_revision=form.cleaned_data["revision"],
                )
            except IncompleteAssessment as missing:
                form.add_error(
                    None,
                    _("Give a score for every criterion before submitting: %(names)s")
                    % {"names": ", ".join(missing.missing)},
                )
                # The typed scores were not lost: keep them as a draft.
                save_assessment(
                    actor=request.user,
                    assessment=assessment,
                    scores=form.scores(),
                    notes=form.cleaned_data["notes"],
                    recommendation=form.cleaned_data["recommendation"],
                    base_revision=form.cleaned_data["revision"],
                )
            else:
                if action == "autosave":
                    # What is stored now, so the script can show what another device saved.
                    return JsonResponse(
                        {
                            "revision": assessment.revision,
                            "status": assessment.status,
                            "fields": {
                                name: value
                                for name, value in initial_from(assessment).items()
                                if name != "revision"
                            },
                        }
                    )
                if action == "submit":
                    return _to_next_product(request, membership, assignment)
                messages.info(request, _("Draft saved."))
                return redirect("curation:score", slug, assignment.pk)
        elif action == "autosave":
            return JsonResponse({"errors": form.errors}, status=400)
    else:
        form = AssessmentForm(initial=initial_from(assessment), rubric=rubric, criteria=criteria)
    product = assignment.application.product
    return render(
        request,
        "curation/score.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "assignment": _with_slot(assignment),
            "assessment": assessment,
            "product": product,
            "photos": product.photos.all(),
            "form": form,
            "closed": closed,
            "legality": legality_checklist(
                checks,
                product.business,
                assignment.application.programme.curation_date or timezone.localdate(),
            ),
            "draft_key": f"kurasi-assessment-{assessment.pk}-{request.user.pk}",
        },
    )


def _to_next_product(request, membership, assignment):
    """After a submission: the next product in the programme's slot order, or the queue."""
    following = next_to_score(request.user, membership.organisation, assignment)
    if following is None:
        messages.success(
            request,
            _("Saved. All done: every product of %(programme)s is scored.")
            % {"programme": assignment.application.programme.title},
        )
        return redirect("curation:queue", membership.organisation.slug)
    messages.success(
        request,
        _("Saved. Next product: %(product)s") % {"product": following.product_name},
    )
    return redirect("curation:score", membership.organisation.slug, following.id)


def service_worker(request):
    """The offline helper for scoring pages, served from the site root so it may cover them."""
    with staticfiles_storage.open("kurasi/sw.js") as handle:
        response = HttpResponse(handle.read(), content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    return response
