"""Confirmed imports: in the request for an ordinary file, as a background task for a large one.

A file of more than KURASI_IMPORT_BACKGROUND_ROWS rows (by the dry run's count) is not written
inside the web request: `start` records a job (pending.py) and enqueues `run_job`, and the
request returns at once to the job's page, which polls the record (rows done of total, then the
result). The task updates the record every PROGRESS_EVERY rows. In development the immediate
backend runs the task before the request returns; in production a worker does (`db_worker`).

A worker killed after the import's commit and before the job record says so (the task is queued
again by `requeue_stalled_tasks`) writes nothing twice: the import records its key in the task
ledger (kurasi.worker) inside its own transaction, and a second run that finds it only checks the
file again, for the error file, and records the job done.

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
from kurasi.audit.services import record_event
from kurasi.worker.effects import already_done, record_done

from . import pending
from .apply import ImportRefused, run_import
from .errors import error_file
from .planner import plan_import

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


def background_threshold():
    return getattr(settings, "KURASI_IMPORT_BACKGROUND_ROWS", 20_000)


def in_background(rows) -> bool:
    return bool(rows) and rows > background_threshold()


def start(token, *, actor, organisation, rows, options):
    """Record the job and enqueue it; the kept file is the task's to read and delete. A second
    confirmation of the same file (a double click) enqueues nothing more."""
    if pending.load_job(token, organisation=organisation) is not None:
        return
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


def finish(token, plan, *, organisation, recovered=False):
    """Record the result of an applied plan, with the error file when rows were left out.
    `recovered`: the plan is a re-check after the import was written (its counts are lost)."""
    left_out = plan.left_out_count
    if left_out:
        with error_file(plan) as handle:
            pending.save_error_file(token, handle, organisation=organisation)
    written = [b.existing_id for b in plan.businesses if b.existing_id is not None]
    pending.save_job_businesses(token, written, organisation=organisation)
    pending.save_job(
        token,
        organisation=organisation,
        status=DONE,
        total=len(plan.rows),
        done=len(plan.rows),
        imported=plan.importable_count,
        left_out=left_out,
        totals=plan.totals,
        recovered=recovered,
        businesses=len(written),
        enrolments=plan.enrolments,
    )


def record_error_file_download(*, actor, organisation, token, rows):
    """Side effect: one audit event (the file holds the rows' personal data as typed)."""
    record_event(
        actor=actor,
        action="registry.import_errors_downloaded",
        obj=organisation,
        organisation=organisation,
        changes={"run": [None, token[:8]], "rows": [None, rows]},
    )


@task()
def run_job(*, organisation_id, user_id, token, options, language):
    organisation = Organisation.objects.get(pk=organisation_id)
    user = get_user_model().objects.get(pk=user_id)
    job = pending.load_job(token, organisation=organisation) or {}
    if job.get("status") in (DONE, FAILED):  # run already (the task was queued twice)
        return {"status": job["status"]}
    handle = pending.open_upload(token, organisation=organisation, user=user)
    if handle is None:
        pending.save_job(token, organisation=organisation, status=FAILED, message="expired")
        return {"status": FAILED}
    pending.save_job(token, organisation=organisation, status=RUNNING)
    key = f"import:{token}"
    if already_done(key):  # committed by a worker that stopped before recording the result
        with translation.override(language), handle:
            planning = {k: v for k, v in options.items() if k != "enrolment"}
            plan = plan_import(handle, organisation=organisation, **planning)  # writes nothing
        finish(token, plan, organisation=organisation, recovered=True)
        pending.discard_upload(token, organisation=organisation, user=user)
        return {"status": DONE, "recovered": True}

    def progress(done, phase="checking"):
        if phase == "written":  # inside the import's transaction: committed with it or not at all
            record_done(key)
        else:
            pending.save_job(token, organisation=organisation, done=done, phase=phase)

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
