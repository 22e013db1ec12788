"""The curator's queue and the scoring screen (one product on one phone screen)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.registry.models import Certificate

from .access import get_assignment_for_curator
from .forms import AssessmentForm, initial_from
from .models import Assessment, AssessmentStatus, Assignment
from .models_day import is_absent
from .services import IncompleteAssessment, save_assessment, start_assessment


@login_required
def queue(request, slug):
    membership = get_membership_for_user(request.user, slug, Role.CURATOR)
    assignments = (
        Assignment.objects.for_curator(request.user)
        .filter(application__programme__organisation=membership.organisation)
        .select_related(
            "application__product__business",
            "application__product__group",
            "application__check_in",
        )
        .prefetch_related(
            Prefetch(
                "application__assessments",
                queryset=Assessment.objects.filter(curator=request.user),
                to_attr="my_assessments",
            )
        )
        .order_by("application__product__group__position", "application__product__name")
    )
    # Products whose producer did not come are not waiting for anyone: folded away, not "not
    # started". A late check-in clears the mark and brings them back with what was typed.
    to_assess, absent = [], []
    for assignment in assignments:
        (absent if is_absent(assignment.application) else to_assess).append(assignment)
    return render(
        request,
        "curation/queue.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "assignments": to_assess,
            "absent": absent,
        },
    )


def legality_checklist(rubric, business, on_day):
    """Each permit the rubric checks, with whether the business holds a valid one."""
    held = {}
    for certificate in Certificate.objects.filter(business=business).select_related("type"):
        held.setdefault(certificate.type_id, []).append(certificate)
    rows = []
    for check in rubric.legality_checks.select_related("certificate_type"):
        certificates = held.get(check.certificate_type_id, [])
        valid = [c for c in certificates if c.status_on(on_day) != "expired"]
        rows.append(
            {"check": check, "held": bool(valid), "expired": bool(certificates) and not valid}
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def score(request, slug, assignment_id):
    membership, assignment = get_assignment_for_curator(request.user, slug, assignment_id)
    assessment = start_assessment(actor=request.user, assignment=assignment)
    rubric = assessment.rubric
    criteria = list(rubric.criteria.prefetch_related("anchors"))
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
                    messages.success(request, _("Assessment submitted. Thank you."))
                    return redirect("curation:queue", slug)
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
            "assignment": assignment,
            "assessment": assessment,
            "product": product,
            "photos": product.photos.all(),
            "form": form,
            "closed": closed,
            "legality": legality_checklist(
                rubric,
                product.business,
                assignment.application.programme.curation_date or timezone.localdate(),
            ),
            "draft_key": f"kurasi-assessment-{assessment.pk}-{request.user.pk}",
        },
    )


def service_worker(request):
    """The offline helper for scoring pages, served from the site root so it may cover them."""
    with staticfiles_storage.open("kurasi/sw.js") as handle:
        response = HttpResponse(handle.read(), content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    return response
