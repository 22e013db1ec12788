"""Home page and the dashboard of each role. Reads only."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Invitation, Membership, Organisation, Role
from kurasi.accounts.services_codes import claimable_business_exists
from kurasi.curation.models_day import CurationSession
from kurasi.lib import exports
from kurasi.lib.tabular import DATE, Column, Table
from kurasi.outbox.models import waiting_count
from kurasi.programmes.models import (
    COUNTED_STATUSES,
    ApplicationStatus,
    Programme,
    ProgrammeStatus,
)
from kurasi.registration.views import applications_of
from kurasi.registration.wizard import register_button
from kurasi.registry.models import ProductGroup

# The dashboard shows the latest programmes; older ones are on the programmes page.
DASHBOARD_PROGRAMMES = 5


def home(request):
    open_calls = (
        Programme.objects.published()
        .filter(status=ProgrammeStatus.OPEN, registration_closes_at__gt=timezone.now())
        .select_related("organisation")
        .order_by("registration_closes_at", "pk")
    )
    calls = list(open_calls)
    for call in calls:
        call.register_url, call.assisted = register_button(request.user, call)
    return render(request, "insights/home.html", {"open_calls": calls})


@login_required
def dashboard(request):
    """Send staff to their office's dashboard; producers to their own page; the platform
    operator (a superuser) to the list of offices, or to a choice when they also serve one."""
    memberships = list(Membership.objects.for_user(request.user))
    if request.user.is_superuser and not memberships:
        return redirect("operator:offices")
    if len(memberships) == 1 and not request.user.is_superuser:
        return redirect(memberships[0].organisation)
    if memberships:
        return render(request, "insights/choose_organisation.html", {"memberships": memberships})
    return render(
        request,
        "insights/producer_dashboard.html",
        {
            "applications": applications_of(request.user),
            "claimable": claimable_business_exists(request.user),
        },
    )


@login_required
def organisation_dashboard(request, slug):
    membership = get_membership_for_user(request.user, slug)
    organisation = membership.organisation
    context = {"membership": membership, "organisation": organisation}
    if membership.role == Role.ADMIN:
        context["role_counts"] = organisation.memberships.aggregate(
            admins=Count("pk", filter=Q(role=Role.ADMIN)),
            field_officers=Count("pk", filter=Q(role=Role.FIELD_OFFICER)),
            curators=Count("pk", filter=Q(role=Role.CURATOR)),
        )
    if membership.role in (Role.ADMIN, Role.FIELD_OFFICER):
        context["outbox_waiting"] = waiting_count(organisation)
        # A province's or the ministry's office reads the figures of the offices below it.
        context["has_offices_below"] = Organisation.objects.filter(parent=organisation).exists()
        # One query, however many programmes and applications: counts are annotated.
        context["programmes"] = Programme.objects.for_organisation(organisation).annotate(
            counted=Count("applications", filter=Q(applications__status__in=COUNTED_STATUSES)),
            awaiting=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)
            ),
        )[:DASHBOARD_PROGRAMMES]
    if membership.role in (Role.FIELD_OFFICER, Role.CURATOR):
        # The check-in desk and the live board of the coming curation day (else the last one).
        context["day_session"] = current_session(organisation)
    if membership.role == Role.CURATOR:
        context["my_groups"] = ProductGroup.objects.filter(
            organisation=organisation, pk__in=request.user.curator_coverage.values("product_group")
        )
    template = {
        Role.ADMIN: "insights/dashboard_admin.html",
        Role.FIELD_OFFICER: "insights/dashboard_field_officer.html",
        Role.CURATOR: "insights/dashboard_curator.html",
    }[membership.role]
    return render(request, template, context)


def current_session(organisation):
    """The office's curation session of today or the next one; else its latest; or None."""
    sessions = CurationSession.objects.filter(programme__organisation=organisation).select_related(
        "programme"
    )
    coming = sessions.filter(date__gte=timezone.localdate()).order_by("date", "starts_at")
    return coming.first() or sessions.order_by("-date", "-starts_at").first()


@login_required
def members(request, slug):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    organisation = membership.organisation
    return render(
        request,
        "insights/members.html",
        {
            "membership": membership,
            "organisation": organisation,
            "staff": staff_of(organisation),
            "roles": Role.choices,
            # Sent, not yet answered (expired ones too: they can be sent again).
            "invitations": Invitation.objects.filter(organisation=organisation)
            .open()
            .select_related("invited_by")
            .order_by("-sent_at", "pk"),
            "export_links": exports.export_links(request, "insights:members_export", slug),
        },
    )


def staff_of(organisation):
    return (
        organisation.memberships.select_related("user")
        .annotate(
            two_factor_on=Exists(TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True))
        )
        .order_by("role", "user__full_name")
    )


# The staff list shows work e-mail addresses to the office admin, its only reader; so does the file.
MEMBER_COLUMNS = [
    Column("name", gettext_lazy("Name"), lambda m: m.user.full_name),
    Column("email", gettext_lazy("Email"), lambda m: m.user.email or ""),
    Column("role", gettext_lazy("Role"), lambda m: m.get_role_display()),
    Column("last_login", gettext_lazy("Last login"), lambda m: m.user.last_login, DATE),
]


@login_required
@require_GET
def members_export(request, slug, fmt):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    organisation = membership.organisation
    return exports.export_list(
        request,
        organisation=organisation,
        list_name="staff",
        title=_("Staff"),
        table=Table(MEMBER_COLUMNS, staff_of(organisation)),
        fmt=fmt,
        applied=[],
    )
