"""Exports of the exhibition list and of one exhibition's allocations (the staff's working list;
the organiser's exhibitor list is in exports.py). No contact data."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kurasi.accounts.access import get_membership_for_user
from kurasi.lib import exports
from kurasi.lib.tabular import DATE, NUMBER, Column, Table

from .access import READ_ROLES, get_exhibition_for_staff
from .reasons import reason_text
from .views import exhibitions_with_counts, ordered_allocations

EXHIBITION_COLUMNS = [
    Column("name", gettext_lazy("Exhibition")),
    Column("level", gettext_lazy("Level"), lambda e: e.get_level_display()),
    Column("venue", gettext_lazy("Venue")),
    Column("starts_on", gettext_lazy("First day"), type=DATE),
    Column("ends_on", gettext_lazy("Last day"), type=DATE),
    Column("booths", gettext_lazy("Booths"), lambda e: e.booths or 0, NUMBER),
    Column("holding", gettext_lazy("Places"), type=NUMBER),
    Column("confirmed", gettext_lazy("Confirmed"), type=NUMBER),
]

ALLOCATION_COLUMNS = [
    Column("product", gettext_lazy("Product"), lambda a: a.application.product.name),
    Column("group", gettext_lazy("Product group"), lambda a: a.application.product.group.name),
    Column("business", gettext_lazy("Business"), lambda a: a.business.name),
    Column(
        "score",
        gettext_lazy("Score"),
        lambda a: None if a.score_hidden else round(a.score, 1),
        NUMBER,
    ),
    Column("status", gettext_lazy("Status"), lambda a: a.get_status_display()),
    Column("booth", gettext_lazy("Booth"), lambda a: a.booth_type.label if a.booth_type else ""),
    Column("rank", gettext_lazy("Waiting rank"), type=NUMBER),
    Column("deadline", gettext_lazy("Confirm by"), type=DATE),
    Column("reason", gettext_lazy("Why"), reason_text),
]


@login_required
@require_GET
def exhibition_list_export(request, slug, fmt):
    membership = get_membership_for_user(request.user, slug, *READ_ROLES)
    organisation = membership.organisation
    return exports.export_list(
        request,
        organisation=organisation,
        list_name="exhibitions",
        title=_("Exhibitions"),
        table=Table(EXHIBITION_COLUMNS, exhibitions_with_counts(organisation)),
        fmt=fmt,
        applied=[],
    )


@login_required
@require_GET
def allocation_export(request, slug, exhibition_id, fmt):
    membership, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id)
    return exports.export_list(
        request,
        organisation=membership.organisation,
        list_name=f"allocations-{exhibition.pk}",
        title=_("Allocation: %(exhibition)s") % {"exhibition": exhibition.name},
        table=Table(ALLOCATION_COLUMNS, ordered_allocations(exhibition)),
        fmt=fmt,
        applied=[],
        obj=exhibition,
    )
