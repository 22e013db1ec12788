"""Django's `flush`, which wipes every table, with the audit trail's SQLite DELETE trigger let
through for that one statement list (see kurasi/audit/guard.py). Tests flush between
transactional test cases; nothing else in Kurasi deletes audit events."""

from django.core.management.commands import flush

from kurasi.audit.guard import unlocked_for_flush


class Command(flush.Command):
    def handle(self, **options):
        with unlocked_for_flush():
            return super().handle(**options)
