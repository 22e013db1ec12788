"""Pages of two-factor login: the code step after the password, setting up an authenticator,
turning it off, and an office admin resetting a colleague's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.lib.ratelimits import limit, user_key

from . import two_factor
from .access import get_membership_for_user
from .forms import AppCodeForm, CodeForm, EnrolForm
from .models import Membership, Role
from .services_two_factor import (
    confirm_enrolment,
    disable_two_factor,
    renew_recovery_codes,
    reset_two_factor,
    verify_login_code,
)


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else reverse("insights:dashboard")


@login_required
@limit("two_factor", user_key)
def verify(request):
    """The second step of a login: a code from the app (or a recovery code)."""
    if two_factor.step_owed(request.user) != two_factor.VERIFY:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verify_login_code(request=request, code=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _(
                "The code is wrong or already used. "
                "Wait for the next code in the app and try again."
            ),
        )
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "accounts/two_factor/verify.html", context, status=200)


@login_required
@limit("two_factor", user_key)
def setup(request):
    """Set up an authenticator: scan the QR code (or type the key), confirm with a code and the
    password, then see the recovery codes once."""
    has_device, must, is_staff = two_factor.standing(request.user)
    if not is_staff:
        raise PermissionDenied
    if has_device:
        return redirect("accounts:two_factor")
    device = two_factor.pending_device(request.user)
    form = EnrolForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        codes = confirm_enrolment(request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            context = {"codes": codes, "next_url": _next_url(request)}
            return render(request, "accounts/two_factor/recovery_codes.html", context)
        form.add_error("code", _("The code is wrong. Check the time on your phone and try again."))
    context = {
        "form": form,
        "must": must,
        "qr_svg": two_factor.qr_svg(device),
        "key_text": two_factor.key_text(device),
    }
    return render(request, "accounts/two_factor/setup.html", context)


@login_required
def status(request):
    """Whether the second step is on, how many recovery codes are left, and turning it off."""
    has_device, must, is_staff = two_factor.standing(request.user)
    if not is_staff:
        raise PermissionDenied
    return _status_page(request, has_device, must)


def _status_page(request, has_device, must, *, form=None, renew_form=None, status=200):
    """The status page; a refused POST shows it again with its form's error (400)."""
    context = {
        "has_device": has_device,
        "must": must,
        "codes_left": two_factor.recovery_codes_left(request.user) if has_device else 0,
        "form": form or CodeForm(),
        "renew_form": renew_form or AppCodeForm(),
    }
    return render(request, "accounts/two_factor/status.html", context, status=status)


@login_required
@require_POST
@limit("two_factor", user_key)
def disable(request):
    form = CodeForm(request.POST)
    if form.is_valid() and disable_two_factor(request=request, code=form.cleaned_data["code"]):
        messages.success(request, _("Two-step login is off. Your authenticator no longer works."))
        return redirect("accounts:two_factor")
    has_device, must, _is_staff = two_factor.standing(request.user)
    if not form.errors:
        form.add_error("code", _("The code is wrong or already used. Nothing was changed."))
    return _status_page(request, has_device, must, form=form, status=400)


@login_required
@require_POST
@limit("two_factor", user_key)
def recovery_codes(request):
    """New recovery codes, after a current code from the app; the old ones stop working."""
    form = AppCodeForm(request.POST)
    if form.is_valid():
        codes = renew_recovery_codes(request=request, code=form.cleaned_data["code"])
        if codes is not None:
            return render(request, "accounts/two_factor/recovery_codes.html", {"codes": codes})
    has_device, must, _is_staff = two_factor.standing(request.user)
    if not form.errors:
        form.add_error(
            "code",
            _("Use a current code from your authenticator app. Nothing was changed."),
        )
    return _status_page(request, has_device, must, renew_form=form, status=400)


@login_required
@require_POST
def reset_for_member(request, slug, user_id):
    """An office admin resets a colleague's authenticator (a lost or replaced phone)."""
    admin = get_membership_for_user(request.user, slug, Role.ADMIN)
    member = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        organisation=admin.organisation,
        user_id=user_id,
    )
    if member.user_id == request.user.pk:
        raise PermissionDenied  # one's own goes through the page that asks for a code
    reset_two_factor(actor=request.user, membership=member)
    messages.success(
        request,
        _("Two-step login of %(name)s was reset. They set it up again at their next login.")
        % {"name": member.user.full_name},
    )
    return redirect("insights:members", slug=slug)


urlpatterns = [
    path("two-factor/", status, name="two_factor"),
    path("two-factor/verify/", verify, name="two_factor_verify"),
    path("two-factor/setup/", setup, name="two_factor_setup"),
    path("two-factor/disable/", disable, name="two_factor_disable"),
    path("two-factor/recovery-codes/", recovery_codes, name="two_factor_recovery_codes"),
    path(
        "o/<slug:slug>/staff/<int:user_id>/two-factor/reset/",
        reset_for_member,
        name="two_factor_reset",
    ),
]
