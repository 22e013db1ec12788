"""The audit trail: an append-only record of every change a person may later ask about.

Append-only in the model (no save() of an existing event, no delete()) and in the database
(triggers, see guard.py). The one sanctioned rewrite is redaction of personal values on erasure:
`kurasi.audit.services.redact_event`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(ValueError):
    pass


class AuditEventQuerySet(models.QuerySet):
    def delete(self):
        raise AppendOnlyError("Audit events are append-only.")

    def update(self, **kwargs):
        # Two updates are allowed, as in the database triggers: on_delete=SET_NULL when an
        # account is deleted, and a redaction (which moves redacted_at; see redact_event).
        if kwargs != {"actor": None} and "redacted_at" not in kwargs:
            raise AppendOnlyError("Audit events are append-only; redact with redact_event().")
        return super().update(**kwargs)

    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEvent(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office"),
    )
    # SET_NULL keeps the event when an account is erased; actor_label keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    # {"field": [before, after]}; personal values are masked by the caller.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # Set when personal values in this event were replaced on a person's erasure.
    redacted_at = models.DateTimeField(_("redacted at"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The office-wide log: one office's events, newest first.
            models.Index(fields=["organisation", "-created_at"], name="audit_org_time_idx"),
        ]

    def __str__(self):
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"
        )

    def save(self, *args, **kwargs):
        # Append-only: an event once written is never rewritten.
        if self.pk is not None:
            raise AppendOnlyError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are append-only.")
