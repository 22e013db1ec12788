"""Writing the audit trail. Services call `record_event` inside their own transaction."""

from django.utils import timezone

from .models import AuditEvent


def record_event(*, actor, action, obj, organisation=None, changes=None, reason=""):
    """Append one audit event about `obj`. Side effect: one row in AuditEvent."""
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=str(actor) if actor is not None else "system",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:200],
        changes=changes or {},
        reason=reason,
    )


def redact_event(event, *, changes, object_label=None, reason=None, actor_label=None, now=None):
    """Replace personal values inside one event (a person's erasure): the only rewrite the
    append-only trail allows. Who acted, when, the action and the object stay; `redacted_at`
    records that it happened. Side effect: one UPDATE of the event's row."""
    values = {"changes": changes, "redacted_at": now or timezone.now()}
    for name, value in (
        ("object_label", object_label),
        ("reason", reason),
        ("actor_label", actor_label),
    ):
        if value is not None:
            values[name] = value
    AuditEvent.objects.filter(pk=event.pk).update(**values)
