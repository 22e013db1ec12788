"""Verifying many applications at once, and the next one waiting after a single verification.

Bulk verification keeps the rules of one by one (services.verify_application): complete, or
incomplete with the reason the producer reads; the verifier and time recorded; an audit event
per application; a message to the producer. It acts only on applications waiting for
verification (submitted): one already checked is re-checked one by one, on its own page, where
the person sees what changed. Each row moves only if it is still waiting at the moment of the
UPDATE, so two people verifying the same list never both count the same application.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurasi.audit.models import AuditEvent
from kurasi.audit.services import record_event
from kurasi.lib.bulk import insert_rows
from kurasi.outbox.bulk import businesses_for_messages, deliver_many
from kurasi.outbox.models import Kind
from kurasi.outbox.services import producer_language

from .models import Application, ApplicationStatus

CHUNK = 2000
LIST_ORDER = ("-submitted_at", "-id")  # the programme's application list

# Why a chosen application was left as it was, by its status.
SKIPPED = {
    ApplicationStatus.VERIFIED: gettext_lazy("already verified"),
    ApplicationStatus.INCOMPLETE: gettext_lazy("already marked incomplete"),
    ApplicationStatus.DRAFT: gettext_lazy("not sent yet (draft)"),
    ApplicationStatus.WITHDRAWN: gettext_lazy("withdrawn"),
}


@dataclass
class BulkVerification:
    complete: bool
    done: list = field(default_factory=list)  # ids of the applications verified now
    skipped: dict = field(default_factory=dict)  # status → count
    message_ids: list = field(default_factory=list)
    event_id: int | None = None

    def skipped_reasons(self):
        """[(reason, count)] in a fixed order."""
        return [(SKIPPED[s], self.skipped[s]) for s in SKIPPED if self.skipped.get(s)]


def _chunked(ids):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


@transaction.atomic
def verify_applications(*, actor, programme, applications, complete: bool, note="", now=None):
    """Mark the chosen applications of `programme` (a queryset or ids) complete, or incomplete
    with one `note` for all. Only those waiting are changed; the others are counted by status.

    Side effects: status, note, verifier and time saved; an audit event per application and
    one for the run; one message per business to its producer through the outbox.
    """
    note = note.strip()
    if not complete and not note:
        raise ValidationError(_("Write what is missing, so the producer can complete it."))
    now = now or timezone.now()
    status = ApplicationStatus.VERIFIED if complete else ApplicationStatus.INCOMPLETE
    result = BulkVerification(complete=complete)
    chosen = Application.objects.filter(programme=programme)
    if isinstance(applications, list | tuple | set):
        ids = sorted({int(a) for a in applications})
        rows = []
        for chunk in _chunked(ids):
            rows += chosen.filter(pk__in=chunk).values_list("pk", "status")
    else:
        # The list's own query, narrowed to the programme (no self-join: see enrolment._read).
        narrowed = applications.filter(programme=programme).order_by()
        rows = list(narrowed.values_list("pk", "status"))
    waiting = sorted(pk for pk, s in rows if s == ApplicationStatus.SUBMITTED)
    for _pk, s in rows:
        if s != ApplicationStatus.SUBMITTED:
            result.skipped[s] = result.skipped.get(s, 0) + 1
    values = {
        "status": status,
        "verification_note": note,
        "verified_by": actor,
        "verified_at": now,
        "updated_at": now,
    }
    about = {}  # application id → (business id, product name), of those changed
    for chunk in _chunked(waiting):
        # Claim the rows still waiting, and learn which they are: another person may have
        # verified some of them since they were read.
        rows = Application.objects.select_for_update(of=("self",)).filter(
            pk__in=chunk, status=ApplicationStatus.SUBMITTED
        )
        found = rows.values_list("pk", "business_id", "product__name")
        claimed = {pk: (business, name) for pk, business, name in found}
        Application.objects.filter(pk__in=list(claimed)).update(**values)
        result.done += sorted(claimed)
        about.update(claimed)
        lost = set(chunk) - set(claimed)
        for s in Application.objects.filter(pk__in=lost).values_list("status", flat=True):
            result.skipped[s] = result.skipped.get(s, 0) + 1
    _audit(result, actor, programme, status, note, about)
    _notify(result, actor, programme, note, about)
    return result


def _audit(result, actor, programme, status, note, about):
    organisation = programme.organisation
    summary = record_event(
        actor=actor,
        action="programme.bulk_verified",
        obj=programme,
        organisation=organisation,
        changes={
            "status": [None, status],
            "changed": [None, len(result.done)],
            "skipped": [None, sum(result.skipped.values())],
        },
        reason=note,
    )
    result.event_id = summary.pk
    insert_rows(
        AuditEvent,
        [
            {
                "organisation_id": organisation.pk,
                "actor_id": actor.pk,
                "actor_label": str(actor),
                "action": "application.verified" if result.complete else "application.incomplete",
                "object_type": "programmes.application",
                "object_id": str(pk),
                "object_label": f"{about[pk][1]} → {programme.title}"[:200],
                "changes": {
                    "status": [ApplicationStatus.SUBMITTED, status],
                    "bulk": [None, summary.pk],
                },
                "reason": note,
            }
            for pk in result.done
        ],
    )


def _notify(result, actor, programme, note, about):
    """One message per business, naming its products checked now."""
    products = {}
    for pk in result.done:
        business_id, name = about[pk]
        products.setdefault(business_id, []).append(name)
    businesses = businesses_for_messages(products)
    messages = []
    values = {"programme": programme.title, "note": note}
    with producer_language(programme.organisation):
        subject = _("Registration checked: %(programme)s") % {"programme": programme.title}
        for business_id, names in products.items():
            names.sort()
            if len(names) == 1:
                body = (
                    _(
                        "Your registration of %(product)s for %(programme)s is complete and "
                        "verified."
                    )
                    if result.complete
                    else _(
                        "Your registration of %(product)s for %(programme)s is not complete yet. "
                        "What is missing: %(note)s"
                    )
                ) % {**values, "product": names[0]}
            else:
                body = (
                    _(
                        "Your registrations of %(products)s for %(programme)s are complete and "
                        "verified."
                    )
                    if result.complete
                    else _(
                        "Your registrations of %(products)s for %(programme)s are not complete "
                        "yet. What is missing: %(note)s"
                    )
                ) % {**values, "products": ", ".join(names)}
            messages.append((businesses[business_id], subject, body))
    result.message_ids = deliver_many(
        organisation=programme.organisation,
        actor=actor,
        kind=Kind.VERIFICATION_RESULT,
        messages=messages,
    )


def next_waiting(programme, after):
    """The application waiting for verification that follows `after` in the list's order (the
    newest first), or the first waiting one; None when none is waiting."""
    waiting = (
        Application.objects.for_programme(programme)
        .awaiting_verification()
        .exclude(pk=after.pk)
        .order_by(*LIST_ORDER)
    )
    if after.submitted_at is not None:
        later = waiting.filter(
            Q(submitted_at__lt=after.submitted_at)
            | Q(submitted_at=after.submitted_at, pk__lt=after.pk)
        ).first()
        if later is not None:
            return later
    return waiting.first()
