"""A person changes the e-mail address they log in with.

The new address takes effect only when the link sent to it is opened by the same person, logged
in (see `confirm_email_change`); the old address is told when the change is asked and when it is
made, so someone who got hold of a session cannot quietly move the account to their own mailbox.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from lokal.samaran import partial_mask

from kurasi.audit.services import record_event
from kurasi.lib.notify import queue_email
from kurasi.lib.urls import absolute_reverse

from .models import User
from .models_invitations import EmailChange, digest_of, new_secret

EMAIL_CHANGE_VALID = timedelta(hours=24)


def email_taken(email: str, *, user) -> bool:
    """Whether another account logs in with `email` (case-insensitive)."""
    return User.objects.exclude(pk=user.pk).filter(email__iexact=email).exists()


def mask_email(email: str | None) -> str | None:
    """`k***@tangerangkota.go.id`: the audit trail tells two addresses apart without naming them."""
    return partial_mask("EMAIL", email) if email else email


def confirmation_url(secret: str) -> str:
    return absolute_reverse("accounts:email_change_confirm", secret)


def _mail(*, to, subject, template, context):
    body = render_to_string(f"accounts/email/{template}.txt", context)
    queue_email(to=to, subject=subject, body=body)


@transaction.atomic
def request_email_change(*, user, new_email: str, now=None) -> tuple[EmailChange, str]:
    """Ask to log in with `new_email` from now on. Returns (the request, the confirmation URL).

    Earlier open requests of the person stop working. Side effects: one EmailChange; the link
    mailed to the new address, a notice to the old one (if any); an audit event. Raises
    ValidationError when another account already uses the address (without saying whose).
    """
    now = now or timezone.now()
    new_email = new_email.strip().lower()
    if email_taken(new_email, user=user):
        raise ValidationError(_("Another account already uses this email."), code="taken")
    if user.email and new_email == user.email.lower():
        raise ValidationError(_("This is already your email."), code="same")
    EmailChange.objects.filter(user=user, confirmed_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    secret, digest = new_secret()
    change = EmailChange.objects.create(
        user=user,
        new_email=new_email,
        secret_digest=digest,
        created_at=now,
        expires_at=now + EMAIL_CHANGE_VALID,
    )
    url = confirmation_url(secret)
    context = {"user": user, "new_email": new_email, "old_email": user.email, "url": url}
    _mail(
        to=new_email,
        subject=_("Confirm your new email for Kurasi"),
        template="email_change_confirm",
        context=context,
    )
    _mail(
        to=user.email,
        subject=_("Your Kurasi account: a change of email was asked"),
        template="email_change_asked",
        context={
            **context,
            "password_reset_url": absolute_reverse("accounts:password_reset"),
        },
    )
    for organisation in _offices_of(user):
        record_event(
            actor=user,
            action="user.email_change_asked",
            obj=user,
            organisation=organisation,
            changes={"email": [mask_email(user.email), mask_email(new_email)]},
        )
    return change, url


def find_email_change(secret: str):
    """The request a link's secret belongs to, or None."""
    return (
        EmailChange.objects.select_related("user").filter(secret_digest=digest_of(secret)).first()
    )


def problem_with(change, *, user, now=None) -> str | None:
    """Why the link cannot be used now, in words for the person; None when it can."""
    now = now or timezone.now()
    if change is None:
        return _("This link does not work. Check that it was copied whole, or ask again.")
    # The link alone is not enough: it must be opened by the person who asked, logged in. With
    # the secret alone (as for a password reset), a typing mistake in the new address would let
    # the stranger who owns that address take the account over (then reset its password).
    if change.user_id != user.pk:
        return _(
            "This link belongs to another account. Log out, log in with the account that "
            "asked for the change, and open the link again."
        )
    if change.confirmed_at:
        return _("This link was already used: the address was changed then.")
    if change.expires_at <= now:
        return _("This link has expired or was replaced by a newer one. Ask again.")
    if email_taken(change.new_email, user=user):
        return _("Another account now uses this email. Choose another address.")
    return None


@transaction.atomic
def confirm_email_change(*, actor, change, now=None):
    """Make the new address the one the person logs in with.

    Side effects: User.email and EmailChange.confirmed_at; an audit event (addresses masked) in
    the trail of every office the person holds a role in (one without an office if none); a
    notice to the old address. Raises ValidationError when the link cannot be used (see
    `problem_with`).
    """
    now = now or timezone.now()
    change = EmailChange.objects.select_for_update().select_related("user").get(pk=change.pk)
    user = User.objects.select_for_update().get(pk=change.user_id)
    problem = problem_with(change, user=actor, now=now)
    if problem:
        raise ValidationError(problem, code="unusable")
    old_email = user.email
    user.email = change.new_email
    user.save(update_fields=["email"])
    change.confirmed_at = now
    change.save(update_fields=["confirmed_at"])
    # Any other open request is now pointless (and must not undo this one).
    EmailChange.objects.filter(user=user, confirmed_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    for organisation in _offices_of(user):
        record_event(
            actor=actor,
            action="user.email_changed",
            obj=user,
            organisation=organisation,
            changes={"email": [mask_email(old_email), mask_email(user.email)]},
        )
    _mail(
        to=old_email,
        subject=_("Your Kurasi account: the email was changed"),
        template="email_changed",
        context={"user": user, "new_email": user.email, "old_email": old_email},
    )
    return user


def _offices_of(user):
    """The offices whose trail records a change of the person's account; [None] for none."""
    offices = [
        membership.organisation for membership in user.memberships.select_related("organisation")
    ]
    return offices or [None]
