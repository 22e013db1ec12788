"""Starting a programme from an earlier one (office admin)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.programmes.models import Programme

from .forms_programme_copy import ProgrammeCopyForm
from .programme_copy import copy_programme, suggested_copy


def _chosen_source(organisation, pk):
    """The office's programme named by ?from= (the programme page's "copy" link), or None."""
    if not (pk or "").isdigit():
        return None
    return Programme.objects.for_organisation(organisation).filter(pk=pk).first()


@login_required
@require_http_methods(["GET", "POST"])
def programme_copy(request, slug):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    organisation = membership.organisation
    initial = {"year": timezone.localdate().year}
    source = _chosen_source(organisation, request.GET.get("from"))
    if source is not None:
        initial = suggested_copy(source, timezone.now())
    form = ProgrammeCopyForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        result = copy_programme(actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("The programme was copied as a draft. Check its settings before opening it."),
        )
        if result.curators_left_out:
            messages.warning(
                request,
                _("No longer curators of the office, so left off the tables: %(names)s.")
                % {"names": ", ".join(c.full_name for c in result.curators_left_out)},
            )
        return redirect("programmes:programme_detail", slug, result.programme.slug)
    return render(
        request,
        "curation/programme_copy.html",
        {"membership": membership, "organisation": organisation, "form": form},
    )
