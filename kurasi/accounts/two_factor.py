"""Two-factor login (TOTP, django-otp): who must or may use it, and what a session still owes.

Rule: staff (anyone with a Membership) may turn it on, and so may a person who accepted an
invitation to be an office admin (the role waits for it); office admins and superusers must
(settings.KURASI_REQUIRE_ADMIN_2FA). A session counts as verified once django_otp.login has been
called for it with a confirmed device (a code or a recovery code after the password).
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, Role, User
from .models_invitations import Invitation

VERIFY, ENROL = "verify", "enrol"
RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "authenticator"


def standing(user):
    """(has a confirmed authenticator, must have one, is staff or joining as an admin) in one
    query."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    admin = Membership.objects.filter(user=OuterRef("pk"), role=Role.ADMIN)
    staff = Membership.objects.filter(user=OuterRef("pk"))
    # An office admin invitation the person accepted waits for their authenticator: they may set
    # it up before holding any role.
    claimed = Invitation.objects.filter(
        accepted_by=OuterRef("pk"), accepted_at__isnull=True, revoked_at__isnull=True
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_device=Exists(confirmed),
            is_admin=Exists(admin),
            is_member=Exists(staff),
            is_joining=Exists(claimed),
        )
        .values_list("has_device", "is_admin", "is_member", "is_joining", "is_superuser")
        .first()
    )
    if row is None:
        return False, False, False
    has_device, is_admin, is_member, is_joining, is_superuser = row
    must = (is_admin or is_superuser) and settings.KURASI_REQUIRE_ADMIN_2FA
    return has_device, must, is_member or is_joining or is_superuser


def step_owed(user):
    """VERIFY when the session still owes a code, ENROL when an admin has no device, else None."""
    if not user.is_authenticated or user.is_verified():
        return None
    has_device, must, _ = standing(user)
    if has_device:
        return VERIFY
    return ENROL if must else None


def pending_device(user):
    """The not yet confirmed authenticator being set up (a new key each time none is pending)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


def key_text(device):
    """The key as authenticator apps ask for it when typed: base32, in groups of four."""
    encoded = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))


def qr_svg(device):
    """The otpauth:// address as an inline SVG. No style attribute or element (strict CSP)."""
    return segno.make(device.config_url, error="m").svg_inline(
        border=2, dark="#000", light="#fff", omitsize=True
    )
