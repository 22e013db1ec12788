"""The invited person's pages: the link from the email (public: the secret in the address is the
key), and the last step of an office admin's invitation after two-step login is set up.

Only the account with the invited address can accept: a new person makes it from the link
(name and password); a person with an account logs in to it. Someone logged in as another
account is told to log out first, never offered to accept for the other account.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kurasi.lib.ratelimits import limit

from . import services_invitations as invitations
from . import two_factor
from .forms_staff import NewAccountForm
from .models import Role, User
from .models_invitations import Invitation, InvitationStatus

LOGIN_BACKEND = "kurasi.accounts.backends.EmailOrPhoneBackend"


def _after_accepting(request, invitation, membership):
    if membership is None:  # an office admin's role waits for two-step login
        return redirect("accounts:invitation_finish", invitation_id=invitation.pk)
    messages.success(
        request,
        _("Welcome to %(office)s. You are now %(role)s.")
        % {"office": invitation.organisation.name, "role": membership.get_role_display()},
    )
    return redirect(invitation.organisation)


def _situation(request, invitation):
    """Which of the page's cases applies to this visitor (see the module's docstring)."""
    status = invitation.status
    user = request.user
    if status == InvitationStatus.CLAIMED and invitation.accepted_by_id == user.pk:
        return "claimed"
    if status != InvitationStatus.PENDING:
        return "closed"
    if user.is_authenticated:
        return "accept" if invitations.same_email(user.email, invitation.email) else "other_account"
    if User.objects.filter(email__iexact=invitation.email).exists():
        return "log_in"
    return "new_account"


def _accept_posted(request, invitation, form):
    """Make the account (a new person), log it in, accept. None when refused: the page again."""
    try:
        if form is not None:
            if not form.is_valid():
                return None
            data = form.cleaned_data
            user = invitations.create_account(
                invitation=invitation, full_name=data["full_name"], password=data["password1"]
            )
            login(request, user, backend=LOGIN_BACKEND)
        membership = invitations.accept(invitation=invitation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    return _after_accepting(request, invitation, membership)


@never_cache
@limit("sign_up_ip", "ip")
def accept_page(request, secret):
    invitation = invitations.find_by_secret(secret)
    if invitation is None:
        return render(request, "accounts/staff/accept_unknown.html", status=404)
    situation = _situation(request, invitation)
    if situation == "claimed":
        return redirect("accounts:invitation_finish", invitation_id=invitation.pk)
    form = None
    if situation == "new_account":
        form = NewAccountForm(
            request.POST or None,
            email=invitation.email,
            initial={"full_name": invitation.full_name},
        )
    if request.method == "POST" and situation in ("accept", "new_account"):
        answered = _accept_posted(request, invitation, form)
        if answered is not None:
            return answered
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "situation": situation,
        "form": form,
        "login_url": reverse("accounts:login") + "?" + urlencode({"next": request.path}),
        "admin_needs_two_factor": (
            invitation.role == Role.ADMIN and settings.KURASI_REQUIRE_ADMIN_2FA
        ),
    }
    return render(request, "accounts/staff/accept.html", context)


@never_cache
@login_required
def finish(request, invitation_id):
    """An office admin's invitation, accepted by this person, waiting for their authenticator:
    explains and links to the set-up; once it is on, the person takes up the role here."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"),
        pk=invitation_id,
        accepted_by=request.user,
    )
    status = invitation.status
    if status == InvitationStatus.ACCEPTED:
        return redirect(invitation.organisation)
    has_device, _must, _staff = two_factor.standing(request.user)
    if request.method == "POST" and status == InvitationStatus.CLAIMED:
        try:
            membership = invitations.accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return _after_accepting(request, invitation, membership)
    setup_url = (
        reverse("accounts:two_factor_setup")
        + "?"
        + urlencode({"next": reverse("accounts:invitation_finish", args=[invitation.pk])})
    )
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "status": status,
        "has_device": has_device,
        "setup_url": setup_url,
    }
    return render(request, "accounts/staff/finish.html", context)


urlpatterns = [
    path("invitation/<int:invitation_id>/finish/", finish, name="invitation_finish"),
    path("invitation/<str:secret>/", accept_page, name="invitation_accept"),
]
