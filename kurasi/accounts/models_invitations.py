"""Invitations into an office and confirmations of a new e-mail address.

Both are secrets sent by link: only the SHA-256 of the secret is stored (like API tokens), so a
copy of the database cannot be used to accept an invitation or confirm an address.
"""

import hashlib
import secrets

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Organisation, Role, User


def new_secret() -> tuple[str, str]:
    """(secret for the link, digest to store)."""
    secret = secrets.token_urlsafe(32)
    return secret, digest_of(secret)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    # Accepted by the person, whose office admin role waits for their two-step login set-up.
    CLAIMED = "claimed", _("Accepted; waiting for two-step login")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor withdrawn (possibly expired: it can be sent again)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An office asks a person to take a staff role. The role takes effect only when the person
    accepts it themselves (and, for an office admin, has set up two-step login)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("office")
    )
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    secret_digest = models.CharField(_("secret digest"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # One open invitation per person and office: sending again renews it.
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="invitation_role_known"
            ),
        ]

    def __str__(self):
        return f"{self.email} · {self.get_role_display()} · {self.organisation}"

    @property
    def status(self):
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.accepted_by_id:
            return InvitationStatus.CLAIMED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self):
        return self.status.label


class EmailChange(models.Model):
    """A person's request to log in with a new e-mail address, waiting for a click on the link
    sent to that address. The address changes only then; the old one is told."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="email_changes", verbose_name=_("user")
    )
    new_email = models.EmailField(_("new email"))
    secret_digest = models.CharField(_("secret digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email change")
        verbose_name_plural = _("email changes")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} → {self.new_email}"
