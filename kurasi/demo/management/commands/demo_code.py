from django.core.management.base import BaseCommand

from kurasi.demo.accounts import DEMO_TOTP_KEY, demo_code


class Command(BaseCommand):
    help = (
        "Print the demo office admin's current two-step login code. It is computed from the "
        "demo's published key, so it works for the demo admin only."
    )

    def handle(self, *args, **options):
        self.stdout.write(demo_code())
        self.stderr.write(f"(key {DEMO_TOTP_KEY}; a new code every 30 seconds)")
