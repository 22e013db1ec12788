"""Verifying many applications from the programme's list, and the way to the next one waiting.

The applications ticked (or all matching the list's search) travel in the form; the list's
search stays in the address, so the person comes back to the list as they left it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kurasi.outbox.models import Message
from kurasi.outbox.services import summary_of_many

from .forms import ApplicationFilterForm
from .forms_bulk import BulkVerificationForm
from .models import Application, ApplicationStatus
from .verification import next_waiting, verify_applications

MAX_TICKED = 500  # ticked on list pages of 25; "all matching" covers any number
SHOWN_CHOSEN = 50


def _chosen(request, programme, filtered):
    """(applications, count, hidden fields) chosen on the list; None when none is."""
    if request.POST.get("all_matching") == "on":
        applications = filtered(programme, ApplicationFilterForm(request.GET, programme=programme))
        count = applications.count()
        return (applications, count, [("all_matching", "on")]) if count else None
    ticked = [int(v) for v in request.POST.getlist("application") if v.isdigit()][:MAX_TICKED]
    ids = list(
        Application.objects.for_programme(programme)
        .filter(pk__in=ticked)
        .values_list("pk", flat=True)
    )
    return (ids, len(ids), [("application", i) for i in ids]) if ids else None


def summary_message(result) -> str:
    """ "41 marked complete; 2 skipped: already verified (2). Messages to producers: …"."""
    done = len(result.done)
    if result.complete:
        text = ngettext(
            "%(n)d application marked complete.", "%(n)d applications marked complete.", done
        )
    else:
        text = ngettext(
            "%(n)d application marked incomplete.", "%(n)d applications marked incomplete.", done
        )
    parts = [text % {"n": done}]
    skipped = sum(result.skipped.values())
    if skipped:
        reasons = ", ".join(f"{reason} ({count})" for reason, count in result.skipped_reasons())
        parts.append(
            ngettext("%(n)d skipped: %(reasons)s.", "%(n)d skipped: %(reasons)s.", skipped)
            % {"n": skipped, "reasons": reasons}
        )
    if result.message_ids:
        parts.append(summary_of_many([Message(pk=pk) for pk in result.message_ids]))
    return " ".join(parts)


@login_required
@require_POST
def application_bulk_verify(request, org_slug, slug):
    """Mark the chosen waiting applications complete, or incomplete with one reason."""
    from .views import _filtered_applications, get_programme_for_staff

    membership, programme = get_programme_for_staff(request.user, org_slug, slug)
    query = request.GET.urlencode()
    back = reverse("programmes:programme_detail", args=[org_slug, slug])
    back += f"?{query}" if query else ""
    chosen = _chosen(request, programme, _filtered_applications)
    if chosen is None:
        messages.error(request, _("Choose at least one application first."))
        return redirect(back)
    applications, count, hidden = chosen
    form = BulkVerificationForm(request.POST)
    if not form.is_valid():
        listed = applications if isinstance(applications, list) else applications.values("pk")
        shown = (
            Application.objects.filter(pk__in=listed)
            .select_related("product__business")
            .order_by("-submitted_at", "-id")[:SHOWN_CHOSEN]
        )
        context = {
            "membership": membership,
            "organisation": membership.organisation,
            "programme": programme,
            "form": form,
            "hidden": hidden,
            "count": count,
            "shown": shown,
            "query": query,
            "back": back,
        }
        return render(request, "programmes/bulk_verify.html", context, status=400)
    result = verify_applications(
        actor=request.user,
        programme=programme,
        applications=applications,
        complete=form.cleaned_data["decision"] == ApplicationStatus.VERIFIED,
        note=form.cleaned_data["note"],
    )
    (messages.success if result.done else messages.warning)(request, summary_message(result))
    return redirect(back)


def after_single_verification(programme, application):
    """Where a single verification goes next: the next application waiting, or the list."""
    following = next_waiting(programme, application)
    if following is None:
        return reverse(
            "programmes:programme_detail", args=[programme.organisation.slug, programme.slug]
        )
    return reverse(
        "programmes:application_verify",
        args=[programme.organisation.slug, programme.slug, following.pk],
    )
