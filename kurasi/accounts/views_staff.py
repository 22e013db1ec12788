"""Staff administration for office admins: invite, send again, withdraw, change a role, remove.

The staff list itself is insights:members (it lists memberships and open invitations and holds
the buttons that post here). Every view fetches the office through get_membership_for_user with
the admin role, and the membership or invitation inside that office only: another office's ids
are not found. The link of an invitation is shown in the answer to the POST that made it and
never again (only its digest is stored).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kurasi.lib.notify import whatsapp_share_link
from kurasi.lib.times import when

from . import services_invitations as invitations
from .access import get_membership_for_user
from .forms_staff import InviteForm, RoleForm
from .models import Membership, Role
from .models_invitations import Invitation


def get_member_for_admin(user, slug, membership_id):
    """(the admin's membership, a membership of the same office): 404 for another office's."""
    admin = get_membership_for_user(user, slug, Role.ADMIN)
    member = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        organisation=admin.organisation,
        pk=membership_id,
    )
    return admin, member


def get_invitation_for_admin(user, slug, invitation_id):
    """(the admin's membership, an invitation of the same office): 404 for another office's."""
    admin = get_membership_for_user(user, slug, Role.ADMIN)
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"),
        organisation=admin.organisation,
        pk=invitation_id,
    )
    return admin, invitation


def whatsapp_text(invitation, url):
    """The message an admin can send by WhatsApp, in the office's language."""
    organisation = invitation.organisation
    with translation.override(organisation.default_language):
        return _(
            "Hello %(name)s, %(office)s invites you to Kurasi as %(role)s. Open this link to "
            "accept (valid until %(until)s): %(url)s"
        ) % {
            "name": invitation.full_name or invitation.email,
            "office": organisation.name,
            "role": invitation.get_role_display(),
            "until": when(invitation.expires_at),
            "url": url,
        }


def _link_page(request, admin, invitation, url, *, again):
    context = {
        "membership": admin,
        "organisation": admin.organisation,
        "invitation": invitation,
        "url": url,
        "again": again,
        "mail_handed_over": getattr(invitation, "mail_handed_over", None),
        "whatsapp": whatsapp_share_link(whatsapp_text(invitation, url)),
    }
    return render(request, "accounts/staff/link.html", context)


@never_cache
@login_required
def invite_page(request, slug):
    admin = get_membership_for_user(request.user, slug, Role.ADMIN)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, url = invitations.invite(
                actor=request.user, organisation=admin.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            return _link_page(request, admin, invitation, url, again=False)
    context = {
        "membership": admin,
        "organisation": admin.organisation,
        "form": form,
        "invitation_days": settings.KURASI_INVITATION_DAYS,
    }
    return render(request, "accounts/staff/invite.html", context)


@never_cache
@login_required
@require_POST
def resend_invitation(request, slug, invitation_id):
    admin, invitation = get_invitation_for_admin(request.user, slug, invitation_id)
    try:
        invitation, url = invitations.resend(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("insights:members", slug=slug)
    return _link_page(request, admin, invitation, url, again=True)


@login_required
@require_POST
def withdraw_invitation(request, slug, invitation_id):
    _admin, invitation = get_invitation_for_admin(request.user, slug, invitation_id)
    try:
        invitations.revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s was withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("insights:members", slug=slug)


@login_required
@require_POST
def change_role(request, slug, membership_id):
    _admin, member = get_member_for_admin(request.user, slug, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("insights:members", slug=slug)
    try:
        member = invitations.change_role(
            actor=request.user, membership=member, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("insights:members", slug=slug)
    messages.success(
        request,
        _("%(name)s is now %(role)s.")
        % {"name": member.user.full_name, "role": member.get_role_display()},
    )
    if member.user_id == request.user.pk and member.role != Role.ADMIN:
        return redirect("insights:organisation_dashboard", slug=slug)
    return redirect("insights:members", slug=slug)


@login_required
def remove_member(request, slug, membership_id):
    """A confirmation page (GET), then the removal (POST)."""
    admin, member = get_member_for_admin(request.user, slug, membership_id)
    if request.method == "POST":
        try:
            invitations.remove_member(actor=request.user, membership=member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("insights:members", slug=slug)
        messages.success(
            request,
            _("%(name)s no longer works for this office in Kurasi.")
            % {"name": member.user.full_name},
        )
        if member.user_id == request.user.pk:
            return redirect("insights:dashboard")
        return redirect("insights:members", slug=slug)
    context = {"membership": admin, "organisation": admin.organisation, "member": member}
    return render(request, "accounts/staff/remove.html", context)


urlpatterns = [
    path("o/<slug:slug>/staff/invite/", invite_page, name="staff_invite"),
    path(
        "o/<slug:slug>/staff/invitations/<int:invitation_id>/send-again/",
        resend_invitation,
        name="staff_invitation_resend",
    ),
    path(
        "o/<slug:slug>/staff/invitations/<int:invitation_id>/withdraw/",
        withdraw_invitation,
        name="staff_invitation_withdraw",
    ),
    path(
        "o/<slug:slug>/staff/members/<int:membership_id>/role/",
        change_role,
        name="staff_role",
    ),
    path(
        "o/<slug:slug>/staff/members/<int:membership_id>/remove/",
        remove_member,
        name="staff_remove",
    ),
]
