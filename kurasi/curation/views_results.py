"""Staff pages: a programme's results, decisions (one or in bulk), outcome bands, appeals.

Office admins decide; field officers read; curators and other offices get nothing.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.audit.history import history
from kurasi.lib import exports
from kurasi.lib.notify import whatsapp_link
from kurasi.outbox import services as outbox
from kurasi.programmes.models import Application, Programme

from . import decisions
from .forms_decisions import (
    AnswerAppealForm,
    BandFormSet,
    BulkDecideForm,
    DecideForm,
    PlanSettingsForm,
)
from .letters import verification_url
from .models import Assessment, AssessmentStatus, CriterionScore
from .models_day import CheckIn
from .models_decisions import Appeal, AppealStatus, Decision
from .results import STATUS_FILTERS, filter_rows, plan_for
from .results_cache import cached_results
from .results_rows import page_rows, print_rows

READ_ROLES = (Role.ADMIN, Role.FIELD_OFFICER)
PAGE_SIZE = 50
# The page's size choices ("" is the default 50); "all" shows up to ALL_ROWS a page, which
# bench/bench_results_under_change.py keeps within 500 ms right after a save.
PAGE_SIZES = {"": PAGE_SIZE, "100": 100, "250": 250, "all": 2000}


def get_programme_for_staff(user, slug, programme_slug, *roles):
    """(membership, programme) for the office's staff in `roles`; 404 for other offices."""
    membership = get_membership_for_user(user, slug, *roles)
    programme = get_object_or_404(
        Programme.objects.select_related("organisation").filter(
            organisation=membership.organisation
        ),
        slug=programme_slug,
    )
    return membership, programme


def _filters(data, prefix=""):
    """The list's filters from a query string or a form, kept when the page comes back."""
    group = data.get(f"{prefix}group", "")
    status = data.get(f"{prefix}status", "")
    page = data.get(f"{prefix}page", "")
    size = data.get(f"{prefix}size", "")
    return {
        "group": int(group) if group.isdigit() else None,
        "status": status if status in STATUS_FILTERS else "",
        "size": size if size in PAGE_SIZES else "",
        "page": page if page.isdigit() else "",
    }


def _results_url(programme, filters):
    query = urlencode({k: v for k, v in filters.items() if v})
    url = reverse("curation:results", args=[programme.organisation.slug, programme.slug])
    return f"{url}?{query}" if query else url


@login_required
def results(request, slug, programme_slug):
    membership, programme = get_programme_for_staff(request.user, slug, programme_slug, *READ_ROLES)
    computed = cached_results(programme)
    filters = _filters(request.GET)
    rows = filter_rows(computed, group_id=filters["group"], status=filters["status"])
    page = Paginator(rows, PAGE_SIZES[filters["size"]]).get_page(filters["page"])
    decided = sum(1 for r in computed.rows if r.decision is not None)
    can_decide = membership.role == Role.ADMIN
    return render(
        request,
        "curation/results/results.html",
        {
            "membership": membership,
            "organisation": programme.organisation,
            "programme": programme,
            "results": computed,
            "page": page,
            "groups": page_rows(
                computed.groups(page.object_list),
                can_decide=can_decide,
                results_base=reverse(
                    "curation:results", args=[programme.organisation.slug, programme.slug]
                ),
            ),
            "all_groups": [g for g, _rows in computed.groups()],
            "filters": filters,
            "status_choices": _status_choices(),
            "size_choices": _size_choices(),
            # The filters without the page, for the page links and the print view's link.
            "filter_query": urlencode({k: v for k, v in filters.items() if v and k != "page"}),
            "can_decide": can_decide,
            "export_links": exports.export_links(
                request, "curation:results_export", slug, programme_slug
            ),
            "bulk_form": BulkDecideForm(programme=programme, application_ids=[]),
            "counts": {
                "total": len(computed.rows),
                "decided": decided,
                "letters": sum(1 for r in computed.rows if r.decision and r.decision.letter_number),
            },
        },
    )


@login_required
def results_print(request, slug, programme_slug):
    """Every row matching the filters on one plain page for printing (A4, no navigation)."""
    _membership, programme = get_programme_for_staff(
        request.user, slug, programme_slug, *READ_ROLES
    )
    computed = cached_results(programme)
    filters = _filters(request.GET)
    rows = filter_rows(computed, group_id=filters["group"], status=filters["status"])
    group_names = {g.pk: g.name for g, _rows in computed.groups()}
    return render(
        request,
        "curation/results/print.html",
        {
            "organisation": programme.organisation,
            "programme": programme,
            "results": computed,
            "groups": print_rows(computed.groups(rows)),
            "count": len(rows),
            "group_name": group_names.get(filters["group"], ""),
            "status_label": dict(_status_choices()).get(filters["status"], ""),
            "printed_at": timezone.localtime(),
            "printed_by": request.user,
        },
    )


def _size_choices():
    return [("", "50"), ("100", "100"), ("250", "250"), ("all", _("All"))]


def _status_choices():
    return [
        ("undecided", _("Not decided")),
        ("decided", _("Decided")),
        ("disagreement", _("Curators disagree")),
        ("capped", _("Veto or legality gate")),
        ("pending", _("Scoring not finished")),
        ("appeal", _("Appeal waiting")),
        ("absent", _("Absent")),
    ]


@login_required
@require_POST
def decide_bulk(request, slug, programme_slug):
    _membership, programme = get_programme_for_staff(request.user, slug, programme_slug, Role.ADMIN)
    ids = list(programme.applications.values_list("pk", flat=True))
    data = request.POST.copy()
    if data.get("confirm_group"):  # the group's own button carries the group, not an action
        data["action"] = "group"
    form = BulkDecideForm(data, programme=programme, application_ids=ids)
    back = _results_url(programme, _filters(request.POST, "filter_"))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    if data["action"] == "group":
        selected = list(
            programme.applications.filter(product__group_id=data["confirm_group"]).values_list(
                "pk", flat=True
            )
        )
    else:
        selected = data["applications"]
    band = data["band"] if data["action"] == "override" else None
    try:
        outcome = decisions.decide(
            actor=request.user,
            programme=programme,
            application_ids=selected,
            band=band,
            reason=data["reason"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(
        request,
        _("%(decided)s decided, %(unchanged)s already decided, %(skipped)s without a proposal.")
        % {
            "decided": len(outcome.decided),
            "unchanged": outcome.unchanged,
            "skipped": len(outcome.skipped),
        }
        + (" " + outbox.summary_of_many(outcome.messages) if outcome.messages else ""),
    )
    return redirect(back)


@login_required
@require_POST
def issue_letters(request, slug, programme_slug):
    _membership, programme = get_programme_for_staff(request.user, slug, programme_slug, Role.ADMIN)
    delivered = []
    count = decisions.issue_letters(actor=request.user, programme=programme, delivered=delivered)
    messages.success(
        request,
        (
            _("%(count)s result letters issued. %(delivery)s")
            % {"count": count, "delivery": outbox.summary_of_many(delivered) if count else ""}
        ).strip(),
    )
    return redirect(_results_url(programme, _filters(request.POST, "filter_")))


@login_required
@require_http_methods(["GET", "POST"])
def result_detail(request, slug, programme_slug, application_id):
    membership, programme = get_programme_for_staff(request.user, slug, programme_slug, *READ_ROLES)
    computed = cached_results(programme)  # read only: the kept results are exact
    row = computed.by_application().get(application_id)
    if row is None:
        raise Http404
    can_decide = membership.role == Role.ADMIN
    application = Application.objects.select_related(
        "programme", "product__business", "product__group"
    ).get(pk=application_id)
    decision = Decision.objects.select_related("band").filter(application=application).first()
    initial = {"band": (decision.band if decision else row.proposed_band)}
    form = DecideForm(initial=initial, programme=programme)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if row.absent:
            return _record_absent(request, programme, application)
        form = DecideForm(request.POST, programme=programme)
        if form.is_valid():
            try:
                outcome = decisions.decide(
                    actor=request.user,
                    programme=programme,
                    application_ids=[application_id],
                    band=form.cleaned_data["band"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error("reason", error)
            else:
                messages.success(
                    request,
                    _("Decision saved.")
                    + (" " + outbox.summary_of_many(outcome.messages) if outcome.messages else ""),
                )
                return redirect(request.path)
    return render(
        request,
        "curation/results/detail.html",
        {
            "membership": membership,
            "organisation": programme.organisation,
            "programme": programme,
            "row": row,
            "application": application,
            "decision": decision,
            "on_day": computed.on_day,
            "cap_reasons": row.cap_reasons(computed.on_day),
            "criteria": _criteria_table(row),
            "form": form,
            "can_decide": can_decide,
            "appeals": _appeals(decision, programme) if decision else [],
            "history": _history(can_decide, programme, application, decision),
            "whatsapp": _whatsapp(application, decision),
            "no_show_at": CheckIn.objects.filter(application=application)
            .values_list("no_show_at", flat=True)
            .first(),
        },
    )


def _record_absent(request, programme, application):
    """An absent product's only outcome: confirming its proposal records "absent"."""
    outcome = decisions.decide(
        actor=request.user, programme=programme, application_ids=[application.pk]
    )
    if outcome.decided:
        messages.success(request, _("Decision saved."))
    return redirect(request.path)


def _history(can_decide, programme, application, decision):
    """For admins: the application, its assessments (scores), decision and appeals."""
    if not can_decide:
        return None
    assessments = Assessment.objects.filter(application=application).only("pk")
    appeals = decision.appeals.only("pk") if decision else []
    return history(programme.organisation, application, decision, *assessments, *appeals)


def _criteria_table(row):
    """Criterion → each curator's score, note and advice (staff only; curators named)."""
    table = {}
    for score in (
        CriterionScore.objects.filter(
            assessment__application_id=row.application.pk,
            assessment__status=AssessmentStatus.SUBMITTED,
        )
        .select_related("criterion", "assessment__curator")
        .order_by("criterion__position", "criterion__id", "assessment__curator__full_name")
    ):
        table.setdefault(score.criterion, []).append(score)
    return list(table.items())


def _appeals(decision, programme):
    return [
        (appeal, AnswerAppealForm(programme=programme, prefix=f"appeal{appeal.pk}"))
        for appeal in decision.appeals.select_related("filed_by", "resolved_by")
    ]


def _whatsapp(application, decision):
    if decision is None or not decision.letter_issued_at:
        return None
    business = application.product.business
    if not business.phone_is_whatsapp:
        return None
    message = _(
        "Hello %(business)s, the curation result letter for %(product)s (%(programme)s) is "
        "ready in your Kurasi account. Verification: %(url)s"
    ) % {
        "business": business.name,
        "product": application.product.name,
        "programme": application.programme.title,
        "url": verification_url(decision),
    }
    return whatsapp_link(business.phone, message)


@login_required
@require_POST
def answer_appeal(request, slug, programme_slug, appeal_id):
    _membership, programme = get_programme_for_staff(request.user, slug, programme_slug, Role.ADMIN)
    appeal = get_object_or_404(
        Appeal.objects.select_related("decision__application").filter(
            decision__application__programme=programme
        ),
        pk=appeal_id,
    )
    form = AnswerAppealForm(request.POST, programme=programme, prefix=f"appeal{appeal.pk}")
    detail = reverse(
        "curation:result_detail", args=[slug, programme.slug, appeal.decision.application_id]
    )
    if appeal.status != AppealStatus.OPEN:
        return redirect(detail)
    if not form.is_valid():
        messages.error(request, _("Write the office's answer to the appeal."))
        return redirect(detail)
    appeal = decisions.answer_appeal(
        actor=request.user,
        appeal=appeal,
        response=form.cleaned_data["response"],
        band=form.cleaned_data["band"],
    )
    messages.success(
        request,
        _("Appeal answered. %(delivery)s")
        % {"delivery": outbox.summary(getattr(appeal, "outbox_message", None))},
    )
    return redirect(detail)


@login_required
@require_http_methods(["GET", "POST"])
def bands(request, slug, programme_slug):
    membership, programme = get_programme_for_staff(request.user, slug, programme_slug, Role.ADMIN)
    plan = plan_for(programme)
    if request.method == "POST" and "use_suggested" in request.POST:
        decisions.create_default_bands(actor=request.user, programme=programme)
        messages.success(request, _("Suggested outcome bands added. Adjust them as you need."))
        return redirect(request.path)
    existing = list(programme.outcome_bands.all())
    initial = [
        {
            "id": b.pk,
            "label": b.label,
            "minimum_score": b.minimum_score,
            "is_pass": b.is_pass,
            "target": b.target,
        }
        for b in existing
    ]
    plan_initial = {"appeal_days": plan.appeal_days, "score_basis": plan.score_basis}
    formset = BandFormSet(initial=initial, prefix="bands")
    plan_form = PlanSettingsForm(initial=plan_initial)
    if request.method == "POST":
        formset = BandFormSet(request.POST, initial=initial, prefix="bands")
        plan_form = PlanSettingsForm(request.POST)
        if formset.is_valid() and plan_form.is_valid():
            kept = [
                f.cleaned_data
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                decisions.save_outcome_settings(
                    actor=request.user, programme=programme, bands=kept, **plan_form.cleaned_data
                )
            except ValidationError as error:
                plan_form.add_error(None, error)
            else:
                messages.success(request, _("Outcome settings saved."))
                return redirect(request.path)
    return render(
        request,
        "curation/results/bands.html",
        {
            "membership": membership,
            "organisation": programme.organisation,
            "programme": programme,
            "formset": formset,
            "plan_form": plan_form,
            "has_bands": bool(existing),
        },
    )
