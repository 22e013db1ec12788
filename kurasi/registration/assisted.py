"""Assisted registration: a field officer (or office admin) registers a producer on their behalf,
at the desk or in the field, with the producer's consent ticked and the officer recorded.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from kurasi.accounts.access import get_membership_for_user
from kurasi.lib.phone import try_normalise_phone
from kurasi.programmes.models import Programme, ProgrammeStatus
from kurasi.registry.models import Business

from . import steps
from .forms import FindBusinessForm
from .wizard import ASSISTED_ROLES, assisted_step

SEARCH_LIMIT = 20


@login_required
def calls(request, org_slug):
    """The office's calls an officer can register producers into."""
    membership = get_membership_for_user(request.user, org_slug, *ASSISTED_ROLES)
    programmes = (
        Programme.objects.for_organisation(membership.organisation)
        .filter(status=ProgrammeStatus.OPEN)
        .order_by("registration_closes_at")
    )
    return render(
        request,
        "registration/assisted_calls.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "programmes": programmes,
        },
    )


def find(request, wizard):
    """Find the producer's business (by name or phone, within the office) or start a new one.

    The search is a POST so a phone number never lands in an address or a server log.
    """
    form = FindBusinessForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = search_businesses(wizard.organisation, form.cleaned_data["q"])
    return wizard.render(
        request,
        "registration/assisted_find.html",
        {"form": form, "results": results, "limit": SEARCH_LIMIT},
        step="start",
    )


def search_businesses(organisation, query):
    query = query.strip()
    phone = try_normalise_phone(query) if any(c.isdigit() for c in query) else None
    condition = Q(name__icontains=query) | Q(owner_name__icontains=query)
    if phone:
        condition |= Q(phone=phone)
    return list(
        Business.objects.for_organisation(organisation)
        .filter(condition)
        .select_related("owner")
        .order_by("name", "pk")[:SEARCH_LIMIT]
    )


assisted_find = assisted_step(find)
business_new = assisted_step(steps.business_step)
business = assisted_step(steps.business_step)
products = assisted_step(steps.products_step)
product = assisted_step(steps.product_step)
documents = assisted_step(steps.documents_step)
review = assisted_step(steps.review_step)
