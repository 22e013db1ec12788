"""Writes through the pages' own forms, so the API validates exactly as the pages do.

The JSON body is laid over the form's current values (a PATCH changes only what it names), the
form cleans it, and its errors become the API's validation error.
"""

from rest_framework.exceptions import ValidationError


def form_errors(form) -> dict:
    return {
        ("non_field_errors" if name == "__all__" else name): [e["message"] for e in errors]
        for name, errors in form.errors.get_json_data().items()
    }


def bound_form(form_class, payload: dict, *, instance=None, **kwargs):
    """A form bound to the instance's current values overlaid with `payload`; valid or raise."""
    current = form_class(instance=instance, **kwargs) if instance is not None else None
    data = {}
    if current is not None:
        data = {name: current[name].value() for name in current.fields}
        data = {name: ("" if value is None else value) for name, value in data.items()}
    data.update(payload)
    form = (
        form_class(data, instance=instance, **kwargs)
        if instance is not None
        else form_class(data, **kwargs)
    )
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form


def changed_fields(form, payload: dict) -> list[str]:
    """Audit-trail field names: those the client sent and the form saw change."""
    return [name for name in form.changed_data if name in payload]
