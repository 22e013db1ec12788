"""Curators' product groups (office admin): one row per curator with the office's groups as
checkboxes, and per group how many curators cover it. Automatic assignment reads these."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role

from .forms_curators import CuratorGroupsForm
from .services_curators import coverage_counts, curator_rows, office_groups, set_groups_of_curators


def row_form(curator, groups, data=None):
    return CuratorGroupsForm(
        data,
        groups=groups,
        prefix=f"curator-{curator.pk}",
        initial={"groups": [c.product_group_id for c in curator.covered]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def curator_groups(request, slug):
    """Saved in one go. Only the rows the page showed are saved (each row sends its curator's
    id), so a curator added meanwhile is not emptied by a form that never listed them."""
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    organisation = membership.organisation
    groups = list(office_groups(organisation))
    curators = list(curator_rows(organisation))
    sent = set(request.POST.getlist("curator")) if request.method == "POST" else set()
    rows = [
        (curator, row_form(curator, groups, request.POST if str(curator.pk) in sent else None))
        for curator in curators
    ]
    if request.method == "POST":
        bound = [(curator, form) for curator, form in rows if form.is_bound]
        if all(form.is_valid() for _curator, form in bound):
            choices = {curator: form.cleaned_data["groups"] for curator, form in bound}
            try:
                changed = set_groups_of_curators(
                    actor=request.user, organisation=organisation, choices=choices
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, saved_message(changed))
                return redirect("curation:curator_groups", organisation.slug)
    return render(
        request,
        "curation/assignment/curator_groups.html",
        {
            "membership": membership,
            "organisation": organisation,
            "groups": groups,
            "rows": rows,
            "coverage": coverage_counts(groups, curators),
        },
    )


def saved_message(changed):
    if not changed:
        return _("Nothing changed.")
    return ngettext(
        "Saved: the product groups of %(count)s curator changed.",
        "Saved: the product groups of %(count)s curators changed.",
        changed,
    ) % {"count": changed}
