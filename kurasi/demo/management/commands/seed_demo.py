from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kurasi.accounts.models import User
from kurasi.demo.accounts import (
    DEMO_PASSWORD,
    DEMO_TOTP_KEY,
    PRODUCER,
    STAFF,
    demo_logins,
    seed_accounts,
)
from kurasi.demo.chain import chain_logins, seed_chain
from kurasi.demo.curation import CURATORS, seed_curation
from kurasi.demo.day import seed_day
from kurasi.demo.decisions import seed_decisions
from kurasi.demo.exhibitions import seed_exhibitions
from kurasi.demo.facilitation import seed_facilitation
from kurasi.demo.open_call import seed_open_call
from kurasi.demo.registry import seed_registry


class Command(BaseCommand):
    help = "Load the demo data of the founding scenario (Tangerang Selatan, 2017). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        organisation = seed_accounts()
        producer = User.objects.get(phone=PRODUCER[0])
        field_officer = User.objects.get(email=STAFF[1][0])
        admin = User.objects.get(email=STAFF[0][0])
        programme = seed_registry(organisation, producer, field_officer)
        seed_curation(
            organisation, programme, {u.email: u for u in User.objects.filter(email__in=CURATORS)}
        )
        seed_day(organisation, programme)
        seed_decisions(programme, admin)
        seed_facilitation(organisation, programme, admin)
        seed_exhibitions(programme, admin)
        open_call = seed_open_call(organisation, programme, producer, admin)
        chain = seed_chain(organisation)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {organisation.name}"))
        self.stdout.write(
            f"  {organisation.businesses.count()} businesses, "
            f"{programme.applications.count()} applications in {programme.title}"
        )
        closes = timezone.localtime(open_call.registration_closes_at)
        self.stdout.write(
            f"  Open for registration: {open_call.title}, until {closes:%Y-%m-%d %H:%M} "
            f"({open_call.applications.count()} registrations so far)"
        )
        self.stdout.write("\n".join(chain))
        if not options["quiet_logins"]:
            self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
            for login, role in demo_logins() + chain_logins():
                self.stdout.write(f"  {login:<34} {role}")
            self.stdout.write(
                f"\nOffice admins also need a code (two-step login): add the key "
                f"{DEMO_TOTP_KEY} to an authenticator app (time-based), or run "
                f"`manage.py demo_code` for the current code."
            )
