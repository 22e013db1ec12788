from datetime import timedelta

from django.core.management.base import BaseCommand

from kurasi.worker.stalled import requeue_stalled


class Command(BaseCommand):
    help = (
        "Put tasks a killed worker left running back in the queue (once; a second stall marks "
        "the task failed). `manage.py worker` does this itself every 5 minutes; this command "
        "is for a worker run as `db_worker`, or by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=30 * 60,
            metavar="SECONDS",
            help="only tasks running for longer than this (default 1800: longer than any "
            "honest task takes)",
        )

    def handle(self, *, older_than, **options):
        requeued, failed = requeue_stalled(older_than=timedelta(seconds=older_than))
        self.stdout.write(f"Stalled tasks: {requeued} queued again, {failed} marked failed.")
