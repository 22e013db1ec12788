"""The organiser's calls for nominations: its list, a new call on one of its exhibitions, editing,
opening and closing. Admins write; field officers read; curators and offices below are refused
(an office below gets 404: the organiser's pages are not its own)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.chain import offices_below
from kurasi.accounts.models import Organisation
from kurasi.lib.concurrency import StaleEdit, stale_message

from . import services
from .access import READ_ROLES, WRITE_ROLES, get_call_for_organiser
from .forms import CallForm, call_initial
from .models import NominationCall


def calls_of(organisation):
    """The organiser's calls with the offices asked and the lists submitted (one query)."""
    return (
        NominationCall.objects.filter(organisation=organisation)
        .select_related("exhibition")
        .annotate(
            asked=Count("offices", distinct=True),
            submitted=Count(
                "offices", filter=Q(offices__submitted_at__isnull=False), distinct=True
            ),
        )
        .order_by(*NominationCall._meta.ordering)
    )


@login_required
def call_list(request, slug):
    membership = get_membership_for_user(request.user, slug, *READ_ROLES)
    organisation = membership.organisation
    return render(
        request,
        "nominations/call_list.html",
        {
            "membership": membership,
            "organisation": organisation,
            "calls": calls_of(organisation),
            "has_offices_below": Organisation.objects.filter(parent=organisation).exists(),
        },
    )


def _offices_for(organisation):
    return Organisation.objects.filter(pk__in=offices_below(organisation)).order_by("name")


def _show_problems(form, error):
    """A service's ValidationError onto the form: by field where it names one of the form's."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@login_required
def call_create(request, slug):
    membership = get_membership_for_user(request.user, slug, *WRITE_ROLES)
    organisation = membership.organisation
    form = CallForm(
        request.POST or None,
        organisation=organisation,
        offices=_offices_for(organisation),
        initial={"exhibition": request.GET.get("exhibition")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(
                actor=request.user,
                exhibition=form.cleaned_data["exhibition"],
                **form.service_arguments(),
            )
        except ValidationError as error:
            _show_problems(form, error)
        else:
            messages.success(
                request, _("Call saved as a draft. Open it when it is ready for the offices.")
            )
            return redirect("nominations:call_edit", organisation.slug, call.pk)
    return render(
        request,
        "nominations/call_form.html",
        {"membership": membership, "organisation": organisation, "form": form, "call": None},
    )


@login_required
def call_edit(request, slug, call_id):
    membership, call = get_call_for_organiser(request.user, slug, call_id, *READ_ROLES)
    organisation = membership.organisation
    form = CallForm(
        request.POST or None,
        organisation=organisation,
        offices=_offices_for(organisation),
        call=call,
        initial=call_initial(call),
    )
    can_write = membership.role in WRITE_ROLES
    if request.method == "POST":
        get_call_for_organiser(request.user, slug, call_id, *WRITE_ROLES)
        if form.is_valid():
            try:
                services.update_call(
                    actor=request.user,
                    call=call,
                    revision=form.cleaned_data.get("revision"),
                    **form.service_arguments(),
                )
            except StaleEdit as stale:
                form.add_error(None, stale_message(stale))
            except ValidationError as error:
                _show_problems(form, error)
            else:
                messages.success(request, _("Call saved."))
                return redirect("nominations:call_edit", organisation.slug, call.pk)
    return render(
        request,
        "nominations/call_form.html",
        {
            "membership": membership,
            "organisation": organisation,
            "form": form,
            "call": call,
            "can_write": can_write,
        },
    )


def _change_status(request, slug, call_id, change, done):
    membership, call = get_call_for_organiser(request.user, slug, call_id, *WRITE_ROLES)
    try:
        change(actor=request.user, call=call)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, done)
    return redirect("nominations:call_edit", membership.organisation.slug, call.pk)


@login_required
@require_POST
def call_open(request, slug, call_id):
    return _change_status(
        request,
        slug,
        call_id,
        services.open_call,
        _("The call is open: the offices asked see it on their dashboard."),
    )


@login_required
@require_POST
def call_close(request, slug, call_id):
    return _change_status(
        request,
        slug,
        call_id,
        services.close_call,
        _("The call is closed: offices can no longer change their lists."),
    )
