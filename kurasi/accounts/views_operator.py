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
from .forms_operator import NewOfficeForm
from .models import Organisation, Role
from .models_invitations import Invitation
from .services_operator import create_office
from .views_staff import whatsapp_text


def operator_only(user):
    if not (user.is_active and user.is_superuser):
        raise Http404


def _open_admin_invitations(organisation_ref):
    return Invitation.objects.open().filter(organisation=organisation_ref, role=Role.ADMIN)


@login_required
def office_list(request):
    operator_only(request.user)
    offices = Organisation.objects.annotate(
        staff=Count("memberships"),
        admins=Count("memberships", filter=Q(memberships__role=Role.ADMIN)),
        invited=Exists(_open_admin_invitations(OuterRef("pk"))),
    ).order_by("name")
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
