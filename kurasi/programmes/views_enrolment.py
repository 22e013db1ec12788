"""Entering many businesses into a call: from the registry list (the businesses ticked, or all
matching its search) or from an import's result, through a preview, to the result.

The businesses chosen travel in the form (POST), never in the address; the registry's search
stays in the address as the list had it (`?search=<key>`, see kurasi/registry/filters.py), so
"all matching" means the same search on every step. The confirmation carries the preview's
fingerprint: if anything changed in between, the person sees the new preview instead.
"""

import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.outbox.models import Message
from kurasi.outbox.services import summary_of_many
from kurasi.registry.access import REGISTRY_ROLES
from kurasi.registry.filters import BUSINESS_SEARCHES, filter_businesses, filter_data
from kurasi.registry.importing import pending
from kurasi.registry.models import Business

from .enrolment import ConsentBasis, Outcome, PreviewOutdated, enrol, preview_enrolment
from .forms_bulk import EnrolmentForm

MAX_TICKED = 500  # ticked on list pages of 25; "all matching the search" covers any number
SHOWN_REFUSED = 300
SHOWN_ENTERING = 200
RESULT_KEPT = 24 * 60 * 60


@dataclass
class Selection:
    source: str  # "registry" or "import"
    businesses: object  # a queryset (all matching a search) or a list of ids
    count: int
    hidden: list  # [(name, value)] carried to the next step
    query: str  # the registry's search, kept in the address
    back_url: str


def _selection(request, organisation):
    """The businesses chosen, from the form; None when there are none."""
    data = request.POST
    if data.get("source") == "import":
        run = data.get("run", "")
        ids = pending.load_job_businesses(run, organisation=organisation)
        if not ids:
            return None
        back = reverse("registry_io:job", args=[organisation.slug, run])
        hidden = [("source", "import"), ("run", run)]
        return Selection("import", ids, len(ids), hidden, "", back)
    query = request.GET.urlencode()
    back = reverse("registry:business_list", args=[organisation.slug])
    back += f"?{query}" if query else ""
    if data.get("all_matching") == "on":
        _form, businesses = filter_businesses(organisation, filter_data(request, BUSINESS_SEARCHES))
        count = businesses.count()
        if not count:
            return None
        return Selection("registry", businesses, count, [("all_matching", "on")], query, back)
    ticked = [int(v) for v in data.getlist("business") if v.isdigit()][:MAX_TICKED]
    ids = list(
        Business.objects.for_organisation(organisation)
        .filter(pk__in=ticked)
        .values_list("pk", flat=True)
    )
    if not ids:
        return None
    return Selection("registry", ids, len(ids), [("business", i) for i in ids], query, back)


def _staff(request, org_slug):
    return get_membership_for_user(request.user, org_slug, *REGISTRY_ROLES)


def _page(request, membership, selection, form, plan=None, status=200):
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "selection": selection,
        "form": form,
        "plan": plan,
        "outcomes": Outcome,
    }
    if plan is not None:
        refused, entering = plan.refused, plan.entering
        context["shown"] = refused[:SHOWN_REFUSED] + entering[:SHOWN_ENTERING]
        context["counts"] = plan.counts
        context["reasons"] = plan.refusals_by_reason()
        context["chosen"] = form.cleaned_data
    return render(request, "programmes/enrol.html", context, status=status)


def _nothing_chosen(request, organisation):
    messages.error(request, _("Choose at least one business first."))
    back = reverse("registry:business_list", args=[organisation.slug])
    query = request.GET.urlencode()
    return redirect(f"{back}?{query}" if query else back)


@login_required
@require_POST
def enrol_preview(request, org_slug):
    """Choose the call and the consent basis; then see what would be entered and refused."""
    membership = _staff(request, org_slug)
    organisation = membership.organisation
    selection = _selection(request, organisation)
    if selection is None:
        return _nothing_chosen(request, organisation)
    if "programme" in request.POST:
        form = EnrolmentForm(request.POST, organisation=organisation)
    else:  # arriving from the list: with one open call, show its preview at once
        form = EnrolmentForm(organisation=organisation)
        calls = list(form.fields["programme"].queryset[:2])
        if len(calls) == 1:
            initial = {"programme": calls[0].pk, "consent_basis": ConsentBasis.RECORDED}
            form = EnrolmentForm(initial, organisation=organisation)
    plan = None
    if form.is_bound and form.is_valid():
        plan = preview_enrolment(
            programme=form.cleaned_data["programme"],
            businesses=selection.businesses,
            consent_basis=form.cleaned_data["consent_basis"],
        )
    return _page(request, membership, selection, form, plan)


@login_required
@require_POST
def enrol_confirm(request, org_slug):
    """Enter the products as previewed, in one transaction; then the result page."""
    membership = _staff(request, org_slug)
    organisation = membership.organisation
    selection = _selection(request, organisation)
    if selection is None:
        return _nothing_chosen(request, organisation)
    form = EnrolmentForm(request.POST, organisation=organisation)
    if not form.is_valid():
        return _page(request, membership, selection, form, status=400)
    choice = form.cleaned_data
    try:
        plan = enrol(
            actor=request.user,
            programme=choice["programme"],
            businesses=selection.businesses,
            consent_basis=choice["consent_basis"],
            consent_note=choice["consent_note"],
            expected=request.POST.get("fingerprint", ""),
            source=selection.source,
        )
    except (PreviewOutdated, IntegrityError):
        # Nothing was written; show what would happen now.
        messages.warning(
            request,
            _(
                "Something changed since the preview (another registration, the quota, a "
                "business): nothing was entered yet. Check the preview again and confirm."
            ),
        )
        plan = preview_enrolment(
            programme=choice["programme"],
            businesses=selection.businesses,
            consent_basis=choice["consent_basis"],
        )
        return _page(request, membership, selection, form, plan, status=409)
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, membership, selection, form, status=400)
    token = _keep_result(organisation, plan, selection)
    return redirect("programmes:enrol_result", org_slug, token)


def result_key(organisation, token):
    return f"enrolment-result:{organisation.pk}:{token}"


def _keep_result(organisation, plan, selection):
    """What the result page shows, kept for a day in the shared cache (any app server)."""
    token = secrets.token_hex(16)
    programme = plan.programme
    result = {
        "programme": programme.title,
        "slug": programme.slug,
        "counts": plan.counts,
        "reasons": [[str(label), count] for _code, label, count in plan.refusals_by_reason()],
        "basis": str(ConsentBasis(plan.consent_basis).label),
        "source": selection.source,
        "back": selection.back_url,
        "delivery": summary_of_many([Message(pk=pk) for pk in plan.message_ids]),
        "refused": [
            [e.business_id, e.business_name, e.product_name, e.detail]
            for e in plan.refused[:SHOWN_REFUSED]
        ],
        "entered": [
            [e.business_id, e.business_name, e.product_name, e.application_id]
            for e in plan.entering[:SHOWN_ENTERING]
        ],
    }
    cache.set(result_key(organisation, token), result, RESULT_KEPT)
    return token


@login_required
@require_GET
def enrol_result(request, org_slug, token):
    membership = _staff(request, org_slug)
    result = cache.get(result_key(membership.organisation, token)) if len(token) == 32 else None
    if result is None:
        raise Http404
    return render(
        request,
        "programmes/enrol_result.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "result": result,
            "token": token,
        },
    )
