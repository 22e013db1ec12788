"""Field changes for the audit trail: what a record was before and after, as {field: [old, new]}.

Services take a `snapshot` of the fields a person edited before saving and another after, and pass
`field_changes(before, after)` to `record_event`, so no service writes its diff by hand.

Values stay in clear so an admin can answer "what was it before?", except identifiers that would
let a stranger reach the person: the NIK and phone numbers are masked (region and serial of the
NIK, the last digits of a phone), enough to tell two values apart without revealing either.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from kurasi.lib.phone import display_phone
from kurasi.registry.identifiers import mask_nik

MASK = "•••"
# Field names whose values identify a person on their own; every model uses these names.
MASKED_FIELDS = {"nik", "phone", "owner_nik", "owner_phone"}


def snapshot(instance, fields) -> dict:
    """{field: JSON-safe value} of `instance`; a foreign key gives its id (e.g. `band` → 7)."""
    values = {}
    for field in fields:
        model_field = _model_field(instance, field)
        if model_field is not None and model_field.is_relation and model_field.many_to_one:
            values[field] = getattr(instance, model_field.attname)
        else:
            values[field] = jsonable(getattr(instance, field, None))
    return values


def field_changes(before: dict, after: dict) -> dict:
    """{field: [old, new]} for every field of `after` whose value differs from `before`."""
    changes = {}
    for field, new in after.items():
        old = before.get(field)
        if old != new:
            changes[field] = [mask_value(field, old), mask_value(field, new)]
    return changes


def instance_changes(before, after, fields) -> dict:
    """The changes between two instances of one model (`before` None when `after` is new)."""
    old = {} if before is None else snapshot(before, fields)
    return field_changes(old, snapshot(after, fields))


def form_changes(form) -> dict:
    """{field: [None, new]} for the fields a person changed in a valid form: a record by its id
    (the log shows its name), several records by their names, dates as ISO text."""
    return {
        field: [None, mask_value(field, jsonable(form.cleaned_data[field]))]
        for field in form.changed_data
    }


def mask_value(field: str, value):
    if field not in MASKED_FIELDS or value in (None, ""):
        return value
    text = str(value)
    if "nik" in field:
        return mask_nik(text) or MASK
    national = display_phone(text) if text.startswith("+") else text
    return f"{MASK}{national[-4:]}" if len(national) > 4 else MASK


def jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.QuerySet | models.Manager):
        # Several records (a many-to-many field, a multiple choice): their names, as people
        # read them; never the queryset's repr.
        return sorted(str(item) for item in value.all())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def _model_field(instance, name):
    try:
        return instance._meta.get_field(name)
    except FieldDoesNotExist:  # a property or a form-only name: read it as a value
        return None
