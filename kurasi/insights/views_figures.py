"""The office's figures page and the programme report for the head of office (reads only)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.chain import offices_below
from kurasi.accounts.models import Role
from kurasi.programmes.models import Programme

from .dashboard import office_dashboard
from .figures_chain import cached_display, chain_scope
from .forms import FigureFilterForm
from .report import render_report_pdf

# Curators are left out: they see their own queue, not the office's figures.
FIGURE_ROLES = (Role.ADMIN, Role.FIELD_OFFICER)


@login_required
def office_figures(request, slug):
    membership = get_membership_for_user(request.user, slug, *FIGURE_ROLES)
    organisation = membership.organisation
    below = offices_below(organisation)
    form = FigureFilterForm(organisation, request.GET, offices_below=below)
    scope = form.scope()
    context = {
        "membership": membership,
        "organisation": organisation,
        "form": form,
        "scope": scope,
        **office_dashboard(scope),
        "chain": offices_below_figures(organisation, below, scope),
    }
    return render(request, "insights/figures.html", context)


def offices_below_figures(organisation, below, scope):
    """The offices below this one (a province's cities and regencies), combined and one by one,
    for the year shown (a chosen programme's year); None for an office with none below."""
    year = scope.programme.year if scope.programme else scope.year
    # Announced programmes only, as the open data counts: drafts are each office's own business.
    combined = chain_scope(organisation, below, year=year, published_only=True)
    if combined is None:
        return None
    return {"year": year, **cached_display(combined)}


@login_required
def programme_report(request, slug, programme_slug):
    """Admins only: the report names the producers who passed and goes to the head of office
    under the office's letterhead, which is an admin's act (field officers see the figures)."""
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    programme = get_object_or_404(
        Programme, organisation=membership.organisation, slug=programme_slug
    )
    response = HttpResponse(render_report_pdf(programme), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="laporan-{programme.slug}.pdf"'
    return response
