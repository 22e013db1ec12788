"""Registration workflows that the registry and programme services do not cover: the producer's
own account, the login a field officer makes for a producer, and sending back a completed
application. Each is atomic and audited.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.accounts.models import User
from kurasi.audit.services import record_event
from kurasi.programmes.models import Application, ApplicationStatus

# Letters and digits people cannot confuse when one reads it aloud to the other.
TEMPORARY_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@transaction.atomic
def create_producer_account(*, full_name, email, phone, password):
    """A producer's own account. Side effects: the User; an audit event naming the privacy notice
    version the producer agreed to (the account has no organisation yet)."""
    user = User.objects.create_user(
        email=email or None, phone=phone or None, password=password, full_name=full_name
    )
    record_event(
        actor=user,
        action="account.signed_up",
        obj=user,
        changes={"privacy_notice_version": [None, settings.KURASI_PRIVACY_NOTICE_VERSION]},
    )
    return user


def temporary_password() -> str:
    groups = ["".join(secrets.choice(TEMPORARY_PASSWORD_ALPHABET) for _ in range(4)) for _ in "abc"]
    return "-".join(groups)


@transaction.atomic
def link_or_create_producer_account(*, actor, business):
    """Give the business's owner a login, for an assisted registration.

    An existing producer account with the business's phone number (or email) becomes the owner;
    otherwise a new account is made with a temporary password that is returned (and never stored
    in clear) so the officer can hand it over once. Staff accounts are never linked.

    Returns (user, temporary password or None). Side effects: business.owner set; audit events.
    """
    user = None
    if business.phone:
        user = User.objects.filter(phone=business.phone).first()
    if user is None and business.email:
        user = User.objects.filter(email__iexact=business.email).first()
    password = None
    if user is not None and user.memberships.exists():
        raise ValidationError(
            _("This phone number belongs to a staff account; it cannot own a business.")
        )
    if user is None:
        password = temporary_password()
        email_taken = business.email and User.objects.filter(email__iexact=business.email).exists()
        user = User.objects.create_user(
            email=None if email_taken else (business.email or None),
            phone=business.phone or None,
            password=password,
            full_name=business.owner_name,
        )
        record_event(
            actor=actor,
            action="account.created_for_producer",
            obj=user,
            organisation=business.organisation,
            changes={"privacy_notice_version": [None, business.consent_notice_version]},
        )
    business.owner = user
    business.save(update_fields=["owner", "updated_at"])
    record_event(
        actor=actor,
        action="business.owner_linked",
        obj=business,
        organisation=business.organisation,
        changes={"owner": [None, user.pk]},
    )
    return user, password


@transaction.atomic
def resubmit_application(*, actor, application):
    """Send an application the office marked incomplete back for checking, once the producer (or
    an officer) has completed it. Allowed after the registration window: the place in the quota
    was already taken when it was first submitted.

    Side effects: status back to submitted; audit event. Anything but an incomplete application
    is left as it is.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.INCOMPLETE:
        return application
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    record_event(
        actor=actor,
        action="application.resubmitted",
        obj=application,
        organisation=application.programme.organisation,
        changes={"status": [ApplicationStatus.INCOMPLETE, ApplicationStatus.SUBMITTED]},
    )
    return application


@transaction.atomic
def withdraw_draft_application(*, actor, application):
    """Take a product out of a call before submitting: the draft is deleted, the product stays.

    Side effects: the draft Application row is deleted; audit event. Submitted ones are kept.
    """
    if application.status != ApplicationStatus.DRAFT:
        return False
    record_event(
        actor=actor,
        action="application.draft_removed",
        obj=application,
        organisation=application.programme.organisation,
    )
    application.delete()
    return True
