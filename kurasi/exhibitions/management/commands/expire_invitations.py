from django.core.management.base import BaseCommand

from kurasi.exhibitions.invitations import expire_invitations


class Command(BaseCommand):
    help = (
        "Expire exhibition invitations past their deadline and invite the next on the waiting "
        "list now (as a background task). Optional: `manage.py worker` does this every 15 "
        "minutes."
    )

    def handle(self, *args, **options):
        result = expire_invitations.enqueue()
        self.stdout.write(f"Queued expire_invitations ({result.id}).")
