from django.core.management.base import BaseCommand
from django.db import transaction

from kurasi.demo.accounts import DEMO_PASSWORD, demo_logins, seed_accounts


class Command(BaseCommand):
    help = "Load the demo data of the founding scenario (Tangerang Selatan, 2017). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        organisation = seed_accounts()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {organisation.name}"))
        if not options["quiet_logins"]:
            self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
            for login, role in demo_logins():
                self.stdout.write(f"  {login:<34} {role}")
