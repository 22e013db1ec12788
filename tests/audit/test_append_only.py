"""The audit trail is append-only in the model and in the database (SQLite and PostgreSQL)."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kurasi.audit.models import AppendOnlyError, AuditEvent
from kurasi.audit.services import record_event, redact_event


@pytest.fixture
def event(admin_user, organisation):
    return record_event(
        actor=admin_user,
        action="business.changed",
        obj=organisation,
        organisation=organisation,
        changes={"owner_name": ["Siti", "Siti Rahmawati"]},
    )


def _sql(statement, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_audit_event_sql_update_refused(event):
    with pytest.raises(IntegrityError):
        _sql("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(IntegrityError):
        _sql("UPDATE audit_auditevent SET changes = '{}' WHERE id = %s", [event.pk])

    assert AuditEvent.objects.get(pk=event.pk).action == "business.changed"


def test_audit_event_sql_delete_refused(event):
    with pytest.raises(IntegrityError):
        _sql("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])

    assert AuditEvent.objects.filter(pk=event.pk).count() == 1


def test_audit_event_model_save_and_delete_refused(event):
    event.action = "x"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")


def test_audit_event_redaction_replaces_personal_values_only(event):
    redact_event(event, changes={"owner_name": ["[dihapus]", "[dihapus]"]}, object_label="—")

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.changes == {"owner_name": ["[dihapus]", "[dihapus]"]}
    assert stored.object_label == "—"
    assert stored.action == "business.changed"
    assert stored.redacted_at is not None


def test_audit_event_redaction_cannot_change_who_or_what(event):
    later = timezone.now() + dt.timedelta(minutes=1)
    with pytest.raises(IntegrityError):
        _sql(
            "UPDATE audit_auditevent SET redacted_at = %s, action = 'x' WHERE id = %s",
            [later, event.pk],
        )


def test_audit_event_survives_deleting_the_actor(event, admin_user):
    admin_user.delete()

    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.actor_label) == (None, "Rina Kartika")
