"""An office's side of calls for nominations: the calls it was asked, and one call's page where
it picks nominees from its own curation, records or asks their consent to share with the
organiser, and submits its list. Its admin nominates and submits; its field officers read and
record or ask consent; curators are refused; any other office gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.outbox import services as outbox

from . import criteria, services
from .access import READ_ROLES, WRITE_ROLES, get_call_office_for_staff
from .forms import GIVEN, ConsentForm, SubmitForm, submit_initial
from .models import CallOffice, CallStatus, ConsentState

# Applications listed on the page (the rest counted): an office may have thousands curated.
# The eligible are listed best score first, so those left out are the lowest.
ELIGIBLE_SHOWN = 200
INELIGIBLE_SHOWN = 100


def calls_asked(organisation):
    """The calls the office was asked (opened ones), with its nominees and those who agreed."""
    return (
        CallOffice.objects.filter(office=organisation)
        .exclude(call__status=CallStatus.DRAFT)
        .select_related("call__organisation", "call__exhibition")
        .annotate(
            nominees=Count("nominations"),
            agreed=Count("nominations", filter=Q(nominations__consent=ConsentState.GIVEN)),
        )
        .order_by("-call__deadline", "pk")
    )


@login_required
def office_calls(request, slug):
    membership = get_membership_for_user(request.user, slug, *READ_ROLES)
    return render(
        request,
        "nominations/office_calls.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "rows": calls_asked(membership.organisation),
        },
    )


def _nominees(call_office):
    return list(
        call_office.nominations.select_related(
            "application__product", "application__business", "application__decision__band", "group"
        ).order_by("id")
    )


def page_context(call_office, membership):
    """Everything the office's call page shows, with a fixed number of queries."""
    call = call_office.call
    groups = criteria.organiser_groups(call)
    candidates = criteria.assess(call_office, groups=groups)
    nominees = _nominees(call_office)
    nominated = {n.application_id for n in nominees}
    open_rows = [c for c in candidates if c.application.pk not in nominated]
    eligible = sorted((c for c in open_rows if c.eligible), key=lambda c: -(c.score or 0))
    ineligible = [c for c in open_rows if not c.eligible]
    room = max(call_office.quota - sum(n.consent != ConsentState.REFUSED for n in nominees), 0)
    accepting = services.accepting(call)
    return {
        "membership": membership,
        "organisation": membership.organisation,
        "call_office": call_office,
        "call": call,
        "exhibition": call.exhibition,
        "groups": groups,
        "permits": criteria.permit_names(call_office) if call.food_certificate_codes else "",
        "eligible": eligible[:ELIGIBLE_SHOWN],
        "eligible_count": len(eligible),
        "eligible_hidden": max(len(eligible) - ELIGIBLE_SHOWN, 0),
        "ticked": {c.application.pk for c in eligible[:room]},
        "room": room,
        "ineligible": ineligible[:INELIGIBLE_SHOWN],
        "ineligible_hidden": max(len(ineligible) - INELIGIBLE_SHOWN, 0),
        "ineligible_count": len(ineligible),
        "nominees": nominees,
        "state": services.list_state(call_office, nominees),
        "accepting": accepting,
        "can_nominate": accepting and membership.role in WRITE_ROLES,
        "can_consent": accepting,
        "held_back_reason": services.held_back_text(),
    }


@login_required
def office_call(request, slug, call_office_id):
    membership, call_office = get_call_office_for_staff(request.user, slug, call_office_id)
    context = page_context(call_office, membership)
    context["submit_form"] = SubmitForm(initial=submit_initial(call_office))
    return render(request, "nominations/office_call.html", context)


def _back(call_office, anchor=""):
    response = redirect(call_office.get_absolute_url())
    response["Location"] += anchor
    return response


def _errors_to_messages(request, error):
    for problem in error.messages:
        messages.error(request, problem)


@login_required
@require_POST
def office_nominate(request, slug, call_office_id):
    _membership, call_office = get_call_office_for_staff(
        request.user, slug, call_office_id, *WRITE_ROLES
    )
    ids = [int(v) for v in request.POST.getlist("application") if v.isdigit()]
    choices = {
        pk: request.POST.get(f"group_{pk}", "")
        for pk in ids
        if request.POST.get(f"group_{pk}", "").isdigit()
    }
    try:
        created = services.nominate(
            actor=request.user, call_office=call_office, applications=ids, group_choices=choices
        )
    except ValidationError as error:
        _errors_to_messages(request, error)
        return _back(call_office, "#candidates")
    messages.success(
        request,
        ngettext(
            "%(n)s product nominated. Record or ask the producer's consent to share.",
            "%(n)s products nominated. Record or ask the producers' consent to share.",
            len(created),
        )
        % {"n": len(created)},
    )
    return _back(call_office, "#nominees")


def _nomination(call_office, nomination_id):
    return get_object_or_404(
        call_office.nominations.select_related("application__product", "application__business"),
        pk=nomination_id,
    )


@login_required
@require_POST
def office_withdraw(request, slug, call_office_id, nomination_id):
    _membership, call_office = get_call_office_for_staff(
        request.user, slug, call_office_id, *WRITE_ROLES
    )
    nomination = _nomination(call_office, nomination_id)
    try:
        services.withdraw(actor=request.user, nomination=nomination)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(
            request,
            _("%(product)s is off the list.") % {"product": nomination.application.product},
        )
    return _back(call_office, "#nominees")


@login_required
def office_consent(request, slug, call_office_id, nomination_id):
    """Record the producer's answer about sharing her data with the organiser."""
    membership, call_office = get_call_office_for_staff(request.user, slug, call_office_id)
    nomination = _nomination(call_office, nomination_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_consent(
                actor=request.user,
                nomination=nomination,
                given=data["answer"] == GIVEN,
                channel=data["channel"],
                consent_by=data["consent_by"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The producer's answer is recorded."))
            return _back(call_office, "#nominees")
    return render(
        request,
        "nominations/consent.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "call_office": call_office,
            "nomination": nomination,
            "form": form,
            "message_text": services.consent_request_text(nomination),
        },
    )


@login_required
@require_POST
def office_ask_consent(request, slug, call_office_id, nomination_id):
    _membership, call_office = get_call_office_for_staff(request.user, slug, call_office_id)
    nomination = _nomination(call_office, nomination_id)
    try:
        message = services.ask_consent(actor=request.user, nomination=nomination)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, outbox.summary(message))
    return _back(call_office, "#nominees")


@login_required
@require_POST
def office_submit(request, slug, call_office_id):
    membership, call_office = get_call_office_for_staff(
        request.user, slug, call_office_id, *WRITE_ROLES
    )
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            state = services.submit(
                actor=request.user, call_office=call_office, **form.cleaned_data
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, submitted_message(state))
            return _back(call_office, "#submitted")
    context = page_context(call_office, membership)
    context["submit_form"] = form
    return render(request, "nominations/office_call.html", context, status=400)


def submitted_message(state):
    sent = ngettext(
        "List sent to the organiser: %(n)s nominee.",
        "List sent to the organiser: %(n)s nominees.",
        len(state.sent),
    ) % {"n": len(state.sent)}
    if not state.held_back:
        return sent
    held = ngettext(
        "%(n)s held back: the producer has not agreed to share her data with the organiser.",
        "%(n)s held back: the producers have not agreed to share their data with the organiser.",
        len(state.held_back),
    ) % {"n": len(state.held_back)}
    return f"{sent} {held}"
