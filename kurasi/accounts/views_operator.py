"""Pages of the platform operator (superusers): the offices on this Kurasi, and starting one.

Everyone else gets 404, office admins included: an office never learns of the others here.
Superusers log in with two-step login (TwoFactorMiddleware), like office admins.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kurasi.lib.notify import whatsapp_share_link

from . import services_invitations as invitations
from .chain import derived_parent
from .forms_operator import NewOfficeForm, OfficeAboveForm
from .models import Organisation, Role
from .models_invitations import Invitation
from .services_operator import create_office, set_office_above
from .views_staff import whatsapp_text


def operator_only(user):
    if not (user.is_active and user.is_superuser):
        raise Http404


def _open_admin_invitations(organisation_ref):
    return Invitation.objects.open().filter(organisation=organisation_ref, role=Role.ADMIN)


@login_required
def office_list(request):
    operator_only(request.user)
    # distinct: the memberships and the offices below are two joins that multiply each other.
    offices = (
        Organisation.objects.select_related("parent")
        .annotate(
            staff=Count("memberships", distinct=True),
            admins=Count("memberships", filter=Q(memberships__role=Role.ADMIN), distinct=True),
            below=Count("offices_below", distinct=True),
            invited=Exists(_open_admin_invitations(OuterRef("pk"))),
        )
        .order_by("name")
    )
    return render(request, "accounts/operator/office_list.html", {"offices": offices})


def _link_page(request, organisation, invitation, url, *, again):
    context = {
        "organisation": organisation,
        "invitation": invitation,
        "url": url,
        "again": again,
        "mail_handed_over": getattr(invitation, "mail_handed_over", None),
        "whatsapp": whatsapp_share_link(whatsapp_text(invitation, url)),
    }
    return render(request, "accounts/operator/office_created.html", context)


@never_cache
@login_required
def office_new(request):
    operator_only(request.user)
    form = NewOfficeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation, invitation, url = create_office(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _link_page(request, organisation, invitation, url, again=False)
    return render(request, "accounts/operator/office_new.html", {"form": form})


@never_cache
@login_required
@require_POST
def office_invite_again(request, slug):
    """A new link for the office's first admin when the first one was lost or expired."""
    operator_only(request.user)
    organisation = get_object_or_404(Organisation, slug=slug)
    invitation = _open_admin_invitations(organisation).order_by("-created_at").first()
    if invitation is None:
        messages.error(request, _("This office has no open invitation for an office admin."))
        return redirect("operator:offices")
    try:
        invitation, url = invitations.resend(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("operator:offices")
    return _link_page(request, organisation, invitation, url, again=True)


@never_cache
@login_required
def office_above(request, slug):
    """The office above one office, set or cleared by the operator where the region codes
    cannot tell (a province under the ministry, two offices for one province)."""
    operator_only(request.user)
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), slug=slug)
    suggested = derived_parent(organisation)
    form = OfficeAboveForm(
        request.POST or None,
        organisation=organisation,
        offices=Organisation.objects.order_by("name"),
        suggested=suggested,
    )
    if request.method == "POST" and form.is_valid():
        parent = form.cleaned_data["parent"]
        try:
            changed = set_office_above(actor=request.user, organisation=organisation, parent=parent)
        except ValidationError as error:
            form.add_error("parent", error.message_dict["parent"])
        else:
            _say_what_changed(request, organisation, parent, changed)
            return redirect("operator:offices")
    below = organisation.offices_below.order_by("name")
    return render(
        request,
        "accounts/operator/office_above.html",
        {"organisation": organisation, "form": form, "below": below, "suggested": suggested},
    )


def _say_what_changed(request, organisation, parent, changed):
    if not changed:
        messages.info(request, _("Nothing was changed."))
    elif parent is None:
        messages.success(
            request, _("%(office)s now sits under no office.") % {"office": organisation.name}
        )
    else:
        messages.success(
            request,
            _("%(office)s now sits under %(parent)s.")
            % {"office": organisation.name, "parent": parent.name},
        )
