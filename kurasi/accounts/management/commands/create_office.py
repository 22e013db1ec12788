"""Start an office from the command line: the office and its first admin's invitation."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction
from django.utils import timezone

from kurasi.accounts.models import Organisation, OrganisationKind
from kurasi.accounts.services_operator import create_office


class Command(BaseCommand):
    help = (
        "Create an office (organisation) and invite its first office admin. Prints the "
        "invitation link once, to hand over by WhatsApp or on paper as well as by email."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help='e.g. "Disperindag Kota Tangerang"')
        parser.add_argument(
            "--kind",
            default=OrganisationKind.DINAS_PERINDAG,
            choices=OrganisationKind.values,
            help="kind of office (default: dinas_perindag)",
        )
        parser.add_argument(
            "--region",
            required=True,
            help="Kemendagri code of the area served: 36.71 (regency or city) or 36 (province)",
        )
        parser.add_argument("--admin-email", required=True, help="the first office admin's email")
        parser.add_argument("--admin-name", default="", help="the first admin's name (optional)")
        parser.add_argument(
            "--slug", default="", help="short name in addresses (default: made from the name)"
        )
        parser.add_argument(
            "--parent",
            default="",
            help="short name of the office above (default: the one the region codes tell, if any)",
        )

    @no_translations  # the command speaks English, like the others
    def handle(self, *args, **options):
        parent = None
        if options["parent"]:
            parent = Organisation.objects.filter(slug=options["parent"]).first()
            if parent is None:
                raise CommandError(
                    f"Nothing was created.\nparent: no office has the short name "
                    f"{options['parent']}."
                )
        try:
            with transaction.atomic():
                office, invitation, url = create_office(
                    actor=None,
                    name=options["name"],
                    kind=options["kind"],
                    region_code=options["region"],
                    admin_email=options["admin_email"],
                    admin_name=options["admin_name"],
                    slug=options["slug"],
                    parent=parent,
                )
        except ValidationError as error:
            problems = [
                f"{field}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
            raise CommandError("Nothing was created.\n" + "\n".join(problems)) from None
        # The transaction has committed: the invitation email was tried just now.
        self.stdout.write(
            f"Created {office.name} ({office.get_kind_display()}), region {office.region_code} "
            f"{office.region_name}, address /o/{office.slug}/."
        )
        self.stdout.write(
            f"Office above: {office.parent.name} (/o/{office.parent.slug}/)."
            if office.parent_id
            else "Office above: none (set it on the operator's page when there is one)."
        )
        self.stdout.write(
            f"First office admin invited: {invitation.email}, valid until "
            f"{timezone.localtime(invitation.expires_at):%Y-%m-%d %H:%M %Z}."
        )
        self.stdout.write("Invitation link (shown only this once; hand it over if the email")
        self.stdout.write("does not arrive, e.g. by WhatsApp or on paper):")
        self.stdout.write(f"  {url}")
        handed = getattr(invitation, "mail_handed_over", None)
        if handed:
            self.stdout.write(
                "The email was handed to the mail server (that is not proof of delivery)."
            )
        elif handed is None:  # called inside an outer transaction (tests, scripts)
            self.stdout.write("The email is sent when the outer transaction commits.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    "The mail server did not take the email: hand the link over yourself."
                )
            )
