"""Readable names for the trail: one translated label per action code, and field labels taken
from the models' own verbose names, so every page and export says the same thing."""

import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "account.corrected": _("Account details corrected"),
    "account.created_for_producer": _("Account created for the producer"),
    "account.created_from_invitation": _("Account made from an invitation"),
    "account.password_recovered": _("New password set with a recovery code"),
    "account.recovery_code_issued": _("Recovery code given (identity card checked)"),
    "account.recovery_code_locked": _("Recovery code stopped after wrong tries"),
    "account.signed_up": _("Signed up"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "appeal.answered": _("Appeal answered"),
    "appeal.filed": _("Appeal filed"),
    "application.draft_removed": _("Draft application removed"),
    "application.drafted": _("Application drafted"),
    "application.incomplete": _("Application marked incomplete"),
    "application.resubmitted": _("Application resubmitted"),
    "application.submitted": _("Application submitted"),
    "application.verified": _("Application verified"),
    "assessment.submitted": _("Assessment submitted"),
    "assignment.added": _("Curator assigned"),
    "assignment.automatic": _("Curators assigned automatically"),
    "assignment.removed": _("Curator unassigned"),
    "audit.exported": _("Audit log exported"),
    "business.changed": _("Business changed"),
    "business.claim_code_issued": _("Claim code given to the producer"),
    "business.claim_code_locked": _("Claim code stopped after wrong tries"),
    "business.claimed": _("Claimed by the producer with the office's code"),
    "business.consent_recorded": _("Consent recorded on a stated basis"),
    "business.consent_withdrawn": _("Consent withdrawn"),
    "business.created": _("Business created"),
    "business.merged_from": _("Duplicate merged into this business"),
    "business.merged_into": _("Merged into another business"),
    "business.owner_corrected": _("Owner's data corrected"),
    "business.owner_linked": _("Owner's account linked"),
    "certificate.changed": _("Permit or certificate changed"),
    "certificate.created": _("Permit or certificate added"),
    "certificate.deleted": _("Permit or certificate deleted"),
    "certificate.verified": _("Permit or certificate verified"),
    "certificate_type.changed": _("Permit or certificate type changed"),
    "certificate_type.created": _("Permit or certificate type added"),
    "certificate_type.deleted": _("Permit or certificate type removed"),
    "check_in.arrived": _("Checked in"),
    "check_in.no_show": _("Marked as not present"),
    "check_in.sample": _("Sample received"),
    "conflict.changed": _("Conflict of interest changed"),
    "conflict.declared": _("Conflict of interest declared"),
    "conflict.withdrawn": _("Conflict of interest withdrawn"),
    "curator.groups_changed": _("Curator's product groups changed"),
    "decision.changed": _("Decision changed"),
    "decision.letter_issued": _("Result letter issued"),
    "decision.made": _("Decision made"),
    "decision.withdrawn": _("Absent decision withdrawn: the producer came after all"),
    "exhibition.allocated": _("Booths allocated"),
    "exhibition.answers_saved": _("Booth needs saved"),
    "exhibition.booth_added": _("Booth type added"),
    "exhibition.booth_deleted": _("Booth type deleted"),
    "exhibition.booth_saved": _("Booth type saved"),
    "exhibition.confirmed": _("Invitation accepted"),
    "exhibition.declined": _("Invitation declined"),
    "exhibition.decline_undone": _("Decline undone"),
    "exhibition.expired": _("Invitation expired"),
    "exhibition.exhibitors_exported": _("Exhibitor list downloaded"),
    "exhibition.invited": _("Invited to the exhibition"),
    "exhibition.override": _("Allocation changed by hand"),
    "exhibition.quota_added": _("Quota added"),
    "exhibition.quota_deleted": _("Quota deleted"),
    "exhibition.quota_saved": _("Quota saved"),
    "exhibition.saved": _("Exhibition saved"),
    "facilitation.invitation_accepted": _("Facilitation invitation accepted"),
    "facilitation.invitation_declined": _("Facilitation invitation declined"),
    "facilitation.participants_added": _("Facilitation participants added"),
    "facilitation.programme_changed": _("Facilitation programme changed"),
    "facilitation.programme_created": _("Facilitation programme created"),
    "facilitation.status_changed": _("Facilitation status changed"),
    "import.mapping_saved": _("Import column mapping saved"),
    "invitation.accepted": _("Invitation accepted"),
    "invitation.claimed": _("Invitation accepted; role waits for two-step login"),
    "invitation.resent": _("Invitation sent again"),
    "invitation.sent": _("Invitation sent"),
    "invitation.withdrawn": _("Invitation withdrawn"),
    "legality_rule.changed": _("Legality rule changed"),
    "legality_rule.created": _("Legality rule added"),
    "legality_rule.deleted": _("Legality rule removed"),
    "list.exported": _("List exported"),
    "membership.granted": _("Role granted"),
    "membership.revoked": _("Role revoked"),
    "membership.role_changed": _("Role changed"),
    "nomination.added": _("Nominated for a call"),
    "nomination.answer_recorded": _("Producer's answer to the organiser's invitation recorded"),
    "nomination.consent_asked": _("Consent to share asked of the producer"),
    "nomination.consent_recorded": _("Producer's answer on sharing recorded"),
    "nomination.invitation_passed_on": _("Organiser's invitation passed on to the producer"),
    "nomination.list_submitted": _("Nominations sent to the organiser"),
    "nomination.withdrawn": _("Taken off the nominations"),
    "nomination_call.changed": _("Call for nominations changed"),
    "nomination_call.closed": _("Call for nominations closed"),
    "nomination_call.created": _("Call for nominations created"),
    "nomination_call.opened": _("Call for nominations opened"),
    "organisation.created": _("Office created"),
    "organisation.parent_changed": _("Office above changed"),
    "organisation.profile_changed": _("Office profile changed"),
    "outcome_bands.changed": _("Outcome bands changed"),
    "outcome_bands.created": _("Outcome bands created"),
    "outbox.printed": _("Message marked printed or phoned"),
    "outbox.to_print": _("Message moved to print or phone"),
    "outbox.to_whatsapp": _("Message moved to the WhatsApp list"),
    "outbox.unreachable": _("Message marked cannot reach"),
    "outbox.whatsapp_sent": _("Message marked sent by WhatsApp"),
    "privacy.breach_recorded": _("Data breach recorded"),
    "privacy.data_downloaded": _("Own data downloaded"),
    "privacy.data_package_made": _("Data package made for the person"),
    "privacy.erasure_done": _("Erasure carried out"),
    "privacy.erasure_refused": _("Erasure request refused"),
    "privacy.erasure_requested": _("Erasure requested"),
    "privacy.retention_erased": _("Erased at the end of the retention period"),
    "privacy.withdrawal_done": _("Withdrawal of consent carried out"),
    "privacy.withdrawal_refused": _("Withdrawal request refused"),
    "privacy.withdrawal_requested": _("Withdrawal of consent requested"),
    "product.changed": _("Product changed"),
    "product.created": _("Product added"),
    "product.photo_added": _("Product photo added"),
    "product.photo_removed": _("Product photo removed"),
    "product_group.changed": _("Product group changed"),
    "product_group.created": _("Product group added"),
    "product_group.deleted": _("Product group removed"),
    "programme.bulk_enrolled": _("Businesses entered into the call at once"),
    "programme.bulk_verified": _("Applications verified at once"),
    "programme.changed": _("Programme changed"),
    "programme.closed": _("Call closed: its registration period ended"),
    "programme.copied": _("Programme copied from an earlier one"),
    "programme.created": _("Programme created"),
    "region_alias.changed": _("Region name alias changed"),
    "region_alias.created": _("Region name alias added"),
    "region_alias.deleted": _("Region name alias removed"),
    "registry.exported": _("Registry exported"),
    "registry.imported": _("Registry imported"),
    "registry.import_errors_downloaded": _("Import error file downloaded"),
    "rubric.changed": _("Rubric changed"),
    "rubric.created": _("Rubric created"),
    "rubric.versioned": _("New rubric version"),
    "schedule.filled": _("Schedule filled"),
    "schedule.placed": _("Placed in the schedule"),
    "schedule.removed": _("Removed from the schedule"),
    "schedule.walk_in": _("Walk-in added to the schedule"),
    "session.break_added": _("Break added to a curation session"),
    "session.break_removed": _("Break removed from a curation session"),
    "session.changed": _("Curation session changed"),
    "session.created": _("Curation session created"),
    "slot.cannot_come": _("Cannot come to the curation day: slot freed"),
    "slot.will_come": _("Will come to the curation day"),
    "table.changed": _("Curation table changed"),
    "table.created": _("Curation table created"),
    "table.deleted": _("Curation table deleted"),
    "two_factor.disabled": _("Two-step login turned off"),
    "two_factor.enabled": _("Two-step login turned on"),
    "two_factor.recovery_code_used": _("Recovery code used"),
    "two_factor.recovery_codes_renewed": _("New recovery codes made"),
    "two_factor.reset": _("Two-step login reset by an admin"),
    "user.changed": _("Account changed"),
    "user.created": _("Staff account created"),
    "user.email_change_asked": _("Change of email asked"),
    "user.email_changed": _("Email changed (confirmed from the new address)"),
}

# Keys services record that are not fields of the object's model.
EXTRA_FIELD_LABELS = {
    "verified": _("verified"),
    "merged_into": _("merged into"),
    "merged_from": _("merged from"),
    "filled": _("fields filled"),
    "products_moved": _("products moved"),
    "certificates_moved": _("certificates moved"),
    "format": _("format"),
    "objective": _("allocation score (objective)"),
    "businesses": _("businesses"),
    "include_nik": _("with NIK"),
    "filters": _("filters"),
    "rows": _("rows"),
    "source": _("source"),
    "product_groups": _("product groups"),
    "slot": _("slot"),
    "claim_code_valid_until": _("claim code valid until"),
    "claim_code_made_by": _("claim code made by"),
    "identity_checked": _("identity card checked in person"),
    "recovery_code_valid_until": _("recovery code valid until"),
    "recovery_code_made_by": _("recovery code made by"),
    "privacy_notice_version": _("privacy notice version"),
    "account_erased": _("account erased"),
    "rows_redacted": _("rows with personal data removed"),
    "availability": _("availability"),
    "needs": _("booth needs"),
    "bands": _("outcome bands"),
    "booth": _("booth"),
    "break": _("break"),
    "created": _("assignments made"),
    "shortages": _("products short of curators"),
    "criteria": _("criteria"),
    "district": _("district (kecamatan)"),
    "fields": _("fields"),
    "list": _("list"),
    "placed": _("products placed"),
    "unplaced": _("products not placed"),
    "rubrics": _("rubrics"),
    "sessions": _("curation sessions"),
    "slots": _("slots"),
    "run": _("import run"),
    "quota": _("group quota"),
}

# Fields that hold a Kemendagri region code: read as the region's name.
REGION_FIELDS = {"region_code", "district_code", "village_code", "district", "village"}
# How a queryset looked when an older version stored its repr: "<QuerySet [<Band: Lolos>]>".
QUERYSET_REPR = re.compile(r"^<QuerySet \[(.*)\]>$", re.S)
QUERYSET_ITEM = re.compile(r"<\w+: (.*?)>(?=, <|$)", re.S)


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model else object_type


def field_label(object_type: str, field: str) -> str:
    if field in EXTRA_FIELD_LABELS:
        return str(EXTRA_FIELD_LABELS[field])
    model_field = _field(object_type, field) or _field_anywhere(field)
    if model_field is None or not getattr(model_field, "verbose_name", None):
        return field.replace("_", " ")
    unnamed = str(model_field.verbose_name) == field.replace("_", " ")
    if unnamed and _is_reference(model_field):
        # A foreign key nobody named reads as what it points to ("group" → "kelompok produk").
        return str(model_field.related_model._meta.verbose_name)
    return str(model_field.verbose_name)


def value_label(object_type: str, field: str, value, names=None):
    """A value as people read it: a choice's label instead of its code (`proposed` → "Diusulkan"),
    a related record's name instead of its id (from `names`, see `related_names`), a time in the
    office's zone; other values as stored."""
    if value is None or value in ("", [], {}):
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    model_field = _field(object_type, field)
    if getattr(model_field, "choices", None) and not isinstance(value, list | dict):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(value_label(object_type, field, item, names) for item in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{field_label(object_type, key)}: {value_label(object_type, key, item, names)}"
            for key, item in value.items()
        )
    if isinstance(value, str) and (items := _queryset_repr_items(value)) is not None:
        return ", ".join(items)
    if field in REGION_FIELDS and isinstance(value, str):
        from kurasi.registry.regions import region_label

        return region_label(value) or value
    if _is_reference(model_field):
        return (names or {}).get((model_field.related_model, value), f"#{value}")
    if isinstance(value, str) and isinstance(model_field, models.DateField):
        return _date_label(model_field, value)
    if isinstance(model_field, NUMBER_FIELDS) or isinstance(value, int | float):
        return _number_label(value, grouped="year" not in field)
    return str(value)


NUMBER_FIELDS = (models.IntegerField, models.DecimalField, models.FloatField)


def _number_label(value, *, grouped=True) -> str:
    """A number the way the reader writes it (75.000.000 and 20,5 in Indonesian; a year as
    2026)."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:  # not a number after all (a label stored in a number's place)
        return str(value)
    return formats.number_format(number, use_l10n=True, force_grouping=grouped)


def _queryset_repr_items(text: str):
    """The names inside a stored queryset repr (older events), or None for any other text."""
    match = QUERYSET_REPR.match(text)
    if match is None:
        return None
    return QUERYSET_ITEM.findall(match.group(1))


def related_names(events) -> dict:
    """{(model, pk): name} of the records `events`' changes refer to by id: one query per model.

    A record since deleted has no name; its value stays "#id".
    """
    wanted = defaultdict(set)
    for event in events:
        for field, pair in (event.changes or {}).items():
            model_field = _field(event.object_type, field)
            if _is_reference(model_field):
                values = pair if isinstance(pair, list) else [pair]
                wanted[model_field.related_model].update(v for v in values if isinstance(v, int))
    names = {}
    for model, pks in wanted.items():
        for record in model._base_manager.filter(pk__in=pks):
            names[(model, record.pk)] = str(record)
    return names


def _is_reference(model_field):
    return model_field is not None and bool(model_field.many_to_one)


def _date_label(model_field, value: str) -> str:
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(value.replace(" ", "T", 1))
        if moment is None:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "DATETIME_FORMAT")
    day = parse_date(value)
    return formats.date_format(day, "DATE_FORMAT") if day else value


def _model(object_type):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field_anywhere(field):
    """A field of that name on any of our models: a key a service records about a related record
    (an exhibition event naming a product's `quota`) still reads with the model's translated name.
    """
    for model in apps.get_models():
        if model.__module__.startswith("kurasi."):
            try:
                model_field = model._meta.get_field(field)
            except FieldDoesNotExist:
                continue
            if model_field.concrete:
                return model_field
    return None


def _field(object_type, field):
    model = _model(object_type)
    if model is None:
        return None
    try:
        return model._meta.get_field(field)
    except FieldDoesNotExist:  # a key only the service records
        return None
