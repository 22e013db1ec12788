from django.core.management.base import BaseCommand

from kurasi.demo.accounts import DEMO_TOTP_KEY, demo_code


class Command(BaseCommand):
    help = (
        "Print the demo office admins' current two-step login code (Tangsel, Banten, Kota "
        "Tangerang and the ministry share one published key), so it works for them only."
    )

    def handle(self, *args, **options):
        self.stdout.write(demo_code())
        self.stderr.write(f"(key {DEMO_TOTP_KEY}; a new code every 30 seconds)")
