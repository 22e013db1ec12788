"""The breach register and the request log as spreadsheets: what an office hands the authority
(UU PDP) or its own inspector. Same access as the pages (office admins); audited."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.lib import exports
from kurasi.lib.tabular import DATE, NUMBER, Column, Table

from .breaches import breaches_in_order
from .models import DataCategory, PrivacyRequest


def _categories(breach):
    labels = dict(DataCategory.choices)
    return ", ".join(str(labels.get(code, code)) for code in breach.categories)


def _breach_state(breach, now):
    if breach.is_closed:
        return _("Notified")
    return _("Overdue") if breach.is_overdue(now) else pgettext("data breach", "Open")


def breach_columns(now):
    return [
        Column("discovered_at", gettext_lazy("Discovered at"), type=DATE),
        Column("state", gettext_lazy("Status"), lambda b: _breach_state(b, now)),
        Column("deadline", gettext_lazy("Notify by"), lambda b: b.deadline, DATE),
        Column("description", gettext_lazy("What happened")),
        Column("categories", gettext_lazy("Data concerned"), _categories),
        Column("people_affected", gettext_lazy("People affected"), type=NUMBER),
        Column("measures", gettext_lazy("Measures taken")),
        Column("authority_notified_at", gettext_lazy("Authority notified at"), type=DATE),
        Column("authority_notice", gettext_lazy("How the authority was notified")),
        Column("people_notified_at", gettext_lazy("People notified at"), type=DATE),
        Column("people_notice", gettext_lazy("How the people were notified")),
    ]


# The person is named as on the queue; no NIK, phone or address.
REQUEST_COLUMNS = [
    Column("received_at", gettext_lazy("Received at"), type=DATE),
    Column("person", gettext_lazy("Person"), lambda r: r.user.full_name),
    Column("kind", gettext_lazy("Request"), lambda r: r.get_kind_display()),
    Column("status", gettext_lazy("Status"), lambda r: r.get_status_display()),
    Column("deadline", gettext_lazy("Answer due by"), type=DATE),
    Column("handled_at", gettext_lazy("Answered at"), type=DATE),
    Column(
        "handled_by",
        gettext_lazy("Answered by"),
        lambda r: r.handled_by.full_name if r.handled_by else "",
    ),
    Column("answer", gettext_lazy("Office's answer")),
]


@login_required
@require_GET
def breach_export(request, slug, fmt):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    now = timezone.now()
    return exports.export_list(
        request,
        organisation=membership.organisation,
        list_name="data-breaches",
        title=_("Register of personal data breaches"),
        table=Table(breach_columns(now), breaches_in_order(membership.organisation, now)),
        fmt=fmt,
        applied=[],
    )


@login_required
@require_GET
def request_export(request, slug, fmt):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    requests = (
        PrivacyRequest.objects.for_organisation(membership.organisation)
        .select_related("user", "handled_by")
        .order_by("received_at", "pk")
    )
    return exports.export_list(
        request,
        organisation=membership.organisation,
        list_name="personal-data-requests",
        title=_("Personal data requests"),
        table=Table(REQUEST_COLUMNS, requests),
        fmt=fmt,
        applied=[],
    )
