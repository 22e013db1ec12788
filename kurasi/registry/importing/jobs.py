"""Confirmed imports: in the request for an ordinary file, as a background task for a large one.

A file of more than KURASI_IMPORT_BACKGROUND_ROWS rows (by the dry run's count) is not written
inside the web request: `start` records a job (pending.py) and enqueues `run_job`, and the
request returns at once to the job's page, which polls the record (rows done of total, then the
result). The task updates the record every PROGRESS_EVERY rows. In development the immediate
backend runs the task before the request returns; in production a worker does (`db_worker`).

Either way a run that leaves rows out (a partial import) keeps the error file beside the job
record and the job page offers it for download.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from kurasi.accounts.models import Organisation

from . import pending
from .apply import ImportRefused, run_import
from .errors import error_file

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


def background_threshold():
    return getattr(settings, "KURASI_IMPORT_BACKGROUND_ROWS", 20_000)


def in_background(rows) -> bool:
    return bool(rows) and rows > background_threshold()


def start(token, *, actor, organisation, rows, options):
    """Record the job and enqueue it; the kept file is the task's to read and delete."""
    pending.save_job(
        token, organisation=organisation, status=QUEUED, total=rows, done=0, user=actor.pk
    )
    run_job.enqueue(
        organisation_id=organisation.pk,
        user_id=actor.pk,
        token=token,
        options=options,
        language=translation.get_language(),
    )


def finish(token, plan, *, organisation):
    """Record the result of an applied plan, with the error file when rows were left out."""
    left_out = plan.left_out_count
    if left_out:
        with error_file(plan) as handle:
            pending.save_error_file(token, handle, organisation=organisation)
    pending.save_job(
        token,
        organisation=organisation,
        status=DONE,
        total=len(plan.rows),
        done=len(plan.rows),
        imported=plan.importable_count,
        left_out=left_out,
        totals=plan.totals,
    )


@task()
def run_job(*, organisation_id, user_id, token, options, language):
    organisation = Organisation.objects.get(pk=organisation_id)
    user = get_user_model().objects.get(pk=user_id)
    handle = pending.open_upload(token, organisation=organisation, user=user)
    if handle is None:
        pending.save_job(token, organisation=organisation, status=FAILED, message="expired")
        return {"status": FAILED}
    pending.save_job(token, organisation=organisation, status=RUNNING)

    def progress(done):
        pending.save_job(token, organisation=organisation, done=done)

    with translation.override(language):
        try:
            with handle:
                plan = run_import(
                    handle, actor=user, organisation=organisation, progress=progress, **options
                )
        except ImportRefused:
            pending.save_job(token, organisation=organisation, status=FAILED, message="refused")
            return {"status": FAILED}
        except DatabaseError:
            pending.save_job(token, organisation=organisation, status=FAILED, message="database")
            return {"status": FAILED}
        finish(token, plan, organisation=organisation)
    pending.discard_upload(token, organisation=organisation, user=user)
    return {"status": DONE, "rows": len(plan.rows)}


FAILURES = {
    "expired": lambda: _(
        "The uploaded file had expired before the import started. Upload it again."
    ),
    "refused": lambda: _("The file has errors: nothing was imported."),
    "database": lambda: _(
        "The database refused the import, so nothing was imported. "
        "Check the file's values or ask the administrator."
    ),
}
