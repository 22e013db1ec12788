"""The exhibitor list for the event's organiser (.xlsx and PDF) and invitation letters.

Contacts appear only for businesses whose owner's consent is recorded (Business.consent_given_at),
and for a nominee of another office only once her place is confirmed; the NIK never appears.
"""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kurasi.lib import tabular
from kurasi.lib.urls import site_url
from kurasi.nominations.allocation import fed_by_nominations

from .models import Allocation, AllocationStatus


def exhibitors(exhibition):
    """Places taken or offered (confirmed first), with the data the organiser may see."""
    rows = (
        Allocation.objects.filter(
            exhibition=exhibition,
            status__in=[AllocationStatus.CONFIRMED, AllocationStatus.INVITED],
        )
        .select_related("business", "booth_type", "application__product__group")
        .order_by("-status", "business__name")
    )
    out = []
    # A nominee's contact stays with the office that nominated her until she confirms.
    nominees = fed_by_nominations(exhibition)
    for a in rows:
        business, product = a.business, a.application.product
        consented = business.consent_given_at is not None and (
            not nominees or a.status == AllocationStatus.CONFIRMED
        )
        out.append(
            {
                "business": business.name,
                "owner": business.owner_name,
                "product": product.name,
                "group": product.group.name,
                "description": product.description,
                "booth": a.booth_type.label if a.booth_type else "",
                "status": a.get_status_display(),
                "phone": business.phone_display if consented else "",
                "email": business.email if consented else "",
                "district": business.district_name,
            }
        )
    return out


COLUMNS = [
    ("business", _("Business")),
    ("owner", _("Owner")),
    ("product", _("Product")),
    ("group", _("Product group")),
    ("booth", _("Booth")),
    ("status", _("Status")),
    ("district", _("District")),
    ("phone", _("Phone (with consent)")),
    ("email", _("Email (with consent)")),
]


def exhibitors_xlsx(exhibition) -> bytes:
    """In Indonesian whatever the staff member's language: the file goes to the organiser."""
    with translation.override("id"):
        columns = [tabular.Column(key, str(label)) for key, label in COLUMNS]
    table = tabular.Table(columns, exhibitors(exhibition), sheet_title="Peserta")
    with tabular.xlsx_file(table) as handle:
        return handle.read()


def exhibitors_pdf(exhibition) -> bytes:
    from weasyprint import HTML  # loads Pango: only the PDF views need it

    with translation.override("id"):
        html = render_to_string(
            "exhibitions/exhibitors_pdf.html",
            {
                "exhibition": exhibition,
                "organisation": exhibition.organisation,
                "rows": exhibitors(exhibition),
            },
        )
    return HTML(string=html, base_url=site_url()).write_pdf()
