"""`manage.py backup`: the database and the uploaded files in one .tar.gz (see archive.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kurasi.backups.archive import create_backup
from kurasi.backups.databases import BackupError


class Command(BaseCommand):
    help = "Write one archive with the database, the uploaded files and a manifest (0600)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            default=None,
            help="Where to write the archive (default: KURASI_BACKUP_DIR, var/backups).",
        )

    def handle(self, *args, **options):
        directory = Path(options["directory"] or settings.KURASI_BACKUP_DIR)
        try:
            path = create_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
