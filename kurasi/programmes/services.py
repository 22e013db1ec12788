"""Application workflows: drafts, submission under the programme's rules, verification."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.audit.services import record_event
from kurasi.lib.concurrency import claim_revision
from kurasi.lib.times import when
from kurasi.outbox.models import Kind
from kurasi.outbox.services import deliver, producer_language
from kurasi.registry.regions import is_within

from .models import Application, ApplicationStatus, Programme


def registration_problems(programme: Programme, product, *, now=None) -> list[str]:
    """Why this product cannot be entered into the programme now; empty when it can."""
    now = now or timezone.now()
    problems = []
    if programme.status != "open" or now >= programme.registration_closes_at:
        closes = timezone.localtime(programme.registration_closes_at)
        problems.append(
            _("Registration for %(programme)s closed on %(date)s.")
            % {"programme": programme.title, "date": when(closes)}
        )
    elif now < programme.registration_opens_at:
        opens = timezone.localtime(programme.registration_opens_at)
        problems.append(
            _("Registration for %(programme)s opens on %(date)s.")
            % {"programme": programme.title, "date": when(opens)}
        )
    if product is not None:
        if not programme.product_groups.filter(pk=product.group_id).exists():
            problems.append(
                _("This call does not accept the product group %(group)s.")
                % {"group": product.group.name}
            )
        village = product.business.village_code
        if village and not is_within(village, programme.area_code):
            problems.append(_("This call is only open to producers in the office's area."))
    return problems


def quota_left(programme: Programme):
    if programme.quota is None:
        return None
    return max(programme.quota - programme.applications.counted().count(), 0)


@transaction.atomic
def save_draft_application(*, actor, programme: Programme, product):
    application, created = Application.objects.get_or_create(
        programme=programme,
        product=product,
        defaults={"registered_by": actor if product.business.owner_id != actor.pk else None},
    )
    if created:
        record_event(
            actor=actor,
            action="application.drafted",
            obj=application,
            organisation=programme.organisation,
        )
    return application


@transaction.atomic
def submit_application(*, actor, application: Application, now=None):
    """Submit a draft. Refused with ValidationError (a clear reason) outside the window, beyond
    the quota, or for a product the call does not accept. Submitting twice changes nothing.

    Side effects: the application becomes submitted; audit event; a message to the producer
    through the outbox (`application.outbox_message`).
    """
    # Lock the programme row so two last-minute submissions cannot both take the last place.
    programme = Programme.objects.select_for_update().get(pk=application.programme_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.DRAFT:
        return application
    problems = registration_problems(programme, application.product, now=now)
    if not problems and quota_left(programme) == 0:
        problems.append(
            _("The quota of %(quota)s products for this call is full.") % {"quota": programme.quota}
        )
    if problems:
        raise ValidationError(problems)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = now or timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    record_event(
        actor=actor,
        action="application.submitted",
        obj=application,
        organisation=programme.organisation,
    )
    with producer_language(programme.organisation):
        subject = _("Registration received: %(programme)s") % {"programme": programme.title}
        body = _(
            "Your product %(product)s has been registered for %(programme)s. "
            "The office will check it and tell you the result."
        ) % {"product": application.product.name, "programme": programme.title}
    application.outbox_message = deliver(
        organisation=programme.organisation,
        business=application.product.business,
        kind=Kind.REGISTRATION_RECEIVED,
        subject=subject,
        body=body,
        actor=actor,
    )
    return application


@transaction.atomic
def verify_application(*, actor, application: Application, complete: bool, note: str = ""):
    """Mark a submitted application complete (verified) or incomplete with the reasons.

    Side effects: status, note and verifier saved; audit event; a message to the producer
    through the outbox (`application.outbox_message`: what happened to it, for the page).
    """
    if not complete and not note.strip():
        raise ValidationError(_("Write what is missing, so the producer can complete it."))
    before = application.status
    application.status = ApplicationStatus.VERIFIED if complete else ApplicationStatus.INCOMPLETE
    application.verification_note = note.strip()
    application.verified_by = actor
    application.verified_at = timezone.now()
    application.save(
        update_fields=["status", "verification_note", "verified_by", "verified_at", "updated_at"]
    )
    record_event(
        actor=actor,
        action="application.verified" if complete else "application.incomplete",
        obj=application,
        organisation=application.programme.organisation,
        changes={"status": [before, application.status]},
        reason=application.verification_note,
    )
    organisation = application.programme.organisation
    with producer_language(organisation):
        if complete:
            body = _("Your registration of %(product)s for %(programme)s is complete and verified.")
        else:
            body = _(
                "Your registration of %(product)s for %(programme)s is not complete yet. "
                "What is missing: %(note)s"
            )
        subject = _("Registration checked: %(programme)s") % {
            "programme": application.programme.title
        }
        body = body % {
            "product": application.product.name,
            "programme": application.programme.title,
            "note": application.verification_note,
        }
    application.outbox_message = deliver(
        organisation=organisation,
        business=application.product.business,
        kind=Kind.VERIFICATION_RESULT,
        subject=subject,
        body=body,
        actor=actor,
    )
    return application


@transaction.atomic
def save_programme(*, actor, programme: Programme, form_changed: list[str], m2m: dict):
    """Create or update a programme (the open call) with its product groups and documents.

    `m2m`: {"product_groups": [...], "required_certificate_types": [...]}.
    Side effects: the programme and its many-to-many links saved; audit event naming the
    changed fields.
    """
    created = programme.pk is None
    if not created:
        claim_revision(programme)  # StaleEdit when someone else saved since the editor read it
    programme.save()
    for name, values in m2m.items():
        getattr(programme, name).set(values)
    record_event(
        actor=actor,
        action="programme.created" if created else "programme.changed",
        obj=programme,
        organisation=programme.organisation,
        changes={"fields": [None, sorted(form_changed)], "status": [None, programme.status]},
    )
    return programme
