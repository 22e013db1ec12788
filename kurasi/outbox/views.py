"""The office's outbox and its worklists (WhatsApp, print or phone, failed emails), for office
admins and field officers. Another office's staff get 404, curators 403 (access.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.lib import exports
from kurasi.lib.notify import whatsapp_link
from kurasi.lib.pagination import CappedPaginator
from kurasi.lib.tabular import DATE, Column, Table

from . import services
from .forms import MarkForm, OutboxFilterForm
from .models import Message, State, state_counts

OUTBOX_ROLES = (Role.ADMIN, Role.FIELD_OFFICER)
PAGE_SIZE = 25

# The worklists: which state each shows, its title and what the officer does there.
WORKLISTS = {
    "whatsapp": (State.WHATSAPP_WAITING, gettext_lazy("To send by WhatsApp")),
    "print": (State.PRINT_WAITING, gettext_lazy("To print or phone")),
    "failed": (State.EMAIL_FAILED, gettext_lazy("Emails that failed")),
}


def _membership(request, slug):
    return get_membership_for_user(request.user, slug, *OUTBOX_ROLES)


def _listed(organisation, form):
    return form.filter(
        Message.objects.filter(organisation=organisation).select_related("business", "handled_by")
    ).order_by("-created_at", "-id")


@login_required
@require_GET
def outbox_list(request, slug):
    membership = _membership(request, slug)
    organisation = membership.organisation
    form = OutboxFilterForm(request.GET)
    page = CappedPaginator(_listed(organisation, form), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = state_counts(organisation)
    return render(
        request,
        "outbox/list.html",
        {
            "membership": membership,
            "organisation": organisation,
            "form": form,
            "page": page,
            "counts": [(state, label, counts.get(state, 0)) for state, label in State.choices],
            "waiting": _waiting_tabs(counts),
            "tab": "list",
            "export_links": exports.export_links(request, "outbox:export", slug),
        },
    )


def _waiting_tabs(counts):
    return {name: counts.get(state, 0) for name, (state, _title) in WORKLISTS.items()}


@login_required
@require_GET
def worklist(request, slug, which):
    membership = _membership(request, slug)
    organisation = membership.organisation
    state, title = WORKLISTS[which]
    # Oldest first: the producer who has waited longest is sent to first.
    waiting = (
        Message.objects.filter(organisation=organisation, state=state)
        .select_related("business")
        .order_by("created_at", "id")
    )
    page = CappedPaginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    for message in page.object_list:
        message.whatsapp = whatsapp_link(message.to_phone, message.body)
    return render(
        request,
        "outbox/worklist.html",
        {
            "membership": membership,
            "organisation": organisation,
            "page": page,
            "which": which,
            "title": title,
            "waiting": _waiting_tabs(state_counts(organisation)),
            "tab": which,
        },
    )


@login_required
@require_POST
def mark(request, slug, message_id):
    """An officer's mark on one message (sent by WhatsApp, printed, cannot reach, or moved to
    another channel); back to the page it came from."""
    membership = _membership(request, slug)
    message = get_object_or_404(
        Message.objects.filter(organisation=membership.organisation), pk=message_id
    )
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That action is not possible here."))
        return redirect(_back(slug, {}))
    try:
        services.mark(
            actor=request.user,
            message=message,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _done(form.cleaned_data["action"], message))
    return redirect(_back(slug, form.cleaned_data))


def _done(action, message):
    name = message.business.name if message.business else _("the producer")
    return {
        "whatsapp_sent": _("Marked as sent by WhatsApp: %(name)s."),
        "printed": _("Marked as printed or phoned: %(name)s."),
        "unreachable": _("Marked as cannot reach: %(name)s."),
        "to_whatsapp": _("Moved to the WhatsApp list: %(name)s."),
        "to_print": _("Moved to the list to print or phone: %(name)s."),
    }[action] % {"name": name}


def _back(slug, data):
    url = reverse(f"outbox:{data.get('back') or 'list'}", args=[slug])
    page = data.get("page")
    return f"{url}?page={page}" if page and page > 1 else url


EXPORT_COLUMNS = [
    Column("created_at", gettext_lazy("Made"), lambda m: m.created_at, DATE),
    Column("business", gettext_lazy("Producer"), lambda m: m.business.name if m.business else ""),
    Column("kind", gettext_lazy("Kind"), lambda m: m.get_kind_display()),
    Column("subject", gettext_lazy("Subject")),
    Column("channel", gettext_lazy("Channel"), lambda m: m.get_channel_display()),
    Column("state", gettext_lazy("State"), lambda m: m.get_state_display()),
    Column("handled_by", gettext_lazy("Handled by"), lambda m: str(m.handled_by or "")),
    Column("handled_at", gettext_lazy("Handled at"), lambda m: m.handled_at, DATE),
    Column("note", gettext_lazy("Note")),
]


@login_required
@require_GET
def outbox_export(request, slug, fmt):
    """The list as filtered on the page, without addresses or phone numbers."""
    membership = _membership(request, slug)
    organisation = membership.organisation
    form = OutboxFilterForm(request.GET)
    return exports.export_list(
        request,
        organisation=organisation,
        list_name="outbox",
        title=_("Outbox"),
        table=Table(EXPORT_COLUMNS, _listed(organisation, form)),
        fmt=fmt,
        applied=exports.applied_from_form(form),
    )
