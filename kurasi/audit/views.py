"""The office's audit log for its admins: filters, pages and exports of who changed what."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.lib.pagination import CappedPaginator

from . import export
from .forms import AuditFilterForm
from .models import AuditEvent
from .present import entries
from .services import record_event

PAGE_SIZE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request, org_slug):
    """(membership, form, events) for an admin of the office; 404 elsewhere, 403 for other staff."""
    membership = get_membership_for_user(request.user, org_slug, Role.ADMIN)
    organisation = membership.organisation
    form = AuditFilterForm(request.GET, organisation=organisation)
    events = form.filter(AuditEvent.objects.for_organisation(organisation))
    return membership, form, events.order_by("-created_at", "-id")


@login_required
def audit_log(request, org_slug):
    membership, form, events = _filtered(request, org_slug)
    page = CappedPaginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "form": form,
            "page": page,
            "entries": entries(page.object_list),
        },
    )


@login_required
def audit_export(request, org_slug, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    membership, form, events = _filtered(request, org_slug)
    organisation = membership.organisation
    # The log names people and may hold contact details: who took it out is recorded too.
    record_event(
        actor=request.user,
        action="audit.exported",
        obj=organisation,
        organisation=organisation,
        changes={"format": [None, fmt], "filters": [None, form.summary()]},
    )
    filename = f"kurasi-audit-{organisation.slug}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            export.csv_lines(events), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(
        export.xlsx_file(events), as_attachment=True, filename=filename, content_type=XLSX_TYPE
    )
