"""Import businesses and products from an .xlsx or .csv file; a dry run unless --commit."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kurasi.accounts.models import Organisation, User
from kurasi.registry.importer import Fate, ImportRefused, plan_import, run_import


class Command(BaseCommand):
    help = "Import businesses and products into an organisation's registry (dry run by default)."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's slug.")
        parser.add_argument("path", help="An .xlsx or .csv file in the import template's layout.")
        parser.add_argument("--commit", action="store_true", help="Write to the database.")
        parser.add_argument(
            "--create-anyway",
            action="store_true",
            help="Create businesses whose name is very similar to one in the same village.",
        )
        parser.add_argument("--actor", help="E-mail of the staff member recorded as importer.")
        parser.add_argument(
            "--problems-only", action="store_true", help="Print only rows with problems."
        )

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['organisation']!r}.")
        actor = None
        if options["actor"]:
            actor = User.objects.filter(
                email__iexact=options["actor"], memberships__organisation=organisation
            ).first()
            if actor is None:
                raise CommandError("No staff member of this organisation with that e-mail.")
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        create_anyway = options["create_anyway"]
        with path.open("rb") as handle:
            if options["commit"]:
                try:
                    plan = run_import(
                        handle, actor=actor, organisation=organisation, create_anyway=create_anyway
                    )
                except ImportRefused as refused:
                    self._report(refused.plan, options["problems_only"])
                    raise CommandError(_("The file has errors: nothing was imported.")) from None
            else:
                plan = plan_import(handle, organisation=organisation, create_anyway=create_anyway)
        self._report(plan, options["problems_only"])
        if plan.file_error:
            raise CommandError(str(plan.file_error))
        self.stdout.write(
            _("Written to the database.") if options["commit"] else _("Dry run: nothing written.")
        )

    def _report(self, plan, problems_only):
        labels = dict(Fate.choices)
        for row in plan.rows:
            problem = row.errors or row.warnings or row.fate == Fate.DUPLICATE
            if problems_only and not problem:
                continue
            line = f"{row.number}: {labels[row.fate]}"
            if row.duplicate_of:
                line += f" {row.duplicate_of}"
            line += f" — {row.business_name or '?'}"
            if row.product_name:
                line += f" / {row.product_name}"
            notes = [f"[{column}] {message}" for column, message in row.errors]
            notes += [str(message) for message in row.warnings]
            if notes:
                line += " — " + "; ".join(str(note) for note in notes)
            self.stdout.write(line)
        if plan.unknown_headers:
            self.stdout.write(_("Columns ignored: %s") % ", ".join(plan.unknown_headers))
        counts = ", ".join(f"{labels[fate]}: {n}" for fate, n in plan.counts.items())
        self.stdout.write(counts)
        self.stdout.write(", ".join(f"{key}: {n}" for key, n in plan.totals.items()))
