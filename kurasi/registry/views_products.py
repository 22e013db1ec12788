"""Staff registry: the list of products, and adding or editing a business's products."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.lib import exports
from kurasi.lib.concurrency import StaleEdit, show_stale
from kurasi.lib.pagination import CappedPaginator

from . import services
from .access import get_business_for_staff
from .filters import PAGE_SIZE, PRODUCT_SEARCHES, filter_data, filter_products, remember_search
from .forms import PhotoForm, ProductForm, product_groups_for
from .models import Product, ProductPhoto
from .views import registry_membership


def get_product_for_staff(request, org_slug, pk):
    """(membership, product) for registry staff of the product's office; 404 for anyone else."""
    membership = registry_membership(request, org_slug)
    product = get_object_or_404(
        Product.objects.for_organisation(membership.organisation).select_related(
            "business__organisation", "group"
        ),
        pk=pk,
    )
    return membership, product


@login_required
def product_list(request, org_slug):
    membership = registry_membership(request, org_slug)
    organisation = membership.organisation
    if request.method == "POST":
        token = remember_search(request, PRODUCT_SEARCHES, request.POST)
        return redirect(f"{reverse('registry:product_list', args=[org_slug])}?search={token}")
    form, products = filter_products(organisation, filter_data(request, PRODUCT_SEARCHES))
    products = products.select_related("business", "group").prefetch_related("photos")
    page = CappedPaginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/product_list.html",
        {
            "membership": membership,
            "organisation": organisation,
            "form": form,
            "page": page,
            "export_links": exports.export_links(request, "registry:product_export", org_slug),
        },
    )


def _save_product(request, product, form, photo_form):
    """Product and optional photo in one transaction: a refused photo leaves nothing written."""
    with transaction.atomic():
        services.save_product(actor=request.user, product=product, fields=form.changed_data)
        if photo_form.cleaned_data.get("photo"):
            services.add_product_photo(
                actor=request.user, product=product, image=photo_form.cleaned_data["photo"]
            )


class OptionalPhotoForm(PhotoForm):
    """Staff may add a product first and its photo later: an empty upload field is no error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].required = False

    def clean_photo(self):
        return super().clean_photo() if self.cleaned_data.get("photo") else None


def _optional_photo_form(request):
    return OptionalPhotoForm(request.POST or None, request.FILES or None)


def _render_form(request, membership, business, form, photo_form, product=None):
    return render(
        request,
        "registry/product_form.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "business": business,
            "product": product,
            "form": form,
            "photo_form": photo_form,
        },
    )


@login_required
def product_add(request, org_slug, business_pk):
    membership, business = get_business_for_staff(request.user, org_slug, business_pk)
    form = ProductForm(request.POST or None, groups=product_groups_for(membership.organisation))
    photo_form = _optional_photo_form(request)
    if request.method == "POST" and form.is_valid() & photo_form.is_valid():
        product = form.save(commit=False)
        product.business = business
        _save_product(request, product, form, photo_form)
        messages.success(request, _("The product was added."))
        return redirect(business)
    return _render_form(request, membership, business, form, photo_form)


@login_required
def product_edit(request, org_slug, pk):
    membership, product = get_product_for_staff(request, org_slug, pk)
    form = ProductForm(
        request.POST or None, groups=product_groups_for(membership.organisation), instance=product
    )
    photo_form = _optional_photo_form(request)
    if request.method == "POST" and form.is_valid() & photo_form.is_valid():
        try:
            _save_product(request, form.save(commit=False), form, photo_form)
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            messages.success(request, _("The product was saved."))
            return redirect(product.business)
    return _render_form(request, membership, product.business, form, photo_form, product)


@login_required
@require_POST
def photo_remove(request, org_slug, pk):
    membership = registry_membership(request, org_slug)
    photo = get_object_or_404(
        ProductPhoto.objects.select_related("product__business__organisation").filter(
            product__business__organisation=membership.organisation,
            product__business__merged_into=None,
        ),
        pk=pk,
    )
    services.remove_product_photo(actor=request.user, photo=photo)
    messages.success(request, _("The photo was removed."))
    return redirect("registry:product_edit", org_slug, photo.product_id)
