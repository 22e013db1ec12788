"""Exports of the facilitation programme list and of one programme's participants.

No phone numbers: the page offers a WhatsApp link, not the number, and planning needs neither.
"""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kurasi.accounts.access import get_membership_for_user
from kurasi.lib import exports
from kurasi.lib.tabular import DATE, MONEY, NUMBER, Column, Table

from .views import STAFF_ROLES
from .views_programmes import get_programme, participations_of, programmes_with_counts


def _target(programme):
    return programme.target_type.name if programme.target_type else ""


PROGRAMME_COLUMNS = [
    Column("title", gettext_lazy("Programme")),
    Column("kind", gettext_lazy("Kind"), lambda p: p.get_kind_display()),
    Column("target", gettext_lazy("Leads to"), _target),
    Column("provider", gettext_lazy("Provider")),
    Column("starts_on", gettext_lazy("Starts on"), type=DATE),
    Column("ends_on", gettext_lazy("Ends on"), type=DATE),
    Column("cost_to_producer", gettext_lazy("Cost to the producer"), type=MONEY),
    Column("quota", gettext_lazy("Quota"), type=NUMBER),
    Column("participants", gettext_lazy("Participants"), type=NUMBER),
    Column("done", gettext_lazy("Done"), type=NUMBER),
]


def _certificate(participation):
    certificate = participation.certificate
    return f"{certificate.type.name} {certificate.number}".strip() if certificate else ""


PARTICIPANT_COLUMNS = [
    Column("business", gettext_lazy("Business"), lambda p: p.business.name),
    Column("owner", gettext_lazy("Owner"), lambda p: p.business.owner_name),
    Column("district", gettext_lazy("District"), lambda p: p.business.district_name),
    Column("status", gettext_lazy("Status"), lambda p: p.get_status_display()),
    Column("invited_at", gettext_lazy("Invited at"), type=DATE),
    Column("enrolled_at", gettext_lazy("Enrolled at"), type=DATE),
    Column("done_at", gettext_lazy("Done at"), type=DATE),
    Column("certificate", gettext_lazy("Certificate"), _certificate),
    Column("outcome_note", gettext_lazy("Outcome")),
]


@login_required
@require_GET
def programme_list_export(request, slug, fmt):
    membership = get_membership_for_user(request.user, slug, *STAFF_ROLES)
    organisation = membership.organisation
    return exports.export_list(
        request,
        organisation=organisation,
        list_name="facilitation-programmes",
        title=_("Facilitation programmes"),
        table=Table(PROGRAMME_COLUMNS, programmes_with_counts(organisation)),
        fmt=fmt,
        applied=[],
    )


@login_required
@require_GET
def participants_export(request, slug, pk, fmt):
    membership, programme = get_programme(request.user, slug, pk, *STAFF_ROLES)
    return exports.export_list(
        request,
        organisation=membership.organisation,
        list_name=f"participants-{programme.pk}",
        title=_("Participants: %(programme)s") % {"programme": programme.title},
        table=Table(PARTICIPANT_COLUMNS, participations_of(programme)),
        fmt=fmt,
        applied=[],
        obj=programme,
    )
