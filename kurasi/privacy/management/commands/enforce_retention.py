from django.core.management.base import BaseCommand

from kurasi.privacy.retention import due_for_erasure
from kurasi.privacy.services import erase_for_retention


class Command(BaseCommand):
    help = (
        "Anonymise producers whose every programme is past its retention period and who have "
        "shown no newer activity. A dry run unless --commit is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="Anonymise (default: dry run)")

    def handle(self, *args, commit=False, **options):
        due = due_for_erasure()
        verb = "Anonymised" if commit else "Would anonymise"
        for person in due:
            names = ", ".join(f"#{b.pk} {b.organisation.slug}" for b in person.businesses)
            programmes = ", ".join(p.slug for p in person.programmes) or "no programme"
            self.stdout.write(
                f"{verb} {person.label}: businesses {names}; programmes {programmes}; "
                f"last activity {person.last_activity:%Y-%m-%d}"
            )
            if commit:
                erase_for_retention(user=person.user, businesses=person.businesses)
        summary = f"{len(due)} people {'anonymised' if commit else 'due'}."
        if not commit:
            summary += " Dry run: nothing changed; add --commit to anonymise."
        self.stdout.write(summary)
