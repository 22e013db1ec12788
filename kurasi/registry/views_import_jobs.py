"""A confirmed import's page: its progress while a worker writes a large file, then the result,
and the error file of the rows left out. For the office's admins and field officers."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kurasi.accounts.access import get_membership_for_user

from .access import REGISTRY_ROLES
from .importing import jobs, pending
from .importing.errors import REASON_HEADER

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _job(request, slug, token):
    membership = get_membership_for_user(request.user, slug, *REGISTRY_ROLES)
    job = pending.load_job(token, organisation=membership.organisation)
    if job is None:
        raise Http404
    return membership, job


@login_required
@require_GET
def job_page(request, slug, token):
    """The run's state; htmx asks for the panel again every two seconds until it is finished."""
    membership, job = _job(request, slug, token)
    total, done = job.get("total") or 0, job.get("done") or 0
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "job": job,
        "token": token,
        "finished": job.get("status") in (jobs.DONE, jobs.FAILED),
        "percent": min(100, done * 100 // total) if total else 0,
        "failure": jobs.FAILURES.get(job.get("message"), lambda: "")(),
        "reason_header": REASON_HEADER,
    }
    template = "registry/io/_job_panel.html" if request.headers.get("HX-Request") else None
    return render(request, template or "registry/io/job.html", context)


@login_required
@require_GET
def job_errors(request, slug, token):
    """The rows left out, with the reason for each (.xlsx)."""
    membership, job = _job(request, slug, token)
    organisation = membership.organisation
    handle = pending.open_error_file(token, organisation=organisation)
    if handle is None:
        raise Http404
    jobs.record_error_file_download(
        actor=request.user, organisation=organisation, token=token, rows=job.get("left_out")
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"kurasi-import-errors-{token[:8]}.xlsx",
        content_type=XLSX_TYPE,
    )
