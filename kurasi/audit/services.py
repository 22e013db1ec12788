"""Writing the audit trail. Services call `record_event` inside their own transaction."""

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
