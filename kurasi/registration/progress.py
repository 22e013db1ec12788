"""An application's status as its producer sees it, and what comes next and when.

One answer for every page that shows a producer their applications (the status page, their
dashboard) and for their results page: a published result is the final word, so an application
the office verified last year and the curators judged "needs guidance" reads "needs guidance"
everywhere, never "verified" on one page and the result on another.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurasi.curation.answers_day import with_day_slots
from kurasi.curation.models_day import CurationSession, is_absent
from kurasi.programmes.models import ApplicationStatus
from kurasi.registry.models import Certificate

from .checklist import producer_checklist

# Where the application is on the way: sent, verified, curation day, result.
STEP_SEND, STEP_VERIFY, STEP_DAY, STEP_RESULT, STEP_DONE = 1, 2, 3, 4, 5

LABELS = {
    "draft": _("Draft, not sent yet"),
    "submitted": _("Sent, the office is verifying it"),
    "incomplete": _("Incomplete: the office asks for more"),
    "verified": _("Verified, waiting for the curation day"),
    "scheduled": _("Verified, curation day scheduled"),
    "awaiting_result": _("Curated, the result is being prepared"),
    "absent": _("Did not come to the curation day"),
    "withdrawn": _("Withdrawn"),
}


@dataclass
class ProducerStatus:
    code: str
    label: str
    step: int
    decision: object = None  # the published decision, if any
    slots: list = field(default_factory=list)  # upcoming curation-day slots
    sessions: list = field(default_factory=list)  # the call's curation sessions
    checklist: object = None  # documents, while the office has not verified yet

    @property
    def has_result(self):
        return self.decision is not None


def published_decision(application):
    """The office's decision once its letter is issued (before that, the producer sees none)."""
    decision = getattr(application, "decision", None)
    return decision if decision is not None and decision.letter_issued_at else None


def producer_status(application, *, today=None):
    """Reads `decision` (with band), `check_in`, `day_slots` (curation.answers_day), the call's
    `curation_sessions` and, before verification, the business's certificates and the call's
    required types: `producer_applications` fetches all of them for a list."""
    today = today or timezone.localdate()
    programme = application.programme
    sessions = list(programme.curation_sessions.all())
    slots = list(getattr(application, "day_slots", []))
    status = ProducerStatus(code=application.status, label="", step=STEP_SEND, sessions=sessions)
    decision = published_decision(application)
    if decision is not None:
        status.code, status.step, status.decision = "result", STEP_DONE, decision
        status.label = decision.outcome_label
        return status
    status.code, status.step = state_before_result(application, slots, sessions, today)
    status.label = LABELS[status.code]
    status.slots = slots
    if status.step <= STEP_VERIFY:
        status.checklist = producer_checklist(application.product.business, programme)
    return status


def state_before_result(application, slots, sessions, today):
    """(code, step) of an application whose result is not published yet."""
    if application.status == ApplicationStatus.WITHDRAWN:
        return "withdrawn", STEP_SEND
    if application.status == ApplicationStatus.DRAFT:
        return "draft", STEP_SEND
    if application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.INCOMPLETE):
        return application.status, STEP_VERIFY
    if is_absent(application):
        return "absent", STEP_RESULT
    if hasattr(application, "decision") or curation_day_passed(application, sessions, today):
        return "awaiting_result", STEP_RESULT
    return ("scheduled" if slots else "verified"), STEP_DAY


def curation_day_passed(application, sessions, today):
    days = [s.date for s in sessions] or [application.programme.curation_date]
    days = [day for day in days if day is not None]
    check_in = getattr(application, "check_in", None)
    return bool(days and max(days) < today) or bool(check_in and check_in.has_arrived)


def producer_applications(queryset):
    """The applications of `queryset` as a list, each with `producer_status`, in a fixed number
    of queries however many there are."""
    applications = with_day_slots(
        queryset.select_related(
            "programme__organisation", "product__business", "decision__band", "check_in"
        ).prefetch_related(
            "programme__required_certificate_types",
            Prefetch(
                "programme__curation_sessions",
                queryset=CurationSession.objects.order_by("date", "starts_at"),
            ),
            Prefetch(
                "product__business__certificates",
                queryset=Certificate.objects.select_related("type", "product"),
            ),
        )
    )
    applications = list(applications)
    for application in applications:
        application.producer_status = producer_status(application)
    return applications
