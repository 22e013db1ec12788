"""The office's settings, kept by its admins inside Kurasi: a hub page and the office profile.

Field officers and curators are refused (403); anyone outside the office gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from kurasi.lib.concurrency import StaleEdit, show_stale

from .access import get_membership_for_user
from .forms_office import OfficeProfileForm
from .models import Organisation, Role
from .services_office import save_office_profile


def _optional_url(name, slug):
    """A page another part of Kurasi may provide (the curators' groups): linked when it exists."""
    try:
        return reverse(name, args=[slug])
    except NoReverseMatch:
        return None


@login_required
def office_settings(request, slug):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    return render(
        request,
        "accounts/office/settings.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "curator_groups_url": _optional_url("curation:curator_groups", slug),
        },
    )


@login_required
def office_profile(request, slug):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    # A row of its own: the form writes what was typed into its instance even when it is
    # refused, and the page's header must keep showing the saved name.
    organisation = Organisation.objects.select_related("parent").get(pk=membership.organisation_id)
    form = OfficeProfileForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            changes = save_office_profile(
                actor=request.user,
                organisation=membership.organisation,
                values=form.profile_values(),
                logo=form.cleaned_data.get("logo_upload"),
                remove_logo=form.cleaned_data.get("remove_logo", False),
                revision=form.cleaned_data["revision"],
            )
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            if changes:
                messages.success(request, _("The office profile was saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("office:profile", slug)
    return render(
        request,
        "accounts/office/profile.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "form": form,
            # Read-only here: only the platform operator places an office in the chain.
            "office_above": organisation.parent,
            "offices_below": organisation.offices_below.count(),
        },
    )
