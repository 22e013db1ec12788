"""Turning two-factor login on and off. Each change is atomic and audited in every office the
person works for (an admin asks "who switched off their second step?" about their own office)."""

import django_otp
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurasi.audit.services import record_event

from .models import Membership
from .two_factor import RECOVERY_CODE_COUNT


def _audit(*, actor, user, action, organisations=None, changes=None):
    if organisations is None:
        organisations = [m.organisation for m in Membership.objects.for_user(user)]
    for organisation in organisations or [None]:
        record_event(
            actor=actor, action=action, obj=user, organisation=organisation, changes=changes
        )


def _new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_enrolment(*, request, device, code):
    """Confirm the pending authenticator `device` of request.user with a `code` from it.

    Returns the new recovery codes (shown once), or None when the code is wrong. Side effects:
    the device is confirmed, earlier authenticators and recovery codes are replaced, the session
    is marked verified, an audit event is written.
    """
    user = request.user
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    django_otp.login(request, device)
    _audit(actor=user, user=user, action="two_factor.enabled")
    return codes


@transaction.atomic
def verify_login_code(*, request, code):
    """Check the code step of a login. Returns True and marks the session verified on success.

    Side effects: a used recovery code is spent (and audited); a wrong code slows further tries
    (django-otp's throttling); a TOTP code is remembered, so it cannot be used twice.
    """
    user = request.user
    device = django_otp.match_token(user, code.replace(" ", "").lower())
    if device is None:
        return False
    request.session.cycle_key()
    django_otp.login(request, device)
    if isinstance(device, StaticDevice):
        _audit(actor=user, user=user, action="two_factor.recovery_code_used")
    return True


@transaction.atomic
def renew_recovery_codes(*, request, code):
    """New recovery codes for request.user, proven with a current code from the authenticator
    (codes were printed and lost, or most are spent). Returns the codes, shown once, or None for
    a wrong code. Side effects: the old codes stop working; an audit event."""
    user = request.user
    # The app's code only: match_token would also accept, and so spend, a recovery code.
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(code.replace(" ", "")):
        return None
    codes = _new_recovery_codes(user)
    _audit(actor=user, user=user, action="two_factor.recovery_codes_renewed")
    return codes


def _remove_devices(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def disable_two_factor(*, request, code):
    """The user turns their own second step off, proving it with a current code.

    Returns False for a wrong code. Side effects: authenticators and recovery codes deleted, the
    session no longer verified, an audit event. An admin is then asked to set it up again.
    """
    user = request.user
    if django_otp.match_token(user, code.replace(" ", "").lower()) is None:
        return False
    _remove_devices(user)
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    _audit(actor=user, user=user, action="two_factor.disabled")
    return True


@transaction.atomic
def reset_two_factor(*, actor, membership):
    """An office admin resets a colleague's second step (a lost phone). The colleague sets it up
    again at their next login (admins must, others may).

    Side effects: the colleague's authenticators and recovery codes deleted; one audit event in
    the admin's office. Sessions verified with the old device lose that verification at once;
    setting up a new device asks for the password, so a stolen session cannot enrol its own.
    """
    _remove_devices(membership.user)
    _audit(
        actor=actor,
        user=membership.user,
        action="two_factor.reset",
        organisations=[membership.organisation],
    )
