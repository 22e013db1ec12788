"""Assigning curators (office admin) and declaring conflicts of interest (each curator)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.lib import exports
from kurasi.registry.models import Business

from . import services_assignment as assigning
from .access_day import ADMIN, get_programme_for_staff
from .forms_day import AssignmentAddForm, ConflictForm, programme_applications
from .models import Assignment, ConflictOfInterest, CurationPlan, CuratorCoverage
from .services_curators import office_conflicts
from .services_day import office_curators
from .setup_checks import MissingRubrics, groups_without_rubric

BUSINESS_RESULTS = 20
# Products in the table a page: every one with its curators' remove buttons made a 3 MB page
# at 2,000 applications (bench/bench_results_under_change.py times the page).
PRODUCTS_PER_PAGE = 100


def assigned_applications(programme):
    """The programme's applications, each with its assignments as `pairs` (page and export)."""
    return (
        programme_applications(programme)
        .select_related("product__group")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("curator"),
                to_attr="pairs",
            )
        )
    )


def assignment_context(membership, programme, *, page_number="", **extra):
    organisation = membership.organisation
    plan = CurationPlan.objects.filter(programme=programme).first()
    curators = (
        office_curators(organisation)
        .annotate(
            load=Count("assignments", filter=Q(assignments__application__programme=programme))
        )
        .prefetch_related(
            Prefetch(
                "curator_coverage",
                queryset=CuratorCoverage.objects.filter(organisation=organisation).select_related(
                    "product_group"
                ),
                to_attr="covered_groups",
            )
        )
    )
    page = Paginator(assigned_applications(programme), PRODUCTS_PER_PAGE).get_page(page_number)
    conflicts = office_conflicts(organisation)
    return {
        "membership": membership,
        "organisation": organisation,
        "programme": programme,
        "k": plan.curators_per_application if plan else CurationPlan().curators_per_application,
        "curators": curators,
        "applications": page.object_list,
        "page": page,
        "flagged": assigning.flagged_pairs(programme),
        "conflicts": conflicts,
        "add_form": AssignmentAddForm(programme=programme),
        "missing_rubrics": groups_without_rubric(programme),
        **extra,
    }


@login_required
@require_http_methods(["GET"])
def assignments(request, slug, programme_id):
    membership, programme = get_programme_for_staff(request.user, slug, programme_id, ADMIN)
    return render(
        request,
        "curation/assignment/assignments.html",
        assignment_context(
            membership,
            programme,
            page_number=request.GET.get("page", ""),
            export_links=exports.export_links(
                request, "curation:assignments_export", slug, programme_id
            ),
        ),
    )


@login_required
@require_POST
def assign_auto(request, slug, programme_id):
    """Shows the result on the page itself: the shortages may be a long list to read."""
    membership, programme = get_programme_for_staff(request.user, slug, programme_id, ADMIN)
    try:
        result = assigning.assign_automatically(actor=request.user, programme=programme)
    except MissingRubrics as missing:
        context = assignment_context(membership, programme, refused=True)
        context["missing_rubrics"] = missing.groups
        return render(request, "curation/assignment/assignments.html", context)
    context = assignment_context(membership, programme, result=result)
    return render(request, "curation/assignment/assignments.html", context)


@login_required
@require_POST
def assignment_add(request, slug, programme_id):
    _membership, programme = get_programme_for_staff(request.user, slug, programme_id, ADMIN)
    form = AssignmentAddForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            assigning.add_assignment(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Curator assigned."))
    else:
        messages.error(request, _("Choose a product and a curator."))
    return redirect("curation:assignments", slug, programme.pk)


@login_required
@require_POST
def assignment_remove(request, slug, programme_id, assignment_id):
    _membership, programme = get_programme_for_staff(request.user, slug, programme_id, ADMIN)
    assignment = get_object_or_404(
        Assignment.objects.filter(application__programme=programme).select_related(
            "curator", "application__programme__organisation"
        ),
        pk=assignment_id,
    )
    try:
        assigning.remove_assignment(actor=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Assignment removed."))
    return redirect("curation:assignments", slug, programme.pk)


@login_required
@require_http_methods(["GET", "POST"])
def conflicts(request, slug):
    """A curator's own conflicts of interest. The business search shows only name and village:
    a curator has no business knowing anything personal about producers."""
    membership = get_membership_for_user(request.user, slug, Role.CURATOR)
    organisation = membership.organisation
    form = ConflictForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            assigning.declare_conflict(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("relation", error)
        else:
            messages.success(request, _("Thank you. The office will not assign you this business."))
            return redirect("curation:conflicts", slug)
    query = request.GET.get("q", "").strip()
    found = []
    if query:
        found = (
            Business.objects.for_organisation(organisation)
            .filter(name__icontains=query)
            .only("pk", "name", "village_code")[:BUSINESS_RESULTS]
        )
    declared = ConflictOfInterest.objects.filter(
        curator=request.user, business__organisation=organisation
    ).select_related("business")
    return render(
        request,
        "curation/assignment/conflicts.html",
        {
            "membership": membership,
            "organisation": organisation,
            "form": form,
            "query": query,
            "found": found,
            "declared": declared,
        },
    )


@login_required
@require_POST
def conflict_withdraw(request, slug, conflict_id):
    membership = get_membership_for_user(request.user, slug, Role.CURATOR)
    conflict = get_object_or_404(
        ConflictOfInterest.objects.filter(
            curator=request.user, business__organisation=membership.organisation
        ).select_related("business__organisation"),
        pk=conflict_id,
    )
    assigning.withdraw_conflict(actor=request.user, conflict=conflict)
    messages.success(request, _("Declaration withdrawn."))
    return redirect("curation:conflicts", slug)
