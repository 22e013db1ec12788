"""Erasure as anonymisation: the person disappears, the office's figures stay.

What goes: the owner's name, NIK, phone, email, street address, postal code, NPWP (an
individual's NPWP is their NIK), NIB (it leads to the person in OSS), marketplace and social
links, product photos (they may show people), certificate documents and numbers, and every copy
of those values in free text anywhere in the database — curators' notes, appeals, background
task arguments, login-attempt records, and the audit trail.

What stays, so statistics keep their totals: the business row with its name, district and
village, scale, KBLI codes, capital, sales, workers and the owner's gender (reported by gender,
not identifying alone); products with their group and facts; certificate types and dates
(legality statistics); applications, assessments, scores, decisions, facilitation and
exhibition rows; and the audit events themselves, with the personal values replaced.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.audit.services import redact_event
from kurasi.lib.phone import display_phone
from kurasi.registry.identifiers import mask_nik
from kurasi.registry.models import Business, Certificate, ProductPhoto

ERASED = "[erased]"
# Shorter strings would match unrelated text ("Siti" in "Roti Siti"): only whole values go.
MIN_VALUE_LENGTH = 5


def personal_values(user, businesses) -> set[str]:
    """Every string by which the person can be found: as stored and as shown."""
    values = set()
    if user is not None:
        values |= {user.full_name, user.email or "", user.phone or ""}
        values.add(display_phone(user.phone or ""))
    for business in businesses:
        values |= {business.owner_name, business.nik, business.phone, business.email}
        values |= {display_phone(business.phone), mask_nik(business.nik), business.npwp}
        values |= {business.address, business.nib}
        values |= {str(link) for link in [*business.marketplace_links, *business.social_links]}
    return {value.strip() for value in values if value and len(value.strip()) >= MIN_VALUE_LENGTH}


@transaction.atomic
def anonymise_person(*, user, businesses, keep=()):
    """Anonymise the person behind `user` (may be None for an assisted record without a login)
    and `businesses`. Returns the number of rows whose free text was redacted.

    Side effects: rows updated in place; files deleted from storage after commit; the user can
    no longer log in. The caller records the audit event (after this, so it names nobody).
    `keep`: values still lawfully held elsewhere (another office's record of the same person).
    """
    businesses = list(businesses)
    values = personal_values(user, businesses) - set(keep)
    values -= held_by_others(values, user, businesses)
    for business in businesses:
        _anonymise_business(business)
    if user is not None:
        _anonymise_user(user)
    return redact_everywhere(values)


def held_by_others(values, user, businesses):
    """Values another person's record still holds (a shared address, a family phone): they are
    not this person's alone, so free text keeps them."""
    values = list(values)
    others = Business.objects.exclude(pk__in=[b.pk for b in businesses])
    held = set()
    for field in ("owner_name", "nik", "phone", "email", "address", "npwp", "nib"):
        held |= set(others.filter(**{f"{field}__in": values}).values_list(field, flat=True))
    users = get_user_model().objects.exclude(pk=user.pk if user else None)
    for field in ("full_name", "email", "phone"):
        held |= set(users.filter(**{f"{field}__in": values}).values_list(field, flat=True))
    return held


def _anonymise_business(business):
    for photo in ProductPhoto.objects.filter(product__business=business):
        _delete_file_after_commit(photo.image)
        photo.delete()
    for certificate in Certificate.objects.filter(business=business):
        if certificate.document:
            _delete_file_after_commit(certificate.document)
    # updated_at moves with every update(): the office figures' cache watches it
    # (kurasi/insights/figures_cache.py), and erasing a NIB changes the NIB coverage.
    now = timezone.now()
    Certificate.objects.filter(business=business).update(document="", number=ERASED, updated_at=now)
    # update() rather than save(): a business's save() recomputes its scale, which must not move.
    Business.objects.filter(pk=business.pk).update(
        updated_at=now,
        owner_name=ERASED,
        nik="",
        npwp="",
        nib="",
        phone="",
        phone_is_whatsapp=False,
        email="",
        address="",
        postal_code="",
        marketplace_links=[],
        social_links=[],
    )


def _anonymise_user(user):
    user.full_name = ERASED
    user.phone = None
    # A login needs an email or a phone (a database constraint); this one reaches nobody.
    user.email = f"erased-{user.pk}@erased.invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["full_name", "phone", "email", "is_active", "password"])


def _delete_file_after_commit(field_file):
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name))


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def redact_everywhere(values) -> int:
    """Replace `values` wherever they appear in a text or JSON column of any model.

    The audit trail is append-only; its events go through the one rewrite it allows,
    `redact_event` (kurasi/audit/guard.py), which keeps who acted, when, the action and the
    object, and records when the redaction happened.
    """
    values = sorted(values, key=len, reverse=True)
    if not values:
        return 0
    redacted = _redact_audit_events(values)
    for model in apps.get_models():
        if model is AuditEvent:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_FIELDS) and not field.primary_key:
                redacted += _redact_column(model, field, values)
    return redacted


REDACTABLE_EVENT_FIELDS = ("changes", "object_label", "reason", "actor_label")


def _redact_audit_events(values):
    """One redaction per event that mentions any of `values`, all its text fields at once."""
    match = models.Q()
    for value in values:
        for name in REDACTABLE_EVENT_FIELDS:
            match |= models.Q(**{f"{name}__icontains": value})
    now = timezone.now()
    redacted = 0
    for event in AuditEvent.objects.filter(match):
        cleaned = {name: _scrub(getattr(event, name), values) for name in REDACTABLE_EVENT_FIELDS}
        for name in ("object_label", "actor_label"):
            cleaned[name] = cleaned[name][: AuditEvent._meta.get_field(name).max_length]
        if any(cleaned[name] != getattr(event, name) for name in REDACTABLE_EVENT_FIELDS):
            redact_event(event, now=now, **cleaned)
            redacted += 1
    return redacted


def _redact_column(model, field, values):
    match = models.Q()
    for value in values:
        match |= models.Q(**{f"{field.name}__icontains": value})
    redacted = 0
    for pk, current in model._base_manager.filter(match).values_list("pk", field.name):
        cleaned = _scrub(current, values)
        if isinstance(cleaned, str) and getattr(field, "max_length", None):
            cleaned = cleaned[: field.max_length]
        if cleaned != current:
            model._base_manager.filter(pk=pk).update(**{field.name: cleaned})
            redacted += 1
    return redacted


def _scrub(value, values):
    if isinstance(value, str):
        for personal in values:
            value = _replace_ignoring_case(value, personal)
        return value
    if isinstance(value, list):
        return [_scrub(item, values) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, values) for key, item in value.items()}
    return value


def _replace_ignoring_case(text, personal):
    lowered, target = text.lower(), personal.lower()
    start = lowered.find(target)
    while start != -1:
        text = text[:start] + ERASED + text[start + len(personal) :]
        lowered = text.lower()
        start = lowered.find(target, start + len(ERASED))
    return text
