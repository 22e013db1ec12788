"""Import businesses and products from an .xlsx or .csv file; a dry run unless --commit."""

from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kurasi.accounts.models import Organisation, User
from kurasi.registry.importer import Fate, ImportRefused, plan_import, run_import
from kurasi.registry.importing.mapping import IGNORE
from kurasi.registry.importing.reader import FileError, read_rows
from kurasi.registry.services_io import remembered_mapping


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
        parser.add_argument(
            "--ignore-unknown-columns",
            action="store_true",
            help="Leave out columns with content that match no field (they stop the import "
            "otherwise). The office's remembered column choices for the header set apply.",
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
        mapping = self._mapping(path, organisation, options["ignore_unknown_columns"])
        with path.open("rb") as handle:
            if options["commit"]:
                try:
                    plan = run_import(
                        handle,
                        actor=actor,
                        organisation=organisation,
                        create_anyway=create_anyway,
                        mapping=mapping,
                    )
                except ImportRefused as refused:
                    self._report(refused.plan, options["problems_only"])
                    raise CommandError(_("The file has errors: nothing was imported.")) from None
            else:
                plan = plan_import(
                    handle, organisation=organisation, create_anyway=create_anyway, mapping=mapping
                )
        self._report(plan, options["problems_only"])
        if plan.file_error:
            raise CommandError(str(plan.file_error))
        self.stdout.write(
            _("Written to the database.") if options["commit"] else _("Dry run: nothing written.")
        )

    def _mapping(self, path, organisation, ignore_unknown):
        """The office's remembered column choices for the file's header set and, with
        --ignore-unknown-columns, every column that matches no field ignored (only the header
        row is read here)."""
        with path.open("rb") as handle:
            try:
                headers = read_rows(handle, mapping=partial(remembered_mapping, organisation))[1]
            except FileError:
                return {}  # the import itself reports it
            match = headers.match
            mapping = dict(match.mapping)
            if ignore_unknown:
                mapping.update({str(c.index): IGNORE for c in match.columns if c.how == "unknown"})
        return mapping

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
        match = plan.column_match
        if match is not None and match.left_out:
            self.stdout.write(
                _("These columns have content and will be left out:")
                + " "
                + ", ".join(f"{c.letter} {c.header}" for c in match.left_out)
            )
        counts = ", ".join(f"{labels[fate]}: {n}" for fate, n in plan.counts.items())
        self.stdout.write(counts)
        self.stdout.write(", ".join(f"{key}: {n}" for key, n in plan.totals.items()))
