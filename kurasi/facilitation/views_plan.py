"""The producer's improvement plan (page and PDF), a business's timeline for staff, and a
programme compared with the year before."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from kurasi.accounts.access import get_membership_for_user
from kurasi.programmes.models import Programme
from kurasi.registry.access import get_business_for_owner, get_business_for_staff
from kurasi.registry.models import Business

from .plan import build_plan, render_plan_pdf
from .progress import compare
from .views import STAFF_ROLES


@login_required
def my_plan(request):
    businesses = Business.objects.owned_by(request.user).select_related("organisation")
    plans = [build_plan(business) for business in businesses]
    return render(request, "facilitation/my_plan.html", {"plans": plans})


@login_required
def my_plan_pdf(request, business_id):
    business = get_business_for_owner(request.user, business_id)
    plan = build_plan(business)
    response = HttpResponse(render_plan_pdf(plan), content_type="application/pdf")
    name = slugify(f"rencana-pembinaan-{business.name}") or "rencana-pembinaan"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    # The plan names its producer: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def business_timeline(request, slug, business_id):
    membership, business = get_business_for_staff(request.user, slug, business_id, *STAFF_ROLES)
    return render(
        request,
        "facilitation/timeline.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "business": business,
            "plan": build_plan(business),
        },
    )


@login_required
def programme_comparison(request, slug, programme_slug):
    membership = get_membership_for_user(request.user, slug, *STAFF_ROLES)
    programme = get_object_or_404(
        Programme.objects.filter(organisation=membership.organisation), slug=programme_slug
    )
    current, previous, returning = compare(programme)
    coverage = [
        {
            "name": name,
            "now": (held, share),
            "before": previous.coverage[i][1:] if previous else None,
        }
        for i, (name, held, share) in enumerate(current.coverage)
    ]
    return render(
        request,
        "facilitation/compare.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "current": current,
            "previous": previous,
            "returning": returning,
            "coverage": coverage,
            "programmes": Programme.objects.filter(organisation=membership.organisation),
        },
    )
