"""A person's own account: who they are in Kurasi, and changing the email they log in with."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.lib.ratelimits import limit, user_key

from . import two_factor
from .forms_account import EmailChangeForm
from .models_invitations import EmailChange
from .services_email import confirm_email_change, find_email_change, problem_with
from .services_email import request_email_change as ask_for_change


@login_required
@limit("login_account", user_key)
def account(request):
    """Name, email, phone, roles; links to the password and two-step login; the email form."""
    user = request.user
    form = EmailChangeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            ask_for_change(user=user, new_email=form.cleaned_data["new_email"])
        except ValidationError as error:  # taken between the form's check and the write
            form.add_error("new_email", error)
        else:
            messages.success(
                request,
                _(
                    "We sent a link to %(email)s. Your email changes when you open it there "
                    "(within 24 hours); until then you log in with your current address."
                )
                % {"email": form.cleaned_data["new_email"]},
            )
            return redirect("accounts:account")
    has_device, _must, is_staff = two_factor.standing(user)
    pending = (
        EmailChange.objects.filter(
            user=user, confirmed_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )
    context = {
        "form": form,
        "memberships": user.office_memberships,
        "pending": pending,
        "two_factor_on": has_device,
        "two_factor_page": is_staff,
    }
    return render(request, "accounts/account.html", context)


@login_required
def email_change_confirm(request, secret):
    """Opened from the link in the email: the person, logged in, confirms the new address.

    Opening the link (GET) changes nothing: mail scanners open links too. The button does.
    """
    change = find_email_change(secret)
    problem = problem_with(change, user=request.user)
    if request.method == "POST" and problem is None:
        try:
            confirm_email_change(actor=request.user, change=change)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("Your email is now %(email)s. Use it the next time you log in.")
                % {"email": change.new_email},
            )
            return redirect("accounts:account")
    status = 200 if problem is None else 400
    context = {"change": change, "problem": problem}
    return render(request, "accounts/email_change_confirm.html", context, status=status)


urlpatterns = [
    path("me/", account, name="account"),
    path("me/email/<str:secret>/", email_change_confirm, name="email_change_confirm"),
]
