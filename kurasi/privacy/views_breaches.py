"""The register of personal data breaches (office admins)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.lib import exports
from kurasi.lib.concurrency import StaleEdit, show_stale

from .breaches import breaches_in_order, save_breach
from .forms import BreachForm
from .models import DataBreach


@login_required
def breach_list(request, slug):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    now = timezone.now()
    return render(
        request,
        "privacy/breach_list.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "breaches": breaches_in_order(membership.organisation, now),
            "now": now,
            "export_links": exports.export_links(request, "privacy:breach_export", slug),
        },
    )


def _breach_form_page(request, membership, breach):
    form = BreachForm(request.POST or None, instance=breach)
    if request.method == "POST" and form.is_valid():
        try:
            save_breach(
                actor=request.user,
                organisation=membership.organisation,
                breach=form.instance,
                fields=form.changed_data,
            )
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            messages.success(request, _("The breach register is saved."))
            return redirect("privacy:breach_list", membership.organisation.slug)
    return render(
        request,
        "privacy/breach_form.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "form": form,
            "breach": breach,
            "now": timezone.now(),
        },
    )


@login_required
def breach_create(request, slug):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    return _breach_form_page(request, membership, DataBreach(discovered_at=timezone.now()))


@login_required
def breach_edit(request, slug, breach_id):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    breach = get_object_or_404(
        DataBreach.objects.for_organisation(membership.organisation), pk=breach_id
    )
    return _breach_form_page(request, membership, breach)
