"""Exports of the programme staff lists (programmes, a programme's applications), filtered as
on the page. No contact data: staff reach a producer from the business page."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kurasi.accounts.access import get_membership_for_user
from kurasi.lib import exports
from kurasi.lib.tabular import DATE, NUMBER, Column, Table
from kurasi.registry.access import REGISTRY_ROLES

from .forms import ApplicationFilterForm
from .models import Programme
from .views import _filtered_applications, get_programme_for_staff, with_counts

PROGRAMME_COLUMNS = [
    Column("title", gettext_lazy("Programme")),
    Column("year", gettext_lazy("Year"), type=NUMBER),
    Column("status", gettext_lazy("Status"), lambda p: p.get_status_display()),
    Column("opens", gettext_lazy("Registration opens"), lambda p: p.registration_opens_at, DATE),
    Column("closes", gettext_lazy("Registration closes"), lambda p: p.registration_closes_at, DATE),
    Column("curation_date", gettext_lazy("Curation day"), type=DATE),
    Column("counted", gettext_lazy("Applications"), type=NUMBER),
    Column("awaiting", gettext_lazy("Awaiting verification"), type=NUMBER),
]

APPLICATION_COLUMNS = [
    Column("product", gettext_lazy("Product"), lambda a: a.product.name),
    Column("group", gettext_lazy("Product group"), lambda a: a.product.group.name),
    Column("business", gettext_lazy("Business"), lambda a: a.product.business.name),
    Column("owner", gettext_lazy("Owner"), lambda a: a.product.business.owner_name),
    Column("submitted", gettext_lazy("Submitted"), lambda a: a.submitted_at, DATE),
    Column("status", gettext_lazy("Status"), lambda a: a.get_status_display()),
    Column(
        "assisted_by",
        gettext_lazy("Assisted by"),
        lambda a: a.registered_by.get_full_name() if a.registered_by else "",
    ),
]


@login_required
@require_GET
def programme_list_export(request, org_slug, fmt):
    membership = get_membership_for_user(request.user, org_slug, *REGISTRY_ROLES)
    organisation = membership.organisation
    programmes = with_counts(Programme.objects.for_organisation(organisation))
    return exports.export_list(
        request,
        organisation=organisation,
        list_name="programmes",
        title=_("Programmes"),
        table=Table(PROGRAMME_COLUMNS, programmes),
        fmt=fmt,
        applied=[],
    )


@login_required
@require_GET
def application_list_export(request, org_slug, slug, fmt):
    membership, programme = get_programme_for_staff(request.user, org_slug, slug)
    form = ApplicationFilterForm(request.GET, programme=programme)
    return exports.export_list(
        request,
        organisation=membership.organisation,
        list_name=f"applications-{programme.slug}",
        title=_("Applications: %(programme)s") % {"programme": programme.title},
        table=Table(APPLICATION_COLUMNS, _filtered_applications(programme, form)),
        fmt=fmt,
        applied=exports.applied_from_form(form),
        obj=programme,
    )
