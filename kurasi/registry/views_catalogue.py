"""The office's catalogues on its own pages (no Django admin): product groups, permit and
certificate types, region name aliases. Office admins only: field officers and curators get 403,
anyone outside the office 404, and a row of another office (or a shipped type) 404 by its id.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.lib.concurrency import StaleEdit, show_stale
from kurasi.lib.regions import region_name

from . import services_catalogue as services
from .forms_catalogue import CertificateTypeForm, ProductGroupForm, RegionAliasForm
from .models import CertificateType, ProductGroup, RegionAlias


def get_office_row(user, slug, model, pk):
    """(membership, row) for an admin of the office that owns the row; 404 for anyone else."""
    membership = get_membership_for_user(user, slug, Role.ADMIN)
    row = get_object_or_404(model.objects.filter(organisation=membership.organisation), pk=pk)
    return membership, row


def _form_page(request, membership, form, *, save, saved, tab, title, back):
    if request.method == "POST" and form.is_valid():
        try:
            changes = save(actor=request.user, row=form.save(commit=False))
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            messages.success(request, saved if changes else _("Nothing was changed."))
            return redirect(back, membership.organisation.slug)
    return render(
        request,
        "registry/catalogue/form.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "form": form,
            "tab": tab,
            "title": title,
            "back": back,
        },
    )


def _remove(request, membership, row, *, remove, removed, back):
    try:
        remove(actor=request.user, row=row)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, removed)
    return redirect(back, membership.organisation.slug)


def _list_page(request, membership, template, **context):
    return render(
        request,
        template,
        {"membership": membership, "organisation": membership.organisation, **context},
    )


# Product groups


def _save_group(*, actor, row):
    return services.save_product_group(actor=actor, group=row)


@login_required
def product_groups(request, org_slug):
    membership = get_membership_for_user(request.user, org_slug, Role.ADMIN)
    groups = ProductGroup.objects.filter(organisation=membership.organisation)
    return _list_page(request, membership, "registry/catalogue/product_groups.html", rows=groups)


@login_required
def product_group_add(request, org_slug):
    membership = get_membership_for_user(request.user, org_slug, Role.ADMIN)
    organisation = membership.organisation
    form = ProductGroupForm(
        organisation, request.POST or None, instance=ProductGroup(organisation=organisation)
    )
    return _form_page(
        request,
        membership,
        form,
        save=_save_group,
        saved=_("The product group was added."),
        tab="product_groups",
        title=_("New product group"),
        back="registry:product_groups",
    )


@login_required
def product_group_edit(request, org_slug, pk):
    membership, group = get_office_row(request.user, org_slug, ProductGroup, pk)
    form = ProductGroupForm(membership.organisation, request.POST or None, instance=group)
    return _form_page(
        request,
        membership,
        form,
        save=_save_group,
        saved=_("The product group was saved."),
        tab="product_groups",
        title=_("Edit product group"),
        back="registry:product_groups",
    )


@login_required
@require_POST
def product_group_delete(request, org_slug, pk):
    membership, group = get_office_row(request.user, org_slug, ProductGroup, pk)
    return _remove(
        request,
        membership,
        group,
        remove=lambda actor, row: services.delete_product_group(actor=actor, group=row),
        removed=_("The product group %(name)s was removed.") % {"name": group.name},
        back="registry:product_groups",
    )


# Permit and certificate types


def _save_type(*, actor, row):
    return services.save_certificate_type(actor=actor, certificate_type=row)


@login_required
def certificate_types(request, org_slug):
    membership = get_membership_for_user(request.user, org_slug, Role.ADMIN)
    types = CertificateType.objects.available_to(membership.organisation).order_by(
        "organisation_id", "position", "name"
    )
    return _list_page(request, membership, "registry/catalogue/certificate_types.html", rows=types)


@login_required
def certificate_type_add(request, org_slug):
    membership = get_membership_for_user(request.user, org_slug, Role.ADMIN)
    organisation = membership.organisation
    form = CertificateTypeForm(
        organisation, request.POST or None, instance=CertificateType(organisation=organisation)
    )
    return _form_page(
        request,
        membership,
        form,
        save=_save_type,
        saved=_("The type was added."),
        tab="certificate_types",
        title=_("New permit or certificate type"),
        back="registry:certificate_types",
    )


@login_required
def certificate_type_edit(request, org_slug, pk):
    membership, certificate_type = get_office_row(request.user, org_slug, CertificateType, pk)
    form = CertificateTypeForm(
        membership.organisation, request.POST or None, instance=certificate_type
    )
    return _form_page(
        request,
        membership,
        form,
        save=_save_type,
        saved=_("The type was saved."),
        tab="certificate_types",
        title=_("Edit permit or certificate type"),
        back="registry:certificate_types",
    )


@login_required
@require_POST
def certificate_type_delete(request, org_slug, pk):
    membership, certificate_type = get_office_row(request.user, org_slug, CertificateType, pk)
    return _remove(
        request,
        membership,
        certificate_type,
        remove=lambda actor, row: services.delete_certificate_type(
            actor=actor, certificate_type=row
        ),
        removed=_("The type %(name)s was removed.") % {"name": certificate_type.name},
        back="registry:certificate_types",
    )


# Region name aliases


def _save_alias(*, actor, row):
    return services.save_region_alias(actor=actor, alias=row)


@login_required
def region_aliases(request, org_slug):
    membership = get_membership_for_user(request.user, org_slug, Role.ADMIN)
    aliases = list(
        RegionAlias.objects.filter(organisation=membership.organisation).order_by("alias")
    )
    for alias in aliases:
        alias.region = region_name(alias.code) or ""
    return _list_page(request, membership, "registry/catalogue/region_aliases.html", rows=aliases)


@login_required
def region_alias_add(request, org_slug):
    membership = get_membership_for_user(request.user, org_slug, Role.ADMIN)
    organisation = membership.organisation
    form = RegionAliasForm(
        organisation, request.POST or None, instance=RegionAlias(organisation=organisation)
    )
    return _form_page(
        request,
        membership,
        form,
        save=_save_alias,
        saved=_("The alias was added."),
        tab="region_aliases",
        title=_("New region name alias"),
        back="registry:region_aliases",
    )


@login_required
def region_alias_edit(request, org_slug, pk):
    membership, alias = get_office_row(request.user, org_slug, RegionAlias, pk)
    form = RegionAliasForm(membership.organisation, request.POST or None, instance=alias)
    return _form_page(
        request,
        membership,
        form,
        save=_save_alias,
        saved=_("The alias was saved."),
        tab="region_aliases",
        title=_("Edit region name alias"),
        back="registry:region_aliases",
    )


@login_required
@require_POST
def region_alias_delete(request, org_slug, pk):
    membership, alias = get_office_row(request.user, org_slug, RegionAlias, pk)
    return _remove(
        request,
        membership,
        alias,
        remove=lambda actor, row: services.delete_region_alias(actor=actor, alias=row),
        removed=_("The alias %(alias)s was removed.") % {"alias": alias.alias},
        back="registry:region_aliases",
    )
