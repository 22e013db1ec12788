"""The database side of "append-only": triggers that refuse to rewrite or remove audit events.

The model refuses `save()` of an existing event and `delete()`, but a bug, a shell or a raw SQL
statement goes around the model; the triggers do not. Both databases get them (migration 0002):

- DELETE is always refused. Rows leave only when the whole database is wiped: PostgreSQL's
  TRUNCATE fires no row trigger, and on SQLite Django's `flush` (tests, `restore --force`) runs
  with `unlocked_for_flush()`, which the trigger asks through the SQL function
  `kurasi_audit_unlocked()`. A connection that lacks the function (the sqlite3 shell) fails the
  statement, so the default everywhere is "refused".
- UPDATE is refused except in two cases:
  1. `actor_id` becomes NULL: Django's on_delete=SET_NULL when an account is erased.
  2. Redaction, the one sanctioned rewrite (`kurasi.audit.services.redact_event`): the statement
     sets `redacted_at` to a later time than before and may replace `changes`, `object_label`,
     `reason` and `actor_label`. Who, when, what action and which object never change.

SQLite drops a table's triggers when Django rebuilds the table (many AlterField/RemoveField
migrations do): a later migration that alters AuditEvent must run `create_triggers` again.
"""

import contextlib
import threading

from django.db.backends.signals import connection_created

MESSAGE = "audit events are append-only"
TABLE = "audit_auditevent"
_state = threading.local()

# A rewrite is a redaction when it moves redacted_at forward; only then may these change.
_REDACTABLE = ("changes", "object_label", "reason", "actor_label", "redacted_at")
_FIXED = ("id", "organisation_id", "action", "object_type", "object_id", "created_at")


def _forbidden_update(distinct: str) -> str:
    """SQL that is true for an UPDATE the trail must refuse; `distinct` is the null-safe '≠'."""
    fixed = " OR ".join(f"NEW.{c} {distinct} OLD.{c}" for c in _FIXED)
    redacted = " OR ".join(f"NEW.{c} {distinct} OLD.{c}" for c in _REDACTABLE)
    return (
        f"({fixed})"
        f" OR (NEW.actor_id {distinct} OLD.actor_id AND NEW.actor_id IS NOT NULL)"
        f" OR (({redacted}) AND NOT (NEW.redacted_at IS NOT NULL"
        f" AND (OLD.redacted_at IS NULL OR NEW.redacted_at > OLD.redacted_at)))"
    )


SQLITE_CREATE = [
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {TABLE}
    WHEN NOT kurasi_audit_unlocked()
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {TABLE}
    WHEN {_forbidden_update("IS NOT")}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TRIGGER IF EXISTS audit_event_no_update",
]
POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR ({_forbidden_update("IS DISTINCT FROM")}) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS audit_event_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]


def create_triggers(schema_editor):
    for statement in _statements(schema_editor, SQLITE_CREATE, POSTGRES_CREATE):
        schema_editor.execute(statement)


def drop_triggers(schema_editor):
    for statement in _statements(schema_editor, SQLITE_DROP, POSTGRES_DROP):
        schema_editor.execute(statement)


def _statements(schema_editor, sqlite, postgres):
    vendor = schema_editor.connection.vendor
    return {"sqlite": sqlite, "postgresql": postgres}.get(vendor, [])


@contextlib.contextmanager
def unlocked_for_flush():
    """Let SQLite's DELETE trigger pass while the whole database is wiped (`flush`)."""
    _state.unlocked = True
    try:
        yield
    finally:
        _state.unlocked = False


def _is_unlocked():
    return 1 if getattr(_state, "unlocked", False) else 0


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("kurasi_audit_unlocked", 0, _is_unlocked)


def connect():
    connection_created.connect(register_sqlite_function, dispatch_uid="kurasi_audit_guard")
