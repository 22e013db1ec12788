"""Writes through the pages' own forms, so the API validates exactly as the pages do.

The JSON body is laid over the form's current values (a PATCH changes only what it names), the
form cleans it, and its errors become the API's validation error.
"""

from django.db.models import F
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from kurasi.registry.models import CertificateType


def parse_body(serializer_class, request, *, partial=False) -> dict:
    """The body checked for its shape by the *Input serializer, as form data."""
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return serializer.to_form_data()


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


def with_certificate_type_id(payload: dict, organisation, field: str) -> dict:
    """The forms take a certificate type's id; the API names types by code. An office's own type
    wins over a shipped one of the same code; an empty value is left for the form to judge."""
    code = payload.get(field)
    if not code:
        return payload
    types = CertificateType.objects.available_to(organisation).filter(code=code)
    # NULLs (shipped types) first on every engine, so the office's own type comes last.
    chosen = types.order_by(F("organisation").asc(nulls_first=True)).last()
    if chosen is None:
        raise ValidationError({field: [_("Unknown certificate type.")]})
    return {**payload, field: chosen.pk}
