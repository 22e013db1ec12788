"""Readable names for the trail: one translated label per action code, and field labels taken
from the models' own verbose names, so every page and export says the same thing."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "account.created_for_producer": _("Account created for the producer"),
    "account.signed_up": _("Signed up"),
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
    "business.created": _("Business created"),
    "business.merged_from": _("Duplicate merged into this business"),
    "business.merged_into": _("Merged into another business"),
    "business.owner_linked": _("Owner's account linked"),
    "certificate.changed": _("Permit or certificate changed"),
    "certificate.created": _("Permit or certificate added"),
    "certificate.deleted": _("Permit or certificate deleted"),
    "certificate.verified": _("Permit or certificate verified"),
    "check_in.arrived": _("Checked in"),
    "check_in.no_show": _("Marked as not present"),
    "check_in.sample": _("Sample received"),
    "conflict.changed": _("Conflict of interest changed"),
    "conflict.declared": _("Conflict of interest declared"),
    "conflict.withdrawn": _("Conflict of interest withdrawn"),
    "decision.changed": _("Decision changed"),
    "decision.letter_issued": _("Result letter issued"),
    "decision.made": _("Decision made"),
    "exhibition.allocated": _("Booths allocated"),
    "exhibition.answers_saved": _("Booth needs saved"),
    "exhibition.booth_added": _("Booth type added"),
    "exhibition.booth_deleted": _("Booth type deleted"),
    "exhibition.booth_saved": _("Booth type saved"),
    "exhibition.confirmed": _("Invitation accepted"),
    "exhibition.declined": _("Invitation declined"),
    "exhibition.expired": _("Invitation expired"),
    "exhibition.invited": _("Invited to the exhibition"),
    "exhibition.override": _("Allocation changed by hand"),
    "exhibition.quota_added": _("Quota added"),
    "exhibition.quota_deleted": _("Quota deleted"),
    "exhibition.quota_saved": _("Quota saved"),
    "exhibition.saved": _("Exhibition saved"),
    "facilitation.participants_added": _("Facilitation participants added"),
    "facilitation.programme_changed": _("Facilitation programme changed"),
    "facilitation.programme_created": _("Facilitation programme created"),
    "facilitation.status_changed": _("Facilitation status changed"),
    "membership.granted": _("Role granted"),
    "membership.revoked": _("Role revoked"),
    "outcome_bands.changed": _("Outcome bands changed"),
    "outcome_bands.created": _("Outcome bands created"),
    "product.changed": _("Product changed"),
    "product.created": _("Product added"),
    "product.photo_added": _("Product photo added"),
    "product.photo_removed": _("Product photo removed"),
    "programme.changed": _("Programme changed"),
    "programme.created": _("Programme created"),
    "registry.exported": _("Registry exported"),
    "registry.imported": _("Registry imported"),
    "rubric.changed": _("Rubric changed"),
    "rubric.created": _("Rubric created"),
    "rubric.versioned": _("New rubric version"),
    "schedule.filled": _("Schedule filled"),
    "schedule.placed": _("Placed in the schedule"),
    "schedule.removed": _("Removed from the schedule"),
    "schedule.walk_in": _("Walk-in added to the schedule"),
    "session.changed": _("Curation session changed"),
    "session.created": _("Curation session created"),
    "table.changed": _("Curation table changed"),
    "table.created": _("Curation table created"),
    "table.deleted": _("Curation table deleted"),
    "user.changed": _("Account changed"),
    "user.created": _("Staff account created"),
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
    "include_nik": _("with NIK"),
    "filters": _("filters"),
    "rows": _("rows"),
    "source": _("source"),
}


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model else object_type


def field_label(object_type: str, field: str) -> str:
    if field in EXTRA_FIELD_LABELS:
        return str(EXTRA_FIELD_LABELS[field])
    model_field = _field(object_type, field)
    if model_field is not None and getattr(model_field, "verbose_name", None):
        return str(model_field.verbose_name)
    return field.replace("_", " ")


def value_label(object_type: str, field: str, value):
    """A choice's label instead of its code (`proposed` → "Diusulkan"); other values as stored."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    model_field = _field(object_type, field)
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _model(object_type):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(object_type, field):
    model = _model(object_type)
    if model is None:
        return None
    try:
        return model._meta.get_field(field)
    except FieldDoesNotExist:  # a key only the service records
        return None
