"""Producers without email: claiming the business the office registered, and a new password.

A producer's account and the business an office registered for her are linked only when she
proves it is hers: with the one-time claim code the office gave her (on a letter, or by
WhatsApp) while logged in to the account with the business's phone number, or by a field officer
who checked her identity card in person. Signing up with a matching phone links nothing.

A producer who has only a phone number resets her password with a recovery code that a field
officer makes after checking her identity. Codes are single use, expire, and stop working after
MAX_ATTEMPTS wrong tries. Each function is atomic and audited; no code ever reaches the audit
trail, a log or an address.
"""

import datetime as dt

from axes.utils import reset as reset_lockout
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from kurasi.audit.services import record_event
from kurasi.registry.models import Business

from .models import Role, User
from .models_codes import MAX_ATTEMPTS, CodePurpose, ProducerCode, new_code

CLAIM_VALIDITY = dt.timedelta(days=30)  # long enough for a letter to arrive and be answered
RECOVERY_VALIDITY = dt.timedelta(hours=24)
# Codes of one phone number looked at for a claim: far more than any producer ever has.
CLAIM_CANDIDATES = 50


def _check_registry_staff(actor, organisation):
    """Only the office's admins and field officers hand out codes or link accounts."""
    allowed = actor.memberships.filter(
        organisation=organisation, role__in=(Role.ADMIN, Role.FIELD_OFFICER)
    ).exists()
    if not allowed:
        raise PermissionDenied


def _is_staff_account(user) -> bool:
    return user.is_superuser or user.memberships.exists()


def _issue(*, actor, purpose, organisation, validity, business=None, user=None):
    """A new code for the business (claim) or account (recovery); an earlier unspent one for the
    same target stops working, so only the newest letter counts. Returns (row, code)."""
    now = timezone.now()
    target = {"business": business} if purpose == CodePurpose.CLAIM else {"user": user}
    ProducerCode.objects.unspent().filter(purpose=purpose, **target).update(revoked_at=now)
    code = new_code()
    row = ProducerCode.objects.create(
        purpose=purpose,
        organisation=organisation,
        business=business,
        user=user,
        digest=ProducerCode.digest_of(purpose, code),
        created_by=actor,
        created_at=now,
        expires_at=now + validity,
    )
    return row, code


def _count_wrong_try(codes, *, actor):
    """One wrong try against each live code; a code reaching MAX_ATTEMPTS stops working and the
    office's trail says so (a staff member then knows to make a new one)."""
    for code in codes:
        ProducerCode.objects.filter(pk=code.pk).update(attempts=F("attempts") + 1)
        if code.attempts + 1 == MAX_ATTEMPTS:
            claim = code.purpose == CodePurpose.CLAIM
            record_event(
                actor=actor,
                action="business.claim_code_locked" if claim else "account.recovery_code_locked",
                obj=code.business if claim else code.user,
                organisation=code.organisation,
            )


def open_claim_code(business):
    """The business's newest unspent claim code (to tell staff one exists), or None."""
    return (
        ProducerCode.objects.unspent()
        .filter(purpose=CodePurpose.CLAIM, business=business)
        .select_related("created_by")
        .first()
    )


def account_with_phone(business):
    """The account whose login is the business's phone number, or None."""
    return User.objects.filter(phone=business.phone).first() if business.phone else None


def claimable_business_exists(user) -> bool:
    """Whether an office registered a business with the account's phone that nobody owns yet
    (the producer is told a claim code can link her; never which business)."""
    if not user.phone:
        return False
    return Business.objects.filter(
        phone=user.phone, owner__isnull=True, merged_into__isnull=True
    ).exists()


@transaction.atomic
def issue_claim_code(*, actor, business) -> tuple[ProducerCode, str]:
    """A claim code for a business without an owner, valid CLAIM_VALIDITY; returns (row, code).

    The code is returned once and stored only as a digest. Refuses a business that already has
    an owner or has no phone number. Side effects: a ProducerCode (an earlier unused one of the
    business stops working); an audit event (without the code)."""
    business = (
        Business.objects.select_for_update().select_related("organisation").get(pk=business.pk)
    )
    _check_registry_staff(actor, business.organisation)
    if business.owner_id:
        raise ValidationError(_("This business is already linked to the producer's account."))
    if not business.phone:
        raise ValidationError(
            _(
                "Add the business's phone number first: a claim code works only for the "
                "account with that phone number."
            )
        )
    row, code = _issue(
        actor=actor,
        purpose=CodePurpose.CLAIM,
        organisation=business.organisation,
        validity=CLAIM_VALIDITY,
        business=business,
    )
    record_event(
        actor=actor,
        action="business.claim_code_issued",
        obj=business,
        organisation=business.organisation,
        changes={"claim_code_valid_until": [None, timezone.localdate(row.expires_at).isoformat()]},
    )
    return row, code


def claim_business(*, user, code) -> Business:
    """The producer links the business the office registered to her own account, with the claim
    code the office gave her. Succeeds only when the code is right, unused, unexpired and not
    locked, the business has no owner, and her account's phone is the business's phone.

    Returns the business. Raises ValidationError with a message for her otherwise; a wrong code
    counts one try against the live codes of businesses with her phone (kept though refused).
    Side effects: Business.owner; the code used; an audit event naming who made the code.
    """
    if _is_staff_account(user):
        raise ValidationError(_("A staff account cannot own a business."))
    if not user.phone:
        raise ValidationError(
            _(
                "Your account has no phone number. A claim code links a business only to the "
                "account with the business's phone number; ask the office for help."
            )
        )
    with transaction.atomic():
        business, refusal = _claim(user, code)
    if refusal:
        raise ValidationError(refusal)
    return business


def _claim(user, code):
    """(business, None) or (None, why): the wrong try's count commits with the refusal."""
    codes = list(
        ProducerCode.objects.select_for_update(of=("self",))
        .filter(purpose=CodePurpose.CLAIM, business__phone=user.phone)
        .select_related("business__organisation", "created_by")
        .order_by("-created_at")[:CLAIM_CANDIDATES]
    )
    digest = ProducerCode.digest_of(CodePurpose.CLAIM, code)
    match = next((c for c in codes if constant_time_compare(c.digest, digest)), None)
    if match is None:
        _count_wrong_try([c for c in codes if c.is_live], actor=user)
        return None, _(
            "This code does not fit a business registered with your phone number. Check the "
            "code on the office's letter, and that you logged in with the business's phone "
            "number. After %(tries)s wrong tries a code stops working."
        ) % {"tries": MAX_ATTEMPTS}
    business = Business.objects.select_for_update().get(pk=match.business_id)
    if business.owner_id == user.pk:
        return business, None  # already hers: the same claim sent twice (a double tap)
    refusal = _claim_refusal(match, business, user)
    if refusal:
        return None, refusal
    now = timezone.now()
    business.owner = user
    business.save(update_fields=["owner", "updated_at"])
    match.used_at, match.user = now, user
    match.save(update_fields=["used_at", "user"])
    record_event(
        actor=user,
        action="business.claimed",
        obj=business,
        organisation=match.organisation,
        changes={
            "owner": [None, user.pk],
            "claim_code_made_by": [None, str(match.created_by or "—")],
        },
    )
    return business, None


def _claim_refusal(match, business, user):
    """Why a right code cannot be used (only someone holding the code learns this)."""
    ask = _("Ask the office for a new claim code.")
    if match.used_at:
        return _("This code has already been used.") + " " + ask
    if match.revoked_at:
        return _("This code was replaced by a newer one from the office.") + " " + ask
    if business.owner_id or business.merged_into_id:
        return _("This business is already linked to an account. Ask the office for help.")
    if match.is_locked:
        return _("This code was typed wrongly too many times and no longer works.") + " " + ask
    if match.is_expired:
        return _("This code has expired.") + " " + ask
    if business.phone != user.phone:
        return _("Your account's phone number is not the business's phone number.") + " " + ask
    return None


@transaction.atomic
def link_owner_checked(*, actor, business, identity_checked) -> User:
    """A field officer who checked the person's identity card in front of them links the business
    to the producer account with the business's phone number.

    Refuses without the identity check, when the business already has an owner, when no account
    has its phone number, and when that account is staff's. Side effects: Business.owner; its
    claim codes stop working; an audit event recording the identity check."""
    business = (
        Business.objects.select_for_update().select_related("organisation").get(pk=business.pk)
    )
    _check_registry_staff(actor, business.organisation)
    if not identity_checked:
        raise ValidationError(
            _("Tick that you checked the person's identity card before linking the account.")
        )
    if business.owner_id:
        raise ValidationError(_("This business is already linked to the producer's account."))
    user = account_with_phone(business)
    if user is None:
        raise ValidationError(
            _(
                "No account has this business's phone number. The producer signs up with it "
                "first (or give her a claim code)."
            )
        )
    if _is_staff_account(user):
        raise ValidationError(
            _("This phone number belongs to a staff account; it cannot own a business.")
        )
    if not user.is_active:
        raise ValidationError(_("The account with this phone number is switched off."))
    business.owner = user
    business.save(update_fields=["owner", "updated_at"])
    ProducerCode.objects.unspent().filter(purpose=CodePurpose.CLAIM, business=business).update(
        revoked_at=timezone.now()
    )
    record_event(
        actor=actor,
        action="business.owner_linked",
        obj=business,
        organisation=business.organisation,
        changes={"owner": [None, user.pk], "identity_checked": [None, True]},
    )
    return user


@transaction.atomic
def issue_recovery_code(*, actor, business, identity_checked) -> tuple[ProducerCode, str]:
    """A code with which the owner of `business`, an account without email, chooses a new
    password; made by a field officer who checked her identity card. Valid RECOVERY_VALIDITY.

    Refuses without the identity check, a business without owner, an owner with an email (she
    resets by email) and a staff account. Side effects: a ProducerCode (her earlier unused one
    stops working); an audit event recording the identity check (without the code)."""
    business = Business.objects.select_related("organisation", "owner").get(pk=business.pk)
    _check_registry_staff(actor, business.organisation)
    if not identity_checked:
        raise ValidationError(
            _("Tick that you checked the person's identity card before making a recovery code.")
        )
    user = business.owner
    if user is None:
        raise ValidationError(_("This business has no producer's account yet."))
    if user.email:
        raise ValidationError(
            _("This account has an email: the producer resets her password by email.")
        )
    if _is_staff_account(user):
        raise ValidationError(_("Staff accounts reset their password by email."))
    user = User.objects.select_for_update().get(pk=user.pk)
    row, code = _issue(
        actor=actor,
        purpose=CodePurpose.RECOVERY,
        organisation=business.organisation,
        validity=RECOVERY_VALIDITY,
        business=business,
        user=user,
    )
    record_event(
        actor=actor,
        action="account.recovery_code_issued",
        obj=user,
        organisation=business.organisation,
        changes={
            "identity_checked": [None, True],
            "recovery_code_valid_until": [None, timezone.localtime(row.expires_at).isoformat()],
        },
    )
    return row, code


def recover_password(*, phone, code, password) -> User | None:
    """A new password for the account with `phone`, given a live recovery code of that account.

    Returns the user, or None for any refusal (no such account, wrong, used, expired or locked
    code): the caller says the same thing in every case, so nobody learns whether an account
    exists. A wrong code counts one try against the account's live codes (kept though refused).
    Side effects on success: the password; the code used and any other unused one of the
    account stops working; the account's login lock-out lifted; an audit event."""
    digest = ProducerCode.digest_of(CodePurpose.RECOVERY, code)
    with transaction.atomic():
        user = User.objects.filter(phone=phone, is_active=True).first() if phone else None
        codes = []
        if user is not None:
            codes = list(
                ProducerCode.objects.select_for_update(of=("self",))
                .live()
                .filter(purpose=CodePurpose.RECOVERY, user=user)
                .select_related("organisation", "created_by", "user")
            )
        match = next((c for c in codes if constant_time_compare(c.digest, digest)), None)
        if match is None:
            _count_wrong_try(codes, actor=None)
            return None
        _use_recovery_code(match, user, password)
    reset_lockout(username=user.phone)
    return user


def _use_recovery_code(match, user, password):
    now = timezone.now()
    user.set_password(password)
    user.save(update_fields=["password"])
    match.used_at = now
    match.save(update_fields=["used_at"])
    ProducerCode.objects.unspent().filter(purpose=CodePurpose.RECOVERY, user=user).update(
        revoked_at=now
    )
    record_event(
        actor=user,
        action="account.password_recovered",
        obj=user,
        organisation=match.organisation,
        changes={"recovery_code_made_by": [None, str(match.created_by or "—")]},
    )
