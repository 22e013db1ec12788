"""Staff join an office by invitation; office admins change roles and remove people.

An office admin never creates or edits another person's account: they invite an email address,
and the person accepts themselves, choosing their own password (new account) or logging in to
the account they already have. An office admin's role takes effect only once the person has a
confirmed authenticator (settings.KURASI_REQUIRE_ADMIN_2FA). Each function is atomic and writes
to the audit trail of the office concerned.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurasi.audit.services import record_event
from kurasi.lib.urls import absolute_reverse

from .models import Membership, Role, User
from .models_invitations import Invitation, InvitationStatus, digest_of, new_secret
from .services import grant_role, revoke_role

logger = logging.getLogger(__name__)


def accept_url(secret: str) -> str:
    """The absolute link a person opens to accept (the secret is in the path)."""
    return absolute_reverse("accounts:invitation_accept", secret)


def find_by_secret(secret: str):
    """The invitation a link points to, or None."""
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(secret_digest=digest_of(secret))
        .first()
    )


def same_email(a, b) -> bool:
    return bool(a) and bool(b) and a.strip().lower() == b.strip().lower()


def needs_two_factor_first(invitation, user) -> bool:
    """An office admin's role waits until the person has a confirmed authenticator."""
    return (
        invitation.role == Role.ADMIN
        and settings.KURASI_REQUIRE_ADMIN_2FA
        and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def _renew(invitation, *, now):
    """A new secret and validity: the old link stops working. Returns the new secret."""
    secret, invitation.secret_digest = new_secret()
    invitation.sent_at = now
    invitation.expires_at = now + dt.timedelta(days=settings.KURASI_INVITATION_DAYS)
    invitation.accepted_by = None  # a claim waiting for two-step login is started over
    return secret


@transaction.atomic
def invite(*, actor, organisation, email, role, full_name="") -> tuple[Invitation, str]:
    """Invite `email` to take `role` in `organisation`; returns (invitation, accept link).

    `actor` may be None (the platform's create_office). An open invitation for the same address
    in this office is renewed (new link, new validity, role and name as given now) instead of
    duplicated. Refuses a person who already holds a role here. Side effects: an Invitation
    saved, an audit event, an email in the office's language once the transaction commits
    (`invitation.mail_handed_over` then says whether the mail server took it).
    """
    email = (email or "").strip().lower()
    validate_email(email)
    if role not in Role.values:
        raise ValidationError(_("Choose a role."))
    member = (
        Membership.objects.filter(organisation=organisation, user__email__iexact=email)
        .select_related("user")
        .first()
    )
    if member is not None:
        raise ValidationError(
            _(
                "%(email)s already works for this office as %(role)s. "
                "Change their role in the staff list instead."
            )
            % {"email": email, "role": member.get_role_display()}
        )
    now = timezone.now()
    invitation = (
        Invitation.objects.select_for_update()
        .open()
        .filter(organisation=organisation, email__iexact=email)
        .first()
    )
    created = invitation is None
    before = None if created else {"role": invitation.role, "full_name": invitation.full_name}
    if created:
        invitation = Invitation(organisation=organisation, email=email, created_at=now)
    invitation.role = role
    invitation.full_name = full_name
    invitation.invited_by = actor if actor is not None and actor.is_authenticated else None
    secret = _renew(invitation, now=now)
    invitation.save()
    changes = {"role": [None if created else before["role"], role]}
    if not created and before["full_name"] != full_name:
        changes["full_name"] = [before["full_name"], full_name]
    record_event(
        actor=actor,
        action="invitation.sent" if created else "invitation.resent",
        obj=invitation,
        organisation=organisation,
        changes=changes,
    )
    url = accept_url(secret)
    _send_on_commit(invitation, url)
    return invitation, url


@transaction.atomic
def resend(*, actor, invitation) -> tuple[Invitation, str]:
    """Send an open invitation again with a new link and validity (the old link stops working).

    Refuses an accepted or withdrawn one. Side effects: the Invitation renewed, an audit event,
    an email once the transaction commits."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation was already accepted or withdrawn."))
    secret = _renew(invitation, now=timezone.now())
    invitation.save(update_fields=["secret_digest", "sent_at", "expires_at", "accepted_by"])
    record_event(
        actor=actor,
        action="invitation.resent",
        obj=invitation,
        organisation=invitation.organisation,
        changes={"expires_at": [None, invitation.expires_at.isoformat()]},
    )
    url = accept_url(secret)
    _send_on_commit(invitation, url)
    return invitation, url


@transaction.atomic
def revoke(*, actor, invitation) -> Invitation:
    """Withdraw an invitation: its link stops working. Side effects: revoked_at; an audit event."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation was already accepted or withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_event(
        actor=actor,
        action="invitation.withdrawn",
        obj=invitation,
        organisation=invitation.organisation,
    )
    return invitation


def _check_answerable(invitation, user):
    status = invitation.status
    if status == InvitationStatus.ACCEPTED:
        raise ValidationError(_("This invitation has already been accepted."))
    if status == InvitationStatus.REVOKED:
        raise ValidationError(_("The office has withdrawn this invitation."))
    if status == InvitationStatus.EXPIRED:
        raise ValidationError(_("This invitation has expired. Ask the office to send it again."))
    if status == InvitationStatus.CLAIMED and invitation.accepted_by_id != user.pk:
        raise ValidationError(_("This invitation has already been accepted."))
    if not same_email(user.email, invitation.email):
        raise ValidationError(
            _("This invitation is for %(email)s. Log in with that account to accept it.")
            % {"email": invitation.email}
        )


@transaction.atomic
def create_account(*, invitation, full_name, password) -> User:
    """The account of a person who has none, made by themselves from the invitation's link: the
    invited address, their name and password. Side effects: a User; an audit event."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation can no longer be accepted."))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this email already exists. Log in to accept."))
    user = User.objects.create_user(
        email=invitation.email, password=password, full_name=full_name.strip()
    )
    record_event(
        actor=user,
        action="account.created_from_invitation",
        obj=user,
        organisation=invitation.organisation,
    )
    return user


@transaction.atomic
def accept(*, invitation, user) -> Membership | None:
    """The invited person takes the role; only the account with the invited address may.

    For an office admin without a confirmed authenticator (when two-step login is required) the
    invitation is only claimed and None is returned: the person sets up two-step login, then
    calls this again. Otherwise returns the Membership. Side effects: the role granted (audited
    by grant_role), the invitation marked accepted (or claimed), an audit event in the office.
    """
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    _check_answerable(invitation, user)
    organisation = invitation.organisation
    if needs_two_factor_first(invitation, user):
        if invitation.accepted_by_id != user.pk:
            invitation.accepted_by = user
            invitation.save(update_fields=["accepted_by"])
            record_event(
                actor=user, action="invitation.claimed", obj=invitation, organisation=organisation
            )
        return None
    membership = grant_role(actor=user, organisation=organisation, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_event(
        actor=user,
        action="invitation.accepted",
        obj=invitation,
        organisation=organisation,
        changes={"role": [None, invitation.role]},
    )
    return membership


def _refuse_losing_last_admin(membership):
    """The office keeps at least one admin (rows locked: two admins demoting each other at once
    cannot both succeed)."""
    if membership.role != Role.ADMIN:
        return
    admins = list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=Role.ADMIN)
        .values_list("pk", flat=True)
    )
    if admins == [membership.pk]:
        raise ValidationError(
            _("The office needs at least one office admin. Invite or appoint another admin first.")
        )


@transaction.atomic
def change_role(*, actor, membership, role) -> Membership:
    """Give a member of the office another role. Refuses demoting the last office admin.
    Side effects: the Membership's role; an audit event in the office."""
    if role not in Role.values:
        raise ValidationError(_("Choose a role."))
    membership = (
        Membership.objects.select_for_update()
        .select_related("organisation", "user")
        .get(pk=membership.pk)
    )
    before = membership.role
    if before == role:
        return membership
    if role != Role.ADMIN:
        _refuse_losing_last_admin(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    record_event(
        actor=actor,
        action="membership.role_changed",
        obj=membership,
        organisation=membership.organisation,
        changes={"role": [before, role]},
    )
    return membership


@transaction.atomic
def remove_member(*, actor, membership) -> None:
    """Take a person out of the office (their account stays: it may serve other offices or a
    business). Refuses removing the last office admin. Side effects: the Membership deleted;
    an audit event in the office."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("organisation", "user")
        .get(pk=membership.pk)
    )
    _refuse_losing_last_admin(membership)
    revoke_role(actor=actor, membership=membership)


def _send_on_commit(invitation, url):
    """Send once the invitation is saved; a rolled-back invitation sends nothing.

    Sent at once, not through the task queue: the admin who invites is told on the next page
    whether the mail server took the message, so they know to hand the link over otherwise.
    """
    invitation.mail_handed_over = None  # not tried yet (an enclosing transaction is still open)
    transaction.on_commit(lambda: _send(invitation, url))


def _send(invitation, url):
    organisation = invitation.organisation
    with translation.override(organisation.default_language or settings.LANGUAGE_CODE):
        subject = _("Invitation to join %(office)s in Kurasi") % {"office": organisation.name}
        body = render_to_string(
            "accounts/email/invitation.txt",
            {
                "invitation": invitation,
                "organisation": organisation,
                "url": url,
                "valid_until": timezone.localtime(invitation.expires_at),
            },
        )
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except OSError:  # smtplib's errors, a refused connection, a name that does not resolve
        logger.warning("Invitation %s: the mail server did not take the email", invitation.pk)
        invitation.mail_handed_over = False
    else:
        invitation.mail_handed_over = True
