"""Staff pages of exhibitions: list, settings, booths and quotas, allocation, overrides,
invitations. Office admins write; field officers read; curators are refused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.audit.history import history
from kurasi.audit.services import record_event
from kurasi.curation.models_decisions import deciding_score_in
from kurasi.lib import exports
from kurasi.lib.concurrency import StaleEdit, show_stale, stale_row_message
from kurasi.nominations.allocation import fed_by_nominations, scores_kept
from kurasi.outbox import services as outbox

from . import invitations, services, setup
from .access import READ_ROLES, get_exhibition_for_staff
from .availability import cannot_attend
from .forms import BoothTypeForm, ExhibitionForm, GroupQuotaForm, OverrideForm
from .models import Allocation, AllocationStatus, BoothType, Exhibition
from .reasons import cannot_attend_text, reason_text


def scores_not_shared(exhibition):
    """Whether a row's score is one its nominating office keeps to itself (an expression)."""
    if not fed_by_nominations(exhibition):
        return Value(False)
    return Exists(
        scores_kept(
            call_office__call__exhibition_id=exhibition.pk,
            application_id=OuterRef("application_id"),
        )
    )


def exhibitions_with_counts(organisation):
    """The office's exhibitions with booths, places held and confirmed (the list and export)."""
    return (
        Exhibition.objects.filter(organisation=organisation)
        .select_related("programme", "organisation")
        .annotate(
            booths=Subquery(
                BoothType.objects.filter(exhibition=OuterRef("pk"))
                .values("exhibition")
                .annotate(total=Sum("count"))
                .values("total")
            ),
            holding=Count(
                "allocations",
                filter=Q(allocations__status__in=["proposed", "invited", "confirmed"]),
            ),
            confirmed=Count("allocations", filter=Q(allocations__status="confirmed")),
        )
        # Explicit: Django drops Meta.ordering from a query that groups (the counts).
        .order_by(*Exhibition._meta.ordering)
    )


@login_required
def exhibition_list(request, slug):
    membership = get_membership_for_user(request.user, slug, *READ_ROLES)
    return render(
        request,
        "exhibitions/list.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "rows": exhibitions_with_counts(membership.organisation),
            "export_links": exports.export_links(request, "exhibitions:list_export", slug),
        },
    )


# The table's order: confirmed, invited, proposed, waiting, then the rest.
STATUS_ORDER = ["confirmed", "invited", "proposed", "waitlisted", "declined", "expired"]
PAGE_SIZE = 50


def ordered_allocations(exhibition, status=None):
    """Confirmed, invited, proposed, waitlisted, then the rest; by rank and score within (a
    queryset: the page shows one page of it). `score_hidden`: a nominee whose office does not
    share scores with the organiser (the row keeps the score the allocation ranked by)."""
    rows = Allocation.objects.filter(exhibition=exhibition)
    if status:
        rows = rows.filter(status=status)
    return (
        rows.annotate(score_hidden=scores_not_shared(exhibition))
        .select_related(
            "booth_type",
            "business",
            "application__product__group",
            "exhibition__nomination_call",  # a nominee's contact is her office's (whatsapp_for)
            "answer_recorded_by",
        )
        .annotate(
            status_order=Case(
                *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)),
                default=Value(len(STATUS_ORDER)),
            )
        )
        .order_by("status_order", Coalesce("rank", 0), "-score", "id")
    )


def status_tabs(exhibition, chosen):
    """[(status, label, count, chosen?)] for statuses with rows, in the table's order; and the
    counts by status (one query)."""
    counts = dict(
        Allocation.objects.filter(exhibition=exhibition)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    tabs = [
        (value, label, counts[value], value == chosen)
        for value, label in sorted(
            AllocationStatus.choices, key=lambda c: order.get(c[0], len(STATUS_ORDER))
        )
        if counts.get(value)
    ]
    return tabs, counts


def _save_exhibition(request, membership, instance=None):
    form = ExhibitionForm(
        request.POST or None, instance=instance, organisation=membership.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            exhibition = setup.save_exhibition(actor=request.user, form=form)
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            messages.success(request, _("Exhibition saved."))
            return redirect(exhibition)
    return render(
        request,
        "exhibitions/form.html",
        {"form": form, "organisation": membership.organisation, "exhibition": instance},
    )


@login_required
def exhibition_create(request, slug):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    return _save_exhibition(request, membership)


@login_required
def exhibition_edit(request, slug, exhibition_id):
    membership, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id, Role.ADMIN)
    return _save_exhibition(request, membership, exhibition)


# The tab of the pairs the producer cannot attend: no allocation row, derived (availability.py).
CANNOT_ATTEND = "cannot_attend"


def cannot_attend_tab(exhibition, chosen):
    """(the tab, or None when nobody said no, and the count; the tab's page of rows when
    chosen, else None): two queries for the tab's page, whatever its length."""
    if not exhibition.last_run_at:  # before the first run nothing is allocated at all
        return None, 0, None
    applications = cannot_attend(exhibition)
    count = applications.count()
    tab = (CANNOT_ATTEND, _("Cannot attend"), count, chosen) if count else None
    return tab, count, applications if chosen else None


def _cannot_attend_rows(applications):
    return [
        {
            "application": a,
            "score": deciding_score_in(a.decision.score_snapshot),
            "reason": cannot_attend_text(staff=True),
        }
        for a in applications
    ]


@login_required
def exhibition_detail(request, slug, exhibition_id):
    """The exhibition, its setup and its allocation, one page of rows at a time (a status tab
    chosen by ?status=, ?page=): the same number of queries for 10 rows and for 1,000. The
    tab ?status=cannot_attend lists the candidates whose producer said she cannot attend: they
    have no allocation row (derived, see availability.py)."""
    membership, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id)
    status = request.GET.get("status")
    status = status if status in (*AllocationStatus.values, CANNOT_ATTEND) else None
    tabs, counts = status_tabs(exhibition, status)
    cannot_tab, cannot_count, cannot_rows = cannot_attend_tab(exhibition, status == CANNOT_ATTEND)
    if cannot_tab:
        tabs.append(cannot_tab)
    listed = cannot_rows if cannot_rows is not None else ordered_allocations(exhibition, status)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    is_admin = membership.role == Role.ADMIN
    allocations, cannot = [], []
    if cannot_rows is not None:
        cannot = _cannot_attend_rows(page.object_list)
    else:
        allocations = list(page.object_list)
    now = timezone.now()
    rows = [
        {
            "allocation": a,
            "reason": reason_text(a),
            "whatsapp": invitations.whatsapp_for(a)
            if is_admin and a.status == AllocationStatus.INVITED
            else None,
            # Whether the place is still free is checked when someone asks to undo.
            "undo": a.status == AllocationStatus.DECLINED and a.deadline and now <= a.deadline,
        }
        for a in allocations
    ]
    return render(
        request,
        "exhibitions/detail.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "exhibition": exhibition,
            "is_admin": is_admin,
            # An organiser with offices below may open a call for nominations on it.
            "can_ask_below": is_admin
            and not fed_by_nominations(exhibition)
            and membership.organisation.offices_below.exists(),
            "rows": rows,
            "cannot_attend_rows": cannot,
            "cannot_attend_tab": CANNOT_ATTEND,
            "page": page,
            "tabs": tabs,
            "status": status,
            "total": sum(counts.values()) + cannot_count,
            "booth_types": exhibition.booth_types.prefetch_related("reserved_for"),
            "quotas": exhibition.group_quotas.select_related("group"),
            "problems": services.problem_sentences(exhibition.last_problems),
            "booth_form": BoothTypeForm(prefix="booth", organisation=membership.organisation),
            "quota_form": GroupQuotaForm(prefix="quota", organisation=membership.organisation),
            "override_form": OverrideForm(),
            "proposed": counts.get(AllocationStatus.PROPOSED, 0),
            "export_links": exports.export_links(
                request, "exhibitions:allocation_export", slug, exhibition_id
            ),
            # For admins: allocation runs, hand changes, invitations and answers of the rows
            # shown.
            "history": history(membership.organisation, exhibition, *allocations)
            if is_admin
            else None,
        },
    )


@login_required
@require_POST
def booth_add(request, slug, exhibition_id):
    membership, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id, Role.ADMIN)
    form = BoothTypeForm(
        request.POST, prefix="booth", instance=None, organisation=membership.organisation
    )
    form.instance.exhibition = exhibition
    if form.is_valid():
        booth = form.save()
        record_event(
            actor=request.user,
            action="exhibition.booth_added",
            obj=exhibition,
            organisation=membership.organisation,
            changes={"booth": [None, setup.booth_summary(booth)]},
        )
        messages.success(request, _("Booths added."))
    else:
        messages.error(
            request, _("Check the booths: %(errors)s") % {"errors": form.errors.as_text()}
        )
    return redirect(exhibition)


@login_required
@require_POST
def quota_add(request, slug, exhibition_id):
    membership, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id, Role.ADMIN)
    form = GroupQuotaForm(request.POST, prefix="quota", organisation=membership.organisation)
    form.instance.exhibition = exhibition
    if (
        form.is_valid()
        and not exhibition.group_quotas.filter(group=form.cleaned_data["group"]).exists()
    ):
        quota = form.save()
        record_event(
            actor=request.user,
            action="exhibition.quota_added",
            obj=exhibition,
            organisation=membership.organisation,
            changes={"quota": [None, str(quota)]},
        )
        messages.success(request, _("Quota saved."))
    else:
        messages.error(request, _("Check the quota (one per product group)."))
    return redirect(exhibition)


@login_required
@require_POST
def allocate(request, slug, exhibition_id):
    _membership, exhibition = get_exhibition_for_staff(
        request.user, slug, exhibition_id, Role.ADMIN
    )
    solution = services.run_allocation(actor=request.user, exhibition=exhibition)
    if solution.feasible:
        messages.success(
            request,
            _("Allocated in %(seconds).2f s: %(placed)s places.")
            % {"seconds": solution.seconds, "placed": len(solution.placed)},
        )
    else:
        messages.error(request, _("The allocation is not possible with these settings."))
    return redirect(exhibition)


@login_required
@require_POST
def override(request, slug, exhibition_id, allocation_id):
    _membership, exhibition = get_exhibition_for_staff(
        request.user, slug, exhibition_id, Role.ADMIN
    )
    allocation = get_object_or_404(
        Allocation.objects.select_related("application"), exhibition=exhibition, pk=allocation_id
    )
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the change."))
        return redirect(exhibition)
    try:
        services.override(
            actor=request.user,
            allocation=allocation,
            include=form.cleaned_data["include"],
            reason=form.cleaned_data["reason"],
            revision=form.cleaned_data["revision"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except StaleEdit as stale:
        messages.error(request, stale_row_message(stale))
    else:
        messages.success(request, _("Change saved and the allocation re-run."))
    return redirect(exhibition)


@login_required
@require_POST
def invite(request, slug, exhibition_id):
    _membership, exhibition = get_exhibition_for_staff(
        request.user, slug, exhibition_id, Role.ADMIN
    )
    delivered = []
    count = invitations.send_invitations(
        actor=request.user, exhibition=exhibition, delivered=delivered
    )
    messages.success(
        request,
        (
            _("%(count)s producers invited. %(delivery)s")
            % {"count": count, "delivery": outbox.summary_of_many(delivered) if count else ""}
        ).strip(),
    )
    return redirect(exhibition)
