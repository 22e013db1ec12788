"""The producer's side of the one-time codes: claiming the business the office registered, and a
new password from a field officer's recovery code (for accounts without email).

Codes are typed into forms (POST) and never travel in an address; the pages are not cached.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kurasi.lib.ratelimits import limit, limit_all, user_key
from kurasi.registry.models import Business

from . import services_codes as codes
from .backends import canonical_login
from .forms_codes import ClaimForm, RecoveryForm
from .models_codes import MAX_ATTEMPTS

LOGIN_BACKEND = "kurasi.accounts.backends.EmailOrPhoneBackend"


def phone_key(group, request) -> str:
    return canonical_login(request.POST.get("phone", ""))


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


@never_cache
@login_required
@limit("code_claim", user_key)
def claim(request):
    """The "Claim my business" page: the office's code links its record to this account."""
    user = request.user
    if user.is_superuser or user.office_memberships:
        raise PermissionDenied  # staff accounts never own a business
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            business = codes.claim_business(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(
                request,
                _("%(business)s is now linked to your account.") % {"business": business.name},
            )
            return redirect(_next(request) or "insights:dashboard")
    context = {
        "form": form,
        "next": _next(request),
        "businesses": Business.objects.owned_by(user).select_related("organisation"),
        "max_attempts": MAX_ATTEMPTS,
    }
    return render(request, "accounts/codes/claim.html", context)


def _recover(request):
    """Phone, recovery code, new password: the same answer for every refusal, so the page does
    not tell whether an account has that phone number."""
    form = RecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = codes.recover_password(
            phone=data["phone"], code=data["code"], password=data["password1"]
        )
        if user is not None:
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(request, _("Your new password is set. You are logged in."))
            return redirect("insights:dashboard")
        form.add_error(
            None,
            _(
                "The phone number and the code do not match a valid recovery code. A code works "
                "once, for 24 hours, and stops after %(tries)s wrong tries; then ask the field "
                "officer for a new one."
            )
            % {"tries": MAX_ATTEMPTS},
        )
    return render(request, "accounts/codes/recover.html", {"form": form})


recover = never_cache(
    limit_all(_recover, ("code_recovery_ip", "ip"), ("code_recovery_account", phone_key))
)

urlpatterns = [
    path("claim/", claim, name="claim"),
    path("recover/", recover, name="recover"),
]
