"""Staff registry: adding, editing and verifying a business's permits and certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.lib.concurrency import StaleEdit, show_stale

from . import services
from .access import get_business_for_staff
from .forms import CertificateForm
from .models import Certificate
from .views import registry_membership


def get_certificate_for_staff(request, org_slug, pk):
    """(membership, certificate) for registry staff of its office; 404 for anyone else."""
    membership = registry_membership(request, org_slug)
    certificate = get_object_or_404(
        Certificate.objects.select_related("business__organisation", "type").filter(
            business__organisation=membership.organisation, business__merged_into=None
        ),
        pk=pk,
    )
    return membership, certificate


def _form_page(request, membership, business, form, certificate=None):
    return render(
        request,
        "registry/certificate_form.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "business": business,
            "certificate": certificate,
            "form": form,
        },
    )


@login_required
def certificate_add(request, org_slug, business_pk):
    membership, business = get_business_for_staff(request.user, org_slug, business_pk)
    form = CertificateForm(request.POST or None, request.FILES or None, business=business)
    if request.method == "POST" and form.is_valid():
        services.save_certificate(
            actor=request.user,
            certificate=form.save(commit=False),
            document=form.cleaned_data["document_file"],
        )
        messages.success(request, _("The permit or certificate was added."))
        return redirect(business)
    return _form_page(request, membership, business, form)


@login_required
def certificate_edit(request, org_slug, pk):
    membership, certificate = get_certificate_for_staff(request, org_slug, pk)
    form = CertificateForm(
        request.POST or None,
        request.FILES or None,
        business=certificate.business,
        instance=certificate,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_certificate(
                actor=request.user,
                certificate=form.save(commit=False),
                document=form.cleaned_data["document_file"],
            )
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            messages.success(request, _("The permit or certificate was saved."))
            return redirect(certificate.business)
    return _form_page(request, membership, certificate.business, form, certificate)


@login_required
@require_POST
def certificate_verify(request, org_slug, pk):
    _membership, certificate = get_certificate_for_staff(request, org_slug, pk)
    services.verify_certificate(actor=request.user, certificate=certificate)
    messages.success(
        request, _("%(certificate)s is marked as verified.") % {"certificate": certificate}
    )
    return redirect(certificate.business)
