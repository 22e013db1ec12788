"""Staff registry: the list of businesses and the business page with everything about it.

Products, certificates, merging and file serving live in the neighbouring `views_*.py` modules.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.audit.history import history
from kurasi.lib.concurrency import StaleEdit, show_stale
from kurasi.lib.notify import whatsapp_link
from kurasi.lib.pagination import CappedPaginator
from kurasi.programmes.models import Application

from . import services
from .access import REGISTRY_ROLES, can_see_nik, get_business_for_staff
from .duplicates import find_duplicates
from .filters import BUSINESS_SEARCHES, PAGE_SIZE, filter_businesses, filter_data, remember_search
from .forms import BusinessForm
from .models import Business, Certificate, Product
from .views_owner import owner_panel

# What a row of the business list shows (registry/business_list.html).
LIST_COLUMNS = (
    "organisation_id",
    "name",
    "owner_name",
    "scale",
    "district_code",
    "village_code",
    "phone",
)


def registry_membership(request, org_slug):
    return get_membership_for_user(request.user, org_slug, *REGISTRY_ROLES)


@login_required
def business_list(request, org_slug):
    membership = registry_membership(request, org_slug)
    organisation = membership.organisation
    if request.method == "POST":
        token = remember_search(request, BUSINESS_SEARCHES, request.POST)
        return redirect(f"{reverse('registry:business_list', args=[org_slug])}?search={token}")
    day = timezone.localdate()
    form, businesses = filter_businesses(
        organisation, filter_data(request, BUSINESS_SEARCHES), day=day
    )
    # Only the columns the rows show: at 25 rows with their products and permits, building
    # model instances from every column cost more than the queries themselves.
    products = Product.objects.select_related("group").only(
        "business_id", "group_id", "name", "group__name"
    )
    certificates = Certificate.objects.valid_on(day).select_related("type")
    businesses = businesses.only(*LIST_COLUMNS).prefetch_related(
        Prefetch("products", queryset=products.order_by("name")),
        Prefetch(
            "certificates",
            queryset=certificates.only("business_id", "type__code"),
            to_attr="valid_certificates",
        ),
    )
    page = CappedPaginator(businesses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/business_list.html",
        {"membership": membership, "organisation": organisation, "form": form, "page": page},
    )


def _merged_target(organisation, business_id):
    """The business a merged record now lives in (following later merges), or None."""
    target = None
    for _step in range(10):
        found = (
            Business.objects.filter(organisation=organisation, pk=business_id)
            .exclude(merged_into=None)
            .values_list("merged_into", flat=True)
            .first()
        )
        if found is None:
            break
        target = business_id = found
    return target


def _history(membership, business, products, certificates, applications):
    """The record's history for office admins (None for other staff): the business, the
    businesses merged into it, its products, certificates and applications."""
    if membership.role != Role.ADMIN:
        return None
    return history(
        business.organisation,
        business,
        *business.merged_from.all(),
        *products,
        *certificates,
        *applications,
    )


@login_required
def business_detail(request, org_slug, pk):
    try:
        membership, business = get_business_for_staff(request.user, org_slug, pk)
    except Http404:
        membership = registry_membership(request, org_slug)
        target = _merged_target(membership.organisation, pk)
        if target is None:
            raise
        messages.info(request, _("That record was merged into this one."))
        return redirect("registry:business_detail", org_slug, target)
    products = list(
        business.products.select_related("group").prefetch_related("photos").order_by("name")
    )
    certificates = list(business.certificates.select_related("type", "product", "verified_by"))
    applications = list(
        Application.objects.filter(product__business=business)
        .select_related("programme", "product")
        .order_by("-programme__year", "product__name")
    )
    duplicates = find_duplicates(
        business.organisation,
        nib=business.nib,
        nik=business.nik,
        phone=business.phone,
        name=business.name,
        village_code=business.village_code,
        exclude_pk=business.pk,
    )
    greeting = _("Hello %(name)s, this is %(office)s.") % {
        "name": business.owner_name,
        "office": business.organisation.name,
    }
    context = {
        "membership": membership,
        "organisation": business.organisation,
        "business": business,
        "show_nik": can_see_nik(membership),
        "whatsapp": whatsapp_link(business.phone, greeting) if business.phone_is_whatsapp else None,
        "products": products,
        "certificates": certificates,
        "applications": applications,
        "duplicates": duplicates,
        "history": _history(membership, business, products, certificates, applications),
        "today": timezone.localdate(),
        "panel": owner_panel(business),
    }
    return render(request, "registry/business_detail.html", context)


@login_required
def business_edit(request, org_slug, pk):
    membership, business = get_business_for_staff(request.user, org_slug, pk)
    form = BusinessForm(
        request.POST or None, organisation=membership.organisation, instance=business
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_business(
                actor=request.user, business=form.save(commit=False), fields=form.changed_data
            )
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            messages.success(request, _("The business was saved."))
            return redirect(business)
    return render(
        request,
        "registry/business_form.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "form": form,
            "business": business,
        },
    )
