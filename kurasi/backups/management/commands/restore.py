"""`manage.py restore FILE`: put a backup's database and files back, verified (see archive.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kurasi.backups.archive import restore_backup
from kurasi.backups.databases import BackupError


class Command(BaseCommand):
    help = (
        "Restore the database and uploaded files from a backup archive into an empty or freshly "
        "migrated database."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds office data (its content is lost).",
        )

    def handle(self, *args, **options):
        try:
            restored = restore_backup(Path(options["archive"]), force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {restored.rows} rows in {restored.tables} tables and {restored.files} files;"
            " row counts match the manifest."
        )
