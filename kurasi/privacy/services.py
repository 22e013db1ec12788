"""Personal data workflows: requests, erasure, withdrawal of consent, corrections. Each is atomic,
takes the acting user and writes an audit event with personal values masked.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.audit.services import record_event
from kurasi.lib.phone import mask_phone
from kurasi.registry.identifiers import mask_nik
from kurasi.registry.models import Business

from .anonymise import anonymise_person, personal_values
from .models import PrivacyRequest, RequestKind, RequestStatus, request_deadline

# Shown masked in the audit trail, where staff who must not see them in clear can read it.
MASKERS = {"nik": mask_nik, "phone": mask_phone}


def organisations_of(user):
    """Offices holding a business of the producer: each receives its own request."""
    from kurasi.accounts.models import Organisation

    return Organisation.objects.filter(
        businesses__owner=user, businesses__merged_into__isnull=True
    ).distinct()


@transaction.atomic
def request_erasure(*, actor, organisation, reason):
    """The producer asks `organisation` to erase their data.

    Side effects: an open PrivacyRequest with its deadline; audit event. A second open request
    of the same kind is refused with a message.
    """
    return _open_request(actor, organisation, RequestKind.ERASURE, reason)


@transaction.atomic
def withdraw_consent(*, actor, organisation, reason=""):
    """The producer withdraws consent at `organisation`: the consent on their businesses there is
    cleared at once (exports and invitations that need it stop), and the office has until the
    deadline to stop every other processing and answer.

    Side effects: consent fields of the businesses cleared; an open PrivacyRequest; audit events.
    """
    request = _open_request(actor, organisation, RequestKind.WITHDRAWAL, reason)
    for business in Business.objects.owned_by(actor).filter(organisation=organisation):
        before = business.consent_notice_version
        business.consent_notice_version, business.consent_given_at = "", None
        business.save(update_fields=["consent_notice_version", "consent_given_at", "updated_at"])
        record_event(
            actor=actor,
            action="business.consent_withdrawn",
            obj=business,
            organisation=organisation,
            changes={"consent_notice_version": [before, ""]},
        )
    return request


def _open_request(actor, organisation, kind, reason):
    now = timezone.now()
    try:
        with transaction.atomic():
            request = PrivacyRequest.objects.create(
                organisation=organisation,
                user=actor,
                kind=kind,
                reason=reason,
                received_at=now,
                deadline=request_deadline(now),
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You already have an open request of this kind at this office.")
        ) from error
    record_event(
        actor=actor,
        action=f"privacy.{kind}_requested",
        obj=request,
        organisation=organisation,
        changes={"deadline": [None, request.deadline.isoformat()]},
    )
    return request


def _close(request, *, actor, status, answer):
    request.status = status
    request.answer = answer
    request.handled_by = actor
    request.handled_at = timezone.now()
    request.save(update_fields=["status", "answer", "handled_by", "handled_at"])


def _locked_open(request):
    request = PrivacyRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.OPEN:
        raise ValidationError(_("This request has already been answered."))
    return request


@transaction.atomic
def refuse_request(*, actor, request, answer):
    """The office refuses, saying why (e.g. a running programme, a legal duty to keep).

    Side effects: request closed as refused; audit event with the reason.
    """
    request = _locked_open(request)
    _close(request, actor=actor, status=RequestStatus.REFUSED, answer=answer)
    record_event(
        actor=actor,
        action=f"privacy.{request.kind}_refused",
        obj=request,
        organisation=request.organisation,
        changes={"status": [RequestStatus.OPEN, RequestStatus.REFUSED]},
        reason=answer,
    )
    return request


@transaction.atomic
def complete_withdrawal(*, actor, request, answer):
    """The office confirms it stopped processing after a withdrawal of consent.

    Side effects: request closed; audit event.
    """
    request = _locked_open(request)
    if request.kind != RequestKind.WITHDRAWAL:
        raise ValidationError(_("Only a withdrawal of consent is confirmed this way."))
    _close(request, actor=actor, status=RequestStatus.DONE, answer=answer)
    record_event(
        actor=actor,
        action="privacy.withdrawal_done",
        obj=request,
        organisation=request.organisation,
        changes={"status": [RequestStatus.OPEN, RequestStatus.DONE]},
    )
    return request


@transaction.atomic
def carry_out_erasure(*, actor, request, answer=""):
    """Anonymise the producer's businesses at the request's office; the account too once no
    other office holds a business of theirs (see anonymise.py for what goes and what stays).

    Side effects: rows anonymised, files deleted after commit, request closed, audit event
    naming nobody.
    """
    request = _locked_open(request)
    if request.kind != RequestKind.ERASURE:
        raise ValidationError(_("Only an erasure request is carried out this way."))
    user = request.user
    businesses = Business.objects.owned_by(user).filter(organisation=request.organisation)
    elsewhere = Business.objects.owned_by(user).exclude(organisation=request.organisation)
    whole_account = not elsewhere.exists()
    _close(request, actor=actor, status=RequestStatus.DONE, answer=answer)
    keep = () if whole_account else personal_values(user, elsewhere)
    redacted = anonymise_person(
        user=user if whole_account else None, businesses=businesses, keep=keep
    )
    record_event(
        actor=actor,
        action="privacy.erasure_done",
        obj=request,
        organisation=request.organisation,
        changes={"rows_redacted": [None, redacted], "account_erased": [None, whole_account]},
    )
    return request


@transaction.atomic
def erase_for_retention(*, user, businesses):
    """The retention period has ended: anonymise without a request (enforce_retention).

    Side effects: as carry_out_erasure; one audit event per business, by the system.
    """
    businesses = list(businesses)
    redacted = anonymise_person(user=user, businesses=businesses)
    for business in businesses:
        business.refresh_from_db()
        record_event(
            actor=None,
            action="privacy.retention_erased",
            obj=business,
            organisation=business.organisation,
            changes={"rows_redacted": [None, redacted]},
        )
    return redacted


def _masked_changes(before: dict, after: dict) -> dict:
    changes = {}
    for field, new in after.items():
        old = before.get(field) or ""
        new = new or ""
        if old != new:
            mask = MASKERS.get(field)
            changes[field] = [mask(old), mask(new)] if mask else [old, new]
    return changes


@transaction.atomic
def correct_account(*, actor, user, values: dict):
    """The producer corrects their account (name, phone, email).

    Side effects: the User saved; audit event with from → to (phone masked).
    """
    before = {field: getattr(user, field) for field in values}
    for field, value in values.items():
        # Unique columns: an empty email or phone is stored as NULL.
        setattr(user, field, (value or None) if field in ("email", "phone") else value)
    user.save(update_fields=list(values))
    changes = _masked_changes(before, values)
    if changes:
        record_event(actor=actor, action="account.corrected", obj=user, changes=changes)
    return user


@transaction.atomic
def correct_business_owner(*, actor, business, values: dict):
    """The producer corrects the owner's data on a business (name, NIK, phone, email, address).

    Side effects: the Business saved; audit event with from → to (NIK and phone masked).
    """
    before = {field: getattr(business, field) for field in values}
    for field, value in values.items():
        setattr(business, field, value)
    business.save(update_fields=[*values, "updated_at"])
    changes = _masked_changes(before, values)
    if changes:
        record_event(
            actor=actor,
            action="business.owner_corrected",
            obj=business,
            organisation=business.organisation,
            changes=changes,
        )
    return business
