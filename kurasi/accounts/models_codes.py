"""One-time codes for producers without email: claiming the business the office registered, and
setting a new password after a field officer has checked who they are.

A code is short enough to read aloud or type from a letter (8 characters from an alphabet
without look-alikes, shown as ABCD-EFGH), so it is stored only as an HMAC keyed with the
site's secret key: unlike a plain hash, a copy of the database alone cannot be searched through
all 31⁸ codes. The code itself is shown once, to the staff member who made it, and never stored,
logged or put in an address.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from .models import Organisation, User

# Capital letters and digits nobody confuses when reading a letter aloud: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# Wrong tries a code takes before it stops working (the pages are rate limited as well).
MAX_ATTEMPTS = 5


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def canonical_code(typed: str) -> str:
    """What a person typed, as the code's characters: `abcd efgh`, `ABCD-EFGH` → `ABCDEFGH`."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())


def grouped(code: str) -> str:
    """As printed and shown: ABCD-EFGH."""
    return f"{code[:4]}-{code[4:]}"


class CodePurpose(models.TextChoices):
    CLAIM = "claim", _("Claim of a business")
    RECOVERY = "recovery", _("Password recovery")


class ProducerCodeQuerySet(models.QuerySet):
    def unspent(self):
        """Neither used nor replaced by a newer code (possibly expired or locked)."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True)

    def live(self, now=None):
        """Codes that would still be accepted."""
        return self.unspent().filter(
            expires_at__gt=now or timezone.now(), attempts__lt=MAX_ATTEMPTS
        )


class ProducerCode(models.Model):
    """A one-time code a staff member handed to a producer: to claim `business` (purpose claim)
    or to choose a new password for `user` (purpose recovery)."""

    purpose = models.CharField(_("purpose"), max_length=10, choices=CodePurpose.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("office")
    )
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="producer_codes",
        verbose_name=_("business"),
    )
    # Recovery: the account whose password the code resets. Claim: the account that claimed.
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="producer_codes",
        verbose_name=_("account"),
    )
    digest = models.CharField(_("code digest"), max_length=64)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("made by")
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    # Set when a newer code for the same business or account replaced this one.
    revoked_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)

    objects = ProducerCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("producer's one-time code")
        verbose_name_plural = _("producers' one-time codes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose__in=CodePurpose.values), name="producer_code_purpose"
            ),
            models.CheckConstraint(
                condition=models.Q(purpose=CodePurpose.RECOVERY, user__isnull=False)
                | models.Q(purpose=CodePurpose.CLAIM, business__isnull=False),
                name="producer_code_has_its_target",
            ),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.created_at:%Y-%m-%d}"

    @staticmethod
    def digest_of(purpose: str, code: str) -> str:
        return salted_hmac(
            f"kurasi.accounts.ProducerCode.{purpose}",
            canonical_code(code),
            secret=settings.SECRET_KEY,
            algorithm="sha256",
        ).hexdigest()

    def matches(self, code: str) -> bool:
        """Whether `code` is this one, compared in constant time."""
        return constant_time_compare(self.digest, self.digest_of(self.purpose, code))

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_locked(self):
        return self.attempts >= MAX_ATTEMPTS

    @property
    def is_live(self):
        return not (self.used_at or self.revoked_at or self.is_expired or self.is_locked)
